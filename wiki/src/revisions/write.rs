//! Writing revisions: each in one immediate transaction, so two saves of one page never both
//! take the same head.

use super::{
    append, get, head_of, original_hash, reads_as, Conflict, Edit, Outcome, Revision, Saved, State,
    Why,
};
use crate::merge::{merge3, Merged};
use crate::{Wiki, WikiError};

impl Wiki {
    /// Saves an edit as a new revision of its page, in one transaction. When the page's head is
    /// not the edit's base, the base, the head and the edit are merged three ways: edits to
    /// different lines go through (`merged`), overlapping ones are refused as a [`Conflict`] and
    /// nothing is written. So are an edit of a page deleted since its base ([`Why::Deleted`]) and
    /// one whose base is no revision of this page while the page has revisions
    /// ([`Why::UnknownBase`]): never is a newer revision overwritten unseen.
    ///
    /// # Errors
    /// Database failures.
    pub fn save(&self, edit: Edit<'_>) -> Result<Outcome, WikiError> {
        let mut connection = self.lock()?;
        let transaction =
            connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let head = head_of(&transaction, edit.slug)?;
        let refuse = |why: Why, head: &Revision, base_text: String| {
            Ok(Outcome::Conflict(Conflict {
                why,
                head: head.clone(),
                base_text,
            }))
        };
        let base = match edit.base {
            Some(id) => match get(&transaction, id)? {
                Some(base) if base.slug == edit.slug => Some(base),
                _ => match &head {
                    Some(head) => {
                        return refuse(Why::UnknownBase, head, reads_as(head, edit.original))
                    }
                    // Nothing the edit could overwrite: it is the page's first revision.
                    None => None,
                },
            },
            None => None,
        };
        let base_text = base.as_ref().map_or_else(
            || edit.original.unwrap_or("").to_string(),
            |b| reads_as(b, edit.original),
        );
        // Started from the original, which has changed or gone since: the base is not what they
        // saw (a folder note removed meanwhile must not come back as a wiki page unasked).
        let from_original = base.as_ref().is_none_or(|b| b.state == State::Original);
        if let (true, Some(seen)) = (from_original, edit.original_seen) {
            let now = edit.original.unwrap_or("");
            if edit.original.is_none() || seen != original_hash(now) {
                let shown = head.clone().unwrap_or_else(|| Revision {
                    id: 0,
                    slug: edit.slug.to_string(),
                    parent: None,
                    state: State::Original,
                    source: now.to_string(),
                    author: String::new(),
                    comment: String::new(),
                    merged: false,
                    created_at: 0,
                });
                return refuse(Why::OriginalChanged, &shown, now.to_string());
            }
        }
        let (text, merged) = match &head {
            Some(head) if Some(head.id) != base.as_ref().map(|b| b.id) => {
                if head.state == State::Deleted {
                    return refuse(Why::Deleted, head, base_text);
                }
                match merge3(&base_text, &reads_as(head, edit.original), edit.source) {
                    Merged::Clean(text) => (text, true),
                    Merged::Conflict => return refuse(Why::Overlap, head, base_text),
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
