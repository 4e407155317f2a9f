//! `oomlens serve` as an operator runs it: configured from environment variables alone, refusing
//! to start with a clear message when its data folder cannot be made or its database is not one,
//! and stopping cleanly on SIGTERM.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

fn serve_with(env: &[(&str, &Path)], args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_oomlens"));
    command
        .arg("serve")
        .args(args)
        .env_remove("OOMLENS_CONTENT")
        .env_remove("OOMLENS_DATA")
        .env_remove("OOMLENS_ADDR")
        .env_remove("OOMLENS_PASTE_LIMIT")
        .env("RUST_LOG", "info");
    for (name, value) in env {
        command.env(name, value);
    }
    command
}

/// Runs a server that must fail to start (it would otherwise serve on a free port, and the
/// test's timeout shows it).
fn fails_to_start(data: &Path) -> Output {
    serve_with(&[("OOMLENS_DATA", data)], &["--addr", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("oomlens runs: {e}"))
}

#[test]
fn a_data_folder_that_cannot_be_made_is_named() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    // A folder inside a file: no permission trick, so it fails for root too.
    let file = tmp.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap_or_else(|e| panic!("write: {e}"));
    let data = file.join("data");
    let output = fails_to_start(&data);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "oomlens: cannot create the data folder {}",
            data.display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_database_that_is_not_one_is_named() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let db = tmp.path().join(server::store::DATABASE_FILE);
    std::fs::write(&db, vec![0x5a_u8; 8192]).unwrap_or_else(|e| panic!("write: {e}"));
    let output = fails_to_start(tmp.path());
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "oomlens: cannot open the paste database {}: file is not a database",
            db.display()
        )),
        "{stderr}"
    );
    let kept = std::fs::read(&db).unwrap_or_default();
    assert_eq!(kept, vec![0x5a_u8; 8192], "the file is left as it was");
}

/// Kills the child on drop, so a failed assertion does not leave a server running.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Reads the child's log until the line that says where it listens; a thread keeps reading the
/// rest, so the server never writes to a closed pipe.
fn listening_addr(child: &mut Child) -> String {
    let stderr = child
        .stderr
        .take()
        .unwrap_or_else(|| panic!("stderr is piped"));
    let mut lines = BufReader::new(stderr).lines();
    for line in lines.by_ref() {
        let line = line.unwrap_or_else(|e| panic!("log: {e}"));
        if let Some(rest) = line.split("oomlens listening on http://").nth(1) {
            std::thread::spawn(move || lines.for_each(drop));
            return rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
        }
    }
    panic!("the server exited before listening")
}

#[test]
fn environment_variables_configure_the_server_and_sigterm_stops_it() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let lab = tmp.path().join("lab");
    std::fs::create_dir(&lab).unwrap_or_else(|e| panic!("mkdir: {e}"));
    std::fs::write(
        lab.join("our-runbook.md"),
        "# Our runbook\n\nThe wombatloader keeps a copy of every batch.\n",
    )
    .unwrap_or_else(|e| panic!("write: {e}"));
    let data = tmp.path().join("data");
    let addr = Path::new("127.0.0.1:0");
    let limit = Path::new("1000");
    let child = serve_with(
        &[
            ("OOMLENS_ADDR", addr),
            ("OOMLENS_DATA", &data),
            ("OOMLENS_CONTENT", &lab),
            ("OOMLENS_PASTE_LIMIT", limit),
        ],
        &[],
    )
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap_or_else(|e| panic!("oomlens starts: {e}"));
    let mut running = Running(child);
    let addr = listening_addr(&mut running.0);
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"));

    // OOMLENS_DATA: the database is made there.
    assert!(data.join(server::store::DATABASE_FILE).is_file());
    // OOMLENS_CONTENT: the lab's note is a page.
    let page = client
        .get(format!("http://{addr}/kb/our-runbook"))
        .send()
        .unwrap_or_else(|e| panic!("GET: {e}"));
    assert_eq!(page.status(), 200);
    assert!(page.text().unwrap_or_default().contains("wombatloader"));
    // OOMLENS_PASTE_LIMIT: 1,001 bytes are refused, naming the limit.
    let refused = client
        .post(format!("http://{addr}/api/diagnose"))
        .header("content-type", "text/plain")
        .body("x".repeat(1001))
        .send()
        .unwrap_or_else(|e| panic!("POST: {e}"));
    assert_eq!(refused.status(), 413);
    let body: serde_json::Value = refused.json().unwrap_or_default();
    assert_eq!(
        body["error"],
        "the text is larger than this server's limit of 1000 bytes"
    );

    // SIGTERM: a clean stop, exit code 0.
    let pid = running.0.id().to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap_or_else(|e| panic!("kill: {e}"));
    assert!(killed.success());
    let status = running.0.wait().unwrap_or_else(|e| panic!("wait: {e}"));
    assert_eq!(status.code(), Some(0), "a clean stop");
}

#[test]
fn json_logs_are_one_object_per_line_with_the_events_fields() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let data = tmp.path().join("data");
    let mut child = serve_with(
        &[("OOMLENS_DATA", &data)],
        &["--addr", "127.0.0.1:0", "--log-format", "json"],
    )
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap_or_else(|e| panic!("oomlens starts: {e}"));
    let stderr = child
        .stderr
        .take()
        .unwrap_or_else(|| panic!("stderr is piped"));
    let mut lines = BufReader::new(stderr).lines();
    let mut running = Running(child);
    let listening = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|line| line.contains("oomlens listening on"))
        .unwrap_or_else(|| panic!("the server exited before listening"));
    let event: serde_json::Value = serde_json::from_str(&listening)
        .unwrap_or_else(|e| panic!("a JSON line: {e}: {listening}"));
    assert_eq!(event["level"], "INFO");
    assert!(event["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("oomlens listening on http://127.0.0.1:")));
    assert!(event["timestamp"].is_string());
    let _ = running.0.kill();
}
