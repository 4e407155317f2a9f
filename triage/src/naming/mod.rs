//! What a failed allocation was: the logits (`batch × sequence × vocabulary`) or the attention
//! scores (`batch × heads × sequence × sequence`) of a transformer, named only when three things
//! agree:
//!
//! 1. the traceback or log near the message names the operation (`lm_head`, `logits`,
//!    `cross_entropy`, `generate`; `scaled_dot_product_attention`, `attn_weights`; `softmax` for
//!    either, which takes a vocabulary only when the log states it);
//! 2. the log states the batch and the sequence length (and the heads, for attention scores) —
//!    the vocabulary is stated too or one of [`vocab::VOCABULARIES`];
//! 3. their product times the element size falls within the rounding of the printed request
//!    ("6.14 GiB" is anything from 6.135 to 6.145 GiB).
//!
//! Exactly one reading must fit; two that fit (a 2-byte and a 4-byte tensor of other shapes) name
//! nothing. The arithmetic is the one people do by hand (seed note 004: 64 × 1024 × 50,304 × 2
//! bytes of bf16 = 6.14 GiB of logits).

pub(crate) mod collect;
mod shapes;
mod stated;
pub use stated::batch_size_in;
pub mod vocab;
pub mod whatif;

pub use collect::Collected;

use crate::report::Event;
pub use crate::report::{Dim, Tensor};
use stated::{Key, Stated};

/// Lines above a message searched for the operation that failed (a traceback's frames).
const CUE_LINES: u64 = 40;

/// The bytes a printed request may stand for: `6.14 GiB` is 6.135–6.145 GiB.
fn printed_bounds(event: &Event) -> Option<(u64, u64)> {
    // The parser's own pattern for a printed amount (`formats::extract::AMOUNT`).
    static AMOUNT: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| crate::pattern::re(crate::formats::extract::AMOUNT));
    let requested = event.requested?;
    for m in AMOUNT.find_iter(&event.text) {
        let printed = m.as_str();
        let Some(bytes) = crate::amount::parse_amount(printed) else {
            continue;
        };
        if bytes.abs_diff(requested) > requested / 1000 + 1 {
            continue;
        }
        // The number as printed, and how many decimals it shows.
        let number: String = printed
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .filter(|c| *c != ',')
            .collect();
        let decimals = number.split_once('.').map_or(0, |(_, d)| d.len() as i32);
        let unit = (bytes as f64) / number.parse::<f64>().ok()?.max(f64::MIN_POSITIVE);
        let half = 0.5 * unit * 10f64.powi(-decimals);
        let lo = (bytes as f64 - half).max(0.0) as u64;
        let hi = (bytes as f64 + half) as u64;
        return Some((lo, hi));
    }
    None
}

/// Which tensor a cue word points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Points {
    Logits,
    Attention,
    Either,
    /// A key/value cache's update (`cache_utils`, `past_key_values`).
    Cache,
    /// A weight matrix being loaded or moved, or its optimizer state being made.
    Weights,
}

fn cue(line: &str) -> Option<(&'static str, Points)> {
    const CUES: &[(&str, Points)] = &[
        ("lm_head", Points::Logits),
        ("cross_entropy", Points::Logits),
        ("logits", Points::Logits),
        ("generate(", Points::Logits),
        ("in generate", Points::Logits),
        ("scaled_dot_product_attention", Points::Attention),
        ("attn_weights", Points::Attention),
        ("in _attn", Points::Attention),
        ("attention_scores", Points::Attention),
        ("softmax", Points::Either),
        ("cache_utils", Points::Cache),
        ("key_cache", Points::Cache),
        ("value_cache", Points::Cache),
        ("past_key_values", Points::Cache),
        ("exp_avg", Points::Weights),
        ("optim/adam", Points::Weights),
        ("_init_group", Points::Weights),
        ("load_state_dict", Points::Weights),
        ("in _apply", Points::Weights),
        ("from_pretrained", Points::Weights),
    ];
    CUES.iter().find(|(word, _)| line.contains(word)).copied()
}

/// The last statement of `key` before line `before`.
fn last(stated: &[Stated], key: Key, before: u64) -> Option<&Stated> {
    stated
        .iter()
        .rev()
        .find(|s| s.key == key && s.line <= before)
}

fn dim(role: &str, s: &Stated) -> Dim {
    Dim {
        role: role.into(),
        value: s.value,
        source: s.name.clone(),
        line: Some(s.line),
    }
}

/// Names the events' failed allocations where what was collected supports it (see the module's
/// rules).
pub(crate) fn name_events(events: &mut [Event], collected: &Collected) {
    let stated: Vec<Stated> = collected.stated.iter().cloned().collect();
    for event in events.iter_mut().filter(|e| e.requested.is_some()) {
        event.tensor = name_one(event, collected, &stated);
    }
}

fn name_one(event: &Event, collected: &Collected, stated: &[Stated]) -> Option<Tensor> {
    let (lo, hi) = printed_bounds(event)?;
    let from = event.line.saturating_sub(CUE_LINES).max(1);
    let to = event.end_line.max(event.line);
    // The nearest cue above (or in) the message.
    let (cue_line, cue_word, points) = collected
        .cues
        .iter()
        .rev()
        .find(|(line, _, _)| (from..=to).contains(line))
        .copied()?;
    let dtype = collected
        .dtype
        .filter(|(_, line)| *line <= to)
        .map(|(name, _)| name);
    let sizes: Vec<u64> = match dtype {
        // A stated dtype is the checkpoint's (`torch_dtype` in a config.json); loading may
        // upcast it (`from_pretrained` without `torch_dtype` loads fp32), so weights try both.
        _ if points == Points::Weights => vec![2, 4],
        Some("fp32") => vec![4],
        Some(_) => vec![2],
        None => vec![2, 4],
    };
    let readings = match points {
        Points::Cache => shapes::kv_cache_block(stated, to),
        Points::Weights => {
            let optimizer = matches!(cue_word, "exp_avg" | "optim/adam" | "_init_group");
            shapes::weight_matrices(stated, to, optimizer)
        }
        _ => activations(points, stated, to),
    };
    let fits = |bytes: u64| (lo..=hi).contains(&bytes);
    let mut found: Vec<Tensor> = Vec::new();
    for (name, dims) in readings {
        for &size in &sizes {
            let bytes = dims
                .iter()
                .fold(size, |product, d| product.saturating_mul(d.value));
            if fits(bytes) {
                found.push(Tensor {
                    name: name.into(),
                    dims: dims.clone(),
                    element_bytes: size,
                    dtype: dtype.map(str::to_string),
                    bytes,
                    cue: cue_word.into(),
                    cue_line,
                });
            }
        }
    }
    // One reading, or none: two that fit are a guess.
    (found.len() == 1).then(|| found.remove(0))
}

/// The logits' and the attention scores' readings (name, dimensions) the log supports.
fn activations(points: Points, stated: &[Stated], to: u64) -> Vec<(&'static str, Vec<Dim>)> {
    let (Some(batch), Some(sequence)) = (
        last(stated, Key::Batch, to),
        last(stated, Key::Sequence, to),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if points != Points::Attention {
        let vocabularies: Vec<Dim> = match last(stated, Key::Vocab, to) {
            Some(v) => vec![dim("vocabulary", v)],
            // A cue that may be either tensor (`softmax`) takes a stated vocabulary only.
            None if points == Points::Either => Vec::new(),
            None => vocab::VOCABULARIES
                .iter()
                .map(|(size, family)| Dim {
                    role: "vocabulary".into(),
                    value: *size,
                    source: (*family).into(),
                    line: None,
                })
                .collect(),
        };
        for v in vocabularies {
            out.push((
                "logits",
                vec![dim("batch", batch), dim("sequence", sequence), v],
            ));
        }
    }
    if points != Points::Logits {
        if let Some(heads) = last(stated, Key::Heads, to) {
            out.push((
                "attention-scores",
                vec![
                    dim("batch", batch),
                    dim("heads", heads),
                    dim("sequence", sequence),
                    dim("sequence", sequence),
                ],
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests;
