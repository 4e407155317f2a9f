//! The PyTorch caching allocator's message, every generation: `X cached` (0.4–1.3),
//! `reserved in total by PyTorch` (1.x), `total capacty` (2.0/2.1), `Process N has ...` lines in any
//! order, `allocated in private pools`, HIP's `X allowed;`, XPU with or without the free amount,
//! and `cudaMallocAsync`'s bare `Allocation on device`. MPS lives in `mps.rs`.

use std::sync::LazyLock;

use regex::Regex;

use super::{amount, gpu_index, message_from, micro, re, Cx, Found, AMOUNT};
use crate::amount::round_micro;
use crate::normalize::squash_spaces;
use crate::report::{Backend, Event, Kind, OtherProcess};

static START: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(CUDA|HIP|XPU) out of memory\.?\s*(?:Tried to allocate|$)|OutOfMemoryError:\s*(?:(CUDA|HIP|XPU) out of memory|Allocation on device)",
    )
});
/// A fragment of the 2.x message pasted without its first sentence.
static FRAGMENT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"Including non-PyTorch memory, this process has|Of the allocated memory \d")
});

/// Lines that may continue a hard-wrapped message start with one of these (lowercase) words.
const CONTINUATIONS: &[&str] = &[
    "gpu ",
    "tried",
    "including",
    "this process",
    "of the allocated",
    "allocated",
    "and ",
    "with ",
    "by pytorch",
    "process ",
    "if reserved",
    "setting",
    "see documentation",
    "reserved",
    "free",
    "is ",
    "of which",
    "total capac",
    "memory",
    "already",
    "cached",
    "pytorch",
    "unallocated",
    "to avoid",
    "large try",
    "please use",
    "release all",
    "max_split",
    "documentation",
    "(gpu",
    "management",
    "(https",
    "expandable",
    "in use",
    "non-pytorch",
    "in private",
    "private pools",
];
/// The most lines a wrapped message is joined from.
pub(crate) const MAX_JOIN_LINES: usize = 12;

pub(crate) fn detect(line: &str, cx: &mut Cx) -> Option<Found> {
    if let Some(m) = START.find(line) {
        let mut event = Event::new(Kind::PytorchOom, cx.line_no, message_from(line, m.start()));
        let caps = START.captures(line);
        let word = caps
            .as_ref()
            .and_then(|c| c.get(1).or_else(|| c.get(2)))
            .map(|m| m.as_str().to_ascii_uppercase());
        event.device.backend = Some(match word.as_deref() {
            Some("HIP") => Backend::Hip,
            Some("XPU") => Backend::Xpu,
            _ => Backend::Cuda,
        });
        return Some(if event.text.contains("Allocation on device") {
            Found::Event(event)
        } else {
            Found::Pending(event)
        });
    }
    if let Some(m) = FRAGMENT.find(line) {
        if !cx.state.within(Kind::PytorchOom, cx.line_no, 3) {
            let mut event = Event::new(Kind::PytorchOom, cx.line_no, message_from(line, m.start()));
            event.device.backend = Some(if line.contains("HIP") {
                Backend::Hip
            } else {
                Backend::Cuda
            });
            return Some(Found::Pending(event));
        }
    }
    None
}

/// Whether `next` continues the hard-wrapped message in `text`.
pub(crate) fn continues(text: &str, next: &str) -> bool {
    if next.is_empty() || START.is_match(next) || complete(text) {
        return false;
    }
    let lower = next.trim_start().to_ascii_lowercase();
    lower.starts_with(|c: char| c.is_ascii_digit())
        || CONTINUATIONS.iter().any(|w| lower.starts_with(w))
}

/// Whether the message has reached its last sentence.
fn complete(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with("environment-variables)")
        || t.ends_with("PYTORCH_CUDA_ALLOC_CONF")
        || t.ends_with("PYTORCH_HIP_ALLOC_CONF")
        || t.ends_with("cached memory.")
}

static REQUESTED: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"Tried to allocate (?:more than )?{AMOUNT}")));
static TOTAL: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"{AMOUNT} total capac|total capac\w* of {AMOUNT}")));
static FREE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"of which {AMOUNT} is free|{AMOUNT} free\b")));
static ALLOCATED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{AMOUNT} already allocated|{AMOUNT} is allocated by PyTorch"
    ))
});
static RESERVED_TOTAL: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"{AMOUNT} reserved in total by PyTorch")));
/// PyTorch 1.0–1.3 printed the cached-but-unused part of the cache, reserved − allocated.
static CACHED: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"{AMOUNT} cached\b")));
static UNALLOCATED: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"{AMOUNT} is reserved by PyTorch but unallocated")));
static PROCESS: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"this process has {AMOUNT} memory in use")));
static PRIVATE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"{AMOUNT} allocated in private pools")));
static OTHER: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"Process (\d+) has {AMOUNT} memory in use")));

/// The first non-empty capture group of `re` in `text`, in micro-bytes.
fn any_micro(re: &Regex, text: &str) -> Option<u128> {
    let caps = re.captures(text)?;
    caps.iter()
        .skip(1)
        .flatten()
        .next()
        .and_then(|m| crate::amount::parse_micro(m.as_str()))
}

/// Reads the amounts of a complete (joined) message into `event`.
pub(crate) fn finish(event: &mut Event) {
    let text = squash_spaces(&event.text).into_owned();
    event.requested = amount(&REQUESTED, &text);
    event.total = any_micro(&TOTAL, &text).map(round_micro);
    event.free = any_micro(&FREE, &text).map(round_micro);
    let allocated = any_micro(&ALLOCATED, &text);
    event.allocated = allocated.map(round_micro);
    // reserved is printed whole (1.4–2.x), or as allocated plus the unallocated rest: `X cached`
    // (1.0–1.3) or `X is reserved by PyTorch but unallocated` (2.x); spec: the sum of the exact
    // products, rounded once.
    let unallocated = micro(&UNALLOCATED, &text).or_else(|| micro(&CACHED, &text));
    event.reserved = match (any_micro(&RESERVED_TOTAL, &text), unallocated) {
        (Some(r), _) => Some(round_micro(r)),
        (None, Some(u)) => Some(round_micro(u + allocated.unwrap_or(0))),
        (None, None) => None,
    };
    event.process = amount(&PROCESS, &text);
    event.private_pools = amount(&PRIVATE, &text);
    event.other_processes = OTHER
        .captures_iter(&text)
        .filter_map(|c| {
            let pid = c.get(1)?.as_str().parse().ok()?;
            let bytes = c
                .get(2)
                .and_then(|m| crate::amount::parse_amount(m.as_str()));
            Some(OtherProcess { pid, bytes })
        })
        .collect();
    if event.device.index.is_none() && event.device.backend != Some(Backend::Mps) {
        event.device.index = gpu_index(&text);
    }
    if event.device.backend == Some(Backend::Cuda)
        && (text.contains("HIP Graphs") || text.contains("PYTORCH_HIP"))
    {
        event.device.backend = Some(Backend::Hip);
    }
    event.text = cut_after_last_clause(text);
}

/// Where each generation's message ends; what follows on the line (tqdm residue, a table's
/// ` |`) is not part of it.
const ENDINGS: &[&str] = &[
    "environment-variables)",
    "PYTORCH_CUDA_ALLOC_CONF",
    "PYTORCH_HIP_ALLOC_CONF",
    "cached memory.",
    "reserved in total by PyTorch)",
    " cached)",
    "but unallocated.",
];

fn cut_after_last_clause(mut text: String) -> String {
    let end = ENDINGS
        .iter()
        .filter_map(|e| text.rfind(e).map(|i| i + e.len()))
        .max();
    if let Some(end) = end {
        text.truncate(end);
    }
    text
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::report::{Backend, Kind, OtherProcess};

    #[test]
    fn old_cached_format() {
        let r = analyze("RuntimeError: CUDA out of memory. Tried to allocate 1024.00 KiB (GPU 0; 11.17 GiB total capacity; 10.90 GiB already allocated; 576.00 KiB free; 30.96 MiB cached)");
        let e = &r.events[0];
        assert_eq!(e.kind, Kind::PytorchOom);
        assert_eq!(
            (e.device.backend, e.device.index),
            (Some(Backend::Cuda), Some(0))
        );
        assert_eq!(e.requested, Some(1_048_576));
        assert_eq!(e.total, Some(11_993_696_174));
        assert_eq!(e.free, Some(589_824));
        assert_eq!(e.allocated, Some(11_703_785_882));
        // 10.90 GiB allocated + 30.96 MiB cached (the unused part of the cache), summed exactly.
        assert_eq!(e.reserved, Some(11_736_249_795));
        assert!(e.text.starts_with("RuntimeError: CUDA out of memory."));
    }

    #[test]
    fn new_format_with_processes_in_the_middle() {
        let r = analyze("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 44.42 GiB of which 22.00 MiB is free. Process 2631739 has 39.84 GiB memory in use. Including non-PyTorch memory, this process has 488.00 MiB memory in use. Process 578885 has 0 bytes memory in use. Of the allocated memory 124.41 MiB is allocated by PyTorch, with 2.00 MiB allocated in private pools (e.g., CUDA Graphs), and 17.59 MiB is reserved by PyTorch but unallocated.");
        let e = &r.events[0];
        assert_eq!(e.total, Some(47_695_611_822));
        assert_eq!(e.free, Some(23_068_672));
        assert_eq!(e.process, Some(511_705_088));
        assert_eq!(e.allocated, Some(130_453_340));
        assert_eq!(e.reserved, Some(148_897_792));
        assert_eq!(e.private_pools, Some(2_097_152));
        assert_eq!(
            e.other_processes,
            vec![
                OtherProcess {
                    pid: 2_631_739,
                    bytes: Some(42_777_874_268)
                },
                OtherProcess {
                    pid: 578_885,
                    bytes: Some(0)
                }
            ]
        );
    }

    #[test]
    fn hard_wrapped_message_is_joined() {
        let r = analyze("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 336.00 MiB.\nGPU 0 has a total capacity of 31.40 GiB of which 371.12 MiB is free.\nIncluding non-PyTorch memory, this process has 29.79 GiB memory in use.\nOf the allocated memory 28.95 GiB is allocated by PyTorch, with 22.00 MiB\nallocated in private pools (e.g., CUDA Graphs), and 138.45 MiB is reserved\nby PyTorch but unallocated.\n\nVRAM: 2,845 MiB");
        assert_eq!(r.events.len(), 1);
        let e = &r.events[0];
        assert_eq!((e.line, e.end_line), (1, 6));
        assert_eq!(e.private_pools, Some(23_068_672));
        assert_eq!(e.reserved, Some(31_230_001_152));
    }

    #[test]
    fn interleaved_ranks_do_not_join() {
        let r = analyze("[rank0]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.00 GiB. GPU 0 has a total capacity of\n[rank1]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 1 has a total capacity of\n[rank0]: 79.21 GiB of which 1.00 MiB is free.\n[rank1]: 79.21 GiB of which 2.00 MiB is free.");
        assert_eq!(r.events.len(), 2);
        assert_eq!(r.events[0].device.index, Some(0));
        assert_eq!(r.events[1].requested, Some(2 << 30));
        assert_eq!(r.events[1].free, Some(2 << 20));
        assert_eq!(
            r.events[0].total,
            Some(85_051_089_879),
            "rank 0 goes on after rank 1 began"
        );
        assert_eq!(r.events[0].free, Some(1 << 20));
    }

    #[test]
    fn phase_from_a_flattened_traceback() {
        let r = analyze("returncode=1; File \"m.py\", line 112, in forward; value = F.sdpa(; torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 44.42 GiB of which 22.00 MiB is free.");
        assert_eq!(r.events[0].phase, Some(crate::Phase::Forward));
    }

    #[test]
    fn headings_and_links_that_name_the_error_are_not_events() {
        let text = "- [1. torch.cuda.OutOfMemoryError: CUDA out of memory](#1-torchcudaoutofmemoryerror)\n## 1. torch.cuda.OutOfMemoryError: CUDA out of memory\n- `How to fix: \"RuntimeError: CUDA error: out of memory\" <https://stackoverflow.com/q/1>`_";
        assert!(analyze(text).events.is_empty());
        let r = analyze("## RuntimeError: CUDA out of memory. Tried to allocate 12.50 MiB (GPU 0; 10.92 GiB total capacity; 8.57 MiB already allocated; 9.28 GiB free; 4.68 MiB cached)");
        assert_eq!(r.events.len(), 1);
    }

    #[test]
    fn hip_and_xpu_and_async() {
        let r = analyze("torch.OutOfMemoryError: HIP out of memory. Tried to allocate 2.00 MiB. GPU 7 has a total capacity of 287.98 GiB of which 203.49 GiB is free.");
        assert_eq!(r.events[0].device.backend, Some(Backend::Hip));
        assert_eq!(r.events[0].device.index, Some(7));
        let r = analyze("XPU out of memory. Tried to allocate 4.00 GiB. GPU 0 has a total capacity of 15.11 GiB.");
        assert_eq!(r.events[0].device.backend, Some(Backend::Xpu));
        assert_eq!(r.events[0].total, Some(16_224_238_961));
        assert_eq!(r.events[0].free, None);
        let r = analyze("torch.OutOfMemoryError: Allocation on device \n");
        assert_eq!(r.events[0].kind, Kind::PytorchOom);
        assert_eq!(r.events[0].requested, None);
    }
}
