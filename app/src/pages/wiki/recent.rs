//! The whole wiki's changes, newest first, a page at a time, with the Atom feed beside it.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_meta::Link;
use wiki::Summary;

use super::history::state_label;
use super::when;
use crate::i18n::{tr, ui_lang};

/// Recent changes as the server fills them.
#[derive(Debug, Clone)]
pub struct RecentView {
    /// Newest first, with each page's title where the knowledge base has the page, and whether
    /// a built-in or folder page lies under it.
    pub items: Vec<(Summary, String, bool)>,
    /// The `before` of the next (older) page of the list, if there is one.
    pub older: Option<i64>,
    /// This is an older page of the list (`?before=`), not its first.
    pub paged: bool,
}

#[component]
pub fn RecentPage(data: RecentView) -> impl IntoView {
    let lang = ui_lang();
    let t = |key: &str| tr(lang, key);
    let empty = data.items.is_empty();
    let rows = data
        .items
        .into_iter()
        .map(|(revision, title, has_original)| {
            let changes = revision.parent.map(|parent| {
                view! { <a href=format!("/kb/{}/compare?from={parent}&to={}", revision.slug, revision.id)>{tr(lang, "history-changes")}</a> }
            });
            view! {
                <li class="recent-item">
                    <a class="recent-title" href=format!("/kb/{}", revision.slug)>{title}</a>
                    <span class="recent-meta">
                        {state_label(lang, &revision, has_original)} " · " {revision.author.clone()} " · " {when(revision.created_at)}
                    </span>
                    {(!revision.comment.is_empty()).then(|| view! { <span class="recent-comment">{revision.comment.clone()}</span> })}
                    <span class="row-actions">
                        <a href=format!("/kb/{}/history", revision.slug)>{tr(lang, "recent-history")}</a>
                        {changes}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <PageTitle text=t("recent-title")/>
        <Link rel="alternate" type_="application/atom+xml" href="/recent.atom" title=t("recent-feed")/>
        <section class="recent-page">
            <h1>{t("recent-title")}</h1>
            <p class="lede">{t("recent-lede")} " " <a href="/recent.atom">{t("recent-feed")}</a></p>
            {empty.then(|| view! { <p>{t(if data.paged { "recent-none-earlier" } else { "recent-none" })}</p> })}
            <ol class="recent-list">{rows}</ol>
            {data.older.map(|before| view! { <a class="button" href=format!("/recent?before={before}")>{t("recent-older")}</a> })}
        </section>
    }
}
