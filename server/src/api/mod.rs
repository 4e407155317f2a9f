//! The JSON API: `/api/search` and `/api/diagnose`.

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
