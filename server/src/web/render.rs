//! Rendering Leptos pages from plain axum handlers (diagnoses, error pages).

use app::{shell, PageOverride};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

use crate::state::AppState;

/// Renders the site's layout around `page` for the URL `uri`, as asked with `headers` (the
/// interface language is read from them).
pub async fn render_page(
    state: &AppState,
    uri: Uri,
    headers: &HeaderMap,
    page: PageOverride,
) -> Response {
    let site = state.site.clone();
    let leptos = state.leptos.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(site.clone());
            provide_context(page.clone());
        },
        move || shell(leptos.clone()),
    );
    let mut request = match Request::builder().uri(uri).body(Body::empty()) {
        Ok(request) => request,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    *request.headers_mut() = headers.clone();
    handler(request).await
}
