//! The header and footer around every page.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::icons::{BookIcon, GaugeIcon, LogoMark, PulseIcon, SearchIcon};
use super::query::encode;
use crate::context::PRODUCT_NAME;
use crate::i18n::{text, tr, tr_args, ui_lang};

/// Product name, main navigation, a quick search box and the language switch.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let lang = ui_lang();
    let t = |key: &str| tr(lang, key);
    let location = use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let current = |prefix: &str| {
        let here = if prefix == "/" {
            path == "/" || path.starts_with("/d/")
        } else {
            path == prefix || path.starts_with(&format!("{prefix}/"))
        };
        here.then_some("page")
    };
    // The switch is a plain link: the server sets the cookie and sends the browser back here.
    let here = if search.is_empty() {
        path.clone()
    } else {
        format!("{path}?{search}")
    };
    let other = lang.other();
    let switch_href = format!("/lang/{}?back={}", other.as_str(), encode(&here));
    // Signed in: the name and a sign-out button (a form: signing out changes something).
    let account = match crate::viewer::viewer().user {
        Some(user) => view! {
            <form class="account" method="post" action="/signout">
                <crate::pages::wiki::CsrfField/>
                <span class="account-name" title=tr_args(lang, "signed-in-as", &[("name", text(user.name.clone()))])>{user.name.clone()}</span>
                <button type="submit" class="link-button">{t("signout")}</button>
            </form>
        }
        .into_any(),
        None => view! {
            <a class="account-link" href=format!("/signin?next={}", encode(&here)) rel="nofollow">{t("signin-title")}</a>
        }
        .into_any(),
    };
    view! {
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href="/" aria-label=tr_args(lang, "product-home", &[("product", text(PRODUCT_NAME))])>
                    <LogoMark/>
                    <span class="brand-name">{PRODUCT_NAME}</span>
                </a>
                <nav class="site-nav" aria-label=t("nav-main")>
                    <a href="/" aria-current=current("/")><PulseIcon/><span>{t("nav-diagnose")}</span></a>
                    <a href="/kb" aria-current=current("/kb")><BookIcon/><span>{t("nav-knowledge-base")}</span></a>
                    <a href="/estimate" aria-current=current("/estimate")><GaugeIcon/><span>{t("nav-estimate")}</span></a>
                    <a href="/search" aria-current=current("/search")><SearchIcon/><span>{t("nav-search")}</span></a>
                </nav>
                <form class="header-search" method="get" action="/search" role="search" aria-label=t("site-search")>
                    <label class="visually-hidden" for="header-q">{t("site-search-label")}</label>
                    <input id="header-q" type="search" name="q" placeholder=t("site-search-placeholder") autocomplete="off"/>
                </form>
                <a class="lang-switch-link" href=switch_href lang=other.as_str() hreflang=other.as_str()
                    title=t("language-switch-title") rel="nofollow">{t("language-switch-to")}</a>
                {account}
            </div>
        </header>
    }
}

/// Version, where the data lives, and links.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let lang = ui_lang();
    let t = |key: &str| tr(lang, key);
    let other_guides = format!("/kb?lang={}", lang.other().as_str());
    // Only those who may write are offered to.
    let can_edit = crate::viewer::viewer().can_edit();
    view! {
        <footer class="site-footer">
            <div class="footer-inner">
                <p>
                    <strong>{PRODUCT_NAME}</strong>
                    " " {env!("CARGO_PKG_VERSION")} " — " {t("footer-tagline")}
                </p>
                <p class="footer-links">
                    <a href="/kb">{t("footer-guides")}</a>
                    <a href="/recent">{t("recent-title")}</a>
                    {can_edit.then(|| view! { <a href="/new">{t("new-title")}</a> })}
                    <a href=other_guides lang=lang.other().as_str()>{t("footer-guides-other")}</a>
                    <a href="/api/search?q=fragmentation">{t("footer-api")}</a>
                </p>
            </div>
        </footer>
    }
}
