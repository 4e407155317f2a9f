//! One module per message format. Each exposes detectors: functions that look at one cleaned
//! line (with the state shared across lines) and say whether it starts, continues or repeats an
//! event. [`DETECTORS`] is the table the scanner tries, in order: the more specific first.

use std::sync::LazyLock;

use regex::Regex;

use crate::amount;
use crate::report::{Event, Kind};

pub(crate) mod cuda;
pub(crate) mod device;
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

/// A printed amount: number (thousands separators, decimal comma, numpy's `117.`) and a unit
/// (`kB` as the kernel and Paddle print it).
pub(crate) const AMOUNT: &str =
    r"(\d[\d,]*(?:\.\d+|\.)?\s?(?:[kKMGTPE]i?B\b|[KMGTPE]\b|bytes?\b|B\b))";

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

pub(crate) type DetectFn = fn(&str, &mut Cx) -> Option<Found>;

/// A detector, and the words (lower case) at least one of which every line it recognizes holds:
/// a line holding none of them is not shown to it, so that its patterns are neither run nor,
/// in a paste without its format, compiled (which is most of a small paste's cost). The test
/// that compares the scanner with and without its prefilter turns this gate off too, and so
/// proves every needle list complete.
/// (`name` is for tests and debugging.)
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct Detector {
    pub name: &'static str,
    pub needles: &'static [&'static str],
    pub detect: DetectFn,
}

const fn d(name: &'static str, needles: &'static [&'static str], detect: DetectFn) -> Detector {
    Detector {
        name,
        needles,
        detect,
    }
}

/// Every detector, most specific first; the first that recognizes a line wins.
pub(crate) const DETECTORS: &[Detector] = &[
    d(
        "nvidia-smi",
        &["nvidia-smi", "processes:", "mig devices", "mib"],
        nvidia_smi::detect,
    ),
    d(
        "memory-summary",
        &["memory summary"],
        memory_summary::detect,
    ),
    d(
        "gpu-processes",
        &["gpu:", "process", "no processes"],
        gpu_processes::detect,
    ),
    d("mps", &["mps", "invalid buffer size"], mps::detect),
    d(
        "pytorch",
        &[
            "out of",
            "outofmemory",
            "allocation on device",
            "tried to allocate",
            "non-pytorch",
            "allocated memory",
        ],
        pytorch::detect,
    ),
    d(
        "llamacpp",
        &[
            "ggml",
            "commandbuffer",
            " buffer",
            "rocm error",
            "musa error",
        ],
        llamacpp::detect,
    ),
    d(
        "jax",
        &[
            "resource",
            "ran out of memory",
            "rematerialization",
            "was not possible",
        ],
        jax::detect,
    ),
    d(
        "tensorflow",
        &[
            "ran out of memory",
            "from device",
            "ctxretain",
            "ctxcreate",
            "oom when allocating",
            "dst tensor",
            "bfc_allocator",
            "limit:",
            "inuse:",
            "numallocs:",
            "maxallocsize:",
            "reserved:",
            "largestfreeblock:",
        ],
        tensorflow::detect,
    ),
    d("nccl", &["cuda failure", "nccl"], cuda::detect_nccl),
    d("cublas-cudnn", &["cublas", "cudnn"], cuda::detect_libraries),
    d(
        "serving",
        &[
            "available memory",
            "kv cache",
            "seq len",
            "free memory on device",
            "mem-fraction",
            "not enough memory",
            "executor creation",
            "insufficient",
            "system memory",
        ],
        serving::detect,
    ),
    d(
        "paddle",
        &[
            "out of memory error on",
            "enforce allocating",
            "内存不足",
            "上分配",
        ],
        others::detect_paddle,
    ),
    d("cupy", &["out of memory"], others::detect_cupy),
    d(
        "onnxruntime",
        &["requested buffer", "not enough space"],
        others::detect_onnxruntime,
    ),
    // a device runtime's own words are more specific than a bare `MemoryError` around them
    d(
        "device",
        &[
            "cudaerrormemoryallocation",
            "out of mem",
            "cuda runtime error",
            "thcudacheck",
            "cuda failure",
            "cuda error",
            "cudasuccess",
            "device memory",
            "cuda_error_out_of_memory",
            "result=2",
            "hiperror",
            "hip_error",
            "alloc_failed",
            "allocation_failed",
            "memory_allocation_err",
            "allocator_failure",
            "memory_error",
            "allocfailed",
            "allocation_failure",
            "out_of_device_memory",
            "outofdevicememory",
            "outofmemory",
            "metal::malloc",
            "could not be allocated",
            "out of gpu memory",
            "memory_allocation_failure",
            "rtmalloc",
            "retryoom",
            "rmm",
        ],
        device::detect,
    ),
    d(
        "host",
        &[
            "defaultcpuallocator",
            "memoryerror",
            "unable to allocate",
            "errno 12",
            "to allocate",
            "kill",
            "已杀死",
            "on host",
            "hostalloc",
            "mallochost",
            "hostmalloc",
            "oom-killer",
            "1455",
            "paging file",
            "页面文件",
            "exit",
            "signal 9",
        ],
        host::detect,
    ),
    d(
        "dataloader-shm",
        &[
            "dataloader worker",
            "shared memory",
            "</torch_",
            "no space left",
        ],
        host::detect_dataloader,
    ),
    d(
        "batch-size",
        &["executable batch size"],
        others::detect_batch_size,
    ),
];

pub(crate) use crate::pattern::re;

/// The first capture of `re` in `text` read as an amount (see [`exact_micro`]).
pub(crate) fn amount(re: &Regex, text: &str) -> Option<u64> {
    micro(re, text).map(amount::round_micro)
}

/// Like [`amount`] in micro-bytes, for exact sums.
pub(crate) fn micro(re: &Regex, text: &str) -> Option<u128> {
    // the first group that took part: patterns have one group per alternative
    let m = re.captures(text)?.iter().skip(1).flatten().next()?;
    exact_micro(text, m)
}

/// The amount at `m` in `text`, in micro-bytes: the exact byte count where one follows it in
/// parentheses (`3.95G (4,237,689,856 bytes)`, `32.00MiB (33554432B)`; the rounded figure only
/// approximates it), else the printed amount.
pub(crate) fn exact_micro(text: &str, m: regex::Match<'_>) -> Option<u128> {
    static EXACT: LazyLock<Regex> =
        LazyLock::new(|| re(r"^\s*\(\s*(\d[\d,]*)\s*(?:bytes?|B)\s*\)"));
    let after = text.get(m.end()..).unwrap_or("");
    EXACT
        .captures(after)
        .and_then(|c| c.get(1))
        .and_then(|b| b.as_str().replace(',', "").parse::<u128>().ok())
        .map(|bytes| bytes * 1_000_000)
        .or_else(|| amount::parse_micro(m.as_str()))
}

/// The first capture group of `re` that took part in the match in `text`, as an integer (for
/// patterns with one group per alternative).
pub(crate) fn any_number<T: std::str::FromStr>(re: &Regex, text: &str) -> Option<T> {
    re.captures(text)?
        .iter()
        .skip(1)
        .flatten()
        .next()
        .and_then(|m| m.as_str().replace(',', "").parse().ok())
}

/// The first capture of `re` in `text` as an integer.
pub(crate) fn number<T: std::str::FromStr>(re: &Regex, text: &str) -> Option<T> {
    re.captures(text)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().replace(',', "").parse().ok())
}

static EXCEPTION_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:[A-Za-z_][\w.]*(?:Error|Exception)\s?:\s*)+$"));

/// The message starting at `start`, backed up over an exception class just before it
/// (`torch.OutOfMemoryError: `), trimmed of wrapping quotes and markup at the end.
pub(crate) fn message_from(line: &str, start: usize) -> String {
    static MODULE_PATH: LazyLock<Regex> = LazyLock::new(|| re(r"(?:[A-Za-z_]\w*\.)+$"));
    let start = MODULE_PATH
        .find(&line[..start])
        .map_or(start, |m| m.start());
    let head = &line[..start];
    let from = EXCEPTION_BEFORE.find(head).map_or(start, |m| m.start());
    line[from..]
        .trim_end_matches(['`', '"', '\'', ' ', '|', '\\'])
        .to_string()
}

/// The GPU index named as `GPU 0`, `device:GPU:1`, `GPU_1_bfc`, `GPU=1` (cuDNN, CNTK, ONNX
/// Runtime), `cuda:1`, `on device 4`, `(Device 0)` (OpenCL).
pub(crate) fn gpu_index(text: &str) -> Option<u32> {
    static INDEX: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)(?:\bGPU[\s:_=]*|cuda:|on device |\(device |\bCUDA)(\d{1,3})(?:\D|$)")
    });
    number(&INDEX, text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_detector_has_a_name_of_its_own_and_lower_case_needles() {
        let mut names: Vec<&str> = super::DETECTORS.iter().map(|d| d.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), super::DETECTORS.len());
        for d in super::DETECTORS {
            assert!(!d.needles.is_empty(), "{}", d.name);
            for n in d.needles {
                assert_eq!(n.to_ascii_lowercase(), *n, "{}: {n}", d.name);
            }
        }
    }
}
