//! Server-side code highlighting for the languages our pages use (Python, shell, YAML, JSON, TOML,
//! and a generic mode for the rest): a small single-pass lexer ([`lexer`]) emitting
//! `<span class="hl-...">`, and the CSS for a light and a dark theme.
//!
//! A lexer of our own rather than syntect: syntect's grammar engine cost about 2 ms per code block,
//! which dominated loading a large library; this one is linear and allocation-light.

mod lexer;

use lexer::{highlight, lang_of};

/// Escapes text for HTML element content and attribute values (`&`, `<`, `>`, `"`, `'`).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(&mut out, text);
    out
}

/// [`escape`], appending to `out`.
fn escape_into(out: &mut String, text: &str) {
    html_escape::encode_quoted_attribute_to_string(text, out);
}

/// A whole `<pre>` block. `lang` is the fence language (may be empty); `key` marks the key snippet.
pub(crate) fn code_block(lang: &str, code: &str, key: bool) -> String {
    let safe_lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
        .take(32)
        .collect();
    let inner = highlight(code, lang_of(&safe_lang));
    let key_class = if key { " key-snippet" } else { "" };
    let lang_class = if safe_lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{safe_lang}\"")
    };
    format!(
        "<pre class=\"hl-code{key_class}\" data-lang=\"{safe_lang}\" tabindex=\"0\"><code{lang_class}>{inner}</code></pre>\n"
    )
}

/// CSS for the highlighting classes: a light theme, and a dark one under `prefers-color-scheme: dark`.
pub fn highlight_css() -> &'static str {
    r#"/* code highlighting (kb::highlight_css): light, then dark */
.hl-code { background: #f6f8fa; color: #1f2328; }
.hl-kw { color: #cf222e; }
.hl-str { color: #0a3069; }
.hl-com { color: #57606a; font-style: italic; }
.hl-num, .hl-lit { color: #0550ae; }
.hl-fn { color: #6639ba; }
.hl-bi { color: #953800; }
.hl-var, .hl-dec { color: #116329; }
.hl-key { color: #0550ae; font-weight: 600; }
.hl-opt { color: #953800; }
.key-snippet { border-left: 3px solid #0969da; }
@media (prefers-color-scheme: dark) {
  .hl-code { background: #161b22; color: #e6edf3; }
  .hl-kw { color: #ff7b72; }
  .hl-str { color: #a5d6ff; }
  .hl-com { color: #8b949e; }
  .hl-num, .hl-lit { color: #79c0ff; }
  .hl-fn { color: #d2a8ff; }
  .hl-bi { color: #ffa657; }
  .hl-var, .hl-dec { color: #7ee787; }
  .hl-key { color: #79c0ff; }
  .hl-opt { color: #ffa657; }
  .key-snippet { border-left-color: #2f81f7; }
}
"#
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_is_escaped_and_nothing_panics() {
        let html = code_block("python", "x = '<script>' # </pre>\n", false);
        assert!(html.starts_with("<pre class=\"hl-code\" data-lang=\"python\" tabindex=\"0\">"));
        assert!(!html.contains("<script") && !html.contains("</pre>\n<"));
        let html = code_block("\"><img src=x onerror=alert(1)>", "a < b", true);
        assert!(
            !html.contains("<img") && html.contains("a &lt; b") && html.contains("key-snippet")
        );
        for lang in ["python", "bash", "yaml", "json", "toml", "rust", "text"] {
            for code in [
                "\"", "'''", "$", "${", "@", "[", "1e", "é\"ü", "\u{0}", "'\\", "f'", "-",
            ] {
                let _ = code_block(lang, code, false);
            }
        }
    }

    #[test]
    fn css_has_light_and_dark() {
        let css = highlight_css();
        assert!(css.contains(".hl-kw"));
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
    }
}
