//! The lines before the current one: what detectors and the engine read for context (a phase,
//! a device named above an error, the line a message was wrapped from).
//!
//! Separate from the scanner, which fills it, so that the engine and the detectors can read it
//! without depending on the scanner (which depends on the engine).

use std::collections::VecDeque;

use crate::normalize::clean_line;

/// Lines kept before the current one, for phase detection and context checks.
pub(crate) const CONTEXT_LINES: usize = 32;
/// Bytes of a context line kept (context lines are read for keywords, not parsed).
pub(crate) const CONTEXT_LINE_BYTES: usize = 4096;

/// The last lines before the current one: older lines kept from previous chunks, and the lines
/// of the current chunk before `start`, read in place.
pub(crate) struct Context<'a> {
    older: &'a VecDeque<Vec<u8>>,
    chunk: &'a [u8],
    start: usize,
}

impl<'a> Context<'a> {
    /// The lines before byte `start` of `chunk` (the start of a line, or the chunk's end), then
    /// `older` (nearest last).
    pub(crate) fn new(older: &'a VecDeque<Vec<u8>>, chunk: &'a [u8], start: usize) -> Self {
        Context {
            older,
            chunk,
            start,
        }
    }

    /// Previous lines, raw, nearest first, each cut at [`CONTEXT_LINE_BYTES`]: lines kept from
    /// an earlier chunk are kept cut, so a line read in place is cut the same way, or a report
    /// would depend on where the chunks ended (the fuzzer found it with a 4,696-byte line).
    pub(crate) fn lines(&self) -> impl Iterator<Item = &[u8]> + '_ {
        let mut end = self.start;
        let in_chunk = std::iter::from_fn(move || {
            if end == 0 {
                return None;
            }
            let line_end = end - 1; // the newline ending the previous line
            let line_start = memchr::memrchr(b'\n', &self.chunk[..line_end]).map_or(0, |i| i + 1);
            end = line_start;
            let line = &self.chunk[line_start..line_end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            Some(&line[..line.len().min(CONTEXT_LINE_BYTES)])
        });
        in_chunk
            .chain(self.older.iter().rev().map(Vec::as_slice))
            .take(CONTEXT_LINES)
    }

    /// Up to `n` previous lines, cleaned, nearest first.
    pub(crate) fn recent(&self, n: usize) -> Vec<String> {
        self.cleaned().take(n).collect()
    }

    /// Previous lines, cleaned, nearest first, each cleaned only when reached (a reader that
    /// stops at the first blank line cleans no more).
    pub(crate) fn cleaned(&self) -> impl Iterator<Item = String> + '_ {
        self.lines().map(clean)
    }

    /// The previous line, raw.
    pub(crate) fn last(&self) -> Option<&[u8]> {
        self.lines().next()
    }
}

/// A context line as its readers see it: its first [`CONTEXT_LINE_BYTES`] bytes, cleaned.
pub(crate) fn clean(raw: &[u8]) -> String {
    clean_line(&String::from_utf8_lossy(
        &raw[..raw.len().min(CONTEXT_LINE_BYTES)],
    ))
}
