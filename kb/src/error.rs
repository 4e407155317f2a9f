//! The one error type of the crate. Loading pages never fails on a bad page (that is a [`crate::Problem`]);
//! only the search index itself can fail to build.

use std::path::PathBuf;

/// Why the knowledge base could not be built at all.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// tantivy refused to create or fill the index.
    #[error("cannot build the search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The directory asked for the on-disk index cannot be used.
    #[error("cannot use {path} for the search index: {source}")]
    IndexDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// tantivy could not open the directory asked for the on-disk index.
    #[error("cannot open {path} for the search index: {message}")]
    IndexDirOpen { path: PathBuf, message: String },
}

/// Something wrong with one page file: reported, and the page skipped or fixed up, never fatal.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The file (or page name) the problem is in.
    pub file: String,
    /// 1-based line of the offending key, link or block; 1 when it concerns the whole file.
    pub line: usize,
    pub message: String,
}

impl Problem {
    pub fn new(file: impl Into<String>, line: usize, message: impl Into<String>) -> Problem {
        Problem {
            file: file.into(),
            line: line.max(1),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}
