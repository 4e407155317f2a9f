//! The server as a process: started on a free port of a data folder, with a client like a
//! browser's (cookies kept, redirects not followed). Shared by the crash tests.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Starts the server on a free port; returns it and its address, read from its log line.
pub fn start(data: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oomlens"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(data)
        .env("RUST_LOG", "info")
        .env_remove("OOMLENS_CONTENT")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start: {e}"));
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("stderr"));
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines
            .next()
            .unwrap_or_else(|| panic!("the server exited before listening"))
            .unwrap_or_else(|e| panic!("{e}"));
        if let Some(at) = line.find("listening on http://") {
            let rest = &line[at + "listening on http://".len()..];
            break rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
        }
    };
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines.by_ref() {});
    (child, addr)
}

pub fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The first `name="NAME" value="…"` in a page.
pub fn field(html: &str, name: &str) -> Option<String> {
    let key = format!("name=\"{name}\" value=\"");
    let at = html.find(&key)? + key.len();
    Some(html[at..].chars().take_while(|c| *c != '"').collect())
}
