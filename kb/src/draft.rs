//! A page as the wiki's form holds it: each front-matter field on its own, and the markdown body.
//! [`Draft::from_source`] reads a page source (YAML or TOML front matter, or none) the way the
//! lab's notes are read; [`Draft::to_source`] writes YAML front matter and the body, the format
//! `--content` and the built-in library read. Keys the form does not show are kept as written.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{said, Said};
use crate::front_matter::{self, FrontMatter, Rules};
use crate::parse::{pattern_problem, valid_slug};

/// A page's fields and body. Lists are as written, without blanks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub title: String,
    pub slug: String,
    /// `en` or `zh`.
    pub lang: String,
    pub tags: Vec<String>,
    /// Finding ids the page addresses (`triage::FINDING_IDS`).
    pub addresses: Vec<String>,
    /// Regexes that mark an error the parser does not know.
    pub patterns: Vec<String>,
    /// The slug of the page's translation.
    pub translation: String,
    pub summary: String,
    pub frameworks: Vec<String>,
    pub backends: Vec<String>,
    /// Front-matter keys the form does not show, kept as written.
    pub other: BTreeMap<String, serde_norway::Value>,
    pub body: String,
}

/// The front matter as written back: known keys in a fixed order, empty ones left out.
#[derive(Serialize)]
struct Written<'a> {
    title: &'a str,
    slug: &'a str,
    lang: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    translation: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    addresses: &'a [String],
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    frameworks: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    backends: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    patterns: &'a [String],
    #[serde(flatten)]
    other: &'a BTreeMap<String, serde_norway::Value>,
}

fn list(values: Option<Vec<String>>) -> Vec<String> {
    values
        .unwrap_or_default()
        .into_iter()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

impl Draft {
    /// The fields and body of a page source. Fields the source does not give are empty.
    ///
    /// # Errors
    /// The line and sentence of front matter that cannot be read (an unclosed `+++`, YAML or
    /// TOML that does not parse).
    pub fn from_source(source: &str) -> Result<Draft, (usize, Said)> {
        let source = source.replace("\r\n", "\n");
        let split = front_matter::split(&source, Rules::Lab)?;
        let fm: FrontMatter = front_matter::parse(&split)?;
        let text = |value: Option<String>| value.map(|v| v.trim().to_string()).unwrap_or_default();
        Ok(Draft {
            title: text(fm.title),
            slug: text(fm.slug),
            lang: text(fm.lang),
            tags: list(fm.tags),
            addresses: list(fm.addresses),
            patterns: list(fm.patterns),
            translation: text(fm.translation),
            summary: text(fm.summary),
            frameworks: list(fm.frameworks),
            backends: list(fm.backends),
            other: fm.other,
            body: split.body.trim_start_matches('\n').to_string(),
        })
    }

    /// The page source: `---`, YAML front matter, `---`, a blank line, the body (ending in a
    /// newline).
    pub fn to_source(&self) -> String {
        let written = Written {
            title: self.title.trim(),
            slug: self.slug.trim(),
            lang: self.lang.trim(),
            translation: self.translation.trim(),
            tags: &self.tags,
            addresses: &self.addresses,
            summary: self.summary.trim(),
            frameworks: &self.frameworks,
            backends: &self.backends,
            patterns: &self.patterns,
            other: &self.other,
        };
        // Serializing plain strings, lists of strings and values that were parsed cannot fail;
        // were it to, the fields still go out one per line rather than being lost.
        let yaml = serde_norway::to_string(&written).unwrap_or_else(|_| {
            format!(
                "title: {:?}\nslug: {}\nlang: {}\n",
                written.title, written.slug, written.lang
            )
        });
        let body = self.body.replace("\r\n", "\n");
        let body = body.trim_end_matches('\n');
        format!("---\n{yaml}---\n\n{body}\n")
    }

    /// What is wrong with the fields, each with the field's name (`title`, `slug`, `lang`,
    /// `patterns`, `translation`): a save is refused until the list is empty. Unknown finding ids,
    /// frameworks and backends are not here: `check-content` reports those, and a lab may write
    /// a page before the finding exists.
    pub fn problems(&self) -> Vec<(&'static str, Said)> {
        let mut out = Vec::new();
        // The form's words for an empty field, not the front matter's ("missing required key").
        if self.title.trim().is_empty() {
            out.push((
                "title",
                said("title-empty", &[], "the page needs a title".to_string()),
            ));
        }
        let slug = self.slug.trim();
        if slug.is_empty() {
            out.push((
                "slug",
                said(
                    "slug-empty",
                    &[],
                    "the page needs a slug: the last part of its address, like fragmentation-zh"
                        .to_string(),
                ),
            ));
        } else if !valid_slug(slug) {
            out.push(("slug", bad_slug(slug)));
        }
        match self.lang.trim() {
            "en" | "zh" => {}
            other => out.push((
                "lang",
                said(
                    "invalid-lang",
                    &[("lang", format!("{other:?}"))],
                    format!("invalid lang {other:?}: use `en` or `zh`"),
                ),
            )),
        }
        let translation = self.translation.trim();
        if !translation.is_empty() && !valid_slug(translation) {
            out.push(("translation", bad_slug(translation)));
        }
        for pattern in &self.patterns {
            if let Some(said) = pattern_problem(pattern) {
                out.push(("patterns", said));
            }
        }
        out
    }
}

/// `source` rendered as the wiki page `slug` will show once saved (sanitized like every page), or
/// why it cannot be read.
///
/// # Errors
/// The problems of a source that is no page (front matter that does not read).
pub fn preview(slug: &str, source: &str) -> Result<crate::Page, Vec<crate::Problem>> {
    let file = format!("{}/{slug}.md", crate::load::WIKI_ROOT);
    crate::lab::parse_lab_page_as(
        &file,
        source,
        std::path::Path::new(&file),
        std::path::Path::new(crate::load::WIKI_ROOT),
        crate::PageOrigin::Wiki { revision: 0 },
        crate::render::Output::Html,
    )
    .map(|parsed| parsed.page)
}

/// One lab note parsed as if it were the file `name` at the top of a lab folder that holds
/// nothing else (an `.rst` note's includes find no file): its format by the extension and the
/// text, its front matter, the rendered and sanitized page. For fuzzing (`fuzz/`) and tools.
///
/// # Errors
/// The problems of a note that is no page (front matter that does not read).
pub fn parse_note(name: &str, source: &str) -> Result<crate::Page, Vec<crate::Problem>> {
    const ROOT: &str = "/nonexistent-oomlens-lab";
    let path = std::path::Path::new(ROOT).join(name);
    crate::lab::parse_lab_page_as(
        name,
        source,
        &path,
        std::path::Path::new(ROOT),
        crate::PageOrigin::Lab { path: path.clone() },
        crate::render::Output::Html,
    )
    .map(|parsed| parsed.page)
}

fn bad_slug(slug: &str) -> Said {
    said(
        "invalid-slug",
        &[("slug", format!("{slug:?}"))],
        format!("invalid slug {slug:?}: use at most 120 lowercase ASCII letters, digits and `-`, with no `-` at either end"),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_note_parses_by_its_extension() {
        let rst = crate::parse_note("swap.rst", "Swap space\n==========\n\nUse ``free -h``.\n")
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(rst.title, "Swap space");
        assert!(rst.html.contains("<code>free -h</code>"), "{}", rst.html);
        let txt = crate::parse_note("notes.txt", "Restart the notebook kernel.\n")
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert!(
            txt.html.contains("Restart the notebook kernel."),
            "{}",
            txt.html
        );
        assert!(crate::parse_note("bad.md", "---\ntitle: [unclosed\n---\nx\n").is_err());
    }

    use super::*;

    #[test]
    fn a_source_round_trips_through_the_form() {
        let source = "---\ntitle: \"显存碎片\"\nslug: frag-zh\nlang: zh\ntranslation: frag\n\
                      tags: [allocator]\naddresses: [fragmentation]\nsummary: \"S\"\n\
                      patterns: ['ok\\d+']\nreviewed: 2026-01-01\n---\n\n# 显存碎片\n\n正文\n";
        let draft = Draft::from_source(source).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(draft.title, "显存碎片");
        assert_eq!(draft.patterns, vec!["ok\\d+".to_string()]);
        assert_eq!(draft.body, "# 显存碎片\n\n正文\n");
        assert!(draft.other.contains_key("reviewed"));
        let again = Draft::from_source(&draft.to_source()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(again, draft);
        assert!(draft.problems().is_empty(), "{:?}", draft.problems());
    }

    #[test]
    fn a_note_without_front_matter_is_all_body() {
        let draft =
            Draft::from_source("# Just a note\n\ntext\n").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(draft.title, "");
        assert_eq!(draft.body, "# Just a note\n\ntext\n");
        let fields: Vec<&str> = draft.problems().iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["title", "slug", "lang"]);
    }

    #[test]
    fn bad_fields_are_named() {
        let draft = Draft {
            title: "T".into(),
            slug: "Bad Slug".into(),
            lang: "fr".into(),
            translation: "../x".into(),
            patterns: vec!["(unclosed".into()],
            ..Draft::default()
        };
        let problems: Vec<(&str, String)> = draft
            .problems()
            .into_iter()
            .map(|(f, s)| (f, s.english))
            .collect();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(
            problems[0],
            (
                "slug",
                "invalid slug \"Bad Slug\": use at most 120 lowercase ASCII letters, digits and `-`, with no `-` at either end"
                    .to_string()
            )
        );
        assert_eq!(problems[1].0, "lang");
        assert_eq!(problems[2].0, "translation");
        assert!(problems[3]
            .1
            .starts_with("invalid regex in `patterns` \"(unclosed\""));
    }

    /// A pattern that matches an empty line, or most ordinary log lines, matches nearly every line
    /// of every log: refused, whatever its spelling; one that needs the error's words is kept.
    #[test]
    fn a_pattern_that_matches_every_line_is_refused() {
        for every in [
            ".*",
            "x?",
            "^",
            "(?i)(oom)*",
            "a|",
            ".+",
            ".",
            "\\S",
            "[\\s\\S]",
            "\\b",
            "e",
            "(?i)[a-z]",
        ] {
            let draft = Draft {
                title: "T".into(),
                slug: "t".into(),
                lang: "en".into(),
                patterns: vec![every.into(), "falcon-trainer: out of memory".into()],
                ..Draft::default()
            };
            let problems = draft.problems();
            assert_eq!(problems.len(), 1, "{every}: {problems:?}");
            assert_eq!(problems[0].0, "patterns");
            assert_eq!(
                problems[0].1.says.id, "pattern-matches-every-line",
                "{every}"
            );
        }
        // patterns a lab writes for its own errors
        let kept = [
            "falcon-trainer: out of memory",
            "(?i)cuda error: out of memory",
            "NCCL WARN .*unhandled cuda error",
            "^Killed$",
            r"RESOURCE_EXHAUSTED: Out of memory while trying to allocate \d+ bytes",
            "显存不足",
        ];
        let draft = Draft {
            title: "T".into(),
            slug: "t".into(),
            lang: "en".into(),
            patterns: kept.iter().map(|p| p.to_string()).collect(),
            ..Draft::default()
        };
        assert!(draft.problems().is_empty(), "{:?}", draft.problems());
    }

    #[test]
    fn values_that_look_like_yaml_stay_text() {
        let draft = Draft {
            title: "yes: no # not a comment".into(),
            slug: "x".into(),
            lang: "en".into(),
            tags: vec!["true".into(), "- dash".into()],
            body: "---\nnot front matter\n".into(),
            ..Draft::default()
        };
        let again = Draft::from_source(&draft.to_source()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(again.title, draft.title);
        assert_eq!(again.tags, draft.tags);
        assert_eq!(again.body, draft.body);
    }
}
