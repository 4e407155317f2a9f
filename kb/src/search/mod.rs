//! Full-text search over the pages with tantivy: the request and result types of spec/search.md and
//! the index behind them.
//!
//! Each page is indexed in three ways (see [`tokenizer`]): stemmed words (Latin) and jieba words
//! (Chinese); unstemmed Latin words for typo tolerance and prefixes; CJK bigrams for substrings.
//! Title and tags are indexed again on their own and weigh more.
//!
//! Matching: every word of the query is one clause (its stem, a typo of it, a prefix of it for the
//! last word, or for Chinese all its bigrams). A page must match all words of a query of up to three,
//! three quarters of longer ones; when no page does, any one word is enough. An empty query (only
//! whitespace) lists every page that passes the tag and language filters, in [`crate::KnowledgeBase::pages`]
//! order; text with no searchable word at all (only punctuation or emoji) finds nothing.

mod clauses;
mod excerpt;
mod glossary;
mod index;
pub(crate) mod query;
mod related;
pub(crate) mod snippet;
pub(crate) mod tokenizer;
mod variants;
mod weigh;
mod words;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Searcher;

use crate::page::{Lang, Page};
pub use excerpt::excerpt;
use index::Fields;
use snippet::Matcher;
pub use weigh::{LAB_WEIGHT, TWIN_WEIGHT};

/// Hits returned when a request asks for 0.
pub const DEFAULT_LIMIT: usize = 20;
/// The most hits one request returns.
pub const MAX_LIMIT: usize = 200;

/// A search: free text plus optional filters. Any `query` is valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchRequest {
    pub query: String,
    /// Only pages with exactly this tag.
    pub tag: Option<String>,
    /// Only pages in this language.
    pub lang: Option<Lang>,
    /// Hits to return: 0 means [`DEFAULT_LIMIT`], more than [`MAX_LIMIT`] means [`MAX_LIMIT`].
    pub limit: usize,
}

impl SearchRequest {
    /// A request for `query` with no filters and the default limit.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            tag: None,
            lang: None,
            limit: DEFAULT_LIMIT,
        }
    }
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest::new("")
    }
}

/// The answer, serialized exactly as spec/search.md.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    pub query: String,
    pub took_ms: f64,
    /// Pages matching, of which `hits` are the best `limit`.
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// One page found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub slug: String,
    pub title: String,
    pub lang: Lang,
    pub tags: Vec<String>,
    pub addresses: Vec<String>,
    /// HTML: escaped text, matches in `<mark>`.
    pub snippet: String,
    /// `/kb/{slug}`
    pub url: String,
    pub score: f32,
}

impl Hit {
    /// `page` as a hit with `snippet` (HTML, as [`Hit::snippet`]) and `score`: how search, the
    /// lab's notes under a diagnosis and the pages for a paste without events list a page.
    pub fn of(page: &Page, snippet: String, score: f32) -> Hit {
        Hit {
            slug: page.slug.clone(),
            title: page.title.clone(),
            lang: page.lang,
            tags: page.tags.clone(),
            addresses: page.addresses.clone(),
            snippet,
            url: page.url(),
            score,
        }
    }
}

/// The index of a set of pages, as one generation of a knowledge base sees it: documents carry the
/// page's key (see [`crate::catalog`]).
pub(crate) struct SearchIndex {
    shared: std::sync::Arc<index::Shared>,
    /// The snapshot this generation searches: a later refresh's commit does not change it.
    searcher: Searcher,
    fields: Fields,
    stemmer: TextAnalyzer,
}

impl SearchIndex {
    /// Runs `req` over `pages`, the pages of this generation; `position` maps a page's key to its
    /// place in `pages`. Never fails: an index error is logged and gives no hits.
    pub fn search(
        &self,
        pages: &[Arc<Page>],
        position: &HashMap<u64, usize>,
        req: &SearchRequest,
    ) -> SearchResults {
        let started = Instant::now();
        let limit = match req.limit {
            0 => DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        };
        let tag = req.tag.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let mut stemmer = self.stemmer.clone();
        let (total, found, matcher) = if req.query.trim().is_empty() {
            let matching: Vec<usize> = (0..pages.len())
                .filter(|&i| {
                    let p = &pages[i];
                    req.lang.is_none_or(|l| l == p.lang)
                        && tag.is_none_or(|t| p.tags.iter().any(|x| x == t))
                })
                .collect();
            let found = matching.iter().take(limit).map(|&i| (i, 0.0)).collect();
            (matching.len(), found, Matcher::default())
        } else {
            let parsed = query::parse(&self.fields, &self.searcher, &mut stemmer, &req.query);
            let mut filters = Vec::new();
            if let Some(lang) = req.lang {
                filters.push((self.fields.lang, lang.as_str().to_string()));
            }
            if let Some(tag) = tag {
                filters.push((self.fields.tag, tag.to_string()));
            }
            let lead = weigh::query_lang(&req.query);
            let (total, found) = self.run(&parsed, &filters, limit, pages, position, lead);
            (total, found, parsed.matcher)
        };
        let hits = found
            .into_iter()
            .filter_map(|(i, score)| pages.get(i).map(|p| (p, score)))
            .map(|(page, score)| {
                let snippet = snippet::snippet(&mut stemmer, &page.text, &matcher, &page.summary);
                Hit::of(page, snippet, score)
            })
            .collect();
        SearchResults {
            query: req.query.clone(),
            took_ms: (started.elapsed().as_secs_f64() * 1e6).round() / 1e3,
            total,
            hits,
        }
    }

    /// Strict matching first, then any word when strict finds nothing; the hits weighed by what
    /// each page is (see [`weigh`]).
    fn run(
        &self,
        parsed: &query::Parsed,
        filters: &[(tantivy::schema::Field, String)],
        limit: usize,
        pages: &[Arc<Page>],
        position: &HashMap<u64, usize>,
        lead: Lang,
    ) -> (usize, Vec<(usize, f32)>) {
        if parsed.units.is_empty() {
            return (0, Vec::new());
        }
        let strict = query::strict_minimum(parsed.units.len());
        let mut minimums = vec![strict];
        if strict > 1 {
            minimums.push(1);
        }
        let searcher = &self.searcher;
        for minimum in minimums {
            let q = query::combine(&parsed.units, minimum, filters);
            // more than `limit`, so a lab page just below the cut can rise into it
            let collector = (
                Count,
                TopDocs::with_limit(weigh::fetched(limit)).order_by_score(),
            );
            let (total, top) = match searcher.search(&q, &collector) {
                Ok(found) => found,
                Err(e) => {
                    tracing::warn!(error = %e, "search failed");
                    return (0, Vec::new());
                }
            };
            if total == 0 {
                continue;
            }
            let mut found = Vec::with_capacity(top.len());
            for (score, addr) in top {
                let column = searcher
                    .segment_reader(addr.segment_ord)
                    .fast_fields()
                    .u64(index::KEY);
                let key = column.ok().and_then(|c| c.first(addr.doc_id));
                match key.and_then(|k| position.get(&k).copied()) {
                    Some(i) => found.push((i, score)),
                    None => tracing::warn!("search hit without a page"),
                }
            }
            weigh::weigh(&mut found, pages, limit, lead);
            return (total, found);
        }
        (0, Vec::new())
    }
}
