//! Paths that match no route: the site's own 404 page, rendered by Leptos.

use app::{shell, SiteContext};
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use leptos::prelude::provide_context;

use crate::state::AppState;

/// Renders the app for an unknown path (its router falls back to the not-found page) with status 404.
pub async fn not_found(State(state): State<AppState>, request: Request<Body>) -> Response {
    let site: SiteContext = state.site.clone();
    let leptos = state.leptos.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || provide_context(site.clone()),
        move || shell(leptos.clone()),
    );
    let mut response = handler(request).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    response
}
