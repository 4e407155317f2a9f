//! Error pages for requests the server refused: too large, malformed, or failed.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use crate::components::status::set_http_status;
use crate::i18n::{tr, ui_lang};

/// What went wrong, in the user's terms.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    /// HTTP status of the page.
    pub status: u16,
    /// A short title: "This paste is too large".
    pub title: String,
    /// What happened and what to do about it.
    pub message: String,
}

/// A readable error page with the right status code.
#[component]
pub fn ErrorPage(info: ErrorInfo) -> impl IntoView {
    set_http_status(info.status);
    let lang = ui_lang();
    view! {
        <PageTitle text=info.title.clone()/>
        <section class="not-found">
            <p class="eyebrow">{info.status.to_string()}</p>
            <h1>{info.title}</h1>
            <p class="lede">{info.message}</p>
            <div class="actions">
                <a class="button primary" href="/">{tr(lang, "error-back-home")}</a>
                <a class="button" href="/kb">{tr(lang, "browse-guides")}</a>
            </div>
        </section>
    }
}
