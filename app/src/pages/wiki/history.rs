//! A page's history: every revision, newest first, each with its author, time, comment and
//! what it did; pick two to compare, restore one (editors).

use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use wiki::{State, Summary};

use super::{when, CsrfField};
use crate::i18n::{text, tr, tr_args, ui_lang, Lang};

/// A page's history as the server fills it.
#[derive(Debug, Clone)]
pub struct HistoryView {
    pub slug: String,
    pub title: String,
    /// Newest first.
    pub revisions: Vec<Summary>,
    /// Whether the page is deleted now.
    pub deleted: bool,
    /// Whether a built-in or folder page lies under the wiki's.
    pub has_original: bool,
}

/// What a revision did, in words. `has_original`: a built-in or folder page lies under the
/// wiki's, so the page's first revision edited it rather than made it.
pub fn state_label(lang: Lang, summary: &Summary, has_original: bool) -> String {
    let key = match (summary.state, summary.parent, summary.merged) {
        (State::Deleted, _, _) => "revision-deleted",
        (State::Original, _, _) => "revision-original",
        (State::Live, None, _) if has_original => "revision-over-original",
        (State::Live, None, _) => "revision-created",
        (State::Live, Some(_), _) if summary.after == Some(State::Deleted) => "revision-undeleted",
        (State::Live, Some(_), true) => "revision-merged",
        (State::Live, Some(_), false) => "revision-edited",
    };
    tr(lang, key)
}

#[component]
pub fn HistoryPage(data: HistoryView) -> impl IntoView {
    let lang = ui_lang();
    let t = |key: &str| tr(lang, key);
    let can_edit = crate::viewer::viewer().can_edit();
    let heading = tr_args(
        lang,
        "history-title",
        &[("title", text(data.title.clone()))],
    );
    let newest = data.revisions.first().map(|r| r.id);
    let second = data.revisions.get(1).map(|r| r.id);
    let slug = data.slug.clone();
    let rows = data
        .revisions
        .iter()
        .map(|revision| {
            let id = revision.id;
            let restore = (can_edit && Some(id) != newest).then(|| {
                view! {
                    <form method="post" action=format!("/kb/{}/restore", slug) class="inline-form">
                        <CsrfField/>
                        <input type="hidden" name="revision" value=id.to_string()/>
                        <button type="submit" class="button small">{tr(lang, "history-restore")}</button>
                    </form>
                }
            });
            let previous = revision.parent.map(|parent| {
                view! { <a href=format!("/kb/{}/compare?from={parent}&to={id}", slug)>{tr(lang, "history-changes")}</a> }
            });
            view! {
                <tr>
                    <td><input type="radio" form="compare-form" name="from" value=id.to_string() checked=Some(id) == second aria-label=tr_args(lang, "history-pick-from", &[("revision", text(id.to_string()))])/></td>
                    <td><input type="radio" form="compare-form" name="to" value=id.to_string() checked=Some(id) == newest aria-label=tr_args(lang, "history-pick-to", &[("revision", text(id.to_string()))])/></td>
                    <td>{id.to_string()}</td>
                    <td>{when(revision.created_at)}</td>
                    <td>{revision.author.clone()}</td>
                    <td>{state_label(lang, revision, data.has_original)}</td>
                    <td>{revision.comment.clone()}</td>
                    <td><div class="row-actions">{previous} {restore}</div></td>
                </tr>
            }
            .into_any()
        })
        .collect_view();
    let empty = data.revisions.is_empty();
    view! {
        <PageTitle text=heading.clone()/>
        <section class="history-page">
            <p class="eyebrow"><a href=format!("/kb/{}", data.slug)>{data.title.clone()}</a></p>
            <h1>{heading}</h1>
            {data.deleted.then(|| view! { <p class="notice warning">{t("history-deleted-note")}</p> })}
            {empty.then(|| view! { <p class="lede">{t(if data.has_original { "history-none-original" } else { "history-none" })}</p> })}
            // The radios belong to the compare form by its id: forms do not nest, and each row has
            // its own restore form.
            {(!empty).then(|| view! {
                <div>
                    <div class="table-wrap">
                        <table class="history">
                            <thead><tr>
                                <th scope="col">{t("history-from")}</th>
                                <th scope="col">{t("history-to")}</th>
                                <th scope="col">{t("history-revision")}</th>
                                <th scope="col">{t("history-when")}</th>
                                <th scope="col">{t("history-author")}</th>
                                <th scope="col">{t("history-what")}</th>
                                <th scope="col">{t("history-comment")}</th>
                                <th scope="col"><span class="visually-hidden">{t("history-actions")}</span></th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <form id="compare-form" method="get" action=format!("/kb/{}/compare", data.slug)>
                        <button type="submit" class="button">{t("history-compare")}</button>
                    </form>
                </div>
            }.into_any())}
        </section>
    }
}
