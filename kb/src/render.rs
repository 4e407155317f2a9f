//! Markdown to safe HTML: pulldown-cmark (tables, footnotes, task lists), heading ids and a table of
//! contents, highlighted code blocks, the key snippet, then ammonia. Also collects what `check_content`
//! needs (links and code blocks with their lines) and the plain text that search indexes.

use std::collections::HashMap;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::page::{KeySnippet, TocEntry};
use crate::{highlight, sanitize};

/// What rendering a body gives.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub text: String,
    pub key_snippet: Option<KeySnippet>,
    /// The text of the first level-1 heading.
    pub first_heading: Option<String>,
    /// `(line, destination)` of every link and image.
    pub links: Vec<(usize, String)>,
    /// Lines of code blocks that name no language.
    pub unlabeled_code: Vec<usize>,
    /// Lines of key snippets after the first (only one counts).
    pub extra_key_snippets: Vec<usize>,
}

/// A heading id: lowercase letters and digits of any script (Chinese kept as is), words joined by `-`.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(text.match_indices('\n').map(|(i, _)| i).collect())
    }
    /// 0-based line index of a byte offset.
    fn at(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset)
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn push_block_break(text: &mut String) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

/// What rendering produces: the page's HTML too, or only what finding and ranking pages need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Output {
    /// HTML (highlighted, sanitized) and everything else.
    Html,
    /// Everything but `html`, which stays empty, and code blocks unhighlighted: what a command
    /// that only links findings to pages needs (sanitizing with ammonia and highlighting are
    /// most of the cost of loading the library).
    TextOnly,
}

/// [`render_as`] with HTML.
#[cfg(test)]
pub(crate) fn render(body: &str, first_line: usize) -> Rendered {
    render_as(body, first_line, Output::Html)
}

/// Renders a markdown body whose first line is line `first_line` (1-based) of its file, producing
/// `output`.
pub(crate) fn render_as(body: &str, first_line: usize, output: Output) -> Rendered {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_STRIKETHROUGH);

    let lines = Lines::new(body);
    let mut out = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    // An open heading: its index in `events`, level, and text so far.
    let mut heading: Option<(usize, HeadingLevel, String)> = None;
    // An open code block: line, info string, code so far.
    let mut code: Option<(usize, String, String)> = None;

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        if let Some((line, info, text)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (line, info, text) = (*line, std::mem::take(info), std::mem::take(text));
                    code = None;
                    events.push(Event::Html(
                        code_block(&mut out, line, &info, &text, output).into(),
                    ));
                }
                _ => {}
            }
            continue;
        }
        match event {
            // Raw HTML in a page never reaches the output, not even escaped.
            Event::Html(_) | Event::InlineHtml(_) => {}
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((first_line + lines.at(range.start), info, String::new()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((events.len(), level, String::new()));
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes: vec![],
                    attrs: vec![],
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((at, _, text)) = heading.take() {
                    let text = text.trim().to_string();
                    let base = slugify(&text);
                    let n = used_ids.entry(base.clone()).or_insert(0);
                    let id = if *n == 0 { base } else { format!("{base}-{n}") };
                    *n += 1;
                    events[at] = Event::Start(Tag::Heading {
                        level,
                        id: Some(CowStr::from(id.clone())),
                        classes: vec![],
                        attrs: vec![],
                    });
                    let lvl = heading_level(level);
                    if lvl == 1 && out.first_heading.is_none() {
                        out.first_heading = Some(text.clone());
                    } else if lvl >= 2 {
                        out.toc.push(TocEntry {
                            level: lvl,
                            id,
                            text,
                        });
                    }
                }
                push_block_break(&mut out.text);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link { ref dest_url, .. })
            | Event::Start(Tag::Image { ref dest_url, .. }) => {
                out.links
                    .push((first_line + lines.at(range.start), dest_url.to_string()));
                events.push(event);
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                // The first `#` heading is the title, which search indexes on its own.
                let is_title = out.first_heading.is_none()
                    && matches!(heading, Some((_, HeadingLevel::H1, _)));
                if !is_title {
                    out.text.push_str(t);
                }
                if let Some((_, _, h)) = heading.as_mut() {
                    h.push_str(t);
                }
                events.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                out.text.push(' ');
                if let Some((_, _, h)) = heading.as_mut() {
                    h.push(' ');
                }
                events.push(event);
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_),
            ) => {
                push_block_break(&mut out.text);
                events.push(event);
            }
            other => events.push(other),
        }
    }
    if let Some((line, info, text)) = code.take() {
        events.push(Event::Html(
            code_block(&mut out, line, &info, &text, output).into(),
        ));
    }

    if output == Output::Html {
        let mut html = String::with_capacity(body.len() * 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        out.html = sanitize::clean(&html);
    }
    out
}

/// Renders one fenced or indented block, noting a missing language and the key snippet.
fn code_block(out: &mut Rendered, line: usize, info: &str, code: &str, output: Output) -> String {
    let mut words = info.split_whitespace();
    let lang = words.next().unwrap_or("").to_string();
    let is_key = words.any(|w| w == "key");
    if lang.is_empty() {
        out.unlabeled_code.push(line);
    }
    out.text.push_str(code);
    push_block_break(&mut out.text);
    let highlight = |lang: &str, code: &str, key: bool| match output {
        Output::Html => highlight::code_block(lang, code, key),
        Output::TextOnly => String::new(),
    };
    if !is_key {
        return highlight(&lang, code, false);
    }
    if out.key_snippet.is_some() {
        out.extra_key_snippets.push(line);
        return highlight(&lang, code, false);
    }
    let snippet = KeySnippet {
        lang: lang.clone(),
        code: code.to_string(),
    };
    let shown = snippet.with_defaults();
    out.key_snippet = Some(snippet);
    highlight(&lang, &shown, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_for_latin_and_chinese() {
        assert_eq!(slugify("Reading the message"), "reading-the-message");
        assert_eq!(
            slugify("显存碎片与 expandable_segments"),
            "显存碎片与-expandable_segments"
        );
        assert_eq!(slugify("  C++ / CUDA: 2.x!  "), "c-cuda-2-x");
        assert_eq!(slugify("???"), "section");
    }

    #[test]
    fn renders_toc_tables_footnotes_tasks() {
        let md = "# Title\n\n## First part\n\nText[^1].\n\n## First part\n\n### 中文小节\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n[^1]: A note.\n";
        let r = render(md, 10);
        assert_eq!(r.first_heading.as_deref(), Some("Title"));
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["first-part", "first-part-1", "中文小节"]);
        assert!(r.html.contains(r#"<h2 id="first-part">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h3 id="中文小节">"#));
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote-definition"));
        assert!(r.html.contains(r#"type="checkbox""#));
        assert!(r.text.contains("中文小节"));
    }

    #[test]
    fn drops_raw_html_and_js_links() {
        let md = "# T\n\n<script>alert('x')</script>\n\nHi <img src=x onerror=alert(1)> [l](javascript:alert(2)) <b onclick=\"y()\">b</b>\n\n<div onmouseover=\"z()\">div</div>\n";
        let r = render(md, 1);
        for bad in [
            "<script",
            "alert",
            "onerror",
            "onclick",
            "javascript:",
            "onmouseover",
            "<img",
        ] {
            assert!(!r.html.contains(bad), "{bad} in {}", r.html);
        }
    }

    #[test]
    fn key_snippet_links_and_unlabeled_code() {
        let md = "# T\n\nSee [frag](/kb/fragmentation#fix).\n\n```python key\nbs = {{batch_size|16}}\n```\n\n```\nplain\n```\n\n```bash key\necho 2\n```\n";
        let r = render(md, 5);
        assert_eq!(r.links, vec![(7, "/kb/fragmentation#fix".to_string())]);
        assert_eq!(r.unlabeled_code, vec![13]);
        assert_eq!(r.extra_key_snippets, vec![17]);
        let key = r
            .key_snippet
            .as_ref()
            .map(|k| (k.lang.as_str(), k.code.as_str()));
        assert_eq!(key, Some(("python", "bs = {{batch_size|16}}\n")));
        assert!(r.html.contains("key-snippet"));
        assert!(!r.html.contains("{{batch_size"));
        assert!(r.html.contains("16"));
    }
}
