//! `cargo +nightly fuzz run search_query`: any text as a search query (Chinese and English
//! tokenizers, the glossary, bigrams, filters) answers without panicking, within its limit.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

static KB: LazyLock<Option<kb::KnowledgeBase>> =
    LazyLock::new(|| kb::KnowledgeBase::load(&[]).ok().map(|(kb, _)| kb));

fuzz_target!(|data: &[u8]| {
    let Some(kb) = KB.as_ref() else {
        return;
    };
    let text = String::from_utf8_lossy(data);
    let mut request = kb::SearchRequest::new(text.as_ref());
    request.limit = 5;
    let results = kb.search(&request);
    assert!(results.hits.len() <= 5);
});
