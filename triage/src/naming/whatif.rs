//! What-ifs for a named tensor: the same allocation with the batch halved or quartered, in 2-byte
//! elements instead of 4, with the loss computed in chunks, or (attention scores) without the
//! `T × T` matrix at all. Each says the new size, whether it fits the memory that was free, and
//! the gradient-accumulation steps that keep the effective batch.
//!
//! The sizes are the tensor's own arithmetic redone: a batch of `b/k` makes the logits and the
//! attention scores `k` times smaller (both are linear in the batch); 2-byte elements halve a
//! 4-byte tensor; a loss computed over `c` chunks of the tokens holds `1/c` of the logits at a time
//! (as chunked cross-entropy does: Liger Kernel's fused linear cross-entropy, Apple's Cut Cross
//! Entropy); memory-efficient attention (FlashAttention, Dao et al. 2022; PyTorch's
//! `scaled_dot_product_attention` with the flash or memory-efficient backend) never materializes
//! the scores, so that what-if needs none of the `B × H × T × T` bytes.

use serde::{Deserialize, Serialize};

use super::Tensor;

/// Chunks a chunked loss splits the tokens into.
pub const LOSS_CHUNKS: u64 = 8;

/// One change and what it makes of the allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIf {
    /// `batch-half`, `batch-quarter`, `two-byte`, `chunked-loss`, `flash-attention`.
    pub change: String,
    /// The allocation's size after the change, in bytes.
    pub bytes: u64,
    /// Whether that fits the memory that was free (`None` when the message does not say).
    pub fits: Option<bool>,
    /// The batch after the change, and the accumulation steps that keep the effective batch.
    pub batch: Option<u64>,
    pub accumulation: Option<u64>,
}

/// The what-ifs for `tensor`, given the bytes that were free; in the order a person tries them
/// (smaller batch, narrower elements, then the structural changes).
pub fn what_ifs(tensor: &Tensor, free: Option<u64>) -> Vec<WhatIf> {
    let batch = tensor
        .dims
        .iter()
        .find(|d| d.role == "batch")
        .map(|d| d.value);
    let fits = |bytes: u64| free.map(|f| bytes <= f);
    let mut out = Vec::new();
    // A smaller batch with accumulation keeps a training step's effect: for activations only
    // (a KV cache is generation's, a weight's size has no batch).
    let batch = batch.filter(|_| matches!(tensor.name.as_str(), "logits" | "attention-scores"));
    if let Some(b) = batch {
        for (change, k) in [("batch-half", 2), ("batch-quarter", 4)] {
            if b >= k && b % k == 0 {
                let bytes = tensor.bytes / k;
                out.push(WhatIf {
                    change: change.into(),
                    bytes,
                    fits: fits(bytes),
                    batch: Some(b / k),
                    accumulation: Some(k),
                });
            }
        }
    }
    if tensor.element_bytes == 4 {
        let bytes = tensor.bytes / 2;
        out.push(WhatIf {
            change: "two-byte".into(),
            bytes,
            fits: fits(bytes),
            batch: None,
            accumulation: None,
        });
    }
    match tensor.name.as_str() {
        "logits" => {
            let bytes = tensor.bytes.div_ceil(LOSS_CHUNKS);
            out.push(WhatIf {
                change: "chunked-loss".into(),
                bytes,
                fits: fits(bytes),
                batch: None,
                accumulation: None,
            });
        }
        "attention-scores" => out.push(WhatIf {
            change: "flash-attention".into(),
            bytes: 0,
            fits: fits(0),
            batch: None,
            accumulation: None,
        }),
        _ => {}
    }
    out
}

/// The first what-if that fits, if any.
pub fn first_fit(what_ifs: &[WhatIf]) -> Option<&WhatIf> {
    what_ifs.iter().find(|w| w.fits == Some(true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_004_logits_fit_with_a_quarter_of_the_batch() {
        let report = crate::analyze(super::super::tests::NANOGPT);
        let event = &report.events[0];
        let tensor = event.tensor.clone().unwrap_or_else(|| panic!("named"));
        let whatifs = what_ifs(&tensor, event.free);
        let sizes: Vec<(&str, u64, Option<bool>)> = whatifs
            .iter()
            .map(|w| (w.change.as_str(), w.bytes, w.fits))
            .collect();
        let full = 64u64 * 1024 * 50_304 * 2;
        assert_eq!(
            sizes,
            vec![
                ("batch-half", full / 2, Some(false)),
                ("batch-quarter", full / 4, Some(true)),
                ("chunked-loss", full / 8, Some(true)),
            ]
        );
        let first = first_fit(&whatifs).unwrap_or_else(|| panic!("one fits"));
        assert_eq!((first.batch, first.accumulation), (Some(16), Some(4)));
    }
}
