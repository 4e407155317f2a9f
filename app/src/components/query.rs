//! Building links to the search and index pages.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use kb::Lang;

/// `/search?...` with the given state; empty parts are left out so links stay short.
pub fn search_href(q: &str, tag: Option<&str>, lang: Option<Lang>) -> String {
    let mut parts = Vec::new();
    if !q.is_empty() {
        parts.push(format!("q={}", encode(q)));
    }
    if let Some(tag) = tag {
        parts.push(format!("tag={}", encode(tag)));
    }
    if let Some(lang) = lang {
        parts.push(format!("lang={}", lang.as_str()));
    }
    if parts.is_empty() {
        "/search".to_string()
    } else {
        format!("/search?{}", parts.join("&"))
    }
}

/// A language filter's label, in the interface language `ui`.
pub fn lang_label(ui: Lang, lang: Option<Lang>) -> String {
    use crate::i18n::tr;
    match lang {
        None => tr(ui, "lang-all"),
        Some(Lang::En) => tr(ui, "lang-en"),
        Some(Lang::Zh) => tr(ui, "lang-zh"),
    }
}

/// What a query-string value keeps as it is: RFC 3986's unreserved characters.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes a query-string value (RFC 3986 unreserved characters stay as they are).
pub fn encode(value: &str) -> String {
    utf8_percent_encode(value, UNRESERVED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_only_the_parts_given() {
        assert_eq!(search_href("", None, None), "/search");
        assert_eq!(
            search_href("a b&c", Some("allocator"), Some(Lang::Zh)),
            "/search?q=a%20b%26c&tag=allocator&lang=zh"
        );
        assert_eq!(encode("显存"), "%E6%98%BE%E5%AD%98");
    }
}
