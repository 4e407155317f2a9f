//! The JSON object of an estimate, as `POST /api/estimate` and `oomlens estimate --json` give it
//! (documented in `docs/estimate.md`). Amounts are bytes, per device.

use serde::Serialize;

use crate::memory::{trainable, Run};
use crate::plan::{Estimate, Sharding};
use crate::request::{ModelSource, Planned};

/// The model as the estimate read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelInfo {
    pub name: String,
    pub source: ModelSource,
    pub params: u64,
    pub trainable: u64,
    pub layers: u64,
    pub hidden: u64,
    pub heads: u64,
    pub kv_heads: u64,
    pub intermediate: u64,
    pub vocab: u64,
}

/// The card the estimate is held against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GpuInfo {
    /// The listed name, or null for a memory given alone.
    pub name: Option<&'static str>,
    pub memory: u64,
}

/// One part of the device's memory at the peak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Part {
    /// `weights`, `gradients`, `optimizer`, `activations`, `logits`, `kv_cache` or
    /// `cuda_context`.
    pub part: &'static str,
    pub bytes: u64,
}

/// Each part's formula and where it comes from, for readers who check.
pub const SOURCES: &[(&str, &str)] = &[
    ("weights", "parameters × bytes per parameter; nf4: 0.5 byte + one fp32 scale per 64 (Dettmers et al. 2023, QLoRA §2); mixed precision adds autocast's 16-bit copy of each layer matrix"),
    ("gradients", "trainable parameters × 4 bytes (fp32 or mixed precision, adapters) or 2 (bf16/fp16 training); ZeRO-2/3 divide them over the devices"),
    ("optimizer", "per trainable parameter: AdamW 8 bytes, 8-bit AdamW 2, SGD with momentum 4, Adafactor 4 × (rows + cols) per matrix (Shazeer & Stern 2018); ZeRO-1/2/3 divide it (Rajbhandari et al. 2020)"),
    ("activations", "per layer s·b·h·(34 + 5·a·s/h) with 16-bit activations (Korthikanti et al. 2022, eq. 1); FlashAttention keeps no a·s² scores (Dao et al. 2022); checkpointing keeps each layer's input and recomputes one layer"),
    ("logits", "b·s·V in the activation dtype plus the fp32 copy the loss makes; generation keeps the last position's only"),
    ("kv_cache", "2 · layers · b · s · kv_heads · head_dim values, generation only"),
    ("cuda_context", "the driver, cuBLAS and cuDNN outside PyTorch's allocator; 512 MiB, typical of CUDA 12 with lazy loading"),
];

/// An estimate with the inputs it read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub model: ModelInfo,
    pub run: Run,
    pub sharding: Sharding,
    pub devices: u64,
    pub gpu: Option<GpuInfo>,
    /// The parts at the peak, the CUDA context last; zero parts are left out.
    pub parts: Vec<Part>,
    /// What `torch.cuda.max_memory_allocated()` would report at the peak.
    pub peak_allocated: u64,
    /// `peak_allocated` plus the CUDA context: the least nvidia-smi would show.
    pub nvidia_smi: u64,
    /// `nvidia_smi` fits the card.
    pub fits: Option<bool>,
    /// The card's memory less `nvidia_smi` (negative when it does not fit).
    pub headroom: Option<i64>,
    /// The largest micro-batch that fits the card, the rest unchanged; 0 when none does.
    pub largest_batch: Option<u64>,
    pub effective_batch: Option<u64>,
    /// Accumulation steps that reach `effective_batch` at this micro-batch and device count.
    pub accumulation_steps: Option<u64>,
}

impl Planned {
    /// The estimate and the inputs it read.
    pub fn answer(&self) -> Answer {
        let plan = &self.plan;
        let Estimate {
            parts,
            peak_allocated,
            nvidia_smi,
            capacity,
            fits,
            largest_batch,
            accumulation_steps,
        } = plan.estimate();
        let listed = [
            ("weights", parts.weights),
            ("gradients", parts.gradients),
            ("optimizer", parts.optimizer),
            ("activations", parts.activations),
            ("logits", parts.logits),
            ("kv_cache", parts.kv_cache),
            ("cuda_context", plan.context),
        ];
        let m = &plan.model;
        Answer {
            model: ModelInfo {
                name: m.name.clone(),
                source: self.source,
                params: m.params(),
                trainable: if plan.run.training {
                    trainable(m, &plan.run)
                } else {
                    0
                },
                layers: m.layers,
                hidden: m.hidden,
                heads: m.heads,
                kv_heads: m.kv_heads,
                intermediate: m.intermediate,
                vocab: m.vocab,
            },
            run: plan.run.clone(),
            sharding: plan.sharding,
            devices: plan.devices,
            gpu: capacity.map(|memory| GpuInfo {
                name: self.gpu,
                memory,
            }),
            parts: listed
                .into_iter()
                .filter(|(_, bytes)| *bytes > 0)
                .map(|(part, bytes)| Part { part, bytes })
                .collect(),
            peak_allocated,
            nvidia_smi,
            fits,
            headroom: capacity.map(|c| {
                i64::try_from(c).unwrap_or(i64::MAX) - i64::try_from(nvidia_smi).unwrap_or(i64::MAX)
            }),
            largest_batch,
            effective_batch: plan.effective_batch,
            accumulation_steps,
        }
    }
}
