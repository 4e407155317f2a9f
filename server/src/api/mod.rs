//! The JSON API and the report enrichment it shares with the command line.

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

mod diagnose;
mod search;

/// API routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(search::search))
        // The handler reads the body itself against the paste limit, to answer in JSON when it is too large.
        .route(
            "/api/diagnose",
            post(diagnose::diagnose).layer(DefaultBodyLimit::disable()),
        )
}

/// The pages to link findings to, for a command that needs no search: no index (jieba and tantivy
/// cost ~190 ms). `None`, with a warning, when they cannot be loaded.
pub fn pages_for_links(options: kb::LoadOptions) -> Option<kb::KnowledgeBase> {
    match kb::KnowledgeBase::load_pages(options) {
        Ok((knowledge, _problems)) => Some(knowledge),
        Err(error) => {
            tracing::warn!("findings without guides: {error}");
            None
        }
    }
}

/// Fills `pages` from a loaded knowledge base, most relevant guide first.
pub fn fill_pages(report: &mut triage::Report, knowledge: &kb::KnowledgeBase) {
    app::diagnosis::guides::link_guides(report, knowledge);
}
