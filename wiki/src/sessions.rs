//! Server-side sessions. The cookie holds a random token (256 bits); the database keeps only its
//! SHA-256, so a copy of the database signs nobody in. Each session has its own CSRF token, which
//! every form that changes something carries back (the synchronizer-token pattern, OWASP).

use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::accounts::{Role, User};
use crate::{now, Wiki, WikiError};

/// How long a session lasts, in seconds (30 days).
pub const SESSION_SECONDS: i64 = 30 * 24 * 3600;

/// A signed-in session as a request sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    /// The token the session's forms must carry.
    pub csrf: String,
}

/// `bytes` random bytes from the operating system, as lowercase hex.
///
/// # Errors
/// [`WikiError::Random`] when the operating system has none to give.
pub fn random_hex(bytes: usize) -> Result<String, WikiError> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|e| WikiError::Random(e.to_string()))?;
    Ok(hex(&buffer))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

impl Wiki {
    /// Starts a session for `user`: the token for the cookie, and the session.
    ///
    /// # Errors
    /// [`WikiError::Random`], database failures.
    pub fn start_session(&self, user: &User) -> Result<(String, Session), WikiError> {
        let token = random_hex(32)?;
        let csrf = random_hex(32)?;
        let created_at = now();
        let connection = self.lock()?;
        // Expired sessions go whenever a new one starts: the table stays the size of its use.
        connection.execute(
            "DELETE FROM sessions WHERE expires_at < ?1",
            params![created_at],
        )?;
        connection.execute(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                token_hash(&token),
                user.id,
                csrf,
                created_at,
                created_at + SESSION_SECONDS
            ],
        )?;
        Ok((
            token,
            Session {
                user: user.clone(),
                csrf,
            },
        ))
    }

    /// The session a cookie's token names, if it exists and has not expired.
    ///
    /// # Errors
    /// Database failures.
    pub fn session(&self, token: &str) -> Result<Option<Session>, WikiError> {
        let connection = self.lock()?;
        let found = connection
            .query_row(
                "SELECT u.id, u.name, u.role, u.via_proxy, u.created_at, s.csrf
                 FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = ?1 AND s.expires_at >= ?2",
                params![token_hash(token), now()],
                |row| {
                    Ok(Session {
                        user: User {
                            id: row.get(0)?,
                            name: row.get(1)?,
                            role: row.get::<_, String>(2)?.parse().unwrap_or(Role::Viewer),
                            via_proxy: row.get::<_, i64>(3)? != 0,
                            created_at: row.get(4)?,
                        },
                        csrf: row.get(5)?,
                    })
                },
            )
            .optional()?;
        Ok(found)
    }

    /// Ends the session a token names (signing out).
    ///
    /// # Errors
    /// Database failures.
    pub fn end_session(&self, token: &str) -> Result<(), WikiError> {
        self.lock()?.execute(
            "DELETE FROM sessions WHERE token_hash = ?1",
            params![token_hash(token)],
        )?;
        Ok(())
    }
}
