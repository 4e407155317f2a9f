//! Page revisions: save with a base (merge or conflict), delete and undelete, restore an old
//! revision, step back to the original; the history of a page and of the whole wiki.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::merge::{merge3, Merged};
use crate::{now, Wiki, WikiError};

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

/// A save refused because the page moved on since its base and the edits overlap. Nothing was
/// written; the caller shows the person their own text and what changed meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The page's newest revision, which the edit did not start from.
    pub head: Revision,
    /// The text the edit started from (its base revision's, or the original's).
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
}

const COLUMNS: &str = "id, slug, parent, state, source, author, comment, merged, created_at";

fn revision(row: &Row<'_>) -> rusqlite::Result<Revision> {
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

fn summary(row: &Row<'_>) -> rusqlite::Result<Summary> {
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
    })
}

const SUMMARY_COLUMNS: &str =
    "id, slug, parent, state, author, comment, merged, created_at, length(CAST(source AS BLOB))";

fn head_of(connection: &Connection, slug: &str) -> rusqlite::Result<Option<Revision>> {
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

fn get(connection: &Connection, id: i64) -> rusqlite::Result<Option<Revision>> {
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
fn append(
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

/// The text a revision gives its page: its source when live, the original when it let go, nothing
/// when deleted.
fn reads_as(revision: &Revision, original: Option<&str>) -> String {
    match revision.state {
        State::Live => revision.source.clone(),
        State::Original => original.unwrap_or(&revision.source).to_string(),
        State::Deleted => String::new(),
    }
}

impl Wiki {
    /// Saves an edit as a new revision of its page, in one transaction. When the page's head is
    /// not the edit's base, the base, the head and the edit are merged three ways: edits to
    /// different lines go through (`merged`), overlapping ones are refused as a [`Conflict`] and
    /// nothing is written.
    ///
    /// # Errors
    /// [`WikiError::NoSuchRevision`] for a base that is not a revision of this page; database
    /// failures.
    pub fn save(&self, edit: Edit<'_>) -> Result<Outcome, WikiError> {
        let mut connection = self.lock()?;
        let transaction =
            connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let head = head_of(&transaction, edit.slug)?;
        let base = match edit.base {
            Some(id) => match get(&transaction, id)? {
                Some(base) if base.slug == edit.slug => Some(base),
                _ => return Err(WikiError::NoSuchRevision(id)),
            },
            None => None,
        };
        let base_text = base.as_ref().map_or_else(
            || edit.original.unwrap_or("").to_string(),
            |b| reads_as(b, edit.original),
        );
        let (text, merged) = match &head {
            Some(head) if Some(head.id) != edit.base => {
                match merge3(&base_text, &reads_as(head, edit.original), edit.source) {
                    Merged::Clean(text) => (text, true),
                    Merged::Conflict => {
                        return Ok(Outcome::Conflict(Conflict {
                            head: head.clone(),
                            base_text,
                        }))
                    }
                }
            }
            _ => (edit.source.to_string(), false),
        };
        let revision = append(
            &transaction,
            edit.slug,
            head.as_ref().map(|h| h.id),
            State::Live,
            &text,
            edit.author,
            edit.comment,
            merged,
        )?;
        transaction.commit()?;
        Ok(Outcome::Saved(Saved { revision, merged }))
    }

    /// Appends a revision of `state` whose source is `source`, after the page's head.
    fn step(
        &self,
        slug: &str,
        state: State,
        source: impl FnOnce(Option<&Revision>) -> Result<String, WikiError>,
        author: &str,
        comment: &str,
    ) -> Result<Revision, WikiError> {
        let mut connection = self.lock()?;
        let transaction =
            connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let head = head_of(&transaction, slug)?;
        let text = source(head.as_ref())?;
        let parent = head.as_ref().map(|h| h.id);
        let revision = append(
            &transaction,
            slug,
            parent,
            state,
            &text,
            author,
            comment,
            false,
        )?;
        transaction.commit()?;
        Ok(revision)
    }

    /// Hides a page (soft delete): a revision that keeps the page's text for [`Wiki::undelete`].
    /// `current` is the page's text now (a built-in or folder page the wiki never held).
    ///
    /// # Errors
    /// Database failures.
    pub fn delete(
        &self,
        slug: &str,
        current: &str,
        author: &str,
        comment: &str,
    ) -> Result<Revision, WikiError> {
        let current = current.to_string();
        self.step(
            slug,
            State::Deleted,
            |head| {
                Ok(head
                    .filter(|h| h.state == State::Live)
                    .map_or(current, |h| h.source.clone()))
            },
            author,
            comment,
        )
    }

    /// Brings a deleted page back as it was when deleted.
    ///
    /// # Errors
    /// [`WikiError::NoSuchPage`] when the page is not deleted.
    pub fn undelete(&self, slug: &str, author: &str, comment: &str) -> Result<Revision, WikiError> {
        let head = self.head(slug)?.filter(|h| h.state == State::Deleted);
        let Some(head) = head else {
            return Err(WikiError::NoSuchPage(slug.to_string()));
        };
        // A built-in or folder page deleted before the wiki ever held its text (no revision
        // before the delete), or while it showed its original, comes back as that original.
        let state = match head.parent.map(|p| self.revision(p)).transpose()? {
            Some(before) if before.state != State::Original => State::Live,
            _ => State::Original,
        };
        self.step(slug, state, |_| Ok(head.source.clone()), author, comment)
    }

    /// A new revision with an old one's text: restoring never rewrites history.
    ///
    /// # Errors
    /// [`WikiError::NoSuchRevision`] when `id` is not a revision of `slug`.
    pub fn restore(
        &self,
        slug: &str,
        id: i64,
        author: &str,
        comment: &str,
    ) -> Result<Revision, WikiError> {
        let old = self.revision(id)?;
        if old.slug != slug {
            return Err(WikiError::NoSuchRevision(id));
        }
        self.step(slug, old.state, |_| Ok(old.source.clone()), author, comment)
    }

    /// Lets go of a built-in or folder page the wiki shadowed: it shows its original text again.
    /// `original` is that text now, kept for the history's diffs.
    ///
    /// # Errors
    /// Database failures.
    pub fn revert_to_original(
        &self,
        slug: &str,
        original: &str,
        author: &str,
        comment: &str,
    ) -> Result<Revision, WikiError> {
        let original = original.to_string();
        self.step(slug, State::Original, |_| Ok(original), author, comment)
    }

    /// The page's newest revision, if the wiki holds the page.
    ///
    /// # Errors
    /// Database failures.
    pub fn head(&self, slug: &str) -> Result<Option<Revision>, WikiError> {
        let connection = self.lock()?;
        Ok(head_of(&connection, slug)?)
    }

    /// One revision.
    ///
    /// # Errors
    /// [`WikiError::NoSuchRevision`].
    pub fn revision(&self, id: i64) -> Result<Revision, WikiError> {
        let connection = self.lock()?;
        get(&connection, id)?.ok_or(WikiError::NoSuchRevision(id))
    }

    /// A page's revisions, newest first.
    ///
    /// # Errors
    /// Database failures.
    pub fn history(&self, slug: &str) -> Result<Vec<Summary>, WikiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM revisions WHERE slug = ?1 ORDER BY id DESC"
        ))?;
        let rows = statement.query_map(params![slug], summary)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The whole wiki's revisions, newest first: at most `limit`, older than revision `before`
    /// when given (the next page of a list).
    ///
    /// # Errors
    /// Database failures.
    pub fn recent(&self, limit: usize, before: Option<i64>) -> Result<Vec<Summary>, WikiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM revisions WHERE id < ?1 ORDER BY id DESC LIMIT ?2"
        ))?;
        let rows =
            statement.query_map(params![before.unwrap_or(i64::MAX), limit as i64], summary)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every page the wiki holds, by its head, in slug order.
    ///
    /// # Errors
    /// Database failures.
    pub fn pages(&self) -> Result<Vec<PageState>, WikiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(&format!(
            "SELECT {} FROM pages JOIN revisions r ON r.id = pages.head ORDER BY pages.slug",
            COLUMNS
                .split(", ")
                .map(|c| format!("r.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))?;
        let rows = statement.query_map([], revision)?;
        let heads: Vec<Revision> = rows.collect::<Result<_, _>>()?;
        Ok(heads
            .into_iter()
            .map(|head| PageState {
                slug: head.slug.clone(),
                head,
            })
            .collect())
    }

    /// Every revision, oldest first (export).
    ///
    /// # Errors
    /// Database failures.
    pub fn all_revisions(&self) -> Result<Vec<Revision>, WikiError> {
        let connection = self.lock()?;
        let mut statement =
            connection.prepare(&format!("SELECT {COLUMNS} FROM revisions ORDER BY id"))?;
        let rows = statement.query_map([], revision)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
