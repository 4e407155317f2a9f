//! `oomlens backup` while the server runs, restored into a fresh data folder: every page,
//! revision and account is there, and the restored site serves the pages.

use std::path::Path;
use std::process::Command;

fn oomlens(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_oomlens"))
        .args(args)
        .env_remove("OOMLENS_DATA")
        .output()
        .unwrap_or_else(|e| panic!("oomlens runs: {e}"))
}

fn page(wiki: &wiki::Wiki, slug: &str, base: Option<i64>, line: &str) -> i64 {
    let source = format!("---\ntitle: {slug}\nslug: {slug}\nlang: en\n---\n\n# {slug}\n\n{line}\n");
    wiki.save(wiki::Edit {
        slug,
        base,
        source: &source,
        author: "ana",
        comment: "c",
        original: None,
    })
    .unwrap_or_else(|e| panic!("{e}"))
    .saved()
    .unwrap_or_else(|| panic!("saved"))
    .revision
    .id
}

fn str_of(path: &Path) -> &str {
    path.to_str().unwrap_or_else(|| panic!("a UTF-8 path"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_serving_restores_every_page_revision_and_account() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap_or_else(|e| panic!("{e}"));
    {
        let wiki = wiki::Wiki::open(&data).unwrap_or_else(|e| panic!("{e}"));
        wiki.add_user("ana", wiki::Role::Admin, "correct horse battery")
            .unwrap_or_else(|e| panic!("{e}"));
        let first = page(&wiki, "kept-page", None, "one");
        page(&wiki, "kept-page", Some(first), "two");
        page(&wiki, "other-page", None, "other");
        wiki.delete("other-page", "", "ana", "gone")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let addr = "127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}"));
    let running = server::start(server::ServeConfig::new(addr, data.clone()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    let file = dir.path().join("backup.sqlite3");
    let backup = tokio::task::spawn_blocking({
        let (file, data) = (file.clone(), data.clone());
        move || oomlens(&["backup", str_of(&file), "--data", str_of(&data)])
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        backup.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    // readable by its owner only: it holds password hashes, sessions and pastes
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or_default();
        assert_eq!(mode, 0o600, "backup file mode {mode:o}");
    }
    // a second backup to the same file is refused rather than overwritten
    let again = oomlens(&["backup", str_of(&file), "--data", str_of(&data)]);
    assert_eq!(again.status.code(), Some(2));
    running.stop().await.unwrap_or_else(|e| panic!("{e}"));

    let fresh = dir.path().join("fresh");
    std::fs::create_dir_all(&fresh).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(&file, fresh.join(wiki::DATABASE_FILE)).unwrap_or_else(|e| panic!("{e}"));
    let original = wiki::Wiki::open(&data).unwrap_or_else(|e| panic!("{e}"));
    let restored = wiki::Wiki::open(&fresh).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(restored.integrity_check().unwrap_or_default(), "ok");
    let revisions = original.all_revisions().unwrap_or_default();
    assert_eq!(revisions.len(), 4);
    assert_eq!(restored.all_revisions().unwrap_or_default(), revisions);
    assert_eq!(
        restored.pages().unwrap_or_default(),
        original.pages().unwrap_or_default()
    );
    assert_eq!(
        restored.users().unwrap_or_default(),
        original.users().unwrap_or_default()
    );
    assert!(restored
        .check_password("ana", "correct horse battery")
        .unwrap_or_default()
        .is_some());

    // and the restored folder serves the page as it was, the deleted one as deleted
    let running = server::start(server::ServeConfig::new(addr, fresh.clone()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let base = format!("http://{}", running.addr());
    let kept = reqwest::get(format!("{base}/kb/kept-page"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(kept.status().as_u16(), 200);
    assert!(kept.text().await.unwrap_or_default().contains("<p>two</p>"));
    let gone = reqwest::get(format!("{base}/kb/other-page"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(gone.status().as_u16(), 410);
    running.stop().await.unwrap_or_else(|e| panic!("{e}"));
}
