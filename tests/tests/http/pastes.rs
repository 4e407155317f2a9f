//! Pastes are private and bounded (issue 15): the delete link shown once to whoever pasted, the
//! delete confirmed by a form, the retention said on the page and enforced, and redaction.

use crate::support::{header, TestServer};

/// The delete link on a page, if it shows one.
fn delete_link(html: &str) -> Option<String> {
    let end = html.find("/delete?key=")?;
    let start = html[..end].rfind("href=\"")? + "href=\"".len();
    Some(html[start..].split('"').next()?.replace("&amp;", "&"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_paster_sees_the_delete_link_once_and_it_deletes_the_paste() {
    let site = TestServer::start().await;
    let text = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.";
    let path = site.paste(text).await;
    let first = site.get(&path).await;
    assert!(
        header(&first, "set-cookie").starts_with("oomlens_delete=; Path=/; Max-Age=0"),
        "the first view removes the cookie"
    );
    let html = first.text().await.expect("page");
    let link = delete_link(&html).unwrap_or_else(|| panic!("a delete link on the first view"));
    let id = path.trim_start_matches("/d/");
    assert!(link.starts_with(&format!("/d/{id}/delete?key=")), "{link}");
    assert_eq!(link.len(), format!("/d/{id}/delete?key=").len() + 64);
    assert!(html.contains("This paste is kept until "), "retention said");
    assert!(html.contains("(90 days after it was last pasted)"));
    // shown once: the next view, and anyone else's, has no link
    let again = site.get(&path).await.text().await.expect("page");
    assert_eq!(delete_link(&again), None);

    // the link asks first; following it deletes nothing
    let confirm = site.get(&link).await;
    assert_eq!(confirm.status(), 200);
    let confirm = confirm.text().await.expect("page");
    assert!(confirm.contains("Delete this paste?"));
    assert_eq!(site.get(&path).await.status(), 200, "still there");

    // a wrong key is refused with the site's page, and deletes nothing
    let key = link.split("key=").nth(1).unwrap_or_default().to_string();
    let wrong = site
        .client
        .post(site.url(&format!("{path}/delete")))
        .form(&site.csrf_fields(&[("key", &"0".repeat(64))]).await)
        .send()
        .await
        .expect("POST");
    assert_eq!(wrong.status(), 403);
    assert!(wrong
        .text()
        .await
        .expect("page")
        .contains("This delete link does not fit this paste"));
    // without the CSRF token, nothing either
    let forged = site
        .client
        .post(site.url(&format!("{path}/delete")))
        .form(&[("key", key.as_str())])
        .send()
        .await
        .expect("POST");
    assert_eq!(forged.status(), 403);
    assert_eq!(site.get(&path).await.status(), 200, "still there");

    let deleted = site
        .client
        .post(site.url(&format!("{path}/delete")))
        .form(&site.csrf_fields(&[("key", &key)]).await)
        .send()
        .await
        .expect("POST");
    assert_eq!(deleted.status(), 303);
    assert_eq!(header(&deleted, "location"), "/?deleted");
    let home = site.get("/?deleted").await.text().await.expect("home");
    assert!(home.contains("The paste was deleted from this server."));
    // gone, also from the analyses the server kept
    let gone = site.get(&path).await;
    assert_eq!(gone.status(), 404);
    assert!(gone
        .text()
        .await
        .expect("page")
        .contains("It may have been deleted"));
    assert_eq!(site.get(&link).await.status(), 404);
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_is_said_on_the_pages_and_enforced_at_start() {
    let kept = tempfile::tempdir().expect("data folder");
    let data = kept.path().to_path_buf();
    let site = TestServer::start_with(|config| {
        config.data = data.clone();
        config.paste_retention_days = None;
        config.paste_max_total = None;
    })
    .await;
    let path = site.paste("MemoryError").await;
    let html = site.get(&path).await.text().await.expect("page");
    assert!(html.contains("This paste is kept until someone with its delete link removes it."));
    let home = site.get("/").await.text().await.expect("home");
    assert!(home.contains("Pastes are kept until deleted"));
    let id = path.trim_start_matches("/d/").to_string();
    site.stop().await;

    // a year later, by the paste's clock, a server with a 30-day retention removes it at start
    {
        let db = rusqlite::Connection::open(data.join("oomlens.sqlite3")).expect("open");
        db.execute(
            "UPDATE pastes SET created_at = created_at - 365 * 86400 WHERE id = ?1",
            [&id],
        )
        .expect("age the paste");
    }
    let site = TestServer::start_with(|config| {
        config.data = data.clone();
        config.paste_retention_days = Some(30);
    })
    .await;
    let home = site.get("/").await.text().await.expect("home");
    assert!(home.contains("Each paste is kept for 30 days after it was last pasted"));
    let mut status = 0;
    for _ in 0..50 {
        status = site.get(&path).await.status().as_u16();
        if status == 404 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, 404, "the purge at start removed the year-old paste");
    site.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redaction_replaces_names_before_storing_and_the_page_says_so() {
    let kept = tempfile::tempdir().expect("data folder");
    let data = kept.path().to_path_buf();
    let site = TestServer::start_with(|config| {
        config.data = data.clone();
        config.redact = true;
    })
    .await;
    let text = "(base) alice@gpu-node-07:~/proj$ python train.py\n\
        File \"/home/alice/proj/train.py\", line 88, in <module>\n\
        torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a \
        total capacity of 7.64 GiB of which 59.44 MiB is free. Process 4242 has 7.58 GiB memory \
        in use. Of the allocated memory 7.21 GiB is allocated by PyTorch, and 250.13 MiB is \
        reserved by PyTorch but unallocated.\n\
        wandb: login with WANDB_API_KEY=0123456789abcdef0123456789abcdef01234567 from 10.1.2.3";
    let path = site.paste(text).await;
    let html = site.get(&path).await.text().await.expect("page");
    for private in ["alice", "gpu-node-07", "0123456789abcdef", "10.1.2.3"] {
        assert!(!html.contains(private), "{private} is on the page");
    }
    assert!(html.contains("were replaced before it was stored"));
    // the diagnosis reads the same numbers
    assert!(html.contains("20.00 MiB") && html.contains("7.64 GiB"));
    let home = site.get("/").await.text().await.expect("home");
    assert!(home.contains("Before a paste is stored, user names"));
    // the stored text itself is redacted
    site.stop().await;
    let db = rusqlite::Connection::open(data.join("oomlens.sqlite3")).expect("open");
    let stored: String = db
        .query_row("SELECT text FROM pastes", [], |row| row.get(0))
        .expect("one paste");
    assert!(
        !stored.contains("alice") && stored.contains("/home/user-"),
        "{stored}"
    );
}

/// Redaction keeps what the parser reads: every message of the repository's corpora, redacted,
/// gives the same events (kind, device, amounts, line) and findings as the original.
#[test]
fn redaction_keeps_every_corpus_message_readable() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let redactor = server::redact::Redactor::new(b"corpus key");
    let mut checked = 0;
    let mut changed = 0;
    let mut differ = Vec::new();
    for folder in [
        "unseen/cases",
        "unseen2/cases",
        "corpus-sample/cases",
        "causes",
        "benign",
        "benign2",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let (redacted, counts) = redactor.redact(&text);
            checked += 1;
            changed += usize::from(counts.total() > 0);
            let (a, b) = (triage::analyze(&text), triage::analyze(&redacted));
            let shape = |report: &triage::Report| {
                let events: Vec<String> = report
                    .events
                    .iter()
                    .map(|e| {
                        format!(
                            "{:?} {:?} {} {:?} {:?} {:?} {:?} {:?}",
                            e.kind,
                            e.device,
                            e.line,
                            e.requested,
                            e.total,
                            e.free,
                            e.allocated,
                            e.reserved
                        )
                    })
                    .collect();
                let findings: Vec<&str> = report.findings.iter().map(|f| f.id.as_str()).collect();
                format!("{events:?} {findings:?}")
            };
            if shape(&a) != shape(&b) {
                differ.push(format!("{}: {} → {}", path.display(), shape(&a), shape(&b)));
            }
        }
    }
    println!("{checked} messages redacted, {changed} of them changed");
    assert!(checked >= 200, "{checked} messages");
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
