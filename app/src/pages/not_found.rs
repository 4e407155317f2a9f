//! The 404 page, for unknown paths and unknown ids.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::status::set_http_status;

/// A real "not found" page with status 404 and ways back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_http_status(404);
    view! { <NotFoundBody what="page"/> }
}

/// The body of a 404, also used by pages whose id or slug does not exist.
#[component]
pub fn NotFoundBody(
    /// What was not found, in words: "page", "guide", "diagnosis".
    what: &'static str,
) -> impl IntoView {
    view! {
        <Title text="Not found"/>
        <section class="not-found">
            <p class="eyebrow">"404"</p>
            <h1>{format!("This {what} does not exist")}</h1>
            <p class="lede">"The link may be mistyped, or the page was removed."</p>
            <div class="actions">
                <a class="button primary" href="/">"Diagnose a message"</a>
                <a class="button" href="/kb">"Browse the guides"</a>
            </div>
            <form class="search-inline" method="get" action="/search" role="search" aria-label="Search the guides">
                <label for="nf-q">"Or search the knowledge base"</label>
                <div class="search-row">
                    <input id="nf-q" type="search" name="q" placeholder="e.g. expandable_segments, 显存碎片"/>
                    <button type="submit" class="button">"Search"</button>
                </div>
            </form>
        </section>
    }
}
