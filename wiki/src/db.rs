//! Opening the database: WAL, foreign keys, a busy timeout, and the wiki's own schema version
//! (the pastes in the same file keep `PRAGMA user_version`; the wiki counts in `wiki_schema`).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::Connection;

use crate::WikiError;

/// The database file inside the data folder, shared with the saved pastes: one file to back up.
pub const DATABASE_FILE: &str = "oomlens.sqlite3";

/// Schema migrations of the wiki's tables, applied in order; `wiki_schema.version` records how
/// many ran. Never edit one that shipped: add another.
const MIGRATIONS: &[&str] = &["
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
        password_hash TEXT,
        via_proxy INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE revisions (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL,
        parent INTEGER REFERENCES revisions(id),
        state TEXT NOT NULL CHECK (state IN ('live', 'deleted', 'original')),
        source TEXT NOT NULL,
        author TEXT NOT NULL,
        comment TEXT NOT NULL DEFAULT '',
        merged INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX revisions_by_slug ON revisions(slug, id);
    CREATE TABLE pages (
        slug TEXT PRIMARY KEY,
        head INTEGER NOT NULL REFERENCES revisions(id)
    ) STRICT;
"];

/// The wiki's database. One connection behind a mutex: saves are rare next to page views, and
/// one writer at a time is what SQLite allows anyway.
pub struct Wiki {
    pub(crate) connection: Mutex<Connection>,
    pub(crate) path: PathBuf,
}

impl Wiki {
    /// Opens (creating and migrating) the database in `data_dir`.
    ///
    /// # Errors
    /// [`WikiError::Open`] when the file cannot be opened or migrated.
    pub fn open(data_dir: &Path) -> Result<Wiki, WikiError> {
        let path = data_dir.join(DATABASE_FILE);
        let open = |path: &Path| -> rusqlite::Result<Connection> {
            let connection = Connection::open(path)?;
            connection.pragma_update(None, "journal_mode", "WAL")?;
            // FULL: a save acknowledged is on disk even if the machine loses power next.
            connection.pragma_update(None, "synchronous", "FULL")?;
            connection.pragma_update(None, "foreign_keys", true)?;
            connection.busy_timeout(Duration::from_secs(5))?;
            Ok(connection)
        };
        let failed = |source| WikiError::Open {
            path: path.clone(),
            source,
        };
        let connection = open(&path).map_err(failed)?;
        match migrate(&connection).map_err(failed)? {
            Schema::Current => {}
            Schema::Newer(found) => {
                return Err(WikiError::NewerSchema {
                    path: path.clone(),
                    found,
                    known: MIGRATIONS.len() as i64,
                })
            }
        }
        Ok(Wiki {
            connection: Mutex::new(connection),
            path,
        })
    }

    pub(crate) fn lock(&self) -> Result<MutexGuard<'_, Connection>, WikiError> {
        self.connection.lock().map_err(|_| WikiError::Poisoned)
    }

    /// Copies the whole database (wiki and pastes) to `to` with SQLite's online backup: the
    /// server keeps answering while it runs, and the copy is one consistent moment.
    ///
    /// # Errors
    /// [`WikiError::Backup`] when `to` cannot be written.
    pub fn backup_to(&self, to: &Path) -> Result<(), WikiError> {
        let connection = self.lock()?;
        let failed = |source| WikiError::Backup {
            path: to.to_path_buf(),
            source,
        };
        let mut target = Connection::open(to).map_err(failed)?;
        let backup = rusqlite::backup::Backup::new(&connection, &mut target).map_err(failed)?;
        backup
            .run_to_completion(256, Duration::from_millis(5), None)
            .map_err(failed)?;
        Ok(())
    }

    /// Where the database is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `PRAGMA integrity_check`: `ok`, or the problems SQLite finds.
    ///
    /// # Errors
    /// [`WikiError::Sql`] when the check cannot run.
    pub fn integrity_check(&self) -> Result<String, WikiError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare("PRAGMA integrity_check")?;
        let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
        let lines: Vec<String> = rows.collect::<Result<_, _>>()?;
        Ok(lines.join("\n"))
    }
}

/// What [`migrate`] found.
enum Schema {
    Current,
    /// Written by a newer build (its version): left as it is, and not opened.
    Newer(i64),
}

fn migrate(connection: &Connection) -> rusqlite::Result<Schema> {
    connection.execute_batch(
        "CREATE TABLE IF NOT EXISTS wiki_schema (version INTEGER NOT NULL) STRICT;",
    )?;
    let version: i64 = connection
        .query_row("SELECT version FROM wiki_schema", [], |row| row.get(0))
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => {
                connection.execute("INSERT INTO wiki_schema (version) VALUES (0)", [])?;
                Ok(0)
            }
            other => Err(other),
        })?;
    if version > MIGRATIONS.len() as i64 {
        return Ok(Schema::Newer(version));
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let transaction = connection.unchecked_transaction()?;
        transaction.execute_batch(migration)?;
        transaction.execute("UPDATE wiki_schema SET version = ?1", [index as i64 + 1])?;
        transaction.commit()?;
    }
    Ok(Schema::Current)
}
