//! The one error type of the crate. Loading pages never fails on a bad page (that is a [`crate::Problem`]);
//! only the search index itself can fail to build.

use std::path::PathBuf;

use triage::Says;

/// Why the knowledge base could not be built at all.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// tantivy refused to create or fill the index.
    #[error("cannot build the search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The directory asked for the on-disk index cannot be used.
    #[error("cannot use {path} for the search index: {source}")]
    IndexDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// tantivy could not open the directory asked for the on-disk index.
    #[error("cannot open {path} for the search index: {message}")]
    IndexDirOpen { path: PathBuf, message: String },
}

/// Something wrong with one page file: reported, and the page skipped or fixed up, never fatal.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The file (or page name) the problem is in.
    pub file: String,
    /// 1-based line of the offending key, link or block; 1 when it concerns the whole file.
    pub line: usize,
    /// The problem in English, as logs and the JSON carry it.
    pub message: String,
    /// The same sentence as a message id and its values, for a reader in another language: the
    /// interface's catalogues hold `problem-{id}` in each language, the English one word for word
    /// [`Problem::message`] (a test in `app` holds them together).
    #[serde(skip)]
    pub says: Says,
}

/// A problem's sentence before it is pinned to a file and line: its id and values, and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub says: Says,
    pub english: String,
}

/// `english`, with the message id and the values a translation words it with. Values are text as
/// it will be shown (paths, keys, byte counts as digits).
pub fn said(id: &'static str, args: &[(&'static str, String)], english: String) -> Said {
    Said {
        says: Says::new(id, args),
        english,
    }
}

/// A file whose bytes are not UTF-8.
pub(crate) fn not_utf8() -> Said {
    said("not-utf8", &[], "not valid UTF-8".into())
}

/// A page whose rendering panicked (caught, so that one page cannot take the site down).
pub(crate) fn internal() -> Said {
    said("internal", &[], "internal error while rendering".into())
}

impl Problem {
    pub fn new(file: impl Into<String>, line: usize, said: Said) -> Problem {
        Problem {
            file: file.into(),
            line: line.max(1),
            message: said.english,
            says: said.says,
        }
    }
}

/// `file:line: message`, on one line whatever the file is called: file names and messages come
/// from outside (a lab's repository), and a newline or terminal escape in them must not forge a
/// log line or repaint a terminal. See [`escaped`].
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            escaped(&self.file),
            self.line,
            escaped(&self.message)
        )
    }
}

/// Whether `c` must not reach a log or terminal as itself: control characters (newline, carriage
/// return, escape, C1) and the invisible characters that reorder or hide text (bidirectional
/// overrides and isolates, zero-width marks; the "Trojan Source" set, CVE-2021-42574).
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// `text` with every character that could forge a log line or hide text escaped as Rust escapes
/// it (`\n`, `\u{1b}`, `\u{202e}`); everything else, Chinese included, as it is. Borrowed when
/// there is nothing to escape.
pub fn escaped(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_is_one_line_whatever_its_file_is_called() {
        let p = Problem::new(
            "notes/a\n2026-11-29T00:00:00Z ERROR forged.md",
            1,
            said(
                "cannot-read",
                &[("error", "x".into())],
                "skipped:\r x".into(),
            ),
        );
        let shown = p.to_string();
        assert_eq!(
            shown,
            "notes/a\\n2026-11-29T00:00:00Z ERROR forged.md:1: skipped:\\r x"
        );
        assert!(!shown.contains('\n') && !shown.contains('\r'));
        assert_eq!(escaped("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(escaped("evil\u{202e}dm.txt"), "evil\\u{202e}dm.txt");
        assert_eq!(escaped("显存 碎片.md"), "显存 碎片.md");
    }
}
