//! reStructuredText to markdown, best effort: section titles (over- and underlined), paragraphs,
//! bullet and enumerated lists, literal blocks after `::`, `code-block` / `code` directives,
//! admonitions, `literalinclude` (read when the file is there), inline literals, links and roles.
//! A directive that cannot be rendered becomes a muted note; nothing here ever fails.
//!
//! - here: the document's blocks (titles, paragraphs, lists, literal blocks);
//! - [`directive`]: explicit markup (`.. name::`), `literalinclude` among them;
//! - [`lines`]: what one line or a run of lines is (indents, adornments, list markers, fences);
//! - [`inline`]: markup inside a paragraph.

mod directive;
mod inline;
mod lines;
#[cfg(test)]
mod tests;

use std::path::Path;

use inline::inline;
use lines::{
    adornment, dedent, indent_of, indented_end, is_blank, is_table_border, list_marker, push_fence,
};

/// Largest file `literalinclude` shows: a listing, not a data file.
const MAX_INCLUDE_BYTES: u64 = 256 * 1024;

/// Where `literalinclude` may read from: the folder of the page and the lab folder it must stay in.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct IncludeBase<'a> {
    pub page_dir: Option<&'a Path>,
    pub root: Option<&'a Path>,
}

/// Converts a reStructuredText document to markdown.
pub(crate) fn to_markdown(source: &str, base: IncludeBase<'_>) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut conv = Converter {
        styles: Vec::new(),
        out: String::with_capacity(source.len() + 64),
        base,
    };
    conv.block(&lines, 0);
    conv.out
}

struct Converter<'a> {
    /// Heading styles in order of first use: (underline char, overlined). Index + 1 is the level.
    styles: Vec<(char, bool)>,
    out: String,
    base: IncludeBase<'a>,
}

impl Converter<'_> {
    fn level(&mut self, style: (char, bool)) -> usize {
        let at = match self.styles.iter().position(|s| *s == style) {
            Some(at) => at,
            None => {
                self.styles.push(style);
                self.styles.len() - 1
            }
        };
        (at + 1).min(6)
    }

    fn heading(&mut self, style: (char, bool), title: &str) {
        let level = self.level(style);
        self.out.push_str(&"#".repeat(level));
        self.out.push(' ');
        self.out.push_str(&inline(title.trim()));
        self.out.push_str("\n\n");
    }

    /// Converts a run of lines (already dedented to `base` = 0 for the document).
    fn block(&mut self, lines: &[&str], depth: usize) {
        let mut i = 0;
        let mut in_list = false;
        while i < lines.len() {
            let line = lines[i];
            if is_blank(line) {
                i += 1;
                continue;
            }
            let indent = indent_of(line);
            let trimmed = line.trim();

            // Overlined title: ===, title, ===.
            if let Some(c) = adornment(line) {
                if i + 2 < lines.len()
                    && !is_blank(lines[i + 1])
                    && adornment(lines[i + 2]) == Some(c)
                {
                    self.heading((c, true), lines[i + 1]);
                    in_list = false;
                    i += 3;
                    continue;
                }
                // A lone adornment line: a transition.
                self.out.push_str("---\n\n");
                i += 1;
                continue;
            }
            // Underlined title.
            if indent == 0 && i + 1 < lines.len() && !trimmed.starts_with("..") {
                if let Some(c) = adornment(lines[i + 1]) {
                    if lines[i + 1].trim_end().chars().count() >= 3 {
                        self.heading((c, false), line);
                        in_list = false;
                        i += 2;
                        continue;
                    }
                }
            }
            // Explicit markup: directives, targets, comments.
            if let Some(rest) = trimmed.strip_prefix("..") {
                if rest.is_empty() || rest.starts_with(' ') {
                    i = self.explicit(lines, i, indent, rest.trim(), depth);
                    in_list = false;
                    continue;
                }
            }
            // Indented block outside a list: a block quote.
            if indent > 0 && !in_list {
                let end = indented_end(lines, i, 0).max(i + 1);
                let inner = dedent(&lines[i..end]);
                let inner_refs: Vec<&str> = inner.iter().map(String::as_str).collect();
                let md = self.nested(&inner_refs, depth);
                for l in md.trim_end().lines() {
                    self.out.push_str("> ");
                    self.out.push_str(l);
                    self.out.push('\n');
                }
                self.out.push('\n');
                i = end;
                continue;
            }
            // Grid and simple tables: kept as they are drawn.
            if is_table_border(trimmed) {
                let mut end = i + 1;
                while end < lines.len() && !is_blank(lines[end]) {
                    end += 1;
                }
                let rows = dedent(&lines[i..end]);
                push_fence(&mut self.out, "text", &rows);
                in_list = false;
                i = end;
                continue;
            }
            // A paragraph (or list item): lines up to a blank line.
            let start = i;
            let mut end = i + 1;
            while end < lines.len() && !is_blank(lines[end]) {
                // A list item starts a new block at the same indentation.
                if indent_of(lines[end]) == indent && list_marker(lines[end].trim()).is_some() {
                    break;
                }
                end += 1;
            }
            let para: Vec<&str> = lines[start..end].to_vec();
            let is_item = list_marker(trimmed).is_some();
            if indent == 0 {
                in_list = is_item;
            }
            let ends_literal = para
                .last()
                .is_some_and(|l| l.trim_end().ends_with("::") && !l.trim().starts_with(".."));
            let tight = end < lines.len() && !is_blank(lines[end]);
            self.paragraph(&para, !tight);
            i = end;
            if ends_literal {
                // The literal block: the next indented lines (after blank lines).
                let mut j = i;
                while j < lines.len() && is_blank(lines[j]) {
                    j += 1;
                }
                if j < lines.len() && indent_of(lines[j]) > indent {
                    let lend = indented_end(lines, j, indent);
                    let code = dedent(&lines[j..lend]);
                    let mut fenced = String::new();
                    push_fence(&mut fenced, "text", &code);
                    for l in fenced.lines() {
                        if indent > 0 {
                            self.out.push_str(&" ".repeat(indent));
                        }
                        self.out.push_str(l);
                        self.out.push('\n');
                    }
                    self.out.push('\n');
                    i = lend;
                }
            }
        }
    }

    fn nested(&mut self, lines: &[&str], depth: usize) -> String {
        if depth > 8 {
            return lines.join("\n");
        }
        let saved = std::mem::take(&mut self.out);
        self.block(lines, depth + 1);
        std::mem::replace(&mut self.out, saved)
    }

    fn paragraph(&mut self, para: &[&str], blank_after: bool) {
        let last = para.len().saturating_sub(1);
        for (k, raw) in para.iter().enumerate() {
            let indent = indent_of(raw);
            let mut text = raw.trim().to_string();
            if k == last {
                if text == "::" {
                    continue;
                }
                if let Some(stripped) = text.strip_suffix("::") {
                    text = if stripped.ends_with([' ', '\t']) {
                        stripped.trim_end().to_string()
                    } else {
                        format!("{stripped}:")
                    };
                }
            }
            let text = match list_marker(&text) {
                Some((marker, rest)) => format!("{marker} {}", inline(rest)),
                None => {
                    let converted = inline(&text);
                    // A line that markdown would read as a heading, quote or rule stays text.
                    if converted.starts_with(['#', '>', '|']) || converted.starts_with("---") {
                        format!("\\{converted}")
                    } else {
                        converted
                    }
                }
            };
            self.out.push_str(&" ".repeat(indent));
            self.out.push_str(&text);
            self.out.push('\n');
        }
        if blank_after {
            self.out.push('\n');
        }
    }
}
