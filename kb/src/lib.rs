//! kb: the oomlens knowledge base. Loads the built-in library (embedded at compile time) and the lab's
//! own pages, renders markdown to safe HTML, and searches it in Chinese and English.
//!
//! ```no_run
//! let (kb, problems) = kb::KnowledgeBase::load(&[]).expect("index");
//! for p in &problems { eprintln!("{p}"); }
//! let results = kb.search(&kb::SearchRequest::new("显存碎片"));
//! println!("{}", serde_json::to_string(&results).unwrap_or_default());
//! ```

mod catalog;
mod check;
mod draft;
mod error;
mod folder;
mod front_matter;
mod highlight;
mod knowledge_base;
mod lab;
mod load;
mod page;
mod parse;
mod patterns;
mod render;
mod rst;
mod sanitize;
pub mod search;
pub mod text;

pub use catalog::check_lab;
pub use check::{backends, check_content, FINDING_IDS, FRAMEWORKS, SNIPPET_PARAMS, TAGS};
pub use draft::{parse_note, preview, Draft};
pub use error::{escaped, said, KbError, Problem, Said};
pub use folder::{LabPolicy, DEFAULT_MAX_NOTE_SIZE};
pub use highlight::highlight_css;
pub use knowledge_base::{KnowledgeBase, LoadStats, Refresh, RefreshStats, WikiChange, WikiPage};
pub use load::{LoadOptions, PageSource};
pub use page::{KeySnippet, Lang, Page, PageOrigin, TocEntry, UnknownLang};
pub use search::{Hit, SearchRequest, SearchResults};

#[cfg(test)]
mod send_sync {
    fn assert_send_sync<T: Send + Sync>() {}
    #[test]
    fn knowledge_base_is_send_and_sync() {
        assert_send_sync::<crate::KnowledgeBase>();
    }
}
