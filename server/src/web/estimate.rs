//! `GET /estimate`: the estimator's page. The form is a GET form, so an estimate is a link (the
//! diagnosis page's "estimate this run" is one) and works without JavaScript.

use std::sync::Arc;

use app::EstimateView;
use app::PageOverride;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::state::AppState;
use crate::web::render::{render_page, PageRequest};

/// The form, and under it the answer or the fields at fault (400).
pub async fn show(
    State(state): State<AppState>,
    request: PageRequest,
    RawQuery(query): RawQuery,
) -> Response {
    let mut fields = crate::api::estimate::query_fields(query.as_deref());
    // A page keeps what it knows and drops the rest (a link may carry other parameters).
    fields.retain(|name, _| estimate::request::FIELDS.contains(&name.as_str()));
    let asked = fields
        .values()
        .any(|v| v.as_str().is_some_and(|s| !s.trim().is_empty()));
    let typed = estimate::Request::from_json(&fields).unwrap_or_default();
    let outcome = asked.then(|| typed.plan().map(|planned| planned.answer()));
    let refused = matches!(outcome, Some(Err(_)));
    let view = EstimateView {
        request: typed,
        outcome,
    };
    let mut response = render_page(&state, &request, PageOverride::Estimate(Arc::new(view))).await;
    if refused {
        *response.status_mut() = StatusCode::BAD_REQUEST;
    }
    response
}
