//! Rendering Leptos pages from plain axum handlers (diagnoses, error pages, the wiki's pages).

use app::viewer::Viewer;
use app::{shell, PageOverride};
use axum::body::Body;
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Request, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

use crate::state::AppState;

/// What a page is rendered for: its URL, the request's headers (the interface language is read
/// from them) and its reader.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub uri: Uri,
    pub headers: HeaderMap,
    pub viewer: Viewer,
}

impl<S: Send + Sync> FromRequestParts<S> for PageRequest {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or_else(|| parts.uri.clone(), |OriginalUri(uri)| uri.clone());
        Ok(PageRequest {
            uri,
            headers: parts.headers.clone(),
            viewer: parts
                .extensions
                .get::<Viewer>()
                .cloned()
                .unwrap_or_default(),
        })
    }
}

impl PageRequest {
    /// The page request of `request` as a middleware sees it (before the handler takes it).
    pub fn of(request: &Request<Body>) -> PageRequest {
        PageRequest {
            uri: request.uri().clone(),
            headers: request.headers().clone(),
            viewer: request
                .extensions()
                .get::<Viewer>()
                .cloned()
                .unwrap_or_default(),
        }
    }

    /// The reader's interface language.
    pub fn lang(&self) -> app::i18n::Lang {
        crate::api::request_lang(&self.headers, None)
    }
}

/// Renders the site's layout around `page` for `request`.
pub async fn render_page(state: &AppState, request: &PageRequest, page: PageOverride) -> Response {
    let site = state.site.clone();
    let leptos = state.leptos.clone();
    let viewer = request.viewer.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(site.clone());
            provide_context(page.clone());
            provide_context(viewer.clone());
        },
        move || shell(leptos.clone()),
    );
    let mut built = match Request::builder()
        .uri(request.uri.clone())
        .body(Body::empty())
    {
        Ok(built) => built,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    *built.headers_mut() = request.headers.clone();
    handler(built).await
}
