//! The scanner parses only lines that hold a trigger word (its prefilter). This proves the
//! prefilter drops nothing: on every real text we keep (the shared corpus when `OOMLENS_CORPUS`
//! names it, the unseen and benign sets, the seeds, the benchmark's log), the report with the
//! prefilter equals the report without it, every field of every event and finding.

use std::path::{Path, PathBuf};

fn texts(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            texts(&path, out);
        } else if path.extension().is_some_and(|e| e == "txt" || e == "log") {
            out.push(path);
        }
    }
}

#[test]
fn the_prefilter_drops_nothing() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    texts(&fixtures, &mut files);
    let test = "the_prefilter_drops_nothing";
    for var in ["OOMLENS_CORPUS", "OOMLENS_CAUSES"] {
        if let Some(root) = tests::shared_folder_or_skip(var, test) {
            texts(&root, &mut files);
        }
    }
    files.sort();
    files.dedup();
    assert!(files.len() > 200, "{} texts", files.len());
    let mut differ = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let filtered = serde_json::to_value(triage::analyze_bytes(&bytes)).ok();
        let all = serde_json::to_value(triage::analyze_unfiltered(&bytes)).ok();
        if filtered != all {
            differ.push(file.display().to_string());
        }
    }
    println!("{} texts compared", files.len());
    assert!(
        differ.is_empty(),
        "the prefilter changed the report of:\n{}",
        differ.join("\n")
    );
}
