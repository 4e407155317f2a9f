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
    let index = dir.join("index.jsonl");
    let lines = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let mut out = Vec::new();
    for (n, line) in lines
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let case: BenignCase = serde_json::from_str(line)
            .map_err(|e| format!("{}:{}: {e}", index.display(), n + 1))?;
        let path = dir.join(format!("{}.txt", case.id));
        let text = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let report = triage::analyze_bytes(&text);
        let mut wrong: Vec<String> = report
            .events
            .iter()
            .map(|e| format!("{} event at line {}", e.kind.as_str(), e.line))
            .collect();
        wrong.extend(report.findings.iter().map(|f| format!("finding {}", f.id)));
        out.push((case, wrong));
    }
    Ok(out)
}
