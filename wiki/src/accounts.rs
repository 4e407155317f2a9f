//! Local accounts: a name, a role, an argon2id password hash (RFC 9106; the `argon2` crate's
//! defaults: 19 MiB, 2 passes, 1 lane, OWASP's minimum). Users signed in by a trusted proxy have
//! no password here.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use crate::{now, Wiki, WikiError};

/// Shortest password accepted (NIST SP 800-63B asks at least 8).
pub const MIN_PASSWORD: usize = 8;

/// What a user may do. Each role may do everything the ones before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads the wiki (where reading needs signing in) and pastes.
    Viewer,
    /// Writes pages: new, edit, delete, restore.
    Editor,
    /// Manages users and settings.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = WikiError;

    fn from_str(text: &str) -> Result<Role, WikiError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "viewer" => Ok(Role::Viewer),
            "editor" => Ok(Role::Editor),
            "admin" => Ok(Role::Admin),
            _ => Err(WikiError::BadRole(text.to_string())),
        }
    }
}

/// A user as stored, without the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// Created on first sight through the trusted proxy's header; signs in only that way.
    pub via_proxy: bool,
    pub created_at: i64,
}

fn user(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        name: row.get(1)?,
        role: row.get::<_, String>(2)?.parse().unwrap_or(Role::Viewer),
        via_proxy: row.get::<_, i64>(3)? != 0,
        created_at: row.get(4)?,
    })
}

const USER_COLUMNS: &str = "id, name, role, via_proxy, created_at";

/// Whether `name` is a user name: 1 to 64 of letters (any script), digits, `.`, `_`, `-`, `@`
/// (an SSO proxy often sends an email address).
pub fn valid_name(name: &str) -> bool {
    let count = name.chars().count();
    (1..=64).contains(&count)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
}

fn hash(password: &str) -> Result<String, WikiError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(WikiError::WeakPassword(MIN_PASSWORD));
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| WikiError::Random(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| WikiError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| WikiError::Hash(e.to_string()))
}

impl Wiki {
    /// Adds a local user.
    ///
    /// # Errors
    /// [`WikiError::BadUserName`], [`WikiError::WeakPassword`], [`WikiError::UserExists`].
    pub fn add_user(&self, name: &str, role: Role, password: &str) -> Result<User, WikiError> {
        if !valid_name(name) {
            return Err(WikiError::BadUserName);
        }
        let hashed = hash(password)?;
        let connection = self.lock()?;
        let created_at = now();
        let inserted = connection.execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO NOTHING",
            params![name, role.as_str(), hashed, created_at],
        )?;
        if inserted == 0 {
            return Err(WikiError::UserExists(name.to_string()));
        }
        Ok(User {
            id: connection.last_insert_rowid(),
            name: name.to_string(),
            role,
            via_proxy: false,
            created_at,
        })
    }

    /// The user a trusted proxy names, created with `role` on first sight.
    ///
    /// # Errors
    /// [`WikiError::BadUserName`] for a header value that is not a user name.
    pub fn proxy_user(&self, name: &str, role: Role) -> Result<User, WikiError> {
        if !valid_name(name) {
            return Err(WikiError::BadUserName);
        }
        let connection = self.lock()?;
        connection.execute(
            "INSERT INTO users (name, role, via_proxy, created_at) VALUES (?1, ?2, 1, ?3)
             ON CONFLICT (name) DO NOTHING",
            params![name, role.as_str(), now()],
        )?;
        connection
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE name = ?1"),
                params![name],
                user,
            )
            .map_err(WikiError::from)
    }

    /// Every user, by name.
    ///
    /// # Errors
    /// Database failures.
    pub fn users(&self) -> Result<Vec<User>, WikiError> {
        let connection = self.lock()?;
        let mut statement =
            connection.prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY name"))?;
        let rows = statement.query_map([], user)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The user called `name`, if any.
    ///
    /// # Errors
    /// Database failures.
    pub fn user(&self, name: &str) -> Result<Option<User>, WikiError> {
        let connection = self.lock()?;
        Ok(connection
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE name = ?1"),
                params![name],
                user,
            )
            .optional()?)
    }

    /// Changes a user's role.
    ///
    /// # Errors
    /// [`WikiError::NoSuchUser`].
    pub fn set_role(&self, name: &str, role: Role) -> Result<(), WikiError> {
        let changed = self.lock()?.execute(
            "UPDATE users SET role = ?2 WHERE name = ?1",
            params![name, role.as_str()],
        )?;
        if changed == 0 {
            return Err(WikiError::NoSuchUser(name.to_string()));
        }
        Ok(())
    }

    /// Sets a new password and signs the user out everywhere.
    ///
    /// # Errors
    /// [`WikiError::WeakPassword`], [`WikiError::NoSuchUser`].
    pub fn set_password(&self, name: &str, password: &str) -> Result<(), WikiError> {
        let hashed = hash(password)?;
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let changed = transaction.execute(
            "UPDATE users SET password_hash = ?2 WHERE name = ?1",
            params![name, hashed],
        )?;
        if changed == 0 {
            return Err(WikiError::NoSuchUser(name.to_string()));
        }
        transaction.execute(
            "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1)",
            params![name],
        )?;
        transaction.commit()?;
        Ok(())
    }

    /// The user, when `password` is theirs. A missing user costs the same hashing as a wrong
    /// password, so timing does not tell which names exist.
    ///
    /// # Errors
    /// Database failures.
    pub fn check_password(&self, name: &str, password: &str) -> Result<Option<User>, WikiError> {
        let found = {
            let connection = self.lock()?;
            connection
                .query_row(
                    &format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE name = ?1"),
                    params![name],
                    |row| Ok((user(row)?, row.get::<_, Option<String>>(5)?)),
                )
                .optional()?
        };
        let (user, stored) = match found {
            Some((user, Some(stored))) => (Some(user), stored),
            _ => (None, DUMMY_HASH.to_string()),
        };
        let matches = PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        Ok(user.filter(|_| matches))
    }
}

/// An argon2id hash of a random password nobody knows, checked against when the name is unknown.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$5vDuWsxc6ug5wAcG0/HdVl6gBdcmp1pe4d2LIs2rtzU";

#[cfg(test)]
mod tests {
    use super::*;

    /// The stand-in hash parses with the defaults' cost, so an unknown name costs what a known one does.
    #[test]
    fn the_stand_in_hash_has_the_real_cost() {
        let parsed = PasswordHash::new(DUMMY_HASH).unwrap_or_else(|e| panic!("{e}"));
        let real = hash("some password").unwrap_or_else(|e| panic!("{e}"));
        let real = PasswordHash::new(&real).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed.algorithm, real.algorithm);
        assert_eq!(parsed.params, real.params);
    }
}
