//! Naming on written messages of the kinds the module covers, and refusals where the log does not
//! say enough.

use super::*;

/// A nanoGPT run as seed note 004 describes it: batch 64, block 1024, bf16, an 11.69 GiB card with
/// 2.68 GiB free, and 6.14 GiB asked for while `estimate_loss` runs the model.
pub(super) const NANOGPT: &str = "Overriding config with config/train_gpt2.py:
Overriding: batch_size = 64
Overriding: block_size = 1024
tokens per iteration will be: 65,536
defaulting to vocab_size of GPT-2 to 50304 (50257 rounded up for efficiency)
number of parameters: 123.59M
compiling the model... (takes a ~minute)
Traceback (most recent call last):
  File \"/home/li/nanoGPT/train.py\", line 264, in <module>
    losses = estimate_loss()
  File \"/home/li/.venv/lib/python3.11/site-packages/torch/utils/_contextlib.py\", line 116, in decorate_context
    return func(*args, **kwargs)
  File \"/home/li/nanoGPT/train.py\", line 224, in estimate_loss
    logits, loss = model(X, Y)
  File \"/home/li/nanoGPT/model.py\", line 187, in forward
    logits = self.lm_head(x)
torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 6.14 GiB. GPU 0 has a total capacity of 11.69 GiB of which 2.68 GiB is free. Including non-PyTorch memory, this process has 7.04 GiB memory in use. Of the allocated memory 6.78 GiB is allocated by PyTorch, and 69.62 MiB is reserved by PyTorch but unallocated.
";

#[test]
fn the_seed_004_logits_are_named_with_their_shape() {
    let report = crate::analyze(NANOGPT);
    let tensor = report.events[0]
        .tensor
        .clone()
        .unwrap_or_else(|| panic!("named"));
    assert_eq!(tensor.name, "logits");
    let shape: Vec<(&str, u64)> = tensor
        .dims
        .iter()
        .map(|d| (d.role.as_str(), d.value))
        .collect();
    assert_eq!(
        shape,
        vec![("batch", 64), ("sequence", 1024), ("vocabulary", 50_304)]
    );
    assert_eq!(tensor.element_bytes, 2);
    assert_eq!(tensor.bytes, 64 * 1024 * 50_304 * 2);
    assert_eq!((tensor.cue.as_str(), tensor.cue_line), ("lm_head", 16));
    assert_eq!(tensor.dims[0].line, Some(2));
    assert_eq!(
        tensor.dims[2].source,
        "GPT-2, padded to a multiple of 64 (nanoGPT)"
    );
}

#[test]
fn without_a_cue_or_a_stated_batch_nothing_is_named() {
    let no_cue = NANOGPT
        .replace("    logits = self.lm_head(x)\n", "    x = block(x)\n")
        .replace("logits, loss", "out");
    assert_eq!(crate::analyze(&no_cue).events[0].tensor, None);
    let no_batch = NANOGPT.replace("Overriding: batch_size = 64\n", "\n");
    assert_eq!(crate::analyze(&no_batch).events[0].tensor, None);
    // a batch that does not make the printed size
    let other = NANOGPT.replace("batch_size = 64", "batch_size = 48");
    assert_eq!(crate::analyze(&other).events[0].tensor, None);
}

#[test]
fn attention_scores_are_named_from_heads_and_sequence() {
    // 8 × 12 × 2048 × 2048 × 4 bytes = 1.50 GiB
    let text = "per_device_train_batch_size=8\nmax_seq_length=2048\nnum_attention_heads: 12\n\
                  File \"modeling_gpt2.py\", line 200, in _attn\n    attn_weights = nn.functional.softmax(attn_weights, dim=-1)\n\
                torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB. GPU 0 has a total capacity of 23.65 GiB of which 1.02 GiB is free. Of the allocated memory 20.10 GiB is allocated by PyTorch, and 1.01 GiB is reserved by PyTorch but unallocated.\n";
    let tensor = crate::analyze(text).events[0]
        .tensor
        .clone()
        .unwrap_or_else(|| panic!("named"));
    assert_eq!(tensor.name, "attention-scores");
    assert_eq!(tensor.element_bytes, 4);
    assert_eq!(tensor.bytes, 8 * 12 * 2048 * 2048 * 4);
}

#[test]
fn the_printed_rounding_bounds_the_match() {
    let mut event = Event::new(
        crate::report::Kind::PytorchOom,
        1,
        "Tried to allocate 6.14 GiB.",
    );
    event.requested = crate::amount::parse_amount("6.14 GiB");
    let (lo, hi) = printed_bounds(&event).unwrap_or_else(|| panic!("bounds"));
    let gib = (1u64 << 30) as f64;
    assert!(((lo as f64) / gib - 6.135).abs() < 1e-6, "{lo}");
    assert!(((hi as f64) / gib - 6.145).abs() < 1e-6, "{hi}");
}

#[test]
fn a_long_log_keeps_the_head_config_and_the_traceback_above_the_message() {
    // 2 MB of progress lines between the printed configuration and the failure.
    let (head, rest) = NANOGPT.split_at(NANOGPT.find("compiling").unwrap_or(0));
    let filler = "iter 100: loss 3.2100, time 105.42ms, mfu 31.20%\n".repeat(45_000);
    let long = format!("{head}{filler}{rest}");
    assert!(long.len() > 2 * super::collect::HEAD_BYTES);
    let tensor = crate::analyze(&long).events[0]
        .tensor
        .clone()
        .unwrap_or_else(|| panic!("named"));
    assert_eq!(tensor.bytes, 64 * 1024 * 50_304 * 2);
    assert_eq!(tensor.dims[0].line, Some(2));
    // and a configuration printed right above the failure, past the head, counts too
    let late = format!("{filler}{NANOGPT}");
    let tensor = crate::analyze(&late).events[0]
        .tensor
        .clone()
        .unwrap_or_else(|| panic!("named late"));
    assert_eq!(tensor.dims[0].line, Some(45_000 + 2));
}
