//! The page model: what a loaded, rendered page looks like to the rest of oomlens.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// The language of a page. Serialized as `"en"` / `"zh"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The other language of the pair.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `"en"` or `"zh"` was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?} (expected \"en\" or \"zh\")")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    /// Accepts `en` / `zh` in any case, and the common `zh-CN`, `zh-Hans`, `en-US` forms.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("");
        match primary {
            "en" => Ok(Lang::En),
            "zh" => Ok(Lang::Zh),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

/// Where a page came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum PageOrigin {
    /// Shipped in the binary (content/{en,zh}).
    BuiltIn,
    /// Written by the lab: a file in a `--content` directory, or a page handed in by the server.
    Lab { path: PathBuf },
    /// Written in the browser: the wiki's revision `revision` (it may shadow a built-in or
    /// folder page of the same slug: [`crate::KnowledgeBase::original`]).
    Wiki { revision: i64 },
}

impl PageOrigin {
    /// Whether the lab wrote it (a folder note or a wiki page), not the built-in library.
    pub fn is_lab(&self) -> bool {
        !matches!(self, PageOrigin::BuiltIn)
    }
}

/// One entry of a page's table of contents (headings of level 2 and deeper).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    /// The heading's `id` attribute in [`Page::html`] (link to it with `#id`).
    pub id: String,
    pub text: String,
}

/// The code block a page marks with `key` after the fence language (```` ```python key ````).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeySnippet {
    /// The fence language (`python`, `bash`, ...).
    pub lang: String,
    /// Raw code, with its `{{name|default}}` markers.
    pub code: String,
}

fn param_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // A constant pattern: it compiles, whatever the input.
    RE.get_or_init(|| {
        Regex::new(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|([^}]*))?\}\}").expect("constant regex")
    })
}

impl KeySnippet {
    /// The code with each `{{name|default}}` replaced by `params[name]`, or by its default when the
    /// parameter is not given (an empty string when there is no default). Values are inserted as is.
    pub fn fill(&self, params: &HashMap<String, String>) -> String {
        param_re()
            .replace_all(&self.code, |caps: &regex::Captures<'_>| {
                let name = caps.get(1).map_or("", |m| m.as_str());
                match params.get(name) {
                    Some(value) => value.clone(),
                    None => caps.get(2).map_or("", |m| m.as_str()).trim().to_string(),
                }
            })
            .into_owned()
    }

    /// The code as shown on the page: every marker replaced by its default.
    pub fn with_defaults(&self) -> String {
        self.fill(&HashMap::new())
    }

    /// The parameters named in the snippet, in order of first appearance, with their defaults.
    pub fn params(&self) -> Vec<(String, Option<String>)> {
        let mut out: Vec<(String, Option<String>)> = Vec::new();
        for caps in param_re().captures_iter(&self.code) {
            let name = caps.get(1).map_or("", |m| m.as_str()).to_string();
            if out.iter().all(|(n, _)| *n != name) {
                out.push((name, caps.get(2).map(|m| m.as_str().trim().to_string())));
            }
        }
        out
    }
}

/// A loaded, rendered page.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub lang: Lang,
    /// Slug of the same page in the other language.
    pub translation: Option<String>,
    pub tags: Vec<String>,
    /// Finding ids (spec/report.md) this page helps with.
    pub addresses: Vec<String>,
    pub summary: String,
    /// Regexes (already checked to compile) for errors the built-in parser does not know.
    pub patterns: Vec<String>,
    /// The frameworks the page applies to (`pytorch`, `tensorflow`, `jax`, ...); empty: all.
    pub frameworks: Vec<String>,
    /// The backends the page applies to (`cuda`, `hip`, `mps`, ...); empty: all.
    pub backends: Vec<String>,
    pub origin: PageOrigin,
    /// The sanitized body HTML (the first `#` heading included), safe to insert as is.
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub key_snippet: Option<KeySnippet>,
    /// Plain text of the summary and the body below the title: what search indexes (besides the
    /// title) and snippets are cut from.
    #[serde(skip)]
    pub text: String,
}

impl Page {
    /// The page's URL on the site.
    pub fn url(&self) -> String {
        format!("/kb/{}", self.slug)
    }

    /// Whether the page applies to an event of `framework` on `backend` (either unknown: yes):
    /// a ROCm page has nothing for a CUDA error, a JAX page nothing for PyTorch.
    pub fn applies_to(&self, framework: Option<&str>, backend: Option<&str>) -> bool {
        let fits = |declared: &[String], actual: Option<&str>| {
            declared.is_empty() || actual.is_none_or(|a| declared.iter().any(|d| d == a))
        };
        fits(&self.frameworks, framework) && fits(&self.backends, backend)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_parses_and_prints() {
        assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
        assert_eq!(" ZH ".parse::<Lang>(), Ok(Lang::Zh));
        assert_eq!("zh-CN".parse::<Lang>(), Ok(Lang::Zh));
        assert!("fr".parse::<Lang>().is_err());
        assert!("".parse::<Lang>().is_err());
        assert_eq!(Lang::Zh.to_string(), "zh");
        assert_eq!(
            serde_json::to_string(&Lang::En).ok().as_deref(),
            Some("\"en\"")
        );
    }

    #[test]
    fn key_snippet_fills_params_and_defaults() {
        let snippet = KeySnippet {
            lang: "bash".into(),
            code: "export X=max_split_size_mb:{{max_split_size_mb|128}}\nbs={{ batch_size | 16 }} {{bare}}".into(),
        };
        assert_eq!(
            snippet.with_defaults(),
            "export X=max_split_size_mb:128\nbs=16 "
        );
        let mut params = HashMap::new();
        params.insert("max_split_size_mb".to_string(), "512".to_string());
        assert_eq!(
            snippet.fill(&params),
            "export X=max_split_size_mb:512\nbs=16 "
        );
        assert_eq!(
            snippet.params(),
            vec![
                ("max_split_size_mb".to_string(), Some("128".to_string())),
                ("batch_size".to_string(), Some("16".to_string())),
                ("bare".to_string(), None),
            ]
        );
    }
}
