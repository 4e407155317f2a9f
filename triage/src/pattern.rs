//! Compiling the static patterns. Messages are ASCII where it matters, so `\d`, `\w`, `\s` and
//! `\b` are made ASCII-only: the Unicode tables make each pattern several times slower to
//! compile and keep the fast DFA from running (`\b`), which is most of a small input's cost.

use regex::Regex;

/// Rewrites Unicode shorthand classes to their ASCII forms.
fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('d') => out.push_str("[0-9]"),
            Some('D') => out.push_str("[^0-9]"),
            Some('w') => out.push_str("[0-9A-Za-z_]"),
            Some('s') => out.push_str(r"[\t\n\x0B\x0C\r ]"),
            Some('b') => out.push_str(r"(?-u:\b)"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Compiles static patterns into one set, searched in one pass (same rules as [`re`]).
pub(crate) fn set(patterns: &[&str]) -> regex::RegexSet {
    regex::RegexSet::new(patterns.iter().map(|p| ascii_classes(p))).expect("static regex set")
}

/// Compiles a static pattern (a bug if it does not compile: every pattern is exercised by the
/// unit tests).
pub(crate) fn re(pattern: &str) -> Regex {
    Regex::new(&ascii_classes(pattern)).expect("static regex")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_classes() {
        assert_eq!(ascii_classes(r"\d+\.\d"), r"[0-9]+\.[0-9]");
        assert_eq!(
            ascii_classes(r"[\w.-]\s\b"),
            r"[[0-9A-Za-z_].-][\t\n\x0B\x0C\r ](?-u:\b)"
        );
        assert!(re(r"[^\w.]MemoryError\b").is_match(" MemoryError"));
        assert!(re(r"\bGPU[\s:_]*(\d)").is_match("GPU_0_bfc"));
    }
}
