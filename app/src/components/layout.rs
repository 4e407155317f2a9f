//! The header and footer around every page.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::icons::{BookIcon, LogoMark, PulseIcon, SearchIcon};
use crate::context::PRODUCT_NAME;

/// Product name, main navigation and a quick search box.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let location = use_location();
    let path = location.pathname.get_untracked();
    let current = |prefix: &str| {
        let here = if prefix == "/" {
            path == "/" || path.starts_with("/d/")
        } else {
            path == prefix || path.starts_with(&format!("{prefix}/"))
        };
        here.then_some("page")
    };
    view! {
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href="/" aria-label=format!("{PRODUCT_NAME} home")>
                    <LogoMark/>
                    <span class="brand-name">{PRODUCT_NAME}</span>
                </a>
                <nav class="site-nav" aria-label="Main">
                    <a href="/" aria-current=current("/")><PulseIcon/><span>"Diagnose"</span></a>
                    <a href="/kb" aria-current=current("/kb")><BookIcon/><span>"Knowledge base"</span></a>
                    <a href="/search" aria-current=current("/search")><SearchIcon/><span>"Search"</span></a>
                </nav>
                <form class="header-search" method="get" action="/search" role="search" aria-label="Site search">
                    <label class="visually-hidden" for="header-q">"Search the knowledge base"</label>
                    <input id="header-q" type="search" name="q" placeholder="Search guides… 搜索" autocomplete="off"/>
                </form>
            </div>
        </header>
    }
}

/// Version, where the data lives, and links.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="footer-inner">
                <p>
                    <strong>{PRODUCT_NAME}</strong>
                    " " {env!("CARGO_PKG_VERSION")}
                    " — self-hosted GPU memory diagnosis and team wiki. Runs entirely on this machine."
                </p>
                <p class="footer-links">
                    <a href="/kb">"Guides"</a>
                    <a href="/kb?lang=zh">"中文指南"</a>
                    <a href="/api/search?q=fragmentation">"JSON API"</a>
                </p>
            </div>
        </footer>
    }
}
