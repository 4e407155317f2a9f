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

/// A Llama-3-style generation with a printed config: 32 sequences of 8,192 tokens, 8 key/value
/// heads of 128 (4,096 / 32), bf16. `DynamicCache.update` concatenates one layer's keys: 32 × 8 ×
/// 8,192 × 128 × 2 bytes = 512 MiB.
const KV_CACHE: &str = "LlamaConfig {
  \"hidden_size\": 4096,
  \"num_attention_heads\": 32,
  \"num_key_value_heads\": 8,
  \"torch_dtype\": \"bfloat16\",
  \"vocab_size\": 128256
}
batch_size = 32
max_length = 8192
Traceback (most recent call last):
  File \"/srv/gen.py\", line 40, in <module>
    out = model.generate(**inputs, max_length=8192)
  File \"/srv/.venv/lib/python3.11/site-packages/transformers/generation/utils.py\", line 2215, in generate
    result = self._sample(
  File \"/srv/.venv/lib/python3.11/site-packages/transformers/models/llama/modeling_llama.py\", line 331, in forward
    key_states, value_states = past_key_value.update(key_states, value_states, self.layer_idx, cache_kwargs)
  File \"/srv/.venv/lib/python3.11/site-packages/transformers/cache_utils.py\", line 449, in update
    self.key_cache[layer_idx] = torch.cat([self.key_cache[layer_idx], key_states], dim=-2)
torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 512.00 MiB. GPU 0 has a total capacity of 79.15 GiB of which 301.25 MiB is free. Including non-PyTorch memory, this process has 78.85 GiB memory in use. Of the allocated memory 77.90 GiB is allocated by PyTorch, and 464.18 MiB is reserved by PyTorch but unallocated.
";

#[test]
fn a_kv_cache_block_is_named_from_a_printed_config() {
    let report = crate::analyze(KV_CACHE);
    let tensor = report.events[0]
        .tensor
        .clone()
        .unwrap_or_else(|| panic!("named"));
    assert_eq!(tensor.name, "kv-cache-block");
    let shape: Vec<(&str, u64, &str)> = tensor
        .dims
        .iter()
        .map(|d| (d.role.as_str(), d.value, d.source.as_str()))
        .collect();
    assert_eq!(
        shape,
        vec![
            ("batch", 32, "batch_size"),
            ("kv-heads", 8, "num_key_value_heads"),
            ("sequence", 8192, "max_length"),
            ("head-dim", 128, "hidden_size / num_attention_heads"),
        ]
    );
    assert_eq!((tensor.element_bytes, tensor.bytes), (2, 512 << 20));
    assert_eq!((tensor.cue.as_str(), tensor.cue_line), ("key_cache", 18));
}

/// Llama 2 7B moved to the GPU after a default (fp32) load: one MLP matrix, 4,096 × 11,008 × 4
/// bytes = 172 MiB. The config states bf16... of the checkpoint, not of the load.
const WEIGHTS: &str = "{
  \"hidden_size\": 4096,
  \"intermediate_size\": 11008,
  \"num_attention_heads\": 32,
  \"torch_dtype\": \"float16\",
  \"vocab_size\": 32000
}
Traceback (most recent call last):
  File \"train.py\", line 12, in <module>
    model = AutoModelForCausalLM.from_pretrained(path).to(\"cuda\")
  File \"/opt/venv/lib/python3.10/site-packages/torch/nn/modules/module.py\", line 1152, in to
    return self._apply(convert)
  File \"/opt/venv/lib/python3.10/site-packages/torch/nn/modules/module.py\", line 825, in _apply
    param_applied = fn(param)
  File \"/opt/venv/lib/python3.10/site-packages/torch/nn/modules/module.py\", line 1150, in convert
    return t.to(device, dtype if t.is_floating_point() or t.is_complex() else None, non_blocking)
torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 172.00 MiB (GPU 0; 23.69 GiB total capacity; 23.05 GiB already allocated; 50.94 MiB free; 23.06 GiB reserved in total by PyTorch)
";

#[test]
fn a_weight_matrix_is_named_and_its_optimizer_state_too() {
    let report = crate::analyze(WEIGHTS);
    let tensor = report.events[0]
        .tensor
        .clone()
        .unwrap_or_else(|| panic!("named"));
    assert_eq!(tensor.name, "weight-matrix");
    let shape: Vec<(&str, u64)> = tensor
        .dims
        .iter()
        .map(|d| (d.role.as_str(), d.value))
        .collect();
    assert_eq!(shape, vec![("hidden", 4096), ("intermediate", 11_008)]);
    assert_eq!((tensor.element_bytes, tensor.bytes), (4, 4096 * 11_008 * 4));
    assert_eq!(tensor.cue, "in _apply");
    // AdamW making its first moment of the embedding: 32,000 × 4,096 × 4 bytes = 500 MiB
    let adam = WEIGHTS.replace(
        "  File \"/opt/venv/lib/python3.10/site-packages/torch/nn/modules/module.py\", line 1150, in convert\n    return t.to(device, dtype if t.is_floating_point() or t.is_complex() else None, non_blocking)\n",
        "  File \"/opt/venv/lib/python3.10/site-packages/torch/optim/adamw.py\", line 157, in _init_group\n    state[\"exp_avg\"] = torch.zeros_like(p, memory_format=torch.preserve_format)\n",
    ).replace("Tried to allocate 172.00 MiB", "Tried to allocate 500.00 MiB");
    let report = crate::analyze(&adam);
    let tensor = report.events[0]
        .tensor
        .clone()
        .unwrap_or_else(|| panic!("named"));
    assert_eq!(tensor.name, "optimizer-state");
    let shape: Vec<(&str, u64)> = tensor
        .dims
        .iter()
        .map(|d| (d.role.as_str(), d.value))
        .collect();
    assert_eq!(shape, vec![("vocabulary", 32_000), ("hidden", 4096)]);
    assert_eq!(tensor.bytes, 500 << 20);
}

#[test]
fn a_cache_or_weight_cue_without_the_shape_names_nothing() {
    // the same traceback with no printed config: nothing stated, nothing named
    let bare = KV_CACHE
        .split_once("Traceback")
        .map(|(_, rest)| format!("Traceback{rest}"))
        .unwrap_or_default();
    assert_eq!(crate::analyze(&bare).events[0].tensor, None);
    // a request that fits no matrix of the stated shape
    let other = WEIGHTS.replace(
        "Tried to allocate 172.00 MiB",
        "Tried to allocate 20.00 MiB",
    );
    assert_eq!(crate::analyze(&other).events[0].tensor, None);
}
