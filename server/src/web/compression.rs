//! Compression of answers (br, gzip), by tower-http's `Compression`, for requests that accept it.
//!
//! Why not the plain `CompressionLayer`: its body type holds a brotli encoder's state inline (a
//! few KiB), so every answer, compressed or not, was moved and boxed with it. Under load a
//! cached page without `Accept-Encoding` (scripts, `curl`, the load test's `wrk`) spent about
//! a twentieth of its CPU copying that state (`perf`, BENCHMARKS.md "Stop 22"). A request with no
//! `Accept-Encoding` gets identity from `Compression` anyway, so it skips the layer; what the
//! others get, and every rule of which answers are compressed, stays tower-http's.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use tower::ServiceExt;
use tower_http::compression::Compression;

/// The middleware: `Compression` around the rest of the stack when the request accepts an
/// encoding, the rest of the stack alone when it does not.
pub async fn compress(request: Request, next: Next) -> Response {
    if !request.headers().contains_key(header::ACCEPT_ENCODING) {
        return next.run(request).await;
    }
    match Compression::new(next).oneshot(request).await {
        Ok(response) => response.map(Body::new),
        // `Next` never fails (its error type is `Infallible`)
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, StatusCode};
    use axum::routing::get;
    use axum::Router;

    fn app() -> Router {
        // a body long enough for tower-http to compress (it skips bodies under 32 bytes)
        Router::new()
            .route("/", get(|| async { "out of memory ".repeat(64) }))
            .layer(axum::middleware::from_fn(compress))
    }

    async fn get_with(accept: Option<&'static str>) -> Response {
        let mut request = Request::builder().uri("/");
        if let Some(value) = accept {
            request = request.header(header::ACCEPT_ENCODING, HeaderValue::from_static(value));
        }
        let request = request
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("{e}"));
        app().oneshot(request).await.unwrap_or_else(|e| match e {})
    }

    fn encoding(response: &Response) -> Option<&str> {
        response
            .headers()
            .get(header::CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok())
    }

    #[tokio::test]
    async fn br_gzip_and_identity_as_the_request_accepts() {
        let br = get_with(Some("gzip, deflate, br")).await;
        assert_eq!(br.status(), StatusCode::OK);
        assert_eq!(encoding(&br), Some("br"));
        assert_eq!(encoding(&get_with(Some("gzip")).await), Some("gzip"));
        assert_eq!(encoding(&get_with(Some("identity")).await), None);
        let plain = get_with(None).await;
        assert_eq!(encoding(&plain), None);
        let body = axum::body::to_bytes(plain.into_body(), usize::MAX)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(body.len(), "out of memory ".len() * 64);
    }
}
