//! What happens to an event once it is complete: its text is bounded, its phase and the
//! device named above it are looked up in the lines before, its segments are computed, and it
//! is counted and kept (up to [`MAX_EVENTS`]).
//!
//! Separate from the state machine in `mod.rs`, which decides when an event is complete; this
//! decides what of it the report records.

use std::sync::LazyLock;

use regex::Regex;

use super::Engine;
use crate::context::{Context, CONTEXT_LINES};
use crate::phase;
use crate::report::{Event, Kind};
use crate::segments;

/// Events kept in the report; more are only counted (a log with a million identical failures).
pub const MAX_EVENTS: usize = 10_000;
/// Longest `text` of an event, in bytes (a whole flattened log on one line is not a message).
const MAX_TEXT_BYTES: usize = 4000;
/// Lines before an event searched for its phase.
const PHASE_LINES_BEFORE: usize = 30;
/// Lines after an event searched for its phase when none came before (ComfyUI prints the
/// message before the traceback).
const PHASE_LINES_AFTER: u32 = 12;
/// A memory summary printed within this many lines after an error is part of that error.
const SUMMARY_ATTACH_LINES: u64 = 12;

fn device_named(line: &str) -> Option<u32> {
    DEVICE_NAMED.captures(line).and_then(|c| {
        c.iter()
            .skip(1)
            .flatten()
            .next()
            .and_then(|m| m.as_str().parse().ok())
    })
}

/// A device named on a command line or in the environment: `CUDA_VISIBLE_DEVICES=1`,
/// `--device 0`, `--gpu 2`, `--gpu-ids 3`, `--device cuda:1`.
static DEVICE_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::re(
        r#"(?i)CUDA_VISIBLE_DEVICES\s*=\s*["']?(\d+)|--(?:device|gpus?|gpu[-_]ids?|device[-_]ids?)(?:\s+|=)["']?(?:cuda:)?(\d+)\b"#,
    )
});

impl Engine {
    pub(super) fn emit(&mut self, mut event: Event, context: &Context, records_oom: bool) {
        if !self.device_searched && event.is_error() && event.device.index.is_none() {
            // the command line or environment above the first error that names no device (once:
            // a long log of such errors would otherwise clean its context again and again)
            self.device_searched = true;
            self.device_named = context
                .recent(CONTEXT_LINES)
                .iter()
                .find_map(|line| device_named(line));
        }
        event.end_line = event.end_line.max(event.line);
        if event.text.len() > MAX_TEXT_BYTES {
            let mut cut = MAX_TEXT_BYTES;
            while !event.text.is_char_boundary(cut) {
                cut -= 1;
            }
            event.text.truncate(cut);
        }
        // past the cap an event is only counted: what it was doing and its segments would be
        // thrown away (a log of 200,000 identical failures spent most of its time here)
        let kept = self.events.len() < MAX_EVENTS;
        let mut looks_after = false;
        if kept && event.is_error() && event.phase.is_none() {
            // lines of the message itself already in the context are skipped
            let newest_in_context = self.current_line.saturating_sub(1);
            let own = if event.line <= newest_in_context {
                newest_in_context - event.line + 1
            } else {
                0
            };
            let own = usize::try_from(own).unwrap_or(usize::MAX);
            let memo = &mut self.line_says;
            let before = context
                .lines()
                .take(PHASE_LINES_BEFORE)
                .skip(own)
                .map(|raw| memo.get(raw));
            event.phase = phase::detect_said(&event.text, before);
            looks_after = event.phase.is_none();
        }
        if kept {
            event.segments = segments::of(&event);
        }
        self.state.touch(event.kind, event.end_line);
        self.summary.lines = self.summary.lines.max(event.end_line);
        *self.summary.by_kind.entry(event.kind).or_insert(0) += 1;
        let counts = if event.kind == Kind::MemorySummary {
            records_oom
                && (self.last_error_line == 0
                    || event.line.saturating_sub(self.last_error_line) > SUMMARY_ATTACH_LINES)
        } else {
            event.is_error()
        };
        if counts {
            self.summary.errors += 1;
        }
        if event.is_error() {
            self.last_error_line = event.end_line;
        }
        if kept {
            self.events.push(event);
            if looks_after {
                self.phase_after = Some((self.events.len() - 1, PHASE_LINES_AFTER));
            }
        } else {
            self.summary.dropped_events += 1;
        }
    }
}
