//! `KnowledgeBase::refresh`: after a change in a lab folder only the notes that changed are read
//! again, and only the pages that left or came go through the index. Each test counts exactly what
//! was read, removed and added, and checks search before and after.

use std::path::{Path, PathBuf};

use kb::{KnowledgeBase, PageOrigin, RefreshStats, SearchRequest};

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn slugs_for(kb: &KnowledgeBase, query: &str) -> Vec<String> {
    kb.search(&SearchRequest::new(query))
        .hits
        .into_iter()
        .map(|h| h.slug)
        .collect()
}

/// A lab folder of two notes, loaded with the built-in library.
fn lab() -> (tempfile::TempDir, PathBuf, KnowledgeBase) {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let dir = tmp.path().join("notes");
    write(
        &dir.join("pinned.md"),
        "# Pinned host memory\n\nThe quokkaloader pinned every batch.\n",
    );
    write(
        &dir.join("ops/nccl.txt"),
        "NCCL buffers\n\nThe wombatcluster ran out of NCCL buffer space.\n",
    );
    let (kb, problems) =
        KnowledgeBase::load(std::slice::from_ref(&dir)).unwrap_or_else(|e| panic!("load: {e}"));
    assert!(problems.is_empty(), "{problems:?}");
    (tmp, dir, kb)
}

fn refresh(kb: &KnowledgeBase, touched: &[PathBuf]) -> (KnowledgeBase, Vec<String>, RefreshStats) {
    let refresh = kb
        .refresh(touched)
        .unwrap_or_else(|e| panic!("refresh: {e}"));
    let fresh = refresh
        .knowledge
        .unwrap_or_else(|| panic!("a change was expected"));
    let problems = refresh.problems.iter().map(ToString::to_string).collect();
    (fresh, problems, refresh.stats)
}

fn counts(stats: &RefreshStats) -> (usize, usize, usize) {
    (stats.reread, stats.removed, stats.added)
}

#[test]
fn nothing_changed_gives_nothing() {
    let (_tmp, _dir, kb) = lab();
    let refresh = kb.refresh(&[]).unwrap_or_else(|e| panic!("refresh: {e}"));
    assert!(refresh.knowledge.is_none());
    assert!(refresh.problems.is_empty(), "{:?}", refresh.problems);
}

#[test]
fn an_edit_rereads_that_note_only() {
    let (_tmp, dir, kb) = lab();
    let pages = kb.pages().len();
    write(
        &dir.join("pinned.md"),
        "# Pinned host memory\n\nThe platypusloader pinned every batch, twice over.\n",
    );
    let (fresh, problems, stats) = refresh(&kb, &[dir.join("pinned.md")]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(counts(&stats), (1, 1, 1));
    assert_eq!(stats.pages, pages);
    assert_eq!(slugs_for(&fresh, "platypusloader"), ["pinned"]);
    assert!(slugs_for(&fresh, "quokkaloader").is_empty());
    assert_eq!(slugs_for(&fresh, "wombatcluster"), ["ops-nccl"]);
    // The generation in use keeps answering from what it indexed.
    assert_eq!(slugs_for(&kb, "quokkaloader"), ["pinned"]);
    assert!(slugs_for(&kb, "platypusloader").is_empty());
}

#[test]
fn a_change_is_seen_without_a_watcher_event() {
    let (_tmp, dir, kb) = lab();
    write(
        &dir.join("ops/nccl.txt"),
        "NCCL buffers\n\nThe koalacluster ran out of NCCL buffer space, then recovered.\n",
    );
    let (fresh, _, stats) = refresh(&kb, &[]);
    assert_eq!(counts(&stats), (1, 1, 1));
    assert_eq!(slugs_for(&fresh, "koalacluster"), ["ops-nccl"]);
}

#[test]
fn adding_and_deleting_notes() {
    let (_tmp, dir, kb) = lab();
    let pages = kb.pages().len();
    let added = dir.join("ops/shm.md");
    write(
        &added,
        "# Shared memory in containers\n\nThe numbatworker needed a bigger /dev/shm.\n",
    );
    let (kb2, _, stats) = refresh(&kb, std::slice::from_ref(&added));
    assert_eq!(counts(&stats), (1, 0, 1));
    assert_eq!(kb2.pages().len(), pages + 1);
    assert_eq!(slugs_for(&kb2, "numbatworker"), ["ops-shm"]);

    std::fs::remove_file(dir.join("pinned.md")).unwrap_or_else(|e| panic!("remove: {e}"));
    let (kb3, _, stats) = refresh(&kb2, &[dir.join("pinned.md")]);
    assert_eq!(counts(&stats), (0, 1, 0));
    assert_eq!(kb3.pages().len(), pages);
    assert!(kb3.page("pinned").is_none());
    assert!(slugs_for(&kb3, "quokkaloader").is_empty());
    assert_eq!(slugs_for(&kb3, "numbatworker"), ["ops-shm"]);
}

#[test]
fn a_note_taking_a_builtin_slug_and_giving_it_back() {
    let (_tmp, dir, kb) = lab();
    let builtin_title = kb
        .page("fragmentation")
        .map(|p| p.title.clone())
        .unwrap_or_else(|| panic!("built-in page"));
    let note = dir.join("frag.md");
    write(
        &note,
        "---\nslug: fragmentation\ntitle: Our fragmentation runbook\n---\nThe echidnaallocator fix.\n",
    );
    let (kb2, _, stats) = refresh(&kb, std::slice::from_ref(&note));
    assert_eq!(counts(&stats), (1, 1, 1));
    let page = kb2.page("fragmentation").unwrap_or_else(|| panic!("page"));
    assert_eq!(page.title, "Our fragmentation runbook");
    assert!(matches!(page.origin, PageOrigin::Lab { .. }));
    assert_eq!(slugs_for(&kb2, "echidnaallocator"), ["fragmentation"]);

    std::fs::remove_file(&note).unwrap_or_else(|e| panic!("remove: {e}"));
    let (kb3, _, stats) = refresh(&kb2, std::slice::from_ref(&note));
    assert_eq!(counts(&stats), (0, 1, 1));
    let page = kb3.page("fragmentation").unwrap_or_else(|| panic!("page"));
    assert_eq!(page.title, builtin_title);
    assert_eq!(page.origin, PageOrigin::BuiltIn);
    assert!(slugs_for(&kb3, "echidnaallocator").is_empty());
    assert_eq!(slugs_for(&kb3, "expandable_segments")[0], "fragmentation");
}

#[test]
fn a_note_broken_by_an_edit_is_reported_and_leaves() {
    let (_tmp, dir, kb) = lab();
    let note = dir.join("pinned.md");
    std::fs::write(&note, b"# Pinned \xff\xfe memory\n").unwrap_or_else(|e| panic!("write: {e}"));
    let (fresh, problems, stats) = refresh(&kb, std::slice::from_ref(&note));
    assert_eq!(counts(&stats), (0, 1, 0));
    assert_eq!(problems, [format!("{}:1: not valid UTF-8", note.display())]);
    assert!(fresh.page("pinned").is_none());
    assert!(slugs_for(&fresh, "quokkaloader").is_empty());
}

#[test]
fn many_generations_in_a_row() {
    let (_tmp, dir, mut kb) = lab();
    let note = dir.join("pinned.md");
    for round in 0..12 {
        write(
            &note,
            &format!("# Pinned host memory\n\nRound marker dingo{round} here.\n"),
        );
        let (fresh, _, stats) = refresh(&kb, std::slice::from_ref(&note));
        assert_eq!(counts(&stats), (1, 1, 1));
        kb = fresh;
        assert_eq!(slugs_for(&kb, &format!("dingo{round}")), ["pinned"]);
        if round > 0 {
            assert!(slugs_for(&kb, &format!("dingo{}", round - 1)).is_empty());
        }
    }
    assert_eq!(
        kb.pages()
            .iter()
            .filter(|p| matches!(p.origin, PageOrigin::Lab { .. }))
            .count(),
        2
    );
}

#[test]
fn a_folder_moved_in_and_removed() {
    let (tmp, dir, kb) = lab();
    let pages = kb.pages().len();
    // Written outside, then moved in whole: the watcher reports the folder only.
    let outside = tmp.path().join("incoming");
    write(
        &outside.join("a.md"),
        "# First incoming\n\nThe bilbyjob note.\n",
    );
    write(
        &outside.join("deep/b.rst"),
        "Second\n======\n\nThe bilbyjob again.\n",
    );
    write(&outside.join(".hidden.md"), "# Hidden\n\nbilbyjob\n");
    let moved = dir.join("incoming");
    std::fs::rename(&outside, &moved).unwrap_or_else(|e| panic!("rename: {e}"));
    let (kb2, _, stats) = refresh(&kb, std::slice::from_ref(&moved));
    assert_eq!(counts(&stats), (2, 0, 2));
    let mut found = slugs_for(&kb2, "bilbyjob");
    found.sort();
    assert_eq!(found, ["incoming-a", "incoming-deep-b"]);

    std::fs::remove_dir_all(&moved).unwrap_or_else(|e| panic!("remove: {e}"));
    let (kb3, _, stats) = refresh(&kb2, std::slice::from_ref(&moved));
    assert_eq!(counts(&stats), (0, 2, 0));
    assert_eq!(kb3.pages().len(), pages);
    assert!(slugs_for(&kb3, "bilbyjob").is_empty());
}

#[test]
fn files_that_are_not_notes_change_nothing() {
    let (tmp, dir, kb) = lab();
    let swap = dir.join(".pinned.md.swp");
    write(&swap, "# editor state\n");
    let json = dir.join("ops/data.json");
    write(&json, "{}\n");
    let elsewhere = tmp.path().join("other.md");
    write(&elsewhere, "# not in the lab folder\n");
    let none = kb
        .refresh(&[swap, json, elsewhere])
        .unwrap_or_else(|e| panic!("refresh: {e}"));
    assert!(none.knowledge.is_none());
}

#[test]
fn a_touched_path_given_absolute_matches_a_relative_folder() {
    let (_tmp, dir, _) = lab();
    // Load through a relative path, as `--content notes` from the folder above would.
    let parent = dir.parent().unwrap_or_else(|| panic!("parent"));
    let cwd = std::env::current_dir().unwrap_or_else(|e| panic!("cwd: {e}"));
    let relative = pathdiff(parent, &cwd).join("notes");
    let (kb, _) = KnowledgeBase::load(std::slice::from_ref(&relative))
        .unwrap_or_else(|e| panic!("load: {e}"));
    write(
        &dir.join("pinned.md"),
        "# Pinned host memory\n\nThe quollloader pinned every batch.\n",
    );
    let absolute = dir
        .join("pinned.md")
        .canonicalize()
        .unwrap_or_else(|e| panic!("canonical: {e}"));
    let (fresh, _, stats) = refresh(&kb, &[absolute]);
    assert_eq!(counts(&stats), (1, 1, 1));
    assert_eq!(slugs_for(&fresh, "quollloader"), ["pinned"]);
}

/// `to` relative to `from` (both absolute): enough `..` to climb to the common root, then down.
fn pathdiff(to: &Path, from: &Path) -> PathBuf {
    let to: Vec<_> = to.components().collect();
    let from: Vec<_> = from.components().collect();
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to[common..] {
        out.push(part);
    }
    out
}

#[test]
fn a_touch_without_a_change_changes_nothing() {
    let (_tmp, dir, kb) = lab();
    // What a watcher reports when a note is only opened and read, or its folder listed.
    let none = kb
        .refresh(&[dir.join("pinned.md"), dir.clone(), dir.join("ops")])
        .unwrap_or_else(|e| panic!("refresh: {e}"));
    assert!(none.knowledge.is_none());
}
