//! What a probe of the running server found (issue 15, "Found"), each as a test: security
//! headers on every answer, error answers in their route's format (405, 414, 431, a malformed
//! path), a stalled body timed out as such, the data folder's path kept off the home page, and
//! paste ids that another installation cannot reproduce.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{header, TestServer};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_carries_the_security_headers_and_pages_are_private() {
    let site = TestServer::start().await;
    let posted = site
        .client
        .post(site.url("/diagnose"))
        .form(&site.csrf_fields(&[("text", "CUDA out of memory")]).await)
        .send()
        .await
        .expect("POST");
    let paste = header(&posted, "location");
    for path in [
        "/",
        paste.as_str(),
        "/api/search?q=oom",
        "/kb",
        "/nope",
        "/estimate?batch=x",
    ] {
        let answer = site.get(path).await;
        assert_eq!(header(&answer, "content-security-policy"), CSP, "{path}");
        assert_eq!(header(&answer, "x-frame-options"), "DENY", "{path}");
        assert_eq!(
            header(&answer, "x-content-type-options"),
            "nosniff",
            "{path}"
        );
        assert_eq!(header(&answer, "referrer-policy"), "same-origin", "{path}");
        assert_eq!(
            header(&answer, "cross-origin-opener-policy"),
            "same-origin",
            "{path}"
        );
        assert!(
            header(&answer, "permissions-policy").contains("camera=()"),
            "{path}"
        );
        assert_eq!(
            header(&answer, "cache-control"),
            "private, no-cache",
            "{path}"
        );
    }
    let asset = site.get("/assets/paste.js").await;
    assert_eq!(
        header(&asset, "cache-control"),
        "public, no-cache",
        "the unhashed name"
    );
    // and no page has an inline script or style for the policy to break
    for path in ["/", paste.as_str(), "/kb", "/estimate?model=gpt2&gpu=T4"] {
        let html = site.get(path).await.text().await.expect("page");
        assert!(
            !html.contains("<script>")
                && !html.contains("<script nonce")
                && !html.contains("<style")
                && !html.contains(" style=\""),
            "{path}"
        );
    }
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_no_handler_wrote_answer_in_the_routes_format() {
    let site = TestServer::start().await;
    let send =
        |method: reqwest::Method, path: &str| site.client.request(method, site.url(path)).send();
    // 405: a page route answers the site's error page, an API route JSON
    let page = send(reqwest::Method::DELETE, "/kb").await.expect("DELETE");
    assert_eq!(page.status(), 405);
    assert!(header(&page, "content-type").starts_with("text/html"));
    assert!(header(&page, "allow").contains("GET"));
    assert!(page
        .text()
        .await
        .expect("page")
        .contains("This address does not answer DELETE requests."));
    let api = send(reqwest::Method::PUT, "/api/search")
        .await
        .expect("PUT");
    assert_eq!(api.status(), 405);
    let body: serde_json::Value = api.json().await.expect("JSON");
    assert_eq!(body["code"], "method-not-allowed");
    // a path that is not UTF-8: the site's page, not axum's plain text
    let malformed = site.get("/d/%FF").await;
    assert_eq!(malformed.status(), 400);
    assert!(header(&malformed, "content-type").starts_with("text/html"));
    // 414 and 431 with bodies
    let long = site.get(&format!("/search?q={}", "a".repeat(9000))).await;
    assert_eq!(long.status(), 414);
    assert!(long
        .text()
        .await
        .expect("page")
        .contains("This address is too long"));
    let big = site
        .client
        .get(site.url("/api/search?q=x"))
        .header("x-big", "b".repeat(40_000))
        .send()
        .await
        .expect("GET");
    assert_eq!(big.status(), 431);
    let body: serde_json::Value = big.json().await.expect("JSON");
    assert_eq!(body["code"], "headers-too-large");
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_stops_arriving_is_timed_out_as_such() {
    let site = TestServer::start_with(|config| config.body_timeout = 1).await;
    let addr = site.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    // promises 100 bytes, sends 10, then waits
    stream
        .write_all(b"POST /api/diagnose HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n0123456789")
        .await
        .expect("write");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    assert!(
        read.is_ok(),
        "the server answers and closes instead of holding the connection"
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"body-timeout\""), "{answer}");
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_keeps_the_data_folder_to_itself_and_ids_are_this_installations() {
    let first = TestServer::start().await;
    let second = TestServer::start().await;
    let home = first.get("/").await.text().await.expect("page");
    let folder = first.data_dir().display().to_string();
    assert!(
        !home.contains(&folder),
        "the data folder's path is not on the page"
    );
    let (a, b) = (paste_id(&first).await, paste_id(&second).await);
    assert_eq!(
        paste_id(&first).await,
        a,
        "the same text keeps its link here"
    );
    assert_ne!(a, b, "another installation gives the same text another id");
    // sha256("CUDA out of memory"), first 12 hex digits: what anyone could compute before
    assert_ne!(a, "/d/84d2b69995cc");
    first.stop().await;
    second.stop().await;
}

async fn paste_id(site: &TestServer) -> String {
    let fields = site.csrf_fields(&[("text", "CUDA out of memory")]).await;
    let posted = site
        .client
        .post(site.url("/diagnose"))
        .form(&fields)
        .send()
        .await
        .expect("POST");
    header(&posted, "location")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_revalidated_unchanged_answers_304_without_its_body() {
    let site = TestServer::start().await;
    let first = site.get("/kb").await;
    let etag = header(&first, "etag");
    assert!(etag.starts_with('"') && etag.len() == 26, "{etag}");
    let again = site.get_with("/kb", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), 304);
    assert!(again.text().await.expect("body").is_empty());
    let other = site.get_with("/kb", &[("if-none-match", "\"0000\"")]).await;
    assert_eq!(other.status(), 200);
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_compressed_with_brotli_or_gzip_as_the_client_asks() {
    let site = TestServer::start().await;
    // reqwest here has no decoders: the raw answer shows the encoding
    let raw = reqwest::Client::builder().build().expect("client");
    for (asked, got) in [
        ("br", "br"),
        ("gzip", "gzip"),
        ("br;q=0.5, gzip;q=1.0", "gzip"),
    ] {
        let answer = raw
            .get(site.url("/kb"))
            .header("accept-encoding", asked)
            .send()
            .await
            .expect("GET");
        assert_eq!(header(&answer, "content-encoding"), got, "{asked}");
    }
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_is_200_only_while_the_database_takes_writes() {
    let site = TestServer::start().await;
    let healthy = site.get("/healthz").await;
    assert_eq!(healthy.status(), 200);
    assert_eq!(healthy.text().await.expect("body"), "ok");
    // another process holds the database's write lock
    let locker = rusqlite::Connection::open(site.data_dir().join("oomlens.sqlite3")).expect("open");
    locker.execute_batch("BEGIN IMMEDIATE;").expect("lock");
    let sick = site.get("/healthz").await;
    assert_eq!(sick.status(), 503);
    let body: serde_json::Value = sick.json().await.expect("JSON");
    assert_eq!(body["status"], "unavailable");
    assert!(
        body["problems"][0]
            .as_str()
            .is_some_and(|p| p.starts_with("database: ")),
        "{body}"
    );
    locker.execute_batch("ROLLBACK;").expect("unlock");
    assert_eq!(site.get("/healthz").await.status(), 200);
    site.stop().await;
}

/// A request that holds its slot: a POST whose body arrives a byte at a time.
async fn trickle(addr: &str, every: Duration) -> tokio::task::JoinHandle<String> {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"POST /api/diagnose HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 40\r\n\r\n")
        .await
        .expect("write");
    tokio::spawn(async move {
        for _ in 0..40 {
            if stream.write_all(b"x").await.is_err() {
                break;
            }
            tokio::time::sleep(every).await;
        }
        let mut answer = Vec::new();
        let _ =
            tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
        String::from_utf8_lossy(&answer).into_owned()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_past_the_limit_are_shed_with_503_and_retry_after() {
    let site = TestServer::start_with(|config| config.max_requests = 1).await;
    let addr = site.base.trim_start_matches("http://").to_string();
    let held = trickle(&addr, Duration::from_millis(100)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let shed = site.get("/kb").await;
    assert_eq!(shed.status(), 503);
    assert_eq!(header(&shed, "retry-after"), "1");
    assert!(shed
        .text()
        .await
        .expect("page")
        .contains("The server is busy"));
    let _ = held.await;
    assert_eq!(
        site.get("/kb").await.status(),
        200,
        "served again once the slot is free"
    );
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_past_its_time_limit_is_answered_503() {
    let site = TestServer::start_with(|config| config.request_timeout = 1).await;
    let addr = site.base.trim_start_matches("http://").to_string();
    // never pauses long enough for the body timeout, takes 4 s in all
    let answer = trickle(&addr, Duration::from_millis(100))
        .await
        .await
        .expect("task");
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("\"code\":\"timeout\""), "{answer}");
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_sending_its_headers_slowly_is_disconnected() {
    let site = TestServer::start_with(|config| config.header_timeout = 1).await;
    let mut slow = tokio::net::TcpStream::connect(site.server.addr())
        .await
        .expect("connect");
    // headers begun and never finished (slowloris)
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n")
        .await
        .expect("write");
    let started = std::time::Instant::now();
    let mut buffer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(6), slow.read_to_end(&mut buffer)).await;
    assert!(read.is_ok(), "the connection was still open after 6 s");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(4),
        "closed after {waited:?}"
    );
    // a client that sends its headers at once is served as always
    assert_eq!(site.get("/healthz").await.status(), 200);
    site.stop().await;
}

/// Text the reader typed reaches `<title>` escaped: a query that closes the element does not add
/// markup to the head (leptos_meta writes a title's text as it is; `PageTitle` escapes it).
#[tokio::test]
async fn a_query_in_the_title_cannot_close_it() {
    let site = TestServer::start().await;
    let response = site
        .get("/search?q=%3C%2Ftitle%3E%3Cmeta%20http-equiv%3D%22refresh%22%20content%3D%220%3Burl%3D%2Frecent%22%3E")
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("body");
    assert!(
        html.contains(r#"<title>&lt;/title&gt;&lt;meta http-equiv="refresh" content="0;url=/recent"&gt; — search · oomlens</title>"#),
        "{html}"
    );
    assert!(!html.contains("<meta http-equiv"));
    site.stop().await;
}
