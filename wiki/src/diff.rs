//! Two texts compared line by line (`similar`, Myers' algorithm), with the words that changed
//! inside a changed line marked: what a revision comparison shows.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// What a line of the comparison is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineKind {
    Same,
    Removed,
    Added,
}

/// A line of the comparison: its kind, its numbers in the old and new text (1-based), and its
/// text in parts, each part marked when it is a word that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub kind: LineKind,
    pub old: Option<usize>,
    pub new: Option<usize>,
    pub parts: Vec<(bool, String)>,
}

/// A stretch of changed lines with up to `context` unchanged lines around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hunk {
    pub lines: Vec<Line>,
}

/// Counts of a comparison, in lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stat {
    pub added: usize,
    pub removed: usize,
}

/// `old` against `new`, in hunks with `context` lines around each change. Empty when the texts
/// are the same.
pub fn compare(old: &str, new: &str, context: usize) -> (Vec<Hunk>, Stat) {
    let diff = TextDiff::from_lines(old, new);
    let mut stat = Stat::default();
    let mut hunks = Vec::new();
    for group in diff.grouped_ops(context) {
        let mut lines = Vec::new();
        for op in &group {
            for change in diff.iter_inline_changes(op) {
                let kind = match change.tag() {
                    ChangeTag::Equal => LineKind::Same,
                    ChangeTag::Delete => {
                        stat.removed += 1;
                        LineKind::Removed
                    }
                    ChangeTag::Insert => {
                        stat.added += 1;
                        LineKind::Added
                    }
                };
                let parts = change
                    .iter_strings_lossy()
                    .map(|(emphasized, text)| {
                        (emphasized, text.trim_end_matches(['\n', '\r']).to_string())
                    })
                    .filter(|(_, text)| !text.is_empty())
                    .collect();
                lines.push(Line {
                    kind,
                    old: change.old_index().map(|i| i + 1),
                    new: change.new_index().map(|i| i + 1),
                    parts,
                });
            }
        }
        hunks.push(Hunk { lines });
    }
    (hunks, stat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_word_is_marked_inside_its_line() {
        let old = "# Title\n\nset max_split_size_mb to 128\nlast\n";
        let new = "# Title\n\nset max_split_size_mb to 512\nlast\n";
        let (hunks, stat) = compare(old, new, 1);
        assert_eq!(
            stat,
            Stat {
                added: 1,
                removed: 1
            }
        );
        assert_eq!(hunks.len(), 1);
        let lines = &hunks[0].lines;
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert_eq!(lines[0].kind, LineKind::Same);
        assert_eq!(
            (lines[1].kind, lines[1].old, lines[1].new),
            (LineKind::Removed, Some(3), None)
        );
        assert_eq!(
            (lines[2].kind, lines[2].old, lines[2].new),
            (LineKind::Added, None, Some(3))
        );
        let marked: Vec<&str> = lines[2]
            .parts
            .iter()
            .filter(|(m, _)| *m)
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(marked, vec!["512"]);
    }

    #[test]
    fn the_same_text_has_no_hunks() {
        assert_eq!(
            compare("a\nb\n", "a\nb\n", 3),
            (Vec::new(), Stat::default())
        );
    }
}
