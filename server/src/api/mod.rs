//! The JSON API and the report enrichment it shares with the command line.

use std::path::PathBuf;

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

/// Fills each finding's `pages` with the built-in (and lab) pages that address it, English first.
pub fn link_pages(mut report: triage::Report, content: &[PathBuf]) -> triage::Report {
    if report.findings.is_empty() {
        return report;
    }
    // Only page lookups are needed here: no search index (jieba and tantivy cost ~190 ms).
    match kb::KnowledgeBase::load_pages(content) {
        Ok((knowledge, _problems)) => {
            fill_pages(&mut report, &knowledge);
            report
        }
        Err(error) => {
            tracing::warn!("findings without guides: {error}");
            report
        }
    }
}

/// Fills `pages` from a loaded knowledge base, most relevant guide first.
pub fn fill_pages(report: &mut triage::Report, knowledge: &kb::KnowledgeBase) {
    app::diagnosis::guides::link_guides(report, knowledge);
}
