//! Three-way merge of a page's text (`diffy`, line-wise, as `git merge-file` does): two edits
//! that touch different lines of the same base both go through; overlapping ones do not.

/// What a merge gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged {
    /// Both edits, in one text.
    Clean(String),
    /// The edits change the same lines: a person has to choose.
    Conflict,
}

/// Merges `theirs` (the page's newest text) and `ours` (the edit being saved), both made from
/// `base`. The same change made twice is taken once.
pub fn merge3(base: &str, theirs: &str, ours: &str) -> Merged {
    if theirs == ours || theirs == base {
        return Merged::Clean(ours.to_string());
    }
    if ours == base {
        return Merged::Clean(theirs.to_string());
    }
    // Lines compare with their ends: a last line without a newline is given one on each side,
    // then the merged text keeps the edit's own ending.
    let ending = |text: &str| {
        if text.is_empty() || text.ends_with('\n') {
            text.to_string()
        } else {
            format!("{text}\n")
        }
    };
    match diffy::merge(&ending(base), &ending(theirs), &ending(ours)) {
        Ok(mut text) => {
            if !ours.ends_with('\n') && text.ends_with('\n') {
                text.pop();
            }
            Merged::Clean(text)
        }
        Err(_) => Merged::Conflict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "# Title\n\nfirst line\nsecond line\nthird line\n";

    #[test]
    fn edits_to_different_lines_merge() {
        let theirs = BASE.replace("first line", "first line, edited by A");
        let ours = BASE.replace("third line", "third line, edited by B");
        assert_eq!(
            merge3(BASE, &theirs, &ours),
            Merged::Clean(
                "# Title\n\nfirst line, edited by A\nsecond line\nthird line, edited by B\n".into()
            )
        );
    }

    #[test]
    fn edits_to_the_same_line_conflict() {
        let theirs = BASE.replace("second line", "second line (A)");
        let ours = BASE.replace("second line", "second line (B)");
        assert_eq!(merge3(BASE, &theirs, &ours), Merged::Conflict);
    }

    #[test]
    fn one_side_unchanged_takes_the_other() {
        let ours = BASE.replace("third", "3rd");
        assert_eq!(merge3(BASE, BASE, &ours), Merged::Clean(ours.clone()));
        assert_eq!(merge3(BASE, &ours, BASE), Merged::Clean(ours.clone()));
        assert_eq!(merge3(BASE, &ours, &ours), Merged::Clean(ours));
    }

    #[test]
    fn a_last_line_without_a_newline_merges_too() {
        let base = "a\nb\nc";
        assert_eq!(
            merge3(base, "A\nb\nc", "a\nb\nC"),
            Merged::Clean("A\nb\nC".into())
        );
    }
}
