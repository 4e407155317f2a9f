//! Every route of the site over real HTTP: status, content type and a piece of the content.

use crate::support::{header, TestServer};

#[tokio::test]
async fn every_page_answers_with_its_content() {
    let site = TestServer::start().await;

    let cases: &[(&str, u16, &str, &[&str])] = &[
        (
            "/",
            200,
            "text/html",
            &[
                "What filled the GPU?",
                "<textarea",
                "name=\"text\"",
                "action=\"/diagnose\"",
            ],
        ),
        (
            "/search",
            200,
            "text/html",
            &["Search the knowledge base", "name=\"q\""],
        ),
        (
            "/search?q=expandable_segments",
            200,
            "text/html",
            &["/kb/fragmentation\"", "<mark>"],
        ),
        (
            "/search?q=%E6%A2%AF%E5%BA%A6%E7%B4%AF%E7%A7%AF",
            200,
            "text/html",
            &["/kb/gradient-accumulation-zh\""],
        ),
        (
            "/kb",
            200,
            "text/html",
            &["Knowledge base", "/kb/fragmentation\""],
        ),
        (
            "/kb?lang=zh",
            200,
            "text/html",
            // the Chinese guides, listed in the interface's language (English here)
            &["Knowledge base", "/kb/fragmentation-zh\"", "显存碎片"],
        ),
        (
            "/kb/fragmentation",
            200,
            "text/html",
            &[
                "expandable_segments",
                "/kb/fragmentation-zh\"",
                "On this page",
            ],
        ),
        (
            "/kb/fragmentation-zh",
            200,
            "text/html",
            &["On this page", "/kb/fragmentation\"", "Read in English"],
        ),
        ("/healthz", 200, "text/plain", &["ok"]),
    ];
    for (path, status, content_type, needles) in cases {
        let response = site.get(path).await;
        assert_eq!(response.status().as_u16(), *status, "status of {path}");
        assert!(
            header(&response, "content-type").starts_with(content_type),
            "content type of {path}"
        );
        let body = response.text().await.expect("body");
        for needle in *needles {
            assert!(body.contains(needle), "{path} should contain {needle:?}");
        }
    }
    site.stop().await;
}

#[tokio::test]
async fn pages_have_titles_and_descriptions() {
    let site = TestServer::start().await;
    let home = site.get("/").await.text().await.expect("body");
    assert!(
        home.contains("<title>Diagnose a GPU out-of-memory error · oomlens</title>"),
        "{home}"
    );
    assert!(home.contains("<meta name=\"description\""));
    let page = site
        .get("/kb/fragmentation")
        .await
        .text()
        .await
        .expect("body");
    assert!(page.contains(" · oomlens</title>"));
    site.stop().await;
}

#[tokio::test]
async fn unknown_paths_get_the_404_page() {
    let site = TestServer::start().await;
    for path in ["/no/such/page", "/kb/no-such-guide", "/kb/%3Cscript%3E"] {
        let response = site.get(path).await;
        assert_eq!(response.status().as_u16(), 404, "status of {path}");
        assert!(header(&response, "content-type").starts_with("text/html"));
        let body = response.text().await.expect("body");
        assert!(body.contains("does not exist"), "{path}: {body}");
        assert!(body.contains("href=\"/kb\""), "the 404 page links back");
        assert!(
            !body.contains("<script>"),
            "nothing from the path is echoed as markup"
        );
    }
    site.stop().await;
}

#[tokio::test]
async fn the_stylesheet_is_served_with_a_long_cache_header() {
    let site = TestServer::start().await;
    let home = site.get("/").await.text().await.expect("body");
    let start = home
        .find("/assets/style.")
        .expect("the page links the stylesheet");
    let href: String = home[start..].chars().take_while(|c| *c != '"').collect();
    let css = site.get(&href).await;
    assert_eq!(css.status().as_u16(), 200);
    assert_eq!(header(&css, "content-type"), "text/css; charset=utf-8");
    assert_eq!(
        header(&css, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    let body = css.text().await.expect("css");
    assert!(body.contains("--seg-allocated"), "the site stylesheet");
    assert!(body.contains("prefers-color-scheme: dark"), "dark theme");

    let missing = site.get("/assets/nope.css").await;
    assert_eq!(missing.status().as_u16(), 404);
    site.stop().await;
}

#[tokio::test]
async fn assets_are_named_by_their_content_and_older_names_are_revalidated() {
    let site = TestServer::start().await;
    let home = site.get("/").await.text().await.expect("body");
    let hashed = regex::Regex::new(r#"src="(/assets/paste\.([0-9a-f]{10})\.js)""#).expect("regex");
    let caps = hashed
        .captures(&home)
        .expect("the page links the script by its hashed name");
    let (href, hash) = (caps[1].to_string(), caps[2].to_string());
    let current = site.get(&href).await;
    assert_eq!(
        header(&current, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&current, "etag"), format!("\"{hash}\""));
    // the plain name and another version's name: the same script, checked again on each use
    for path in [
        "/assets/paste.js",
        "/assets/paste.0123456789.js",
        "/favicon.ico",
    ] {
        let answer = site.get(path).await;
        assert_eq!(answer.status().as_u16(), 200, "{path}");
        assert_eq!(
            header(&answer, "cache-control"),
            "public, no-cache",
            "{path}"
        );
    }
    let revalidated = site
        .client
        .get(site.url("/assets/paste.js"))
        .header("if-none-match", format!("\"{hash}\""))
        .send()
        .await
        .expect("GET");
    assert_eq!(revalidated.status().as_u16(), 304);
    site.stop().await;
}

#[tokio::test]
async fn the_data_folder_is_created_on_start() {
    let site = TestServer::start().await;
    assert!(site.data_dir().is_dir());
    site.stop().await;
}

#[tokio::test]
async fn the_search_api_answers_json() {
    let site = TestServer::start().await;
    let response = site
        .get("/api/search?q=fragmentation&lang=en&limit=3")
        .await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(header(&response, "content-type").starts_with("application/json"));
    let json: serde_json::Value = response.json().await.expect("json");
    assert_eq!(json["query"], "fragmentation");
    let hits = json["hits"].as_array().expect("hits");
    assert!(!hits.is_empty() && hits.len() <= 3);
    assert_eq!(hits[0]["lang"], "en");
    assert!(hits[0]["url"].as_str().expect("url").starts_with("/kb/"));
    site.stop().await;
}
