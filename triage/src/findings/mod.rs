//! What went wrong, ranked by the evidence. Each rule looks at one event (and at what the rest of
//! the paste says about it: an `nvidia-smi` table, the device a command line asked for) and, when
//! it applies, gives a candidate cause with a score in [0, 1] built from the numbers, a sentence
//! of evidence, and a short reason used when it leads. The findings are the candidates, best
//! score first; the score also gives each its confidence.
//!
//! The scores are calibrated on `shared/cause-corpus` (real reports whose cause was confirmed in
//! their thread) and measured on the held-out `tests/fixtures/causes`; every threshold says why it
//! is where it is (`rules/`: allocator figures, memory outside the allocator, per-framework shapes).

mod paste;
mod rules;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crate::report::{Because, Confidence, Device, Event, Finding, Kind, Says, Severity};

use paste::Paste;

/// A cause one rule sees in one event.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub id: &'static str,
    /// How strongly the numbers point at this cause, in [0, 1].
    pub score: f64,
    pub evidence: String,
    /// Why it leads, as a clause: "the live tensors and the request fill 86% of the card".
    pub why: String,
    /// `evidence` for other languages (see [`Says`]).
    pub says: Option<Says>,
    /// `why` for other languages.
    pub why_says: Option<Says>,
}

impl Candidate {
    pub fn new(id: &'static str, score: f64, evidence: String, why: impl Into<String>) -> Self {
        debug_assert!(FINDING_IDS.contains(&id), "{id} is not in FINDING_IDS");
        Candidate {
            id,
            score,
            evidence,
            why: why.into(),
            says: None,
            why_says: None,
        }
    }

    /// The same, its `why` also given as message `id` with `args`.
    pub fn because_saying(mut self, id: &'static str, args: &[(&'static str, String)]) -> Self {
        self.why_says = Some(Says::new(id, args));
        self
    }

    /// The same, its evidence also given as message `id` with `args`.
    pub fn saying(mut self, id: &'static str, args: &[(&'static str, String)]) -> Self {
        self.says = Some(Says::new(id, args));
        self
    }
}

/// Every finding id the rules give (spec/report.md's table): what a page may name in `addresses`.
pub const FINDING_IDS: &[&str] = &[
    "request-exceeds-capacity",
    "other-processes",
    "fragmentation",
    "near-capacity",
    "free-exceeds-request",
    "non-framework-memory",
    "host-memory",
    "kv-cache",
    "preallocation",
    "repeated-oom",
];

/// The finding a caller that holds the lab's notes gives for a line one of their `patterns:`
/// matched ([`crate::Kind::LabPattern`]): the note is its guide, so no page addresses it.
pub const LAB_NOTE: &str = "lab-note";

/// Findings kept at most (a long log repeats itself).
const MAX_FINDINGS: usize = 40;
/// The same failure this many times in one log is worth saying.
const REPEAT_MIN: usize = 2;
/// Allocated memory growing by this share between repeats of one failure is a leak's signature
/// (a batch that merely varies in size moves it both ways).
const LEAK_GROWTH: f64 = 0.10;

/// A score at or above this is `high` confidence: the numbers alone make the cause clear.
const HIGH: f64 = 0.7;
/// At or above this, `medium`: a likely cause the numbers support but do not settle.
const MEDIUM: f64 = 0.45;

fn confidence(score: f64) -> Confidence {
    if score >= HIGH {
        Confidence::High
    } else if score >= MEDIUM {
        Confidence::Medium
    } else {
        Confidence::Low
    }
}

/// The title of each finding id (spec/report.md's wording), "A likely cause" for an unknown id.
pub fn title(id: &str) -> &'static str {
    match id {
        LAB_NOTE => "Your lab's note describes this error",
        "request-exceeds-capacity" => "One allocation is larger than the whole device",
        "host-memory" => "Host RAM or shared memory ran out, not the GPU",
        "kv-cache" => "The model and its KV cache do not fit the server's memory budget",
        "other-processes" => "Other processes hold part of the device",
        "fragmentation" => "Memory is reserved by the allocator but unused (fragmentation)",
        "near-capacity" => "The workload does not fit the device",
        "non-framework-memory" => "This process holds much memory outside the allocator",
        "preallocation" => "The framework preallocates most of the device",
        "free-exceeds-request" => {
            "More memory is free than was requested, yet the allocation failed"
        }
        "repeated-oom" => "The same failure repeats",
        _ => "A likely cause",
    }
}

/// A finding's cause in a few words, for the lead sentence.
fn short_name(id: &str) -> &'static str {
    match id {
        "request-exceeds-capacity" => "one oversized request",
        "host-memory" => "host memory",
        "kv-cache" => "the server's KV-cache budget",
        "other-processes" => "other processes",
        "fragmentation" => "fragmentation",
        "near-capacity" => "the workload not fitting",
        "non-framework-memory" => "memory outside the allocator",
        "preallocation" => "preallocation",
        "free-exceeds-request" => "free memory that could not be used",
        "repeated-oom" => "a leak",
        _ => "another cause",
    }
}

/// All findings for `events`, ranked by score (ties: earlier event, then the rule's order). One
/// finding per (cause, kind, device): repeats are summarized by `repeated-oom`. The first
/// finding says why it leads (`because`).
pub fn evaluate(events: &[Event], device_named: Option<u32>) -> Vec<Finding> {
    let paste = Paste::read(events, device_named);
    let mut found: Vec<(usize, usize, Candidate)> = Vec::new();
    // one finding per (cause, kind, device): the best-supported, from the first event with it
    let mut seen: HashMap<(&'static str, Kind, Device), usize> = HashMap::new();
    for (index, event) in events.iter().enumerate() {
        for (order, candidate) in rules::candidates(event, &paste).into_iter().enumerate() {
            match seen.get(&(candidate.id, event.kind, event.device)) {
                Some(&at) if found[at].2.score < candidate.score => {
                    found[at] = (index, order, candidate)
                }
                Some(_) => {}
                None => {
                    seen.insert((candidate.id, event.kind, event.device), found.len());
                    found.push((index, order, candidate));
                }
            }
        }
    }
    found.extend(repeats(events));
    found.sort_by(|(ia, oa, a), (ib, ob, b)| {
        b.score
            .total_cmp(&a.score)
            .then(ia.cmp(ib))
            .then(oa.cmp(ob))
    });
    let lead = lead_sentence(&found);
    let mut findings: Vec<Finding> = found
        .into_iter()
        .take(MAX_FINDINGS)
        .map(|(event, _, c)| {
            let confidence = confidence(c.score);
            Finding {
                id: c.id.to_string(),
                event,
                severity: match confidence {
                    Confidence::High => Severity::High,
                    Confidence::Medium => Severity::Medium,
                    Confidence::Low => Severity::Low,
                },
                confidence,
                title: title(c.id).to_string(),
                evidence: c.evidence,
                because: None,
                pages: Vec::new(),
                says: c.says,
                because_says: None,
            }
        })
        .collect();
    if let Some(first) = findings.first_mut() {
        let (because, because_says) = lead.unzip();
        first.because = because;
        first.because_says = because_says.flatten();
    }
    findings
}

/// One sentence on why the first candidate leads: its own reason, and what the runner-up would
/// need.
fn lead_sentence(found: &[(usize, usize, Candidate)]) -> Option<(String, Option<Because>)> {
    let (_, _, first) = found.first()?;
    let runner_up = found
        .iter()
        .skip(1)
        .map(|(_, _, c)| c)
        .find(|c| c.id != first.id);
    let said = |shape, second: Option<&Candidate>| {
        let why = first.why_says.clone()?;
        let second = match second {
            Some(c) => Some((c.id, c.why_says.clone()?)),
            None => None,
        };
        Some(Because { shape, why, second })
    };
    Some(match runner_up {
        Some(second) if second.score >= MEDIUM => (
            format!(
                "It leads because {}; {} ({}) comes second.",
                first.why,
                short_name(second.id),
                second.why
            ),
            said("second", Some(second)),
        ),
        _ if first.score < MEDIUM => (
            format!(
                "It leads only as the most common cause of this kind of failure: {}.",
                first.why
            ),
            said("common", None),
        ),
        _ => (
            format!("It leads because {}.", first.why),
            said("plain", None),
        ),
    })
}

/// `repeated-oom` for every (kind, device) that failed at least [`REPEAT_MIN`] times; a leak when
/// the allocated memory grew from one failure to the next.
fn repeats(events: &[Event]) -> Vec<(usize, usize, Candidate)> {
    let mut groups: Vec<((Kind, Device), Vec<usize>)> = Vec::new();
    for (index, event) in events.iter().enumerate().filter(|(_, e)| e.is_error()) {
        let key = (event.kind, event.device);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(index),
            None => groups.push((key, vec![index])),
        }
    }
    groups
        .into_iter()
        .filter(|(_, members)| members.len() >= REPEAT_MIN)
        .map(|((kind, device), members)| {
            let first = members[0];
            let last = events[members[members.len() - 1]].line;
            let count = members.len();
            let allocated: Vec<u64> = members
                .iter()
                .filter_map(|&i| events[i].allocated)
                .collect();
            let growing = allocated.len() >= 2
                && allocated.windows(2).all(|w| w[1] >= w[0])
                && allocated[allocated.len() - 1] as f64
                    >= allocated[0] as f64 * (1.0 + LEAK_GROWTH);
            let mut evidence = format!(
                "{count} {} failures on {device}, lines {} to {last}; the first is explained here",
                kind.as_str(),
                events[first].line
            );
            // A leak is a cause; repeats alone are a symptom (a retry loop, ranks failing alike).
            let (score, why, why_id) = if growing {
                evidence.push_str(&format!(
                    "; allocated memory grew from {} to {} between them",
                    crate::amount::format_bytes(allocated[0]),
                    crate::amount::format_bytes(allocated[allocated.len() - 1])
                ));
                (
                    0.75,
                    "the allocated memory grows from one failure to the next, as a leak does",
                    "grows-like-a-leak",
                )
            } else if count >= 5 {
                (
                    0.35,
                    "the same failure repeats many times",
                    "repeats-many-times",
                )
            } else {
                (0.2, "the same failure repeats", "repeats")
            };
            let leak = if growing { "yes" } else { "no" };
            let says = [
                ("count", count.to_string()),
                ("kind", kind.as_str().to_string()),
                ("device", device.to_string()),
                ("first", events[first].line.to_string()),
                ("last", last.to_string()),
                ("leak", leak.to_string()),
                (
                    "from",
                    allocated
                        .first()
                        .copied()
                        .map(crate::amount::format_bytes)
                        .unwrap_or_default(),
                ),
                (
                    "to",
                    allocated
                        .last()
                        .copied()
                        .map(crate::amount::format_bytes)
                        .unwrap_or_default(),
                ),
            ];
            (
                first,
                usize::MAX,
                Candidate::new("repeated-oom", score, evidence, why)
                    .saying("repeated", &says)
                    .because_saying(why_id, &[]),
            )
        })
        .collect()
}
