//! `/signin`: name and password, with where to go next.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::CsrfField;
use crate::components::status::set_http_status;
use crate::i18n::{tr, ui_lang};

/// The sign-in form as the server fills it.
#[derive(Debug, Clone, Default)]
pub struct SignInView {
    /// A local path to return to after signing in.
    pub next: String,
    /// The name typed last time (kept after a failure).
    pub name: String,
    /// Why the last attempt failed, in the reader's language.
    pub error: Option<String>,
    pub status: u16,
}

#[component]
pub fn SignInPage(data: SignInView) -> impl IntoView {
    set_http_status(data.status);
    let lang = ui_lang();
    let t = |key: &str| tr(lang, key);
    let proxy = crate::viewer::viewer().via_proxy;
    view! {
        <PageTitle text=t("signin-title")/>
        <section class="narrow">
            <h1>{t("signin-title")}</h1>
            {proxy.then(|| view! { <p class="lede">{t("signin-proxy-note")}</p> })}
            {data.error.map(|error| view! { <p class="notice error" role="alert">{error}</p> })}
            <form class="stack-form" method="post" action="/signin">
                <CsrfField/>
                <input type="hidden" name="next" value=data.next/>
                <label for="name">{t("signin-name")}</label>
                <input type="text" id="name" name="name" value=data.name autocomplete="username" required/>
                <label for="password">{t("signin-password")}</label>
                <input type="password" id="password" name="password" autocomplete="current-password" required/>
                <div class="form-actions">
                    <button type="submit" class="button primary">{t("signin-submit")}</button>
                </div>
            </form>
            <p class="hint">{t("signin-no-account")}</p>
        </section>
    }
}
