//! The memory of a run, part by part, in bytes. Each part's formula and its source:
//!
//! - **weights**: parameters × bytes per parameter (4 fp32, 2 bf16/fp16, 0.5 nf4 plus one fp32
//!   scale per block of 64: QLoRA, Dettmers et al. 2023, §2; only the layers' matrices are 4-bit,
//!   the rest stays 16-bit).
//! - **gradients**: trainable parameters × their storage (fp32 with fp32 or mixed-precision
//!   weights; 2 bytes for bf16-true training).
//! - **optimizer state** (per trainable parameter): AdamW two fp32 moments, 8 bytes; 8-bit AdamW
//!   (bitsandbytes) 2 bytes; SGD with momentum 4 bytes; Adafactor factors its second moment into
//!   a row and a column vector per matrix (Shazeer & Stern 2018), 4 × (rows + cols) bytes, about
//!   8 / hidden bytes per parameter.
//! - **activations** kept for the backward pass, per layer (Korthikanti et al. 2022, "Reducing
//!   Activation Recomputation in Large Transformer Models", eq. 1 without parallelism):
//!   `s·b·h·(34 + 5·a·s/h)` bytes with 16-bit activations — attention `11·sbh + 5·a·s²·b`, MLP
//!   `19·sbh` (for an MLP 4h wide; a gated one keeps `2·sbh + 8·sbf` instead), norms `4·sbh`.
//!   fp32 activations double it. Memory-efficient attention (FlashAttention, Dao et al. 2022)
//!   keeps no `a·s²·b` scores. Full activation checkpointing keeps each layer's input (`2·sbh`)
//!   and recomputes one layer at a time, which then holds its full activations once.
//! - **logits**: `b·s·V` in the activation dtype, plus the fp32 copy the loss makes
//!   (`transformers` upcasts logits to fp32 before cross-entropy); for generation, the last
//!   position only.
//! - **KV cache** (generation): `2 · layers · b · s · kv_heads · head_dim` values.
//! - **CUDA context**: outside PyTorch's allocator; seen by nvidia-smi only (the GPU's figure).

use serde::{Deserialize, Serialize};

use crate::model::Model;

/// How the weights are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dtype {
    Fp32,
    Bf16,
    Fp16,
    /// 4-bit NormalFloat (QLoRA), with one fp32 scale per 64 weights.
    Nf4,
}

impl Dtype {
    /// Bytes per parameter, in sixty-fourths (nf4: 32/64 for the weight + 4/64 for its scale).
    fn sixty_fourths(self) -> u64 {
        match self {
            Dtype::Fp32 => 256,
            Dtype::Bf16 | Dtype::Fp16 => 128,
            Dtype::Nf4 => 36,
        }
    }
}

/// The optimizer of a training run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Optimizer {
    Adamw,
    Adamw8bit,
    Adafactor,
    Sgd,
}

/// Low-rank adapters: rank and how many weight matrices per layer they wrap (each `h × h`-sized
/// for attention projections).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lora {
    pub rank: u64,
    /// Attention projections wrapped per layer (2 for q and v, 4 for q, k, v, o).
    pub matrices: u64,
}

/// A run to estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub training: bool,
    pub weights: Dtype,
    /// Mixed precision (autocast): fp32 weights, 16-bit activations.
    pub mixed_precision: bool,
    pub optimizer: Optimizer,
    pub batch: u64,
    pub sequence: u64,
    pub checkpointing: bool,
    /// Memory-efficient attention (FlashAttention, SDPA flash or memory-efficient backends).
    pub flash: bool,
    pub lora: Option<Lora>,
}

/// The parts of a run's memory, in bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    pub weights: u64,
    pub gradients: u64,
    pub optimizer: u64,
    pub activations: u64,
    pub logits: u64,
    pub kv_cache: u64,
}

impl Breakdown {
    /// What PyTorch's allocator holds at the peak (`max_memory_allocated`).
    pub fn allocated(&self) -> u64 {
        self.weights
            + self.gradients
            + self.optimizer
            + self.activations
            + self.logits
            + self.kv_cache
    }
}

/// Trainable parameters: all, or the adapters' `rank · (h + h)` per wrapped matrix and layer.
pub fn trainable(model: &Model, run: &Run) -> u64 {
    match run.lora {
        Some(lora) => model.layers * lora.matrices * lora.rank * 2 * model.hidden,
        None => model.params(),
    }
}

/// Activations kept for the backward pass (see the module's formula), in bytes.
pub fn activations(model: &Model, run: &Run) -> u64 {
    let (s, b, h, a) = (run.sequence, run.batch, model.hidden, model.heads);
    let f = model.intermediate;
    let sbh = s * b * h;
    let gated = matches!(model.arch, crate::model::Arch::Llama);
    let mlp = if gated {
        2 * sbh + 8 * s * b * f
    } else {
        19 * sbh * f / (4 * h)
    };
    let scores = if run.flash { 0 } else { 5 * a * s * s * b };
    let layer = 11 * sbh + scores + mlp + 4 * sbh;
    // The formula counts 2-byte activations; fp32 ones take twice the room.
    let width = if run.mixed_precision || run.weights != Dtype::Fp32 {
        1
    } else {
        2
    };
    let per_layer = layer * width;
    if run.checkpointing {
        model.layers * 2 * sbh * width + per_layer
    } else {
        model.layers * per_layer
    }
}

/// The parts of `run` on `model`.
pub fn breakdown(model: &Model, run: &Run) -> Breakdown {
    let params = model.params();
    let weights = match run.weights {
        // 4-bit layer matrices; embeddings, head, norms and biases stay 16-bit
        Dtype::Nf4 => {
            let matrices = model.layer_matrix_params();
            matrices * Dtype::Nf4.sixty_fourths() / 64 + (params - matrices) * 2
        }
        dtype => params * dtype.sixty_fourths() / 64,
    };
    if !run.training {
        let act_bytes = if run.weights == Dtype::Fp32 { 4 } else { 2 };
        let kv = 2
            * model.layers
            * run.batch
            * run.sequence
            * model.kv_heads
            * model.head_dim()
            * act_bytes;
        return Breakdown {
            weights,
            kv_cache: kv,
            // the last position's logits, in fp32
            logits: run.batch * model.vocab * 4,
            ..Breakdown::default()
        };
    }
    let trainable = trainable(model, run);
    let grad_bytes = if run.weights == Dtype::Fp32 || run.lora.is_some() {
        4
    } else {
        2
    };
    let optimizer = match run.optimizer {
        Optimizer::Adamw => 8 * trainable,
        Optimizer::Adamw8bit => 2 * trainable,
        Optimizer::Sgd => 4 * trainable,
        Optimizer::Adafactor => 8 * trainable / model.hidden.max(1),
    };
    let act_bytes = if run.mixed_precision || run.weights != Dtype::Fp32 {
        2
    } else {
        4
    };
    Breakdown {
        weights,
        gradients: trainable * grad_bytes,
        optimizer,
        activations: activations(model, run),
        logits: run.batch * run.sequence * model.vocab * (act_bytes + 4),
        kv_cache: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models;

    fn gpt2_run(flash: bool, checkpointing: bool) -> Run {
        Run {
            training: true,
            weights: Dtype::Bf16,
            mixed_precision: false,
            optimizer: Optimizer::Adamw,
            batch: 1,
            sequence: 1024,
            checkpointing,
            flash,
            lora: None,
        }
    }

    /// Korthikanti et al. 2022, eq. 1: s·b·h·(34 + 5·a·s/h) per layer, 16-bit activations.
    #[test]
    fn activations_follow_korthikanti_and_what_flash_and_checkpointing_change() {
        let gpt2 = models::find("gpt2").unwrap_or_else(|| panic!("listed"));
        let sbh = 1024 * 768;
        let per_layer = sbh * 34 + 5 * 12 * 1024 * 1024;
        assert_eq!(activations(&gpt2, &gpt2_run(false, false)), 12 * per_layer);
        assert_eq!(activations(&gpt2, &gpt2_run(true, false)), 12 * sbh * 34);
        // checkpointing: each layer's input, plus one layer recomputed
        assert_eq!(
            activations(&gpt2, &gpt2_run(true, true)),
            12 * 2 * sbh + sbh * 34
        );
    }

    #[test]
    fn optimizer_state_per_trainable_parameter() {
        let gpt2 = models::find("gpt2").unwrap_or_else(|| panic!("listed"));
        let p = gpt2.params();
        let of = |optimizer| {
            breakdown(
                &gpt2,
                &Run {
                    optimizer,
                    ..gpt2_run(true, false)
                },
            )
            .optimizer
        };
        assert_eq!(of(Optimizer::Adamw), 8 * p);
        assert_eq!(of(Optimizer::Adamw8bit), 2 * p);
        assert_eq!(of(Optimizer::Sgd), 4 * p);
        assert_eq!(of(Optimizer::Adafactor), 8 * p / 768);
        // LoRA: only the adapters train (rank 8 on 2 matrices of 12 layers: 8 · 2 · 768 each)
        let lora = Run {
            lora: Some(Lora {
                rank: 8,
                matrices: 2,
            }),
            ..gpt2_run(true, false)
        };
        assert_eq!(trainable(&gpt2, &lora), 12 * 2 * 8 * 2 * 768);
    }
}
