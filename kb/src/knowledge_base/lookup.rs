//! What the rest of oomlens asks of a loaded knowledge base: a page by slug, the pages that
//! address a finding, tags, related pages, lab patterns, and search.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::build::LoadStats;
use super::KnowledgeBase;
use crate::page::{Lang, Page};
use crate::search::{SearchRequest, SearchResults};

impl KnowledgeBase {
    /// Page count and load timings.
    pub fn stats(&self) -> LoadStats {
        self.stats
    }

    /// The page with this slug.
    pub fn page(&self, slug: &str) -> Option<&Page> {
        self.by_slug
            .get(slug)
            .and_then(|&i| self.pages.get(i))
            .map(Arc::as_ref)
    }

    /// All pages, English first, then by title.
    pub fn pages(&self) -> &[Arc<Page>] {
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
                .map(Arc::as_ref)
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
            .map(Arc::as_ref)
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

    /// Whether any page has `patterns` (then a caller reading a log matches its lines).
    pub fn has_patterns(&self) -> bool {
        !self.patterns.is_empty()
    }

    /// The pages whose `patterns` match `line` (one line of a log), each once with the first of
    /// its patterns that matched, in page order. One pass over the line for all patterns.
    pub fn patterns_matching_line(&self, line: &str) -> Vec<(&Page, &str)> {
        let mut out: Vec<(&Page, &str)> = Vec::new();
        for (i, pattern) in self.patterns.matching(line) {
            if let Some(page) = self.pages.get(i).map(Arc::as_ref) {
                if !out.iter().any(|(p, _)| p.slug == page.slug) {
                    out.push((page, pattern));
                }
            }
        }
        out
    }

    /// Pages whose `patterns` match a line of `text` (a pasted log), each once, in the order of
    /// their first match.
    pub fn pages_matching(&self, text: &str) -> Vec<&Page> {
        let mut out: Vec<&Page> = Vec::new();
        for line in text.lines() {
            for (page, _) in self.patterns_matching_line(line) {
                if !out.iter().any(|p| p.slug == page.slug) {
                    out.push(page);
                }
            }
        }
        out
    }

    /// The lab's pages holding any of `words` (a word of several parts needs them all), best
    /// first, at most `limit`: candidates for a caller that ranks them its own way (the notes under
    /// a diagnosis). Without a search index ([`KnowledgeBase::load_pages`]): the first `limit` lab
    /// pages.
    pub fn lab_pages_with_any(&self, words: &[&str], limit: usize) -> Vec<&Page> {
        let positions = match &self.index {
            Some(index) => index.lab_pages_with_any(words, limit, &self.by_key),
            None => (0..self.pages.len())
                .filter(|&i| self.pages[i].origin.is_lab())
                .take(limit)
                .collect(),
        };
        positions
            .into_iter()
            .filter_map(|i| self.pages.get(i).map(Arc::as_ref))
            .collect()
    }

    /// Full-text search. Any request is valid; this never fails or panics.
    pub fn search(&self, req: &SearchRequest) -> SearchResults {
        let started = std::time::Instant::now();
        let results = match self.answers.get(req) {
            Some(mut kept) => {
                kept.took_ms = (started.elapsed().as_secs_f64() * 1e6).round() / 1e3;
                kept
            }
            None => self.search_afresh(req, started),
        };
        // for the server's /metrics (a no-op where no recorder is installed: the CLI, tests)
        metrics::histogram!("oomlens_search_duration_seconds")
            .record(started.elapsed().as_secs_f64());
        results
    }

    /// [`KnowledgeBase::search`] through the index, the answer kept for the next time.
    fn search_afresh(&self, req: &SearchRequest, started: std::time::Instant) -> SearchResults {
        let run = std::panic::AssertUnwindSafe(|| {
            self.index
                .as_ref()
                .map(|index| index.search(&self.pages, &self.by_key, req))
        });
        let searched = std::panic::catch_unwind(run).map_err(|_| {
            tracing::error!(query = %req.query, "search panicked; answering with no hits");
        });
        match searched.ok().flatten() {
            Some(results) => {
                self.answers.keep(req, &results);
                results
            }
            None => SearchResults {
                query: req.query.clone(),
                took_ms: started.elapsed().as_secs_f64() * 1e3,
                total: 0,
                hits: Vec::new(),
            },
        }
    }
}
