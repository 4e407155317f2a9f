//! A whole estimate for one device: the run's parts after sharding, the CUDA context, whether it
//! fits the card, the largest micro-batch that fits, and the accumulation steps for a wanted
//! effective batch.
//!
//! Sharding follows ZeRO (Rajbhandari et al. 2020, "ZeRO: Memory Optimizations Toward Training
//! Trillion Parameter Models", §5.1): stage 1 partitions the optimizer state over the N devices,
//! stage 2 the gradients too, stage 3 the weights too. PyTorch FSDP's `FULL_SHARD` is stage 3
//! and `SHARD_GRAD_OP` stage 2. Under stage 3 a device gathers one layer's full weights to run
//! it, and the next one while prefetching (FSDP's default backward prefetch), so two layers'
//! weights are added back. Activations and logits are per device and unchanged.

use serde::{Deserialize, Serialize};

use crate::memory::{breakdown, Breakdown, Run};
use crate::model::Model;

/// How training state is split over data-parallel devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sharding {
    /// Every device holds everything (DDP).
    None,
    /// ZeRO stage 1: optimizer state.
    Zero1,
    /// ZeRO stage 2 (FSDP `SHARD_GRAD_OP`): optimizer state and gradients.
    Zero2,
    /// ZeRO stage 3 (FSDP `FULL_SHARD`): optimizer state, gradients and weights.
    Zero3,
}

/// The CUDA context when the caller does not know it: what CUDA 12 with lazy module loading
/// typically takes (the driver, cuBLAS and cuDNN handles). Older stacks load every kernel at
/// start-up: 1,343 MB on the V100 of `transformers`' "model memory anatomy" page.
pub const DEFAULT_CONTEXT: u64 = 512 << 20;

/// The largest micro-batch [`Plan::largest_batch`] tries.
pub const MAX_BATCH: u64 = 1 << 16;

/// A run on one device of a (possibly sharded) job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub model: Model,
    pub run: Run,
    pub sharding: Sharding,
    /// Data-parallel devices (1 for a single GPU).
    pub devices: u64,
    /// The CUDA context in bytes, outside PyTorch's allocator.
    pub context: u64,
    /// The device's memory in bytes, when a card was given.
    pub capacity: Option<u64>,
    /// The wanted effective batch (micro-batch × accumulation steps × devices).
    pub effective_batch: Option<u64>,
}

/// What [`Plan::estimate`] answers. Amounts in bytes, per device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Estimate {
    /// The parts PyTorch's allocator holds at the peak, after sharding.
    pub parts: Breakdown,
    /// The sum of `parts`: what `torch.cuda.max_memory_allocated()` would report.
    pub peak_allocated: u64,
    /// `peak_allocated` plus the CUDA context: the least nvidia-smi would show (the caching
    /// allocator's reserve adds its unused cache on top).
    pub nvidia_smi: u64,
    /// The card's memory, when one was given.
    pub capacity: Option<u64>,
    /// `nvidia_smi` fits `capacity`.
    pub fits: Option<bool>,
    /// The largest micro-batch that fits (0 when not even one does), with the rest unchanged.
    pub largest_batch: Option<u64>,
    /// Accumulation steps that reach the wanted effective batch at this micro-batch.
    pub accumulation_steps: Option<u64>,
}

impl Plan {
    /// The parts on one device for micro-batch `batch`.
    pub fn parts_at(&self, batch: u64) -> Breakdown {
        let run = Run {
            batch,
            ..self.run.clone()
        };
        let whole = breakdown(&self.model, &run);
        let n = self.devices.max(1);
        if !self.run.training || n == 1 || self.sharding == Sharding::None {
            return whole;
        }
        let share = |bytes: u64| bytes.div_ceil(n);
        let stage = match self.sharding {
            Sharding::None => 0,
            Sharding::Zero1 => 1,
            Sharding::Zero2 => 2,
            Sharding::Zero3 => 3,
        };
        let weights = if stage >= 3 {
            // the shard, plus the layer running and the one prefetched, gathered whole
            let layer = whole.weights / self.model.layers.max(1);
            share(whole.weights)
                .saturating_add(2 * layer)
                .min(whole.weights)
        } else {
            whole.weights
        };
        Breakdown {
            weights,
            gradients: if stage >= 2 {
                share(whole.gradients)
            } else {
                whole.gradients
            },
            optimizer: share(whole.optimizer),
            ..whole
        }
    }

    /// What nvidia-smi would show at micro-batch `batch`: allocated plus the context.
    fn smi_at(&self, batch: u64) -> u64 {
        self.parts_at(batch)
            .allocated()
            .saturating_add(self.context)
    }

    /// The largest micro-batch up to [`MAX_BATCH`] whose estimate fits `capacity` (0 when none
    /// does). Memory grows with the batch, so a binary search finds it.
    pub fn largest_batch(&self, capacity: u64) -> u64 {
        if self.smi_at(1) > capacity {
            return 0;
        }
        let (mut fits, mut fails) = (1, MAX_BATCH + 1);
        while fails - fits > 1 {
            let mid = fits + (fails - fits) / 2;
            if self.smi_at(mid) <= capacity {
                fits = mid;
            } else {
                fails = mid;
            }
        }
        fits
    }

    /// The whole estimate.
    pub fn estimate(&self) -> Estimate {
        let parts = self.parts_at(self.run.batch);
        let peak_allocated = parts.allocated();
        let nvidia_smi = peak_allocated.saturating_add(self.context);
        let per_step = self.run.batch.saturating_mul(self.devices.max(1));
        Estimate {
            parts,
            peak_allocated,
            nvidia_smi,
            capacity: self.capacity,
            fits: self.capacity.map(|capacity| nvidia_smi <= capacity),
            largest_batch: self.capacity.map(|capacity| self.largest_batch(capacity)),
            accumulation_steps: self
                .effective_batch
                .filter(|_| self.run.training)
                .map(|wanted| wanted.div_ceil(per_step.max(1))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{Dtype, Optimizer};
    use crate::models;

    fn plan(sharding: Sharding, devices: u64) -> Plan {
        Plan {
            model: models::find("llama-2-7b").unwrap_or_else(|| panic!("listed")),
            run: Run {
                training: true,
                weights: Dtype::Bf16,
                mixed_precision: false,
                optimizer: Optimizer::Adamw,
                batch: 2,
                sequence: 2048,
                checkpointing: true,
                flash: true,
                lora: None,
            },
            sharding,
            devices,
            context: DEFAULT_CONTEXT,
            capacity: Some(80 << 30),
            effective_batch: Some(64),
        }
    }

    #[test]
    fn zero_stages_divide_what_the_paper_says() {
        let whole = plan(Sharding::None, 8).parts_at(2);
        let z1 = plan(Sharding::Zero1, 8).parts_at(2);
        let z2 = plan(Sharding::Zero2, 8).parts_at(2);
        let z3 = plan(Sharding::Zero3, 8).parts_at(2);
        assert_eq!(z1.optimizer, whole.optimizer.div_ceil(8));
        assert_eq!((z1.gradients, z1.weights), (whole.gradients, whole.weights));
        assert_eq!(z2.gradients, whole.gradients.div_ceil(8));
        assert_eq!(z2.weights, whole.weights);
        assert_eq!(
            z3.weights,
            whole.weights.div_ceil(8) + 2 * (whole.weights / 32)
        );
        assert_eq!(z3.activations, whole.activations);
    }

    #[test]
    fn the_largest_batch_is_the_edge_of_fitting() {
        let p = plan(Sharding::Zero3, 8);
        let capacity = 80 << 30;
        let largest = p.largest_batch(capacity);
        assert!(largest > 0);
        assert!(p.smi_at(largest) <= capacity);
        assert!(p.smi_at(largest + 1) > capacity);
        // a full 7B AdamW run without sharding does not fit 24 GiB at any batch
        assert_eq!(plan(Sharding::None, 1).largest_batch(24 << 30), 0);
    }

    #[test]
    fn accumulation_keeps_the_effective_batch() {
        // 64 wanted, 2 per device on 8 devices: 4 steps
        assert_eq!(
            plan(Sharding::Zero3, 8).estimate().accumulation_steps,
            Some(4)
        );
        // 64 wanted, 2 on 1 device: 32
        assert_eq!(
            plan(Sharding::None, 1).estimate().accumulation_steps,
            Some(32)
        );
    }
}
