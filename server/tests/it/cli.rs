//! `oomlens diagnose` as a user runs it: its exit codes, its `--json` identical to the API's answer
//! for the same text, and a lab's `patterns:` teaching it an error the parser does not know;
//! `check-content --lab` naming a broken pattern's file and line.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A lab note that teaches an error the built-in parser does not know.
const NOTE: &str = "---
title: \"Arena exhaustion on our TPU pods\"
slug: tpu-arena
lang: en
tags: [lab]
addresses: [near-capacity]
summary: \"What the arena message means on our pods.\"
patterns:
  - 'ArenaAllocator: pool \\w+ exhausted'
---

# Arena exhaustion on our TPU pods

Lower the per-core batch; the arena is fixed at start.
";

/// A note whose second pattern does not compile (on line 9 of the file).
const BROKEN: &str = "---
title: \"Broken\"
slug: broken
lang: en
tags: [lab]
summary: \"A pattern that does not compile.\"
patterns:
  - 'fine'
  - '(unclosed'
---

# Broken
";

/// A log with the taught line and an error the parser knows.
const LOG: &str = "step 12 loss 1.2
ArenaAllocator: pool hbm0 exhausted while reserving 4 MiB
Traceback (most recent call last):
torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 7.64 GiB of which 59.44 MiB is free. Of the allocated memory 6.12 GiB is allocated by PyTorch, and 1.15 GiB is reserved by PyTorch but unallocated.
";

fn oomlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oomlens"))
        .args(args)
        .env_remove("OOMLENS_CONTENT")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap_or_else(|e| panic!("oomlens runs: {e}"))
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn lab() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    write(&dir.path().join("tpu-arena.md"), NOTE);
    dir
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn exit_codes_say_found_none_or_unreadable() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let found = dir.path().join("oom.log");
    write(&found, "RuntimeError: CUDA error: out of memory\n");
    let none = dir.path().join("fine.log");
    write(&none, "epoch 1 loss 0.3\n");
    let path = |p: &Path| p.display().to_string();

    assert_eq!(oomlens(&["diagnose", &path(&found)]).status.code(), Some(0));
    assert_eq!(oomlens(&["diagnose", &path(&none)]).status.code(), Some(1));
    let missing = oomlens(&["diagnose", &path(&dir.path().join("nope.log"))]);
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.starts_with("oomlens: cannot read "), "{stderr}");
    assert!(missing.stdout.is_empty());

    // standard input, `-` or nothing
    for args in [&["diagnose", "-"][..], &["diagnose"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_oomlens"))
            .args(args)
            .env_remove("OOMLENS_CONTENT")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("oomlens runs: {e}"));
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(b"RuntimeError: CUDA error: out of memory\n")
                .unwrap_or_else(|e| panic!("stdin: {e}"));
        }
        let output = child
            .wait_with_output()
            .unwrap_or_else(|e| panic!("oomlens ends: {e}"));
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(stdout(&output).contains("cuda-error at line 1"), "{args:?}");
    }
}

#[test]
fn a_lab_pattern_teaches_the_command_line_an_error() {
    let lab = lab();
    let log = lab.path().join("run.log");
    write(
        &log,
        "step 12\nArenaAllocator: pool hbm0 exhausted while reserving 4 MiB\n",
    );
    let content = lab.path().display().to_string();
    // without the lab, nothing is recognized
    let alone = oomlens(&["diagnose", &log.display().to_string()]);
    assert_eq!(alone.status.code(), Some(1));
    let taught = oomlens(&[
        "diagnose",
        "--content",
        &content,
        &log.display().to_string(),
    ]);
    assert_eq!(taught.status.code(), Some(0));
    let text = stdout(&taught);
    assert!(text.contains("lab-pattern at line 2"), "{text}");
    assert!(
        text.contains("Your lab's note describes this error"),
        "{text}"
    );
    assert!(text.contains("/kb/tpu-arena"), "{text}");
}

#[test]
fn check_content_names_the_file_and_line_of_a_broken_pattern() {
    let lab = lab();
    write(&lab.path().join("broken.md"), BROKEN);
    let dir = lab.path().display().to_string();
    let output = oomlens(&["check-content", "--lab", &dir]);
    let text = stdout(&output);
    let expected = format!("{dir}/broken.md:9: invalid regex in `patterns` \"(unclosed\": ");
    assert!(
        text.lines().any(|line| line.starts_with(&expected)),
        "{expected}\n{text}"
    );
    // the note's good pattern still works
    let log = lab.path().join("run.log");
    write(&log, "fine\n");
    let taught = oomlens(&["diagnose", "--content", &dir, &log.display().to_string()]);
    assert_eq!(taught.status.code(), Some(0), "{}", stdout(&taught));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_is_the_api_answer_for_the_same_text() {
    let lab = lab();
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let addr = "127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}"));
    let mut config = server::ServeConfig::new(addr, data.path().join("data"));
    config.content.dirs = vec![lab.path().to_path_buf()];
    let running = server::start(config)
        .await
        .unwrap_or_else(|e| panic!("server starts: {e}"));
    let api: serde_json::Value = reqwest::Client::new()
        .post(format!("http://{}/api/diagnose", running.addr()))
        .header("content-type", "text/plain")
        .body(LOG)
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

    let log = lab.path().join("run.log");
    write(&log, LOG);
    let content = lab.path().display().to_string();
    let output = tokio::task::spawn_blocking(move || {
        oomlens(&[
            "diagnose",
            "--json",
            "--content",
            &content,
            &log.display().to_string(),
        ])
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(0));
    let cli: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("CLI JSON: {e}"));
    assert_eq!(cli, api);
    // and it holds what both should: the taught line first, then the parsed error
    assert_eq!(api["events"][0]["kind"], "lab-pattern");
    assert_eq!(api["events"][0]["line"], 2);
    assert_eq!(api["events"][1]["kind"], "pytorch-oom");
    let lab_note = api["findings"]
        .as_array()
        .and_then(|findings| findings.iter().find(|f| f["id"] == "lab-note"))
        .unwrap_or_else(|| panic!("a lab-note finding: {api}"));
    assert_eq!(lab_note["event"], 0);
    assert_eq!(lab_note["guides"][0]["slug"], "tpu-arena");
    assert_eq!(lab_note["guides"][0]["url"], "/kb/tpu-arena");
}

#[test]
fn the_terminal_summary_speaks_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let log = dir.path().join("oom.log");
    write(&log, LOG);
    let path = log.display().to_string();
    let english = stdout(&oomlens(&["diagnose", &path]));
    assert!(english.contains("Findings"), "{english}");
    let chinese = stdout(&oomlens(&["diagnose", "--lang", "zh", &path]));
    assert!(chinese.contains("诊断结论"), "{chinese}");
    assert!(
        chinese.contains("申请 20.00 MiB，当时空闲 59.44 MiB：没有超过空闲显存"),
        "{chinese}"
    );
    // from the environment's locale
    let from_env = Command::new(env!("CARGO_BIN_EXE_oomlens"))
        .args(["diagnose", &path])
        .env_remove("OOMLENS_CONTENT")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap_or_else(|e| panic!("oomlens runs: {e}"));
    assert!(stdout(&from_env).contains("诊断结论"));
    // the JSON report does not change with the language
    let json_en = stdout(&oomlens(&["diagnose", "--json", &path]));
    let json_zh = stdout(&oomlens(&["diagnose", "--json", "--lang", "zh", &path]));
    assert_eq!(json_en, json_zh);
    let bad = oomlens(&["diagnose", "--lang", "fr", &path]);
    assert_eq!(bad.status.code(), Some(2), "clap refuses it");
}

#[test]
fn check_content_reports_in_the_terminal_language() {
    let lab = lab();
    write(&lab.path().join("broken.md"), BROKEN);
    let dir = lab.path().display().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_oomlens"))
        .args(["check-content", "--lab", &dir])
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap_or_else(|e| panic!("oomlens runs: {e}"));
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let expected = format!("{dir}/broken.md:9: `patterns` 里的正则 \"(unclosed\" 有误：");
    assert!(
        text.lines().any(|line| line.starts_with(&expected)),
        "{expected}\n{text}"
    );
    let summary = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(summary.contains(&format!("{dir}：1 个问题")), "{summary}");
}
