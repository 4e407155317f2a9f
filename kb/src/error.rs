//! The one error type of the crate. Loading pages never fails on a bad page (that is a [`crate::Problem`]);
//! only the search index itself can fail to build.

use std::path::PathBuf;

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
    pub message: String,
}

impl Problem {
    pub fn new(file: impl Into<String>, line: usize, message: impl Into<String>) -> Problem {
        Problem {
            file: file.into(),
            line: line.max(1),
            message: message.into(),
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
            "skipped:\r x",
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
