//! "From your lab's notes": the lab's own pages that best match an event.
//!
//! A lab note is scored like a guide (see `guides`): by the event's distinctive words it uses, plus the
//! names of the event's findings and the function that failed (the last traceback frame above the
//! message) — what a colleague would search the wiki for.

use std::collections::HashSet;

use kb::{Hit, KnowledgeBase, Page, PageOrigin};
use triage::Report;

use super::guides::{distinctive_words, score, words};

/// Notes shown under a diagnosis.
pub const LAB_NOTES_SHOWN: usize = 3;

/// The lab's notes for event `event_index`, best first; empty when the lab has none that match.
pub fn lab_notes(report: &Report, event_index: usize, text: &str, kb: &KnowledgeBase) -> Vec<Hit> {
    let Some(event) = report.events.get(event_index) else {
        return Vec::new();
    };
    let mut wanted: HashSet<String> = distinctive_words(event);
    for finding in report
        .findings
        .iter()
        .filter(|finding| finding.event == event_index)
    {
        wanted.extend(words(&finding.id.replace('-', " ")));
        wanted.insert(finding.id.replace('-', "_"));
    }
    if let Some(function) = failing_function(text, event.line) {
        wanted.extend(words(&function));
    }
    let mut scored: Vec<(u32, &Page)> = kb
        .pages()
        .iter()
        .map(|page| page.as_ref())
        .filter(|page| matches!(page.origin, PageOrigin::Lab { .. }))
        .map(|page| (score(page, &wanted), page))
        .filter(|(points, _)| *points > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.title.cmp(&b.1.title)));
    scored
        .into_iter()
        .take(LAB_NOTES_SHOWN)
        .map(|(points, page)| hit(page, points))
        .collect()
}

fn hit(page: &Page, points: u32) -> Hit {
    Hit {
        slug: page.slug.clone(),
        title: page.title.clone(),
        lang: page.lang,
        tags: page.tags.clone(),
        addresses: page.addresses.clone(),
        snippet: escape(&page.summary),
        url: page.url(),
        score: points as f32,
    }
}

/// The summary as snippet HTML: escaped text.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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

    #[test]
    fn snippets_are_escaped() {
        assert_eq!(escape("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
    }
}
