//! Pastes over real HTTP: the form, permalinks, limits, unknown ids, and the JSON API's answers.

use crate::support::{header, TestServer};

const SEED_MESSAGE: &str = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 7.64 GiB of which 59.44 MiB is free. Including non-PyTorch memory, this process has 6.41 GiB memory in use. Of the allocated memory 6.12 GiB is allocated by PyTorch, and 120.15 MiB is reserved by PyTorch but unallocated. If reserved but unallocated memory is large try setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.";

async fn post_form(site: &TestServer, fields: &[(&str, &str)]) -> reqwest::Response {
    site.client
        .post(site.url("/diagnose"))
        .form(&site.csrf_fields(fields).await)
        .send()
        .await
        .expect("POST succeeds")
}

#[tokio::test]
async fn a_paste_redirects_to_its_permalink_and_the_page_shows_the_diagnosis() {
    let site = TestServer::start().await;
    let response = post_form(&site, &[("text", SEED_MESSAGE)]).await;
    assert_eq!(response.status().as_u16(), 303);
    let location = header(&response, "location");
    assert!(
        location.starts_with("/d/") && location.len() == 3 + 12,
        "{location}"
    );

    let page = site.get(&location).await;
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.expect("body");
    assert!(
        html.contains("Tried to allocate 20.00 MiB on GPU 0 (7.64 GiB) with 59.44 MiB free"),
        "headline"
    );
    assert!(html.contains("class=\"capacity-bar\""), "a capacity bar");
    assert!(html.contains("data-segment=\"allocated\""));
    assert!(html.contains("id=\"L1\""), "the paste with line anchors");
    assert!(html.contains("href=\"/kb/"), "guides are linked");

    // The same text gets the same id.
    let again = post_form(&site, &[("text", SEED_MESSAGE)]).await;
    assert_eq!(header(&again, "location"), location);
    site.stop().await;
}

#[tokio::test]
async fn example_buttons_post_their_example() {
    let site = TestServer::start().await;
    let response = post_form(&site, &[("text", ""), ("example", "tensorflow")]).await;
    assert_eq!(response.status().as_u16(), 303);
    let html = site
        .get(&header(&response, "location"))
        .await
        .text()
        .await
        .expect("body");
    assert!(html.contains("OOM when allocating tensor with shape[100,4096,32]"));

    let unknown = post_form(&site, &[("example", "nope")]).await;
    assert_eq!(unknown.status().as_u16(), 400);
    assert!(unknown
        .text()
        .await
        .expect("body")
        .contains("Unknown example"));
    site.stop().await;
}

#[tokio::test]
async fn empty_and_oversized_pastes_get_readable_error_pages() {
    let site = TestServer::start_with(|config| config.paste_limit = 1024).await;
    let empty = post_form(&site, &[("text", "   \n ")]).await;
    assert_eq!(empty.status().as_u16(), 422);
    assert!(empty
        .text()
        .await
        .expect("body")
        .contains("Nothing to diagnose"));

    let big = "x".repeat(1025);
    let too_large = post_form(&site, &[("text", big.as_str())]).await;
    assert_eq!(too_large.status().as_u16(), 413);
    assert!(header(&too_large, "content-type").starts_with("text/html"));
    let body = too_large.text().await.expect("body");
    assert!(
        body.contains("This paste is too large") && body.contains("1.0 KiB"),
        "{body}"
    );

    // A body far over the limit is refused before it is read. The server answers 413 at once; it may
    // close the connection before the client has sent (and so read) everything, so only the status is
    // certain to arrive.
    let huge = "y".repeat(10 * 1024 * 1024);
    let refused = post_form(&site, &[("text", huge.as_str())]).await;
    assert_eq!(refused.status().as_u16(), 413);
    assert!(header(&refused, "content-type").starts_with("text/html"));
    site.stop().await;
}

#[tokio::test]
async fn unknown_ids_are_404_pages() {
    let site = TestServer::start().await;
    for path in ["/d/000000000000", "/d/not-an-id", "/d/%27%3B--"] {
        let response = site.get(path).await;
        assert_eq!(response.status().as_u16(), 404, "{path}");
        assert!(response
            .text()
            .await
            .expect("body")
            .contains("This diagnosis does not exist"));
    }
    site.stop().await;
}

#[tokio::test]
async fn text_without_memory_errors_says_so() {
    let site = TestServer::start().await;
    let response = post_form(
        &site,
        &[(
            "text",
            "step 100 finished\nPYTORCH_CUDA_ALLOC_CONF=expandable_segments:True",
        )],
    )
    .await;
    let html = site
        .get(&header(&response, "location"))
        .await
        .text()
        .await
        .expect("body");
    assert!(html.contains("No memory errors found in this paste"));
    assert!(html.contains("What oomlens recognizes"));
    assert!(
        html.contains("/kb/fragmentation"),
        "knowledge-base results for the text"
    );
    site.stop().await;
}

#[tokio::test]
async fn the_api_diagnoses_text_and_json() {
    let site = TestServer::start().await;
    let plain = site
        .client
        .post(site.url("/api/diagnose"))
        .header("content-type", "text/plain; charset=utf-8")
        .body(SEED_MESSAGE)
        .send()
        .await
        .expect("POST");
    assert_eq!(plain.status().as_u16(), 200);
    let report: serde_json::Value = plain.json().await.expect("json");
    let event = &report["events"][0];
    assert_eq!(event["kind"], "pytorch-oom");
    assert_eq!(event["requested"], 20971520);
    assert_eq!(event["device"]["backend"], "cuda");
    assert_eq!(event["device"]["index"], 0);
    let finding = &report["findings"][0];
    let slug = finding["pages"][0].as_str().expect("a page slug");
    assert_eq!(finding["guides"][0]["url"], format!("/kb/{slug}"));

    let json = site
        .client
        .post(site.url("/api/diagnose"))
        .json(&serde_json::json!({ "text": SEED_MESSAGE }))
        .send()
        .await
        .expect("POST");
    assert_eq!(json.status().as_u16(), 200);
    let same: serde_json::Value = json.json().await.expect("json");
    assert_eq!(same["events"], report["events"]);
    site.stop().await;
}

#[tokio::test]
async fn the_api_refuses_bad_requests_in_json() {
    let site = TestServer::start_with(|config| config.paste_limit = 1024).await;
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "application/json",
            b"{\"text\": 12}".to_vec(),
            400,
            "invalid JSON",
        ),
        (
            "application/json",
            b"not json".to_vec(),
            400,
            "invalid JSON",
        ),
        ("application/xml", b"<text/>".to_vec(), 415, "text/plain"),
        ("", b"hello".to_vec(), 415, "no content type"),
        ("text/plain", vec![b'a'; 2048], 413, "limit of 1024 bytes"),
        (
            "application/json",
            format!("{{\"text\": \"{}\"}}", "a".repeat(1500)).into_bytes(),
            413,
            "limit",
        ),
    ];
    for (content_type, body, status, needle) in cases {
        let mut request = site.client.post(site.url("/api/diagnose")).body(body);
        if !content_type.is_empty() {
            request = request.header("content-type", content_type);
        }
        let response = request.send().await.expect("POST");
        assert_eq!(response.status().as_u16(), status, "{content_type}");
        assert!(header(&response, "content-type").starts_with("application/json"));
        let error: serde_json::Value = response.json().await.expect("json error");
        assert!(
            error["error"].as_str().expect("message").contains(needle),
            "{error}"
        );
    }
    site.stop().await;
}
