//! The JSON API: `/api/search`, `/api/diagnose` and `/api/estimate`.

use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

mod diagnose;
pub(crate) mod estimate;
pub(crate) mod localize;
mod search;

pub use localize::request_lang;

/// API routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(search::search))
        .route(
            "/api/estimate",
            get(estimate::get)
                .post(estimate::post)
                .layer(DefaultBodyLimit::disable()),
        )
        // The handler reads the body itself against the paste limit, to answer in JSON when it is too large.
        .route(
            "/api/diagnose",
            post(diagnose::diagnose).layer(DefaultBodyLimit::disable()),
        )
        .route_layer(middleware::from_fn(localize::localize))
}
