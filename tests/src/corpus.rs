//! Scoring a folder of expectations: the OOM corpus format (`NNN.txt` + `NNN.json`, see
//! `shared/oom-corpus/README.md`), confirmed causes (`index.jsonl` + texts) and benign texts.
//! Shared by the tests in `tests/` and `examples/score.rs`, which prints the figures.

use std::path::{Path, PathBuf};

use serde_json::Value;
use triage::{Event, Report};

/// Amounts match within this relative tolerance (README: 0.5%).
pub const TOLERANCE: f64 = 0.005;

fn close(actual: Option<u64>, expected: &Value) -> bool {
    match (actual, expected.as_u64()) {
        (Some(a), Some(e)) => (a as f64 - e as f64).abs() <= e as f64 * TOLERANCE,
        (None, None) => expected.is_null(),
        _ => false,
    }
}

fn amount_of(event: &Event, field: &str) -> Option<Option<u64>> {
    Some(match field {
        "requested" => event.requested,
        "total" => event.total,
        "free" => event.free,
        "allocated" => event.allocated,
        "reserved" => event.reserved,
        "process" => event.process,
        "private_pools" => event.private_pools,
        "other" => event.other,
        _ => return None,
    })
}

/// What is wrong with the report for one case, or None: the first event of the expected kind
/// must carry every field of `first` (amounts within [`TOLERANCE`]), the memory errors must
/// number `occurrences` where given, and a null `kind` means no event at all.
pub fn check(report: &Report, expected: &Value) -> Option<String> {
    // README: `"kind": null` is a text that looks like a memory error and is not one; a correct
    // report holds no event at all.
    let Some(kind) = expected["kind"].as_str() else {
        let kinds: Vec<_> = report.events.iter().map(|e| e.kind.as_str()).collect();
        return (!kinds.is_empty()).then(|| format!("want no event, got {kinds:?}"));
    };
    let Some(event) = report.events.iter().find(|e| e.kind.as_str() == kind) else {
        let kinds: Vec<_> = report.events.iter().map(|e| e.kind.as_str()).collect();
        return Some(format!("no {kind} event (events: {kinds:?})"));
    };
    let mut problems = Vec::new();
    if let Some(first) = expected["first"].as_object() {
        for (field, want) in first {
            let ok = match field.as_str() {
                "backend" => want.as_str() == event.device.backend.map(|b| b.as_str()),
                "index" => want.as_u64() == event.device.index.map(u64::from),
                "other_processes" => {
                    let want = want.as_array().cloned().unwrap_or_default();
                    want.len() == event.other_processes.len()
                        && want.iter().zip(&event.other_processes).all(|(w, p)| {
                            w["pid"].as_u64() == Some(p.pid) && close(p.bytes, &w["bytes"])
                        })
                }
                other => match amount_of(event, other) {
                    Some(actual) => close(actual, want),
                    None => false,
                },
            };
            if !ok {
                let actual = match field.as_str() {
                    "backend" => format!("{:?}", event.device.backend),
                    "index" => format!("{:?}", event.device.index),
                    "other_processes" => format!("{:?}", event.other_processes),
                    other => format!("{:?}", amount_of(event, other).flatten()),
                };
                problems.push(format!("{field}: want {want}, got {actual}"));
            }
        }
    }
    if let Some(want) = expected.get("occurrences").and_then(Value::as_u64) {
        if report.summary.errors != want {
            problems.push(format!(
                "occurrences: want {want}, got {}",
                report.summary.errors
            ));
        }
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}

/// The cases of a folder, sorted by id: (id, text path, expectation path). Panics when the folder
/// cannot be read (a test's setup).
pub fn cases(dir: &Path) -> Vec<(String, PathBuf, PathBuf)> {
    let mut cases: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|json| {
            let id = json
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (id, json.with_extension("txt"), json)
        })
        .collect();
    cases.sort();
    cases
}
