//! Markup inside a paragraph: literals, roles, hyperlink references, and the escaping that keeps
//! the rest of the text from being read as markdown.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use super::lines::fence_for;

pub(super) fn escape_inline_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Inline markup with the markup removed (for captions shown as plain text).
pub(super) fn strip_inline(text: &str) -> String {
    text.replace("``", "")
}

/// Inline rst to inline markdown: ``literal``, `text <url>`_, :role:`text`, and `<` kept as text.
/// Reads `text` in place (byte offsets into it, never a copy of the rest of the line).
pub(crate) fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let rest = &text[i + c.len_utf8()..];
        // ``literal``
        if c == '`' && rest.starts_with('`') {
            if let Some(end) = rest[1..].find("``") {
                out.push_str(&md_code(&rest[1..1 + end]));
                i += 2 + end + 2;
                continue;
            }
        }
        // :role:`text`
        let after_word = text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if c == ':' && !after_word {
            if let Some((shown, consumed)) = role(rest) {
                out.push_str(&shown);
                i += 1 + consumed;
                continue;
            }
        }
        // `text <url>`_ , `text`_ , `text`
        if c == '`' {
            if let Some(end) = rest.find('`') {
                let inner = &rest[..end];
                let underscores = rest[end + 1..]
                    .bytes()
                    .take_while(|&u| u == b'_')
                    .count()
                    .min(2);
                if underscores > 0 {
                    out.push_str(&reference(inner));
                } else {
                    out.push_str(&md_code(inner));
                }
                i += 1 + end + 1 + underscores;
                continue;
            }
        }
        match c {
            '<' => out.push_str("&lt;"),
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += c.len_utf8();
    }
    out
}

/// A role after its leading `:` (`ref:`target``): the markdown for it and the bytes it took. Cross
/// references show their text; other roles (`:func:`, `:envvar:`) show as code.
pub(super) fn role(rest: &str) -> Option<(String, usize)> {
    let name_len = rest.find(":`").filter(|&n| {
        n > 0
            && rest[..n]
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || "-_:+.".contains(ch))
    })?;
    let name = &rest[..name_len];
    let after = &rest[name_len + 2..];
    let end = after.find('`')?;
    let target = &after[..end];
    // `text <target>` shows the text.
    let shown = match (target.rfind('<'), target.ends_with('>')) {
        (Some(lt), true) if lt > 0 => target[..lt].trim(),
        _ => target.trim_start_matches('~').trim(),
    };
    let markdown = if matches!(name, "ref" | "doc" | "term" | "numref" | "any" | "abbr") {
        escape_text(shown)
    } else {
        md_code(shown)
    };
    Some((markdown, name_len + 2 + end + 1))
}

/// The inside of a hyperlink reference (`text <url>` or `text`): a markdown link for a URL or a
/// site path, the text alone for a name defined elsewhere in the document.
pub(super) fn reference(inner: &str) -> String {
    match (inner.rfind('<'), inner.ends_with('>')) {
        (Some(lt), true) => {
            let label = inner[..lt].trim();
            let url = inner[lt + 1..inner.len() - 1].trim();
            let label = if label.is_empty() { url } else { label };
            if url.contains("://") || url.starts_with('/') {
                let url = utf8_percent_encode(url, LINK_UNSAFE);
                format!("[{}]({url})", escape_text(label))
            } else {
                escape_text(label)
            }
        }
        _ => escape_text(inner),
    }
}

/// What a URL may not hold inside a markdown link's parentheses: a space would end it, `)` close it.
const LINK_UNSAFE: &AsciiSet = &CONTROLS.add(b' ').add(b')');

pub(super) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '[' | ']' | '*' | '_' | '`' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A markdown code span for `code`, whatever backticks it holds.
pub(super) fn md_code(code: &str) -> String {
    if code.is_empty() {
        return String::new();
    }
    let fence = fence_for(code);
    let ticks = &fence[..fence.len() - 1];
    let ticks = if code.contains('`') { ticks } else { "`" };
    if code.starts_with('`') || code.ends_with('`') {
        format!("{ticks} {code} {ticks}")
    } else {
        format!("{ticks}{code}{ticks}")
    }
}
