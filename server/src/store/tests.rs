use super::*;

#[test]
fn the_same_text_gets_the_same_id_and_survives_reopening() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = PasteStore::open(dir.path()).expect("open");
    let first = store.save("CUDA out of memory", false).expect("save").id;
    assert_eq!(first.len(), ID_HEX_DIGITS);
    assert_eq!(
        store
            .save("CUDA out of memory", false)
            .expect("save again")
            .id,
        first
    );
    assert_ne!(
        store
            .save("CUDA out of memory.", false)
            .expect("save other")
            .id,
        first
    );
    drop(store);
    let reopened = PasteStore::open(dir.path()).expect("reopen");
    let paste = reopened.get(&first).expect("get").expect("found");
    assert_eq!(paste.text, "CUDA out of memory");
    assert_eq!(
        reopened
            .save("CUDA out of memory", false)
            .expect("save after reopening")
            .id,
        first,
        "the key survives reopening"
    );
}

#[test]
fn ids_differ_between_installations_and_are_not_the_plain_hash() {
    let (a, b) = (
        tempfile::tempdir().expect("temp dir"),
        tempfile::tempdir().expect("temp dir"),
    );
    let first = PasteStore::open(a.path())
        .expect("open")
        .save("CUDA out of memory", false)
        .expect("save")
        .id;
    let second = PasteStore::open(b.path())
        .expect("open")
        .save("CUDA out of memory", false)
        .expect("save")
        .id;
    assert_ne!(first, second, "another installation, another id");
    // sha256("CUDA out of memory"), first 12 hex digits (Python's hashlib): what ids were
    assert_ne!(first, "84d2b69995cc");
    assert_ne!(second, "84d2b69995cc");
}

#[test]
fn a_read_only_database_is_not_writable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = PasteStore::open(dir.path()).expect("open");
    assert!(store.check_writable().is_ok());
    let read_only = Connection::open_with_flags(
        dir.path().join(DATABASE_FILE),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open read-only");
    let store = PasteStore {
        connection: Mutex::new(read_only),
        key: store.key,
    };
    assert!(store.check_writable().is_err());
}

#[test]
fn unknown_and_malformed_ids_are_absent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = PasteStore::open(dir.path()).expect("open");
    assert_eq!(store.get("000000000000").expect("get"), None);
    assert_eq!(store.get("'; DROP TABLE pastes; --").expect("get"), None);
    assert!(!is_valid_id("ABCDEF123456"));
}

#[test]
fn a_colliding_prefix_lengthens_the_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = PasteStore::open(dir.path()).expect("open");
    let digest = store.digest("second");
    let id = digest[..ID_HEX_DIGITS].to_string();
    {
        let connection = store.connection.lock().expect("lock");
        connection
            .execute(
                "INSERT INTO pastes (id, text) VALUES (?1, 'first')",
                params![id],
            )
            .expect("insert");
    }
    let second = store.save("second", false).expect("save").id;
    assert_eq!(
        second,
        digest[..ID_HEX_DIGITS + 4],
        "four more digits of the digest"
    );
    assert_eq!(store.get(&id).expect("get").expect("kept").text, "first");
}

fn paste(store: &PasteStore, text: &str) -> Saved {
    store.save(text, false).expect("save")
}

/// Sets a paste's age, as if it had been pasted `days` ago.
fn age(store: &PasteStore, id: &str, created_at: i64) {
    let connection = store.connection.lock().expect("lock");
    connection
        .execute(
            "UPDATE pastes SET created_at = ?2 WHERE id = ?1",
            params![id, created_at],
        )
        .expect("update");
}

#[test]
fn a_delete_key_deletes_its_paste_and_no_other_key_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = PasteStore::open(dir.path()).expect("open");
    let first = paste(&store, "CUDA out of memory");
    let again = paste(&store, "CUDA out of memory");
    let other = paste(&store, "MemoryError");
    assert_eq!(first.id, again.id);
    assert_ne!(first.delete_key, again.delete_key, "a key per submission");
    assert_eq!(first.delete_key.len(), 64);
    assert_eq!(
        store.delete(&first.id, &other.delete_key).expect("delete"),
        Deletion::WrongKey
    );
    assert_eq!(
        store.delete(&first.id, "").expect("delete"),
        Deletion::WrongKey
    );
    assert_eq!(
        store.delete(&first.id, &again.delete_key).expect("delete"),
        Deletion::Deleted
    );
    assert_eq!(store.get(&first.id).expect("get"), None);
    assert_eq!(
        store.delete(&first.id, &first.delete_key).expect("delete"),
        Deletion::NotFound
    );
    assert_eq!(
        store.totals().expect("totals"),
        Totals {
            pastes: 1,
            bytes: "MemoryError".len() as u64
        }
    );
    // pasted again after deletion: a new paste, and the old keys do not delete it
    let back = paste(&store, "CUDA out of memory");
    assert_eq!(back.id, first.id);
    assert_eq!(
        store.delete(&back.id, &first.delete_key).expect("delete"),
        Deletion::WrongKey
    );
}

#[test]
fn purges_remove_the_expired_then_the_oldest_past_the_total() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = PasteStore::open(dir.path()).expect("open");
    let now = 1_800_000_000;
    let day = 86_400;
    // four pastes of 10 bytes, 40, 20, 5 and 1 days old
    let ids: Vec<String> = ["aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd"]
        .iter()
        .zip([40, 20, 5, 1])
        .map(|(text, days)| {
            let id = paste(&store, text).id;
            age(&store, &id, now - days * day);
            id
        })
        .collect();
    let retention = Retention {
        days: Some(30),
        max_total: Some(25),
    };
    let purged = store.purge(&retention, now).expect("purge");
    assert_eq!(purged.ids, vec![ids[0].clone(), ids[1].clone()]);
    assert_eq!(
        (purged.expired, purged.over_total, purged.bytes),
        (1, 1, 20)
    );
    assert_eq!(store.totals().expect("totals").pastes, 2);
    assert!(store.get(&ids[2]).expect("get").is_some());
    // nothing more to do: a second purge removes nothing
    assert_eq!(
        store.purge(&retention, now).expect("purge"),
        Purged::default()
    );
    // no limits: nothing is removed
    let none = store.purge(&Retention::default(), now + 1000 * day);
    assert_eq!(none.expect("purge").ids.len(), 0);
    assert_eq!(retention.expires(now), Some(now + 30 * day));
}

#[test]
fn pasting_again_renews_the_age_and_keeps_the_redaction_mark() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = PasteStore::open(dir.path()).expect("open");
    let saved = store.save("x", true).expect("save");
    age(&store, &saved.id, 5);
    let kept = store.get(&saved.id).expect("get").expect("kept");
    assert_eq!((kept.created_at, kept.redacted), (5, true));
    store.save("x", true).expect("save again");
    let renewed = store.get(&saved.id).expect("get").expect("kept");
    assert!(renewed.created_at > 1_700_000_000, "{}", renewed.created_at);
}

#[test]
fn a_database_from_a_newer_build_is_refused_and_left_as_it_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    drop(PasteStore::open(dir.path()).expect("open"));
    let path = dir.path().join(DATABASE_FILE);
    {
        let connection = Connection::open(&path).expect("open");
        connection
            .pragma_update(None, "user_version", 99)
            .expect("a newer version");
    }
    match PasteStore::open(dir.path()) {
        Err(StoreError::NewerSchema { found, known, .. }) => {
            assert_eq!((found, known), (99, MIGRATIONS.len()));
        }
        other => panic!("expected NewerSchema, got {:?}", other.map(|_| ())),
    }
    let connection = Connection::open(&path).expect("open");
    let version: usize = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .expect("version");
    assert_eq!(version, 99, "untouched");
}
