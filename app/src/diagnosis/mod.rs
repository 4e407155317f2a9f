//! What the diagnosis page says, computed from the advice: labels and the headline. Plain
//! functions, no views, so each is tested on its own. What to read is decided in `advice`.

pub mod headline;
pub mod labels;

use std::sync::Arc;

/// A saved paste and the advice for it, handed to the result page by the server.
#[derive(Debug, Clone)]
pub struct Diagnosis {
    /// The paste's id (its permalink is `/d/{id}`).
    pub id: String,
    /// The pasted text, as stored.
    pub text: Arc<str>,
    /// When it was (last) pasted, in seconds since the Unix epoch.
    pub pasted_at: i64,
    /// Whether identifying values were replaced before it was stored.
    pub redacted: bool,
    /// The report and everything it points the reader to.
    pub advice: advice::Advice,
}

/// How the server keeps a paste, said on its page: how long, whether it was redacted, and (once,
/// to whoever just pasted it) the link that deletes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Custody {
    /// When the paste is removed for age, in seconds since the Unix epoch; `None`: never for age.
    pub expires: Option<i64>,
    /// The retention in days (`--paste-retention-days`).
    pub days: Option<u32>,
    /// The bytes all pastes may take before the oldest go (`--paste-max-total`).
    pub max_total: Option<u64>,
    /// Whether identifying values were replaced before it was stored (`--redact`).
    pub redacted: bool,
    /// The path of the delete link with its key, shown on the first view after pasting only.
    pub delete_href: Option<String>,
}
