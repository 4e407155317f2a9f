//! The last gate before HTML leaves the crate: ammonia with a small allow-list. Raw HTML from page
//! sources is already dropped by the renderer; this keeps only our own markup even if that ever slips.

use std::borrow::Cow;
use std::sync::OnceLock;

use ammonia::Builder;

/// Class names our renderer emits (besides the `hl-` highlighting classes and `language-*`).
const OWN_CLASSES: &[&str] = &[
    "hl-code",
    "key-snippet",
    "footnote-reference",
    "footnote-definition",
    "footnote-definition-label",
    "task-list-item",
];

fn keep_class(value: &str) -> Option<String> {
    let kept: Vec<&str> = value
        .split_whitespace()
        .filter(|c| OWN_CLASSES.contains(c) || c.starts_with("hl-") || c.starts_with("language-"))
        .filter(|c| {
            c.chars()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '+' | '.'))
        })
        .collect();
    (!kept.is_empty()).then(|| kept.join(" "))
}

fn filter_attribute<'v>(element: &str, attribute: &str, value: &'v str) -> Option<Cow<'v, str>> {
    match (element, attribute) {
        (_, "class") => keep_class(value).map(Cow::Owned),
        ("th" | "td", "style") => {
            let v = value.replace(' ', "");
            ["text-align:left", "text-align:center", "text-align:right"]
                .contains(&v.trim_end_matches(';'))
                .then_some(Cow::Borrowed(value))
        }
        ("input", "type") => (value == "checkbox").then_some(Cow::Borrowed(value)),
        _ => Some(Cow::Borrowed(value)),
    }
}

fn builder() -> &'static Builder<'static> {
    static BUILDER: OnceLock<Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = Builder::default();
        b.add_tags(["mark", "input", "section"]);
        for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
            b.add_tag_attributes(h, ["id"]);
        }
        // tabindex="0": a code block wider than the page scrolls, and keyboard users must reach it.
        b.add_tag_attributes("pre", ["class", "data-lang", "tabindex"]);
        b.add_tag_attributes("code", ["class"]);
        b.add_tag_attributes("span", ["class"]);
        b.add_tag_attributes("div", ["class", "id"]);
        b.add_tag_attributes("sup", ["class", "id"]);
        b.add_tag_attributes("li", ["class", "id"]);
        b.add_tag_attributes("section", ["class"]);
        b.add_tag_attributes("input", ["type", "checked", "disabled"]);
        b.add_tag_attributes("th", ["style"]);
        b.add_tag_attributes("td", ["style"]);
        b.attribute_filter(filter_attribute);
        b
    })
}

/// Sanitizes rendered HTML.
pub(crate) fn clean(html: &str) -> String {
    builder().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_scripts_events_and_js_links() {
        let dirty = r#"<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">l</a><img src=x onerror=alert(2)></p><style>p{}</style><iframe src="//e"></iframe>"#;
        let clean = clean(dirty);
        for bad in [
            "script",
            "onclick",
            "javascript:",
            "onerror",
            "style",
            "iframe",
            "alert(1)",
        ] {
            assert!(!clean.contains(bad), "{bad} in {clean}");
        }
    }

    #[test]
    fn keeps_our_markup() {
        let ours = r#"<h2 id="显存碎片">x</h2><pre class="hl-code key-snippet" data-lang="python"><code class="language-python"><span class="hl-source hl-python">x</span></code></pre><mark>m</mark><input type="checkbox" disabled="" checked=""><th style="text-align: center">c</th>"#;
        let out = clean(ours);
        for good in [
            r#"id="显存碎片""#,
            r#"class="hl-source hl-python""#,
            r#"class="hl-code key-snippet""#,
            "<mark>m</mark>",
            r#"type="checkbox""#,
        ] {
            assert!(out.contains(good), "{good} missing in {out}");
        }
        assert!(!clean(r#"<span class="evil hl-x">a</span>"#).contains("evil"));
        assert!(!clean(r#"<td style="background:url(x)">a</td>"#).contains("url"));
    }
}
