//! Which of the lab formats a note is written in: by its extension, and for `.txt` by its markup
//! (labs save markdown and reStructuredText as `.txt` too).

use std::path::Path;

/// How a note is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Markdown,
    Rst,
    Text,
}

/// The format of a file: by extension, and for `.txt` by what the text looks like (labs save
/// markdown and rst as `.txt` too).
pub(crate) fn format_of(path: &Path, body: &str) -> Format {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "md" | "markdown" => Format::Markdown,
        "rst" => Format::Rst,
        _ => sniff(body),
    }
}

/// Guesses the format of a text file from its markup.
pub(crate) fn sniff(text: &str) -> Format {
    let mut md = 0usize;
    let mut rst = 0usize;
    let mut in_fence = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            md += 2;
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') && line.starts_with('#') {
            md += 2;
        }
        if t.contains("](") || t.contains("**") {
            md += 1;
        }
        if t.starts_with(".. ") && (t.contains("::") || t.starts_with(".. _")) {
            rst += 3;
        }
        if t.contains(":ref:`") || t.contains(":doc:`") || t.contains(">`_") {
            rst += 2;
        }
        if t.contains("``") && !t.starts_with("```") {
            rst += 1;
        }
        if t.ends_with("::") && !t.starts_with("..") {
            rst += 1;
        }
    }
    if rst > md {
        Format::Rst
    } else if md > 0 {
        Format::Markdown
    } else {
        Format::Text
    }
}
