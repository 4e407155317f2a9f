//! Cause ranking measured on real reports whose cause was confirmed (`shared/cause-corpus`, and
//! our held-out `tests/fixtures/causes`): is the confirmed cause the first finding (top-1), or among
//! the first three (top-3)? The README of the shared corpus asks for rates, not per-case asserts.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One line of `index.jsonl`.
#[derive(Debug, Clone, Deserialize)]
pub struct CauseCase {
    pub id: String,
    pub source: String,
    /// A finding id of `spec/report.md` (or `other`).
    pub cause: String,
    /// `high`: the fix was confirmed; `medium`: a maintainer's diagnosis.
    pub confidence: String,
}

/// A case and what the engine ranked for it.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub case: CauseCase,
    /// Finding ids in report order, each once.
    pub ranked: Vec<String>,
}

impl Ranked {
    pub fn top(&self, n: usize) -> bool {
        self.ranked.iter().take(n).any(|id| *id == self.case.cause)
    }
}

/// Where a case's text is: `cases/ID.txt` (the shared layout) or `ID.txt` beside the index.
fn text_path(dir: &Path, id: &str) -> PathBuf {
    let nested = dir.join("cases").join(format!("{id}.txt"));
    if nested.is_file() {
        nested
    } else {
        dir.join(format!("{id}.txt"))
    }
}

/// Reads `dir/index.jsonl` and runs the engine on each case's text.
pub fn rank_folder(dir: &Path) -> Result<Vec<Ranked>, String> {
    let cases = crate::index_with_reports(dir, |case: &CauseCase| case.id.as_str(), text_path)?;
    Ok(cases
        .into_iter()
        .map(|(case, report)| {
            let mut ranked: Vec<String> = Vec::new();
            for finding in &report.findings {
                if !ranked.contains(&finding.id) {
                    ranked.push(finding.id.clone());
                }
            }
            Ranked { case, ranked }
        })
        .collect())
}

/// Top-1 and top-3 counts of `ranked` (all cases, or those of one confidence).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    pub cases: usize,
    pub top1: usize,
    pub top3: usize,
}

impl Rates {
    pub fn of<'a>(ranked: impl IntoIterator<Item = &'a Ranked>) -> Rates {
        let mut rates = Rates {
            cases: 0,
            top1: 0,
            top3: 0,
        };
        for r in ranked {
            rates.cases += 1;
            rates.top1 += usize::from(r.top(1));
            rates.top3 += usize::from(r.top(3));
        }
        rates
    }

    /// Share in percent (0 when there are no cases).
    pub fn pct(count: usize, of: usize) -> f64 {
        if of == 0 {
            0.0
        } else {
            count as f64 * 100.0 / of as f64
        }
    }

    pub fn line(&self, label: &str) -> String {
        format!(
            "{label}: top-1 {}/{} ({:.0}%), top-3 {}/{} ({:.0}%)",
            self.top1,
            self.cases,
            Rates::pct(self.top1, self.cases),
            self.top3,
            self.cases,
            Rates::pct(self.top3, self.cases)
        )
    }
}
