//! What the diagnosis page says, computed from a report: labels, the headline, snippet parameters.
//! Plain functions, no views, so each is tested on its own.

pub mod guides;
pub mod headline;
pub mod lab_notes;
pub mod labels;
pub mod params;

use std::sync::Arc;

/// A saved paste and its analysis, handed to the result page by the server.
#[derive(Debug, Clone)]
pub struct Diagnosis {
    /// The paste's id (its permalink is `/d/{id}`).
    pub id: String,
    /// The pasted text, as stored.
    pub text: Arc<str>,
    /// The analysis of the text, with finding pages filled in.
    pub report: triage::Report,
}
