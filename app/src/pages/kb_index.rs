//! `/kb?lang=`: every page of one language, grouped by tag.

use std::collections::BTreeMap;

use kb::{Lang, Page, PageOrigin};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::query::search_href;
use crate::context::SiteContext;

/// The knowledge-base index: a card per tag with its pages.
#[component]
pub fn KbIndexPage() -> impl IntoView {
    let site = expect_context::<SiteContext>();
    let knowledge = site.kb();
    let lang = use_query_map()
        .get_untracked()
        .get("lang")
        .and_then(|lang| lang.parse::<Lang>().ok())
        .unwrap_or(Lang::En);
    let pages: Vec<&Page> = knowledge
        .pages()
        .iter()
        .map(|page| page.as_ref())
        .filter(|page| page.lang == lang)
        .collect();
    let mut by_tag: BTreeMap<&str, Vec<&Page>> = BTreeMap::new();
    for page in &pages {
        if page.tags.is_empty() {
            by_tag.entry("untagged").or_default().push(page);
        }
        for tag in &page.tags {
            by_tag.entry(tag.as_str()).or_default().push(page);
        }
    }
    let (heading, intro) = match lang {
        Lang::En => (
            "Knowledge base",
            "Guides for every kind of memory failure, and the lab's own notes.",
        ),
        Lang::Zh => (
            "知识库",
            "各类显存与内存问题的排查指南，以及实验室自己的笔记。",
        ),
    };
    let count = pages.len();
    let groups = by_tag
        .into_iter()
        .map(|(tag, pages)| {
            let href = search_href("", Some(tag), Some(lang));
            let items = pages
                .into_iter()
                .map(|page| {
                    let lab = matches!(page.origin, PageOrigin::Lab { .. });
                    view! {
                        <li>
                            <a href=format!("/kb/{}", page.slug)>{page.title.clone()}</a>
                            {lab.then(|| view! { " " <span class="lab-badge">"lab"</span> })}
                            <p>{page.summary.clone()}</p>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="card tag-group">
                    <h2><a href=href>{tag.to_string()}</a></h2>
                    <ul>{items}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text=heading/>
        <div class="kb-head">
            <div>
                <h1>{heading}</h1>
                <p class="lede">{intro} " " <span class="muted">{format!("{count} pages.")}</span></p>
            </div>
            <nav class="lang-switch" aria-label="Language">
                <a href="/kb?lang=en" aria-current=(lang == Lang::En).then_some("true")>"English"</a>
                <a href="/kb?lang=zh" aria-current=(lang == Lang::Zh).then_some("true")>"中文"</a>
            </nav>
        </div>
        <div class="tag-groups">{groups}</div>
    }
}
