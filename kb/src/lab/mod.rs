//! A lab's own notes, as they are: markdown, plain text or reStructuredText, with or without front
//! matter. What front matter does not say is inferred: the title from the first heading (or the
//! file name), the language from the share of CJK characters, tags from the folders, the slug from
//! the path, the summary from the first paragraph.
//!
//! - [`format`]: which format a note is in;
//! - [`plain`]: plain text made markdown;
//! - [`infer`]: the facts inferred from the note and its path;
//! - here: one note parsed into a page from those pieces.

mod format;
mod infer;
mod plain;
#[cfg(test)]
mod tests;

use std::path::Path;

use crate::error::{said, Problem, Said};
use crate::front_matter::{self, FrontMatter};
use crate::page::{Lang, PageOrigin};
use crate::parse::{
    assemble, clean_list, non_empty, valid_patterns, valid_slug, PageHead, Parsed, SourceFacts,
};
use crate::render;
use crate::rst::{self, IncludeBase};

pub(crate) use format::{format_of, Format};
pub(crate) use infer::{clean_title, detect_lang, slug_from_path, summary_from, tags_from_path};
pub(crate) use plain::txt_to_markdown;

/// File extensions read from lab folders.
pub(crate) const EXTENSIONS: &[&str] = &["md", "markdown", "txt", "rst"];

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
    let fatal = |line: usize, message: Said| vec![Problem::new(file, line, message)];
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
                said(
                    "invalid-slug-inferred",
                    &[("slug", format!("{s:?}")), ("inferred", inferred.clone())],
                    format!("invalid slug {s:?}; using `{inferred}` from the path"),
                ),
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
