//! The per-line state machine: open messages (hard-wrapped), open tables, repeats, then the
//! detector table. Emits events in input order and keeps the counts.
//!
//! What a line is before the detectors read it (code, a mention, a rank's output) is in
//! [`lines`]; what the report records of a complete event, and the counts, in [`emit`].

mod emit;
mod lines;

pub use emit::MAX_EVENTS;

use self::lines::{is_mention, rank_of, EXCEPTION, SOURCE};
use crate::context::Context;
use crate::findings;
use crate::formats::{self, tensorflow, Block, Cx, Found, Reader, State, DETECTORS};
use crate::normalize::{self, clean_line};
use crate::phase;
use crate::report::{Event, Kind, Report, Summary};

/// Open messages at most (ranks whose wrapped messages interleave).
const MAX_PENDING: usize = 16;
/// An open message not continued for this many lines is complete.
const STALE_PENDING_LINES: u64 = 4;
/// A TensorFlow BFC dump's figure lines (`Limit:`, `InUse:`, ...) follow its `Stats:` line
/// without a break longer than this.
const TF_DUMP_FIGURE_LINES: u64 = 2;
/// A line shorter than this was not wrapped by a terminal (they wrap at 80 columns and more).
const WRAP_MIN_COLUMNS: usize = 60;

#[derive(Debug)]
struct Pending {
    event: Event,
    /// The cleaned lines joined so far (a wrap may have split a word between two of them).
    pieces: Vec<String>,
    /// Blank lines met since the last piece: one may sit inside a re-flowed message.
    blanks: u8,
    rank: Option<String>,
    reader: &'static Reader,
}

#[derive(Debug, Default)]
pub(crate) struct Engine {
    state: State,
    /// Messages that may go on over the next lines: one per rank when ranks interleave.
    pending: Vec<Pending>,
    block: Option<Block>,
    events: Vec<Event>,
    summary: Summary,
    last_error_line: u64,
    /// (event index, lines left) while an event still looks for its phase below it.
    phase_after: Option<(usize, u32)>,
    /// The line being parsed; the context holds the lines before it.
    current_line: u64,
    /// The device a command line or `CUDA_VISIBLE_DEVICES` named first (for the findings).
    device_named: Option<u32>,
    /// Whether the lines above the first error without a device were searched for one.
    device_searched: bool,
    /// What context lines said to phase detection (see [`phase::LineSaysMemo`]).
    line_says: phase::LineSaysMemo,
    /// Every detector sees every line, whatever its needles (tests only).
    pub(crate) ungated: bool,
}

/// The first detector that recognizes `text`, of those whose needles it holds (all when the
/// context says needles are off).
fn detect_with(text: &str, cx: &mut Cx) -> Option<Found> {
    let gated = if cx.ungated { u64::MAX } else { gated(text) };
    DETECTORS
        .iter()
        .enumerate()
        .filter(|(i, _)| gated & (1 << i) != 0)
        .find_map(|(_, d)| (d.detect)(text, cx))
}

/// Which detectors' needles `text` holds, as bits by their place in [`DETECTORS`]: one
/// Aho-Corasick pass over the line for all needles, not a search per needle (a log whose every
/// line is a failure spent a fifth of its time here).
fn gated(text: &str) -> u64 {
    static NEEDLES: std::sync::LazyLock<Option<(aho_corasick::AhoCorasick, Vec<usize>)>> =
        std::sync::LazyLock::new(|| {
            let mut owners = Vec::new();
            let mut needles = Vec::new();
            for (i, detector) in DETECTORS.iter().enumerate() {
                for needle in detector.needles {
                    owners.push(i);
                    needles.push(*needle);
                }
            }
            let searcher = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&needles)
                .ok()?;
            Some((searcher, owners))
        });
    let Some((searcher, owners)) = NEEDLES.as_ref() else {
        // never: the needles are fixed words; every detector then sees the line
        return u64::MAX;
    };
    searcher
        .find_overlapping_iter(text)
        .filter_map(|m| owners.get(m.pattern().as_usize()))
        .fold(0, |bits, i| bits | 1 << i)
}

impl Engine {
    /// Whether [`MAX_EVENTS`] events are kept: a new event is only counted from now on.
    pub(crate) fn is_full(&self) -> bool {
        self.events.len() >= MAX_EVENTS
    }

    /// Whether the next lines must be parsed even without a trigger word.
    pub(crate) fn wants_lines(&self) -> bool {
        !self.pending.is_empty()
            || self.block.is_some()
            || self.phase_after.is_some()
            || self.in_dump()
    }

    /// Whether a TensorFlow BFC dump is being read: its `Limit:` / `InUse:` lines hold no trigger
    /// word.
    fn in_dump(&self) -> bool {
        self.state.tf_dump_line > 0
            && self.current_line <= self.state.tf_dump_line + TF_DUMP_FIGURE_LINES
    }

    /// Parses one line; `triggered` says whether it holds a trigger word (without one, only
    /// open messages, tables and phase look-ups can use it).
    pub(crate) fn line(&mut self, line_no: u64, raw: &str, context: &Context, triggered: bool) {
        self.current_line = line_no;
        let clean = clean_line(raw);
        let rank = rank_of(raw);
        // the open message of this line's rank (a line without a rank continues the latest)
        let open = self
            .pending
            .iter()
            .rposition(|p| match (p.rank.as_deref(), rank) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            });
        if let Some(i) = open {
            let p = &mut self.pending[i];
            if clean.is_empty() && p.blanks == 0 && !(p.reader.complete)(&p.event.text) {
                // a tool re-flowed the message with a blank line inside; a second ends it
                p.blanks += 1;
                return;
            }
            if p.pieces.len() < p.reader.max_lines && (p.reader.continues)(&p.event.text, &clean) {
                normalize::join(&mut p.event.text, &clean);
                p.event.end_line = line_no;
                p.pieces.push(clean);
                p.blanks = 0;
                return;
            }
            self.flush_pending(context, Some(i));
        }
        // messages of other ranks that stopped continuing long ago are complete
        if let Some(i) = self
            .pending
            .iter()
            .position(|p| line_no.saturating_sub(p.event.end_line) > STALE_PENDING_LINES)
        {
            self.flush_pending(context, Some(i));
        }
        if let Some(block) = self.block.as_mut() {
            if block.feed(&clean, line_no) {
                return;
            }
            self.flush_block(context);
        }
        if let Some((index, left)) = self.phase_after.take() {
            match (phase::of_line(&clean), self.events.get_mut(index)) {
                (Some(p), Some(event)) => event.phase = Some(p),
                _ if left > 1 => self.phase_after = Some((index, left - 1)),
                _ => {}
            }
        }
        if !triggered && !self.in_dump_before(line_no) {
            return;
        }
        let mut text: &str = &clean;
        let after_frame = context.last().is_some_and(|l| {
            let l = String::from_utf8_lossy(l);
            l.trim_start().starts_with("File \"")
        });
        if SOURCE.is_match(text) || (after_frame && !EXCEPTION.is_match(text)) {
            // code that mentions an error; a glued exception after it is still read
            match EXCEPTION.find_iter(text).find(|m| m.start() > 0) {
                Some(m) if SOURCE.is_match(text) => text = &text[m.start()..],
                _ => return,
            }
        }
        let mut cx = Cx {
            line_no,
            state: &mut self.state,
            context,
            ungated: self.ungated,
        };
        let mut found = detect_with(text, &mut cx);
        if found.is_none() {
            found = self.across_wrap(line_no, text, context);
        }
        if matches!(found, Some(Found::Event(_) | Found::Open(..))) && is_mention(&clean, text) {
            return;
        }
        if let Some(mut found) = found {
            if let Found::Event(event) | Found::Open(event, _) = &mut found {
                // a traceback flattened onto the same line, before the message
                let head: String = event.text.chars().take(24).collect();
                if let Some(at) = text.find(&head).filter(|&at| at > 0) {
                    event.phase = phase::of_line(&text[..at]);
                }
            }
            self.apply(found, line_no, text, context, rank);
        }
    }

    /// [`Engine::in_dump`] as it stood before `line_no` was read.
    fn in_dump_before(&self, line_no: u64) -> bool {
        self.state.tf_dump_line > 0 && line_no <= self.state.tf_dump_line + TF_DUMP_FIGURE_LINES + 1
    }

    /// A message a terminal wrapped in the middle of a word or phrase (`cudaMalloc fail` /
    /// `ed: out of memory`): the line is read again joined to the end of the line before, when
    /// that line was not itself part of an event. The event starts on the line before.
    fn across_wrap(&mut self, line_no: u64, text: &str, context: &Context) -> Option<Found> {
        let before = context.last()?;
        let before = clean_line(&String::from_utf8_lossy(before));
        let taken = self
            .events
            .last()
            .is_some_and(|e| e.end_line + 1 >= line_no);
        // code that names an error (`raise RuntimeError("...`) stays code when wrapped
        let code = SOURCE.is_match(&before) || before.trim_start().starts_with("File \"");
        if before.len() < WRAP_MIN_COLUMNS || taken || code || !self.pending.is_empty() {
            return None;
        }
        let split_word = before.ends_with(|c: char| c.is_ascii_alphanumeric())
            && text.starts_with(|c: char| c.is_ascii_alphanumeric());
        let joined = if split_word {
            format!("{before}{text}")
        } else {
            format!("{before} {text}")
        };
        let mut cx = Cx {
            line_no: line_no.saturating_sub(1),
            state: &mut self.state,
            context,
            ungated: self.ungated,
        };
        let mut found = detect_with(&joined, &mut cx)?;
        if let Found::Event(event) | Found::Open(event, _) = &mut found {
            event.end_line = line_no;
        }
        Some(found)
    }

    fn apply(
        &mut self,
        found: Found,
        line_no: u64,
        text: &str,
        context: &Context,
        rank: Option<&str>,
    ) {
        match found {
            Found::Event(event) => self.emit(event, context, false),
            Found::Open(event, reader) => {
                if self.pending.len() >= MAX_PENDING {
                    self.flush_pending(context, Some(0));
                }
                let first = event.text.clone();
                self.pending.push(Pending {
                    event,
                    pieces: vec![first],
                    blanks: 0,
                    rank: rank.map(str::to_string),
                    reader,
                });
            }
            Found::Absorb(kind) => {
                self.state.touch(kind, line_no);
                if let Some(event) = self.last_of(kind) {
                    event.end_line = line_no;
                    match kind {
                        Kind::TensorflowOom => tensorflow::absorb(event, text),
                        Kind::LlamacppOom => formats::llamacpp::absorb(event, text),
                        Kind::CudaError => formats::device::absorb(event, text),
                        _ => {}
                    }
                }
            }
            Found::Replace(kind, new) => {
                self.state.touch(kind, line_no);
                match self.last_of(kind) {
                    Some(event) => {
                        event.line = new.line;
                        event.end_line = new.end_line;
                        event.text = new.text;
                        event.requested = event.requested.or(new.requested);
                        if event.device.backend.is_none() {
                            event.device = new.device;
                        }
                    }
                    None => self.emit(new, context, false),
                }
            }
            Found::Block(block) => self.block = Some(block),
        }
    }

    fn last_of(&mut self, kind: Kind) -> Option<&mut Event> {
        self.events
            .iter_mut()
            .rev()
            .take(64)
            .find(|e| e.kind == kind)
    }

    /// Ends the open message `which` (all when None) and emits it.
    fn flush_pending(&mut self, context: &Context, which: Option<usize>) {
        let done: Vec<Pending> = match which {
            Some(i) if i < self.pending.len() => vec![self.pending.remove(i)],
            Some(_) => Vec::new(),
            None => std::mem::take(&mut self.pending),
        };
        for Pending {
            mut event,
            pieces,
            reader,
            ..
        } in done
        {
            (reader.finish)(&mut event, &pieces);
            self.emit(event, context, false);
        }
    }

    fn flush_block(&mut self, context: &Context) {
        if let Some(block) = self.block.take() {
            let records_oom = block.records_oom();
            for event in block.into_events() {
                self.emit(event, context, records_oom);
            }
        }
    }

    pub(crate) fn finish(mut self, context: &Context, lines: u64) -> Report {
        self.current_line = lines + 1;
        self.flush_pending(context, None);
        self.flush_block(context);
        self.summary.lines = lines;
        // interleaved ranks can complete their messages out of order
        self.events.sort_by_key(|e| e.line);
        let findings = findings::evaluate(&self.events, self.device_named);
        Report {
            events: self.events,
            findings,
            summary: self.summary,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{gated, DETECTORS};

    /// The one-pass gate shows a line to exactly the detectors whose needles it holds.
    #[test]
    fn the_gate_is_the_needles_searched_one_by_one() {
        let lines = [
            "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB",
            "MemoryError",
            "|  0  NVIDIA A100-SXM4-80GB  On  | 00000000:07:00.0 Off | 80994MiB |",
            "2024-01-01 W tensorflow/core/common_runtime/bfc_allocator.cc:290] Allocator (GPU_0_bfc) ran out of memory",
            "Killed process 4242 (python) total-vm:123kB, anon-rss:456kB",
            "RuntimeError: MPS backend out of memory (MPS allocated: 1.2 GB)",
            "显存不足 CUDA error: OUT OF MEMORY",
            "nothing here at all",
        ];
        for line in lines {
            let lower = line.to_ascii_lowercase();
            let naive = DETECTORS
                .iter()
                .enumerate()
                .filter(|(_, d)| d.needles.iter().any(|n| lower.contains(n)))
                .fold(0u64, |bits, (i, _)| bits | 1 << i);
            assert_eq!(gated(line), naive, "{line}");
        }
    }
}
