//! Page revisions: save with a base (merge or conflict), delete and undelete, restore an old
//! revision, step back to the original ([`write`]); the history of a page and of the whole wiki
//! ([`read`]).

mod read;
mod write;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::now;

/// What a revision makes of its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// The page reads as this revision's source.
    Live,
    /// The page is hidden (soft delete); the source is kept so that undelete brings it back.
    Deleted,
    /// The wiki lets go of the page: the built-in or folder version shows again. The source is
    /// that version's text when the step was taken, for the history's diffs.
    Original,
}

impl State {
    fn as_str(self) -> &'static str {
        match self {
            State::Live => "live",
            State::Deleted => "deleted",
            State::Original => "original",
        }
    }

    fn parse(text: &str) -> State {
        match text {
            "deleted" => State::Deleted,
            "original" => State::Original,
            _ => State::Live,
        }
    }
}

/// One saved revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    pub id: i64,
    pub slug: String,
    /// The page's revision before this one (`None` for its first).
    pub parent: Option<i64>,
    pub state: State,
    /// The page's whole source: front matter and markdown.
    pub source: String,
    pub author: String,
    pub comment: String,
    /// Whether the save merged a concurrent edit into this text.
    pub merged: bool,
    /// Seconds since the Unix epoch.
    pub created_at: i64,
}

/// A revision without its text, for lists (history, recent changes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub id: i64,
    pub slug: String,
    pub parent: Option<i64>,
    pub state: State,
    pub author: String,
    pub comment: String,
    pub merged: bool,
    pub created_at: i64,
    /// Length of the source, in bytes.
    pub bytes: i64,
    /// The state of the revision before this one (`None` for a page's first): a live revision
    /// after a deleted one brought the page back.
    pub after: Option<State>,
}

/// A page the wiki holds, as its newest revision says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageState {
    pub slug: String,
    pub head: Revision,
}

/// A save that went through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub revision: Revision,
    /// The page had moved on since the edit's base, and the two were merged.
    pub merged: bool,
}

/// Why a save was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The page moved on since the edit's base, and the two edits change the same lines.
    Overlap,
    /// The page was deleted since the edit's base: saving would bring it back, which its
    /// deleter did not expect and the editor may not know.
    Deleted,
    /// The edit's base is no revision of this page (a form opened before the database was
    /// restored from an older backup, or a forged one): what it changed cannot be told.
    UnknownBase,
    /// The edit started from the built-in or folder page's text, and that text changed since
    /// (the lab edited the file): merged over the new text, the file's change would be lost.
    OriginalChanged,
}

/// A save refused: nothing was written; the caller shows the person their own text and the
/// page as it is now. Saving again with `head` as the base goes through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub why: Why,
    /// The page's newest revision, which the edit did not start from.
    pub head: Revision,
    /// The text the edit started from (its base revision's, or the original's); for
    /// [`Why::UnknownBase`], the head's text.
    pub base_text: String,
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Saved(Saved),
    Conflict(Conflict),
}

impl Outcome {
    /// The save, if it went through.
    pub fn saved(self) -> Option<Saved> {
        match self {
            Outcome::Saved(saved) => Some(saved),
            Outcome::Conflict(_) => None,
        }
    }

    /// The conflict, if the save was refused.
    pub fn conflict(self) -> Option<Conflict> {
        match self {
            Outcome::Conflict(conflict) => Some(conflict),
            Outcome::Saved(_) => None,
        }
    }
}

/// An edit to save.
#[derive(Debug, Clone, Copy)]
pub struct Edit<'a> {
    pub slug: &'a str,
    /// The revision the editor started from; `None` for a new page or a first edit of a built-in
    /// or folder page.
    pub base: Option<i64>,
    pub source: &'a str,
    pub author: &'a str,
    pub comment: &'a str,
    /// The built-in or folder page's text, when the wiki shadows one: the base of a first edit,
    /// and what a revision back to the original shows.
    pub original: Option<&'a str>,
    /// [`original_hash`] of the original text the editor's form started from, when it started
    /// from the original (a first edit, or one after going back to the original); `None` when
    /// the form did not say.
    pub original_seen: Option<&'a str>,
}

/// A short fingerprint of an original text (hex of 64 bits of its SHA-256), carried by an edit
/// form so that a save can tell whether the file changed since the form was opened.
pub fn original_hash(text: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) const COLUMNS: &str =
    "id, slug, parent, state, source, author, comment, merged, created_at";

pub(crate) fn revision(row: &Row<'_>) -> rusqlite::Result<Revision> {
    Ok(Revision {
        id: row.get(0)?,
        slug: row.get(1)?,
        parent: row.get(2)?,
        state: State::parse(&row.get::<_, String>(3)?),
        source: row.get(4)?,
        author: row.get(5)?,
        comment: row.get(6)?,
        merged: row.get::<_, i64>(7)? != 0,
        created_at: row.get(8)?,
    })
}

pub(crate) fn summary(row: &Row<'_>) -> rusqlite::Result<Summary> {
    Ok(Summary {
        id: row.get(0)?,
        slug: row.get(1)?,
        parent: row.get(2)?,
        state: State::parse(&row.get::<_, String>(3)?),
        author: row.get(4)?,
        comment: row.get(5)?,
        merged: row.get::<_, i64>(6)? != 0,
        created_at: row.get(7)?,
        bytes: row.get(8)?,
        after: row
            .get::<_, Option<String>>(9)?
            .map(|state| State::parse(&state)),
    })
}

/// A summary's columns, for a query `FROM revisions` (the last one reads the parent's state).
pub(crate) const SUMMARY_COLUMNS: &str = "id, slug, parent, state, author, comment, merged, created_at, length(CAST(source AS BLOB)), (SELECT p.state FROM revisions p WHERE p.id = revisions.parent)";

pub(crate) fn head_of(connection: &Connection, slug: &str) -> rusqlite::Result<Option<Revision>> {
    connection
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM revisions WHERE id = (SELECT head FROM pages WHERE slug = ?1)"
            ),
            params![slug],
            revision,
        )
        .optional()
}

pub(crate) fn get(connection: &Connection, id: i64) -> rusqlite::Result<Option<Revision>> {
    connection
        .query_row(
            &format!("SELECT {COLUMNS} FROM revisions WHERE id = ?1"),
            params![id],
            revision,
        )
        .optional()
}

/// Appends a revision and makes it the page's head, in the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) fn append(
    connection: &Connection,
    slug: &str,
    parent: Option<i64>,
    state: State,
    source: &str,
    author: &str,
    comment: &str,
    merged: bool,
) -> rusqlite::Result<Revision> {
    let created_at = now();
    let comment = one_line(comment);
    let comment = comment.as_str();
    connection.execute(
        "INSERT INTO revisions (slug, parent, state, source, author, comment, merged, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            slug,
            parent,
            state.as_str(),
            source,
            author,
            comment,
            merged as i64,
            created_at
        ],
    )?;
    let id = connection.last_insert_rowid();
    connection.execute(
        "INSERT INTO pages (slug, head) VALUES (?1, ?2)
         ON CONFLICT (slug) DO UPDATE SET head = excluded.head",
        params![slug, id],
    )?;
    Ok(Revision {
        id,
        slug: slug.to_string(),
        parent,
        state,
        source: source.to_string(),
        author: author.to_string(),
        comment: comment.to_string(),
        merged,
        created_at,
    })
}

/// A one-line field (a revision's comment, a page's title or summary) as it is kept: control
/// characters (a pasted line end, a stray escape or bell) become spaces, runs of them one, and
/// the ends are trimmed. Lists, the history, `<title>` and the feed show these on one line, and
/// XML refuses most controls outright.
pub fn one_line(comment: &str) -> String {
    comment
        .split(|c: char| c.is_control())
        .filter(|part| !part.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text a revision gives its page: its source when live, the original when it let go, nothing
/// when deleted.
pub(crate) fn reads_as(revision: &Revision, original: Option<&str>) -> String {
    match revision.state {
        State::Live => revision.source.clone(),
        State::Original => original.unwrap_or(&revision.source).to_string(),
        State::Deleted => String::new(),
    }
}
