//! What the naming reads, gathered while the scanner streams the input (bounded memory, and
//! nearly free): the lines that state a number (`batch_size = 64`) and the lines that name an
//! operation (`lm_head`, `softmax`), each with its line number. Two places are read:
//!
//! - the head of the input (its first [`HEAD_BYTES`]), where training scripts print their
//!   configuration, searched with one Aho–Corasick pass;
//! - the context lines above each line the prefilter passes (a traceback's frames sit right above
//!   its message), which the scanner has at hand anyway.
//!
//! A second search over the whole of a 100 MB log cost a fifth of the scan's time; this costs
//! nothing measurable there (`BENCHMARKS.md`).

use std::collections::VecDeque;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::stated::{self, Stated};
use super::{cue, Points};

/// Cue lines kept (the newest): a traceback's frames sit within a few dozen lines of its message.
const MAX_CUES: usize = 4096;
/// Stated numbers kept (the newest).
const MAX_STATED: usize = 4096;
/// Bytes of a line read for a number or a cue.
const LINE_BYTES: usize = 4096;
/// The head of the input searched whole for stated numbers (a run's printed configuration).
pub const HEAD_BYTES: usize = 1 << 20;

/// Words that make a line worth reading (keys of stated numbers, and cue words). Matched with
/// their case (Python's keys and PyTorch's names are lower case), which keeps the SIMD search of
/// `aho-corasick` on: a case-insensitive search made the whole scan 3× slower.
const NEEDLES: &[&str] = &[
    // Short pieces that every key of `stated` and every cue word contains (`_size`: batch_size,
    // block_size, vocab_size; `_heads`: num_heads, num_attention_heads; `attn`, `attention`: the
    // attention cues): fewer needles keep the search fast; the line is then read in full.
    "_size",
    "seq_len",
    "max_seq",
    "_length",
    "n_ctx",
    "n_head",
    "_heads",
    "n_embd",
    "d_model",
    "n_inner",
    "ffn_dim",
    "head_dim",
    "dtype",
    "precision",
    "lm_head",
    "cross_entropy",
    "logits",
    "generate",
    "attn",
    "attention",
    "softmax",
    // the KV cache's and the weights' cues
    "cache",
    "past_key",
    "exp_avg",
    "optim/adam",
    "_init_group",
    "load_state_dict",
    "in _apply",
    "from_pretrained",
];

static FINDER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(false)
        .match_kind(MatchKind::LeftmostFirst)
        .build(NEEDLES)
        .ok()
});

/// The numbers and cues of the input so far.
#[derive(Debug, Default)]
pub struct Collected {
    pub(super) stated: VecDeque<Stated>,
    pub(super) dtype: Option<(&'static str, u64)>,
    /// (line, cue word, which tensor it points at).
    pub(super) cues: VecDeque<(u64, &'static str, Points)>,
    /// Bytes of the head searched so far.
    head: usize,
    /// The last line read (as context or head): lines are read once.
    read_to: u64,
}

impl Collected {
    /// Reads the lines of `body` (whole lines, each ending in `\n`) worth reading; its first
    /// line is number `first_line`.
    pub fn scan(&mut self, body: &[u8], first_line: u64) {
        let Some(finder) = FINDER.as_ref() else {
            return;
        };
        if self.head >= HEAD_BYTES {
            return;
        }
        // Whole lines up to the head's end.
        let budget = HEAD_BYTES - self.head;
        let body = match memchr::memrchr(b'\n', &body[..body.len().min(budget)]) {
            Some(end) if body.len() > budget => &body[..=end],
            _ => body,
        };
        self.head += body.len().max(1);
        let mut line_no = first_line;
        let mut counted_to = 0;
        let mut next_line_start = 0;
        for found in finder.find_iter(body) {
            let at = found.start();
            if at < next_line_start {
                continue; // this line was read already
            }
            let start = memchr::memrchr(b'\n', &body[..at]).map_or(0, |i| i + 1);
            let end = memchr::memchr(b'\n', &body[at..]).map_or(body.len(), |i| at + i);
            line_no += memchr::memchr_iter(b'\n', &body[counted_to..start]).count() as u64;
            counted_to = start;
            next_line_start = end + 1;
            self.line(&body[start..end], line_no);
        }
        let lines = memchr::memchr_iter(b'\n', body).count() as u64;
        self.read_to = self.read_to.max(first_line + lines.saturating_sub(1));
    }

    /// Reads the lines above line `line_no` that the scanner keeps as context (nearest first),
    /// those not read before.
    pub(crate) fn around<'a>(&mut self, above: impl Iterator<Item = &'a [u8]>, line_no: u64) {
        let mut lines: Vec<(u64, &[u8])> = Vec::new();
        for (k, raw) in above.enumerate() {
            let n = line_no.saturating_sub(k as u64 + 1);
            if n == 0 || n <= self.read_to {
                break;
            }
            lines.push((n, raw));
        }
        for (n, raw) in lines.into_iter().rev() {
            let worth = FINDER.as_ref().is_some_and(|f| f.is_match(raw));
            if worth {
                self.line(raw, n);
            }
        }
        self.read_to = self.read_to.max(line_no.saturating_sub(1));
    }

    /// Reads one line (number `line_no`).
    pub fn line(&mut self, raw: &[u8], line_no: u64) {
        if line_no <= self.read_to {
            return;
        }
        let raw = &raw[..raw.len().min(LINE_BYTES)];
        let text = String::from_utf8_lossy(raw);
        let (numbers, dtype) = stated::numbers(std::iter::once((line_no, text.as_ref())));
        for number in numbers {
            if self.stated.len() >= MAX_STATED {
                self.stated.pop_front();
            }
            self.stated.push_back(number);
        }
        if dtype.is_some() {
            self.dtype = dtype;
        }
        if let Some((word, points)) = cue(&text) {
            if self.cues.len() >= MAX_CUES {
                self.cues.pop_front();
            }
            self.cues.push_back((line_no, word, points));
        }
    }
}
