//! `/kb?lang=`: every page of one language, grouped by tag: a card per tag with its first pages.
//! `/kb?lang=&tag=&page=`: one tag's pages, all of them, a hundred at a time. A lab folder of
//! thousands of notes keeps the overview short.

use std::collections::BTreeMap;

use crate::components::page_title::PageTitle;
use kb::{Lang, Page};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::query::encode;
use crate::context::SiteContext;
use crate::i18n::{number, tag_label, text, tr, tr_args, ui_lang};

/// Pages a tag's card shows on the overview; the card links to the rest.
pub const TAG_PREVIEW: usize = 12;
/// Pages per page of one tag's list.
pub const TAG_PAGE_SIZE: usize = 100;
/// The group of pages with no tag.
const UNTAGGED: &str = "untagged";

fn tag_href(lang: Lang, tag: &str, page: usize) -> String {
    let mut href = format!("/kb?lang={}&tag={}", lang.as_str(), encode(tag));
    if page > 1 {
        href.push_str(&format!("&page={page}"));
    }
    href
}

/// One page in a tag's list: title, "lab" when the lab wrote it, summary.
fn entry(ui: Lang, page: &Page) -> impl IntoView {
    let lab = page.origin.is_lab();
    view! {
        <li>
            <a href=page.url()>{page.title.clone()}</a>
            {lab.then(|| view! { " " <span class="lab-badge">{tr(ui, "lab-badge")}</span> })}
            <p>{page.summary.clone()}</p>
        </li>
    }
}

/// The knowledge-base index, or one tag's pages.
#[component]
pub fn KbIndexPage() -> impl IntoView {
    let site = expect_context::<SiteContext>();
    let ui = ui_lang();
    let t = |key: &str| tr(ui, key);
    let knowledge = site.kb();
    let query = use_query_map().get_untracked();
    // The interface's language unless the reader picked the other: a Chinese interface shows the
    // Chinese guides, the English ones a click away.
    let lang = query
        .get("lang")
        .and_then(|lang| lang.parse::<Lang>().ok())
        .unwrap_or(ui);
    let pages: Vec<&Page> = knowledge
        .pages()
        .iter()
        .map(|page| page.as_ref())
        .filter(|page| page.lang == lang)
        .collect();
    let mut by_tag: BTreeMap<&str, Vec<&Page>> = BTreeMap::new();
    for page in &pages {
        if page.tags.is_empty() {
            by_tag.entry(UNTAGGED).or_default().push(page);
        }
        for tag in &page.tags {
            by_tag.entry(tag.as_str()).or_default().push(page);
        }
    }
    let (heading, intro) = (t("kb-heading"), t("kb-intro"));
    let count = pages.len();
    let lang_switch = move |tag: Option<&str>| {
        let href = |to: Lang| match tag {
            Some(tag) => tag_href(to, tag, 1),
            None => format!("/kb?lang={}", to.as_str()),
        };
        view! {
            <nav class="lang-switch" aria-label=tr(ui, "kb-guides-language")>
                <a href=href(Lang::En) aria-current=(lang == Lang::En).then_some("true") lang="en">{tr(ui, "lang-en")}</a>
                <a href=href(Lang::Zh) aria-current=(lang == Lang::Zh).then_some("true") lang="zh">{tr(ui, "lang-zh")}</a>
            </nav>
        }
    };
    if let Some(tag) = query.get("tag").filter(|tag| !tag.trim().is_empty()) {
        let number = query
            .get("page")
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1);
        let tagged = by_tag.remove(tag.as_str()).unwrap_or_default();
        return view! {
            <PageTitle text=format!("{} · {heading}", tag_label(ui, &tag))/>
            <div class="kb-head">
                <div>
                    <p class="crumbs"><a href=format!("/kb?lang={}", lang.as_str())>{heading.clone()}</a></p>
                    <h1>{tag_label(ui, &tag)}</h1>
                    {(!tagged.is_empty()).then(|| {
                        let count = tagged.len() as f64;
                        let line = tr_args(ui, "kb-pages-tagged", &[("count", crate::i18n::number(count)), ("tag", text(tag_label(ui, &tag)))]);
                        view! { <p class="lede muted">{line}</p> }
                    })}
                </div>
                {lang_switch(Some(tag.as_str()))}
            </div>
            <TagPages ui lang tag=tag.clone() pages=tagged number/>
        }
        .into_any();
    }
    let groups = by_tag
        .into_iter()
        .map(|(tag, pages)| {
            let total = pages.len();
            let more = (total > TAG_PREVIEW).then(|| {
                view! {
                    <p class="more"><a href=tag_href(lang, tag, 1)>{tr_args(ui, "kb-all-pages", &[("count", number(total as f64))])}</a></p>
                }
            });
            let items = pages
                .into_iter()
                .take(TAG_PREVIEW)
                .map(|page| entry(ui, page))
                .collect_view();
            let shown = if tag == UNTAGGED { t("kb-untagged") } else { tag_label(ui, tag) };
            view! {
                <section class="card tag-group">
                    <h2>
                        <a href=tag_href(lang, tag, 1)>{shown}</a>
                        <span class="count">{total}</span>
                    </h2>
                    <ul>{items}</ul>
                    {more}
                </section>
            }
        })
        .collect_view();
    view! {
        <PageTitle text=heading.clone()/>
        <div class="kb-head">
            <div>
                <h1>{heading}</h1>
                <p class="lede">{intro} " " <span class="muted">{tr_args(ui, "kb-page-count", &[("count", number(count as f64))])}</span></p>
            </div>
            {lang_switch(None)}
        </div>
        <div class="tag-groups">{groups}</div>
    }
    .into_any()
}

/// One tag's pages, [`TAG_PAGE_SIZE`] at a time, with links to the pages before and after.
#[component]
fn TagPages<'a>(
    ui: Lang,
    lang: Lang,
    tag: String,
    pages: Vec<&'a Page>,
    number: usize,
) -> impl IntoView {
    if pages.is_empty() {
        let all = format!("/kb?lang={}", lang.as_str());
        return view! {
            <p class="empty-state">
                {tr_args(ui, "kb-none-tagged", &[("tag", text(tag_label(ui, &tag)))])} " "
                <a href=all>{tr(ui, "kb-see-all-tags")}</a>
            </p>
        }
        .into_any();
    }
    let last = pages.len().div_ceil(TAG_PAGE_SIZE).max(1);
    let number = number.min(last);
    let items = pages
        .into_iter()
        .skip((number - 1) * TAG_PAGE_SIZE)
        .take(TAG_PAGE_SIZE)
        .map(|page| entry(ui, page))
        .collect_view();
    let pager = (last > 1).then(|| {
        let previous = (number > 1).then(|| {
            view! { <a rel="prev" href=tag_href(lang, &tag, number - 1)>{tr(ui, "kb-previous")}</a> }
        });
        let next = (number < last).then(|| {
            view! { <a rel="next" href=tag_href(lang, &tag, number + 1)>{tr(ui, "kb-next")}</a> }
        });
        view! {
            <nav class="pager" aria-label=tr(ui, "kb-pager")>
                {previous}
                <span class="muted">{tr_args(ui, "kb-page-of", &[("number", crate::i18n::number(number as f64)), ("last", crate::i18n::number(last as f64))])}</span>
                {next}
            </nav>
        }
    });
    view! {
        <section class="card tag-group tag-all">
            <ul>{items}</ul>
        </section>
        {pager}
    }
    .into_any()
}
