//! The `oomlens` binary, run as an operator runs it, on a lab folder an attacker committed to:
//! links out of the folder, link loops, a FIFO, a link to `/dev/zero`, a 2 MiB note and a file
//! name that tries to forge a log line. Each case is made once before start-up and once while the
//! server runs (the watcher's refresh), and checked over HTTP and in the log the binary writes.
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A word only the files outside the lab folder hold.
const SECRET: &str = "quolltopsecret";
/// What a forged line would start with if a file name could break the log.
const FORGED: &str = "2026-11-29T10:00:00.000000Z ERROR oomlens: forged";
/// How long start-up and a refresh may take before the test gives up (not a benchmark).
const PATIENCE: Duration = Duration::from_secs(60);

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn link(target: &Path, at: &Path) {
    if let Some(parent) = at.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    symlink(target, at).unwrap_or_else(|e| panic!("link {}: {e}", at.display()));
}

/// Every hostile entry of the issue, made in `dir` (created) with secrets in `outside`. Returns
/// the entries' names, each of which must be reported as skipped.
fn hostile(dir: &Path, outside: &Path) -> Vec<&'static str> {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    link(&outside.join("passwd"), &dir.join("passwd.md"));
    link(outside, &dir.join("etc"));
    // Relative, climbing out from inside: as many `..` as `team/` is deep below the secrets' parent.
    let depth = outside
        .parent()
        .and_then(|top| dir.strip_prefix(top).ok())
        .map_or(0, |inside| inside.components().count());
    let up = "../".repeat(depth + 1);
    link(
        Path::new(&format!("{up}outside/secret.md")),
        &dir.join("team/inner.md"),
    );
    for i in 1..=5 {
        link(Path::new("."), &dir.join(format!("l{i}")));
    }
    let fifo = Command::new("mkfifo")
        .arg(dir.join("pipe.md"))
        .status()
        .unwrap_or_else(|e| panic!("mkfifo: {e}"));
    assert!(fifo.success());
    link(Path::new("/dev/zero"), &dir.join("zero.md"));
    write(&dir.join("huge.md"), &"x".repeat(2 << 20));
    link(
        &outside.join("passwd"),
        &dir.join(format!("x\n{FORGED}.md")),
    );
    vec![
        "passwd.md",
        "etc",
        "team/inner.md",
        "l1",
        "l2",
        "l3",
        "l4",
        "l5",
        "pipe.md",
        "zero.md",
        "huge.md",
        "x\\n2026-11-29T10:00:00.000000Z ERROR oomlens: forged.md",
    ]
}

/// A lab folder with one real note and the hostile entries; the secrets beside it.
fn place() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let outside = tmp.path().join("outside");
    for name in ["passwd", "secret.md"] {
        write(
            &outside.join(name),
            &format!("# Secret\n\n{SECRET} root:x:0:0\n"),
        );
    }
    let notes = tmp.path().join("notes");
    write(
        &notes.join("real.md"),
        "# The real note\n\nThe numbatnote job.\n",
    );
    (tmp, notes)
}

/// The running binary and every line it wrote to standard error.
struct Server {
    child: Child,
    base: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(data: &Path, notes: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_oomlens"))
            .args(["serve", "--addr", "127.0.0.1:0", "--data"])
            .arg(data)
            .arg("--content")
            .arg(notes)
            .args(extra)
            .env_remove("RUST_LOG")
            .env_remove("OOMLENS_CONTENT")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("start oomlens: {e}"));
        let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
        let log = Arc::new(Mutex::new(Vec::new()));
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                lines.lock().unwrap_or_else(|e| e.into_inner()).push(line);
            }
        });
        let mut server = Server {
            child,
            base: String::new(),
            log,
        };
        let line = server.wait_for_line(|l| l.contains("oomlens listening on http://"));
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        server.base = format!("http://{addr}");
        server
    }

    fn lines(&self) -> Vec<String> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The first log line that `matches`, waiting for it; fails with the whole log after
    /// [`PATIENCE`] (a FIFO that blocks start-up ends here).
    fn wait_for_line(&mut self, matches: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            if let Some(line) = self.lines().into_iter().find(|l| matches(l)) {
                return line;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("oomlens exited ({status}):\n{}", self.lines().join("\n"));
            }
            assert!(
                started.elapsed() < PATIENCE,
                "waited {PATIENCE:?}; the log so far:\n{}",
                self.lines().join("\n")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let response = reqwest::blocking::get(format!("{}{path}", self.base))
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = response.status().as_u16();
        (status, response.text().unwrap_or_default())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The log's line about `name` (below `dir`) being skipped.
fn skip_line(server: &mut Server, dir: &Path, name: &str) -> String {
    let prefix = format!("content: {}/{name}:1: skipped: ", dir.display());
    server.wait_for_line(|l| l.contains(&prefix))
}

/// Nothing of the outside is served, searchable or listed; the real note is.
fn nothing_leaks(server: &Server, slugs: &[&str]) {
    for slug in slugs {
        assert_eq!(server.get(&format!("/kb/{slug}")).0, 404, "/kb/{slug}");
    }
    let (status, search) = server.get(&format!("/api/search?q={SECRET}"));
    assert_eq!(status, 200);
    assert!(search.contains("\"total\":0"), "{search}");
    let (status, listing) = server.get("/kb");
    assert_eq!(status, 200);
    assert!(!listing.contains(SECRET));
    assert_eq!(server.get("/kb/real").0, 200);
}

/// No line of the log is anything but a log line: each starts with its timestamp, and the forged
/// text appears only escaped, inside a line of its own.
fn log_is_not_forged(server: &Server) {
    let lines = server.lines();
    for line in &lines {
        assert!(
            line.starts_with(|c: char| c.is_ascii_digit()) && !line.starts_with(FORGED),
            "a line not written by the logger: {line:?}\nlog:\n{}",
            lines.join("\n")
        );
    }
}

#[test]
fn hostile_entries_at_start_up_are_skipped_and_reported() {
    let (tmp, notes) = place();
    let names = hostile(&notes, &tmp.path().join("outside"));
    let mut server = Server::start(&tmp.path().join("data"), &notes, &[]);
    for name in &names {
        let line = skip_line(&mut server, &notes, name);
        assert!(line.contains(" WARN "), "{line}");
    }
    nothing_leaks(
        &server,
        &["passwd", "etc-secret", "team-inner", "zero", "huge"],
    );
    log_is_not_forged(&server);
}

#[test]
fn hostile_entries_made_while_the_server_runs_are_skipped_and_reported() {
    let (tmp, notes) = place();
    let mut server = Server::start(&tmp.path().join("data"), &notes, &[]);
    server.wait_for_line(|l| l.contains("watching the lab's content for changes"));
    let later = notes.join("later");
    let names = hostile(&later, &tmp.path().join("outside"));
    for name in &names {
        skip_line(&mut server, &later, name);
    }
    nothing_leaks(
        &server,
        &[
            "later-passwd",
            "later-etc-secret",
            "later-team-inner",
            "later-huge",
        ],
    );
    // The watch did not follow `etc` out of the folder either: nothing outside is watched.
    write(
        &tmp.path().join("outside/new.md"),
        &format!("# New\n\n{SECRET}\n"),
    );
    std::thread::sleep(Duration::from_millis(800));
    nothing_leaks(&server, &["later-etc-new"]);
    log_is_not_forged(&server);
}

#[test]
fn following_links_still_never_leaves_the_folder() {
    let (tmp, notes) = place();
    let names = hostile(&notes, &tmp.path().join("outside"));
    let mut server = Server::start(
        &tmp.path().join("data"),
        &notes,
        &["--follow-symlinks", "--max-note-size", "4MiB"],
    );
    for name in names.iter().filter(|n| **n != "huge.md") {
        skip_line(&mut server, &notes, name);
    }
    // With room for it, the 2 MiB note is a page.
    assert_eq!(server.get("/kb/huge").0, 200);
    nothing_leaks(&server, &["passwd", "etc-secret", "team-inner", "zero"]);
    log_is_not_forged(&server);
}

#[test]
fn check_content_lists_every_skipped_entry_with_its_reason() {
    let (tmp, notes) = place();
    let names = hostile(&notes, &tmp.path().join("outside"));
    let output = Command::new(env!("CARGO_BIN_EXE_oomlens"))
        .args(["check-content", "--lab"])
        .arg(&notes)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap_or_else(|e| panic!("check-content: {e}"));
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    // One line per entry: the forged name did not add one.
    assert_eq!(lines.len(), names.len(), "{stdout}");
    for name in &names {
        let prefix = format!("{}/{name}:1: skipped: ", notes.display());
        assert!(
            lines.iter().any(|l| l.starts_with(&prefix)),
            "{name}: {stdout}"
        );
    }
    assert!(
        stdout.contains("pipe.md:1: skipped: a FIFO, not opened"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "huge.md:1: skipped: 2097152 bytes, over the note size limit of 1048576 bytes"
        ),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(": 1 page as a lab folder"), "{stderr}");
}
