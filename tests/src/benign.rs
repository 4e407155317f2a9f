//! Texts that talk about memory without holding a memory error (`tests/fixtures/benign`): a
//! correct report has no event and no finding.

use std::path::Path;

use serde::Deserialize;

/// One line of `index.jsonl`.
#[derive(Debug, Clone, Deserialize)]
pub struct BenignCase {
    pub id: String,
    pub source: String,
    pub what: String,
}

/// Each case with what the engine wrongly found in it (empty when nothing).
pub fn check_folder(dir: &Path) -> Result<Vec<(BenignCase, Vec<String>)>, String> {
    let cases = crate::index_with_reports(
        dir,
        |case: &BenignCase| case.id.as_str(),
        |dir, id| dir.join(format!("{id}.txt")),
    )?;
    Ok(cases
        .into_iter()
        .map(|(case, report)| {
            let mut wrong: Vec<String> = report
                .events
                .iter()
                .map(|e| format!("{} event at line {}", e.kind.as_str(), e.line))
                .collect();
            wrong.extend(report.findings.iter().map(|f| format!("finding {}", f.id)));
            (case, wrong)
        })
        .collect())
}
