//! Which guides a finding links to, best first.
//!
//! Many pages address `near-capacity`; the right ones for an Apple GPU, a llama.cpp log or an
//! evaluation loop differ. Candidates are the pages whose front matter addresses the finding; they are
//! ordered by how well they match the event's own message (a knowledge-base search over its text and
//! its phase), the front-matter order breaking ties. Lab pages take part like built-in ones.

use std::collections::HashMap;

use kb::{KnowledgeBase, Lang, SearchRequest};
use triage::{Event, Report};

use super::labels::phase_label;

/// Characters of an event's message used as the relevance query: the message's head names the
/// framework, the device and the amounts; the rest is repetition.
const QUERY_CHARS: usize = 600;
/// Hits asked for when scoring: enough to cover every page of the built-in library.
const SCORING_HITS: usize = 200;

/// Fills every finding's `pages`, most relevant first.
pub fn link_guides(report: &mut Report, kb: &KnowledgeBase) {
    let mut scores_by_event: HashMap<usize, HashMap<String, f32>> = HashMap::new();
    for finding in &mut report.findings {
        let candidates = kb.pages_addressing(&finding.id, Lang::En);
        if candidates.is_empty() {
            finding.pages.clear();
            continue;
        }
        let scores = scores_by_event.entry(finding.event).or_insert_with(|| {
            report
                .events
                .get(finding.event)
                .map(|event| relevance(event, kb))
                .unwrap_or_default()
        });
        let mut ranked: Vec<(usize, f32, &str)> = candidates
            .iter()
            .enumerate()
            .map(|(order, page)| {
                (
                    order,
                    scores.get(&page.slug).copied().unwrap_or(0.0),
                    page.slug.as_str(),
                )
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        finding.pages = ranked
            .into_iter()
            .map(|(_, _, slug)| slug.to_string())
            .collect();
    }
}

/// Search scores of English pages for the event's message and phase.
fn relevance(event: &Event, kb: &KnowledgeBase) -> HashMap<String, f32> {
    let mut query: String = event.text.chars().take(QUERY_CHARS).collect();
    if let Some(phase) = event.phase {
        query.push(' ');
        query.push_str(phase_label(phase));
    }
    let request = SearchRequest {
        query,
        tag: None,
        lang: Some(Lang::En),
        limit: SCORING_HITS,
    };
    kb.search(&request)
        .hits
        .into_iter()
        .map(|hit| (hit.slug, hit.score))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn knowledge() -> KnowledgeBase {
        KnowledgeBase::load(&[]).expect("built-in library").0
    }

    #[test]
    fn an_apple_gpu_leads_with_the_mps_guide() {
        let kb = knowledge();
        let mut report = triage::analyze("RuntimeError: MPS backend out of memory (MPS allocated: 5.56 GB, other allocations: 1.10 GB, max allowed: 6.80 GB). Tried to allocate 768.00 MB on private pool. Use PYTORCH_MPS_HIGH_WATERMARK_RATIO=0.0 to disable upper limit for memory allocations (may cause system failure).");
        link_guides(&mut report, &kb);
        let near = report
            .findings
            .iter()
            .find(|finding| finding.id == "near-capacity")
            .expect("near-capacity");
        assert_eq!(
            near.pages.first().map(String::as_str),
            Some("mps-watermark")
        );
    }

    #[test]
    fn every_candidate_stays_listed() {
        let kb = knowledge();
        let mut report = triage::analyze("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 7.64 GiB of which 1.44 MiB is free. Of the allocated memory 7.12 GiB is allocated by PyTorch, and 20.15 MiB is reserved by PyTorch but unallocated.");
        link_guides(&mut report, &kb);
        for finding in &report.findings {
            let mut expected: Vec<String> = kb
                .pages_addressing(&finding.id, Lang::En)
                .iter()
                .map(|page| page.slug.clone())
                .collect();
            let mut got = finding.pages.clone();
            expected.sort();
            got.sort();
            assert_eq!(got, expected, "{}", finding.id);
        }
    }
}
