//! The team wiki's storage, in one SQLite database (WAL) beside the pastes:
//!
//! - [`Wiki::save`]: every save is a revision (author, time, comment, the page's whole source:
//!   front matter and markdown, the format `--content` reads). An edit names the revision it
//!   started from; when the page moved on since, the two edits are merged three ways
//!   ([`merge`]) or the save is refused as a [`Conflict`] holding both texts. One transaction per
//!   save: what was acknowledged is on disk.
//! - A revision may also delete a page (soft: restorable) or step back to the page's original
//!   (a built-in or folder page the wiki shadowed): [`State`].
//! - [`accounts`]: local users with roles, argon2id password hashes, users seen through a
//!   trusted proxy; [`sessions`]: server-side sessions with their CSRF token.
//! - [`diff`]: two revisions compared line by line with the changed words marked. (A page's
//!   form fields to and from its source are `kb::Draft`: the page format is kb's.)
//!
//! No web here: the server's handlers call these on the blocking pool.

pub mod accounts;
mod db;
pub mod diff;
mod error;
pub mod merge;
mod revisions;
pub mod sessions;
pub mod transfer;

pub use accounts::{Role, User};
pub use db::{Wiki, DATABASE_FILE};
pub use error::WikiError;
pub use revisions::{
    one_line, original_hash, Conflict, Edit, Outcome, PageState, Revision, Saved, State, Summary,
    Why,
};

/// Seconds since the Unix epoch, now.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
