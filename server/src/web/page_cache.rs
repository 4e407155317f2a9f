//! Finished pages kept for anonymous readers: a diagnosis shared in a lab's chat, the guides and
//! a search that many run are rendered once per knowledge base, not once per view.
//!
//! What a page shows an anonymous reader depends on its address, the interface language and the
//! knowledge base (a wiki save or a folder refresh makes a new one), and on nothing else but the
//! reader's CSRF token in its forms. So a page is kept under (address, language, knowledge-base
//! generation), split where the token stood, and each view joins the parts with the reader's
//! own token. Not kept: signed-in readers' pages (their name, their rights), a paste's first
//! view (it shows the delete link), answers that set cookies, anything but `200 text/html`.
//! A paste deleted, removed or pasted again is forgotten here as in `crate::analyses`.
//!
//! A page is kept from its second view on: the first only notes its address (a small set of
//! hashes), so addresses seen once (a search nobody repeats, an estimate with odd numbers) never
//! push out the pages many read; the idea is TinyLFU's doorkeeper (Einziger et al., 2017).
//!
//! Bounded by count and bytes, least recently used out first. The page's `ETag` is the kept
//! page's, combined with the token, so revalidation still answers `304`.

use std::sync::Arc;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use app::i18n::Lang;
use app::viewer::Viewer;

use super::html::{self, Finished};
use super::kept::{Doorkeeper, Kept};
use crate::state::AppState;

/// Pages kept.
const ENTRIES: usize = 1024;
/// Bytes of kept pages.
const BYTES: usize = 32 << 20;
/// Addresses remembered as seen once.
const SEEN: usize = 8192;
/// The most of one page kept (larger pages are rendered each time).
const PAGE_LIMIT: usize = 2 << 20;

/// Where a kept page was made.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    /// Path and query, as routed (after `--base-path` came off).
    uri: String,
    lang: Lang,
    /// [`app::KnowledgeHandle::replacements`] when it was rendered.
    knowledge: u64,
}

/// A finished page, split where the reader's CSRF token goes.
struct Page {
    headers: HeaderMap,
    parts: Vec<Bytes>,
    /// The `ETag` of the page as rendered (with the first reader's token).
    etag: String,
    bytes: usize,
}

impl Page {
    fn new(headers: HeaderMap, finished: &[u8], token: &str, etag: String) -> Page {
        let parts: Vec<Bytes> = if token.is_empty() {
            vec![Bytes::copy_from_slice(finished)]
        } else {
            let mut parts = Vec::new();
            let mut rest = finished;
            let finder = memchr::memmem::Finder::new(token.as_bytes());
            while let Some(at) = finder.find(rest) {
                parts.push(Bytes::copy_from_slice(&rest[..at]));
                rest = &rest[at + token.len()..];
            }
            parts.push(Bytes::copy_from_slice(rest));
            parts
        };
        Page {
            headers,
            bytes: finished.len(),
            parts,
            etag,
        }
    }

    /// The page for a reader whose token is `token`.
    fn answer(&self, token: &str) -> Response {
        let mut body = Vec::with_capacity(self.bytes + self.parts.len() * token.len());
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                body.extend_from_slice(token.as_bytes());
            }
            body.extend_from_slice(part);
        }
        let etag = if self.parts.len() > 1 {
            html::etag(&[self.etag.as_bytes(), token.as_bytes()])
        } else {
            self.etag.clone()
        };
        let mut response = Response::new(Body::from(body));
        *response.headers_mut() = self.headers.clone();
        response.extensions_mut().insert(Finished(etag));
        response
    }
}

/// The kept pages.
pub struct PageCache {
    kept: Kept<Key, Arc<Page>>,
    /// Addresses seen once, not yet kept.
    seen: Doorkeeper,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache {
            kept: Kept::new(ENTRIES, BYTES),
            seen: Doorkeeper::new(SEEN),
        }
    }
}

impl PageCache {
    /// Forgets the pages of paste `id` (its page, its what-ifs, its delete page).
    pub fn forget_paste(&self, id: &str) {
        let prefix = format!("/d/{id}");
        self.kept.forget(|key| {
            key.uri
                .strip_prefix(&prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
        });
    }
}

/// The middleware: answers a kept page, or renders and keeps it.
pub async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let viewer = request
        .extensions()
        .get::<Viewer>()
        .cloned()
        .unwrap_or_default();
    let keepable = request.method() == Method::GET
        && viewer.user.is_none()
        && crate::auth::read_cookie(request.headers(), super::paste::DELETE_COOKIE).is_none();
    if !keepable {
        return next.run(request).await;
    }
    let key = Key {
        uri: request
            .uri()
            .path_and_query()
            .map_or_else(|| request.uri().path().to_string(), ToString::to_string),
        lang: crate::api::request_lang(request.headers(), None),
        knowledge: state.site.knowledge.replacements(),
    };
    if let Some(page) = state.pages.kept.get(&key) {
        return page.answer(&viewer.csrf);
    }
    if !state.pages.seen.seen_before(&key) {
        return next.run(request).await;
    }
    let response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if response.status() != StatusCode::OK
        || !html
        || response.headers().contains_key(header::SET_COOKIE)
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, PAGE_LIMIT).await else {
        // too large to keep: rendered again, and `html::finish` reads it as usual
        tracing::debug!(uri = %key.uri, "a page too large to keep");
        return Response::from_parts(parts, Body::empty());
    };
    let (finished, etag) = html::finished(&bytes);
    let mut headers = parts.headers;
    headers.remove(header::CONTENT_LENGTH);
    let page = Arc::new(Page::new(headers, &finished, &viewer.csrf, etag));
    state.pages.kept.put(key, page.clone(), page.bytes);
    page.answer(&viewer.csrf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_page_takes_each_readers_token_and_its_etag_follows() {
        let token_a = "a".repeat(64);
        let token_b = "b".repeat(64);
        let page = format!(
            "<form><input name=\"csrf\" value=\"{token_a}\"></form><form><input value=\"{token_a}\"></form>"
        );
        let kept = Page::new(HeaderMap::new(), page.as_bytes(), &token_a, "\"t\"".into());
        assert_eq!(kept.parts.len(), 3);
        let body = |response: Response| {
            let etag = response.extensions().get::<Finished>().map(|f| f.0.clone());
            (response, etag)
        };
        let (for_a, etag_a) = body(kept.answer(&token_a));
        let (_, etag_b) = body(kept.answer(&token_b));
        assert_ne!(etag_a, etag_b);
        let bytes = futures_bytes(for_a);
        assert_eq!(bytes, page);
        let for_b = futures_bytes(kept.answer(&token_b));
        assert_eq!(for_b, page.replace(&token_a, &token_b));
    }

    fn futures_bytes(response: Response) -> String {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let bytes = runtime
            .block_on(to_bytes(response.into_body(), usize::MAX))
            .unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[test]
    fn forgetting_a_paste_forgets_its_pages_only() {
        let cache = PageCache::default();
        let key = |uri: &str| Key {
            uri: uri.into(),
            lang: Lang::En,
            knowledge: 0,
        };
        let page = || Arc::new(Page::new(HeaderMap::new(), b"x", "", "\"t\"".into()));
        // seen once: noted, not kept; seen twice: kept
        assert!(!cache.seen.seen_before(&key("/once")));
        assert!(cache.seen.seen_before(&key("/once")));
        for uri in ["/d/abc", "/d/abc?whatif=half", "/d/abcdef", "/kb"] {
            cache.kept.put(key(uri), page(), 1);
        }
        cache.forget_paste("abc");
        assert!(cache.kept.get(&key("/d/abc")).is_none());
        assert!(cache.kept.get(&key("/d/abc?whatif=half")).is_none());
        assert!(cache.kept.get(&key("/d/abcdef")).is_some());
        assert!(cache.kept.get(&key("/kb")).is_some());
    }
}
