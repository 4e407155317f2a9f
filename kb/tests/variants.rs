//! Chinese words with several spellings: a query in one spelling finds pages written in another,
//! below pages that use the query's own spelling, and the snippet marks the spelling found. And a
//! query of a single Chinese character.

use kb::{KnowledgeBase, LoadOptions, PageSource, SearchRequest};

fn page(slug: &str, title: &str, body: &str) -> PageSource {
    PageSource {
        name: format!("{slug}.md"),
        source: format!(
            "---\ntitle: {title}\nslug: {slug}\nlang: zh\ntags: [training]\naddresses: []\nsummary: {title}\n---\n# {title}\n\n{body}\n"
        ),
    }
}

fn kb() -> KnowledgeBase {
    let options = LoadOptions {
        builtin: false,
        extra_pages: vec![
            page(
                "leiji",
                "小批量训练",
                "显存不够时用梯度累积，每四步更新一次。",
            ),
            page("leijis", "另一种写法", "我们组习惯写梯度累计，效果一样。"),
            page(
                "leijia",
                "第三种写法",
                "梯度累加之后再调用 optimizer.step()。",
            ),
            page("tuiduan", "部署", "推断服务里一定要用 no_grad。"),
            page("other", "无关页面", "在显卡上做梯度裁剪可以防止梯度爆炸。"),
            page("kazhu", "训练卡住", "多进程训练时进程卡住了。"),
        ],
        ..LoadOptions::default()
    };
    let (kb, problems) = KnowledgeBase::load_with(options).unwrap_or_else(|e| panic!("load: {e}"));
    assert!(problems.is_empty(), "{problems:?}");
    kb
}

fn slugs(kb: &KnowledgeBase, query: &str) -> Vec<String> {
    kb.search(&SearchRequest::new(query))
        .hits
        .into_iter()
        .map(|h| h.slug)
        .collect()
}

#[test]
fn every_spelling_of_gradient_accumulation_finds_all_three() {
    let kb = kb();
    for (query, first) in [
        ("梯度累积", "leiji"),
        ("梯度累计", "leijis"),
        ("梯度累加", "leijia"),
    ] {
        let found = slugs(&kb, query);
        assert_eq!(found.len(), 3, "{query}: {found:?}");
        assert_eq!(
            found[0], first,
            "{query}: its own spelling first: {found:?}"
        );
        assert!(!found.contains(&"other".to_string()), "{query}: {found:?}");
    }
}

#[test]
fn the_snippet_marks_the_spelling_the_page_uses() {
    let results = kb().search(&SearchRequest::new("梯度累积"));
    let hit = results
        .hits
        .iter()
        .find(|h| h.slug == "leijis")
        .unwrap_or_else(|| panic!("{results:?}"));
    assert!(
        hit.snippet.contains("<mark>梯度累计</mark>"),
        "{}",
        hit.snippet
    );
}

#[test]
fn inference_in_either_word() {
    let kb = kb();
    assert_eq!(slugs(&kb, "推理"), ["tuiduan"]);
    assert_eq!(slugs(&kb, "推断"), ["tuiduan"]);
}

#[test]
fn a_single_character_finds_the_words_it_is_in() {
    let kb = kb();
    // In the title and twice in the text of one page; inside 显卡 in another.
    assert_eq!(slugs(&kb, "卡"), ["kazhu", "other"]);
    let results = kb.search(&SearchRequest::new("卡"));
    assert!(
        results.hits[1].snippet.contains("显<mark>卡</mark>"),
        "{}",
        results.hits[1].snippet
    );
    assert!(slugs(&kb, "鲸").is_empty());
}
