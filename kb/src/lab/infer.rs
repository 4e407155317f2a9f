//! What a note's front matter does not say, inferred from the note: the language from the share
//! of CJK characters, the slug and tags from its path, the title from its first heading, the
//! summary from its first paragraph.

use std::path::{Component, Path};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::EXTENSIONS;
use crate::page::Lang;

/// `zh` when more than 10% of the letters of the prose (code blocks left out) are CJK.
pub(crate) fn detect_lang(markdown: &str) -> Lang {
    let mut cjk = 0usize;
    let mut letters = 0usize;
    let mut in_fence = false;
    for line in markdown.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        for c in line.chars() {
            if crate::text::is_cjk(c) {
                cjk += 1;
                letters += 1;
            } else if c.is_alphabetic() {
                letters += 1;
            }
        }
    }
    if letters > 0 && cjk * 10 > letters {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// A short, stable suffix for a slug: FNV-1a, 32 bits, in hex.
fn short_hash(text: &str) -> String {
    format!("{:08x}", crate::text::fnv1a_32(text))
}

/// The path below the content root, `/`-separated, without the extension.
fn rel_stem(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().to_string()),
            _ => None,
        })
        .collect();
    if let Some(last) = parts.last_mut() {
        if let Some((stem, ext)) = last.rsplit_once('.') {
            if !stem.is_empty() && EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) {
                *last = stem.to_string();
            }
        }
    }
    parts.join("/")
}

/// The slug of a lab page from its path below the content root: lowercase ASCII letters and digits
/// joined by `-`; a path with other characters (a Chinese file name) gets a short hash of the path
/// so that it stays unique and stable.
pub(crate) fn slug_from_path(rel: &Path) -> String {
    let stem = rel_stem(rel);
    let mut slug = String::with_capacity(stem.len());
    let mut dash = false;
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    if slug.len() > 100 {
        slug.truncate(100);
        while slug.ends_with('-') {
            slug.pop();
        }
    }
    let lossy = !stem.is_ascii() || stem.len() > 100;
    if slug.is_empty() {
        format!("note-{}", short_hash(&stem))
    } else if lossy {
        format!("{slug}-{}", short_hash(&stem))
    } else {
        slug
    }
}

/// Tags from the folders between the content root and the file (none at the root).
pub(crate) fn tags_from_path(rel: &Path) -> Vec<String> {
    let Some(parent) = rel.parent() else {
        return Vec::new();
    };
    let mut tags: Vec<String> = Vec::new();
    for c in parent.components() {
        if let Component::Normal(name) = c {
            let tag = name.to_string_lossy().trim().to_lowercase();
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    tags
}

/// A heading without its leading section number (`1.`, `1.2`, `06-`, `(3)`).
pub(crate) fn clean_title(heading: &str) -> String {
    let t = heading.trim();
    let inner = t.strip_prefix('(').unwrap_or(t);
    let digits = inner
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    if digits == 0 || !inner.starts_with(|c: char| c.is_ascii_digit()) || digits > 8 {
        return t.to_string();
    }
    let rest = &inner[digits..];
    let had_dot = inner[..digits].ends_with('.');
    let rest = match rest.chars().next() {
        Some(')' | '-' | '、' | '）') => &rest[rest.chars().next().map_or(0, char::len_utf8)..],
        Some(' ') if had_dot || inner[..digits].contains('.') => rest,
        Some(_) if had_dot => rest,
        _ => return t.to_string(),
    };
    let rest = rest.trim();
    if rest.is_empty() {
        t.to_string()
    } else {
        rest.to_string()
    }
}

/// The first paragraphs of prose (no headings, code, or lists of links), up to about 200
/// characters, as plain text.
pub(crate) fn summary_from(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    let mut out = String::new();
    let mut block = String::new();
    let mut link_chars = 0usize;
    let mut skip = 0usize;
    let mut in_link = false;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(
                Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::Table(_) | Tag::Image { .. },
            ) => skip += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Table | TagEnd::Image) => {
                skip = skip.saturating_sub(1)
            }
            Event::Start(Tag::Item) if !block.is_empty() => block.push(' '),
            Event::Start(Tag::Link { .. }) => in_link = true,
            Event::End(TagEnd::Link) => in_link = false,
            Event::Text(t) | Event::Code(t) if skip == 0 => {
                if in_link {
                    link_chars += t.chars().count();
                }
                block.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak if skip == 0 => block.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                let text = block.split_whitespace().collect::<Vec<_>>().join(" ");
                let n = text.chars().count();
                // A table of contents (links only) or a bare label says nothing.
                let label = n <= 20 && text.ends_with([':', '：']);
                if n > 0 && link_chars * 10 < n * 9 && !label {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(&text);
                }
                block.clear();
                link_chars = 0;
                if out.chars().count() >= 60 {
                    break;
                }
            }
            _ => {}
        }
    }
    truncate_chars(&out, 200)
}

fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    // Prefer a word boundary in Latin text.
    let cut = match cut.rfind(' ') {
        Some(at) if at > cut.len() / 2 => cut[..at].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}
