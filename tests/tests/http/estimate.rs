//! The estimator over HTTP: `/api/estimate` (GET and POST give one object, with exact amounts),
//! bad inputs answered 400 with each field named, the page with and without an answer in both
//! languages, and the diagnosis page's "Estimate this run" link.

use serde_json::{json, Value};

use crate::support::TestServer;

/// LitGPT's QLoRA run of Llama 2 7B (resource-tables.md) on a 24 GiB card.
const QLORA: &str =
    "model=llama-2-7b&weights=nf4&lora_rank=8&sequence=1304&gpu=RTX+4090&effective_batch=64";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_and_post_answer_the_same_object_with_exact_amounts() {
    let site = TestServer::start().await;
    let got = site.get(&format!("/api/estimate?{QLORA}")).await;
    assert_eq!(got.status(), 200);
    let got: Value = got.json().await.expect("JSON");
    let posted: Value = site
        .client
        .post(site.url("/api/estimate"))
        .json(
            &json!({"model": "llama-2-7b", "weights": "nf4", "lora_rank": 8, "sequence": 1304,
            "gpu": "RTX 4090", "effective_batch": 64}),
        )
        .send()
        .await
        .expect("POST")
        .json()
        .await
        .expect("JSON");
    assert_eq!(got, posted);
    let part = |name: &str| {
        got["parts"]
            .as_array()
            .and_then(|parts| parts.iter().find(|p| p["part"] == name))
            .map(|p| p["bytes"].clone())
    };
    // nf4 layer matrices (6,476,005,376 × 36/64) + 16-bit embeddings, head and norms
    assert_eq!(part("weights"), Some(json!(4_167_573_504u64)));
    // adapters on q and v, rank 8: 32 layers × 2 × 8 × (4,096 + 4,096) = 4,194,304, fp32 grads
    assert_eq!(got["model"]["trainable"], 4_194_304);
    assert_eq!(part("gradients"), Some(json!(16_777_216)));
    assert_eq!(part("optimizer"), Some(json!(33_554_432)));
    // 32 × 1,304 × (17 × 4,096 + 8 × 11,008) × 2 bytes... Korthikanti with a gated MLP
    assert_eq!(part("activations"), Some(json!(6_580_338_688u64)));
    assert_eq!(part("cuda_context"), Some(json!(536_870_912)));
    assert_eq!(
        got["gpu"],
        json!({"name": "RTX 4090", "memory": 25_757_220_864u64})
    );
    assert_eq!(got["fits"], true);
    assert_eq!(got["largest_batch"], 3);
    assert_eq!(got["accumulation_steps"], 64);
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_inputs_answer_400_naming_each_field() {
    let site = TestServer::start().await;
    let refused = site
        .client
        .post(site.url("/api/estimate"))
        .json(&json!({"config": "{\"model_type\": \"gpt2\",", "batch": -4,
            "sequence": 1_000_000_000_000u64, "gpu": "RTX 9999"}))
        .send()
        .await
        .expect("POST");
    assert_eq!(refused.status(), 400);
    let body: Value = refused.json().await.expect("JSON");
    let fields: Vec<(String, String)> = body["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .map(|f| {
                    (
                        f["field"].as_str().unwrap_or("").to_string(),
                        f["code"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let expected = [
        ("config", "config-not-json"),
        ("batch", "out-of-range"),
        ("sequence", "out-of-range"),
        ("gpu", "unknown-gpu"),
    ];
    assert_eq!(
        fields,
        expected.map(|(f, c)| (f.to_string(), c.to_string()))
    );
    assert_eq!(body["code"], "invalid-estimate");
    // a typo'd key is named, not ignored; a body that is not JSON is the API's usual 400
    let typo = site
        .client
        .post(site.url("/api/estimate"))
        .json(&json!({"model": "gpt2", "batch_size": 8}))
        .send()
        .await
        .expect("POST");
    assert_eq!(typo.status(), 400);
    let typo: Value = typo.json().await.expect("JSON");
    assert_eq!(typo["fields"][0]["code"], "unknown-field");
    let text = site
        .client
        .post(site.url("/api/estimate"))
        .header("content-type", "text/plain")
        .body("gpt2")
        .send()
        .await
        .expect("POST");
    assert_eq!(text.status(), 415);
    // the message in the client's language
    let zh: Value = site
        .client
        .get(site.url("/api/estimate?model=gpt2&batch=0"))
        .header("accept-language", "zh-CN")
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        zh["fields"][0]["message"],
        "微批大小：应在 1 到 65536 之间。"
    );
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_answers_and_refuses_in_the_readers_language() {
    let site = TestServer::start().await;
    let blank = site.get("/estimate").await;
    assert_eq!(blank.status(), 200);
    let blank = blank.text().await.expect("page");
    assert!(blank.contains("<form method=\"get\" action=\"/estimate\" class=\"estimate-form\">"));
    assert!(
        !blank.contains("estimate-headline"),
        "no answer before a question"
    );
    let html = site
        .get(&format!("/estimate?{QLORA}"))
        .await
        .text()
        .await
        .expect("page");
    assert!(
        html.contains("Fits: 10.79 GiB of the RTX 4090's 23.99 GiB, 13.20 GiB to spare."),
        "{}",
        &html[html.find("estimate-headline").unwrap_or(0)..][..300.min(html.len())]
    );
    assert!(html.contains("id=\"bar-estimate-title\""));
    assert!(html.contains("data-segment=\"weights\" data-bytes=\"4167573504\""));
    assert!(html.contains("<dd data-figure=\"largest-batch\">3</dd>"));
    assert!(
        html.contains("Korthikanti et al. 2022"),
        "each part's source is on the page"
    );
    let refused = site.get("/estimate?model=gpt2&batch=-4&gpu=RTX9999").await;
    assert_eq!(refused.status(), 400);
    let refused = refused.text().await.expect("page");
    assert!(
        refused.contains("<a href=\"#est-batch\">Micro-batch: must be between 1 and 65536.</a>")
    );
    assert!(
        refused.contains("id=\"est-batch\" name=\"batch\" value=\"-4\" placeholder=\"1\" autocomplete=\"off\" spellcheck=\"false\" aria-invalid=\"true\""),
        "what was typed stays"
    );
    let zh = site
        .get_with(
            "/estimate?model=llama-2-7b&gpu=T4&batch=4",
            &[("accept-language", "zh-CN,zh;q=0.9")],
        )
        .await
        .text()
        .await
        .expect("page");
    assert!(zh.contains("装不下：需要 95.79 GiB，比 T4 的 15.00 GiB 多出 80.79 GiB。"));
    assert!(zh.contains("怎样降下来"), "the guides that bring it down");
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diagnosis_links_an_estimate_of_its_run() {
    let site = TestServer::start().await;
    let log = include_str!("../../fixtures/naming/nanogpt-estimate-loss.log");
    let location = site.paste(log).await;
    let html = site.get(&location).await.text().await.expect("page");
    // the card's capacity and the batch and block size the log states
    assert!(
        html.contains("href=\"/estimate?gpu_memory=11.69+GiB&amp;batch=64&amp;sequence=1024\""),
        "{}",
        html.find("/estimate?")
            .map(|at| &html[at..(at + 120).min(html.len())])
            .unwrap_or("no link")
    );
    site.stop().await;
}
