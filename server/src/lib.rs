//! The oomlens server: configuration, the web application (axum + Leptos), the JSON API and the
//! command line. All logic lives in the library crates; this crate wires them together.

pub mod analyses;
pub mod api;
pub mod app_error;
pub mod assets;
pub mod auth;
mod blocking;
mod body;
pub mod cli;
pub mod config;
pub mod error;
pub mod metrics;
pub mod redact;
pub mod retention;
pub mod state;
pub mod store;
pub mod web;

pub use config::ServeConfig;
pub use web::{start, RunningServer};
