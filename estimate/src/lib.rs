//! estimate: will a run fit on a GPU? Pure arithmetic over a model's shape and a run's settings,
//! each formula citing its source; no I/O.
//!
//! - [`model`]: a transformer's shape, from a Hugging Face `config.json` or the embedded list
//!   ([`models`]), and its parameter count;
//! - [`memory`]: a run's memory part by part, each formula with its source;
//! - [`plan`]: one device of a possibly sharded job: the CUDA context, whether it fits a card
//!   ([`gpus`]), the largest batch that fits, accumulation steps;
//! - [`request`]: the inputs as people type them, read into a plan or into errors naming the
//!   field; [`answer`]: the JSON object `/api/estimate` and `oomlens estimate --json` give.

pub mod answer;
pub mod gpus;
pub mod memory;
pub mod model;
pub mod models;
pub mod plan;
pub mod request;

pub use answer::Answer;
pub use memory::{breakdown, Breakdown, Dtype, Lora, LoraTargets, Optimizer, Run};
pub use model::{Arch, Model, ModelError};
pub use plan::{Estimate, Plan, Sharding};
pub use request::{FieldError, Planned, Request};
