//! Export and import: the files an export writes, and an import into a fresh wiki that gives back
//! every page and revision as it was.

use wiki::{Edit, Wiki};

fn source(slug: &str, line: &str) -> String {
    format!("---\ntitle: {slug}\nslug: {slug}\nlang: en\n---\n\n# {slug}\n\n{line}\n")
}

fn save(wiki: &Wiki, slug: &str, base: Option<i64>, text: &str, author: &str) -> i64 {
    wiki.save(Edit {
        slug,
        base,
        source: text,
        author,
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

#[test]
fn an_export_with_history_imports_into_a_fresh_wiki_as_it_was() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let wiki = Wiki::open(&dir.path().join("a").tap_dir()).unwrap_or_else(|e| panic!("{e}"));
    let first = save(&wiki, "alpha", None, &source("alpha", "one"), "ana");
    save(&wiki, "alpha", Some(first), &source("alpha", "two"), "bo");
    save(&wiki, "beta", None, &source("beta", "gone soon"), "ana");
    wiki.delete("beta", "", "ana", "dup")
        .unwrap_or_else(|e| panic!("{e}"));
    wiki.revert_to_original("fragmentation", "orig", "cy", "")
        .unwrap_or_else(|e| panic!("{e}"));

    let out = dir.path().join("export");
    let counts = wiki.export(&out, true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((counts.pages, counts.revisions), (2, 5));
    let alpha = std::fs::read_to_string(out.join("alpha.md")).unwrap_or_default();
    assert_eq!(alpha, source("alpha", "two"));
    assert!(out.join(".deleted/beta.md").is_file());
    assert!(
        !out.join("fragmentation.md").exists(),
        "the original is not the wiki's text"
    );
    assert!(out.join(".history/fragmentation.json").is_file());

    let fresh = Wiki::open(&dir.path().join("b").tap_dir()).unwrap_or_else(|e| panic!("{e}"));
    let imported = fresh
        .import(&out, "import")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((imported.pages, imported.revisions), (3, 5));
    assert_eq!(fresh.all_revisions().ok(), wiki.all_revisions().ok());
    assert_eq!(
        fresh.pages().ok().map(|p| p.len()),
        wiki.pages().ok().map(|p| p.len())
    );
    // a second import changes nothing
    let again = fresh
        .import(&out, "import")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((again.pages, again.revisions), (0, 0));
}

#[test]
fn a_page_without_history_is_imported_as_a_new_revision() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let notes = dir.path().join("notes").tap_dir();
    std::fs::write(notes.join("gamma.md"), source("gamma", "from a folder"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(notes.join("Not A Slug.md"), "x").unwrap_or_else(|e| panic!("{e}"));
    let wiki = Wiki::open(&dir.path().join("w").tap_dir()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        wiki.import(&notes, "li").is_err(),
        "a file name that is no slug is refused"
    );
    std::fs::remove_file(notes.join("Not A Slug.md")).unwrap_or_else(|e| panic!("{e}"));
    let counts = wiki.import(&notes, "li").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((counts.pages, counts.revisions), (1, 1));
    let head = wiki
        .head("gamma")
        .unwrap_or_default()
        .unwrap_or_else(|| panic!("imported"));
    assert_eq!(
        (head.author.as_str(), head.comment.as_str()),
        ("li", "imported")
    );
}

/// A folder with one bad file name (a README beside the pages) is refused whole: nothing of it is
/// written. A page imported over a live one is counted as replaced; a deleted page is two
/// revisions (its text, then its deletion).
#[test]
fn an_import_is_checked_whole_first_and_says_what_it_replaced() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let notes = dir.path().join("notes").tap_dir();
    let gone = notes.join(".deleted").tap_dir();
    std::fs::write(notes.join("alpha.md"), source("alpha", "from the folder"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(gone.join("beta.md"), source("beta", "old")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(notes.join("README.md"), "# Our notes\n").unwrap_or_else(|e| panic!("{e}"));
    let wiki = Wiki::open(&dir.path().join("w").tap_dir()).unwrap_or_else(|e| panic!("{e}"));
    save(&wiki, "alpha", None, &source("alpha", "the wiki's"), "ana");
    let refused = wiki
        .import(&notes, "li")
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert_eq!(
        refused,
        "README: not a page slug (lowercase letters, digits and `-`)"
    );
    assert_eq!(
        wiki.all_revisions().unwrap_or_default().len(),
        1,
        "nothing written"
    );

    std::fs::remove_file(notes.join("README.md")).unwrap_or_else(|e| panic!("{e}"));
    let counts = wiki.import(&notes, "li").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((counts.pages, counts.revisions, counts.replaced), (2, 3, 1));
    assert_eq!(wiki.all_revisions().unwrap_or_default().len(), 4);
    let alpha = wiki
        .head("alpha")
        .unwrap_or_default()
        .unwrap_or_else(|| panic!("alpha"));
    assert!(alpha.source.contains("from the folder"));
    assert_eq!(
        wiki.history("alpha").unwrap_or_default().len(),
        2,
        "the wiki's text kept in history"
    );
}

trait TapDir {
    fn tap_dir(self) -> Self;
}

impl TapDir for std::path::PathBuf {
    fn tap_dir(self) -> Self {
        std::fs::create_dir_all(&self).unwrap_or_else(|e| panic!("{e}"));
        self
    }
}

/// A database a newer build migrated is refused with a message saying so, and left as it is:
/// an older binary started after a failed upgrade does not write into a schema it does not know.
#[test]
fn a_database_from_a_newer_build_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    drop(Wiki::open(dir.path()).unwrap_or_else(|e| panic!("{e}")));
    let path = dir.path().join("oomlens.sqlite3");
    {
        let db = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{e}"));
        db.execute("UPDATE wiki_schema SET version = 99", [])
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let refused = Wiki::open(dir.path()).map(|_| ());
    match refused {
        Err(wiki::WikiError::NewerSchema { found: 99, .. }) => {}
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    let message = Wiki::open(dir.path()).map(|_| ()).unwrap_err().to_string();
    assert!(message.contains("written by a newer oomlens"), "{message}");
}
