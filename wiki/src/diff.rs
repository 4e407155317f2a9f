//! Two texts compared line by line (`similar`, Myers' algorithm), with the words that changed
//! inside a changed line marked: what a revision comparison shows.

use std::time::Duration;

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
    /// Changed lines counted but not listed: the comparison stopped at [`MAX_LINES`].
    pub omitted: usize,
}

/// Lines a comparison lists at most. Past them the changes are counted, not listed: a page a
/// person can read, and a bound on what one request of a crawler or a feed reader costs.
pub const MAX_LINES: usize = 2_000;
/// Time the line diff may take. Past it `similar` finishes with a correct diff that may not be
/// the smallest one.
const DEADLINE: Duration = Duration::from_millis(250);
/// The longest changed stretch (old and new lines together) whose changed words are marked;
/// a longer one (a page rewritten) is listed line by line.
const WORD_MARK_LINES: usize = 400;

/// A change as listed: its kind, its indexes in the old and new text (0-based), its parts.
type Change = (ChangeTag, Option<usize>, Option<usize>, Vec<(bool, String)>);

/// `old` against `new`, in hunks with `context` lines around each change: at most
/// [`MAX_LINES`] lines listed, the rest counted in [`Stat::omitted`]. Empty when the texts are
/// the same.
pub fn compare(old: &str, new: &str, context: usize) -> (Vec<Hunk>, Stat) {
    let diff = TextDiff::configure().timeout(DEADLINE).diff_lines(old, new);
    let mut stat = Stat::default();
    let mut hunks = Vec::new();
    let mut listed = 0;
    for group in diff.grouped_ops(context) {
        let mut lines = Vec::new();
        for op in &group {
            let mark_words = op.old_range().len() + op.new_range().len() <= WORD_MARK_LINES;
            let changes: Vec<Change> = if mark_words {
                diff.iter_inline_changes(op)
                    .map(|change| {
                        let parts = change
                            .iter_strings_lossy()
                            .map(|(marked, text)| (marked, text.into_owned()))
                            .collect();
                        (change.tag(), change.old_index(), change.new_index(), parts)
                    })
                    .collect()
            } else {
                diff.iter_changes(op)
                    .map(|change| {
                        let parts = vec![(false, change.value().to_string())];
                        (change.tag(), change.old_index(), change.new_index(), parts)
                    })
                    .collect()
            };
            for (tag, old_index, new_index, parts) in changes {
                let kind = match tag {
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
                if listed >= MAX_LINES {
                    stat.omitted += usize::from(kind != LineKind::Same);
                    continue;
                }
                listed += 1;
                let parts = parts
                    .into_iter()
                    .map(|(marked, text)| (marked, text.trim_end_matches(['\n', '\r']).to_string()))
                    .filter(|(_, text)| !text.is_empty())
                    .collect();
                lines.push(Line {
                    kind,
                    old: old_index.map(|i| i + 1),
                    new: new_index.map(|i| i + 1),
                    parts,
                });
            }
        }
        if !lines.is_empty() {
            hunks.push(Hunk { lines });
        }
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
                removed: 1,
                omitted: 0
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

    /// A page rewritten whole (80,000 lines each side) is compared within the bounds: the first
    /// MAX_LINES lines listed, every change counted, no word marks on a stretch that long.
    #[test]
    fn a_rewritten_long_page_is_listed_up_to_the_bound_and_counted_whole() {
        let old: String = (0..80_000).map(|i| format!("old line {i}\n")).collect();
        let new: String = (0..80_000).map(|i| format!("new line {i}\n")).collect();
        let (hunks, stat) = compare(&old, &new, 3);
        assert_eq!((stat.added, stat.removed), (80_000, 80_000));
        let listed: usize = hunks.iter().map(|h| h.lines.len()).sum();
        assert_eq!(listed, MAX_LINES);
        assert_eq!(stat.omitted, 160_000 - MAX_LINES);
        assert!(hunks
            .iter()
            .flat_map(|h| &h.lines)
            .all(|line| line.parts.iter().all(|(marked, _)| !marked)));
        assert_eq!(
            hunks[0].lines[0].parts,
            vec![(false, "old line 0".to_string())]
        );
    }
}
