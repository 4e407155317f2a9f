//! Real messages kept in the repository (`tests/fixtures/unseen` and `unseen2`, collected from
//! public threads the shared corpus does not have) and benign texts (`tests/fixtures/benign` and
//! `benign2`): every message is
//! read as its expectation says, and no benign text gives an event or a finding. They run without
//! `../shared`.

use std::path::Path;

use tests::{benign, corpus};

fn fixtures(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

#[test]
fn every_unseen_message_is_read_as_expected() {
    let mut cases = corpus::cases(&fixtures("unseen").join("cases"));
    cases.extend(corpus::cases(&fixtures("unseen2").join("cases")));
    assert!(cases.len() >= 160, "{} cases", cases.len());
    let mut failures = Vec::new();
    for (id, txt, json) in &cases {
        let text = std::fs::read(txt).unwrap_or_else(|e| panic!("{}: {e}", txt.display()));
        let expected: serde_json::Value = serde_json::from_slice(
            &std::fs::read(json).unwrap_or_else(|e| panic!("{}: {e}", json.display())),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", json.display()));
        if let Some(problem) = corpus::check(&triage::analyze_bytes(&text), &expected) {
            failures.push(format!("{id}: {problem}"));
        }
    }
    println!(
        "{}/{} unseen cases pass",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_benign_text_gives_an_event_or_a_finding() {
    let mut checked = benign::check_folder(&fixtures("benign")).unwrap_or_else(|e| panic!("{e}"));
    checked.extend(benign::check_folder(&fixtures("benign2")).unwrap_or_else(|e| panic!("{e}")));
    assert!(checked.len() >= 130, "{} texts", checked.len());
    let wrong: Vec<String> = checked
        .iter()
        .filter(|(_, found)| !found.is_empty())
        .map(|(case, found)| format!("{}: {}", case.id, found.join(", ")))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
