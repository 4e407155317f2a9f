//! Writing revisions: each in one immediate transaction, so two saves of one page never both
//! take the same head.

use super::{append, get, head_of, reads_as, Conflict, Edit, Outcome, Revision, Saved, State};
use crate::merge::{merge3, Merged};
use crate::{Wiki, WikiError};

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
}
