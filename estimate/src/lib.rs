//! estimate: will a run fit on a GPU? Pure arithmetic over a model's shape and a run's settings,
//! each formula citing its source; no I/O.
//!
//! - [`model`]: a transformer's shape, from a Hugging Face `config.json` or the embedded list
//!   ([`models`]), and its parameter count;
//! - [`memory`]: a run's memory part by part, each formula with its source.

pub mod memory;
pub mod model;
pub mod models;

pub use memory::{breakdown, Breakdown, Dtype, Lora, Optimizer, Run};
pub use model::{Arch, Model, ModelError};
