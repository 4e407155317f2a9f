//! Every error answers in its route's format: the site's error page for pages, the JSON error for
//! `/api/`. Handlers' own errors already do (`AppError`); this layer catches the answers that no
//! handler wrote — axum's 405 and its extractors' plain-text rejections (`/d/%FF`), and the 414 and
//! 431 of [`sizes`] — and gives them the body their route's readers expect.

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

use app::i18n::ErrorText;

use super::render::{render_page, PageRequest};
use crate::state::AppState;

/// The longest URL read: far above any link the site makes, far below hyper's own limit (64 KiB,
/// past which hyper answers 414 itself, without a body).
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// The most header bytes read (names and values): room for a proxy's headers and a few cookies.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
/// The most of a plain-text rejection kept as its detail.
const DETAIL_BYTES: usize = 1024;

/// Refuses URLs and headers larger than the site reads, before any handler: 414 and 431 (their
/// bodies come from [`uniform`]).
pub async fn sizes(request: Request, next: Next) -> Response {
    let uri_bytes = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    if uri_bytes > MAX_URI_BYTES {
        return StatusCode::URI_TOO_LONG.into_response();
    }
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if header_bytes > MAX_HEADER_BYTES {
        return StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE.into_response();
    }
    next.run(request).await
}

/// Gives an error answer without a body of its own (none, or framework plain text) the route's.
pub async fn uniform(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let page_request = PageRequest::of(&request);
    let query_lang = crate::api::localize::query_lang(request.uri().query());
    let method = request.method().to_string();
    let response = next.run(request).await;
    let status = response.status();
    if !status.is_client_error() && !status.is_server_error() {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !content_type.is_empty() && !content_type.starts_with("text/plain") {
        return response; // an HTML page or a JSON error already
    }
    // what the answer's headers say about the error stays with the new body
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let allow = response.headers().get(header::ALLOW).cloned();
    let detail = to_bytes(response.into_body(), DETAIL_BYTES)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_string())
        .unwrap_or_default();
    let text = match status {
        // the message names what was tried; the `Allow` header, what would answer
        StatusCode::METHOD_NOT_ALLOWED => ErrorText::MethodNotAllowed { method },
        StatusCode::URI_TOO_LONG => ErrorText::UriTooLong,
        // the request limit shed it (it says when to come back), or it ran past the time limit
        StatusCode::SERVICE_UNAVAILABLE => match retry_after
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
        {
            Some(seconds) => ErrorText::Busy { seconds },
            None => ErrorText::TookTooLong,
        },
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => ErrorText::HeadersTooLarge,
        // a body over its route's limit, refused before the handler could read (or keep) it
        StatusCode::PAYLOAD_TOO_LARGE => ErrorText::BodyTooLarge,
        _ if detail.is_empty() => ErrorText::Rejected {
            detail: status
                .canonical_reason()
                .unwrap_or("bad request")
                .to_string(),
        },
        _ => ErrorText::Rejected { detail },
    };
    let mut answer = if is_api {
        let lang = crate::api::request_lang(&page_request.headers, query_lang.as_deref());
        (
            status,
            Json(crate::app_error::json_body(status, &text, lang)),
        )
            .into_response()
    } else {
        let lang = page_request.lang();
        let info = app::ErrorInfo {
            status: status.as_u16(),
            title: text.title(lang),
            message: text.message(lang),
        };
        let mut page = render_page(&state, &page_request, app::PageOverride::Error(info)).await;
        *page.status_mut() = status;
        page
    };
    for (name, value) in [(header::RETRY_AFTER, retry_after), (header::ALLOW, allow)] {
        if let Some(value) = value {
            answer.headers_mut().insert(name, value);
        }
    }
    answer
}
