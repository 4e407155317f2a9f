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
    /// The report and everything it points the reader to.
    pub advice: advice::Advice,
}
