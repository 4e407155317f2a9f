//! Reading revisions: a page's head, one revision, a page's history, the whole wiki's recent
//! changes, every page and every revision (export).

use rusqlite::params;

use super::{
    get, head_of, revision, summary, PageState, Revision, Summary, COLUMNS, SUMMARY_COLUMNS,
};
use crate::{Wiki, WikiError};

impl Wiki {
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
