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

/// The request's media type, lower case, without parameters (`application/json`); empty when
/// none is sent.
pub(crate) fn media_type(headers: &axum::http::HeaderMap) -> String {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// 415 for a body of `media_type` the route does not read.
pub(crate) fn unsupported(media_type: &str) -> crate::app_error::AppError {
    let got = if media_type.is_empty() {
        "no content type".to_string()
    } else {
        format!("`{media_type}`")
    };
    crate::app_error::AppError::request(
        axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
        app::i18n::ErrorText::UnsupportedType { got },
    )
}

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
