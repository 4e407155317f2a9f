//! The interface's language: English or Chinese, chosen per request, and every string a person
//! reads looked up in one Fluent catalogue per language (`app/locales/{en,zh}/*.ftl`, compiled
//! into the binary by `fluent-templates`).
//!
//! - The choice: the `oomlens_lang` cookie (set by the header's switch, `/lang/{en|zh}`), then the
//!   request's `Accept-Language`, then English ([`negotiate`]). URLs are the same in both.
//! - Fluent wraps each variable in Unicode isolation marks by default (U+2068 … U+2069). Both
//!   languages here run left to right and the marks would land in HTML, copied text and tests as
//!   invisible characters: they are turned off.
//! - A key missing in Chinese falls back to English; a key missing in both shows the key itself
//!   (the catalogue test, `tests.rs`, keeps either from shipping).

mod errors;
mod negotiate;
mod problem;
mod rich;
mod tags;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_problems;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{static_loader, Loader};
use unic_langid::LanguageIdentifier;

pub use errors::ErrorText;
pub use kb::Lang;
pub use negotiate::{negotiate, LANG_COOKIE};
pub use problem::{problem_line, problem_message, said_in};
pub use rich::rich;
pub use tags::tag_label;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| langid("en"));
static ZH: LazyLock<LanguageIdentifier> = LazyLock::new(|| langid("zh"));

fn langid(tag: &str) -> LanguageIdentifier {
    tag.parse().unwrap_or_default()
}

fn id(lang: Lang) -> &'static LanguageIdentifier {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// The text of `key` in `lang`.
pub fn tr(lang: Lang, key: &str) -> String {
    LOCALES
        .try_lookup(id(lang), key)
        .unwrap_or_else(|| key.to_string())
}

/// The text of `key` in `lang` with its variables: `args` as (name, value); numbers as strings
/// where they are shown as the frameworks print them ("20.00 MiB"), integers for plural rules.
pub fn tr_args(lang: Lang, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
        .iter()
        .map(|(name, value)| (Cow::Borrowed(*name), value.clone()))
        .collect();
    LOCALES
        .try_lookup_with_args(id(lang), key, &args)
        .unwrap_or_else(|| key.to_string())
}

/// A string argument for [`tr_args`].
pub fn text(value: impl Into<String>) -> FluentValue<'static> {
    FluentValue::from(value.into())
}

/// A number argument for [`tr_args`] (plural rules read it).
pub fn number(value: impl Into<f64>) -> FluentValue<'static> {
    FluentValue::from(value.into())
}

/// The language a request's headers ask for: the switch's cookie, then `Accept-Language`
/// ([`negotiate`]); several headers of one name count together.
pub fn from_headers(headers: &http::HeaderMap) -> Lang {
    let joined = |name| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join("; ")
    };
    negotiate(
        Some(&joined(http::header::COOKIE)),
        Some(&joined(http::header::ACCEPT_LANGUAGE)),
    )
}

/// The interface language of the request being rendered, read once from its headers by
/// [`provide_ui_lang`] and handed to every component through the context.
#[derive(Debug, Clone, Copy)]
struct UiLang(Lang);

/// Reads the request's language and puts it in the context for the components below (the
/// layout calls it once per render: cookies and `Accept-Language` are not parsed per component).
pub fn provide_ui_lang() -> Lang {
    let lang = from_request();
    leptos::prelude::provide_context(UiLang(lang));
    lang
}

/// The language of this request's interface (English outside a request: while routes are listed).
pub fn ui_lang() -> Lang {
    leptos::prelude::use_context::<UiLang>()
        .map(|UiLang(lang)| lang)
        .unwrap_or_else(from_request)
}

fn from_request() -> Lang {
    leptos::prelude::use_context::<http::request::Parts>()
        .map(|parts| from_headers(&parts.headers))
        .unwrap_or(Lang::En)
}

/// What goes between two sentences joined into one paragraph: a space in English, nothing in
/// Chinese (a full stop `。` carries its own space).
pub fn sentence_gap(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "",
        Lang::En => " ",
    }
}
