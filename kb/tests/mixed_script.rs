//! A Latin word written against Chinese, Japanese or Korean is a word of its own in indexing,
//! in query parsing and in highlighting alike (`kb::text` is the one place that says so).

use kb::{KnowledgeBase, LoadOptions, PageSource, SearchRequest};

const NOTE: &str = "---
title: \"混合文字的笔记\"
slug: mixed
lang: zh
tags: [lab]
addresses: []
summary: \"混合文字。\"
---

# 混合文字的笔记

我们的nanoGPT训练脚本在单卡上跑。

优化器状态（AdamW约1-2 GB）放在显存里。

日本語のメモ：PyTorchのメモリー不足。

한국어 메모: CUDA메모리 부족.
";

fn library() -> KnowledgeBase {
    let options = LoadOptions {
        builtin: false,
        extra_pages: vec![PageSource {
            name: "mixed.md".into(),
            source: NOTE.into(),
        }],
        ..LoadOptions::default()
    };
    let (kb, problems) = KnowledgeBase::load_with(options).expect("loads");
    assert!(problems.is_empty(), "{problems:?}");
    kb
}

#[test]
fn latin_words_against_han_kana_and_hangul_are_found_and_marked() {
    let kb = library();
    for (query, marked) in [
        ("nanoGPT", "<mark>nanoGPT</mark>"),
        ("nanogpt", "<mark>nanoGPT</mark>"),
        ("AdamW", "<mark>AdamW</mark>"),
        ("PyTorch", "<mark>PyTorch</mark>"),
        ("CUDA", "<mark>CUDA</mark>"),
        // written as in the note: the query is cut the same way, and the adjacent matches of
        // its two words are marked as one span
        ("nanoGPT训练脚本", "<mark>nanoGPT训练脚本</mark>"),
        ("训练", "<mark>训练</mark>"),
        ("メモリー", "<mark>メモリー</mark>"),
        ("메모리", "<mark>메모리</mark>"),
    ] {
        let results = kb.search(&SearchRequest::new(query));
        let hit = results
            .hits
            .first()
            .unwrap_or_else(|| panic!("{query:?} finds nothing"));
        assert_eq!(hit.slug, "mixed", "{query:?}");
        assert!(
            hit.snippet.contains(marked),
            "{query:?}: {marked} not in {}",
            hit.snippet
        );
    }
}
