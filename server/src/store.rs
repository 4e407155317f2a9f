//! Saved pastes, in SQLite in the data folder. Ids come from the content, so the same text always
//! gets the same link and saving it twice stores it once.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

/// The database file inside the data folder.
pub const DATABASE_FILE: &str = "oomlens.sqlite3";

/// Hex digits of the content hash in an id: 48 bits, so ids stay short; a collision (two texts with
/// the same prefix) lengthens the newer id instead of overwriting.
const ID_HEX_DIGITS: usize = 12;

/// Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &["CREATE TABLE pastes (
        id TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL DEFAULT (unixepoch())
    ) STRICT;"];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the paste database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("the paste database failed: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("the paste database is in use by a crashed request")]
    Poisoned,
}

/// A saved paste.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paste {
    pub id: String,
    pub text: String,
    /// Seconds since the Unix epoch.
    pub created_at: i64,
}

/// The paste database. One connection behind a mutex: pastes are small and rare next to page views.
pub struct PasteStore {
    connection: Mutex<Connection>,
}

impl PasteStore {
    /// Opens (creating and migrating) the database in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        let path = data_dir.join(DATABASE_FILE);
        let connection = Connection::open(&path).map_err(|source| StoreError::Open {
            path: path.clone(),
            source,
        })?;
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(|source| StoreError::Open {
                path: path.clone(),
                source,
            })?;
        migrate(&connection).map_err(|source| StoreError::Open { path, source })?;
        Ok(Self {
            connection: Mutex::new(connection),
        })
    }

    /// Stores `text` and returns its id. Saving the same text again returns the same id.
    pub fn save(&self, text: &str) -> Result<String, StoreError> {
        let digest = hex(&Sha256::digest(text.as_bytes()));
        let connection = self.connection.lock().map_err(|_| StoreError::Poisoned)?;
        for digits in (ID_HEX_DIGITS..=digest.len()).step_by(4) {
            let id = &digest[..digits];
            let existing: Option<String> = connection
                .query_row(
                    "SELECT text FROM pastes WHERE id = ?1",
                    params![id],
                    |row| row.get(0),
                )
                .optional()?;
            match existing {
                Some(stored) if stored == text => return Ok(id.to_string()),
                Some(_) => continue,
                None => {
                    connection.execute(
                        "INSERT INTO pastes (id, text) VALUES (?1, ?2)",
                        params![id, text],
                    )?;
                    return Ok(id.to_string());
                }
            }
        }
        // Every prefix of a SHA-256 taken by another text: the full digest itself was, which cannot happen
        // for different texts; answer with it anyway rather than fail.
        Ok(digest)
    }

    /// The paste with this id, if any.
    pub fn get(&self, id: &str) -> Result<Option<Paste>, StoreError> {
        if !is_valid_id(id) {
            return Ok(None);
        }
        let connection = self.connection.lock().map_err(|_| StoreError::Poisoned)?;
        let paste = connection
            .query_row(
                "SELECT id, text, created_at FROM pastes WHERE id = ?1",
                params![id],
                |row| {
                    Ok(Paste {
                        id: row.get(0)?,
                        text: row.get(1)?,
                        created_at: row.get(2)?,
                    })
                },
            )
            .optional()?;
        Ok(paste)
    }
}

/// Ids are lowercase hex; anything else is not worth a query.
pub fn is_valid_id(id: &str) -> bool {
    (ID_HEX_DIGITS..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn migrate(connection: &Connection) -> Result<(), rusqlite::Error> {
    let applied: usize = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(applied) {
        connection.execute_batch(migration)?;
        connection.pragma_update(None, "user_version", index + 1)?;
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_gets_the_same_id_and_survives_reopening() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = PasteStore::open(dir.path()).expect("open");
        let first = store.save("CUDA out of memory").expect("save");
        assert_eq!(first.len(), ID_HEX_DIGITS);
        assert_eq!(store.save("CUDA out of memory").expect("save again"), first);
        assert_ne!(
            store.save("CUDA out of memory.").expect("save other"),
            first
        );
        drop(store);
        let reopened = PasteStore::open(dir.path()).expect("reopen");
        let paste = reopened.get(&first).expect("get").expect("found");
        assert_eq!(paste.text, "CUDA out of memory");
        // sha256("CUDA out of memory"), first 12 hex digits (Python's hashlib)
        assert_eq!(first, "84d2b69995cc");
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
        // sha256("second"), first 12 hex digits (Python's hashlib)
        let id = "16367aacb67a".to_string();
        assert_eq!(id.len(), ID_HEX_DIGITS);
        {
            let connection = store.connection.lock().expect("lock");
            connection
                .execute(
                    "INSERT INTO pastes (id, text) VALUES (?1, 'first')",
                    params![id],
                )
                .expect("insert");
        }
        let second = store.save("second").expect("save");
        assert_eq!(second, "16367aacb67a4a01", "four more digits of the digest");
        assert_eq!(store.get(&id).expect("get").expect("kept").text, "first");
    }
}
