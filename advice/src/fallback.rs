//! A paste with no memory event: the pages that mention its words, so the reader still has
//! somewhere to go, each in the reader's language where it has a translation (a paste is nearly
//! always English, so the words alone would send a Chinese reader to English pages).

use std::collections::HashSet;

use kb::{Hit, KnowledgeBase, Lang, SearchRequest};

use crate::in_language;

/// Pages listed at most.
pub const FALLBACK_HITS: usize = 5;
/// Words of the paste searched for at most (a long log's first words say what it is).
const QUERY_WORDS: usize = 200;

/// The pages of `kb` that best match the words of `text`, best first, at most [`FALLBACK_HITS`].
/// A hit on a page that has a translation in `reader`'s language is shown as that translation
/// (same rank and score, its own excerpt around the paste's words); a page and its translation
/// are listed once.
pub fn pages_mentioning(text: &str, kb: &KnowledgeBase, reader: Lang) -> Vec<Hit> {
    let query = words_of(text);
    if query.is_empty() {
        return Vec::new();
    }
    // Twice the list: a page and its translation can both match, and they count once.
    let found = kb.search(&SearchRequest {
        query: query.clone(),
        tag: None,
        lang: None,
        limit: FALLBACK_HITS * 2,
    });
    let mut listed = HashSet::new();
    found
        .hits
        .into_iter()
        .filter_map(|hit| {
            let shown = kb
                .page(&hit.slug)
                .map(|page| in_language(page, kb, reader))
                .filter(|page| page.slug != hit.slug);
            let hit = match shown {
                Some(page) => {
                    let snippet = kb::search::excerpt(page, query.split(' '));
                    Hit::of(page, snippet, hit.score)
                }
                None => hit,
            };
            listed.insert(hit.slug.clone()).then_some(hit)
        })
        .take(FALLBACK_HITS)
        .collect()
}

/// The words of a paste worth searching for (no query syntax survives: quotes, `-` and `+` are
/// not words): numbers, step counters and amounts match every guide.
fn words_of(text: &str) -> String {
    kb::text::names(text)
        .filter(|word| word.chars().any(char::is_alphabetic))
        .take(QUERY_WORDS)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_punctuation_are_not_searched() {
        assert_eq!(
            words_of("step 1200 (loss=0.31) [NCCL] 'ncclUnhandledCudaError', -x \"nanoGPT训练\""),
            "step loss NCCL ncclUnhandledCudaError x nanoGPT 训练"
        );
    }

    fn library() -> KnowledgeBase {
        KnowledgeBase::load(&[])
            .expect("the built-in library loads")
            .0
    }

    fn slugs(hits: &[Hit]) -> Vec<&str> {
        hits.iter().map(|hit| hit.slug.as_str()).collect()
    }

    #[test]
    fn a_chinese_reader_gets_the_same_pages_in_chinese() {
        let kb = library();
        let paste = "RuntimeError: Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!";
        let english = pages_mentioning(paste, &kb, Lang::En);
        let chinese = pages_mentioning(paste, &kb, Lang::Zh);
        assert_eq!(
            slugs(&english),
            [
                "cpu-fallback",
                "bf16-vs-fp16",
                "inference-mode",
                "host-ram",
                "fragmentation"
            ],
        );
        assert_eq!(
            slugs(&chinese),
            [
                "cpu-fallback-zh",
                "bf16-vs-fp16-zh",
                "inference-mode-zh",
                "host-ram-zh",
                "fragmentation-zh"
            ],
        );
        assert!(chinese
            .iter()
            .all(|hit| hit.lang == Lang::Zh && hit.url == format!("/kb/{}", hit.slug)));
        let scores = |hits: &[Hit]| hits.iter().map(|hit| hit.score).collect::<Vec<_>>();
        assert_eq!(
            scores(&english),
            scores(&chinese),
            "the rank is the search's"
        );
    }

    #[test]
    fn a_page_and_its_translation_are_listed_once() {
        let kb = library();
        // Chinese and English words: both versions of the fragmentation guide match.
        let chinese = pages_mentioning("显存碎片 fragmentation expandable_segments", &kb, Lang::Zh);
        let listed = slugs(&chinese);
        assert_eq!(
            listed
                .iter()
                .filter(|slug| slug.starts_with("fragmentation"))
                .count(),
            1
        );
        assert!(listed.contains(&"fragmentation-zh"), "{listed:?}");
        assert!(chinese.iter().all(|hit| hit.lang == Lang::Zh), "{listed:?}");
    }
}
