//! Pages' `patterns:` entries: regexes (Rust `regex` syntax) for errors the built-in parser does not
//! know, matched one line at a time. All of a library's patterns are compiled into one `RegexSet`,
//! so a line is tested against every pattern in one pass: a long log stays one scan, whatever the
//! number of notes with patterns.

use std::sync::Arc;

use regex::{Regex, RegexSet, RegexSetBuilder};

use crate::page::Page;
use crate::parse::compile_pattern;

/// Size limit of one compiled pattern (the same as `check-content` applies), and of the set: the
/// set gets this much per pattern, up to [`SET_SIZE_LIMIT_MAX`].
const PATTERN_SIZE_LIMIT: usize = 1 << 20;
const SET_SIZE_LIMIT_MAX: usize = 64 << 20;

/// The patterns of a library's pages.
#[derive(Debug, Default)]
pub(crate) struct LinePatterns {
    /// Every valid pattern at once; `None` when there are none, or when the set is too large
    /// to build (then `each` is tried one by one).
    set: Option<RegexSet>,
    /// `(page index, pattern)`, in the set's order.
    each: Vec<(usize, Regex)>,
}

impl LinePatterns {
    /// The valid patterns of `pages` (the invalid ones were reported when the page was parsed).
    pub(crate) fn of(pages: &[Arc<Page>]) -> LinePatterns {
        let each: Vec<(usize, Regex)> = pages
            .iter()
            .enumerate()
            .flat_map(|(i, page)| page.patterns.iter().map(move |pattern| (i, pattern)))
            .filter_map(|(i, pattern)| compile_pattern(pattern).ok().map(|re| (i, re)))
            .collect();
        if each.is_empty() {
            return LinePatterns::default();
        }
        let set = RegexSetBuilder::new(each.iter().map(|(_, re)| re.as_str()))
            .size_limit(
                PATTERN_SIZE_LIMIT
                    .saturating_mul(each.len())
                    .min(SET_SIZE_LIMIT_MAX),
            )
            .build()
            .ok();
        LinePatterns { set, each }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.each.is_empty()
    }

    /// `(page index, pattern)` of every pattern that matches `line`, in page order.
    pub(crate) fn matching<'a>(&'a self, line: &str) -> Vec<(usize, &'a str)> {
        match &self.set {
            Some(set) => set
                .matches(line)
                .into_iter()
                .filter_map(|i| self.each.get(i))
                .map(|(page, re)| (*page, re.as_str()))
                .collect(),
            None => self
                .each
                .iter()
                .filter(|(_, re)| re.is_match(line))
                .map(|(page, re)| (*page, re.as_str()))
                .collect(),
        }
    }
}
