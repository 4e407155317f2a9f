//! oomlens pages and components, rendered on the server only (no hydration, no JavaScript needed).
//!
//! The server provides a [`SiteContext`] to every render; pages read the knowledge base and the
//! paste store from it synchronously, so no route needs `Resource`/`Suspense`.

mod components;
mod context;
pub mod diagnosis;
pub mod examples;
pub mod format;
pub mod i18n;
mod pages;
pub mod viewer;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

pub use context::{KnowledgeHandle, PageOverride, SiteContext, PRODUCT_NAME};
pub use diagnosis::Diagnosis;
pub use pages::error::ErrorInfo;
pub use pages::estimate::{
    field_error as estimate_field_error, words as estimate_words, EstimateView,
};
pub use pages::paste_delete::PasteDeleteView;
pub use pages::wiki::{compare, edit, history, recent, signin, when as wiki_time, WikiView};

use components::layout::{SiteFooter, SiteHeader};
use pages::{
    diagnosis::DiagnosisPage, error::ErrorPage, home::HomePage, kb_index::KbIndexPage,
    kb_page::KbPage, not_found::NotFoundPage, search::SearchPage,
};

/// The HTML document around every page. No hydration scripts: the page is complete as served.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let _ = options;
    let lang = i18n::ui_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.as_str()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application: head tags, the layout and the routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Absent only while the server lists the routes at start-up, when nothing is rendered for real.
    let site = use_context::<SiteContext>();
    let style_href = site
        .as_ref()
        .map(|site| site.style_href.clone())
        .unwrap_or_default();
    let favicon_href = site
        .as_ref()
        .map(|site| site.favicon_href.clone())
        .unwrap_or_default();
    let lang = i18n::provide_ui_lang();
    // A handler outside the router (an error, a diagnosis) may decide what the main area shows.
    let page_override = use_context::<PageOverride>();
    let formatter = |text: String| {
        if text.is_empty() {
            PRODUCT_NAME.to_string()
        } else {
            format!("{text} · {PRODUCT_NAME}")
        }
    };
    view! {
        <Title formatter/>
        <Meta name="description" content=i18n::tr(lang, "site-description")/>
        <Stylesheet href=style_href/>
        <Link rel="icon" href=favicon_href type_="image/svg+xml"/>
        <Router>
            <a class="skip-link" href="#main">{i18n::tr(lang, "skip-to-content")}</a>
            <SiteHeader/>
            <main id="main" class="site-main">
                {match page_override {
                    Some(PageOverride::Error(info)) => view! { <ErrorPage info/> }.into_any(),
                    Some(PageOverride::Diagnosis(diagnosis, custody)) => view! { <DiagnosisPage diagnosis custody/> }.into_any(),
                    Some(PageOverride::PasteDelete(view)) => view! { <pages::paste_delete::PasteDeletePage view/> }.into_any(),
                    Some(PageOverride::Wiki(view)) => view! { <pages::wiki::WikiPage view=*view/> }.into_any(),
                    Some(PageOverride::Estimate(view)) => view! { <pages::estimate::EstimatePage view/> }.into_any(),
                    None => view! {
                        <Routes fallback=NotFoundPage>
                            <Route path=path!("/") view=HomePage/>
                            <Route path=path!("/search") view=SearchPage/>
                            <Route path=path!("/kb") view=KbIndexPage/>
                            <Route path=path!("/kb/:slug") view=KbPage/>
                        </Routes>
                    }
                    .into_any(),
                }}
            </main>
            <SiteFooter/>
        </Router>
    }
}
