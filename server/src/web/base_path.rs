//! Serving under a sub-path (`--base-path /oomlens`) of a host that a lab's proxy shares.
//!
//! The pages are written with root-relative URLs (`/kb/…`, `/d/…`, `/assets/…`). Rather than
//! threading a prefix through every view, the prefix is handled at the edge, both ways:
//!
//! - in: a request for `/oomlens/kb/x` is routed as `/kb/x` ([`strip`]); a request without the
//!   prefix is served as it is, so `curl 127.0.0.1:3000/healthz` and a Prometheus scrape of
//!   `/metrics` work beside the proxy;
//! - out: a redirect's `Location: /d/…` becomes `/oomlens/d/…`, and every root-relative URL in an
//!   HTML page's attributes (`href`, `src`, `action`, `formaction`, `data-copy-text`) gets the
//!   prefix ([`outbound`]). The page is rewritten by `lol_html`, an HTML parser: a URL quoted in a
//!   code block is text, not an attribute, and is left as written.
//!
//! The API's JSON keeps root-relative URLs (`/kb/…`, as `spec/search.md` gives them): a client
//! joins them to the base it called.

use axum::body::{to_bytes, Body};
use axum::extract::{OriginalUri, Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use lol_html::{element, rewrite_str, RewriteStrSettings};

use crate::state::AppState;

/// The most of a page buffered for rewriting (as `html::finish`).
const PAGE_LIMIT: usize = 16 * 1024 * 1024;

/// `--base-path`: `""` (the site at the root) or `/a/b` — one leading slash, none at the end,
/// path characters only.
///
/// # Errors
/// A sentence saying what is wrong, for clap to print.
pub fn parse(text: &str) -> Result<String, String> {
    let trimmed = text.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    let valid = trimmed.starts_with('/')
        && trimmed.split('/').skip(1).all(|segment| {
            !segment.is_empty()
                && segment != "."
                && segment != ".."
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
        });
    if valid {
        Ok(trimmed.to_string())
    } else {
        Err(format!(
            "{text:?} is not a base path: give one like /oomlens (letters, digits, - . _ ~ between slashes)"
        ))
    }
}

/// The request with `base` taken off its path (and off the `OriginalUri` that handlers render
/// from), when the path is under it. `/oomlens` alone is the site's root.
pub fn strip(base: &str, mut request: Request) -> Request {
    let path = request.uri().path();
    let rest = match path.strip_prefix(base) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => return request,
    };
    let path_and_query = match request.uri().query() {
        Some(query) => format!("{rest}?{query}"),
        None => rest.to_string(),
    };
    let mut parts = request.uri().clone().into_parts();
    parts.path_and_query = path_and_query.parse().ok();
    if let Ok(uri) = Uri::from_parts(parts) {
        *request.uri_mut() = uri.clone();
        request.extensions_mut().insert(OriginalUri(uri));
    }
    request
}

/// The middleware that puts `--base-path` before the URLs an answer gives: `Location`, and the
/// attributes of an HTML page.
pub async fn outbound(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if state.config.base_path.is_empty() {
        return next.run(request).await;
    }
    let base = state.config.base_path.clone();
    let response = next.run(request).await;
    let (mut parts, body) = response.into_parts();
    if let Some(location) = parts
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
    {
        if let Some(prefixed) = prefixed(&base, location) {
            if let Ok(value) = HeaderValue::from_str(&prefixed) {
                parts.headers.insert(header::LOCATION, value);
            }
        }
    }
    let is_html = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = to_bytes(body, PAGE_LIMIT).await else {
        tracing::error!("an HTML answer could not be buffered for the base path");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Ok(html) = std::str::from_utf8(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    match rewrite(&base, html) {
        Ok(rewritten) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(rewritten))
        }
        Err(error) => {
            tracing::error!("a page could not be rewritten for the base path: {error}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `url` with `base` before it, if it is root-relative (`/x`, not `//host/x` nor `https:…`).
fn prefixed(base: &str, url: &str) -> Option<String> {
    (url.starts_with('/') && !url.starts_with("//")).then(|| format!("{base}{url}"))
}

/// Every root-relative URL in the page's URL attributes, prefixed.
///
/// # Errors
/// What `lol_html` said (it fails only on its memory limit).
pub fn rewrite(base: &str, html: &str) -> Result<String, lol_html::errors::RewritingError> {
    let attribute = |name: &'static str| {
        let selector = format!("[{name}^='/']");
        element!(selector, move |el| {
            if let Some(url) = el.get_attribute(name).and_then(|url| prefixed(base, &url)) {
                el.set_attribute(name, &url)?;
            }
            Ok(())
        })
    };
    rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![
                attribute("href"),
                attribute("src"),
                attribute("action"),
                attribute("formaction"),
                attribute("data-copy-text"),
            ],
            ..RewriteStrSettings::new()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_checked_and_normalised() {
        assert_eq!(parse(""), Ok(String::new()));
        assert_eq!(parse("/"), Ok(String::new()));
        assert_eq!(parse("/oomlens/"), Ok("/oomlens".into()));
        assert_eq!(parse("/tools/oom-lens"), Ok("/tools/oom-lens".into()));
        for bad in ["oomlens", "/a//b", "/a/../b", "/a b", "/a?b", "/ü"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pages_get_the_prefix_in_attributes_and_nowhere_else() {
        let page = r##"<a href="/kb/x">x</a><a href="//cdn.example/x">c</a><a href="https://e.org/">e</a><a href="#top">t</a><form action="/diagnose"><button formaction="/d/1/delete">d</button></form><link href="/assets/style.1.css"><script src="/assets/paste.1.js"></script><pre><code>&lt;a href="/kb/y"&gt; and href="/kb/z"</code></pre><button data-copy-text="/d/abc">c</button>"##;
        let out = rewrite("/oomlens", page).expect("rewrite");
        assert_eq!(
            out,
            r##"<a href="/oomlens/kb/x">x</a><a href="//cdn.example/x">c</a><a href="https://e.org/">e</a><a href="#top">t</a><form action="/oomlens/diagnose"><button formaction="/oomlens/d/1/delete">d</button></form><link href="/oomlens/assets/style.1.css"><script src="/oomlens/assets/paste.1.js"></script><pre><code>&lt;a href="/kb/y"&gt; and href="/kb/z"</code></pre><button data-copy-text="/oomlens/d/abc">c</button>"##
        );
    }

    #[test]
    fn requests_under_the_prefix_are_routed_without_it() {
        let path = |uri: &str| {
            let request = Request::builder()
                .uri(uri)
                .body(Body::empty())
                .expect("request");
            let stripped = strip("/oomlens", request);
            let original = stripped
                .extensions()
                .get::<OriginalUri>()
                .map(|o| o.0.to_string());
            (stripped.uri().to_string(), original)
        };
        assert_eq!(
            path("/oomlens/kb/x?q=1"),
            ("/kb/x?q=1".into(), Some("/kb/x?q=1".into()))
        );
        assert_eq!(path("/oomlens"), ("/".into(), Some("/".into())));
        assert_eq!(path("/healthz"), ("/healthz".into(), None));
        assert_eq!(path("/oomlensx/kb"), ("/oomlensx/kb".into(), None));
    }
}
