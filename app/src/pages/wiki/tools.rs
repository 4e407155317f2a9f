//! What the wiki adds to a page: Edit and History links, Delete and "back to the original"
//! buttons for editors, the notice after a merged save, and the page shown for a deleted slug.

use crate::components::page_title::PageTitle;
use kb::{Page, PageOrigin};
use leptos::prelude::*;

use super::CsrfField;
use crate::components::status::set_http_status;
use crate::context::SiteContext;
use crate::i18n::{text, tr, tr_args, ui_lang};
use crate::viewer::viewer;

/// A one-button form that posts to `action` (the main action of its page when `primary`).
fn button(action: String, label: String, primary: bool) -> impl IntoView {
    let button = if primary {
        view! { <button type="submit" class="button primary">{label}</button> }.into_any()
    } else {
        view! { <button type="submit" class="button small">{label}</button> }.into_any()
    };
    view! {
        <form method="post" action=action class="inline-form">
            <CsrfField/>
            {button}
        </form>
    }
}

/// The tools under a page's title.
#[component]
pub fn PageTools(page: Page, merged: bool) -> impl IntoView {
    let lang = ui_lang();
    let t = |key: &str| tr(lang, key);
    let reader = viewer();
    let knowledge = expect_context::<SiteContext>().kb();
    let slug = page.slug.clone();
    let over_original =
        matches!(page.origin, PageOrigin::Wiki { .. }) && knowledge.has_original(&slug);
    // Where the text comes from, for a page the wiki holds: its revision, and what it shadows.
    let source = match page.origin {
        PageOrigin::Wiki { revision } => Some(tr_args(
            lang,
            if over_original {
                "source-wiki-over"
            } else {
                "source-wiki"
            },
            &[("revision", text(revision.to_string()))],
        )),
        _ => None,
    };
    let editing = reader.can_edit().then(|| {
        view! {
            {button(format!("/kb/{slug}/delete"), t("page-delete"), false)}
            {over_original.then(|| button(format!("/kb/{slug}/revert"), t("page-revert"), false))}
        }
    });
    view! {
        {merged.then(|| view! { <p class="notice" role="status">{t("edit-merged")}</p> })}
        {source.map(|note| view! { <p class="page-source">{note}</p> })}
        <div class="page-tools no-print">
            <a class="button small" href=format!("/kb/{}/edit", page.slug)>{t("page-edit")}</a>
            <a class="button small" href=format!("/kb/{}/history", page.slug)>{t("page-history")}</a>
            {editing}
        </div>
    }
}

/// `/kb/{slug}` for a page the wiki deleted: 410, with Undelete for editors.
#[component]
pub fn DeletedPage(slug: String) -> impl IntoView {
    set_http_status(410);
    let lang = ui_lang();
    let t = |key: &str| tr(lang, key);
    let can_edit = viewer().can_edit();
    view! {
        <PageTitle text=t("deleted-title")/>
        <section class="not-found">
            <p class="eyebrow">"410"</p>
            <h1>{t("deleted-title")}</h1>
            <p class="lede">{t("deleted-lede")}</p>
            <div class="actions">
                {can_edit.then(|| button(format!("/kb/{slug}/undelete"), t("page-undelete"), true))}
                <a class="button" href=format!("/kb/{slug}/history")>{t("page-history")}</a>
            </div>
        </section>
    }
}
