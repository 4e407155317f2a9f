//! The HTTP tests: each module starts real servers on 127.0.0.1 and talks to them over HTTP.
//!
//! One test binary rather than one per file: each binary links the whole server (hundreds of MB
//! in a debug build), so nine of them cost minutes of linking and gigabytes of disk in CI.
//! Run one module with `cargo test -p tests --test http -- wiki_edit::`.

mod support;

mod base_path;
mod compression;
mod diagnose;
mod estimate;
mod failures;
mod hardening;
mod lab_notes;
mod language;
mod metrics;
mod naming;
mod page_cache;
mod pastes;
mod proxy;
mod routes;
mod snapshots;
mod wiki_auth;
mod wiki_edit;
