//! One module per message format. Each exposes detectors: functions that look at one cleaned
//! line (with the state shared across lines) and say whether it starts, continues or repeats an
//! event. [`DETECTORS`] is the table the scanner tries, in order: the more specific first.
//!
//! This file holds what detectors see and say (`Cx`, `State`, `Found`, `Reader`, `Block`); the
//! table is in `detectors.rs`, the text helpers every format shares in `extract.rs`.

use crate::report::{Event, Kind};

pub(crate) mod cuda;
mod detectors;
pub(crate) mod device;
pub(crate) mod extract;
pub(crate) mod gpu_processes;
pub(crate) mod host;
pub(crate) mod jax;
pub(crate) mod llamacpp;
pub(crate) mod memory_summary;
pub(crate) mod mps;
pub(crate) mod nvidia_smi;
pub(crate) mod others;
pub(crate) mod pytorch;
pub(crate) mod serving;
pub(crate) mod tensorflow;

pub(crate) use crate::pattern::re;
pub(crate) use detectors::DETECTORS;
pub(crate) use extract::{
    amount, any_number, exact_micro, gpu_index, message_from, micro, number, AMOUNT,
};

/// What a detector made of a line.
#[derive(Debug)]
pub(crate) enum Found {
    /// A complete event.
    Event(Event),
    /// An event whose message may go on over the next lines (wrapped, or a report of several
    /// lines), read on by `Reader`.
    Open(Event, &'static Reader),
    /// The line belongs to the latest event of this kind (a repeat within one report).
    Absorb(Kind),
    /// The line is the real message of the latest event of this kind: take its text and line.
    Replace(Kind, Event),
    /// The line starts a table that the scanner feeds line by line.
    Block(Block),
}

/// How a message that goes on over the next lines is read: which lines belong to it, and its
/// fields once it is complete.
pub(crate) struct Reader {
    /// Whether the cleaned line `next` continues the message joined so far (`text`).
    pub continues: fn(text: &str, next: &str) -> bool,
    /// Whether the message has reached its last line (a blank line then ends it).
    pub complete: fn(text: &str) -> bool,
    /// Reads the complete message's fields from its joined text and the cleaned lines it was
    /// joined from (a wrap may have split a word between two of them).
    pub finish: fn(event: &mut Event, pieces: &[String]),
    /// Lines joined at most.
    pub max_lines: usize,
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("max_lines", &self.max_lines)
            .finish_non_exhaustive()
    }
}

/// A pasted table, read line by line until it ends.
#[derive(Debug)]
pub(crate) enum Block {
    NvidiaSmi(nvidia_smi::Table),
    MemorySummary(Box<memory_summary::Table>),
    GpuProcesses(gpu_processes::Listing),
}

impl Block {
    /// Feeds one cleaned line; false when the line is not part of the table (the table ended).
    pub(crate) fn feed(&mut self, line: &str, line_no: u64) -> bool {
        match self {
            Block::NvidiaSmi(t) => t.feed(line, line_no),
            Block::MemorySummary(t) => t.feed(line, line_no),
            Block::GpuProcesses(t) => t.feed(line, line_no),
        }
    }

    /// Whether the table itself records an out-of-memory error (`CUDA OOMs: 1`).
    pub(crate) fn records_oom(&self) -> bool {
        matches!(self, Block::MemorySummary(t) if t.ooms > 0)
    }

    /// The events of the finished table.
    pub(crate) fn into_events(self) -> Vec<Event> {
        match self {
            Block::NvidiaSmi(t) => t.into_events(),
            Block::MemorySummary(t) => t.into_events(),
            Block::GpuProcesses(t) => t.into_events(),
        }
    }
}

/// State shared across lines by the detectors.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// 1-based line of the latest event (or absorbed repeat) per kind.
    last_line: [u64; Kind::COUNT],
    /// Line of the latest BFC allocator dump line.
    pub tf_dump_line: u64,
    /// The latest TensorFlow event was opened by a BFC dump and not yet given its message.
    pub tf_dump_open: bool,
    /// An `invoked oom-killer` report waiting for its `Killed process` line.
    pub oom_killer_open: bool,
    /// pid of the latest SIGKILL event.
    pub sigkill_pid: Option<u64>,
    /// Line of the latest shell notice of a kill (`Killed`), which the kernel's report of the same
    /// kill may follow.
    pub shell_kill_line: u64,
}

impl State {
    /// Line of the latest event of `kind`, 0 if none.
    pub fn last(&self, kind: Kind) -> u64 {
        self.last_line[kind as usize]
    }

    pub fn touch(&mut self, kind: Kind, line: u64) {
        self.last_line[kind as usize] = line;
    }

    /// Whether an event of `kind` was seen within `lines` lines before `line_no`.
    pub fn within(&self, kind: Kind, line_no: u64, lines: u64) -> bool {
        let last = self.last(kind);
        last > 0 && line_no.saturating_sub(last) <= lines
    }
}

/// What a detector sees: the line number, the state and the lines before.
pub(crate) struct Cx<'a> {
    pub line_no: u64,
    pub state: &'a mut State,
    pub context: &'a crate::context::Context<'a>,
    /// Needles are not consulted (tests only: see `Detector`).
    pub ungated: bool,
}

impl Cx<'_> {
    /// Whether `lower` (a line in lower case) holds one of `needles`, or needles are off.
    pub fn may_match(&self, lower: &str, needles: &[&str]) -> bool {
        self.ungated || needles.iter().any(|n| lower.contains(n))
    }
}

impl Cx<'_> {
    /// Up to `n` previous lines, cleaned, nearest first.
    pub fn before(&self, n: usize) -> Vec<String> {
        self.context.recent(n)
    }
}
