//! A failed allocation named as a tensor (`Event::tensor`), as `crate::naming` fills it.

use serde::{Deserialize, Serialize};

/// One dimension of a named tensor and where its number comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dim {
    /// `batch`, `sequence`, `vocabulary` or `heads`.
    pub role: String,
    pub value: u64,
    /// The key the log states it by (`batch_size`), or the model family whose vocabulary it is.
    pub source: String,
    /// The 1-based line that states it; `None` for a vocabulary from the table.
    pub line: Option<u64>,
}

/// A failed allocation named (the event's `tensor`, an addition to the report spec).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tensor {
    /// `logits` or `attention-scores`.
    pub name: String,
    /// In order of the tensor's shape.
    pub dims: Vec<Dim>,
    /// Bytes per element: 2 (bf16, fp16) or 4 (fp32).
    pub element_bytes: u64,
    /// The dtype the log states, when it states one (`bf16`).
    pub dtype: Option<String>,
    /// The product, in bytes.
    pub bytes: u64,
    /// The word near the message that names the operation, and its 1-based line.
    pub cue: String,
    pub cue_line: u64,
}
