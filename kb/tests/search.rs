//! Search over the fixture library (tests/fixtures): which page comes first for English, Chinese,
//! mixed, misspelled and partial queries; Chinese substrings; filters; hostile pages and inputs.

use std::path::PathBuf;
use std::sync::OnceLock;

use kb::{KnowledgeBase, Lang, LoadOptions, SearchRequest, SearchResults};

fn kb() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(|| {
        let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let options = LoadOptions {
            builtin: false,
            extra_dirs: vec![fixtures],
            ..LoadOptions::default()
        };
        KnowledgeBase::load_with(options).expect("fixtures load").0
    })
}

fn search(query: &str, lang: Option<Lang>) -> SearchResults {
    kb().search(&SearchRequest {
        query: query.into(),
        tag: None,
        lang,
        limit: 10,
    })
}

fn first(query: &str, lang: Option<Lang>) -> String {
    let results = search(query, lang);
    results
        .hits
        .first()
        .map(|h| h.slug.clone())
        .unwrap_or_else(|| format!("no hit for {query:?}"))
}

#[test]
fn english_queries() {
    assert_eq!(first("gradient accumulation", None), "batch-size");
    assert_eq!(first("reserved memory allocator", None), "fragmentation");
    assert_eq!(first("nvidia-smi", Some(Lang::En)), "other-processes");
    assert_eq!(first("Reducing the batch", Some(Lang::En)), "batch-size");
    assert_eq!(
        first("expandable segments", Some(Lang::En)),
        "fragmentation"
    );
    // stemming: "processes" / "process", "reduce" / "reducing"
    assert_eq!(first("zombie process", None), "other-processes");
    assert_eq!(first("reduce batch", Some(Lang::En)), "batch-size");
}

#[test]
fn chinese_queries() {
    assert_eq!(first("显存碎片", None), "fragmentation-zh");
    assert_eq!(first("梯度累积", None), "batch-size-zh");
    assert_eq!(first("混合精度", None), "mixed-precision-zh");
    assert_eq!(first("僵尸进程", None), "other-processes-zh");
    assert_eq!(first("显存碎片怎么办", None), "fragmentation-zh");
}

#[test]
fn chinese_substrings_of_words() {
    // 安装简单 is one jieba word; 简单 must still find it, and 处理 inside 待处理.
    assert_eq!(first("简单", None), "batch-size-zh");
    assert_eq!(first("处理", None), "fragmentation-zh");
    assert_eq!(first("碎成", None), "fragmentation-zh");
    let hit = &search("简单", None).hits[0];
    assert!(hit.snippet.contains("<mark>简单</mark>"), "{}", hit.snippet);
    let hit = &search("处理", None).hits[0];
    assert!(
        hit.snippet.contains("待<mark>处理</mark>"),
        "{}",
        hit.snippet
    );
}

#[test]
fn mixed_queries() {
    assert_eq!(first("GradScaler 混合精度", None), "mixed-precision-zh");
    assert_eq!(first("nvidia-smi 进程", None), "other-processes-zh");
    assert_eq!(first("expandable_segments 碎片", None), "fragmentation-zh");
}

#[test]
fn misspelled_queries() {
    assert_eq!(first("fragmentaton", Some(Lang::En)), "fragmentation");
    assert_eq!(first("acumulation", None), "batch-size");
    assert_eq!(first("gradeint acumulaton", None), "batch-size");
    assert_eq!(first("autocats", Some(Lang::En)), "mixed-precision");
    // four letters: no typo allowed ...
    assert_eq!(search("zzzz ", None).total, 0);
    // ... but a short last word is still a prefix
    assert_eq!(first("batc", Some(Lang::En)), "batch-size");
    assert_eq!(search("zzzz", None).total, 0);
}

#[test]
fn partial_queries() {
    assert_eq!(first("frag", Some(Lang::En)), "fragmentation");
    assert_eq!(first("autoc", Some(Lang::En)), "mixed-precision");
    assert_eq!(first("gradient accum", None), "batch-size");
    assert_eq!(first("nvidia-s", Some(Lang::En)), "other-processes");
    // a finished word (trailing space) is not a prefix
    assert_eq!(search("autoc ", None).total, 0);
}

#[test]
fn title_and_tag_boosts() {
    // "precision" is in both precision pages' titles and tags, and in passing elsewhere.
    let results = search("precision", Some(Lang::En));
    assert_eq!(results.hits[0].slug, "mixed-precision");
    // "allocator" is fragmentation's tag and title word.
    assert_eq!(first("allocator", Some(Lang::En)), "fragmentation");
}

#[test]
fn filters_and_empty_query() {
    let by_tag = kb().search(&SearchRequest {
        query: String::new(),
        tag: Some("precision".into()),
        lang: None,
        limit: 0,
    });
    let slugs: Vec<&str> = by_tag.hits.iter().map(|h| h.slug.as_str()).collect();
    assert_eq!(slugs, ["mixed-precision", "mixed-precision-zh"]);
    assert_eq!(by_tag.total, 2);

    let zh_only = kb().search(&SearchRequest {
        query: "GradScaler".into(),
        tag: None,
        lang: Some(Lang::Zh),
        limit: 10,
    });
    assert!(zh_only.hits.iter().all(|h| h.lang == Lang::Zh));
    assert_eq!(zh_only.hits[0].slug, "mixed-precision-zh");

    let all = search("   ", None);
    assert_eq!(all.total, kb().pages().len());
    assert_eq!(search("!!! ??? 😀", None).total, 0);
    let limited = kb().search(&SearchRequest {
        query: String::new(),
        tag: None,
        lang: None,
        limit: 3,
    });
    assert_eq!((limited.total, limited.hits.len()), (10, 3));
    let none = kb().search(&SearchRequest {
        query: "memory".into(),
        tag: Some("no-such-tag".into()),
        lang: None,
        limit: 10,
    });
    assert_eq!(none.total, 0);
}

#[test]
fn hits_serialize_as_the_spec() {
    let results = search("显存碎片", None);
    let json = serde_json::to_value(&results).expect("json");
    assert_eq!(json["query"], "显存碎片");
    assert!(json["took_ms"].is_number());
    let hit = &json["hits"][0];
    assert_eq!(hit["slug"], "fragmentation-zh");
    assert_eq!(hit["title"], "显存碎片与 expandable_segments");
    assert_eq!(hit["lang"], "zh");
    assert_eq!(
        hit["tags"],
        serde_json::json!(["allocator", "fragmentation"])
    );
    assert_eq!(
        hit["addresses"],
        serde_json::json!(["fragmentation", "free-exceeds-request"])
    );
    assert_eq!(hit["url"], "/kb/fragmentation-zh");
    assert!(hit["score"].as_f64().unwrap_or(0.0) > 0.0);
    assert!(
        hit["snippet"]
            .as_str()
            .unwrap_or("")
            .contains("<mark>显存碎片</mark>"),
        "{hit}"
    );
    let keys: Vec<&String> = hit
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys.len(), 8);
}

/// Markup that must never come out. (In snippets, page text like a summary that *mentions*
/// `<script>` comes out escaped: `&lt;script&gt;`, which is fine.)
const DANGEROUS: &[&str] = &[
    "<script",
    "javascript:",
    "JAVASCRIPT:",
    "onerror",
    "onclick",
    "onmouseover",
    "<iframe",
    "data:text/html",
    "<img",
    "<b ",
];

#[test]
fn xss_in_pages_never_reaches_output() {
    for slug in ["xss-attempts", "xss-attempts-zh"] {
        let page = kb().page(slug).expect("hostile page loads");
        for bad in DANGEROUS.iter().chain(&["alert("]) {
            assert!(
                !page.html.contains(bad),
                "{bad} in html of {slug}: {}",
                page.html
            );
        }
    }
    for query in [
        "canary",
        "alert",
        "script",
        "xss",
        "javascript",
        "hostile",
        "summary attacks",
        "恶意",
        "点这里",
    ] {
        for hit in search(query, None).hits {
            for bad in DANGEROUS {
                assert!(
                    !hit.snippet.contains(bad),
                    "{bad} in snippet for {query:?}: {}",
                    hit.snippet
                );
            }
        }
    }
}

fn hostile_inputs() -> Vec<String> {
    let mut inputs: Vec<String> = [
        "",
        " ",
        "\t\n",
        "\"",
        "\"unclosed",
        "''",
        "(",
        ")",
        "((a)",
        "[",
        "]",
        "[1 TO 5]",
        "{",
        "}",
        "AND",
        "OR",
        "NOT",
        "a AND b",
        "memory OR",
        "NOT memory",
        "-",
        "--",
        "-memory",
        "+memory",
        ":",
        "title:memory",
        "slug:",
        "*",
        "mem*",
        "?",
        "~",
        "memory~2",
        "^2",
        "memory^10",
        "\\",
        "/",
        "//",
        "\\\"",
        "field:\"x\"",
        "😀",
        "🔥 OOM 🔥",
        "\u{0}",
        "\u{202e}evil",
        "\u{200b}",
        "İstanbul",
        "ǅ",
        "e\u{301}",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "%s %n %x",
        "${jndi:ldap://x}",
        "，。！？",
        "显",
        "的",
        "「显存」",
        "CUDA out of memory. Tried to allocate 2.00 GiB",
        "torch.OutOfMemoryError: CUDA out of memory.",
        "max_split_size_mb:128",
        "0x7f 0xdeadbeef",
        "\u{FFFD}\u{FFFF}",
        "𠀀𠀁𠀂",
        "ａｂｃ",
        "mem mem mem mem mem mem mem mem mem mem mem",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    inputs.push("a".repeat(10_000));
    inputs.push("显存".repeat(5_000));
    inputs.push("(".repeat(10_000));
    inputs.push("a ".repeat(5_000));
    let log_line = "RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 15.78 GiB total capacity; 14.21 GiB already allocated; 3.06 MiB free; 14.71 GiB reserved in total by PyTorch) If reserved memory is >> allocated memory try setting max_split_size_mb to avoid fragmentation.  See documentation for Memory Management and PYTORCH_CUDA_ALLOC_CONF\n";
    inputs.push(log_line.repeat(10_240 / log_line.len() + 1));
    inputs
}

#[test]
fn hostile_inputs_never_fail() {
    for input in hostile_inputs() {
        for (tag, lang) in [
            (None, None),
            (Some("\"]*:".to_string()), Some(Lang::Zh)),
            (Some("allocator".into()), Some(Lang::En)),
        ] {
            for limit in [0, 1, usize::MAX] {
                let req = SearchRequest {
                    query: input.clone(),
                    tag: tag.clone(),
                    lang,
                    limit,
                };
                let results = kb().search(&req);
                assert!(results.hits.len() <= results.total, "{input:?}");
                assert!(results.hits.len() <= 200);
                for hit in &results.hits {
                    assert_eq!(
                        hit.snippet.matches("<mark>").count(),
                        hit.snippet.matches("</mark>").count()
                    );
                    assert!(!hit.snippet.contains("<script"), "{input:?}");
                }
            }
        }
    }
}

#[test]
fn a_pasted_log_finds_the_fragmentation_page() {
    let log = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 15.78 GiB of which 3.06 MiB is free. Of the allocated memory 14.21 GiB is allocated by PyTorch, and 500 MiB is reserved by PyTorch but unallocated. If reserved but unallocated memory is large try setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.";
    assert_eq!(first(log, Some(Lang::En)), "fragmentation");
}

/// A joined word (`nvidia-smi`, `empty_cache`) needs all its parts in one page; the same words
/// apart fall back to pages with any of them when no page has all.
#[test]
fn joined_words_need_all_their_parts() {
    let page = |slug: &str, body: &str| {
        kb::PageSource {
        name: format!("{slug}.md"),
        source: format!(
            "---\ntitle: {slug}\nslug: {slug}\nlang: en\ntags: []\naddresses: []\nsummary: {slug}\n---\n# {slug}\n\n{body}\n"
        ),
    }
    };
    let options = LoadOptions {
        builtin: false,
        extra_pages: vec![
            page("driver", "Update the nvidia driver first."),
            page("tool", "The smi tool prints a table."),
            page("both", "Run nvidia-smi and read the process table."),
        ],
        ..LoadOptions::default()
    };
    let (kb, _) = KnowledgeBase::load_with(options).expect("pages load");
    let slugs = |q: &str| -> Vec<String> {
        kb.search(&SearchRequest::new(q))
            .hits
            .into_iter()
            .map(|h| h.slug)
            .collect()
    };
    assert_eq!(slugs("nvidia-smi"), ["both"]);
    // No page has both words: any one will do, but `tool` has only a part of the joined one.
    let mut loose = slugs("nvidia-smi driver");
    loose.sort();
    assert_eq!(loose, ["both", "driver"]);
}
