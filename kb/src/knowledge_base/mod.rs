//! [`KnowledgeBase`]: the loaded pages, lookups over them, and search.
//!
//! - [`build`]: loading the pages and refreshing them after a change in the lab's folders;
//! - [`wiki`]: the team wiki's pages over the others;
//! - [`lookup`]: what the rest of oomlens asks of the pages (by slug, by finding, by tag, by
//!   pattern, and search).

mod answers;
mod build;
mod lookup;
mod wiki;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::catalog::Catalog;
use crate::folder::LabPolicy;
use crate::page::Page;
use crate::patterns::LinePatterns;
use crate::search::SearchIndex;

pub use build::{LoadStats, Refresh, RefreshStats};
pub use wiki::{WikiChange, WikiPage};

/// All pages, rendered and indexed. Immutable once loaded: share it behind an `Arc`, and
/// [`KnowledgeBase::refresh`] it into a new one when the lab's folders change.
pub struct KnowledgeBase {
    stats: LoadStats,
    /// The lab folders (lab folder `i` is `dirs[i]`), and how they are read.
    dirs: Vec<PathBuf>,
    policy: LabPolicy,
    catalog: Catalog,
    /// English first, then by title.
    pages: Vec<Arc<Page>>,
    /// The key of `pages[i]` in the index.
    keys: Vec<u64>,
    by_slug: HashMap<String, usize>,
    by_key: HashMap<u64, usize>,
    patterns: LinePatterns,
    /// Absent for a knowledge base loaded only to look pages up ([`KnowledgeBase::load_pages`]).
    index: Option<SearchIndex>,
    /// Answers given by this generation (see [`answers`]).
    answers: answers::Answers,
}

impl std::fmt::Debug for KnowledgeBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnowledgeBase")
            .field("pages", &self.pages.len())
            .finish()
    }
}
