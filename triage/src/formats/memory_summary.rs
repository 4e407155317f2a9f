//! A pasted `torch.cuda.memory_summary()`: allocated and reserved memory now (`Cur Usage`), and
//! how many OOMs the allocator has seen.

use std::sync::LazyLock;

use regex::Regex;

use super::{amount, re, Block, Cx, Found, AMOUNT};
use crate::report::{Backend, Event, Kind};

static START: LazyLock<Regex> =
    LazyLock::new(|| re(r"PyTorch (CUDA|HIP|XPU)? ?memory summary, device ID (\d+)"));
static OOMS: LazyLock<Regex> = LazyLock::new(|| re(r"(?:CUDA|HIP|XPU)? ?OOMs: (\d+)"));
static ALLOCATED: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"^\|\s*Allocated memory\s*\|\s*{AMOUNT}")));
static RESERVED: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"^\|\s*GPU reserved memory\s*\|\s*{AMOUNT}")));

/// The summary being read.
#[derive(Debug)]
pub(crate) struct Table {
    event: Event,
    /// `CUDA OOMs: N` as printed.
    pub ooms: u64,
}

pub(crate) fn detect(line: &str, cx: &mut Cx) -> Option<Found> {
    let c = START.captures(line)?;
    let mut event = Event::new(
        Kind::MemorySummary,
        cx.line_no,
        line.trim_matches(|c| c == '|' || c == ' '),
    );
    event.device.backend = Some(match c.get(1).map(|m| m.as_str()) {
        Some("HIP") => Backend::Hip,
        Some("XPU") => Backend::Xpu,
        _ => Backend::Cuda,
    });
    event.device.index = c.get(2).and_then(|m| m.as_str().parse().ok());
    Some(Found::Block(Block::MemorySummary(Box::new(Table {
        event,
        ooms: 0,
    }))))
}

impl Table {
    pub(crate) fn feed(&mut self, line: &str, line_no: u64) -> bool {
        if !line.starts_with('|') {
            return false;
        }
        self.event.end_line = line_no;
        if let Some(c) = OOMS.captures(line) {
            self.ooms = c[1].parse().unwrap_or(0);
        }
        if let Some(a) = amount(&ALLOCATED, line) {
            self.event.allocated = Some(a);
        }
        if let Some(r) = amount(&RESERVED, line) {
            self.event.reserved = Some(r);
        }
        true
    }

    pub(crate) fn into_events(self) -> Vec<Event> {
        vec![self.event]
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::report::Kind;

    #[test]
    fn reads_current_usage() {
        let text = "|===========================================================================|
|                  PyTorch CUDA memory summary, device ID 0                 |
|---------------------------------------------------------------------------|
|            CUDA OOMs: 1            |        cudaMalloc retries: 1         |
| Allocated memory      |    1062 MB |    4877 MB |   89299 MB |   88237 MB |
| GPU reserved memory   |   12420 MB |   12420 MB |   16924 MB |    4504 MB |";
        let r = analyze(text);
        let e = &r.events[0];
        assert_eq!(e.kind, Kind::MemorySummary);
        assert_eq!(e.device.index, Some(0));
        assert_eq!(e.allocated, Some(1062 << 20));
        assert_eq!(e.reserved, Some(12420 << 20));
        assert_eq!(
            r.summary.errors, 1,
            "a summary that records an OOM counts as one"
        );
    }
}
