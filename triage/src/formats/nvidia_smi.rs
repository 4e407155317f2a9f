//! A pasted `nvidia-smi` table: one event per GPU (or MIG device) with its memory use, and the
//! processes of the `Processes:` table attached to their GPU. A process table pasted alone gives
//! one event per GPU it names.

use std::sync::LazyLock;

use regex::Regex;

use super::{re, Block, Cx, Found};
use crate::amount::parse_amount;
use crate::report::{Backend, Event, Kind, OtherProcess};

/// Blank lines a table may contain (between the GPU table and the process table).
const MAX_BLANK_LINES: u32 = 1;

static START: LazyLock<Regex> = LazyLock::new(|| {
    re(r"NVIDIA-SMI \d|^\|\s*Processes:|^\|\s*MIG devices:|^\|.*\|\s*\d+MiB\s*/\s*\d+MiB\s*\|")
});
static MEMORY: LazyLock<Regex> = LazyLock::new(|| re(r"\|\s*(\d+MiB)\s*/\s*(\d+MiB)\s*\|"));
static GPU_ROW: LazyLock<Regex> = LazyLock::new(|| re(r"^\|\s+(\d+)\s+\S"));
static PROCESS_ROW: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\|\s+(\d+)\s+(?:(?:N/A|\d+)\s+(?:N/A|\d+)\s+)?(\d+)\s+(?:C\+G|M\+C|C|G|M)\s+.*?\s(\d+MiB|N/A)\s*\|$",
    )
});

/// The table being read.
#[derive(Debug, Default)]
pub(crate) struct Table {
    events: Vec<Event>,
    current_gpu: Option<(u32, u64)>,
    in_processes: bool,
    blank_lines: u32,
    last_line: u64,
}

pub(crate) fn detect(line: &str, cx: &mut Cx) -> Option<Found> {
    if !START.is_match(line) {
        return None;
    }
    let mut table = Table::default();
    if MEMORY.is_match(line) {
        // a table pasted from its memory row on: the GPU row just above names the GPU
        if let Some(previous) = cx.before(1).first().filter(|p| GPU_ROW.is_match(p)) {
            table.feed(previous, cx.line_no - 1);
        }
    }
    table.feed(line, cx.line_no);
    Some(Found::Block(Block::NvidiaSmi(table)))
}

impl Table {
    pub(crate) fn feed(&mut self, line: &str, line_no: u64) -> bool {
        if line.is_empty() {
            self.blank_lines += 1;
            return self.blank_lines <= MAX_BLANK_LINES;
        }
        let is_table =
            line.starts_with('|') || line.starts_with('+') || line.contains("NVIDIA-SMI");
        if !is_table {
            return false;
        }
        self.blank_lines = 0;
        self.last_line = line_no;
        if line.contains("Processes:") {
            self.in_processes = true;
            return true;
        }
        if self.in_processes {
            if let Some(c) = PROCESS_ROW.captures(line) {
                let gpu: u32 = c[1].parse().unwrap_or(0);
                let pid: u64 = c[2].parse().unwrap_or(0);
                let bytes = parse_amount(&c[3]);
                let index = match self
                    .events
                    .iter()
                    .rposition(|e| e.device.index == Some(gpu))
                {
                    Some(i) => i,
                    None => {
                        self.events.push(gpu_event(gpu, line_no, line));
                        self.events.len() - 1
                    }
                };
                if let Some(event) = self.events.get_mut(index) {
                    event.other_processes.push(OtherProcess { pid, bytes });
                    event.end_line = line_no;
                }
            }
            return true;
        }
        let first_cell = line.trim_start_matches('|').split('|').next().unwrap_or("");
        if let Some(c) = MEMORY.captures(line) {
            let own_index = GPU_ROW.captures(line).and_then(|g| g[1].parse().ok());
            if first_cell.trim().is_empty() {
                return true; // BAR1 row of a MIG device
            }
            let (gpu, start) = match (own_index, self.current_gpu) {
                (Some(i), _) => (i, line_no),
                (None, Some((i, l))) => (i, l),
                (None, None) => (u32::MAX, line_no),
            };
            let mut event = gpu_event(gpu, start, line);
            event.end_line = line_no;
            event.total = parse_amount(&c[2]);
            let used = parse_amount(&c[1]);
            event.free = event.total.zip(used).map(|(t, u)| t.saturating_sub(u));
            self.events.push(event);
            self.current_gpu = None;
            return true;
        }
        if let Some(c) = GPU_ROW.captures(line) {
            if let Ok(i) = c[1].parse() {
                self.current_gpu = Some((i, line_no));
            }
        }
        true
    }

    pub(crate) fn into_events(self) -> Vec<Event> {
        self.events
    }
}

fn gpu_event(gpu: u32, line_no: u64, line: &str) -> Event {
    let mut event = Event::new(Kind::NvidiaSmi, line_no, line.trim());
    event.device.backend = Some(Backend::Cuda);
    event.device.index = (gpu != u32::MAX).then_some(gpu);
    event
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::report::{Kind, OtherProcess};

    #[test]
    fn gpu_rows_and_processes() {
        let text = "+-----------------------------------------------------------------------------+
| NVIDIA-SMI 470.161.03   Driver Version: 470.161.03   CUDA Version: 11.4     |
|===============================+======================+======================|
|   0  NVIDIA GeForce ...  Off  | 00000000:01:00.0  On |                  N/A |
| 50%   25C    P8     8W /  75W |   1155MiB /  3911MiB |      5%      Default |
+-------------------------------+----------------------+----------------------+

+-----------------------------------------------------------------------------+
| Processes:                                                                  |
|  GPU   GI   CI        PID   Type   Process name                  GPU Memory |
|    0   N/A  N/A     10734      C   python                             160MiB |
+-----------------------------------------------------------------------------+
after";
        let r = analyze(text);
        assert_eq!(r.events.len(), 1);
        let e = &r.events[0];
        assert_eq!(e.kind, Kind::NvidiaSmi);
        assert_eq!((e.line, e.device.index), (4, Some(0)));
        assert_eq!(e.total, Some(3911 << 20));
        assert_eq!(e.free, Some((3911 - 1155) << 20));
        assert_eq!(
            e.other_processes,
            vec![OtherProcess {
                pid: 10734,
                bytes: Some(160 << 20)
            }]
        );
        assert_eq!(r.summary.errors, 0);
    }

    #[test]
    fn process_table_alone() {
        let text = "| Processes:                                                       GPU Memory |\n|    0      1228    C+G   C:\\Windows\\System32\\dwm.exe                N/A      |\n|    2   N/A  N/A     18243      G   /usr/bin/X                                   64MiB |";
        let r = analyze(text);
        assert_eq!(r.events.len(), 2);
        assert_eq!(
            r.events[0].other_processes,
            vec![OtherProcess {
                pid: 1228,
                bytes: None
            }]
        );
        assert_eq!(r.events[1].device.index, Some(2));
    }
}
