//! The streaming scanner: bytes in, in chunks cut anywhere (mid-line, mid-UTF-8); a Report out.
//!
//! Memory stays bounded: the partial last line, a ring of the last [`CONTEXT_LINES`] lines, the
//! events found (at most [`crate::MAX_EVENTS`]). Speed comes from a prefilter: one Aho-Corasick
//! pass over each chunk finds the few lines worth parsing; the others are only counted and kept
//! in the ring for context.

use std::collections::VecDeque;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use crate::context::{Context, CONTEXT_LINES, CONTEXT_LINE_BYTES};
use crate::engine::Engine;
use crate::report::Report;

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
    "oom when",
    "oom-kill",
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
    "kill process",
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
    "failed to allocate",
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
    "unable to allocate",
    "memory space",
    "errno 12",
    "errno 28",
    "dataloader worker",
    "allocation on device",
    "ggml backend",
    "cudaerrormemoryallocation",
    "erroroutofmemory",
    "reserved memory",
    "error in allocate",
    "could not allocate",
    "cudamalloc",
    "cumemalloc",
    "memoryallocation",
    "memory_allocation",
    "allocation_failed",
    "allocation_failure",
    "allocator_failure",
    "allocfailed",
    "status_memory_error",
    "out_of_device_memory",
    "outofdevicememory",
    "metal::malloc",
    "error allocating",
    "errno=1455",
    "error 1455",
    "code 137",
    "code = -9",
    "code -9",
    "oomkilled",
    "已杀死",
    "killed",
    "bottom of memory",
    "failed to initialize executor",
    "executor creation failed",
    "insufficient vram",
    "requires more system memory",
    "prefill tokens",
    "max seq len",
    "allocation of size",
    "memory-usage",
];

/// Case-sensitive fragments, at least one of which occurs (as people and programs spell them)
/// in every line that holds a trigger. Searched with SIMD over whole chunks (Teddy); a line with
/// a fragment is then checked against [`TRIGGERS`]. Few fragments with uncommon first bytes keep
/// Teddy's false candidates rare: 28 fragments scan the benchmark log 20% faster than 32 did,
/// and more than 32 make aho-corasick pick its "fat" Teddy, half as wide (41 fragments: 1.4x the
/// time of 29 on the benchmark log). A test holds the count at 32 or fewer.
/// Lines some fragment does not reach (an `NVIDIA-SMI` header) are read as context instead.
const FRAGMENTS: &[&str] = &[
    "emory",
    "EMORY",
    "llocat",
    "LLOC",
    "lloc_f",
    "kIO",
    "OOM",
    "oom",
    "xhaust",
    "MiB /",
    "Processes:",
    "GPU:",
    "KV cach",
    "nough",
    "Killed",
    "IGKILL",
    "xit",
    "space left",
    "</torch_",
    "aging file",
    "页面",
    "内存",
    "xecutable b",
    "daMalloc",
    "no=1455",
    "uffer size",
    "Dst tensor",
    "llocF",
    "Loader worker",
    "VRAM",
    "杀死",
];

static PREFILTER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    // it only checks the few lines with a fragment: a contiguous NFA builds far faster than a DFA
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(TRIGGERS)
        .expect("static patterns")
});

/// Finds fragments in a chunk: Teddy where the CPU has it, Aho-Corasick otherwise.
enum Fragments {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

static FRAGMENT_SEARCH: LazyLock<Fragments> = LazyLock::new(|| {
    let mut builder = aho_corasick::packed::Config::new().builder();
    builder.extend(FRAGMENTS);
    match builder.build() {
        Some(searcher) => Fragments::Packed(searcher),
        None => Fragments::Automaton(AhoCorasick::new(FRAGMENTS).expect("static patterns")),
    }
});

/// Start of the first fragment at or after `from` in `haystack`.
fn next_fragment(haystack: &[u8], from: usize) -> Option<usize> {
    let rest = haystack.get(from..)?;
    let found = match &*FRAGMENT_SEARCH {
        Fragments::Packed(s) => s.find(rest).map(|m| m.start()),
        Fragments::Automaton(ac) => ac.find(rest).map(|m| m.start()),
    };
    found.map(|i| from + i)
}

/// Whether a line holds a trigger and must be parsed: a fragment and a trigger, the same test
/// wherever chunk boundaries fall.
fn has_trigger(line: &[u8]) -> bool {
    next_fragment(line, 0).is_some() && PREFILTER.is_match(line)
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
    /// The last lines of previous chunks, nearest last.
    older: VecDeque<Vec<u8>>,
    engine: Engine,
    line_no: u64,
    /// Every line goes to the detectors, none skipped by the prefilter (tests only).
    unfiltered: bool,
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
        self.engine.finish(&context, self.line_no)
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

    fn line(engine: &mut Engine, line_no: u64, raw: &[u8], context: &Context, all: bool) {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let raw = &raw[..raw.len().min(MAX_LINE_BYTES)];
        let triggered = all || has_trigger(raw);
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

impl std::fmt::Debug for Fragments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fragments")
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

    #[test]
    fn few_enough_fragments_for_slim_teddy() {
        // aho-corasick's packed searcher turns to its fat Teddy above 32 patterns
        assert!(
            super::FRAGMENTS.len() <= 32,
            "{} fragments",
            super::FRAGMENTS.len()
        );
    }
}
