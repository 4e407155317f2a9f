//! The server's integration tests: the `oomlens` binary run as a user runs it (serve, the CLI,
//! backup, a `kill -9` during saves, a hostile lab folder).
//!
//! One test binary rather than one per file: each binary links the whole server (hundreds of MB
//! in a debug build). Run one module with `cargo test -p server --test it -- wiki_crash::`.

mod backup;
mod cli;
mod estimate;
mod lab_folder;
mod paste_crash;
mod process;
mod serve;
mod wiki_crash;
