//! `kill -9` under paste load loses no acknowledged paste: four clients post pastes as fast as the
//! server answers; the server is killed with SIGKILL mid-stream and started again on the same
//! data folder. Every paste that got its `303` must be served at its link, and the database must
//! pass `PRAGMA integrity_check`. The count is printed (`--nocapture` shows it).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::process::{client, field, start};

const CLIENTS: usize = 4;

/// Paste `n` of client `name`: a real message with a marker of its own.
fn text(name: &str, n: usize) -> String {
    format!(
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a \
         total capacity of 23.65 GiB of which 1.15 GiB is free. (run {name}-{n})"
    )
}

/// One client's stream: post until stopped. Returns (marker, link) of each paste acknowledged.
fn stream(base: String, name: String, stop: Arc<AtomicBool>) -> Vec<(String, String)> {
    let http = client();
    let Some(home) = http
        .get(format!("{base}/"))
        .send()
        .and_then(|r| r.text())
        .ok()
    else {
        return Vec::new();
    };
    let token = field(&home, "csrf").unwrap_or_default();
    let mut acknowledged = Vec::new();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let sent = http
            .post(format!("{base}/diagnose"))
            .form(&[("csrf", token.as_str()), ("text", &text(&name, n))])
            .send();
        match sent {
            Ok(answer) if answer.status().as_u16() == 303 => {
                let link = answer
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                acknowledged.push((format!("{name}-{n}"), link));
            }
            // refused or cut off by the kill: not acknowledged, and the stream ends
            _ => break,
        }
    }
    acknowledged
}

#[cfg(unix)]
#[test]
fn a_sigkill_during_pastes_loses_no_acknowledged_paste() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("data");
    let (mut server, addr) = start(&data);
    let base = format!("http://{addr}");
    let stop = Arc::new(AtomicBool::new(false));
    let results = Arc::new(Mutex::new(Vec::new()));
    let threads: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let (base, stop, results) = (base.clone(), Arc::clone(&stop), Arc::clone(&results));
            std::thread::spawn(move || {
                let saved = stream(base, format!("c{i}"), stop);
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend(saved);
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(800));
    // SIGKILL: no shutdown, no flush, mid-request.
    server.kill().unwrap_or_else(|e| panic!("kill: {e}"));
    let _ = server.wait();
    stop.store(true, Ordering::Relaxed);
    for thread in threads {
        thread
            .join()
            .unwrap_or_else(|_| panic!("a client panicked"));
    }
    let acknowledged = results.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert!(
        acknowledged.len() >= CLIENTS * 5,
        "only {} pastes before the kill",
        acknowledged.len()
    );

    let db =
        rusqlite::Connection::open(data.join("oomlens.sqlite3")).unwrap_or_else(|e| panic!("{e}"));
    let integrity: String = db
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(integrity, "ok");
    drop(db);

    let (mut again, addr) = start(&data);
    let http = client();
    for (marker, link) in &acknowledged {
        let answer = http
            .get(format!("http://{addr}{link}"))
            .send()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(answer.status().as_u16(), 200, "{marker} at {link}");
        let page = answer.text().unwrap_or_default();
        assert!(
            page.contains(&format!("(run {marker})")),
            "{marker} at {link}"
        );
    }
    println!(
        "{} pastes acknowledged before SIGKILL, all served after restart",
        acknowledged.len()
    );
    let _ = again.kill();
    let _ = again.wait();
}
