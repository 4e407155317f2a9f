//! Search answers kept for the knowledge base that gave them: a generation's pages and index
//! never change (a wiki save or a folder refresh makes a new generation, with no answers kept),
//! so the same request gets the same answer for as long as the generation serves.
//!
//! A search costs about a millisecond, mostly its snippets; finding a kept answer and copying it
//! costs microseconds. The API (`/api/search`, which no page cache keeps) and a search page's
//! first view gain; `bench/load.sh` measures both.
//!
//! Bounded by count, least recently used out first. Only answers of at most
//! [`crate::search::DEFAULT_LIMIT`] hits are kept (each hit a few hundred bytes: a few MiB at
//! most).

use std::num::NonZeroUsize;
use std::sync::Mutex;

use lru::LruCache;

use crate::search::{SearchRequest, SearchResults, DEFAULT_LIMIT};

/// Answers kept.
const ENTRIES: NonZeroUsize = match NonZeroUsize::new(256) {
    Some(n) => n,
    None => NonZeroUsize::MIN,
};

pub(crate) struct Answers {
    kept: Mutex<LruCache<SearchRequest, SearchResults>>,
}

impl Default for Answers {
    fn default() -> Self {
        Answers {
            kept: Mutex::new(LruCache::new(ENTRIES)),
        }
    }
}

impl Answers {
    /// The answer kept for `req`, if any.
    pub(crate) fn get(&self, req: &SearchRequest) -> Option<SearchResults> {
        // a panic elsewhere while the lock was held left the cache whole: it holds only clones
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(req).cloned()
    }

    /// Keeps `results` as the answer to `req` (unless it is past the size kept).
    pub(crate) fn keep(&self, req: &SearchRequest, results: &SearchResults) {
        if results.hits.len() > DEFAULT_LIMIT {
            return;
        }
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.put(req.clone(), results.clone());
    }
}
