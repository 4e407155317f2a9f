//! The 404 page, for unknown paths and unknown ids.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use crate::components::status::set_http_status;
use crate::i18n::{tr, ui_lang};

/// A real "not found" page with status 404 and ways back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_http_status(404);
    let heading = tr(ui_lang(), "not-found-heading");
    view! { <NotFoundBody heading/> }
}

/// The body of a 404, also used by pages whose id or slug does not exist. `heading` says what was
/// not found ("This guide does not exist").
#[component]
pub fn NotFoundBody(heading: String) -> impl IntoView {
    let lang = ui_lang();
    let t = |key: &str| tr(lang, key);
    view! {
        <PageTitle text=t("not-found-title")/>
        <section class="not-found">
            <p class="eyebrow">"404"</p>
            <h1>{heading}</h1>
            <p class="lede">{t("not-found-lede")}</p>
            <div class="actions">
                <a class="button primary" href="/">{t("not-found-diagnose")}</a>
                <a class="button" href="/kb">{t("browse-guides")}</a>
            </div>
            <form class="search-inline" method="get" action="/search" role="search" aria-label=t("not-found-search-name")>
                <label for="nf-q">{t("not-found-search")}</label>
                <div class="search-row">
                    <input id="nf-q" type="search" name="q" placeholder=t("search-placeholder-short")/>
                    <button type="submit" class="button">{t("search-button")}</button>
                </div>
            </form>
        </section>
    }
}
