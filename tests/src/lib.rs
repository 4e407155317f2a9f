//! Cross-crate tests live in `tests/tests/`. This library holds what they and
//! `examples/score.rs` share: how a folder of real messages is scored.

pub mod benign;
pub mod causes;
pub mod corpus;
