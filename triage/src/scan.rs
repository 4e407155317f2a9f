//! The streaming scanner: bytes in, in chunks cut anywhere (mid-line, mid-UTF-8); a Report out.
//!
//! Memory stays bounded: the partial last line, a ring of the last [`CONTEXT_LINES`] lines, the
//! events found (at most [`crate::MAX_EVENTS`]). Speed comes from a prefilter: one Aho-Corasick
//! pass over each chunk finds the few lines worth parsing; the others are only counted and kept
//! in the ring for context.

use std::collections::VecDeque;

use crate::context::{Context, CONTEXT_LINES, CONTEXT_LINE_BYTES};
use crate::engine::Engine;
use crate::prefilter::{has_trigger, next_fragment};
use crate::report::Report;

/// Longest line kept; the rest of a longer line is dropped (its line is still counted).
pub(crate) const MAX_LINE_BYTES: usize = 1 << 20;

/// Streams text through the detectors in bounded memory.
///
/// ```
/// let mut scanner = triage::Scanner::new();
/// scanner.push(b"RuntimeError: CUDA error: out of mem");
/// scanner.push(b"ory\nnext line\n");
/// let report = scanner.finish();
/// assert_eq!(report.events.len(), 1);
/// ```
#[derive(Debug, Default)]
pub struct Scanner {
    carry: Vec<u8>,
    carry_overflowed: bool,
    /// The last lines of previous chunks, nearest last.
    older: VecDeque<Vec<u8>>,
    engine: Engine,
    line_no: u64,
    /// Every line goes to the detectors, none skipped by the prefilter (tests only).
    unfiltered: bool,
    /// What naming a failed allocation reads (`crate::naming`), gathered as lines go by.
    naming: crate::naming::Collected,
}

impl Scanner {
    pub fn new() -> Self {
        Self::default()
    }

    /// A scanner without its prefilter: every line is parsed. Its reports must equal the
    /// filtered scanner's; the test that says so proves the prefilter drops nothing.
    #[cfg(feature = "test-support")]
    pub fn unfiltered() -> Self {
        let mut scanner = Scanner {
            unfiltered: true,
            ..Self::default()
        };
        scanner.engine.ungated = true;
        scanner
    }

    /// Feeds the next bytes of the input; chunks may end anywhere.
    pub fn push(&mut self, chunk: &[u8]) {
        let mut rest = chunk;
        if !self.carry.is_empty() || self.carry_overflowed {
            let Some(i) = memchr::memchr(b'\n', rest) else {
                self.extend_carry(rest);
                return;
            };
            self.extend_carry(&rest[..i]);
            self.finish_carry();
            rest = &rest[i + 1..];
        }
        let Some(last_newline) = memchr::memrchr(b'\n', rest) else {
            self.extend_carry(rest);
            return;
        };
        let body = &rest[..=last_newline];
        self.naming.scan(body, self.line_no + 1);
        self.scan_body(body);
        self.remember_tail(body);
        self.extend_carry(&rest[last_newline + 1..]);
    }

    /// Ends the input and returns the report.
    pub fn finish(mut self) -> Report {
        if !self.carry.is_empty() || self.carry_overflowed {
            self.finish_carry();
        }
        let context = Context::new(&self.older, &[], 0);
        let mut report = self.engine.finish(&context, self.line_no);
        crate::naming::name_events(&mut report.events, &self.naming);
        report
    }

    /// Parses the complete lines of `body` (which ends with a newline): only lines with a
    /// fragment, and every line while the engine has something open.
    fn scan_body(&mut self, body: &[u8]) {
        let mut pos = 0;
        while pos < body.len() {
            let line_start = if self.unfiltered || self.engine.wants_lines() {
                pos
            } else {
                let Some(hit) = next_fragment(body, pos) else {
                    break;
                };
                let start = memchr::memrchr(b'\n', &body[pos..hit]).map_or(pos, |i| pos + i + 1);
                self.line_no += memchr::memchr_iter(b'\n', &body[pos..start]).count() as u64;
                start
            };
            let end =
                memchr::memchr(b'\n', &body[line_start..]).map_or(body.len(), |i| line_start + i);
            let line = &body[line_start..end];
            let context = Context::new(&self.older, body, line_start);
            self.line_no += 1;
            Self::line(
                &mut self.engine,
                &mut self.naming,
                self.line_no,
                line,
                &context,
                self.unfiltered,
            );
            pos = end + 1;
        }
        if pos < body.len() {
            self.line_no += memchr::memchr_iter(b'\n', &body[pos..]).count() as u64;
        }
    }

    fn line(
        engine: &mut Engine,
        naming: &mut crate::naming::Collected,
        line_no: u64,
        raw: &[u8],
        context: &Context,
        all: bool,
    ) {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let raw = &raw[..raw.len().min(MAX_LINE_BYTES)];
        let triggered = all || has_trigger(raw);
        if triggered && !engine.is_full() {
            // A message's traceback sits in the lines above it (an event that starts once the
            // engine is full is only counted, and needs no name).
            naming.around(context.lines(), line_no);
        }
        if triggered || engine.wants_lines() {
            engine.line(line_no, &String::from_utf8_lossy(raw), context, triggered);
        }
    }

    /// Keeps the last [`CONTEXT_LINES`] lines of `body` for the next chunk.
    fn remember_tail(&mut self, body: &[u8]) {
        let context = Context::new(&self.older, body, body.len());
        let mut tail: Vec<Vec<u8>> = context
            .lines()
            .map(|l| l[..l.len().min(CONTEXT_LINE_BYTES)].to_vec())
            .collect();
        tail.reverse();
        self.older = tail.into();
    }

    fn finish_carry(&mut self) {
        let line = std::mem::take(&mut self.carry);
        self.carry_overflowed = false;
        let context = Context::new(&self.older, &[], 0);
        self.line_no += 1;
        Self::line(
            &mut self.engine,
            &mut self.naming,
            self.line_no,
            &line,
            &context,
            self.unfiltered,
        );
        if self.older.len() >= CONTEXT_LINES {
            self.older.pop_front();
        }
        let kept = line.strip_suffix(b"\r").unwrap_or(&line);
        self.older
            .push_back(kept[..kept.len().min(CONTEXT_LINE_BYTES)].to_vec());
        self.carry = line;
        self.carry.clear();
    }

    fn extend_carry(&mut self, bytes: &[u8]) {
        let room = MAX_LINE_BYTES.saturating_sub(self.carry.len());
        if bytes.len() > room {
            self.carry_overflowed = true;
        }
        self.carry
            .extend_from_slice(&bytes[..bytes.len().min(room)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_boundaries_do_not_matter() {
        let text = "x\r\nRuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 7.93 GiB total capacity; 2.81 GiB already allocated; 25.38 MiB free; 3.06 GiB reserved in total by PyTorch)\r\nmore\n\u{00e9}t\u{00e9} Out of memory: Killed process 12 (python)\n";
        let whole = crate::analyze(text);
        for size in [1, 2, 3, 7, 64] {
            let mut s = Scanner::new();
            for chunk in text.as_bytes().chunks(size) {
                s.push(chunk);
            }
            assert_eq!(s.finish(), whole, "chunk size {size}");
        }
        assert_eq!(whole.events.len(), 2);
        assert_eq!(whole.events[0].line, 2);
        assert_eq!(whole.summary.lines, 4);
    }

    #[test]
    fn huge_line_is_bounded() {
        let mut s = Scanner::new();
        let chunk = vec![b'a'; 1 << 16];
        for _ in 0..40 {
            s.push(&chunk);
        }
        s.push(b"\nCUDA error: out of memory\n");
        let r = s.finish();
        assert_eq!(r.events.len(), 1);
        assert_eq!(r.events[0].line, 2);
    }
}
