//! Static assets embedded in the binary: the stylesheet, a few lines of optional JavaScript, the icon.
//!
//! Each asset's URL names a hash of its content (`/assets/style.3f2a9c01de.css`), so browsers may
//! cache it for a year and still fetch a new version after an upgrade. The plain name
//! (`/assets/style.css`) and another version's name (a page cached from before an upgrade) still
//! answer, with the current content, revalidated on each use.

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Stylesheets, concatenated in this order: the site, then code highlighting from the kb crate.
const SITE_CSS: &str = include_str!("../../style/main.css");
const PRINT_CSS: &str = include_str!("../../style/print.css");
const PASTE_JS: &str = include_str!("../../style/paste.js");
const FAVICON_SVG: &str = include_str!("../../style/favicon.svg");

/// Long-lived caching for hashed URLs; `immutable` spares revalidation on reload.
const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";

/// One embedded file.
pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub body: String,
    pub hash: String,
}

impl Asset {
    fn new(name: &'static str, content_type: &'static str, body: String) -> Self {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        body.hash(&mut hasher);
        let hash = format!("{:016x}", hasher.finish())[..10].to_string();
        Self {
            name,
            content_type,
            body,
            hash,
        }
    }

    /// The file name with the hash before the extension: `style.3f2a9c01de.css`.
    pub fn hashed_name(&self) -> String {
        match self.name.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}.{}.{ext}", self.hash),
            None => format!("{}.{}", self.name, self.hash),
        }
    }

    /// The URL pages link to.
    pub fn href(&self) -> String {
        format!("/assets/{}", self.hashed_name())
    }
}

/// All assets, built once.
pub fn all() -> &'static [Asset] {
    static ASSETS: OnceLock<Vec<Asset>> = OnceLock::new();
    ASSETS.get_or_init(|| {
        let css = format!("{SITE_CSS}\n{}\n{PRINT_CSS}", kb::highlight_css());
        vec![
            Asset::new("style.css", "text/css; charset=utf-8", css),
            Asset::new(
                "paste.js",
                "text/javascript; charset=utf-8",
                PASTE_JS.to_string(),
            ),
            Asset::new("favicon.svg", "image/svg+xml", FAVICON_SVG.to_string()),
        ]
    })
}

/// The asset with this file name.
pub fn get(name: &str) -> Option<&'static Asset> {
    all().iter().find(|asset| asset.name == name)
}

/// The asset a requested file name stands for, and whether it is the current version's hashed
/// name: `style.<hash>.css` (any ten hex digits: an older version's too) or `style.css`.
fn lookup(requested: &str) -> Option<(&'static Asset, bool)> {
    if let Some(asset) = get(requested) {
        return Some((asset, false));
    }
    let (rest, ext) = requested.rsplit_once('.')?;
    let (stem, hash) = rest.rsplit_once('.')?;
    if hash.len() != 10 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let asset = get(&format!("{stem}.{ext}"))?;
    Some((asset, asset.hash == hash))
}

/// Revalidated on each use: the plain name and other versions' names.
const CACHE_REVALIDATE: &str = "public, no-cache";

/// `GET /assets/{name}`: a year's caching for the current hashed name, revalidation (with an
/// ETag) for the others.
pub async fn serve(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let Some((asset, current)) = lookup(&name) else {
        return (StatusCode::NOT_FOUND, "no such asset").into_response();
    };
    let etag = format!("\"{}\"", asset.hash);
    let cache = if current {
        CACHE_FOREVER
    } else {
        CACHE_REVALIDATE
    };
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let etag = HeaderValue::from_str(&etag).unwrap_or_else(|_| HeaderValue::from_static("\"\""));
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        (header::ETAG, etag),
    ];
    if unchanged {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    (headers, asset.body.clone()).into_response()
}

/// `GET /favicon.ico`: browsers ask for it whatever the page says; answer with the SVG icon.
pub async fn favicon(headers: HeaderMap) -> Response {
    serve(Path("favicon.svg".to_string()), headers).await
}
