//! Renderings of a Report (no I/O: each returns a String).

pub mod terminal;
