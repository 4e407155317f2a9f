//! The OOM corpus (`shared/oom-corpus`), compared as its README says.
//!
//! Run: `OOMLENS_CORPUS=/work/shared/oom-corpus cargo test -p tests --test corpus -- --nocapture`
//! (the folder holding `cases/`). By default (`.cargo/config.toml`) the repository's sample of it,
//! `tests/fixtures/corpus-sample`. Unset: skipped, loudly. Set but missing: fails.

use serde_json::Value;
use tests::corpus::{cases, check};
use triage::analyze_bytes;

/// Cases whose expectation misreads the text, with the reason. They are still run and reported.
const KNOWN_WRONG: &[(&str, &str)] = &[
    (
        "068",
        "Caffe's `Check failed: status == CUDNN_STATUS_SUCCESS (8 vs. 0) CUDNN_STATUS_EXECUTION_FAILED` \
         is an execution failure: the same line comes from any convolution that failed (benign \
         b018-b020, TensorFlow's autotuner in case 197); the thread's guess of memory is not in the text",
    ),
    (
        "143",
        "the three lines are TensorFlow's `ran out of memory trying to allocate 0B with \
         freed_by_count=0. The caller indicates that this is not a failure` warnings: TensorFlow \
         itself says they are not failures (an allocation made without retry, the op goes on); \
         benign b082 and b083 are the same lines from runs that went on",
    ),
    (
        "185",
        "`occurrences` 5 counts three `The caller indicates that this is not a failure` warnings \
         (see 143); the two stream-executor `failed to allocate` lines are the memory errors",
    ),
    (
        "257",
        "`occurrences` counts a sentence of the reporter's prose (`→ CUDA OOM error occurs`) as a \
         memory error; a sentence about an error is not its message (issue 10, item 8)",
    ),
];

/// Real cases the parser does not read yet, with what they need: run and printed on every run
/// like the others; only their failure does not fail the test. Issue 10 empties this list.
const PENDING: &[(&str, &str)] = &[];

#[test]
fn corpus() {
    let Some(root) = tests::shared_folder_or_skip("OOMLENS_CORPUS", "corpus") else {
        return;
    };
    let dir = if root.join("cases").is_dir() {
        root.join("cases")
    } else {
        root.clone()
    };
    assert!(
        dir.is_dir(),
        "OOMLENS_CORPUS={} is not a folder",
        root.display()
    );
    let cases = cases(&dir);
    assert!(!cases.is_empty(), "no cases in {}", dir.display());
    let (mut passed, mut unexpected, mut pending) = (0, Vec::new(), Vec::new());
    for (id, txt, json) in &cases {
        let text = std::fs::read(txt).unwrap_or_else(|e| panic!("{}: {e}", txt.display()));
        let expected: Value =
            serde_json::from_slice(&std::fs::read(json).expect("read json")).expect("valid json");
        let report = analyze_bytes(&text);
        match check(&report, &expected) {
            None => passed += 1,
            Some(problem) => {
                let known = KNOWN_WRONG.iter().find(|(k, _)| k == id);
                let waiting = PENDING.iter().find(|(k, _)| k == id);
                match (known, waiting) {
                    (Some((_, why)), _) => {
                        println!("{id}: FAIL (known wrong: {why}): {problem}")
                    }
                    (None, Some((_, what))) => {
                        println!("{id}: FAIL (pending: {what}): {problem}");
                        pending.push(id.clone());
                    }
                    (None, None) => {
                        println!("{id}: FAIL: {problem}");
                        unexpected.push(id.clone());
                    }
                }
            }
        }
    }
    println!("{passed}/{} corpus cases pass", cases.len());
    if !pending.is_empty() {
        println!(
            "pending ({} failing, not counted as failures): {pending:?}",
            pending.len()
        );
    }
    // A pending case that passes now must leave the list, so the list never hides a regression.
    let passing_pending: Vec<_> = PENDING
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| cases.iter().any(|(c, _, _)| c == id) && !pending.iter().any(|p| p == id))
        .collect();
    assert!(
        passing_pending.is_empty(),
        "pending cases that pass now, take them off PENDING: {passing_pending:?}"
    );
    assert!(unexpected.is_empty(), "unexpected failures: {unexpected:?}");
}
