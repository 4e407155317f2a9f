//! Text as people paste it, made readable for the format parsers.
//!
//! Per line: log prefixes (`[rank1]: `, docker-compose `svc  | `, timestamps, `> ` quotes, `# `
//! comments, pytest `E   `), stray backticks and quotes, markdown escapes (`\_`), tabs and NUL bytes.
//! Across lines (see [`join`]): hard wraps, including wraps inside a number.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

/// Prefixes that loggers, terminals and markdown put before a line's message, one at a time.
static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::re(concat!(
        r"^(?:",
        r"\s+",                                                           // indentation
        r"|>+ ?",                     // markdown quote, REPL prompt
        r"|# ",                       // commented-out log
        r"|\[rank\d+\]:",             // torchrun rank prefix
        r"|\[\d+\] ",                 // "[1] " process prefix
        r"|[A-Za-z0-9][\w.-]*\s+\| ", // docker-compose "svc  | "
        r"|\d{4}[-/]\d{2}[-/]\d{2}[T ]\d{2}:\d{2}:\d{2}[\d.,:+Z-]*:?\s*", // ISO timestamps
        r"|\d{4}-\d{2}-\d{2}:\d{2}:\d{2}:\d{2},\d+\s*", // python logging variant
        r"|\[[A-Z][a-z]{2} [^\]]*\d\d:\d\d:\d\d[^\]]*\]\s*", // dmesg -T
        r"|\[\d{4}-[^\]]*\]\s*",      // [2026-02-24T20:21:58Z]
        r"|\[\s*\d+\.\d+\]\s*",       // dmesg seconds
        r"|[A-Z][a-z]{2} +\d+ \d\d:\d\d:\d\d \S+ kernel: ", // syslog
        r"|[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ ", // glog
        r"|(?:INFO|WARNING|WARN|ERROR|DEBUG|CRITICAL) \d\d-\d\d \d\d:\d\d:\d\d \[?[\w.]+:\d+\]\s*", // vLLM
        r"|E {2,}",    // pytest failure lines
        r"|[`'\x22]+", // stray backticks and quotes
        r")"
    ))
});

/// How many prefixes are stripped at most (they nest: `svc  | 2024-01-01 ... [rank0]: `).
const MAX_PREFIXES: usize = 8;

/// One line cleaned for parsing: no CR, tabs as spaces, NUL removed, prefixes stripped,
/// markdown escapes undone, trailing whitespace removed.
pub fn clean_line(raw: &str) -> String {
    let mut line: Cow<str> = Cow::Borrowed(raw.trim_end_matches(['\r', '\n']));
    if line.contains(['\t', '\0']) {
        line = Cow::Owned(line.replace('\t', " ").replace('\0', ""));
    }
    if line.contains('\\') {
        line = Cow::Owned(unescape_markdown(&line));
    }
    // markdown bold, which people put around part of a message (`**RuntimeError: ...**`)
    if line.contains("**") {
        line = Cow::Owned(line.replace("**", ""));
    }
    let mut rest: &str = &line;
    for _ in 0..MAX_PREFIXES {
        match PREFIX.find(rest) {
            Some(m) if m.end() > 0 => rest = &rest[m.end()..],
            _ => break,
        }
    }
    rest.trim_end().to_string()
}

/// `\_` → `_`, `\*` → `*` and the like; other backslashes (Windows paths) stay.
fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                if matches!(next, '_' | '*' | '#' | '[' | ']' | '>' | '<' | '`' | '\'') {
                    out.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Joins a hard-wrapped continuation to a message: with a space, except where the wrap split a
/// number (`7.6` + `4 GiB`) or an identifier (`scratch_memo` + `ry`), which are glued back.
pub fn join(text: &mut String, next: &str) {
    let next = next.trim();
    if next.is_empty() {
        return;
    }
    let last = text.chars().last();
    let first = next.chars().next();
    let glue = match (last, first) {
        (Some(a), Some(b)) => {
            (a.is_ascii_digit() || a == '.') && b.is_ascii_digit() && !text.ends_with(' ')
        }
        _ => false,
    };
    if !glue && !text.is_empty() && !text.ends_with(' ') {
        text.push(' ');
    }
    text.push_str(next);
}

/// Collapses runs of whitespace into one space (for matching sentences that wrap).
pub fn squash_spaces(text: &str) -> Cow<'_, str> {
    if !text.contains("  ") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut prev_space = false;
    for c in text.chars() {
        if c == ' ' {
            if !prev_space {
                out.push(c);
            }
            prev_space = true;
        } else {
            out.push(c);
            prev_space = false;
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_prefixes() {
        assert_eq!(
            clean_line("[rank1]: torch.OutOfMemoryError: x"),
            "torch.OutOfMemoryError: x"
        );
        assert_eq!(clean_line("ollama  | ggml_backend: y\r"), "ggml_backend: y");
        assert_eq!(clean_line("2025-11-12T11:25:13.4961658Z FAILED"), "FAILED");
        assert_eq!(clean_line("> RuntimeError: z"), "RuntimeError: z");
        assert_eq!(clean_line("# [rank1]: torch.X"), "torch.X");
        assert_eq!(clean_line("    '''    "), "");
        assert_eq!(
            clean_line("E   OSError: [WinError 1455]"),
            "OSError: [WinError 1455]"
        );
        assert_eq!(
            clean_line("[Thu Mar 14 01:57:54 2019] Out of memory"),
            "Out of memory"
        );
        assert_eq!(
            clean_line("May 15 23:09:30 host-01 kernel: [  518.050606] Out"),
            "Out"
        );
        assert_eq!(
            clean_line("return self.\\_call_impl(\\*args)"),
            "return self._call_impl(*args)"
        );
        assert_eq!(clean_line("a\tb\0c"), "a bc");
    }

    #[test]
    fn joins_wrapped_numbers() {
        let mut t = String::from("capacity of 7.6");
        join(&mut t, "4 GiB of which");
        assert_eq!(t, "capacity of 7.64 GiB of which");
        let mut t = String::from("capacity of");
        join(&mut t, "  21.95 GiB");
        assert_eq!(t, "capacity of 21.95 GiB");
    }
}
