//! A paste with no memory event: the pages that mention its words, so the reader still has
//! somewhere to go.

use kb::{Hit, KnowledgeBase, SearchRequest};

/// Pages listed at most.
pub const FALLBACK_HITS: usize = 5;
/// Words of the paste searched for at most (a long log's first words say what it is).
const QUERY_WORDS: usize = 200;

/// The pages of `kb` that best match the words of `text`.
pub fn pages_mentioning(text: &str, kb: &KnowledgeBase) -> Vec<Hit> {
    let query = words_of(text);
    if query.is_empty() {
        return Vec::new();
    }
    kb.search(&SearchRequest {
        query,
        tag: None,
        lang: None,
        limit: FALLBACK_HITS,
    })
    .hits
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
}
