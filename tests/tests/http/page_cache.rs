//! Pages kept for anonymous readers: each reader's forms carry their own token, revalidation still
//! answers 304, and a change (a wiki save, a deleted paste) shows at the next view.

use crate::support::browser::{add_user, Browser};
use crate::support::{csrf_in, header, TestServer};

/// The value of the `oomlens_csrf` cookie a response set.
fn csrf_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("oomlens_csrf="))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kept_pages_carry_each_readers_token_and_follow_changes() {
    let site = TestServer::start().await;
    // two readers, each with the token of their own cookie, from the same kept page
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let reader = Browser::new(&site);
        let first = reader.get("/").await;
        let cookie = csrf_cookie(&first).unwrap_or_else(|| panic!("a csrf cookie"));
        let html = first.text().await.expect("page");
        let again = reader.get("/").await;
        let etag = header(&again, "etag");
        let html_again = again.text().await.expect("page");
        assert_eq!(csrf_in(&html), Some(cookie.clone()));
        assert_eq!(html_again, html, "the same reader, the same page");
        let revalidated = reader
            .client
            .get(reader.url("/"))
            .header("if-none-match", &etag)
            .send()
            .await
            .expect("GET");
        assert_eq!(revalidated.status(), 304);
        tokens.push(cookie);
    }
    assert_ne!(tokens[0], tokens[1]);

    // an editor's save shows to an anonymous reader who had the old page
    add_user(&site, "ana", wiki::Role::Editor);
    let ana = Browser::new(&site);
    ana.sign_in("ana", "correct horse battery").await;
    let reader = Browser::new(&site);
    let (status, before) = reader.text("/recent").await;
    assert_eq!(status, 200);
    assert!(!before.contains("Kept page test"));
    let created = ana
        .post(
            "/new",
            &[
                ("slug", "kept-page-test"),
                ("title", "Kept page test"),
                ("lang", "en"),
                ("body", "# Kept page test\n\nA line.\n"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let (_, after) = reader.text("/recent").await;
    assert!(after.contains("Kept page test"), "the new page is listed");
    let (status, page) = reader.text("/kb/kept-page-test").await;
    assert_eq!(status, 200);
    assert!(page.contains("A line."));
    site.stop().await;
}
