//! `GET /api/search`: spec/search.md.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use app::i18n::ErrorText;

use crate::app_error::AppError;
use crate::state::AppState;

/// Most hits one request may ask for.
const MAX_LIMIT: usize = 100;
const DEFAULT_LIMIT: usize = 10;

#[derive(Debug, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    tag: Option<String>,
    lang: Option<String>,
    limit: Option<String>,
}

/// Any query is valid: unknown languages and limits fall back to defaults instead of failing.
pub async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<kb::SearchResults>, AppError> {
    // Only a query string that is not one (bad percent-encoding, a field twice) is refused.
    let Query(params) = params.map_err(|rejection| {
        AppError::request(
            StatusCode::BAD_REQUEST,
            ErrorText::QueryUnreadable {
                detail: rejection.to_string(),
            },
        )
    })?;
    let request = kb::SearchRequest {
        query: params.q,
        tag: params.tag.filter(|tag| !tag.is_empty()),
        lang: params.lang.as_deref().and_then(|lang| lang.parse().ok()),
        limit: params
            .limit
            .as_deref()
            .and_then(|limit| limit.parse::<usize>().ok())
            .unwrap_or(DEFAULT_LIMIT)
            .clamp(1, MAX_LIMIT),
    };
    // Queries take well under a millisecond on the built-in library: no need to leave the async thread.
    Ok(Json(state.site.kb().search(&request)))
}
