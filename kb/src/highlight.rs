//! Server-side code highlighting with syntect: spans with `hl-` prefixed CSS classes, and the CSS for a
//! light and a dark theme.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Loads the syntax definitions now rather than on the first page.
pub(crate) fn warm() {
    let _ = syntaxes();
}

fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let set = syntaxes();
    let token = match lang.to_ascii_lowercase().as_str() {
        "" | "text" | "txt" | "plain" | "plaintext" | "log" | "console" | "output" => return None,
        "py" | "python" | "python3" | "pycon" => "py".to_string(),
        "sh" | "bash" | "shell" | "zsh" => "sh".to_string(),
        "yml" | "yaml" => "yaml".to_string(),
        // syntect ships no TOML or INI grammar; these read well enough as plain text.
        "toml" | "ini" | "cfg" => return None,
        other => other.to_string(),
    };
    set.find_syntax_by_token(&token)
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn highlighted(syntax: &SyntaxReference, code: &str) -> Option<String> {
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes(), CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        gen.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(gen.finalize())
}

/// A whole `<pre>` block. `lang` is the fence language (may be empty); `key` marks the key snippet.
pub(crate) fn code_block(lang: &str, code: &str, key: bool) -> String {
    let safe_lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
        .collect();
    let inner = syntax_for(lang)
        .and_then(|syntax| highlighted(syntax, code))
        .unwrap_or_else(|| escape(code));
    let key_class = if key { " key-snippet" } else { "" };
    let lang_class = if safe_lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{safe_lang}\"")
    };
    format!(
        "<pre class=\"hl-code{key_class}\" data-lang=\"{safe_lang}\"><code{lang_class}>{inner}</code></pre>\n"
    )
}

/// CSS for the highlighting classes: a light theme, and a dark one under `prefers-color-scheme: dark`.
pub fn highlight_css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        let themes = ThemeSet::load_defaults();
        let css = |name: &str| {
            themes
                .themes
                .get(name)
                .and_then(|theme| css_for_theme_with_class_style(theme, CLASS_STYLE).ok())
                .unwrap_or_default()
        };
        let dark = css(DARK_THEME)
            .lines()
            .map(|line| format!("  {line}\n"))
            .collect::<String>();
        format!(
            "/* code highlighting: {LIGHT_THEME} (light), {DARK_THEME} (dark) */\n{}\n@media (prefers-color-scheme: dark) {{\n{dark}}}\n",
            css(LIGHT_THEME)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_gets_classes() {
        let html = code_block("python", "import torch\nx = torch.zeros(3)\n", false);
        assert!(html.starts_with("<pre class=\"hl-code\" data-lang=\"python\">"));
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("torch"));
    }

    #[test]
    fn unknown_and_plain_languages_are_escaped() {
        let html = code_block("text", "<script>alert(1)</script>", true);
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("key-snippet"));
        let html = code_block("\"><img src=x onerror=alert(1)>", "a < b", false);
        assert!(!html.contains("<img"));
        assert!(html.contains("a &lt; b"));
    }

    #[test]
    fn css_has_light_and_dark() {
        let css = highlight_css();
        assert!(css.contains(".hl-"));
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
    }
}
