//! Static assets embedded in the binary: the stylesheet, a few lines of optional JavaScript, the icon.
//!
//! Each asset URL carries a hash of its content, so browsers may cache it for a year and still see a
//! new version after an upgrade.

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
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

    /// The URL pages link to.
    pub fn href(&self) -> String {
        format!("/assets/{}?v={}", self.name, self.hash)
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

/// `GET /assets/{name}`.
pub async fn serve(Path(name): Path<String>) -> Response {
    match get(&name) {
        Some(asset) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(asset.content_type),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(CACHE_FOREVER),
                ),
            ],
            asset.body.clone(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

/// `GET /favicon.ico`: browsers ask for it whatever the page says; answer with the SVG icon.
pub async fn favicon() -> Response {
    serve(Path("favicon.svg".to_string())).await
}
