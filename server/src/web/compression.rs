//! Compression of answers (br, gzip) by tower-http's `Compression`, for requests that accept it,
//! with the compressed bytes of answers read again and again kept.
//!
//! - **No `Accept-Encoding`: no layer.** The plain `CompressionLayer`'s body type holds a brotli
//!   encoder's state inline (a few KiB), so every answer, compressed or not, was moved and boxed
//!   with it: about a twentieth of a cached page's CPU for clients that never compress (scripts,
//!   `curl`, the load test's `wrk`). Such a request gets identity from `Compression` anyway.
//! - **Kept compressed answers.** A browser always accepts br, and compressing a 22 KB page
//!   cost some 370 µs of each view's 400 (BENCHMARKS.md "Stop 22"), while a cached page's bytes
//!   do not change. Every `ETag` this site sets names its body's bytes (a hash of them:
//!   `html::etag`, `assets`), so the compressed body of an answer with an `ETag` is kept under
//!   (`ETag`, the request's `Accept-Encoding` as sent): the same two give the same choice of
//!   encoding and the same bytes from `Compression`. An answer is kept from its second
//!   compression on (the first only notes it), so one-off answers never push out the ones many
//!   read. Every choice of encoding, level and what is compressed stays tower-http's.
//! - Kept bytes are only ever sent in place of a body the stack has just answered with the same
//!   `ETag`: a deleted paste's page answers 404, and its kept bytes, never read again, age out.

use axum::body::{to_bytes, Body, Bytes, HttpBody as _};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::compression::Compression;

use super::kept::{Doorkeeper, Kept};
use crate::state::AppState;

/// Compressed answers kept.
const ENTRIES: usize = 2048;
/// Bytes of compressed answers kept.
const BYTES: usize = 16 << 20;
/// Answers noted as compressed once, not yet kept (as hashes of their keys).
const SEEN: usize = 8192;
/// The longest `Accept-Encoding` kept in a key. A browser's is about 30 bytes; longer ones are
/// compressed each time, so that odd headers cannot fill memory with keys.
const ACCEPT_LIMIT: usize = 128;
/// The largest answer whose compressed form is kept (larger ones are compressed as they stream).
const BODY_LIMIT: usize = 2 << 20;

/// (`ETag`, `Accept-Encoding`), both as sent.
type Key = (HeaderValue, HeaderValue);

/// What `Compression` made of one answer.
#[derive(Clone)]
struct Compressed {
    /// Its `Content-Encoding`; `None` when it sent the answer as it was.
    encoding: Option<HeaderValue>,
    /// Whether it added `Vary: accept-encoding`.
    vary: bool,
    /// The compressed body (empty when `encoding` is `None`).
    body: Bytes,
}

/// The kept compressed answers.
pub struct CompressedAnswers {
    kept: Kept<Key, Compressed>,
    /// Answers compressed once, not yet kept.
    seen: Doorkeeper,
}

impl Default for CompressedAnswers {
    fn default() -> Self {
        CompressedAnswers {
            kept: Kept::new(ENTRIES, BYTES),
            seen: Doorkeeper::new(SEEN),
        }
    }
}

/// The middleware: the rest of the stack alone without `Accept-Encoding`; otherwise its answer
/// through `Compression`, or the kept compressed bytes of the same answer.
pub async fn compress(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(accept) = request.headers().get(header::ACCEPT_ENCODING).cloned() else {
        return next.run(request).await;
    };
    let method = request.method().clone();
    let response = next.run(request).await;
    // a body of known, bounded size (a page, an asset): it can be read whole to keep
    let bounded = response
        .body()
        .size_hint()
        .upper()
        .is_some_and(|n| n <= BODY_LIMIT as u64);
    let keepable = method == Method::GET
        && response.status() == StatusCode::OK
        && bounded
        && accept.len() <= ACCEPT_LIMIT;
    let key = match response.headers().get(header::ETAG) {
        Some(etag) if keepable => (etag.clone(), accept.clone()),
        _ => return compressed(&accept, response).await,
    };
    let answers = &state.compressed;
    if let Some(kept) = answers.kept.get(&key) {
        return with_kept(response, kept);
    }
    if !answers.seen.seen_before(&key) {
        return compressed(&accept, response).await;
    }
    let varies_before = response.headers().get_all(header::VARY).iter().count();
    let (parts, body) = compressed(&accept, response).await.into_parts();
    let encoding = parts.headers.get(header::CONTENT_ENCODING).cloned();
    let vary = parts.headers.get_all(header::VARY).iter().count() > varies_before;
    if encoding.is_none() {
        let kept = Compressed {
            encoding,
            vary,
            body: Bytes::new(),
        };
        answers.kept.put(key, kept, 0);
        return Response::from_parts(parts, body);
    }
    // the input is at most BODY_LIMIT bytes, so its compressed form is about as small
    let body = match to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(error) => {
            tracing::warn!("an answer could not be compressed: {error}");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let kept = Compressed {
        encoding,
        vary,
        body: body.clone(),
    };
    answers.kept.put(key, kept, body.len());
    Response::from_parts(parts, Body::from(body))
}

/// `response` through tower-http's `Compression`, as a request accepting `accept` gets it.
async fn compressed(accept: &HeaderValue, response: Response) -> Response {
    let mut request = Request::new(Body::empty());
    request
        .headers_mut()
        .insert(header::ACCEPT_ENCODING, accept.clone());
    // a service that answers with `response` (it is called once)
    let mut response = Some(response);
    let answer = tower::service_fn(move |_: Request| {
        std::future::ready(Ok::<_, std::convert::Infallible>(
            response.take().unwrap_or_default(),
        ))
    });
    match Compression::new(answer).oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    }
}

/// `response` as `Compression` made it before: the same headers, the kept body.
fn with_kept(response: Response, kept: Compressed) -> Response {
    let (mut parts, body) = response.into_parts();
    if kept.vary {
        parts
            .headers
            .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    let Some(encoding) = kept.encoding else {
        return Response::from_parts(parts, body);
    };
    parts.headers.remove(header::ACCEPT_RANGES);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CONTENT_ENCODING, encoding);
    Response::from_parts(parts, Body::from(kept.body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(etag: &'static str) -> Key {
        (
            HeaderValue::from_static(etag),
            HeaderValue::from_static("gzip, br"),
        )
    }

    fn brotli(body: impl Into<Bytes>) -> Compressed {
        Compressed {
            encoding: Some(HeaderValue::from_static("br")),
            vary: true,
            body: body.into(),
        }
    }

    fn keep(answers: &CompressedAnswers, key: Key, compressed: Compressed) {
        let bytes = compressed.body.len();
        answers.kept.put(key, compressed, bytes);
    }

    #[test]
    fn an_answer_is_kept_from_its_second_compression_and_bytes_are_bounded() {
        let answers = CompressedAnswers::default();
        assert!(!answers.seen.seen_before(&key("\"a\"")));
        assert!(answers.seen.seen_before(&key("\"a\"")));
        // another Accept-Encoding is another key
        let other = (
            HeaderValue::from_static("\"a\""),
            HeaderValue::from_static("gzip"),
        );
        assert!(!answers.seen.seen_before(&other));
        keep(&answers, key("\"a\""), brotli(&b"compressed"[..]));
        assert_eq!(
            answers.kept.get(&key("\"a\"")).map(|c| c.body),
            Some(Bytes::from_static(b"compressed"))
        );
        // past the byte bound the least recently used goes first
        let big = Bytes::from(vec![0u8; BYTES / 2 + 1]);
        keep(&answers, key("\"b\""), brotli(big.clone()));
        assert!(answers.kept.get(&key("\"a\"")).is_some());
        keep(&answers, key("\"c\""), brotli(big));
        assert!(answers.kept.get(&key("\"b\"")).is_none());
        assert!(answers.kept.get(&key("\"a\"")).is_some());
        assert!(answers.kept.get(&key("\"c\"")).is_some());
    }

    #[test]
    fn a_kept_answer_gets_the_headers_compression_gave_it() {
        let mut response = Response::new(Body::from("plain"));
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("5"));
        headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
        headers.insert(header::VARY, HeaderValue::from_static("cookie"));
        let kept = with_kept(response, brotli(&b"compressed"[..]));
        let headers = kept.headers();
        assert_eq!(
            headers.get(header::CONTENT_ENCODING).map(|v| v.as_bytes()),
            Some(&b"br"[..])
        );
        let vary: Vec<_> = headers.get_all(header::VARY).iter().collect();
        assert_eq!(vary, ["cookie", "accept-encoding"]);
        assert!(headers.get(header::CONTENT_LENGTH).is_none());
        assert!(headers.get(header::ACCEPT_RANGES).is_none());
        assert_eq!(kept.body().size_hint().exact(), Some(10));
        // sent as it was: the answer's own body, and only the Vary it was given
        let identity = Compressed {
            encoding: None,
            vary: false,
            body: Bytes::new(),
        };
        let same = with_kept(Response::new(Body::from("plain")), identity);
        assert!(same.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(same.body().size_hint().exact(), Some(5));
    }
}
