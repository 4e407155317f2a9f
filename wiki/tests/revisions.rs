//! Revisions as the web will use them: saves with a base that merge or conflict, delete and
//! undelete, restore, back to the original, the lists, and a backup that holds it all.

use wiki::{Edit, State, Why, Wiki};

const PAGE: &str = "---\ntitle: Frag\nslug: frag\nlang: en\n---\n\n# Frag\n\none\ntwo\nthree\n";

fn wiki() -> (tempfile::TempDir, Wiki) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let wiki = Wiki::open(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    (dir, wiki)
}

fn edit<'a>(base: Option<i64>, source: &'a str, author: &'a str) -> Edit<'a> {
    Edit {
        slug: "frag",
        base,
        source,
        author,
        comment: "",
        original: None,
        original_seen: None,
    }
}

fn saved(wiki: &Wiki, edit: Edit<'_>) -> wiki::Saved {
    wiki.save(edit)
        .unwrap_or_else(|e| panic!("{e}"))
        .saved()
        .unwrap_or_else(|| panic!("saved"))
}

fn refused(wiki: &Wiki, edit: Edit<'_>) -> wiki::Conflict {
    wiki.save(edit)
        .unwrap_or_else(|e| panic!("{e}"))
        .conflict()
        .unwrap_or_else(|| panic!("refused"))
}

#[test]
fn a_stale_edit_to_other_lines_merges_and_one_to_the_same_line_conflicts() {
    let (_dir, wiki) = wiki();
    let first = saved(&wiki, edit(None, PAGE, "ana"));
    assert!(!first.merged);
    let a = PAGE.replace("one", "one (ana)");
    let second = saved(&wiki, edit(Some(first.revision.id), &a, "ana"));
    // bo started from the first revision too, and changed another line
    let b = PAGE.replace("three", "three (bo)");
    let merged = saved(&wiki, edit(Some(first.revision.id), &b, "bo"));
    assert!(merged.merged);
    assert_eq!(merged.revision.parent, Some(second.revision.id));
    assert_eq!(
        merged.revision.source,
        PAGE.replace("one", "one (ana)")
            .replace("three", "three (bo)")
    );
    // cy also started from the first, and changed ana's line: refused, nothing written
    let c = PAGE.replace("one", "one (cy)");
    let conflict = refused(&wiki, edit(Some(first.revision.id), &c, "cy"));
    assert_eq!(conflict.head.id, merged.revision.id);
    assert_eq!(conflict.base_text, PAGE);
    assert_eq!(wiki.history("frag").unwrap_or_default().len(), 3);
}

#[test]
fn delete_undelete_restore_and_back_to_the_original() {
    let (_dir, wiki) = wiki();
    let original = PAGE;
    // a first edit of a built-in page starts from its original text
    let mine = PAGE.replace("two", "two, edited");
    let saved = saved(
        &wiki,
        Edit {
            original: Some(original),
            original_seen: None,
            ..edit(None, &mine, "ana")
        },
    );
    let deleted = wiki
        .delete("frag", original, "ana", "duplicate")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(deleted.state, State::Deleted);
    assert_eq!(deleted.source, mine, "the text is kept");
    let back = wiki
        .undelete("frag", "ana", "")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (back.state, back.source.as_str()),
        (State::Live, mine.as_str())
    );
    let reverted = wiki
        .revert_to_original("frag", original, "bo", "")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reverted.state, State::Original);
    let restored = wiki
        .restore("frag", saved.revision.id, "bo", "")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (restored.state, restored.source.as_str()),
        (State::Live, mine.as_str())
    );
    let history = wiki.history("frag").unwrap_or_default();
    let states: Vec<State> = history.iter().map(|r| r.state).collect();
    assert_eq!(
        states,
        vec![
            State::Live,
            State::Original,
            State::Live,
            State::Deleted,
            State::Live
        ]
    );
    assert!(wiki.undelete("frag", "bo", "").is_err(), "not deleted");
    assert!(wiki.restore("other", saved.revision.id, "bo", "").is_err());
}

#[test]
fn a_built_in_page_deleted_comes_back_as_the_original() {
    let (_dir, wiki) = wiki();
    let deleted = wiki
        .delete("frag", PAGE, "ana", "")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(deleted.parent, None);
    let back = wiki
        .undelete("frag", "ana", "")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.state, State::Original);
}

#[test]
fn recent_changes_page_newest_first_and_a_backup_holds_everything() {
    let (dir, wiki) = wiki();
    let mut last = None;
    for n in 0..5 {
        let text = format!("{PAGE}\nline {n}\n");
        let saved = saved(&wiki, edit(last, &text, "ana"));
        last = Some(saved.revision.id);
    }
    let first = wiki.recent(2, None).unwrap_or_default();
    let ids: Vec<i64> = first.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![5, 4]);
    let next = wiki.recent(2, Some(4)).unwrap_or_default();
    assert_eq!(next.iter().map(|r| r.id).collect::<Vec<_>>(), vec![3, 2]);

    let copy = dir.path().join("copy");
    std::fs::create_dir_all(&copy).unwrap_or_else(|e| panic!("{e}"));
    wiki.backup_to(&copy.join(wiki::DATABASE_FILE))
        .unwrap_or_else(|e| panic!("{e}"));
    let restored = Wiki::open(&copy).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(restored.all_revisions().ok(), wiki.all_revisions().ok());
    assert_eq!(restored.integrity_check().ok().as_deref(), Some("ok"));
}

#[test]
fn a_base_that_is_no_revision_of_the_page_is_refused_and_nothing_is_written() {
    let (_dir, wiki) = wiki();
    let other = saved(
        &wiki,
        Edit {
            slug: "other",
            ..edit(None, PAGE, "ana")
        },
    );
    // The page has no revision yet: nothing to overwrite, the save is its first revision.
    let first = saved(&wiki, edit(Some(999), PAGE, "ana"));
    assert!(!first.merged);
    // Now it has one: a base from another page, or one the database does not hold (a form
    // opened before a restore from an older backup), cannot say what the edit changed.
    let mine = PAGE.replace("two", "two (bo)");
    for base in [other.revision.id, 999] {
        let conflict = refused(&wiki, edit(Some(base), &mine, "bo"));
        assert_eq!(conflict.why, Why::UnknownBase);
        assert_eq!(conflict.head.id, first.revision.id);
        assert_eq!(conflict.base_text, PAGE, "the page as it is now");
    }
    assert_eq!(wiki.history("frag").unwrap_or_default().len(), 1);
    // Saved again from the head the refusal gave, it goes through.
    let again = saved(&wiki, edit(Some(first.revision.id), &mine, "bo"));
    assert_eq!(again.revision.source, mine);
}

#[test]
fn an_edit_of_a_page_deleted_meanwhile_is_refused_until_saved_again() {
    let (_dir, wiki) = wiki();
    let first = saved(&wiki, edit(None, PAGE, "ana"));
    let deleted = wiki
        .delete("frag", "", "dana", "obsolete")
        .unwrap_or_else(|e| panic!("{e}"));
    // bo opened the form before the delete. Unchanged or changed, his save does not bring the
    // page back behind dana's back (an unchanged one used to come back empty, as "merged").
    for mine in [PAGE.to_string(), PAGE.replace("one", "one (bo)")] {
        let conflict = refused(&wiki, edit(Some(first.revision.id), &mine, "bo"));
        assert_eq!(conflict.why, Why::Deleted);
        assert_eq!(conflict.head.id, deleted.id);
        assert_eq!(conflict.head.author, "dana");
    }
    assert_eq!(wiki.history("frag").unwrap_or_default().len(), 2);
    // Knowing, he saves again from the deleted head: the page is back with his text.
    let mine = PAGE.replace("one", "one (bo)");
    let back = saved(&wiki, edit(Some(deleted.id), &mine, "bo"));
    assert_eq!((back.revision.state, back.merged), (State::Live, false));
    assert_eq!(back.revision.source, mine);
}

#[test]
fn a_comment_is_kept_as_one_line_without_control_characters() {
    let (_dir, wiki) = wiki();
    let saved = saved(
        &wiki,
        Edit {
            comment: " fixed\u{7} the\r\nbatch size\u{1b}[31m \t",
            ..edit(None, PAGE, "ana")
        },
    );
    assert_eq!(saved.revision.comment, "fixed the batch size [31m");
    let listed = wiki.history("frag").unwrap_or_default();
    assert_eq!(listed[0].comment, "fixed the batch size [31m");
}

/// A first edit of a built-in or folder page carries the fingerprint of the text it started
/// from: when the file changed meanwhile, the save is refused rather than merged over the new
/// text (which would drop the file's change unseen).
#[test]
fn a_first_edit_whose_original_changed_meanwhile_is_refused() {
    let (_dir, wiki) = wiki();
    let before = PAGE;
    let now = PAGE.replace("two", "two (edited on disk)");
    let seen = wiki::original_hash(before);
    let mine = PAGE.replace("one", "one (ana)");
    let conflict = refused(
        &wiki,
        Edit {
            original: Some(&now),
            original_seen: Some(&seen),
            ..edit(None, &mine, "ana")
        },
    );
    assert_eq!(conflict.why, Why::OriginalChanged);
    assert_eq!(conflict.base_text, now);
    assert!(
        wiki.history("frag").unwrap_or_default().is_empty(),
        "nothing written"
    );
    // from the text as it is now, it goes through
    let seen_now = wiki::original_hash(&now);
    let saved = saved(
        &wiki,
        Edit {
            original: Some(&now),
            original_seen: Some(&seen_now),
            ..edit(None, &mine, "ana")
        },
    );
    assert_eq!(saved.revision.source, mine);
}

/// A folder note removed while its edit form was open: the save is refused, not turned into a
/// wiki page unasked.
#[test]
fn a_first_edit_whose_original_was_removed_meanwhile_is_refused() {
    let (_dir, wiki) = wiki();
    let seen = wiki::original_hash(PAGE);
    let conflict = refused(
        &wiki,
        Edit {
            original: None,
            original_seen: Some(&seen),
            ..edit(None, PAGE, "ana")
        },
    );
    assert_eq!(
        (conflict.why, conflict.base_text.as_str()),
        (Why::OriginalChanged, "")
    );
    assert!(wiki.history("frag").unwrap_or_default().is_empty());
    // saved again without a fingerprint (the form the refusal gives), it is a wiki page
    let saved = wiki
        .save(edit(None, PAGE, "ana"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(saved.saved().is_some());
}
