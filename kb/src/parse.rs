//! One page source (front matter + markdown) to a [`Page`], with what was wrong with it.

use regex::RegexBuilder;

use crate::error::{said, Problem, Said};
use crate::front_matter::{self, Fence, Front, FrontMatter, Rules, Split};
use crate::page::{Lang, Page, PageOrigin};
use crate::render;

/// A page that could be built, and what `check_content` needs to judge it.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub page: Page,
    /// Problems that did not stop the page (bad regex dropped, missing summary, ...).
    pub problems: Vec<Problem>,
    /// The front matter as written (empty without one), its fence and first line.
    pub front: String,
    pub fence: Fence,
    pub front_line: usize,
    pub first_heading: Option<String>,
    pub links: Vec<(usize, String)>,
    pub unlabeled_code: Vec<usize>,
    pub extra_key_snippets: Vec<usize>,
    /// Keys given that we do not know, with their lines.
    pub unknown_keys: Vec<(usize, String)>,
    pub had_translation_key: bool,
}

impl Parsed {
    fn split(&self) -> Split<'_> {
        Split {
            front: Some(Front {
                fence: self.fence,
                text: &self.front,
                line: self.front_line,
            }),
            body: "",
            body_line: 0,
        }
    }
    /// Line of a front-matter key (1 when absent).
    pub fn key_line(&self, key: &str) -> usize {
        front_matter::key_line(&self.split(), key)
    }
    /// Line of a value under a front-matter key.
    pub fn value_line(&self, key: &str, value: &str) -> usize {
        front_matter::value_line(&self.split(), key, value)
    }
}

/// A valid slug: lowercase ASCII letters, digits and `-`, not starting or ending with `-`.
pub(crate) fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 120
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Compiles a `patterns` entry the way the site will use it (bounded size).
pub(crate) fn compile_pattern(pattern: &str) -> Result<regex::Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| {
            let text = e.to_string();
            let last = text.lines().last().unwrap_or("").trim();
            last.strip_prefix("error: ").unwrap_or(last).to_string()
        })
}

/// Parses and renders one page. `Err` holds the problems that made the page unusable.
pub(crate) fn parse_page(
    file: &str,
    source: &str,
    origin: PageOrigin,
) -> Result<Parsed, Vec<Problem>> {
    parse_page_as(file, source, origin, render::Output::Html)
}

/// [`parse_page`], rendering `output`.
pub(crate) fn parse_page_as(
    file: &str,
    source: &str,
    origin: PageOrigin,
    output: render::Output,
) -> Result<Parsed, Vec<Problem>> {
    let source = source.replace("\r\n", "\n");
    let fatal = |line: usize, message: Said| vec![Problem::new(file, line, message)];
    let split = front_matter::split(&source, Rules::Library).map_err(|(l, m)| fatal(l, m))?;
    let fm: FrontMatter = front_matter::parse(&split).map_err(|(l, m)| fatal(l, m))?;

    let mut stop = Vec::new();
    let mut problems = Vec::new();
    let missing = |key: &str| {
        let english = format!("missing required key `{key}`");
        Problem::new(
            file,
            1,
            said("missing-key", &[("key", key.into())], english),
        )
    };

    let title = fm.title.as_deref().map(str::trim).unwrap_or("").to_string();
    if title.is_empty() {
        stop.push(missing("title"));
    }
    let slug = fm.slug.as_deref().map(str::trim).unwrap_or("").to_string();
    if slug.is_empty() {
        stop.push(missing("slug"));
    } else if !valid_slug(&slug) {
        stop.push(Problem::new(
            file,
            front_matter::key_line(&split, "slug"),
            said(
                "invalid-slug",
                &[("slug", format!("{slug:?}"))],
                format!("invalid slug {slug:?}: use at most 120 lowercase ASCII letters, digits and `-`, with no `-` at either end"),
            ),
        ));
    }
    let lang = match fm.lang.as_deref() {
        None => {
            stop.push(missing("lang"));
            None
        }
        Some(l) => match l.trim() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            other => {
                stop.push(Problem::new(
                    file,
                    front_matter::key_line(&split, "lang"),
                    said(
                        "invalid-lang",
                        &[("lang", format!("{other:?}"))],
                        format!("invalid lang {other:?}: use `en` or `zh`"),
                    ),
                ));
                None
            }
        },
    };
    let (Some(lang), true) = (lang, stop.is_empty()) else {
        return Err(stop);
    };

    for key in ["tags", "addresses", "summary"] {
        let absent = match key {
            "tags" => fm.tags.is_none(),
            "addresses" => fm.addresses.is_none(),
            _ => fm.summary.is_none(),
        };
        if absent {
            problems.push(missing(key));
        }
    }
    let had_tags = fm.tags.is_some();
    let tags = clean_list(fm.tags.unwrap_or_default());
    if had_tags && tags.is_empty() {
        let line = front_matter::key_line(&split, "tags");
        let english = "`tags` needs at least one tag".to_string();
        problems.push(Problem::new(file, line, said("empty-tags", &[], english)));
    }
    let patterns = valid_patterns(
        fm.patterns.unwrap_or_default(),
        file,
        &mut problems,
        |pattern| front_matter::value_line(&split, "patterns", pattern),
    );
    let summary = fm.summary.unwrap_or_default().trim().to_string();
    let translation = non_empty(fm.translation);
    let unknown_keys = fm
        .other
        .keys()
        .map(|k| (front_matter::key_line(&split, k), k.clone()))
        .collect();

    let rendered = render::render_as(split.body, split.body_line, output);
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
        unknown_keys,
        had_translation_key: front_matter::key_line(&split, "translation") > 1,
    };
    Ok(assemble(head, rendered, problems, source))
}

/// What a page's front matter (or, for lab notes, its inference) decides.
pub(crate) struct PageHead {
    pub slug: String,
    pub title: String,
    pub lang: Lang,
    pub translation: Option<String>,
    pub tags: Vec<String>,
    pub addresses: Vec<String>,
    pub summary: String,
    pub patterns: Vec<String>,
    pub frameworks: Vec<String>,
    pub backends: Vec<String>,
    pub origin: PageOrigin,
}

/// Facts about the source file kept for `check_content`.
pub(crate) struct SourceFacts<'a> {
    pub front: Option<Front<'a>>,
    pub unknown_keys: Vec<(usize, String)>,
    pub had_translation_key: bool,
}

/// The page from its head and rendered body: one place that decides what search indexes (`text`).
pub(crate) fn assemble(
    head: PageHead,
    rendered: render::Rendered,
    problems: Vec<Problem>,
    source: SourceFacts<'_>,
) -> Parsed {
    let mut text = String::with_capacity(head.summary.len() + rendered.text.len() + 1);
    text.push_str(&head.summary);
    text.push('\n');
    text.push_str(&rendered.text);
    Parsed {
        page: Page {
            slug: head.slug,
            title: head.title,
            lang: head.lang,
            translation: head.translation,
            tags: head.tags,
            addresses: head.addresses,
            summary: head.summary,
            patterns: head.patterns,
            frameworks: head.frameworks,
            backends: head.backends,
            origin: head.origin,
            html: rendered.html,
            toc: rendered.toc,
            key_snippet: rendered.key_snippet,
            text,
        },
        problems,
        front: source
            .front
            .map_or_else(String::new, |f| f.text.to_string()),
        fence: source.front.map_or(Fence::Yaml, |f| f.fence),
        front_line: source.front.map_or(1, |f| f.line),
        first_heading: rendered.first_heading,
        links: rendered.links,
        unlabeled_code: rendered.unlabeled_code,
        extra_key_snippets: rendered.extra_key_snippets,
        unknown_keys: source.unknown_keys,
        had_translation_key: source.had_translation_key,
    }
}

/// Lines any training log is full of and no error pattern should match: progress, info and
/// warning lines, paths, numbers, JSON, a short word, Chinese. A pattern that matches at least
/// half of them ([`matches_ordinary_lines`]) would match most lines of every log.
const ORDINARY_LINES: &[&str] = &[
    "Epoch 3/10",
    "step 1200 | loss 2.3141 | lr 3.00e-04 | 412 ms/step",
    "INFO:root:Saving checkpoint to ./out/ckpt_1200.pt",
    "100%|##########| 500/500 [01:23<00:00,  6.01it/s]",
    "{\"epoch\": 3, \"eval_loss\": 1.87, \"eval_runtime\": 12.4}",
    "Downloading shards: 100% 2/2",
    "Loading weights from /data/models/llama/model-00001-of-00002.safetensors",
    "rank 0 | world size 8 | seed 42",
    "WARNING: tokenizer parallelism is enabled; disabling it",
    "ok",
    "12345",
    "训练完成，最好的验证损失 1.87",
];

/// Whether `re` matches at least half of [`ORDINARY_LINES`].
fn matches_ordinary_lines(re: &regex::Regex) -> bool {
    let matched = ORDINARY_LINES
        .iter()
        .filter(|line| re.is_match(line))
        .count();
    matched * 2 >= ORDINARY_LINES.len()
}

/// What is wrong with a `patterns` entry, if anything: a regex that does not compile, or one
/// that would match nearly every line of a log, because it matches an empty line (`.*`, `x?`,
/// `^`) or half of a set of ordinary log lines (`.+`, `\S`, `\b`, `e`). Each line a pattern
/// matches becomes a memory event: one such pattern took over every diagnosis.
pub(crate) fn pattern_problem(pattern: &str) -> Option<Said> {
    match compile_pattern(pattern) {
        Err(e) => Some(said(
            "invalid-pattern",
            &[("pattern", format!("{pattern:?}")), ("error", e.to_string())],
            format!("invalid regex in `patterns` {pattern:?}: {e}"),
        )),
        Ok(re) if re.is_match("") || matches_ordinary_lines(&re) => Some(said(
            "pattern-matches-every-line",
            &[("pattern", format!("{pattern:?}"))],
            format!(
                "the regex {pattern:?} in `patterns` matches an empty line or ordinary log lines, so it would match nearly every line of every log: make it require the words of the error it recognizes"
            ),
        )),
        Ok(_) => None,
    }
}

/// The patterns that compile and match something; each other one is a problem at
/// `line_of(pattern)` ([`pattern_problem`]).
pub(crate) fn valid_patterns(
    patterns: Vec<String>,
    file: &str,
    problems: &mut Vec<Problem>,
    line_of: impl Fn(&str) -> usize,
) -> Vec<String> {
    let mut valid = Vec::new();
    for pattern in patterns {
        match pattern_problem(&pattern) {
            None => valid.push(pattern),
            Some(said) => problems.push(Problem::new(file, line_of(&pattern), said)),
        }
    }
    valid
}

/// The value trimmed, `None` when nothing is left.
pub(crate) fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Items trimmed, without empty ones and repeats, in order.
pub(crate) fn clean_list(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let item = item.trim().to_string();
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---\r\ntitle: \"Frag\"\r\nslug: frag\r\nlang: en\r\ntranslation: frag-zh\r\ntags: [allocator]\r\naddresses: [fragmentation]\r\nsummary: \"S\"\r\npatterns: [\"ok\\\\d+\", \"(unclosed\"]\r\n---\r\n\r\n# Frag\r\n\r\nBody text.\r\n";

    #[test]
    fn parses_a_page_and_drops_a_bad_regex() {
        let parsed = parse_page("f.md", GOOD, PageOrigin::BuiltIn);
        let Ok(p) = parsed else {
            panic!("{parsed:?}");
        };
        assert_eq!(p.page.slug, "frag");
        assert_eq!(p.page.lang, Lang::En);
        assert_eq!(p.page.patterns, vec!["ok\\d+".to_string()]);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, 9);
        assert!(p.page.text.contains("Body text."));
        assert_eq!(p.first_heading.as_deref(), Some("Frag"));
        assert_eq!(p.key_line("tags"), 6);
    }

    #[test]
    fn missing_keys_stop_the_page() {
        let errs = parse_page(
            "x.md",
            "---\ntitle: x\nlang: fr\n---\n",
            PageOrigin::BuiltIn,
        )
        .err();
        let messages: Vec<String> = errs
            .unwrap_or_default()
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(
            messages,
            [
                "x.md:1: missing required key `slug`",
                "x.md:3: invalid lang \"fr\": use `en` or `zh`"
            ]
        );
        assert!(!valid_slug("Foo"));
        assert!(valid_slug("fragmentation-zh"));
    }
}
