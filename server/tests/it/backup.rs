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
        original_seen: None,
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

fn oomlens_in(lang: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_oomlens"))
        .args(args)
        .env_remove("OOMLENS_DATA")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .output()
        .unwrap_or_else(|e| panic!("oomlens runs: {e}"))
}

fn said(output: &std::process::Output) -> (Option<i32>, String, String) {
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).trim().to_string(),
        String::from_utf8_lossy(&output.stderr).trim().to_string(),
    )
}

/// A mistyped `--data` is an error, not an empty backup, export or list, and leaves no folder
/// behind; the commands speak the terminal's language.
#[test]
fn admin_commands_need_an_existing_data_folder_and_speak_the_terminals_language() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let missing = dir.path().join("nothere");
    let missing = str_of(&missing);
    let out = dir.path().join("out.sqlite3");
    for args in [
        vec!["backup", str_of(&out), "--data", missing],
        vec!["export", str_of(&dir.path().join("ex")), "--data", missing],
        vec!["user", "list", "--data", missing],
        vec!["user", "role", "ana", "admin", "--data", missing],
    ] {
        let (code, stdout, stderr) = said(&oomlens_in("C.UTF-8", &args));
        assert_eq!(code, Some(2), "{args:?}");
        assert_eq!(stdout, "");
        assert_eq!(
            stderr,
            format!("oomlens: no oomlens data in {missing} (no oomlens.sqlite3): check --data or OOMLENS_DATA; the folder is made by the server's first start or by `oomlens user add`")
        );
    }
    assert!(!Path::new(missing).exists(), "no folder left behind");
    assert!(!out.exists(), "no backup file left behind");

    let data = dir.path().join("data");
    let data = str_of(&data);
    let (_, _, chinese) = said(&oomlens_in(
        "zh_CN.UTF-8",
        &["user", "list", "--data", missing],
    ));
    assert!(
        chinese.starts_with(&format!("oomlens: {missing} 里没有 oomlens 的数据")),
        "{chinese}"
    );
    // the first admin makes the folder
    let added = Command::new(env!("CARGO_BIN_EXE_oomlens"))
        .args(["user", "add", "ana", "--role", "admin", "--data", data])
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            if let Some(stdin) = child.stdin.as_mut() {
                stdin.write_all(b"correct horse 1\n")?;
            }
            child.wait_with_output()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        String::from_utf8_lossy(&added.stdout).trim(),
        "已添加 ana（admin）"
    );
    assert_eq!(
        said(&oomlens_in("C", &["user", "list", "--data", data])).1,
        "ana\tadmin"
    );
    let (code, _, stderr) = said(&oomlens_in(
        "C",
        &["user", "role", "bo", "viewer", "--data", data],
    ));
    assert_eq!(
        (code, stderr.as_str()),
        (Some(2), "oomlens: no user named bo")
    );
}

/// An import folder whose page says another slug than its file name is refused, all such files
/// named, before anything is written.
#[test]
fn an_import_whose_file_names_and_slugs_differ_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let notes = dir.path().join("notes");
    std::fs::create_dir_all(&notes).unwrap_or_else(|e| panic!("{e}"));
    let page = |slug: &str| format!("---\ntitle: T\nslug: {slug}\nlang: en\n---\n\nBody\n");
    std::fs::write(notes.join("good.md"), page("good")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(notes.join("foo-page.md"), page("bar-other")).unwrap_or_else(|e| panic!("{e}"));
    let data = dir.path().join("data");
    let (code, _, stderr) = said(&oomlens_in(
        "C",
        &["import", str_of(&notes), "--data", str_of(&data)],
    ));
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        format!(
            "oomlens: {}: its front matter says `slug: bar-other`; name the file bar-other.md or change its slug",
            notes.join("foo-page.md").display()
        )
    );
    assert!(!data.exists(), "nothing written");
    std::fs::remove_file(notes.join("foo-page.md")).unwrap_or_else(|e| panic!("{e}"));
    let (code, stdout, _) = said(&oomlens_in(
        "C",
        &["import", str_of(&notes), "--data", str_of(&data)],
    ));
    assert_eq!(code, Some(0));
    assert_eq!(stdout, "1 page, 1 revision imported (0 replaced a page's text; the old text stays in its history); restart the server to show them");
}
