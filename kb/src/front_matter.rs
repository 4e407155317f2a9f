//! Splitting a page source into YAML front matter and markdown body, parsing the front matter, and
//! finding the line of a key or value for error messages.

use std::collections::BTreeMap;

use serde::Deserialize;

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

/// A page source cut in two.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// 1-based line of the first YAML line in the file.
    pub yaml_line: usize,
    /// The markdown after the closing `---`.
    pub body: &'a str,
    /// 1-based line of the first body line in the file.
    pub body_line: usize,
}

/// Cuts `source` (newlines already normalized to `\n`) at its `---` fences.
/// The error is `(line, message)`.
pub(crate) fn split(source: &str) -> Result<Split<'_>, (usize, String)> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let Some(rest) = source
        .strip_prefix("---\n")
        .or_else(|| (source.trim_end() == "---").then_some(""))
    else {
        return Err((
            1,
            "no front matter: the file must start with a `---` line".into(),
        ));
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body,
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err((1, "front matter is not closed by a `---` line".into()))
}

/// Parses the YAML. The error is `(line in the file, message)`.
pub(crate) fn parse(split: &Split<'_>) -> Result<FrontMatter, (usize, String)> {
    if split.yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    serde_norway::from_str::<FrontMatter>(split.yaml).map_err(|e| {
        let line = e.location().map_or(split.yaml_line, |l| {
            split.yaml_line + l.line().saturating_sub(1)
        });
        (line, format!("invalid front matter: {e}"))
    })
}

/// 1-based file line of the top-level `key:` in the front matter, or of the opening `---`.
pub(crate) fn key_line(split: &Split<'_>, key: &str) -> usize {
    for (i, line) in split.yaml.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(key) {
            if rest.trim_start().starts_with(':') {
                return split.yaml_line + i;
            }
        }
    }
    1
}

/// 1-based file line where `value` appears under `key` (a list item or the key's own line).
pub(crate) fn value_line(split: &Split<'_>, key: &str, value: &str) -> usize {
    let start = key_line(split, key);
    if start < split.yaml_line {
        return start;
    }
    for (i, line) in split.yaml.lines().enumerate().skip(start - split.yaml_line) {
        let top_level_key = !line.starts_with([' ', '\t', '-']) && line.contains(':');
        if i > start - split.yaml_line && top_level_key {
            break;
        }
        if line.contains(value) {
            return split.yaml_line + i;
        }
    }
    start
}

/// The fence a lab page's front matter uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fence {
    /// YAML between `---` lines.
    Yaml,
    /// TOML between `+++` lines.
    Toml,
}

/// A lab page source: front matter is optional.
#[derive(Debug)]
pub(crate) struct OptionalSplit<'a> {
    /// The front matter, when the file starts with one: its fence, text and first line.
    pub front: Option<(Fence, &'a str, usize)>,
    pub body: &'a str,
    /// 1-based line of the first body line in the file.
    pub body_line: usize,
}

/// Cuts a lab page at its `---` (YAML) or `+++` (TOML) fences, if it starts with one. A `---` that
/// is not closed, or whose content does not look like `key: value` lines, is no front matter (a
/// markdown rule, say); an unclosed `+++` is an error `(line, message)`.
pub(crate) fn split_optional(source: &str) -> Result<OptionalSplit<'_>, (usize, String)> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let no_front = OptionalSplit {
        front: None,
        body: source,
        body_line: 1,
    };
    let (fence, marker) = if source.starts_with("---\n") {
        (Fence::Yaml, "---")
    } else if source.starts_with("+++\n") {
        (Fence::Toml, "+++")
    } else {
        return Ok(no_front);
    };
    let rest = &source[4..];
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == marker {
            let front = &rest[..offset];
            if fence == Fence::Yaml && !looks_like_yaml_map(front) {
                return Ok(no_front);
            }
            return Ok(OptionalSplit {
                front: Some((fence, front, 2)),
                body: &rest[offset + line.len()..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    match fence {
        Fence::Yaml => Ok(no_front),
        Fence::Toml => Err((1, "front matter is not closed by a `+++` line".into())),
    }
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

/// Parses optional front matter, YAML or TOML. The error is `(line in the file, message)`.
pub(crate) fn parse_optional(split: &OptionalSplit<'_>) -> Result<FrontMatter, (usize, String)> {
    let Some((fence, text, first_line)) = split.front else {
        return Ok(FrontMatter::default());
    };
    if text.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    match fence {
        Fence::Yaml => parse(&Split {
            yaml: text,
            yaml_line: first_line,
            body: split.body,
            body_line: split.body_line,
        }),
        Fence::Toml => toml::from_str::<FrontMatter>(text).map_err(|e| {
            let line = e.span().map_or(first_line, |span| {
                first_line + text[..span.start.min(text.len())].matches('\n').count()
            });
            (line, format!("invalid TOML front matter: {}", e.message()))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: \"T\"\nslug: t\ntags:\n  - basics\n  - tools\naddresses: [fragmentation]\n---\n\n# T\n";

    #[test]
    fn splits_and_finds_lines() {
        let s = split(PAGE).ok();
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
        assert_eq!(split("# no front matter").err().map(|e| e.0), Some(1));
        assert!(split("---\ntitle: x\n").is_err());
        let bad = "---\ntitle: x\ntags: [a\n---\n";
        let s = split(bad).ok();
        let err = s.as_ref().and_then(|s| parse(s).err());
        assert!(err.is_some());
        assert!(err.map(|e| e.0).unwrap_or(0) >= 2);
    }

    #[test]
    fn optional_front_matter_yaml_toml_or_none() {
        let s = split_optional("# Just text\n").ok();
        assert!(s
            .as_ref()
            .is_some_and(|s| s.front.is_none() && s.body_line == 1));
        let s = split_optional("---\ntitle: T\nlang: zh\nextra: true\n---\n# B\n").ok();
        let fm = s.as_ref().and_then(|s| parse_optional(s).ok());
        assert_eq!(fm.as_ref().and_then(|f| f.title.as_deref()), Some("T"));
        assert_eq!(s.map(|s| (s.body, s.body_line)), Some(("# B\n", 6)));
        let s = split_optional("+++\ntitle = \"Toml\"\ntags = [\"a\", \"b\"]\n+++\nBody\n").ok();
        let fm = s.as_ref().and_then(|s| parse_optional(s).ok());
        assert_eq!(fm.as_ref().and_then(|f| f.title.as_deref()), Some("Toml"));
        assert_eq!(fm.and_then(|f| f.tags).map(|t| t.len()), Some(2));
        // A markdown rule, not front matter.
        let s = split_optional("---\nSome text\n---\n").ok();
        assert!(s.is_some_and(|s| s.front.is_none()));
        assert!(split_optional("+++\ntitle = 1\n").is_err());
        let s = split_optional("+++\ntitle = \n+++\n").ok();
        let err = s.as_ref().and_then(|s| parse_optional(s).err());
        assert_eq!(err.map(|e| e.0), Some(2));
    }
}
