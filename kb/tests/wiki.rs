//! The wiki's pages over the built-in library and the lab's folders: shown, searchable at once,
//! shadowing and letting go of an original, hidden when deleted.

use kb::{KnowledgeBase, LoadOptions, PageOrigin, SearchRequest, WikiChange, WikiPage};

fn search_slugs(kb: &KnowledgeBase, query: &str) -> Vec<String> {
    kb.search(&SearchRequest {
        query: query.into(),
        tag: None,
        lang: None,
        limit: 10,
    })
    .hits
    .into_iter()
    .map(|h| h.slug)
    .collect()
}

fn next(kb: &KnowledgeBase, changes: &[WikiChange]) -> KnowledgeBase {
    kb.with_wiki(changes)
        .unwrap_or_else(|e| panic!("{e}"))
        .knowledge
        .unwrap_or_else(|| panic!("a new generation"))
}

fn show(slug: &str, revision: i64, source: &str) -> WikiChange {
    WikiChange::Show(WikiPage {
        slug: slug.into(),
        revision,
        source: source.into(),
    })
}

const NOTE: &str = "---\ntitle: \"Zebra allocator on our A100 nodes\"\nslug: zebra-alloc\nlang: en\n\
                    tags: [lab]\naddresses: [fragmentation]\n---\n\n# Zebra allocator on our A100 nodes\n\n\
                    Set quokkafactor to 3 before the run.\n";

#[test]
fn a_wiki_page_is_shown_and_searchable_at_once() {
    let (kb, _) =
        KnowledgeBase::load_with(LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(search_slugs(&kb, "quokkafactor").is_empty());
    let kb = next(&kb, &[show("zebra-alloc", 7, NOTE)]);
    let page = kb.page("zebra-alloc").unwrap_or_else(|| panic!("shown"));
    assert_eq!(page.origin, PageOrigin::Wiki { revision: 7 });
    assert!(page.origin.is_lab());
    assert_eq!(
        search_slugs(&kb, "quokkafactor"),
        vec!["zebra-alloc".to_string()]
    );
    assert!(kb.original("zebra-alloc").is_none(), "nothing under it");
    // a new revision replaces the old in the index
    let kb = next(
        &kb,
        &[show(
            "zebra-alloc",
            8,
            &NOTE.replace("quokkafactor", "wombatlevel"),
        )],
    );
    assert!(search_slugs(&kb, "quokkafactor").is_empty());
    assert_eq!(
        search_slugs(&kb, "wombatlevel"),
        vec!["zebra-alloc".to_string()]
    );
    // deleted: gone from pages and search
    let kb = next(&kb, &[WikiChange::Hide("zebra-alloc".into())]);
    assert!(kb.page("zebra-alloc").is_none());
    assert!(search_slugs(&kb, "wombatlevel").is_empty());
    assert!(kb.is_hidden("zebra-alloc"));
}

#[test]
fn a_wiki_edit_shadows_a_built_in_page_and_lets_go_of_it() {
    let (kb, _) =
        KnowledgeBase::load_with(LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let built_in = kb
        .page("fragmentation")
        .unwrap_or_else(|| panic!("built in"))
        .clone();
    let (under, text) = kb
        .original("fragmentation")
        .unwrap_or_else(|| panic!("original"));
    assert_eq!(under.title, built_in.title);
    assert!(
        text.starts_with("---\n") && text.contains("slug: fragmentation"),
        "{text}"
    );
    let edited = text.replacen("\n# ", "\nA lab line about kangarooflag.\n\n# ", 1);
    let kb = next(&kb, &[show("fragmentation", 3, &edited)]);
    let page = kb.page("fragmentation").unwrap_or_else(|| panic!("shown"));
    assert_eq!(page.origin, PageOrigin::Wiki { revision: 3 });
    assert_eq!(
        search_slugs(&kb, "kangarooflag"),
        vec!["fragmentation".to_string()]
    );
    // the original is still what is under it
    assert_eq!(kb.original("fragmentation").map(|(_, t)| t), Some(text));
    let kb = next(&kb, &[WikiChange::Release("fragmentation".into())]);
    let page = kb.page("fragmentation").unwrap_or_else(|| panic!("back"));
    assert_eq!(page.origin, PageOrigin::BuiltIn);
    assert!(search_slugs(&kb, "kangarooflag").is_empty());
    // hiding a built-in page, then letting go of it, shows it again
    let kb = next(&kb, &[WikiChange::Hide("fragmentation".into())]);
    assert!(kb.page("fragmentation").is_none());
    let kb = next(&kb, &[WikiChange::Release("fragmentation".into())]);
    assert!(kb.page("fragmentation").is_some());
}

#[test]
fn a_lab_refresh_keeps_the_wiki_pages() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("a.md"), "# A note\n\nfirst\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let options = LoadOptions {
        builtin: false,
        extra_dirs: vec![dir.path().to_path_buf()],
        ..LoadOptions::default()
    };
    let (kb, _) = KnowledgeBase::load_with(options).unwrap_or_else(|e| panic!("{e}"));
    let kb = next(&kb, &[show("zebra-alloc", 1, NOTE)]);
    std::fs::write(dir.path().join("b.md"), "# B note\n\nsecond\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let kb = kb
        .refresh(&[])
        .unwrap_or_else(|e| panic!("{e}"))
        .knowledge
        .unwrap_or_else(|| panic!("b came"));
    assert!(kb.page("b").is_some());
    assert!(kb.page("zebra-alloc").is_some(), "the wiki page stayed");
}

/// A generation keeps its answers (the second is the first, bar the time taken); the next
/// generation answers from its own pages, not from what the one before kept.
#[test]
fn kept_answers_belong_to_their_generation() {
    let (kb, _) =
        KnowledgeBase::load_with(LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let req = SearchRequest::new("quokkafactor fragmentation");
    let first = kb.search(&req);
    let again = kb.search(&req);
    assert!(!first.hits.is_empty());
    assert_eq!(again.hits, first.hits);
    assert_eq!(again.total, first.total);
    let kb = next(&kb, &[show("zebra-alloc", 7, NOTE)]);
    let after = kb.search(&req);
    assert_eq!(
        after.hits.first().map(|h| h.slug.as_str()),
        Some("zebra-alloc")
    );
    assert_eq!(after.total, first.total + 1);
}
