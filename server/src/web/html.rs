//! Finishing every HTML answer: the inline scripts Leptos's server renderer adds for hydration
//! (`__RESOLVED_RESOURCES=…`, `__INCOMPLETE_CHUNKS=…`, each with a nonce) are removed — the site
//! never hydrates, so they do nothing, and the Content-Security-Policy allows no inline script —
//! and the page gets an `ETag`, so a browser revalidating (`no-cache`) gets a `304` without the
//! body when nothing changed.

use std::sync::LazyLock;

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use regex::bytes::Regex;
use sha2::{Digest, Sha256};

/// The most of a page buffered (pages weigh under 100 KB; a wiki page can be long).
const PAGE_LIMIT: usize = 16 * 1024 * 1024;

/// Leptos's inline scripts: a `<script>` with a nonce and no `src`. The site's own scripts are
/// files (`<script src=…>`) and carry no nonce.
static LEPTOS_INLINE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"(?s)<script nonce="[^"]*">.*?</script>"#).ok());

/// An HTML answer already finished (by the page cache): its `ETag`, so [`finish`] only answers
/// a matching `If-None-Match` and does not read the page again.
#[derive(Debug, Clone)]
pub struct Finished(pub String);

/// The page without Leptos's inline scripts, and its `ETag` (quoted).
pub fn finished(bytes: &[u8]) -> (Vec<u8>, String) {
    let bytes = match LEPTOS_INLINE.as_ref() {
        Some(inline) => inline.replace_all(bytes, &b""[..]).into_owned(),
        None => bytes.to_vec(),
    };
    let etag = etag(&[&bytes]);
    (bytes, etag)
}

/// A quoted `ETag` of the concatenation of `parts`: 96 bits of their SHA-256.
pub fn etag(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    let digest = hasher.finalize();
    let tag: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{tag}\"")
}

/// Removes Leptos's inline scripts from HTML answers, tags them with an ETag, and answers 304 to
/// a matching `If-None-Match`.
pub async fn finish(request: Request, next: Next) -> Response {
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let (body, etag) = match parts.extensions.remove::<Finished>() {
        Some(Finished(etag)) => (body, etag),
        None => {
            let Ok(bytes) = to_bytes(body, PAGE_LIMIT).await else {
                tracing::error!("an HTML answer could not be buffered");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            };
            let (bytes, etag) = finished(&bytes);
            (Body::from(bytes), etag)
        }
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Ok(value) = HeaderValue::from_str(&etag) {
        parts.headers.insert(header::ETAG, value);
    }
    let matches = if_none_match
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if matches && parts.status == StatusCode::OK {
        parts.status = StatusCode::NOT_MODIFIED;
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, body)
}
