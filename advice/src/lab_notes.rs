//! "From your lab's notes": the lab's own pages that best match an event.
//!
//! A lab note is scored like a guide (see `guides`): by the event's distinctive words it uses, plus the
//! names of the event's findings and the function that failed (the last traceback frame above the
//! message) — what a colleague would search the wiki for.

use std::collections::HashSet;

use kb::{Hit, KnowledgeBase, Page};
use triage::Report;

use super::guides::{distinctive_words, score, words};

/// Notes shown under a diagnosis.
pub const LAB_NOTES_SHOWN: usize = 3;
/// Notes the search index hands over for ranking.
const CANDIDATES: usize = 40;

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
    // The index narrows thousands of notes to a few dozen; the event's words then rank those
    // the way guides are ranked.
    let mut terms: Vec<&str> = wanted.iter().map(String::as_str).collect();
    terms.sort_unstable();
    let mut scored: Vec<(u32, &Page)> = kb
        .lab_pages_with_any(&terms, CANDIDATES)
        .into_iter()
        .map(|page| (score(page, &wanted), page))
        .filter(|(points, _)| *points > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.title.cmp(&b.1.title)));
    scored
        .into_iter()
        .take(LAB_NOTES_SHOWN)
        .map(|(points, page)| hit(page, points, &wanted))
        .collect()
}

fn hit(page: &Page, points: u32, wanted: &HashSet<String>) -> Hit {
    // The part of the note with the most of the event's words, marked as search marks them.
    let snippet = kb::search::excerpt(page, wanted.iter().map(String::as_str));
    Hit::of(page, snippet, points as f32)
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
    fn the_snippet_is_the_part_of_the_note_about_the_event() {
        let note = "---\ntitle: Our cluster notes\nslug: ours\nlang: en\ntags: [allocator]\naddresses: []\n\
            summary: Quotas <and> queues.\n---\n# Our cluster notes\n\n\
            Queues on the A100 partition open at nine; ask the admins before you book more than \
            four nodes for a week, and keep checkpoints under the project quota of two terabytes \
            so the nightly backup can finish before the morning jobs start.\n\n\
            When PyTorch keeps much memory reserved but unallocated, the allocator has fragmented: \
            set expandable_segments:True before the job starts.\n";
        let options = kb::LoadOptions {
            builtin: false,
            extra_pages: vec![kb::PageSource {
                name: "ours.md".into(),
                source: note.into(),
            }],
            ..kb::LoadOptions::default()
        };
        let (kb, problems) = KnowledgeBase::load_with(options).expect("note loads");
        assert!(problems.is_empty(), "{problems:?}");
        let report = triage::analyze(
            "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a \
             total capacity of 7.64 GiB of which 59.44 MiB is free. Of the allocated memory 6.12 GiB \
             is allocated by PyTorch, and 120.15 MiB is reserved by PyTorch but unallocated. If \
             reserved but unallocated memory is large try setting \
             PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.",
        );
        let notes = lab_notes(&report, 0, "", &kb);
        assert_eq!(notes.len(), 1);
        // The paragraph about the allocator, not the first one; words of the message and of its
        // findings in <mark> (PyTorch and allocator as parts of PYTORCH_CUDA_ALLOC_CONF; memory
        // from non-framework-memory: the 120 MiB cache is too small to be fragmentation).
        assert_eq!(
            notes[0].snippet,
            "…before the morning jobs start. When <mark>PyTorch</mark> keeps much <mark>memory</mark> \
             reserved but <mark>unallocated</mark>, the <mark>allocator</mark> has fragmented: \
             set expandable_segments:True before the job starts. "
        );
    }
}
