//! A pasted `torch.cuda.list_gpu_processes()`: `GPU:0` then `process 79749 uses 601.000 MB GPU
//! memory` lines or `no processes are running`. One event per GPU.

use std::sync::LazyLock;

use regex::Regex;

use super::{re, Block, Cx, Found, AMOUNT};
use crate::amount::parse_amount;
use crate::report::{Backend, Event, Kind, OtherProcess};

static GPU: LazyLock<Regex> = LazyLock::new(|| re(r"^GPU:(\d+)$"));
static PROCESS: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"^process\s+(\d+) uses\s+{AMOUNT} GPU memory")));
static NONE: LazyLock<Regex> = LazyLock::new(|| re(r"^no processes are running$"));

/// The listing being read.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    events: Vec<Event>,
}

pub(crate) fn detect(line: &str, cx: &mut Cx) -> Option<Found> {
    if GPU.is_match(line) || PROCESS.is_match(line) || NONE.is_match(line) {
        let mut listing = Listing::default();
        listing.feed(line, cx.line_no);
        return Some(Found::Block(Block::GpuProcesses(listing)));
    }
    None
}

impl Listing {
    pub(crate) fn feed(&mut self, line: &str, line_no: u64) -> bool {
        if let Some(c) = GPU.captures(line) {
            let mut event = Event::new(Kind::GpuProcesses, line_no, line);
            event.device.backend = Some(Backend::Cuda);
            event.device.index = c[1].parse().ok();
            self.events.push(event);
            return true;
        }
        let process = PROCESS.captures(line);
        if process.is_none() && !NONE.is_match(line) {
            return false;
        }
        if self.events.is_empty() {
            let mut event = Event::new(Kind::GpuProcesses, line_no, line);
            event.device.backend = Some(Backend::Cuda);
            self.events.push(event);
        }
        if let Some(event) = self.events.last_mut() {
            event.end_line = line_no;
            event.text.push('\n');
            event.text.push_str(line);
            if let Some(c) = process {
                let pid = c[1].parse().unwrap_or(0);
                event.other_processes.push(OtherProcess {
                    pid,
                    bytes: parse_amount(&c[2]),
                });
            }
        }
        true
    }

    pub(crate) fn into_events(self) -> Vec<Event> {
        self.events
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::report::{Kind, OtherProcess};

    #[test]
    fn one_event_per_gpu() {
        let r = analyze("GPU:0\nprocess      79749 uses      601.000 MB GPU memory\nGPU:1\nno processes are running");
        assert_eq!(r.events.len(), 2);
        assert_eq!(r.events[0].kind, Kind::GpuProcesses);
        assert_eq!(
            r.events[0].other_processes,
            vec![OtherProcess {
                pid: 79749,
                bytes: Some(630_194_176)
            }]
        );
        assert_eq!(r.events[1].device.index, Some(1));
        assert!(r.events[1].other_processes.is_empty());
    }
}
