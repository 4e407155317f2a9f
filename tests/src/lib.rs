//! Cross-crate tests live in `tests/tests/`. This library holds what they and
//! `examples/score.rs` share: how a folder of real messages is scored.

pub mod benign;
pub mod causes;
pub mod corpus;

/// The folder an environment variable names (`OOMLENS_CORPUS`, `OOMLENS_CAUSES`), or `None`
/// when it is not set. A relative path is relative to where `cargo test` was started, the
/// workspace root; cargo runs a test from its crate's folder, so it is resolved here.
pub fn shared_folder(var: &str) -> Option<std::path::PathBuf> {
    let path = std::path::PathBuf::from(std::env::var_os(var)?);
    if path.is_absolute() || path.exists() {
        return Some(path);
    }
    Some(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(path),
    )
}
