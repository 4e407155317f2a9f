//! The streaming scanner: bytes in, in chunks cut anywhere (mid-line, mid-UTF-8); a Report out.
//!
//! Memory stays bounded: the partial last line, a ring of the last [`CONTEXT_LINES`] lines, the
//! events found (at most [`crate::MAX_EVENTS`]). Speed comes from a prefilter: one Aho-Corasick
//! pass over each chunk finds the few lines worth parsing; the others are only counted and kept
//! in the ring for context.

use std::collections::VecDeque;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::engine::Engine;
use crate::normalize::clean_line;
use crate::report::Report;

/// Lines kept before the current one, for phase detection and context checks.
pub(crate) const CONTEXT_LINES: usize = 32;
/// Longest line kept; the rest of a longer line is dropped (its line is still counted).
pub(crate) const MAX_LINE_BYTES: usize = 1 << 20;

/// Substrings (ASCII case-insensitive) of every line a detector could start on. A line without
/// any of them is parsed only while a message, table or report is open.
const TRIGGERS: &[&str] = &[
    "out of memory",
    "outofmemory",
    "out_of_memory",
    "tried to allocate",
    "memory in use",
    "allocated memory",
    "oom",
    "alloc_failed",
    "not_allocated",
    "resource exhausted",
    "resource_exhausted",
    "nvidia-smi",
    "processes:",
    "mig devices",
    "mib /",
    "memory summary",
    "gpu:",
    "no processes are running",
    "gpu memory",
    "cache blocks",
    "kv cache",
    "free memory on device",
    "not enough memory",
    "killed process",
    "signal 9",
    "sigkill",
    "exitcode",
    "exit code",
    "exit status",
    "bus error",
    "shared memory",
    "no space left",
    "unable to write to file",
    "paging file",
    "winerror 1455",
    "页面文件",
    "内存不足",
    "executable batch size",
    "bfc",
    "inuse:",
    "limit:",
    "failed to allocate",
    "failed to alloc",
    "cannot allocate",
    "can't allocate",
    "insufficient memory",
    "commandbuffercallbackerror",
    "result=2",
    "error=2",
    "error (2)",
    "cuda failure",
    "buffer size",
    "not large enough",
    "not enough space",
    "rematerialization",
    "dst tensor",
    "enforce allocating",
    "memoryerror",
    "bad_alloc",
    "unable to allocate",
    "memory space",
    "errno 12",
    "errno 28",
    "dataloader worker",
    "allocation on device",
    "ggml backend",
    "cudaerrormemoryallocation",
    "erroroutofmemory",
    "maxinuse",
    "numallocs",
    "maxallocsize",
    "reserved memory",
    "malloc retries",
    "memory-usage",
];

static PREFILTER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(TRIGGERS)
        .expect("static patterns")
});

/// The last lines seen, raw, nearest last.
#[derive(Debug, Default)]
pub(crate) struct Ring {
    lines: VecDeque<Vec<u8>>,
}

impl Ring {
    fn push(&mut self, line: &[u8]) {
        let mut buf = if self.lines.len() >= CONTEXT_LINES {
            self.lines.pop_front().unwrap_or_default()
        } else {
            Vec::new()
        };
        buf.clear();
        buf.extend_from_slice(&line[..line.len().min(4096)]);
        self.lines.push_back(buf);
    }

    /// Up to `n` previous lines, cleaned, nearest first.
    pub(crate) fn recent(&self, n: usize) -> Vec<String> {
        self.lines
            .iter()
            .rev()
            .take(n)
            .map(|l| clean_line(&String::from_utf8_lossy(l)))
            .collect()
    }

    /// The previous line, raw.
    pub(crate) fn last(&self) -> Option<&[u8]> {
        self.lines.back().map(Vec::as_slice)
    }
}

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
    ring: Ring,
    engine: Engine,
    line_no: u64,
}

impl Scanner {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next bytes of the input; chunks may end anywhere.
    pub fn push(&mut self, chunk: &[u8]) {
        let mut rest = chunk;
        if !self.carry.is_empty() || self.carry_overflowed {
            match memchr::memchr(b'\n', rest) {
                None => {
                    self.extend_carry(rest);
                    return;
                }
                Some(i) => {
                    self.extend_carry(&rest[..i]);
                    let line = std::mem::take(&mut self.carry);
                    self.carry_overflowed = false;
                    let hot = PREFILTER.is_match(&line[..]);
                    self.line(&line, hot);
                    self.carry = line;
                    self.carry.clear();
                    rest = &rest[i + 1..];
                }
            }
        }
        let Some(last_newline) = memchr::memrchr(b'\n', rest) else {
            self.extend_carry(rest);
            return;
        };
        let body = &rest[..=last_newline];
        let mut triggers = PREFILTER.find_iter(body).map(|m| m.start()).peekable();
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', body) {
            let mut hot = false;
            while let Some(&pos) = triggers.peek() {
                if pos >= end {
                    break;
                }
                hot |= pos >= start;
                triggers.next();
            }
            self.line(&body[start..end], hot);
            start = end + 1;
        }
        self.extend_carry(&rest[last_newline + 1..]);
    }

    /// Ends the input and returns the report.
    pub fn finish(mut self) -> Report {
        if !self.carry.is_empty() || self.carry_overflowed {
            let line = std::mem::take(&mut self.carry);
            let hot = PREFILTER.is_match(&line[..]);
            self.line(&line, hot);
        }
        self.engine.finish(&self.ring, self.line_no)
    }

    fn extend_carry(&mut self, bytes: &[u8]) {
        let room = MAX_LINE_BYTES.saturating_sub(self.carry.len());
        if bytes.len() > room {
            self.carry_overflowed = true;
        }
        self.carry
            .extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    fn line(&mut self, raw: &[u8], hot: bool) {
        self.line_no += 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if hot || self.engine.wants_lines() {
            let text = String::from_utf8_lossy(&raw[..raw.len().min(MAX_LINE_BYTES)]);
            self.engine.line(self.line_no, &text, &self.ring);
        }
        self.ring.push(raw);
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
