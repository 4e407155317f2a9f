//! "From your lab's notes": the lab's own pages that best match an event.
//!
//! The query is what a colleague would search for: the kind of failure, the findings' names, the head
//! of the message, and the function that failed (the last frame of the traceback above the message).

use kb::{Hit, KnowledgeBase, PageOrigin, SearchRequest};
use triage::{Event, Report};

use super::labels::kind_label;

/// Notes shown under a diagnosis.
pub const LAB_NOTES_SHOWN: usize = 3;
/// Hits scanned for lab pages among the built-in ones.
const CANDIDATES: usize = 200;
/// Characters of the message used in the query.
const MESSAGE_CHARS: usize = 300;

/// The lab's notes for event `event_index`, best first; empty when the lab has none.
pub fn lab_notes(report: &Report, event_index: usize, text: &str, kb: &KnowledgeBase) -> Vec<Hit> {
    let is_lab = |slug: &str| {
        matches!(
            kb.page(slug).map(|page| &page.origin),
            Some(PageOrigin::Lab { .. })
        )
    };
    if !kb
        .pages()
        .iter()
        .any(|page| matches!(page.origin, PageOrigin::Lab { .. }))
    {
        return Vec::new();
    }
    let Some(event) = report.events.get(event_index) else {
        return Vec::new();
    };
    let request = SearchRequest {
        query: query_for(report, event_index, event, text),
        tag: None,
        lang: None,
        limit: CANDIDATES,
    };
    kb.search(&request)
        .hits
        .into_iter()
        .filter(|hit| is_lab(&hit.slug))
        .take(LAB_NOTES_SHOWN)
        .collect()
}

fn query_for(report: &Report, event_index: usize, event: &Event, text: &str) -> String {
    let mut words = vec![kind_label(event.kind).to_string()];
    for finding in report
        .findings
        .iter()
        .filter(|finding| finding.event == event_index)
    {
        words.push(finding.id.replace('-', " "));
    }
    if let Some(function) = failing_function(text, event.line) {
        words.push(function);
    }
    words.push(event.text.chars().take(MESSAGE_CHARS).collect());
    words.join(" ")
}

/// The function of the last `File "...", line N, in NAME` frame above `line` (1-based).
pub fn failing_function(text: &str, line: u64) -> Option<String> {
    let before = usize::try_from(line.saturating_sub(1)).ok()?;
    text.lines()
        .take(before)
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix("File \"")?;
            let name = rest.rsplit_once(", in ")?.1.trim();
            (!name.is_empty() && name != "<module>").then(|| name.to_string())
        })
        .last()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_frame_above_the_message_names_the_function() {
        let text = "Traceback (most recent call last):\n  File \"run.py\", line 3, in <module>\n    main()\n  File \"gpt.py\", line 419, in generate\n    x = f()\ntorch.OutOfMemoryError: CUDA out of memory.";
        assert_eq!(failing_function(text, 6).as_deref(), Some("generate"));
        assert_eq!(failing_function(text, 1), None);
    }

    #[test]
    fn without_lab_pages_there_are_no_lab_notes() {
        let (kb, _) = KnowledgeBase::load(&[]).expect("built-in library");
        let report = triage::analyze(
            "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB.",
        );
        assert!(lab_notes(&report, 0, "", &kb).is_empty());
    }
}
