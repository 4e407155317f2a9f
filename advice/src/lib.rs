//! advice: what the reader of a triage report should read.
//!
//! The one place where a report meets the knowledge base. For a paste (or a log read in chunks) it
//! gives an [`Advice`]: the report, with the lines the lab's `patterns:` teach merged in as events;
//! for each finding its guides, best first, each with its key snippet filled in from the report's
//! numbers; the lab's notes beside the event the page leads with; and, when nothing was recognized,
//! the pages that mention the paste's words. Pure: no web, no I/O, no async. The site's handler,
//! the JSON API and the command line each call it (on a blocking thread where it matters) and hand
//! the finished value on: `app` only draws it, the API serializes [`ReportWithGuides`].
//!
//! ```no_run
//! let (kb, _) = kb::KnowledgeBase::load(&[]).expect("built-in library");
//! let advice = advice::advise("RuntimeError: CUDA error: out of memory", &kb);
//! for (finding, guides) in advice.report.findings.iter().zip(&advice.guides) {
//!     println!("{}: {:?}", finding.id, guides.iter().map(|g| &g.url).collect::<Vec<_>>());
//! }
//! ```

mod fallback;
pub mod guides;
mod json;
pub mod lab_notes;
mod lead;
pub mod params;
pub mod patterns;

use kb::{Hit, KnowledgeBase, Lang, Page};
use triage::Report;

pub use json::ReportWithGuides;
pub use lead::lead_event;
pub use patterns::{PatternHit, Reading};

/// Everything a reader of one report is pointed to.
#[derive(Debug, Clone)]
pub struct Advice {
    /// The report: events in input order (lab pattern events included), each finding's `pages`
    /// filled with the slugs of its guides.
    pub report: Report,
    /// For each finding of `report` (same order), its guides, best first.
    pub guides: Vec<Vec<Guide>>,
    /// The event the page leads with ([`lead_event`]); `None` when the report has none.
    pub lead: Option<usize>,
    /// The lab's own notes that best match the lead event (at most
    /// [`lab_notes::LAB_NOTES_SHOWN`]); empty without a lead event or matching notes.
    pub lab_notes: Vec<Hit>,
    /// When the report has no event: pages that mention the paste's words (at most
    /// [`fallback::FALLBACK_HITS`]); empty otherwise.
    pub fallback: Vec<Hit>,
}

/// A guide as the reader sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    pub slug: String,
    pub title: String,
    pub lang: Lang,
    /// `/kb/{slug}`
    pub url: String,
    pub summary: String,
    /// The page in the other language, when it has one.
    pub translation: Option<Translation>,
    /// The page's key snippet, its parameters filled in from the finding's event.
    pub snippet: Option<Snippet>,
}

/// The other-language version of a guide.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    pub url: String,
    pub lang: Lang,
}

/// A key snippet ready to show: language name and code.
#[derive(Debug, Clone, PartialEq)]
pub struct Snippet {
    pub lang: String,
    pub code: String,
}

/// The advice for a pasted `text`: analysed, its lines matched against the lab's patterns.
/// Guides are given in English where one exists ([`advise_in`] for a reader of another language).
pub fn advise(text: &str, kb: &KnowledgeBase) -> Advice {
    advise_in(text, kb, Lang::En)
}

/// [`advise`] for a reader of `reader`: each guide in that language when it has a translation
/// (its title, summary and snippet from the translated page), the other version as its
/// `translation`. The report itself does not change with the reader.
pub fn advise_in(text: &str, kb: &KnowledgeBase, reader: Lang) -> Advice {
    let mut reading = Reading::new(Some(kb));
    reading.push(text.as_bytes());
    advise_read_in(reading.finish(), kb, Some(text), reader)
}

/// The advice for a report read in chunks ([`Reading`]). `text` is the input when the caller
/// still has it (it finds the failing function for the lab's notes and a stated batch size for
/// the snippets); a log streamed from disk passes `None`.
pub fn advise_read(read: patterns::Read, kb: &KnowledgeBase, text: Option<&str>) -> Advice {
    advise_read_in(read, kb, text, Lang::En)
}

/// [`advise_read`] for a reader of `reader` (see [`advise_in`]).
pub fn advise_read_in(
    read: patterns::Read,
    kb: &KnowledgeBase,
    text: Option<&str>,
    reader: Lang,
) -> Advice {
    let mut report = read.report;
    report.summary.dropped_events += read.dropped_hits;
    let taught = patterns::merge(&mut report, &read.hits);
    guides::link_guides(&mut report, kb);
    patterns::link_notes(&mut report, &taught);
    let text = text.unwrap_or("");
    let guides = report
        .findings
        .iter()
        .map(|finding| {
            let params = params::snippet_params(&report, finding.event, text);
            finding
                .pages
                .iter()
                .filter_map(|slug| kb.page(slug))
                .map(|page| guide(in_language(page, kb, reader), kb, &params))
                .collect()
        })
        .collect();
    let lead = lead_event(&report).map(|(index, _)| index);
    let lab_notes = lead
        .map(|index| lab_notes::lab_notes(&report, index, text, kb))
        .unwrap_or_default();
    let fallback = if report.events.is_empty() {
        fallback::pages_mentioning(text, kb, reader)
    } else {
        Vec::new()
    };
    Advice {
        report,
        guides,
        lead,
        lab_notes,
        fallback,
    }
}

/// `page` in `reader`'s language when it has a translation in it, else `page`.
pub fn in_language<'a>(page: &'a Page, kb: &'a KnowledgeBase, reader: Lang) -> &'a Page {
    if page.lang == reader {
        return page;
    }
    page.translation
        .as_deref()
        .and_then(|slug| kb.page(slug))
        .filter(|other| other.lang == reader)
        .unwrap_or(page)
}

fn guide(
    page: &Page,
    kb: &KnowledgeBase,
    params: &std::collections::HashMap<String, String>,
) -> Guide {
    Guide {
        slug: page.slug.clone(),
        title: page.title.clone(),
        lang: page.lang,
        url: page.url(),
        summary: page.summary.clone(),
        translation: page
            .translation
            .as_deref()
            .and_then(|slug| kb.page(slug))
            .map(|other| Translation {
                url: other.url(),
                lang: other.lang,
            }),
        snippet: page.key_snippet.as_ref().map(|snippet| Snippet {
            lang: snippet.lang.clone(),
            code: snippet.fill(params),
        }),
    }
}

impl Advice {
    /// A read without a knowledge base to consult (it could not be loaded): the report as it is,
    /// no guides, no notes.
    pub fn without_guides(read: patterns::Read) -> Advice {
        let mut report = read.report;
        report.summary.dropped_events += read.dropped_hits;
        let guides = vec![Vec::new(); report.findings.len()];
        let lead = lead_event(&report).map(|(index, _)| index);
        Advice {
            report,
            guides,
            lead,
            lab_notes: Vec::new(),
            fallback: Vec::new(),
        }
    }

    /// The shape the JSON API and `oomlens diagnose --json` print: the report, each finding with
    /// its guides (`slug`, `title`, `lang`, `url`).
    pub fn json(&self) -> ReportWithGuides<'_> {
        ReportWithGuides::new(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSAGE: &str = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.65 GiB of which 1.20 GiB is free. Including non-PyTorch memory, this process has 22.44 GiB memory in use. Of the allocated memory 16.12 GiB is allocated by PyTorch, and 5.91 GiB is reserved by PyTorch but unallocated.";

    /// A Chinese reader gets each guide's Chinese version where it exists, its snippet filled
    /// from the same numbers, the English one as its translation; the report is the same.
    #[test]
    fn guides_follow_the_reader() {
        let (kb, _) = KnowledgeBase::load_pages(kb::LoadOptions::default())
            .unwrap_or_else(|e| panic!("built-in pages: {e}"));
        let english = advise(MESSAGE, &kb);
        let chinese = advise_in(MESSAGE, &kb, Lang::Zh);
        assert_eq!(english.report, chinese.report);
        let first_en = &english.guides[0][0];
        let first_zh = &chinese.guides[0][0];
        assert_eq!(first_en.lang, Lang::En);
        assert_eq!(first_zh.lang, Lang::Zh);
        let translation = first_zh
            .translation
            .as_ref()
            .unwrap_or_else(|| panic!("a translation"));
        assert_eq!(translation.url, first_en.url);
        assert_eq!(
            kb.page(&first_en.slug).and_then(|p| p.translation.clone()),
            Some(first_zh.slug.clone())
        );
        // the same numbers fill both snippets
        let (en, zh) = (first_en.snippet.as_ref(), first_zh.snippet.as_ref());
        if let (Some(en), Some(zh)) = (en, zh) {
            for number in ["2.00", "2048", "23.65"] {
                assert_eq!(
                    en.code.contains(number),
                    zh.code.contains(number),
                    "{number}"
                );
            }
        }
    }
}
