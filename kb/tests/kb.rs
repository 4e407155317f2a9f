//! Loading, rendering and checking pages: the fixture library in tests/fixtures and the bad pages in
//! tests/bad.

use std::path::PathBuf;

use kb::{check_content, KnowledgeBase, Lang, LoadOptions, PageOrigin, PageSource};

fn dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

fn fixtures() -> KnowledgeBase {
    let (kb, problems) = KnowledgeBase::load_with(LoadOptions {
        builtin: false,
        extra_dirs: vec![dir("fixtures")],
        ..LoadOptions::default()
    })
    .expect("fixture library loads");
    // The hostile page has a fence with a weird language; nothing else is wrong.
    assert!(problems.is_empty(), "{problems:?}");
    kb
}

#[test]
fn loads_pages_in_order_with_lookups() {
    let kb = fixtures();
    let slugs: Vec<&str> = kb.pages().iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "fragmentation",
            "xss-attempts",
            "mixed-precision",
            "other-processes",
            "batch-size",
            // Chinese titles sort by code point: GPU, 减, 恶, 显, 混.
            "other-processes-zh",
            "batch-size-zh",
            "xss-attempts-zh",
            "fragmentation-zh",
            "mixed-precision-zh",
        ]
    );
    let page = kb.page("fragmentation").expect("page");
    assert_eq!(page.lang, Lang::En);
    assert_eq!(page.translation.as_deref(), Some("fragmentation-zh"));
    assert!(matches!(page.origin, PageOrigin::Lab { .. }));
    let toc: Vec<(u8, &str)> = page.toc.iter().map(|t| (t.level, t.id.as_str())).collect();
    assert_eq!(
        toc,
        [(2, "signs-in-the-message"), (2, "fix-expandable-segments")]
    );
    assert!(page.html.contains("<table>"));
    assert!(page
        .html
        .contains(r#"<h1 id="fragmentation-reserved-memory-the-allocator-cannot-use">"#));
    assert!(kb.page("nope").is_none());

    let key = page.key_snippet.as_ref().expect("key snippet");
    assert_eq!(key.lang, "bash");
    assert!(key.code.contains("{{max_split_size_mb|128}}"));
    assert!(key.with_defaults().ends_with("max_split_size_mb:128\n"));
    assert!(page.html.contains("key-snippet"));
    assert!(!page.html.contains("{{"));

    let zh = kb.page("fragmentation-zh").expect("zh page");
    assert_eq!(zh.toc[0].id, "解决办法");
}

#[test]
fn addressing_tags_and_related() {
    let kb = fixtures();
    let slugs = |pages: Vec<&kb::Page>| pages.iter().map(|p| p.slug.clone()).collect::<Vec<_>>();
    assert_eq!(
        slugs(kb.pages_addressing("fragmentation", Lang::En)),
        ["fragmentation"]
    );
    assert_eq!(
        slugs(kb.pages_addressing("fragmentation", Lang::Zh)),
        ["fragmentation-zh"]
    );
    // near-capacity: mixed-precision lists it first, batch-size second.
    assert_eq!(
        slugs(kb.pages_addressing("near-capacity", Lang::En)),
        ["mixed-precision", "batch-size"]
    );
    assert!(kb.pages_addressing("kv-cache", Lang::En).is_empty());

    let tags = kb.tags(Some(Lang::En));
    assert!(tags.contains(&("allocator".to_string(), 1)));
    assert_eq!(
        kb.tags(None)
            .iter()
            .find(|t| t.0 == "precision")
            .map(|t| t.1),
        Some(2)
    );

    assert_eq!(slugs(kb.related("fragmentation", 5)), Vec::<String>::new());
    assert_eq!(slugs(kb.related("batch-size", 5)), ["mixed-precision"]);
    assert!(kb.related("missing", 3).is_empty());
}

#[test]
fn lab_pages_replace_built_ins_and_bad_pages_are_skipped() {
    let good = "---\ntitle: \"Ours\"\nslug: batch-size\nlang: en\ntags: [lab]\naddresses: []\nsummary: \"lab\"\npatterns: ['NCCL error: unhandled system error']\n---\n\n# Ours\n";
    let (kb, problems) = KnowledgeBase::load_with(LoadOptions {
        builtin: false,
        extra_dirs: vec![dir("fixtures")],
        extra_pages: vec![
            PageSource {
                name: "wiki/batch-size".into(),
                source: good.into(),
            },
            PageSource {
                name: "wiki/broken".into(),
                source: "no front matter".into(),
            },
        ],
        ..LoadOptions::default()
    })
    .expect("loads");
    assert_eq!(
        kb.page("batch-size").map(|p| p.title.as_str()),
        Some("Ours")
    );
    assert_eq!(kb.pages().len(), 10);
    let messages: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        messages,
        ["wiki/broken:1: no front matter: the file must start with a `---` line"]
    );
    let matching = kb.pages_matching("RuntimeError: NCCL error: unhandled system error, v2.18");
    assert_eq!(
        matching.iter().map(|p| p.slug.as_str()).collect::<Vec<_>>(),
        ["batch-size"]
    );
    assert!(kb.pages_matching("all good").is_empty());
    assert!(kb
        .search(&kb::SearchRequest::new("Ours"))
        .hits
        .iter()
        .any(|h| h.slug == "batch-size"));
}

#[test]
fn missing_dirs_are_problems_not_errors() {
    let (kb, problems) = KnowledgeBase::load(&[dir("no-such-dir")]).expect("loads");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.starts_with("cannot read"));
    let _ = kb.pages();
}

#[test]
fn check_content_reports_every_rule() {
    let problems: Vec<String> = check_content(&dir("bad"))
        .iter()
        .map(|p| {
            let s = p.to_string();
            s.split_once("tests/bad/")
                .map_or(s.clone(), |(_, rest)| rest.to_string())
        })
        .collect();
    let expected = [
        "en/bad-keys.md:5: translation `no-such-page` does not exist",
        "en/bad-keys.md:9: unknown finding id `not-a-finding` in `addresses`",
        "en/bad-keys.md:11: invalid regex in `patterns` \"(unclosed\": unclosed group",
        "en/bad-keys.md:12: unknown front-matter key `colour`",
        "en/broken-yaml.md:",
        "en/dup.md:3: file name does not match slug `good` (expected good.md)",
        "en/good.md:3: duplicate slug `good` (also ",
        "en/good.md:13: broken internal link `/kb/nowhere`: no page `nowhere`",
        "en/good.md:15: code block without a language (```python, ```bash, ```text, ...)",
        "en/missing.md:1: missing required key `slug`",
        "en/one-sided.md:5: one-sided translation: `good-zh` names `good` as its translation",
    ];
    for want in expected {
        assert!(
            problems.iter().any(|p| p.starts_with(want)),
            "missing {want:?} in {problems:#?}"
        );
    }
    assert_eq!(problems.len(), expected.len(), "{problems:#?}");
    assert!(
        check_content(&dir("fixtures")).is_empty(),
        "{:#?}",
        check_content(&dir("fixtures"))
    );
}

#[test]
fn index_can_live_in_a_directory_and_is_rebuilt() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let index_dir = tmp.path().join("index");
    for _ in 0..2 {
        let (kb, problems) = KnowledgeBase::load_with(LoadOptions {
            builtin: false,
            extra_dirs: vec![dir("fixtures")],
            index_dir: Some(index_dir.clone()),
            ..LoadOptions::default()
        })
        .expect("index in a directory");
        assert!(problems.is_empty());
        let results = kb.search(&kb::SearchRequest::new("显存碎片"));
        assert_eq!(
            results.hits.first().map(|h| h.slug.as_str()),
            Some("fragmentation-zh")
        );
        assert_eq!(kb.stats().pages, 10);
    }
    assert!(index_dir.join("meta.json").is_file());
}

#[test]
fn pages_without_an_index_are_the_same_pages_and_search_finds_nothing() {
    let (full, _) = kb::KnowledgeBase::load(&[]).expect("full");
    let (pages_only, problems) =
        kb::KnowledgeBase::load_pages(kb::LoadOptions::default()).expect("pages only");
    assert!(problems.is_empty());
    let slugs = |kb: &kb::KnowledgeBase| {
        kb.pages()
            .iter()
            .map(|p| p.slug.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(slugs(&pages_only), slugs(&full));
    assert_eq!(
        pages_only
            .pages_addressing("fragmentation", kb::Lang::En)
            .len(),
        full.pages_addressing("fragmentation", kb::Lang::En).len()
    );
    assert_eq!(
        pages_only
            .search(&kb::SearchRequest::new("fragmentation"))
            .total,
        0
    );
    // Looked up, never shown: no HTML, but the same words, contents and key snippet, which is
    // what ranking guides and the terminal need.
    for (lean, whole) in pages_only.pages().iter().zip(full.pages()) {
        assert!(lean.html.is_empty(), "{}", lean.slug);
        assert!(!whole.html.is_empty(), "{}", whole.slug);
        assert_eq!(lean.text, whole.text, "{}", lean.slug);
        assert_eq!(lean.toc, whole.toc, "{}", lean.slug);
        assert_eq!(lean.key_snippet, whole.key_snippet, "{}", lean.slug);
    }
}

#[test]
fn every_finding_id_is_addressed_in_both_languages() {
    let (kb, _) = kb::KnowledgeBase::load(&[]).expect("built-in library");
    for id in kb::FINDING_IDS {
        for lang in [kb::Lang::En, kb::Lang::Zh] {
            let addressing = kb
                .pages()
                .iter()
                .filter(|p| p.lang == lang && p.addresses.iter().any(|a| a == id))
                .count();
            assert!(addressing > 0, "no {lang} page addresses `{id}`");
        }
    }
}
