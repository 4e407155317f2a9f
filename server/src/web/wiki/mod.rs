//! The team wiki's routes: signing in and out, new and edited pages (preview, save, merge,
//! conflict), history, comparisons, restore, soft delete, back to the original, recent changes
//! and their Atom feed. Every change is saved by the `wiki` crate in one transaction, then the
//! knowledge base's next generation is made at once ([`sync`]), so the page reads and searches
//! as saved by the time the browser follows the redirect.

mod account;
mod actions;
mod edit;
mod form;
mod history;
mod prefill;
mod recent;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use kb::{WikiChange, WikiPage};
use wiki::{Revision, State};

use crate::state::AppState;

/// The wiki's routes (page routes: errors are drawn as pages).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/signin", get(account::form).post(account::sign_in))
        .route("/signout", post(account::sign_out))
        .route(
            "/new",
            get(edit::new_form)
                .post(edit::submit_new)
                .layer(DefaultBodyLimit::max(form::PAGE_FORM_LIMIT)),
        )
        .route(
            "/kb/{slug}/edit",
            get(edit::edit_form)
                .post(edit::submit_edit)
                .layer(DefaultBodyLimit::max(form::PAGE_FORM_LIMIT)),
        )
        .route("/kb/{slug}/history", get(history::history))
        .route("/kb/{slug}/compare", get(history::compare))
        .route("/kb/{slug}/restore", post(actions::restore))
        .route("/kb/{slug}/delete", post(actions::delete))
        .route("/kb/{slug}/undelete", post(actions::undelete))
        .route("/kb/{slug}/revert", post(actions::revert))
        .route("/recent", get(recent::recent))
        .route("/recent.atom", get(recent::atom))
}

/// What the knowledge base should show for a page whose newest revision is `head`.
pub fn change_of(head: &Revision) -> WikiChange {
    match head.state {
        State::Live => WikiChange::Show(WikiPage {
            slug: head.slug.clone(),
            revision: head.id,
            source: head.source.clone(),
        }),
        State::Deleted => WikiChange::Hide(head.slug.clone()),
        State::Original => WikiChange::Release(head.slug.clone()),
    }
}

/// Why the knowledge base could not take the wiki's change.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Wiki(#[from] wiki::WikiError),
    #[error(transparent)]
    Knowledge(#[from] kb::KbError),
}

/// Makes the knowledge base show `slugs` as the wiki has them now. The heads are read under the
/// knowledge base's write lock, so of two saves racing, the later sync shows the later head.
/// Blocking (database and index): call it on the blocking pool.
pub fn sync(state: &AppState, slugs: &[&str]) -> Result<(), SyncError> {
    let knowledge = &state.site.knowledge;
    let _writes = knowledge.lock_writes();
    let mut changes = Vec::new();
    for slug in slugs {
        if let Some(head) = state.wiki.head(slug)? {
            changes.push(change_of(&head));
        }
    }
    if changes.is_empty() {
        return Ok(());
    }
    let refresh = knowledge.get().with_wiki(&changes)?;
    for problem in &refresh.problems {
        tracing::warn!("wiki: {problem}");
    }
    if let Some(next) = refresh.knowledge {
        knowledge.replace(next);
    }
    Ok(())
}

/// At start-up: every page the wiki holds, over the loaded pages.
pub fn sync_all(state: &AppState) -> Result<usize, SyncError> {
    let knowledge = &state.site.knowledge;
    let _writes = knowledge.lock_writes();
    let changes: Vec<WikiChange> = state
        .wiki
        .pages()?
        .iter()
        .map(|p| change_of(&p.head))
        .collect();
    if changes.is_empty() {
        return Ok(0);
    }
    let refresh = knowledge.get().with_wiki(&changes)?;
    for problem in &refresh.problems {
        tracing::warn!("wiki: {problem}");
    }
    if let Some(next) = refresh.knowledge {
        knowledge.replace(next);
    }
    Ok(changes.len())
}
