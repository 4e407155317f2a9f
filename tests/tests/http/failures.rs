//! When the server itself fails: the paste database breaking under a running server gives the
//! site's error page, status 500, saying what failed and nothing of why; a stop lets a request
//! already in flight finish.

use std::time::Duration;

use crate::support::TestServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const MESSAGE: &str = "RuntimeError: CUDA error: out of memory";

/// Breaks the running server's paste database from outside, as a bad disk or a careless
/// operator would: the table is gone, the file is still a database.
fn drop_pastes_table(site: &TestServer) {
    let path = site.data_dir().join(server::store::DATABASE_FILE);
    let connection =
        rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    connection
        .execute_batch("DROP TABLE pastes;")
        .unwrap_or_else(|e| panic!("drop: {e}"));
}

#[tokio::test]
async fn a_broken_database_gives_an_error_page_that_does_not_leak() {
    let site = TestServer::start().await;
    let location = site.paste(MESSAGE).await;
    drop_pastes_table(&site);

    let save = site
        .client
        .post(site.url("/diagnose"))
        .form(
            &site
                .csrf_fields(&[("text", "torch.OutOfMemoryError: CUDA out of memory.")])
                .await,
        )
        .send()
        .await
        .expect("POST succeeds");
    assert_eq!(save.status(), 500);
    assert!(crate::support::header(&save, "content-type").starts_with("text/html"));
    let page = save.text().await.unwrap_or_default();
    assert!(page.contains("Something went wrong on our side"), "{page}");
    assert!(page.contains("The paste could not be saved."), "{page}");
    assert!(
        !page.contains("no such table"),
        "the cause stays in the log"
    );
    assert!(
        page.contains("<form"),
        "the page keeps the site's layout: {page}"
    );

    let read = site.get(&location).await;
    assert_eq!(read.status(), 500);
    let page = read.text().await.unwrap_or_default();
    assert!(page.contains("The paste could not be read."), "{page}");
    assert!(!page.contains("no such table"));

    // The API does not touch the database and keeps answering.
    let api = site
        .client
        .post(site.url("/api/diagnose"))
        .header("content-type", "text/plain")
        .body(MESSAGE)
        .send()
        .await
        .expect("POST succeeds");
    assert_eq!(api.status(), 200);
    site.stop().await;
}

#[tokio::test]
async fn a_stop_lets_the_request_in_flight_finish() {
    let site = TestServer::start().await;
    let addr = site.server.addr();
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connects");
    let body = MESSAGE.as_bytes();
    let head = format!(
        "POST /api/diagnose HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("head sent");
    stream.write_all(&body[..10]).await.expect("half sent");
    // The request is being read when the stop comes.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let stopping = tokio::spawn(site.server.stop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!stopping.is_finished(), "the stop waits for the request");
    stream.write_all(&body[10..]).await.expect("rest sent");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .await
        .expect("response read");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"kind\":\"cuda-error\""), "{response}");
    let stopped = tokio::time::timeout(Duration::from_secs(10), stopping)
        .await
        .expect("the stop finishes once the request is answered");
    stopped
        .expect("the stop task")
        .expect("the server stops cleanly");
}

#[tokio::test]
async fn an_unreadable_query_string_is_a_json_400() {
    let site = TestServer::start().await;
    let response = site.get("/api/search?q=a&q=b").await;
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    assert_eq!(body["status"], 400);
    let error = body["error"].as_str().unwrap_or_default();
    assert!(
        error.starts_with("the query string could not be read: ")
            && error.contains("duplicate field `q`"),
        "{error}"
    );
    site.stop().await;
}
