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
//!   fp32 activations double it. Mixed precision (autocast) keeps its softmax and norms in
//!   fp32: `7·a·s²·b` for the scores and `8·sbh` for the norms; it also keeps a 16-bit copy of
//!   each layer matrix (autocast's weight cache), counted with the weights. Memory-efficient attention (FlashAttention, Dao et al. 2022)
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

/// Which weight matrices of each layer low-rank adapters wrap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoraTargets {
    /// The query and value projections (the LoRA paper's choice, and LitGPT's and torchtune's
    /// default).
    Qv,
    /// The four attention projections.
    Qkvo,
    /// Every linear layer of the block: attention and MLP (QLoRA's recipe).
    AllLinear,
}

/// Low-rank adapters (Hu et al. 2021): a `d_in × r` and an `r × d_out` matrix beside each
/// wrapped weight, the only weights that train.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lora {
    pub rank: u64,
    pub targets: LoraTargets,
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
        [
            self.gradients,
            self.optimizer,
            self.activations,
            self.logits,
            self.kv_cache,
        ]
        .into_iter()
        .fold(self.weights, u64::saturating_add)
    }
}

/// Trainable parameters: all, or the adapters' `rank · (d_in + d_out)` per wrapped matrix and
/// layer.
pub fn trainable(model: &Model, run: &Run) -> u64 {
    let Some(lora) = run.lora else {
        return model.params();
    };
    let (h, f) = (model.hidden, model.intermediate);
    let kv = model.kv_heads * model.head_dim();
    let q_or_o = h + h;
    let k_or_v = h + kv;
    let per_layer_dims = match lora.targets {
        LoraTargets::Qv => q_or_o + k_or_v,
        LoraTargets::Qkvo => 2 * q_or_o + 2 * k_or_v,
        LoraTargets::AllLinear => {
            let mlp_matrices = if matches!(model.arch, crate::model::Arch::Llama) {
                3
            } else {
                2
            };
            2 * q_or_o + 2 * k_or_v + mlp_matrices * (h + f)
        }
    };
    model
        .layers
        .saturating_mul(lora.rank)
        .saturating_mul(per_layer_dims)
}

/// Activations kept for the backward pass (see the module's formula), in bytes.
pub fn activations(model: &Model, run: &Run) -> u64 {
    let [s, b, h, a, f, layers] = [
        run.sequence,
        run.batch,
        model.hidden,
        model.heads,
        model.intermediate,
        model.layers,
    ]
    .map(u128::from);
    let sbh = s * b * h;
    let gated = matches!(model.arch, crate::model::Arch::Llama);
    let mlp = if gated {
        2 * sbh + 8 * s * b * f
    } else {
        19 * sbh * f / (4 * h)
    };
    // Under autocast the softmax runs in fp32 (its output kept in 4 bytes, then cast to 16 bits
    // for the product with the values: 4 + 1 + 2 per score instead of 2 + 1 + 2), and the norms
    // run in fp32 on the fp32 residual stream (4 bytes each instead of 2): PyTorch's autocast op
    // lists ("CUDA Ops that can autocast to float32": softmax, layer_norm).
    let (score_bytes, norm_bytes) = if run.mixed_precision { (7, 8) } else { (5, 4) };
    let scores = if run.flash {
        0
    } else {
        score_bytes * a * s * s * b
    };
    let layer = 11 * sbh + scores + mlp + norm_bytes * sbh;
    // The formula counts 2-byte activations; fp32 ones take twice the room.
    let width = if run.mixed_precision || run.weights != Dtype::Fp32 {
        1
    } else {
        2
    };
    let per_layer = layer * width;
    clamp(if run.checkpointing {
        layers * 2 * sbh * width + per_layer
    } else {
        layers * per_layer
    })
}

/// A byte count computed in `u128` (products of sequence², batch and heads outgrow `u64`),
/// saturated: an estimate that large does not fit anything, which is all it must say.
fn clamp(bytes: u128) -> u64 {
    u64::try_from(bytes).unwrap_or(u64::MAX)
}

/// The parts of `run` on `model`.
pub fn breakdown(model: &Model, run: &Run) -> Breakdown {
    let params = u128::from(model.params());
    let matrices = u128::from(model.layer_matrix_params()).min(params);
    let weights = match run.weights {
        // 4-bit layer matrices; embeddings, head, norms and biases stay 16-bit
        Dtype::Nf4 => {
            matrices * u128::from(Dtype::Nf4.sixty_fourths()) / 64 + (params - matrices) * 2
        }
        dtype => params * u128::from(dtype.sixty_fourths()) / 64,
    };
    // Autocast casts each layer's weight matrices to 16 bits as the forward uses them and keeps
    // the copies (its weight cache, and the linear layers save them for the backward).
    let autocast_copies = if run.training && run.mixed_precision {
        matrices * 2
    } else {
        0
    };
    let [b, s, vocab] = [run.batch, run.sequence, model.vocab].map(u128::from);
    if !run.training {
        let act_bytes = if run.weights == Dtype::Fp32 { 4 } else { 2 };
        let kv = 2
            * u128::from(model.layers)
            * b
            * s
            * u128::from(model.kv_heads)
            * u128::from(model.head_dim())
            * act_bytes;
        return Breakdown {
            weights: clamp(weights),
            kv_cache: clamp(kv),
            // the last position's logits, in fp32
            logits: clamp(b * vocab * 4),
            ..Breakdown::default()
        };
    }
    let trainable = u128::from(trainable(model, run));
    let grad_bytes = if run.weights == Dtype::Fp32 || run.lora.is_some() {
        4
    } else {
        2
    };
    let optimizer = match run.optimizer {
        Optimizer::Adamw => 8 * trainable,
        Optimizer::Adamw8bit => 2 * trainable,
        Optimizer::Sgd => 4 * trainable,
        Optimizer::Adafactor => 8 * trainable / u128::from(model.hidden.max(1)),
    };
    let act_bytes = if run.mixed_precision || run.weights != Dtype::Fp32 {
        2
    } else {
        4
    };
    Breakdown {
        weights: clamp(weights + autocast_copies),
        gradients: clamp(trainable * grad_bytes),
        optimizer: clamp(optimizer),
        activations: activations(model, run),
        logits: clamp(b * s * vocab * (act_bytes + 4)),
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
                targets: LoraTargets::Qv,
            }),
            ..gpt2_run(true, false)
        };
        assert_eq!(trainable(&gpt2, &lora), 12 * 2 * 8 * 2 * 768);
    }
}
