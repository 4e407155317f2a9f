//! What a line is before the detectors read it: code that names an error rather than an
//! error, a heading or link that only mentions one, and the rank whose output it is.
//!
//! Separate from the state machine in `mod.rs`: these are pure tests on one line's text, with
//! their own patterns, that the engine consults before and around the detector table.

use std::sync::LazyLock;

use regex::Regex;

use crate::formats;

/// A source line: code that mentions an error rather than an error (`raise ValueError(...)`).
pub(super) static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    // after IPython's `--> 444` arrow or an editor's `12 |` gutter too
    crate::pattern::re(
        r"^(?:-*>\s*\d+\s+|\d+\s*\|\s*)?(?:raise|except|if|elif|assert|print|return|def|class|import|from|with)\b",
    )
});
/// An exception as printed, after which a glued source line has the real message.
pub(super) static EXCEPTION: LazyLock<Regex> =
    LazyLock::new(|| crate::pattern::re(r"[A-Za-z_][\w.]*(?:Error|Exception): "));

/// `[rankN]` before a line: interleaved ranks never continue each other's messages.
static RANK: LazyLock<Regex> = LazyLock::new(|| crate::pattern::re(r"\[rank(\d+)\]"));

pub(super) fn rank_of(raw: &str) -> Option<&str> {
    let mut end = raw.len().min(40);
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    RANK.captures(&raw[..end])
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
}

/// A printed amount anywhere in a line.
static ANY_AMOUNT: LazyLock<Regex> = LazyLock::new(|| crate::pattern::re(formats::AMOUNT));

/// A heading or a link that names an error without any of its numbers (a table of contents,
/// a list of references): not an event.
pub(super) fn is_mention(clean: &str, text: &str) -> bool {
    let markup = clean.starts_with('#')
        || clean.starts_with("- [")
        || clean.starts_with("* [")
        || clean.contains("](")
        || clean.contains("<http");
    markup && !ANY_AMOUNT.is_match(text)
}
