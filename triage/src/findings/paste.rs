//! What the paste as a whole says about its errors: the GPUs an `nvidia-smi` table shows and how
//! full each is, and the device a command line or environment asked for. A bare `CUDA error: out
//! of memory` says nothing of the device; pasted beside a table where GPU 0 is full and GPU 1
//! empty, and a `--device 0`, it says a good deal.

use crate::report::{Event, Kind};

/// One GPU as a pasted table shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Gpu {
    pub index: u32,
    pub total: u64,
    pub used: u64,
}

impl Gpu {
    pub fn used_share(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.used as f64 / self.total as f64
        }
    }
}

/// The facts of a paste that no single event holds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Paste {
    /// GPUs of the pasted `nvidia-smi` tables (the last reading of each).
    pub gpus: Vec<Gpu>,
    /// The device a command line or `CUDA_VISIBLE_DEVICES` named first.
    pub device_named: Option<u32>,
}

impl Paste {
    /// The facts of `events` and of the device hints the scan collected.
    pub fn read(events: &[Event], device_named: Option<u32>) -> Paste {
        let mut gpus: Vec<Gpu> = Vec::new();
        for e in events.iter().filter(|e| e.kind == Kind::NvidiaSmi) {
            let (Some(index), Some(total), Some(free)) = (e.device.index, e.total, e.free) else {
                continue;
            };
            let gpu = Gpu {
                index,
                total,
                used: total.saturating_sub(free),
            };
            match gpus.iter_mut().find(|g| g.index == index) {
                Some(g) => *g = gpu,
                None => gpus.push(gpu),
            }
        }
        Paste { gpus, device_named }
    }

    /// The table's GPU an error happened on: its own index, else the one a command line named,
    /// else the only GPU of the table.
    pub fn gpu_of(&self, event: &Event) -> Option<Gpu> {
        let index = event.device.index.or(self.device_named);
        match index {
            Some(i) => self.gpus.iter().copied().find(|g| g.index == i),
            None if self.gpus.len() == 1 => self.gpus.first().copied(),
            None => None,
        }
    }

    /// The emptiest other GPU of the table.
    pub fn emptiest_other(&self, index: u32) -> Option<Gpu> {
        self.gpus
            .iter()
            .copied()
            .filter(|g| g.index != index)
            .min_by(|a, b| a.used_share().total_cmp(&b.used_share()))
    }
}
