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

/// Says that a test did not run, where a passing run shows it: straight to the process's stderr,
/// which the test harness does not capture (it captures `print!` and `eprint!` only).
pub fn skipped(test: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {why}");
}

/// The folder `var` names, which must exist when set; `None`, said loudly (see [`skipped`]), when
/// it is not set.
pub fn shared_folder_or_skip(var: &str, test: &str) -> Option<std::path::PathBuf> {
    let Some(dir) = shared_folder(var) else {
        skipped(
            test,
            &format!("{var} is not set (.ci/run sets it to ../shared)"),
        );
        return None;
    };
    assert!(dir.is_dir(), "{var}={} is not a folder", dir.display());
    Some(dir)
}

/// The cases of `dir/index.jsonl` (one JSON object per line, blank lines skipped), each with the
/// report of its text, `dir/{id}.txt` by default or where `text_path` says. Errors name the file
/// and line.
pub fn index_with_reports<T: serde::de::DeserializeOwned>(
    dir: &std::path::Path,
    id: impl Fn(&T) -> &str,
    text_path: impl Fn(&std::path::Path, &str) -> std::path::PathBuf,
) -> Result<Vec<(T, triage::Report)>, String> {
    let index = dir.join("index.jsonl");
    let lines = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let mut out = Vec::new();
    for (n, line) in lines
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let case: T = serde_json::from_str(line)
            .map_err(|e| format!("{}:{}: {e}", index.display(), n + 1))?;
        let path = text_path(dir, id(&case));
        let text = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let report = triage::analyze_bytes(&text);
        out.push((case, report));
    }
    Ok(out)
}
