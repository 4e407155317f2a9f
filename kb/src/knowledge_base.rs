//! [`KnowledgeBase`]: the loaded pages, lookups over them, and search.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Instant;

use regex::Regex;

use crate::error::{KbError, Problem};
use crate::load::{self, LoadOptions, Source};
use crate::page::{Lang, Page};
use crate::parse::compile_pattern;
use crate::search::{SearchIndex, SearchRequest, SearchResults};

/// How long loading took, for logs and the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LoadStats {
    pub pages: usize,
    /// Reading, parsing, rendering and sanitizing the pages.
    pub render_ms: f64,
    /// Building the search index.
    pub index_ms: f64,
}

/// All pages, rendered and indexed. Immutable once loaded: share it behind an `Arc`.
pub struct KnowledgeBase {
    stats: LoadStats,
    pages: Vec<Page>,
    by_slug: HashMap<String, usize>,
    patterns: Vec<(usize, Regex)>,
    /// Absent for a knowledge base loaded only to look pages up ([`KnowledgeBase::load_pages`]).
    index: Option<SearchIndex>,
}

impl std::fmt::Debug for KnowledgeBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnowledgeBase")
            .field("pages", &self.pages.len())
            .finish()
    }
}

impl KnowledgeBase {
    /// Built-in pages (embedded from content/{en,zh}) plus the pages in `extra_dirs`, which add to or
    /// replace built-ins of the same slug. A bad page is skipped and reported in the problems.
    /// Builds the search index in RAM and warms jieba and the highlighter.
    pub fn load(extra_dirs: &[PathBuf]) -> Result<(KnowledgeBase, Vec<Problem>), KbError> {
        KnowledgeBase::load_with(LoadOptions {
            extra_dirs: extra_dirs.to_vec(),
            ..LoadOptions::default()
        })
    }

    /// [`KnowledgeBase::load`] with every option: without built-ins, with pages given as text, with
    /// the index on disk.
    pub fn load_with(options: LoadOptions) -> Result<(KnowledgeBase, Vec<Problem>), KbError> {
        Self::load_inner(options, true)
    }

    /// The pages of [`KnowledgeBase::load`] without a search index: for a command that only looks
    /// pages up (which guides address a finding) and should not pay for jieba's dictionary and the
    /// index. `search` finds nothing in it.
    pub fn load_pages(extra_dirs: &[PathBuf]) -> Result<(KnowledgeBase, Vec<Problem>), KbError> {
        let options = LoadOptions {
            extra_dirs: extra_dirs.to_vec(),
            ..LoadOptions::default()
        };
        Self::load_inner(options, false)
    }

    fn load_inner(
        options: LoadOptions,
        with_index: bool,
    ) -> Result<(KnowledgeBase, Vec<Problem>), KbError> {
        let started = Instant::now();
        let mut problems = Vec::new();
        let mut sources: Vec<Source> = Vec::new();
        if options.builtin {
            sources.extend(load::builtin_sources(&mut problems));
        }
        for (i, dir) in options.extra_dirs.iter().enumerate() {
            sources.extend(load::lab_dir_sources(dir, i + 1, &mut problems));
        }
        let group = options.extra_dirs.len() + 1;
        sources.extend(options.extra_pages.into_iter().map(|p| Source {
            file: p.name.clone(),
            text: p.source,
            origin: crate::page::PageOrigin::Lab {
                path: PathBuf::from(p.name),
            },
            group,
            lab_root: None,
        }));
        let parsed = load::parse_all(&sources);
        let mut pages = load::merge(&sources, parsed, &mut problems);
        drop(sources);
        pages.sort_by(|a, b| (a.lang, &a.title, &a.slug).cmp(&(b.lang, &b.title, &b.slug)));
        let by_slug = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.slug.clone(), i))
            .collect();
        let patterns = pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.patterns.iter().map(move |pat| (i, pat)))
            .filter_map(|(i, pat)| compile_pattern(pat).ok().map(|re| (i, re)))
            .collect();
        let render_ms = started.elapsed().as_secs_f64() * 1e3;
        let started = Instant::now();
        let index = if with_index {
            Some(SearchIndex::build(&pages, options.index_dir.as_deref())?)
        } else {
            None
        };
        let stats = LoadStats {
            pages: pages.len(),
            render_ms,
            index_ms: started.elapsed().as_secs_f64() * 1e3,
        };
        tracing::info!(
            pages = stats.pages,
            render_ms = stats.render_ms,
            index_ms = stats.index_ms,
            problems = problems.len(),
            "knowledge base loaded"
        );
        let kb = KnowledgeBase {
            stats,
            pages,
            by_slug,
            patterns,
            index,
        };
        // Warm jieba's query path too, so the first search is as fast as the next.
        if with_index {
            let _ = kb.search(&SearchRequest::new("显存 warm"));
        }
        Ok((kb, problems))
    }

    /// Page count and load timings.
    pub fn stats(&self) -> LoadStats {
        self.stats
    }

    /// The page with this slug.
    pub fn page(&self, slug: &str) -> Option<&Page> {
        self.by_slug.get(slug).and_then(|&i| self.pages.get(i))
    }

    /// All pages, English first, then by title.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// Pages whose `addresses` name `finding_id`, in `lang` (or, when there are none in `lang`, in
    /// the other language). Best first: pages that list the id earlier, then pages that address
    /// fewer findings (more specific), then by title.
    pub fn pages_addressing(&self, finding_id: &str, lang: Lang) -> Vec<&Page> {
        let in_lang = |lang: Lang| {
            let mut found: Vec<(usize, &Page)> = self
                .pages
                .iter()
                .filter(|p| p.lang == lang)
                .filter_map(|p| {
                    p.addresses
                        .iter()
                        .position(|a| a == finding_id)
                        .map(|at| (at, p))
                })
                .collect();
            found.sort_by(|a, b| {
                (a.0, a.1.addresses.len(), &a.1.title).cmp(&(b.0, b.1.addresses.len(), &b.1.title))
            });
            found.into_iter().map(|(_, p)| p).collect::<Vec<_>>()
        };
        let found = in_lang(lang);
        if found.is_empty() {
            in_lang(lang.other())
        } else {
            found
        }
    }

    /// Every tag with the number of pages carrying it (in `lang`, or in all), sorted by tag.
    pub fn tags(&self, lang: Option<Lang>) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for page in self
            .pages
            .iter()
            .filter(|p| lang.is_none_or(|l| l == p.lang))
        {
            for tag in &page.tags {
                *counts.entry(tag).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .map(|(t, n)| (t.to_string(), n))
            .collect()
    }

    /// Up to `n` pages in the same language sharing addresses (weight 2) or tags (weight 1) with the
    /// page `slug`, best first; neither the page nor its translation.
    pub fn related(&self, slug: &str, n: usize) -> Vec<&Page> {
        let Some(page) = self.page(slug) else {
            return Vec::new();
        };
        let mut scored: Vec<(usize, &Page)> = self
            .pages
            .iter()
            .filter(|p| p.lang == page.lang && p.slug != page.slug)
            .filter(|p| page.translation.as_deref() != Some(p.slug.as_str()))
            .map(|p| {
                let shared =
                    |a: &[String], b: &[String]| a.iter().filter(|x| b.contains(x)).count();
                let score = 2 * shared(&page.addresses, &p.addresses) + shared(&page.tags, &p.tags);
                (score, p)
            })
            .filter(|(score, _)| *score > 0)
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.title.cmp(&b.1.title)));
        scored.into_iter().take(n).map(|(_, p)| p).collect()
    }

    /// Pages whose `patterns` match somewhere in `text` (a pasted log), each once, in page order.
    pub fn pages_matching(&self, text: &str) -> Vec<&Page> {
        let mut out: Vec<&Page> = Vec::new();
        for (i, re) in &self.patterns {
            if let Some(page) = self.pages.get(*i) {
                if !out.iter().any(|p| p.slug == page.slug) && re.is_match(text) {
                    out.push(page);
                }
            }
        }
        out
    }

    /// Full-text search. Any request is valid; this never fails or panics.
    pub fn search(&self, req: &SearchRequest) -> SearchResults {
        let started = std::time::Instant::now();
        let run = std::panic::AssertUnwindSafe(|| {
            self.index
                .as_ref()
                .map(|index| index.search(&self.pages, req))
        });
        let searched = std::panic::catch_unwind(run).map_err(|_| {
            tracing::error!(query = %req.query, "search panicked; answering with no hits");
        });
        searched.ok().flatten().unwrap_or_else(|| SearchResults {
            query: req.query.clone(),
            took_ms: started.elapsed().as_secs_f64() * 1e3,
            total: 0,
            hits: Vec::new(),
        })
    }
}
