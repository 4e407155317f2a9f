//! The crate's one error type.

use std::path::PathBuf;

/// Why a wiki operation failed. Input mistakes a person can fix (a taken name, a wrong
/// password) are their own variants, so the web layer can answer them with a 4xx and a sentence.
#[derive(Debug, thiserror::Error)]
pub enum WikiError {
    #[error("cannot open the wiki database {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path} was written by a newer oomlens (wiki schema {found}; this one knows {known}): run that version, or restore the backup taken before the upgrade")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("the wiki database failed: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("the wiki database is in use by a crashed request")]
    Poisoned,
    #[error("no user named {0:?}")]
    NoSuchUser(String),
    #[error("a user named {0:?} already exists")]
    UserExists(String),
    #[error("a user name is 1 to 64 letters, digits, `.`, `_`, `-` or `@`")]
    BadUserName,
    #[error("a password needs at least {0} characters")]
    WeakPassword(usize),
    #[error("unknown role {0:?}: use viewer, editor or admin")]
    BadRole(String),
    #[error("cannot hash the password: {0}")]
    Hash(String),
    #[error("no random numbers from the operating system: {0}")]
    Random(String),
    #[error("no revision {0}")]
    NoSuchRevision(i64),
    #[error("no wiki page {0:?}")]
    NoSuchPage(String),
    #[error("cannot back up to {path}: {source}")]
    Backup {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}
