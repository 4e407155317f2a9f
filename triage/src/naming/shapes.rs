//! The readings of a key/value cache block and of a weight matrix (or its optimizer state), from
//! what the log states about the model (a printed `config.json`, an argument dump):
//!
//! - a KV cache block: one layer's keys (or values) for the batch, `batch × kv_heads × sequence ×
//!   head_dim` — what `transformers`' `DynamicCache.update` concatenates and `StaticCache`
//!   allocates per layer (`cache_utils.py`); `head_dim` is stated, or `hidden_size /
//!   num_attention_heads`, and the key/value heads are `num_key_value_heads` (grouped-query
//!   attention) or all the heads;
//! - a weight matrix: the embedding or output head `vocabulary × hidden`, an MLP matrix `hidden ×
//!   intermediate`, an attention projection `hidden × hidden` — what loading or moving a model
//!   allocates one tensor at a time, and what AdamW's `exp_avg`/`exp_avg_sq` copy (`zeros_like`
//!   of each parameter, `torch/optim/adamw.py`).

use super::stated::{Key, Stated};
use super::{dim, last, Dim};

/// One reading: the tensor's name and its dimensions.
pub(super) type Reading = (&'static str, Vec<Dim>);

/// The KV cache block the log supports, if it states the batch, the sequence and the heads'
/// shape.
pub(super) fn kv_cache_block(stated: &[Stated], to: u64) -> Vec<Reading> {
    let (Some(batch), Some(sequence)) = (
        last(stated, Key::Batch, to),
        last(stated, Key::Sequence, to),
    ) else {
        return Vec::new();
    };
    let heads = last(stated, Key::Heads, to);
    let Some(kv_heads) = last(stated, Key::KvHeads, to).or(heads) else {
        return Vec::new();
    };
    let head_dim = match last(stated, Key::HeadDim, to) {
        Some(stated) => dim("head-dim", stated),
        None => {
            let (Some(hidden), Some(heads)) = (last(stated, Key::Hidden, to), heads) else {
                return Vec::new();
            };
            if heads.value == 0 || hidden.value % heads.value != 0 {
                return Vec::new();
            }
            Dim {
                role: "head-dim".into(),
                value: hidden.value / heads.value,
                source: format!("{} / {}", hidden.name, heads.name),
                line: Some(hidden.line.max(heads.line)),
            }
        }
    };
    vec![(
        "kv-cache-block",
        vec![
            dim("batch", batch),
            dim("kv-heads", kv_heads),
            dim("sequence", sequence),
            head_dim,
        ],
    )]
}

/// The weight matrices the log's stated shape has; `optimizer` when the cue is the optimizer's
/// state (AdamW's moments are each the size of their parameter).
pub(super) fn weight_matrices(stated: &[Stated], to: u64, optimizer: bool) -> Vec<Reading> {
    let Some(hidden) = last(stated, Key::Hidden, to) else {
        return Vec::new();
    };
    let name = if optimizer {
        "optimizer-state"
    } else {
        "weight-matrix"
    };
    let h = dim("hidden", hidden);
    let mut out = vec![(name, vec![h.clone(), h.clone()])];
    if let Some(vocab) = last(stated, Key::Vocab, to) {
        out.push((name, vec![dim("vocabulary", vocab), h.clone()]));
    }
    if let Some(f) = last(stated, Key::Intermediate, to) {
        out.push((name, vec![h, dim("intermediate", f)]));
    }
    out
}
