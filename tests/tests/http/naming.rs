//! The result page names the failed allocation when the log shows what it was: the seed-004
//! situation (nanoGPT, batch 64, block 1024, bf16 logits of 6.14 GiB) in both languages, and the
//! report's `tensor` field in the API.

use crate::support::TestServer;

const LOG: &str = include_str!("../../fixtures/naming/nanogpt-estimate-loss.log");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_logits_are_named_with_their_shape_and_arithmetic() {
    let site = TestServer::start().await;
    let location = site.paste(LOG).await;
    let html = site.get(&location).await.text().await.expect("page");
    assert!(html.contains("What it was allocating"), "the box");
    assert!(html.contains("<strong>The logits</strong>"));
    assert!(
        html.contains("batch 64 × sequence 1,024 × vocabulary 50,304 × 2 bytes = 6.14 GiB"),
        "the arithmetic: {}",
        html.find("tensor-note")
            .map(|at| &html[at..(at + 700).min(html.len())])
            .unwrap_or("")
    );
    assert!(html.contains("<code>lm_head</code> on line 16"));
    assert!(html.contains("batch_size = 64 on line 2"));
    // what would fit: a quarter of the batch first, each what-if a link that redraws the bar
    assert!(html.contains(
        "The first change that makes this request fit the memory that was free: batch 16 with 4 gradient-accumulation steps (the same effective batch): 1.54 GiB."
    ));
    assert!(html.contains("?whatif=batch-quarter#whatif"));
    assert!(
        !html.contains("id=\"bar-whatif\""),
        "no redrawn bar until one is chosen"
    );
    let chosen = site
        .get(&format!("{location}?whatif=batch-quarter"))
        .await
        .text()
        .await
        .expect("page");
    assert!(
        chosen.contains("id=\"bar-whatif-title\""),
        "the bar drawn again"
    );
    assert!(chosen.contains("The same device with batch 16"));
    let chinese = site
        .get_with(&location, &[("accept-language", "zh-CN")])
        .await
        .text()
        .await
        .expect("page");
    assert!(chinese.contains("这次申请的是什么"));
    assert!(
        chinese.contains("batch 64 × 序列长度 1,024 × 词表 50,304 × 每个元素 2 字节 = 6.14 GiB")
    );

    let api: serde_json::Value = site
        .client
        .post(site.url("/api/diagnose"))
        .header("content-type", "text/plain")
        .body(LOG)
        .send()
        .await
        .expect("POST")
        .json()
        .await
        .expect("json");
    let tensor = &api["events"][0]["tensor"];
    assert_eq!(tensor["name"], "logits");
    assert_eq!(tensor["bytes"], 64u64 * 1024 * 50_304 * 2);
    assert_eq!(tensor["dims"][2]["value"], 50_304);
    assert_eq!(tensor["dims"][2]["line"], serde_json::Value::Null);
    site.stop().await;
}
