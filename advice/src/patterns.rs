//! The lab's `patterns:` at work: a line one of them matches is an error the lab has taught
//! oomlens, and the note that holds the pattern is its guide.
//!
//! [`Reading`] streams the input through triage's scanner and, line by line, through the
//! knowledge base's patterns (one `RegexSet` pass per line, and only when the library has
//! patterns). [`merge`] then puts each matched line into the report: a line inside an event the
//! parser found adds the note to that event's guides; any other line becomes a
//! [`Kind::LabPattern`] event with a `lab-note` finding.

use kb::KnowledgeBase;
use triage::{Confidence, Event, Finding, Kind, Report, Scanner, Severity, LAB_NOTE};

/// Lines matched at most: a pattern that matches every line of a long log must not make a
/// report of millions of events (the rest are counted in `summary.dropped_events`).
pub const MAX_PATTERN_HITS: usize = 200;
/// Characters of a matched line kept as the event's text.
const LINE_CHARS: usize = 2000;
/// Longest line matched (a longer one is matched on its first bytes).
const MAX_LINE_BYTES: usize = 64 * 1024;

/// A line a note's pattern matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternHit {
    /// 1-based line number.
    pub line: u64,
    /// The line (at most 2,000 characters).
    pub text: String,
    /// The note's slug.
    pub slug: String,
    /// The note's title.
    pub title: String,
    /// The pattern that matched.
    pub pattern: String,
}

/// What a [`Reading`] found: triage's report and the lines the lab's patterns matched.
#[derive(Debug)]
pub struct Read {
    pub report: Report,
    pub hits: Vec<PatternHit>,
    /// Matched lines past [`MAX_PATTERN_HITS`].
    pub dropped_hits: u64,
}

/// Reads an input in chunks cut anywhere: triage's [`Scanner`], and the lab's patterns when a
/// knowledge base with patterns is given.
pub struct Reading<'kb> {
    scanner: Scanner,
    patterns: Option<&'kb KnowledgeBase>,
    /// The unfinished last line.
    carry: Vec<u8>,
    line_no: u64,
    hits: Vec<PatternHit>,
    dropped_hits: u64,
}

impl<'kb> Reading<'kb> {
    /// A reading that also matches the patterns of `kb` (none when `kb` is `None` or has none).
    pub fn new(kb: Option<&'kb KnowledgeBase>) -> Self {
        Reading {
            scanner: Scanner::new(),
            patterns: kb.filter(|kb| kb.has_patterns()),
            carry: Vec::new(),
            line_no: 0,
            hits: Vec::new(),
            dropped_hits: 0,
        }
    }

    /// Feeds the next bytes of the input.
    pub fn push(&mut self, chunk: &[u8]) {
        self.scanner.push(chunk);
        if self.patterns.is_none() {
            return;
        }
        let mut rest = chunk;
        while let Some(i) = memchr::memchr(b'\n', rest) {
            self.extend_carry(&rest[..i]);
            self.end_line();
            rest = &rest[i + 1..];
        }
        self.extend_carry(rest);
    }

    /// Ends the input.
    pub fn finish(mut self) -> Read {
        if self.patterns.is_some() && !self.carry.is_empty() {
            self.end_line();
        }
        Read {
            report: self.scanner.finish(),
            hits: self.hits,
            dropped_hits: self.dropped_hits,
        }
    }

    fn extend_carry(&mut self, bytes: &[u8]) {
        let room = MAX_LINE_BYTES.saturating_sub(self.carry.len());
        self.carry
            .extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    fn end_line(&mut self) {
        self.line_no += 1;
        let raw = std::mem::take(&mut self.carry);
        let Some(kb) = self.patterns else { return };
        let line = String::from_utf8_lossy(raw.strip_suffix(b"\r").unwrap_or(&raw));
        for (page, pattern) in kb.patterns_matching_line(&line) {
            if self.hits.len() >= MAX_PATTERN_HITS {
                self.dropped_hits += 1;
                continue;
            }
            self.hits.push(PatternHit {
                line: self.line_no,
                text: line.trim().chars().take(LINE_CHARS).collect(),
                slug: page.slug.clone(),
                title: page.title.clone(),
                pattern: pattern.to_string(),
            });
        }
        self.carry = raw;
        self.carry.clear();
    }
}

/// A note the lab's patterns tie to an event: `(event index, note slug)`.
pub type Taught = Vec<(usize, String)>;

/// Puts `hits` into `report`: a hit on a line of an event the parser found ties its note to that
/// event; any other line becomes a [`Kind::LabPattern`] event (in input order) with a `lab-note`
/// finding. Returns the ties, for [`link_notes`] once the guides are linked.
pub fn merge(report: &mut Report, hits: &[PatternHit]) -> Taught {
    let mut taught: Vec<(u64, String)> = Vec::new();
    let mut new_events: Vec<Event> = Vec::new();
    for hit in hits {
        let inside = report
            .events
            .iter()
            .any(|e| e.line <= hit.line && hit.line <= e.end_line.max(e.line));
        if !inside && !new_events.iter().any(|e| e.line == hit.line) {
            new_events.push(Event::new(Kind::LabPattern, hit.line, hit.text.clone()));
        }
        taught.push((hit.line, hit.slug.clone()));
    }
    let added = new_events.len() as u64;
    insert_in_order(report, new_events);
    report.summary.errors += added;
    if added > 0 {
        *report.summary.by_kind.entry(Kind::LabPattern).or_insert(0) += added;
    }
    // a lab-note finding for each pattern event, and for an event the parser found without one
    let mut out: Taught = Vec::new();
    for (line, slug) in taught {
        let Some(index) = report
            .events
            .iter()
            .position(|e| e.line <= line && line <= e.end_line.max(e.line))
        else {
            continue;
        };
        if !out.contains(&(index, slug.clone())) {
            out.push((index, slug));
        }
    }
    for (index, slug) in &out {
        let has_finding = report.findings.iter().any(|f| f.event == *index);
        if has_finding && report.events[*index].kind != Kind::LabPattern {
            continue;
        }
        if report
            .findings
            .iter()
            .any(|f| f.event == *index && f.id == LAB_NOTE)
        {
            continue;
        }
        let Some(hit) = hits.iter().find(|h| &h.slug == slug) else {
            continue;
        };
        report.findings.push(lab_note_finding(*index, hit));
    }
    out
}

fn lab_note_finding(event: usize, hit: &PatternHit) -> Finding {
    Finding {
        id: LAB_NOTE.to_string(),
        event,
        severity: Severity::Medium,
        confidence: Confidence::Medium,
        title: triage::finding_title(LAB_NOTE).to_string(),
        evidence: format!(
            "line {} matches `{}`, a pattern of your lab's note “{}”",
            hit.line, hit.pattern, hit.title
        ),
        because: None,
        pages: Vec::new(),
        says: Some(triage::Says::new(
            "lab-pattern",
            &[
                ("line", hit.line.to_string()),
                ("pattern", hit.pattern.to_string()),
                ("note", hit.title.to_string()),
            ],
        )),
        because_says: None,
    }
}

/// Inserts `new` events by line, keeping every finding pointed at the event it explains.
fn insert_in_order(report: &mut Report, mut new: Vec<Event>) {
    if new.is_empty() {
        return;
    }
    new.sort_by_key(|e| e.line);
    let old = std::mem::take(&mut report.events);
    let mut moved = vec![0usize; old.len()];
    let mut merged: Vec<Event> = Vec::with_capacity(old.len() + new.len());
    let mut new = new.into_iter().peekable();
    for (i, event) in old.into_iter().enumerate() {
        while new.peek().is_some_and(|n| n.line < event.line) {
            merged.extend(new.next());
        }
        moved[i] = merged.len();
        merged.push(event);
    }
    merged.extend(new);
    for finding in &mut report.findings {
        if let Some(&to) = moved.get(finding.event) {
            finding.event = to;
        }
    }
    report.events = merged;
}

/// Puts each taught note first among the guides of its event's findings (once the guides are
/// linked: a lab's note about this very error is the better answer), and says why a `lab-note`
/// finding leads when it does.
pub fn link_notes(report: &mut Report, taught: &Taught) {
    for (index, slug) in taught {
        for finding in report.findings.iter_mut().filter(|f| f.event == *index) {
            finding.pages.retain(|page| page != slug);
            finding.pages.insert(0, slug.clone());
        }
    }
    if let Some(first) = report.findings.first_mut() {
        if first.id == LAB_NOTE && first.because.is_none() {
            first.because =
                Some("It leads because your lab has a note about this very error.".to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A library with one lab note teaching `pattern`.
    fn taught(pattern: &str) -> KnowledgeBase {
        let note = format!(
            "---\ntitle: \"Arena exhaustion on our TPU pods\"\nslug: tpu-arena\nlang: en\ntags: [lab]\n\
             addresses: [near-capacity]\nsummary: \"What the arena message means here.\"\npatterns:\n  - '{pattern}'\n---\n\
             # Arena exhaustion on our TPU pods\n\nLower the per-core batch.\n"
        );
        let options = kb::LoadOptions {
            extra_pages: vec![kb::PageSource {
                name: "tpu-arena.md".into(),
                source: note,
            }],
            ..kb::LoadOptions::default()
        };
        let (kb, problems) = KnowledgeBase::load_with(options).expect("loads");
        assert!(problems.is_empty(), "{problems:?}");
        kb
    }

    #[test]
    fn a_taught_line_is_an_event_whose_guide_is_the_note() {
        let kb = taught(r"ArenaAllocator: pool \w+ exhausted");
        let text = "step 12 loss 1.2\nArenaAllocator: pool hbm0 exhausted while reserving 4 MiB\nstep 13\n";
        assert!(triage::analyze(text).events.is_empty());
        let advice = crate::advise(text, &kb);
        let report = &advice.report;
        assert_eq!(report.events.len(), 1);
        assert_eq!(report.events[0].kind, Kind::LabPattern);
        assert_eq!(report.events[0].line, 2);
        assert_eq!(
            report.events[0].text,
            "ArenaAllocator: pool hbm0 exhausted while reserving 4 MiB"
        );
        assert_eq!(report.summary.errors, 1);
        assert_eq!(report.summary.by_kind.get(&Kind::LabPattern), Some(&1));
        assert_eq!(report.findings.len(), 1);
        let finding = &report.findings[0];
        assert_eq!((finding.id.as_str(), finding.event), (LAB_NOTE, 0));
        assert_eq!(finding.pages, ["tpu-arena"]);
        assert_eq!(
            finding.evidence,
            "line 2 matches `ArenaAllocator: pool \\w+ exhausted`, a pattern of your lab's note “Arena exhaustion on our TPU pods”"
        );
        assert_eq!(
            finding.because.as_deref(),
            Some("It leads because your lab has a note about this very error.")
        );
        assert_eq!(advice.guides[0][0].url, "/kb/tpu-arena");
        assert_eq!(advice.lead, Some(0));
        assert!(advice.fallback.is_empty());
    }

    #[test]
    fn a_taught_line_inside_a_parsed_error_puts_the_note_first() {
        let kb = taught(r"Tried to allocate 20\.00 MiB");
        let text = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 7.64 GiB of which 59.44 MiB is free. Of the allocated memory 6.12 GiB is allocated by PyTorch, and 1.15 GiB is reserved by PyTorch but unallocated.\n";
        let advice = crate::advise(text, &kb);
        assert_eq!(advice.report.events.len(), 1);
        assert_eq!(advice.report.events[0].kind, Kind::PytorchOom);
        assert!(!advice.report.findings.is_empty());
        for finding in &advice.report.findings {
            assert_eq!(finding.pages.first().map(String::as_str), Some("tpu-arena"));
            assert_ne!(finding.id, LAB_NOTE);
        }
    }

    #[test]
    fn events_keep_their_findings_when_taught_lines_come_before_them() {
        let kb = taught("^WARN arena low$");
        let text = "WARN arena low\nRuntimeError: CUDA error: out of memory\nWARN arena low\n";
        let advice = crate::advise(text, &kb);
        let kinds: Vec<(Kind, u64)> = advice
            .report
            .events
            .iter()
            .map(|e| (e.kind, e.line))
            .collect();
        assert_eq!(
            kinds,
            [
                (Kind::LabPattern, 1),
                (Kind::CudaError, 2),
                (Kind::LabPattern, 3)
            ]
        );
        // the CUDA error's findings still point at it; each taught line has its own
        for finding in &advice.report.findings {
            let kind = advice.report.events[finding.event].kind;
            assert_eq!(
                finding.id == LAB_NOTE,
                kind == Kind::LabPattern,
                "{finding:?}"
            );
        }
    }

    #[test]
    fn chunks_cut_anywhere_find_the_same_lines() {
        let kb = taught(r"ArenaAllocator: pool \w+ exhausted");
        let text =
            "a\r\nArenaAllocator: pool hbm0 exhausted\r\nb\nArenaAllocator: pool x exhausted";
        let whole = crate::advise(text, &kb).report;
        for size in [1, 2, 5, 13] {
            let mut reading = Reading::new(Some(&kb));
            for chunk in text.as_bytes().chunks(size) {
                reading.push(chunk);
            }
            let read = reading.finish();
            assert_eq!(
                read.hits.iter().map(|h| h.line).collect::<Vec<_>>(),
                [2, 4],
                "chunks of {size}"
            );
            assert_eq!(crate::advise_read(read, &kb, None).report, whole);
        }
    }

    #[test]
    fn a_pattern_matching_every_line_is_bounded() {
        let kb = taught("line");
        let text = "line\n".repeat(MAX_PATTERN_HITS + 50);
        let advice = crate::advise(&text, &kb);
        assert_eq!(advice.report.events.len(), MAX_PATTERN_HITS);
        assert_eq!(advice.report.summary.dropped_events, 50);
    }
}
