//! `kill -9` during a stream of saves loses nothing acknowledged. Four clients, each signed in
//! with its own session, save revisions of their own page as fast as the server answers; the
//! server is killed with SIGKILL mid-stream and started again on the same data folder. Every save
//! that got its `303` must be there, in order, and the database must pass `PRAGMA
//! integrity_check`. The count is printed (`--nocapture` shows it).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::process::{client, field, start};

const CLIENTS: usize = 4;
const PASSWORD: &str = "correct horse battery";

fn source(slug: &str, n: usize) -> String {
    format!("# {slug}\n\nsave number {n} of {slug}\n")
}

/// One client's stream: sign in, create its page, then save until stopped. Returns the numbers
/// of the saves acknowledged with a 303.
fn stream(base: String, name: String, stop: Arc<AtomicBool>) -> Vec<usize> {
    let http = client();
    let get = |path: &str| {
        http.get(format!("{base}{path}"))
            .send()
            .and_then(|r| r.text())
            .ok()
    };
    let Some(page) = get("/signin") else {
        return Vec::new();
    };
    let token = field(&page, "csrf").unwrap_or_default();
    let signed = http
        .post(format!("{base}/signin"))
        .form(&[
            ("csrf", token.as_str()),
            ("name", &name),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send();
    assert_eq!(
        signed.map(|r| r.status().as_u16()).ok(),
        Some(303),
        "{name} signs in"
    );
    let slug = format!("crash-{name}");
    let mut acknowledged = Vec::new();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        // The form, for the token and the base revision (none for the first save).
        let (path, form_page) = if n == 1 {
            ("/new".to_string(), "/new".to_string())
        } else {
            (format!("/kb/{slug}/edit"), format!("/kb/{slug}/edit"))
        };
        let Some(form) = get(&form_page) else { break };
        let token = field(&form, "csrf").unwrap_or_default();
        let base_id = field(&form, "base").unwrap_or_default();
        let body = source(&slug, n);
        let sent = http
            .post(format!("{base}{path}"))
            .form(&[
                ("csrf", token.as_str()),
                ("base", &base_id),
                ("slug", &slug),
                ("title", &slug),
                ("lang", "en"),
                ("body", &body),
                ("action", "save"),
            ])
            .send();
        match sent.map(|r| r.status().as_u16()) {
            Ok(303) => acknowledged.push(n),
            // Refused or cut off by the kill: not acknowledged, and the stream ends.
            _ => break,
        }
    }
    acknowledged
}

#[cfg(unix)]
#[test]
fn a_sigkill_during_saves_loses_no_acknowledged_revision() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap_or_else(|e| panic!("{e}"));
    {
        let wiki = wiki::Wiki::open(&data).unwrap_or_else(|e| panic!("{e}"));
        for i in 0..CLIENTS {
            wiki.add_user(&format!("c{i}"), wiki::Role::Editor, PASSWORD)
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let (mut server, addr) = start(&data);
    let base = format!("http://{addr}");
    let stop = Arc::new(AtomicBool::new(false));
    let results = Arc::new(Mutex::new(Vec::new()));
    let threads: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let (base, stop, results) = (base.clone(), Arc::clone(&stop), Arc::clone(&results));
            std::thread::spawn(move || {
                let name = format!("c{i}");
                let saved = stream(base, name.clone(), stop);
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((name, saved));
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(2500));
    // SIGKILL: no shutdown, no flush, mid-request.
    server.kill().unwrap_or_else(|e| panic!("kill: {e}"));
    let _ = server.wait();
    stop.store(true, Ordering::Relaxed);
    for thread in threads {
        thread
            .join()
            .unwrap_or_else(|_| panic!("a client panicked"));
    }

    let wiki = wiki::Wiki::open(&data).unwrap_or_else(|e| panic!("reopen: {e}"));
    assert_eq!(wiki.integrity_check().unwrap_or_default(), "ok");
    let results = results.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let mut total = 0;
    for (name, saved) in &results {
        let slug = format!("crash-{name}");
        let history = wiki.history(&slug).unwrap_or_default();
        let mut texts = Vec::new();
        for summary in history.iter().rev() {
            texts.push(
                wiki.revision(summary.id)
                    .unwrap_or_else(|e| panic!("{e}"))
                    .source,
            );
        }
        // The stored text is the page's whole source (front matter written by the form, then
        // the body): each acknowledged body must be in the revision of its turn.
        for n in saved {
            let expected = source(&slug, *n);
            assert!(
                texts.iter().any(|t| t.ends_with(&expected)),
                "{name}'s acknowledged save {n} is missing"
            );
        }
        // and in the order they were made: the acknowledged ones are a prefix of what is there
        let numbers: Vec<&str> = texts.iter().map(String::as_str).collect();
        for (i, n) in saved.iter().enumerate() {
            assert!(
                numbers
                    .get(i)
                    .is_some_and(|t| t.ends_with(&source(&slug, *n))),
                "{name}'s order"
            );
        }
        total += saved.len();
    }
    assert!(
        total >= CLIENTS * 2,
        "only {total} saves were made before the kill"
    );
    // the restarted server shows each client's last acknowledged save
    let (mut again, addr) = start(&data);
    let http = client();
    for (name, saved) in &results {
        let Some(last) = saved.last() else { continue };
        let html = http
            .get(format!("http://{addr}/kb/crash-{name}"))
            .send()
            .and_then(|r| r.text())
            .unwrap_or_default();
        assert!(
            html.contains(&format!("save number {last} of crash-{name}"))
                || html.contains(&format!("save number {} of crash-{name}", last + 1)),
            "{name}: the page after restart"
        );
    }
    let _ = again.kill();
    let _ = again.wait();
    eprintln!("crash test: {total} acknowledged saves by {CLIENTS} clients, all present after SIGKILL; integrity_check ok");
}
