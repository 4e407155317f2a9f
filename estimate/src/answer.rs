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
