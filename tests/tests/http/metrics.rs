//! `/metrics`: Prometheus text with requests by route and status, latencies, analysis and search
//! durations, pastes, knowledge-base pages and build info; only for `--metrics-from` peers.

use crate::support::{header, TestServer};

/// The value of the sample `line_start` (a metric with its labels), if the text has it.
fn sample(text: &str, line_start: &str) -> Option<f64> {
    text.lines()
        .find(|line| line.starts_with(line_start))
        .and_then(|line| line.rsplit(' ').next()?.parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_requests_by_route_and_say_what_the_server_holds() {
    let site = TestServer::start().await;
    let paste = site
        .paste("CUDA out of memory. Tried to allocate 2.00 GiB")
        .await;
    for _ in 0..3 {
        assert_eq!(site.get(&paste).await.status(), 200);
    }
    assert_eq!(site.get("/api/search?q=fragmentation").await.status(), 200);
    assert_eq!(site.get("/no/such/page").await.status(), 404);

    let answer = site.get("/metrics").await;
    assert_eq!(answer.status(), 200);
    assert!(header(&answer, "content-type").starts_with("text/plain; version=0.0.4"));
    let text = answer.text().await.expect("metrics");
    // the route's pattern, never the id; counts add up over the tests sharing this process
    let views = sample(
        &text,
        "oomlens_http_requests_total{route=\"/d/{id}\",method=\"GET\",status=\"200\"}",
    );
    assert!(views.is_some_and(|n| n >= 3.0), "{text}");
    assert!(
        !text.contains(paste.trim_start_matches("/d/")),
        "no paste id in a label"
    );
    assert!(sample(
        &text,
        "oomlens_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"}"
    )
    .is_some());
    assert!(sample(&text, "oomlens_http_request_duration_seconds_bucket{route=\"/d/{id}\",method=\"GET\",le=\"0.005\"}").is_some());
    assert!(sample(&text, "oomlens_analysis_duration_seconds_count").is_some_and(|n| n >= 1.0));
    assert!(sample(&text, "oomlens_search_duration_seconds_count").is_some_and(|n| n >= 1.0));
    assert_eq!(
        sample(&text, "oomlens_pastes "),
        Some(1.0),
        "this server's store"
    );
    assert_eq!(
        sample(&text, "oomlens_paste_bytes "),
        Some("CUDA out of memory. Tried to allocate 2.00 GiB".len() as f64)
    );
    let english = sample(&text, "oomlens_kb_pages{lang=\"en\",origin=\"built-in\"}");
    assert!(english.is_some_and(|n| n >= 20.0), "{text}");
    assert!(sample(&text, "oomlens_kb_pages{lang=\"zh\",origin=\"built-in\"}").is_some());
    assert!(sample(&text, "oomlens_kb_refreshes_total").is_some());
    assert_eq!(
        sample(
            &text,
            &format!(
                "oomlens_build_info{{version=\"{}\"}}",
                env!("CARGO_PKG_VERSION")
            )
        ),
        Some(1.0)
    );
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_not_found_for_other_addresses() {
    let site = TestServer::start_with(|config| {
        config.metrics_from = vec!["10.0.0.0/8".parse().expect("a network")];
    })
    .await;
    let answer = site.get("/metrics").await;
    assert_eq!(answer.status(), 404);
    let page = answer.text().await.expect("page");
    assert!(page.contains("<html") && !page.contains("oomlens_http_requests_total"));
    site.stop().await;
}
