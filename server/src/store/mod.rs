//! Saved pastes, in SQLite in the data folder. Ids come from the content, so the same text always
//! gets the same link and saving it twice stores it once.
//!
//! An id is an HMAC-SHA-256 of the text under a key made at random for this installation (kept in
//! the database, so a backup restores it with the pastes): within one installation the same text
//! keeps its link, and nobody who guesses a paste's exact text can confirm, from its id or from
//! another server, that it was submitted (a plain SHA-256, as before, would let them).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use hmac::{Hmac, Mac};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

mod retention;
pub use retention::{Deletion, Purged, Retention, Totals};

/// The database file inside the data folder.
pub const DATABASE_FILE: &str = "oomlens.sqlite3";

/// Hex digits of the content hash in an id: 48 bits, so ids stay short; a collision (two texts with
/// the same prefix) lengthens the newer id instead of overwriting.
const ID_HEX_DIGITS: usize = 12;

/// Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE pastes (
        id TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL DEFAULT (unixepoch())
    ) STRICT;",
    // The installation's key for paste ids (one row). Pastes saved before it keep their ids.
    "CREATE TABLE installation (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        paste_key BLOB NOT NULL
    ) STRICT;",
    // Retention and deletion: each paste's size (for `--paste-max-total`) and whether it was
    // redacted; the hashes of the delete keys handed to whoever pasted it (one per submission).
    "ALTER TABLE pastes ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE pastes ADD COLUMN redacted INTEGER NOT NULL DEFAULT 0;
     UPDATE pastes SET bytes = length(CAST(text AS BLOB));
     CREATE INDEX pastes_by_age ON pastes (created_at, id);
     CREATE TABLE paste_delete_keys (
        paste_id TEXT NOT NULL,
        key_hash BLOB NOT NULL,
        PRIMARY KEY (paste_id, key_hash)
     ) STRICT;",
];

/// How long a save waits for the database's write lock (held by a wiki save, a backup).
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Bytes of the installation's key (HMAC-SHA-256's block is 64; 32 random bytes are its strength).
const KEY_BYTES: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the paste database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{path} was written by a newer oomlens (paste schema {found}; this one knows {known}): run that version, or restore the backup taken before the upgrade")]
    NewerSchema {
        path: PathBuf,
        found: usize,
        known: usize,
    },
    #[error("the paste database failed: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("the paste database is in use by a crashed request")]
    Poisoned,
    #[error("no random numbers from the operating system for the installation's key: {0}")]
    Random(String),
}

/// A saved paste.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paste {
    pub id: String,
    pub text: String,
    /// Seconds since the Unix epoch: when it was last pasted (pasting the same text again renews it).
    pub created_at: i64,
    /// Whether identifying values were replaced before it was stored (`--redact`).
    pub redacted: bool,
}

/// What [`PasteStore::save`] hands back: the paste's id, and a key that deletes it, made for this
/// submission and stored only as its hash (so it can be shown once, and never again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub id: String,
    /// 64 lowercase hex digits.
    pub delete_key: String,
}

/// The paste database. One connection behind a mutex: pastes are small and rare next to page views.
pub struct PasteStore {
    connection: Mutex<Connection>,
    /// The installation's key for paste ids.
    key: [u8; KEY_BYTES],
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
        // The wiki writes to the same file from its own connection: a save waits for its lock
        // rather than failing at once.
        connection
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|source| StoreError::Open {
                path: path.clone(),
                source,
            })?;
        let found = migrate(&connection).map_err(|source| StoreError::Open {
            path: path.clone(),
            source,
        })?;
        if found > MIGRATIONS.len() {
            return Err(StoreError::NewerSchema {
                path,
                found,
                known: MIGRATIONS.len(),
            });
        }
        let key = installation_key(&connection)?;
        Ok(Self {
            connection: Mutex::new(connection),
            key,
        })
    }

    /// The hex HMAC-SHA-256 of `text` under the installation's key.
    fn digest(&self, text: &str) -> String {
        // A key of any length is accepted (RFC 2104): this cannot fail.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(text.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// Stores `text` (`redacted` says whether it was) and returns its id and a new delete key.
    /// Saving the same text again returns the same id, renews the paste's age (retention counts
    /// from the latest paste) and adds a key: each person who pasted it can delete it.
    ///
    /// # Errors
    /// What SQLite said, or [`StoreError::Random`] when the OS gives no random bytes for the key.
    pub fn save(&self, text: &str, redacted: bool) -> Result<Saved, StoreError> {
        let digest = self.digest(text);
        let delete_key = random_hex()?;
        let key_hash = Sha256::digest(delete_key.as_bytes()).to_vec();
        let mut connection = self.connection.lock().map_err(|_| StoreError::Poisoned)?;
        let transaction = connection.transaction()?;
        let mut id = digest.clone();
        for digits in (ID_HEX_DIGITS..=digest.len()).step_by(4) {
            let candidate = &digest[..digits];
            let existing: Option<String> = transaction
                .query_row(
                    "SELECT text FROM pastes WHERE id = ?1",
                    params![candidate],
                    |row| row.get(0),
                )
                .optional()?;
            match existing {
                Some(stored) if stored == text => {
                    transaction.execute(
                        "UPDATE pastes SET created_at = unixepoch(), redacted = ?2 WHERE id = ?1",
                        params![candidate, redacted],
                    )?;
                }
                Some(_) => continue,
                None => {
                    transaction.execute(
                        "INSERT INTO pastes (id, text, bytes, redacted) VALUES (?1, ?2, ?3, ?4)",
                        params![candidate, text, text.len() as i64, redacted],
                    )?;
                }
            }
            id = candidate.to_string();
            break;
        }
        // (every prefix of the digest taken by another text means the full digest was, which
        // cannot happen for different texts: `id` is then the digest, stored by nobody)
        transaction.execute(
            "INSERT OR IGNORE INTO paste_delete_keys (paste_id, key_hash) VALUES (?1, ?2)",
            params![id, key_hash],
        )?;
        transaction.commit()?;
        Ok(Saved { id, delete_key })
    }

    /// Whether a paste could be saved now: a write transaction that changes nothing and is
    /// rolled back, which fails on a read-only file or folder, a disk that cannot journal, or a
    /// lock held past the busy timeout.
    ///
    /// # Errors
    /// What SQLite said.
    pub fn check_writable(&self) -> Result<(), StoreError> {
        let mut connection = self.connection.lock().map_err(|_| StoreError::Poisoned)?;
        let transaction =
            connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // a statement that writes, touching no row: SQLite refuses it on a read-only database
        transaction.execute(
            "UPDATE installation SET paste_key = paste_key WHERE id = 0",
            [],
        )?;
        // dropped without commit: rolled back
        Ok(())
    }

    /// The paste with this id, if any.
    pub fn get(&self, id: &str) -> Result<Option<Paste>, StoreError> {
        if !is_valid_id(id) {
            return Ok(None);
        }
        let connection = self.connection.lock().map_err(|_| StoreError::Poisoned)?;
        let paste = connection
            .query_row(
                "SELECT id, text, created_at, redacted FROM pastes WHERE id = ?1",
                params![id],
                |row| {
                    Ok(Paste {
                        id: row.get(0)?,
                        text: row.get(1)?,
                        created_at: row.get(2)?,
                        redacted: row.get(3)?,
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

/// The installation's key, made on first use.
fn installation_key(connection: &Connection) -> Result<[u8; KEY_BYTES], StoreError> {
    let stored: Option<Vec<u8>> = connection
        .query_row(
            "SELECT paste_key FROM installation WHERE id = 1",
            [],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(key) = stored.and_then(|bytes| <[u8; KEY_BYTES]>::try_from(bytes).ok()) {
        return Ok(key);
    }
    let mut key = [0u8; KEY_BYTES];
    getrandom::fill(&mut key).map_err(|e| StoreError::Random(e.to_string()))?;
    connection.execute(
        "INSERT OR REPLACE INTO installation (id, paste_key) VALUES (1, ?1)",
        params![key.to_vec()],
    )?;
    Ok(key)
}

/// Applies the migrations not yet applied; the version found. A version past this build's
/// migrations (a newer build wrote the file) is left as it is, for the caller to refuse.
fn migrate(connection: &Connection) -> Result<usize, rusqlite::Error> {
    let applied: usize = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(applied) {
        connection.execute_batch(migration)?;
        connection.pragma_update(None, "user_version", index + 1)?;
    }
    Ok(applied)
}

/// 32 random bytes from the OS, in hex (the wiki's session tokens are made the same way).
fn random_hex() -> Result<String, StoreError> {
    wiki::sessions::random_hex(KEY_BYTES).map_err(|e| StoreError::Random(e.to_string()))
}

/// The installation's key, for what else is keyed by it (redaction's placeholders).
impl PasteStore {
    pub fn installation_key(&self) -> &[u8] {
        &self.key
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
