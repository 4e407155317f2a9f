//! `oomlens estimate`: `--json` is `/api/estimate`'s object for the same fields; a config.json
//! file is read; wrong fields exit 2, each named in the terminal's language.

use std::process::{Command, Output};

fn oomlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oomlens"))
        .args(args)
        .env("LANG", "C")
        .output()
        .unwrap_or_else(|e| panic!("oomlens runs: {e}"))
}

const GPT2_CONFIG: &str = r#"{"model_type": "gpt2", "n_embd": 768, "n_head": 12, "n_layer": 12,
  "vocab_size": 50257, "n_positions": 1024}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_is_the_api_answer_for_the_same_fields() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let config_file = data.path().join("config.json");
    std::fs::write(&config_file, GPT2_CONFIG).unwrap_or_else(|e| panic!("write: {e}"));
    let addr = "127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}"));
    let running = server::start(server::ServeConfig::new(addr, data.path().join("data")))
        .await
        .unwrap_or_else(|e| panic!("server starts: {e}"));
    let api: serde_json::Value = reqwest::Client::new()
        .post(format!("http://{}/api/estimate", running.addr()))
        .json(
            &serde_json::json!({"config": GPT2_CONFIG, "batch": 8, "sequence": 1024,
            "attention": "eager", "gpu_memory": "11.69 GiB", "effective_batch": 512}),
        )
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST: {e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("JSON: {e}"));
    running
        .stop()
        .await
        .unwrap_or_else(|e| panic!("server stops: {e}"));
    let path = config_file.display().to_string();
    let output = tokio::task::spawn_blocking(move || {
        oomlens(&[
            "estimate",
            "--json",
            "--config",
            &path,
            "--batch",
            "8",
            "--sequence",
            "1024",
            "--attention",
            "eager",
            "--gpu-memory",
            "11.69 GiB",
            "--effective-batch",
            "512",
        ])
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cli: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("CLI JSON: {e}"));
    assert_eq!(cli, api);
    assert_eq!(api["model"]["params"], 124_439_808);
    assert_eq!(api["model"]["source"], "config");
    assert_eq!(api["accumulation_steps"], 64);
}

#[test]
fn wrong_fields_exit_2_each_named() {
    let output = oomlens(&[
        "estimate",
        "--model",
        "gpt2",
        "--batch",
        "-4",
        "--sequence",
        "1000000000000",
        "--gpu",
        "RTX 9999",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            "oomlens: Micro-batch: must be between 1 and 65536.",
            "oomlens: Sequence length (tokens): must be between 1 and 1048576.",
            "oomlens: GPU: “RTX 9999” is not a listed GPU. Pick a listed one, or give its memory.",
        ]
    );
    let zh = oomlens(&[
        "estimate", "--model", "gpt2", "--batch", "0", "--lang", "zh",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&zh.stderr).trim(),
        "oomlens: 微批大小：应在 1 到 65536 之间。"
    );
    let summary = oomlens(&[
        "estimate",
        "--model",
        "llama-2-7b",
        "--gpu",
        "T4",
        "--batch",
        "4",
    ]);
    assert_eq!(summary.status.code(), Some(0));
    let text = String::from_utf8_lossy(&summary.stdout);
    assert!(
        text.contains("Does not fit: 95.79 GiB needed, 80.79 GiB more than the T4's 15.00 GiB."),
        "{text}"
    );
    assert!(
        text.contains("Largest micro-batch that fits: none (even one sample needs more)"),
        "{text}"
    );
}
