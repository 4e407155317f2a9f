//! A lab's own notes, as they are: markdown, plain text or reStructuredText, with or without front
//! matter. What front matter does not say is inferred: the title from the first heading (or the
//! file name), the language from the share of CJK characters, tags from the folders, the slug from
//! the path, the summary from the first paragraph.

use std::path::{Component, Path};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::error::Problem;
use crate::front_matter::{self, FrontMatter};
use crate::page::{Lang, PageOrigin};
use crate::parse::{
    assemble, clean_list, non_empty, valid_patterns, valid_slug, PageHead, Parsed, SourceFacts,
};
use crate::render;
use crate::rst::{self, IncludeBase};

/// File extensions read from lab folders.
pub(crate) const EXTENSIONS: &[&str] = &["md", "markdown", "txt", "rst"];

/// How a note is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Markdown,
    Rst,
    Text,
}

/// The format of a file: by extension, and for `.txt` by what the text looks like (labs save
/// markdown and rst as `.txt` too).
pub(crate) fn format_of(path: &Path, body: &str) -> Format {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "md" | "markdown" => Format::Markdown,
        "rst" => Format::Rst,
        _ => sniff(body),
    }
}

/// Guesses the format of a text file from its markup.
pub(crate) fn sniff(text: &str) -> Format {
    let mut md = 0usize;
    let mut rst = 0usize;
    let mut in_fence = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            md += 2;
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') && line.starts_with('#') {
            md += 2;
        }
        if t.contains("](") || t.contains("**") {
            md += 1;
        }
        if t.starts_with(".. ") && (t.contains("::") || t.starts_with(".. _")) {
            rst += 3;
        }
        if t.contains(":ref:`") || t.contains(":doc:`") || t.contains(">`_") {
            rst += 2;
        }
        if t.contains("``") && !t.starts_with("```") {
            rst += 1;
        }
        if t.ends_with("::") && !t.starts_with("..") {
            rst += 1;
        }
    }
    if rst > md {
        Format::Rst
    } else if md > 0 {
        Format::Markdown
    } else {
        Format::Text
    }
}

/// Whether a block of plain text reads as code or a log rather than prose.
fn looks_like_code(block: &[&str]) -> bool {
    let indented = block
        .iter()
        .all(|l| l.starts_with("    ") || l.starts_with('\t'));
    if indented {
        return true;
    }
    block.iter().any(|l| {
        let t = l.trim();
        t.starts_with("Traceback (most recent call last)")
            || (t.starts_with("File \"") && t.contains("line "))
            || t.starts_with("$ ")
            || t.starts_with(">>> ")
            || t.starts_with("#!")
            || error_line(t)
    })
}

/// `SomethingError: ...` / `SomethingException: ...` at the start of a line, as logs print them.
fn error_line(t: &str) -> bool {
    let Some((head, _)) = t.split_once(": ") else {
        return false;
    };
    !head.contains(' ')
        && (head.ends_with("Error") || head.ends_with("Exception"))
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_'))
}

/// Plain text as markdown: paragraphs stay paragraphs, code and log blocks are fenced, the first
/// line becomes the title when it stands alone and is short.
pub(crate) fn txt_to_markdown(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in lines {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut code: Vec<String> = Vec::new();
    let flush = |out: &mut String, code: &mut Vec<String>| {
        if code.is_empty() {
            return;
        }
        let body = code.join("\n");
        let ticks = if body.contains("```") { "~~~~" } else { "```" };
        out.push_str(&format!("{ticks}text\n{}\n{ticks}\n\n", body.trim_end()));
        code.clear();
    };
    for (i, block) in blocks.iter().enumerate() {
        if looks_like_code(block) {
            if !code.is_empty() {
                code.push(String::new());
            }
            code.extend(block.iter().map(|l| l.to_string()));
            continue;
        }
        flush(&mut out, &mut code);
        let is_title =
            i == 0 && block.len() == 1 && block[0].chars().count() <= 80 && blocks.len() > 1;
        if is_title {
            out.push_str("# ");
            out.push_str(&escape_text_line(block[0].trim(), false));
            out.push_str("\n\n");
            continue;
        }
        for line in block {
            out.push_str(&escape_text_line(line.trim(), true));
            out.push('\n');
        }
        out.push('\n');
    }
    flush(&mut out, &mut code);
    out
}

/// One line of plain text made safe for markdown: no markup is interpreted, except simple list
/// items (`- x`, `1. x`) when `keep_lists`.
fn escape_text_line(line: &str, keep_lists: bool) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let is_list = keep_lists
        && (line.starts_with("- ")
            || line.starts_with("* ")
            || line.split_once(". ").is_some_and(|(n, _)| {
                !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())
            }));
    let (prefix, rest) = if is_list {
        let cut = line.find(' ').map_or(0, |i| i + 1);
        line.split_at(cut)
    } else {
        ("", line)
    };
    out.push_str(prefix);
    for (i, c) in rest.chars().enumerate() {
        let at_start = i == 0 && prefix.is_empty();
        let special = matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '!' | '&')
            || (at_start && matches!(c, '#' | '>' | '|' | '=' | '-' | '+' | '~'));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    // `1. x` at the start of a line that was not meant as a list.
    if !is_list {
        if let Some((n, _)) = out.split_once(". ") {
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
                return out.replacen(". ", "\\. ", 1);
            }
        }
    }
    out
}

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

/// [`parse_lab_page_as`] with HTML.
#[cfg(test)]
pub(crate) fn parse_lab_page(
    file: &str,
    source: &str,
    path: &Path,
    root: &Path,
    origin: PageOrigin,
) -> Result<Parsed, Vec<Problem>> {
    parse_lab_page_as(file, source, path, root, origin, render::Output::Html)
}

/// Parses one lab note, rendering `output`. `path` is the file, `root` the lab folder it was found
/// in. `Err` when the file cannot be used (broken front matter).
pub(crate) fn parse_lab_page_as(
    file: &str,
    source: &str,
    path: &Path,
    root: &Path,
    origin: PageOrigin,
    output: render::Output,
) -> Result<Parsed, Vec<Problem>> {
    let source = source.replace("\r\n", "\n");
    let fatal = |line: usize, message: String| vec![Problem::new(file, line, message)];
    let split =
        front_matter::split(&source, front_matter::Rules::Lab).map_err(|(l, m)| fatal(l, m))?;
    let fm: FrontMatter = front_matter::parse(&split).map_err(|(l, m)| fatal(l, m))?;
    let mut problems = Vec::new();
    let rel = path.strip_prefix(root).unwrap_or(path);

    let markdown = match format_of(path, split.body) {
        Format::Markdown => split.body.to_string(),
        Format::Rst => rst::to_markdown(
            split.body,
            IncludeBase {
                page_dir: path.parent(),
                root: Some(root),
            },
        ),
        Format::Text => txt_to_markdown(split.body),
    };
    // Line numbers only make sense for markdown as written.
    let rendered = render::render_as(&markdown, split.body_line, output);

    let title = fm
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .or_else(|| rendered.first_heading.as_deref().map(clean_title))
        .or_else(|| rendered.toc.first().map(|t| clean_title(&t.text)))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| {
            path.file_stem()
                .map_or_else(|| file.to_string(), |s| s.to_string_lossy().to_string())
        });
    let lang = fm
        .lang
        .as_deref()
        .and_then(|l| l.parse::<Lang>().ok())
        .unwrap_or_else(|| detect_lang(&markdown));
    let slug = match fm.slug.as_deref().map(str::trim) {
        Some(s) if valid_slug(s) => s.to_string(),
        Some(s) if !s.is_empty() => {
            let inferred = slug_from_path(rel);
            problems.push(Problem::new(
                file,
                1,
                format!("invalid slug {s:?}; using `{inferred}` from the path"),
            ));
            inferred
        }
        _ => slug_from_path(rel),
    };
    let tags = match fm.tags {
        Some(tags) => clean_list(tags),
        None => tags_from_path(rel),
    };
    let summary = non_empty(fm.summary).unwrap_or_else(|| summary_from(&markdown));
    let patterns = valid_patterns(
        fm.patterns.unwrap_or_default(),
        file,
        &mut problems,
        |pattern| front_matter::value_line(&split, "patterns", pattern),
    );
    let translation = non_empty(fm.translation);

    let head = PageHead {
        slug,
        title,
        lang,
        translation,
        tags,
        addresses: clean_list(fm.addresses.unwrap_or_default()),
        summary,
        patterns,
        frameworks: clean_list(fm.frameworks.unwrap_or_default()),
        backends: clean_list(fm.backends.unwrap_or_default()),
        origin,
    };
    let source = SourceFacts {
        front: split.front,
        unknown_keys: Vec::new(),
        had_translation_key: false,
    };
    Ok(assemble(head, rendered, problems, source))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::Page;
    use std::path::PathBuf;

    fn lab(name: &str, text: &str) -> Option<Page> {
        let root = PathBuf::from("/lab");
        let path = root.join(name);
        parse_lab_page(
            name,
            text,
            &path,
            &root,
            PageOrigin::Lab { path: path.clone() },
        )
        .ok()
        .map(|p| p.page)
    }

    #[test]
    fn title_from_heading_file_name_or_front_matter() {
        let p = lab("a/b/note.md", "Intro line.\n\n## 2. 显存碎片\n\nText.\n");
        assert_eq!(p.as_ref().map(|p| p.title.as_str()), Some("显存碎片"));
        let p = lab("plain-note.md", "Just a sentence, no heading at all.\n");
        assert_eq!(p.as_ref().map(|p| p.title.as_str()), Some("plain-note"));
        let p = lab("x.md", "---\ntitle: Given\n---\n# Other\n");
        assert_eq!(p.as_ref().map(|p| p.title.as_str()), Some("Given"));
        let p = lab(
            "x.md",
            "+++\ntitle = \"Toml title\"\nlang = \"zh\"\n+++\n# Other\n",
        );
        assert_eq!(
            p.as_ref().map(|p| (p.title.as_str(), p.lang)),
            Some(("Toml title", Lang::Zh))
        );
        let p = lab("r.rst", "减小批量\n========\n\n正文 ``bs`` 说明。\n");
        assert_eq!(p.as_ref().map(|p| p.title.as_str()), Some("减小批量"));
    }

    #[test]
    fn clean_titles() {
        assert_eq!(clean_title("1.OutOfMemoryError"), "OutOfMemoryError");
        assert_eq!(
            clean_title("1. torch.cuda.OutOfMemoryError"),
            "torch.cuda.OutOfMemoryError"
        );
        assert_eq!(clean_title("06-Flask部署"), "Flask部署");
        assert_eq!(clean_title("3.2 accelerate"), "accelerate");
        assert_eq!(clean_title("3090 tips"), "3090 tips");
        assert_eq!(clean_title("2024"), "2024");
        assert_eq!(clean_title("A100 notes"), "A100 notes");
    }

    #[test]
    fn lang_from_cjk_share() {
        assert_eq!(detect_lang("显存不够时先减小 batch size。"), Lang::Zh);
        assert_eq!(detect_lang("Reduce the batch size first."), Lang::En);
        let code = "中文说明很少。\n\n```python\nthis_is_a_lot_of_code_that_does_not_count = 1\nmore_code_here_too()\n```\n";
        assert_eq!(detect_lang(code), Lang::Zh);
        assert_eq!(
            detect_lang("One 词 in a long English sentence with many words."),
            Lang::En
        );
        assert_eq!(detect_lang(""), Lang::En);
    }

    #[test]
    fn slugs_from_paths() {
        assert_eq!(
            slug_from_path(Path::new("Serving/Flask OOM.md")),
            "serving-flask-oom"
        );
        assert_eq!(slug_from_path(Path::new("000_abc.txt")), "000-abc");
        let zh = slug_from_path(Path::new("梯度累积.md"));
        assert!(zh.starts_with("note-") && zh.len() == 13, "{zh}");
        assert_eq!(zh, slug_from_path(Path::new("梯度累积.md")));
        assert_ne!(zh, slug_from_path(Path::new("显存碎片.md")));
        let mixed = slug_from_path(Path::new("训练/oom 笔记.rst"));
        assert!(mixed.starts_with("oom-"), "{mixed}");
        assert!(valid_slug(&mixed), "{mixed}");
        assert!(valid_slug(&slug_from_path(Path::new("--.md"))));
    }

    #[test]
    fn tags_from_folders() {
        assert!(tags_from_path(Path::new("note.md")).is_empty());
        assert_eq!(
            tags_from_path(Path::new("Serving/推理/note.md")),
            vec!["serving".to_string(), "推理".to_string()]
        );
    }

    #[test]
    fn summary_is_first_prose() {
        let md = "- [1. A](#a)\n- [2. B](#b)\n\n# T\n\n```text\nlog\n```\n\nFirst paragraph here.\n\nSecond one, which also counts until the summary is long enough.\n";
        assert_eq!(
            summary_from(md),
            "First paragraph here. Second one, which also counts until the summary is long enough."
        );
        let nested = "**问题描述：**\n\n- Total: 11GB\n  - reserved: 80MB\n  - free: 9GB\n";
        assert_eq!(summary_from(nested), "Total: 11GB reserved: 80MB free: 9GB");
        let long = "字".repeat(500);
        assert_eq!(summary_from(&long).chars().count(), 201);
    }

    #[test]
    fn txt_paragraphs_and_code() {
        let txt = "OOM while training\n\nThe job died at step 40.\nIt had run fine before.\n\nTraceback (most recent call last):\n  File \"train.py\", line 3, in <module>\ntorch.OutOfMemoryError: CUDA out of memory.\n\n    indented = code\n\nA *literal* <b>tag</b> and # sign.\n";
        let md = txt_to_markdown(txt);
        assert!(md.starts_with("# OOM while training\n\n"), "{md}");
        assert!(
            md.contains("The job died at step 40.\nIt had run fine before.\n\n"),
            "{md}"
        );
        assert!(
            md.contains("```text\nTraceback (most recent call last):\n  File \"train.py\", line 3, in <module>\ntorch.OutOfMemoryError: CUDA out of memory.\n\n    indented = code\n```"),
            "{md}"
        );
        let r = render::render(&md, 1);
        assert!(r.html.contains("<pre"), "{}", r.html);
        assert!(
            r.html
                .contains("A *literal* &lt;b&gt;tag&lt;/b&gt; and # sign."),
            "{}",
            r.html
        );
    }

    #[test]
    fn txt_formats_are_sniffed() {
        assert_eq!(sniff("# Title\n\n```python\nx\n```\n"), Format::Markdown);
        assert_eq!(
            sniff(".. _x:\n\nTitle\n=====\n\n.. literalinclude:: a.py\n"),
            Format::Rst
        );
        assert_eq!(sniff("Just words.\n\nMore words.\n"), Format::Text);
    }

    #[test]
    fn broken_front_matter_is_a_problem() {
        let root = PathBuf::from("/lab");
        let path = root.join("bad.md");
        let r = parse_lab_page(
            "bad.md",
            "---\ntitle: [unclosed\n---\n# x\n",
            &path,
            &root,
            PageOrigin::BuiltIn,
        );
        assert!(r.is_err());
    }
}
