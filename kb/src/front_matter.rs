//! Splitting a page source into YAML front matter and markdown body, parsing the front matter, and
//! finding the line of a key or value for error messages.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::{said, Said};

/// The front matter as written: every key optional so that a missing one is reported by name.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct FrontMatter {
    pub title: Option<String>,
    pub slug: Option<String>,
    pub lang: Option<String>,
    pub translation: Option<String>,
    pub tags: Option<Vec<String>>,
    pub addresses: Option<Vec<String>>,
    pub summary: Option<String>,
    pub patterns: Option<Vec<String>>,
    /// The frameworks the page applies to (all when absent): see `triage::FRAMEWORKS`.
    pub frameworks: Option<Vec<String>>,
    /// The backends the page applies to (all when absent): `cuda`, `hip`, `xpu`, `mps`, `cpu`, `tpu`.
    pub backends: Option<Vec<String>>,
    /// Keys we do not know; reported by `check_content`.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_norway::Value>,
}

/// The fence a page's front matter uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fence {
    /// YAML between `---` lines.
    Yaml,
    /// TOML between `+++` lines (lab pages only).
    Toml,
}

/// Front matter as written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Front<'a> {
    pub fence: Fence,
    /// The text between the fences.
    pub text: &'a str,
    /// 1-based line of its first line in the file.
    pub line: usize,
}

/// A page source cut in two.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    /// The front matter; `None` for a lab page without one.
    pub front: Option<Front<'a>>,
    /// The markdown after the closing fence (the whole source without front matter).
    pub body: &'a str,
    /// 1-based line of the first body line in the file.
    pub body_line: usize,
}

/// What a source must start with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rules {
    /// A built-in page: YAML front matter, closed. Anything else is an error.
    Library,
    /// A lab note: YAML or TOML front matter if the file starts with one. A `---` that is not
    /// closed, or whose content does not look like `key: value` lines, is no front matter (a
    /// markdown rule, say); an unclosed `+++` is an error.
    Lab,
}

/// Cuts `source` (newlines already normalized to `\n`) at its fences. The error is
/// `(line, message)`.
pub(crate) fn split(source: &str, rules: Rules) -> Result<Split<'_>, (usize, Said)> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let no_front = Split {
        front: None,
        body: source,
        body_line: 1,
    };
    let opening = |marker: &str| {
        source
            .strip_prefix(marker)
            .and_then(|rest| rest.strip_prefix('\n'))
    };
    let (fence, marker, rest) = match (opening("---"), opening("+++"), rules) {
        (Some(rest), _, _) => (Fence::Yaml, "---", rest),
        (None, Some(rest), Rules::Lab) => (Fence::Toml, "+++", rest),
        (None, _, Rules::Library) if source.trim_end() == "---" => {
            return Err((1, not_closed("---")))
        }
        (None, _, Rules::Library) => {
            return Err((
                1,
                said(
                    "no-front-matter",
                    &[],
                    "no front matter: the file must start with a `---` line".into(),
                ),
            ))
        }
        (None, _, Rules::Lab) => return Ok(no_front),
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == marker {
            let text = &rest[..offset];
            if rules == Rules::Lab && fence == Fence::Yaml && !looks_like_yaml_map(text) {
                return Ok(no_front);
            }
            return Ok(Split {
                front: Some(Front {
                    fence,
                    text,
                    line: 2,
                }),
                body: &rest[offset + line.len()..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    match (rules, fence) {
        (Rules::Lab, Fence::Yaml) => Ok(no_front),
        _ => Err((1, not_closed(marker))),
    }
}

fn not_closed(marker: &str) -> Said {
    said(
        "front-matter-not-closed",
        &[("marker", marker.to_string())],
        format!("front matter is not closed by a `{marker}` line"),
    )
}

/// Whether the first non-blank, non-comment line is a `key:` line.
fn looks_like_yaml_map(text: &str) -> bool {
    let first = text
        .lines()
        .map(str::trim_end)
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    match first {
        None => true,
        Some(line) => line.split_once(':').is_some_and(|(key, _)| {
            !key.is_empty()
                && !key.starts_with(' ')
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '"' | '\'' | ' '))
        }),
    }
}

/// Parses the front matter, YAML or TOML (empty when there is none). The error is
/// `(line in the file, message)`.
pub(crate) fn parse(split: &Split<'_>) -> Result<FrontMatter, (usize, Said)> {
    let Some(front) = split.front else {
        return Ok(FrontMatter::default());
    };
    if front.text.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    match front.fence {
        Fence::Yaml => serde_norway::from_str::<FrontMatter>(front.text).map_err(|e| {
            let line = e
                .location()
                .map_or(front.line, |l| front.line + l.line().saturating_sub(1));
            let error = e.to_string();
            let english = format!("invalid front matter: {error}");
            (line, said("invalid-yaml", &[("error", error)], english))
        }),
        Fence::Toml => toml::from_str::<FrontMatter>(front.text).map_err(|e| {
            let line = e.span().map_or(front.line, |span| {
                front.line
                    + front.text[..span.start.min(front.text.len())]
                        .matches('\n')
                        .count()
            });
            let error = e.message().to_string();
            let english = format!("invalid TOML front matter: {error}");
            (line, said("invalid-toml", &[("error", error)], english))
        }),
    }
}

/// 1-based file line of the top-level `key:` (YAML) or `key =` (TOML) in the front matter, or 1.
pub(crate) fn key_line(split: &Split<'_>, key: &str) -> usize {
    let Some(front) = split.front else { return 1 };
    for (i, line) in front.text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(key) {
            if rest.trim_start().starts_with([':', '=']) {
                return front.line + i;
            }
        }
    }
    1
}

/// 1-based file line where `value` appears under `key` (a list item or the key's own line).
pub(crate) fn value_line(split: &Split<'_>, key: &str, value: &str) -> usize {
    let start = key_line(split, key);
    let Some(front) = split.front else {
        return start;
    };
    if start < front.line {
        return start;
    }
    for (i, line) in front.text.lines().enumerate().skip(start - front.line) {
        let top_level_key = !line.starts_with([' ', '\t', '-']) && line.contains([':', '=']);
        if i > start - front.line && top_level_key {
            break;
        }
        if line.contains(value) {
            return front.line + i;
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: \"T\"\nslug: t\ntags:\n  - basics\n  - tools\naddresses: [fragmentation]\n---\n\n# T\n";

    #[test]
    fn splits_and_finds_lines() {
        let s = split(PAGE, Rules::Library).ok();
        let s = s.as_ref();
        assert_eq!(s.map(|s| s.body_line), Some(9));
        assert_eq!(s.map(|s| s.body), Some("\n# T\n"));
        let s = match s {
            Some(s) => s,
            None => return,
        };
        assert_eq!(key_line(s, "slug"), 3);
        assert_eq!(key_line(s, "summary"), 1);
        assert_eq!(value_line(s, "tags", "tools"), 6);
        assert_eq!(value_line(s, "addresses", "fragmentation"), 7);
        let fm = parse(s).ok();
        assert_eq!(
            fm.as_ref().and_then(|f| f.slug.clone()).as_deref(),
            Some("t")
        );
        assert_eq!(fm.and_then(|f| f.tags).map(|t| t.len()), Some(2));
    }

    #[test]
    fn reports_missing_or_bad_front_matter() {
        assert_eq!(
            split("# no front matter", Rules::Library)
                .err()
                .map(|e| e.0),
            Some(1)
        );
        assert!(split("---\ntitle: x\n", Rules::Library).is_err());
        let bad = "---\ntitle: x\ntags: [a\n---\n";
        let s = split(bad, Rules::Library).ok();
        let err = s.as_ref().and_then(|s| parse(s).err());
        assert!(err.is_some());
        assert!(err.map(|e| e.0).unwrap_or(0) >= 2);
    }

    fn split_lab(source: &str) -> Result<Split<'_>, (usize, Said)> {
        split(source, Rules::Lab)
    }

    #[test]
    fn optional_front_matter_yaml_toml_or_none() {
        let s = split_lab("# Just text\n").ok();
        assert!(s
            .as_ref()
            .is_some_and(|s| s.front.is_none() && s.body_line == 1));
        let s = split_lab("---\ntitle: T\nlang: zh\nextra: true\n---\n# B\n").ok();
        let fm = s.as_ref().and_then(|s| parse(s).ok());
        assert_eq!(fm.as_ref().and_then(|f| f.title.as_deref()), Some("T"));
        assert_eq!(s.map(|s| (s.body, s.body_line)), Some(("# B\n", 6)));
        let s = split_lab("+++\ntitle = \"Toml\"\ntags = [\"a\", \"b\"]\n+++\nBody\n").ok();
        let fm = s.as_ref().and_then(|s| parse(s).ok());
        assert_eq!(fm.as_ref().and_then(|f| f.title.as_deref()), Some("Toml"));
        assert_eq!(fm.and_then(|f| f.tags).map(|t| t.len()), Some(2));
        // A markdown rule, not front matter.
        let s = split_lab("---\nSome text\n---\n").ok();
        assert!(s.is_some_and(|s| s.front.is_none()));
        assert!(split_lab("+++\ntitle = 1\n").is_err());
        let s = split_lab("+++\ntitle = \n+++\n").ok();
        let err = s.as_ref().and_then(|s| parse(s).err());
        assert_eq!(err.map(|e| e.0), Some(2));
    }
}
