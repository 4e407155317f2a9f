//! How long pastes are kept, and their removal: by age (`--paste-retention-days`), by the store's
//! total size (`--paste-max-total`, oldest first), and by the person who pasted (a delete key).

use rusqlite::{params, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use super::{PasteStore, StoreError};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// The limits on kept pastes. `None` is no limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Retention {
    /// Days a paste is kept after it was (last) pasted.
    pub days: Option<u32>,
    /// Bytes of pasted text kept in all; the oldest pastes go first past it.
    pub max_total: Option<u64>,
}

impl Retention {
    /// When a paste pasted at `created_at` (seconds since the Unix epoch) is removed by age.
    pub fn expires(&self, created_at: i64) -> Option<i64> {
        self.days
            .map(|days| created_at.saturating_add(i64::from(days) * DAY))
    }
}

/// What one purge removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Purged {
    /// The removed pastes' ids (the server forgets their kept analyses).
    pub ids: Vec<String>,
    /// Removed for age.
    pub expired: usize,
    /// Removed to bring the total under `max_total`.
    pub over_total: usize,
    /// Bytes of text removed.
    pub bytes: u64,
}

/// The answer to a delete request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deletion {
    Deleted,
    /// The paste exists; the key is not one handed out for it.
    WrongKey,
    NotFound,
}

/// Pastes kept, and their text's bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub pastes: u64,
    pub bytes: u64,
}

impl PasteStore {
    /// Removes what `retention` no longer allows at time `now` (seconds since the Unix epoch), in
    /// one transaction.
    ///
    /// # Errors
    /// What SQLite said; nothing is removed then.
    pub fn purge(&self, retention: &Retention, now: i64) -> Result<Purged, StoreError> {
        let mut connection = self.connection.lock().map_err(|_| StoreError::Poisoned)?;
        let transaction = connection.transaction()?;
        let mut purged = Purged::default();
        if let Some(days) = retention.days {
            let cutoff = now.saturating_sub(i64::from(days) * DAY);
            let old = select(
                &transaction,
                "SELECT id, bytes FROM pastes WHERE created_at < ?1",
                cutoff,
            )?;
            purged.expired = old.len();
            remove(&transaction, old, &mut purged)?;
        }
        if let Some(max_total) = retention.max_total {
            // newest first, the running total of sizes: every paste past the limit goes
            let over = select(
                &transaction,
                "SELECT id, bytes FROM (
                    SELECT id, bytes, SUM(bytes) OVER (ORDER BY created_at DESC, id DESC) AS running
                    FROM pastes)
                 WHERE running > ?1",
                i64::try_from(max_total).unwrap_or(i64::MAX),
            )?;
            purged.over_total = over.len();
            remove(&transaction, over, &mut purged)?;
        }
        transaction.commit()?;
        Ok(purged)
    }

    /// Deletes paste `id` if `key` is one of its delete keys.
    ///
    /// # Errors
    /// What SQLite said.
    pub fn delete(&self, id: &str, key: &str) -> Result<Deletion, StoreError> {
        if !super::is_valid_id(id) {
            return Ok(Deletion::NotFound);
        }
        let mut connection = self.connection.lock().map_err(|_| StoreError::Poisoned)?;
        let transaction = connection.transaction()?;
        let exists = transaction
            .query_row(
                "SELECT 1 FROM pastes WHERE id = ?1",
                params![id],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !exists {
            return Ok(Deletion::NotFound);
        }
        let hash = Sha256::digest(key.as_bytes()).to_vec();
        let known = transaction
            .query_row(
                "SELECT 1 FROM paste_delete_keys WHERE paste_id = ?1 AND key_hash = ?2",
                params![id, hash],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !known {
            return Ok(Deletion::WrongKey);
        }
        remove(
            &transaction,
            vec![(id.to_string(), 0)],
            &mut Purged::default(),
        )?;
        transaction.commit()?;
        Ok(Deletion::Deleted)
    }

    /// How many pastes are kept, and their bytes.
    ///
    /// # Errors
    /// What SQLite said.
    pub fn totals(&self) -> Result<Totals, StoreError> {
        let connection = self.connection.lock().map_err(|_| StoreError::Poisoned)?;
        let (pastes, bytes): (i64, i64) = connection.query_row(
            "SELECT count(*), coalesce(sum(bytes), 0) FROM pastes",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        Ok(Totals {
            pastes: u64::try_from(pastes).unwrap_or(0),
            bytes: u64::try_from(bytes).unwrap_or(0),
        })
    }
}

/// The (id, bytes) rows of a query with one integer parameter.
fn select(
    transaction: &Transaction,
    sql: &str,
    parameter: i64,
) -> Result<Vec<(String, i64)>, StoreError> {
    let mut statement = transaction.prepare(sql)?;
    let rows = statement.query_map(params![parameter], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Removes pastes and their delete keys, adding them to `purged`.
fn remove(
    transaction: &Transaction,
    rows: Vec<(String, i64)>,
    purged: &mut Purged,
) -> Result<(), StoreError> {
    for (id, bytes) in rows {
        transaction.execute("DELETE FROM pastes WHERE id = ?1", params![id])?;
        transaction.execute(
            "DELETE FROM paste_delete_keys WHERE paste_id = ?1",
            params![id],
        )?;
        purged.bytes += u64::try_from(bytes).unwrap_or(0);
        purged.ids.push(id);
    }
    Ok(())
}
