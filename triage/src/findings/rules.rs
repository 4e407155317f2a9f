//! The causes each event's numbers support, each with a score. Scores and thresholds were set on
//! `shared/cause-corpus` (28 confirmed causes); the comment on each says what it stands for.
//!
//! T total, A allocated (live tensors), R reserved (the allocator's cache, A included), F free, Q
//! requested, P this process (framework and not), O memory held outside this process's allocator.

use crate::amount::format_bytes as b;
use crate::report::{Backend, Event, Kind, OtherProcess};

use super::paste::Paste;
use super::Candidate;

/// The live tensors plus the request filling this share of the card mean the workload does not
/// fit ("three quarters of the card": cause-corpus 011, 012, 015 at 80–90% were fixed by smaller
/// batches or inputs; context and slack take the rest).
const FILLS_CARD: f64 = 0.75;
/// ...and this share leaves no doubt.
const FILLS_CARD_SURELY: f64 = 0.90;
/// One allocation this large a share of the card is a large input, batch or attention matrix by
/// itself (cause-corpus 013: a 2.6 GiB request on a 7.8 GiB card, fixed with smaller inputs).
const LARGE_REQUEST: f64 = 0.25;
/// The allocator's cache covering this share of the card: the workload once needed nearly all of
/// it (its peak), whatever is live now (cause-corpus 022: 10.5 of 11.8 GiB reserved, 4.5 live,
/// fixed with smaller batches).
const CACHE_FILLS_CARD: f64 = 0.85;
/// Cached-but-unused memory counts as fragmentation only above this share of the card (a cache of
/// a few dozen MiB "could hold" a 2 MiB request, and says nothing: cause-corpus 009, 011).
const FRAGMENT_MIN_SHARE: f64 = 0.05;
/// Without holding the request, a cache this large a share of `reserved`...
const FRAGMENT_SHARE: f64 = 0.20;
/// ...and this large is still fragmentation worth fixing.
const FRAGMENT_MIN_BYTES: u64 = 512 << 20;
/// Memory outside this process's allocator up to this size, with no other process listed, is most
/// likely its own CUDA context and libraries (300 MiB to 1.5 GiB depending on the card, CUDA and
/// the libraries loaded: cause-corpus 009, where the maintainer named the context).
const CONTEXT_MAX_BYTES: u64 = 1536 << 20;
/// Three amounts printed to two decimals of GiB are each off by up to 5 MiB: a list that holds
/// more than the figures leave for others by less than this may be rounding.
const ROUNDING_SLACK_BYTES: u64 = 32 << 20;
/// Other processes holding this share of the device matter.
const OTHERS_SHARE: f64 = 0.10;
/// Non-framework memory of this process above this size (the context is 300–800 MiB)...
const NON_FRAMEWORK_MIN_BYTES: u64 = 1 << 30;
/// ...and above this share of the device.
const NON_FRAMEWORK_SHARE: f64 = 0.10;
/// A device with this much more free than requested did not fail for room on the device.
const FREE_RATIO: f64 = 2.0;
/// A GPU this full in a pasted table, beside one this empty, is held by something else.
const TABLE_FULL: f64 = 0.80;
const TABLE_EMPTY: f64 = 0.20;

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn pct(part: u64, whole: u64) -> String {
    format!("{:.0}%", share(part, whole) * 100.0)
}

/// Every cause `event` supports, in no particular order.
pub(crate) fn candidates(e: &Event, paste: &Paste) -> Vec<Candidate> {
    let mut out = Vec::new();
    match e.kind {
        Kind::PytorchOom | Kind::MemorySummary | Kind::PaddleOom => allocator(e, &mut out),
        Kind::TensorflowOom => tensorflow(e, &mut out),
        Kind::JaxOom => jax(e, &mut out),
        Kind::ServingOom => serving(e, &mut out),
        Kind::HostOom | Kind::ShmExhausted | Kind::DataloaderKilled => host(e, &mut out),
        Kind::NcclOom => outside_allocator("NCCL's buffers", &mut out),
        Kind::CublasAlloc => outside_allocator("cuBLAS's handle and workspace", &mut out),
        Kind::CudnnAlloc => outside_allocator("cuDNN's handle and workspace", &mut out),
        Kind::CudaError => raw_device_error(e, paste, &mut out),
        Kind::LlamacppOom => llamacpp(e, &mut out),
        Kind::CupyOom | Kind::OnnxruntimeOom => other_framework(e, &mut out),
        Kind::BatchSizeSearch => out.push(Candidate::new(
            "near-capacity",
            0.8,
            "the batch-size finder halved the batch down to zero without finding one that fits"
                .to_string(),
            "no batch size fit at all",
        )),
        Kind::NvidiaSmi | Kind::GpuProcesses => {}
    }
    if e.is_error() && !preallocates(e.kind) {
        from_table(e, paste, &mut out);
    }
    request_exceeds_capacity(e, &mut out);
    free_exceeds_request(e, &mut out);
    out
}

/// TensorFlow and JAX take most of the device at start: a full GPU in a table is their own.
fn preallocates(kind: Kind) -> bool {
    matches!(kind, Kind::TensorflowOom | Kind::JaxOom)
}

fn request_exceeds_capacity(e: &Event, out: &mut Vec<Candidate>) {
    let (Some(req), Some(total)) = (e.requested, e.total) else {
        return;
    };
    if req > total {
        out.push(Candidate::new(
            "request-exceeds-capacity",
            0.95,
            format!(
                "{} was requested but the device holds only {} in total",
                b(req),
                b(total)
            ),
            format!(
                "the single request of {} is larger than the {} card",
                b(req),
                b(total)
            ),
        ));
    }
}

/// The caching allocator's message (PyTorch, and the printouts and frameworks that give the same
/// figures).
fn allocator(e: &Event, out: &mut Vec<Candidate>) {
    let Some(total) = e.total else {
        // a message cut before its figures: the usual causes, in the usual order
        unknown_numbers(out);
        return;
    };
    let allocated = e.allocated.unwrap_or(0);
    let used = allocated.saturating_add(e.other.unwrap_or(0));
    let request = e.requested.filter(|&r| r <= total).unwrap_or(0);
    let need = used.saturating_add(request);
    let fills = share(need, total);
    let mut near = 0.0;
    if e.allocated.is_some() && fills >= FILLS_CARD {
        near = if fills >= FILLS_CARD_SURELY { 0.9 } else { 0.8 };
        let evidence = if request > 0 && share(used, total) < FILLS_CARD {
            format!(
                "{} allocated plus the {} requested is {} of the {} device",
                b(used),
                b(request),
                pct(need, total),
                b(total)
            )
        } else {
            let more = if request > 0 {
                format!(", and {} more was requested", b(request))
            } else {
                String::new()
            };
            format!(
                "{} of the {} device is allocated ({}){more}",
                b(used),
                b(total),
                pct(used, total)
            )
        };
        out.push(Candidate::new(
            "near-capacity",
            near,
            evidence,
            format!(
                "the live tensors and the request need {} of the card",
                pct(need, total)
            ),
        ));
    } else if request > 0 && share(request, total) >= LARGE_REQUEST {
        near = 0.72;
        out.push(Candidate::new(
            "near-capacity",
            near,
            format!(
                "one allocation of {} is {} of the {} device: a large input, batch or attention matrix",
                b(request),
                pct(request, total),
                b(total)
            ),
            format!("one tensor of {} is {} of the card", b(request), pct(request, total)),
        ));
    } else if let (Some(reserved), Some(free)) = (e.reserved, e.free) {
        if share(reserved, total) >= CACHE_FILLS_CARD && request > free {
            near = 0.4;
            out.push(Candidate::new(
                "near-capacity",
                near,
                format!(
                    "the allocator had reserved {} of the {} device: at its peak the workload used nearly all of it",
                    b(reserved),
                    b(total)
                ),
                "the allocator's cache grew to fill the card",
            ));
        }
    }
    let before = out.len();
    fragmentation(e, total, near, out);
    outside(e, total, allocated, out);
    if out.len() == before && near == 0.0 && e.allocated.is_none() {
        // the total, but not what the allocator held: a message cut in the middle
        unknown_numbers(out);
    }
}

fn fragmentation(e: &Event, total: u64, near: f64, out: &mut Vec<Candidate>) {
    let Some(segments) = e.segments else { return };
    let (Some(unallocated), Some(allocated)) = (segments.reserved_unallocated, segments.allocated)
    else {
        return;
    };
    let reserved = unallocated.saturating_add(allocated);
    let significant = share(unallocated, total) >= FRAGMENT_MIN_SHARE;
    let (score, evidence): (f64, String) = match e.requested {
        Some(req) if req > 0 && unallocated >= req && significant => (
            0.75,
            format!(
                "{} reserved but unallocated could have held the {} requested",
                b(unallocated),
                b(req)
            ),
        ),
        _ if unallocated >= FRAGMENT_MIN_BYTES
            && share(unallocated, reserved) >= FRAGMENT_SHARE =>
        {
            (
                0.45,
                format!(
                    "{} of the {} reserved ({}) is unallocated",
                    b(unallocated),
                    b(reserved),
                    pct(unallocated, reserved)
                ),
            )
        }
        _ => return,
    };
    // when the tensors fill the card, a defragmented cache would only postpone the failure
    let score = if near >= 0.8 { score.min(0.5) } else { score };
    out.push(Candidate::new(
        "fragmentation",
        score,
        evidence,
        format!(
            "{} of the allocator's cache was free but in pieces",
            b(unallocated)
        ),
    ));
}

/// Memory outside this process's allocator: other processes listed, this process's own
/// non-framework memory, or, with neither stated, the difference that only one of them explains.
fn outside(e: &Event, total: u64, allocated: u64, out: &mut Vec<Candidate>) {
    let (others, me) = split_this_process(e, total);
    let listed = held(others.iter().copied());
    if listed > 0 {
        listed_processes(e, total, &others, me, out);
    }
    if let (Some(process), Some(reserved)) = (e.process, e.reserved) {
        let outside = process.saturating_sub(reserved);
        if outside >= NON_FRAMEWORK_MIN_BYTES && share(outside, total) >= NON_FRAMEWORK_SHARE {
            out.push(Candidate::new(
                "non-framework-memory",
                0.6,
                format!(
                    "this process holds {} outside the allocator ({} of the device): CUDA context, libraries, other allocators",
                    b(outside),
                    pct(outside, total)
                ),
                format!("this process holds {} outside the allocator", b(outside)),
            ));
        }
    }
    if listed > 0 {
        return;
    }
    // Not listed: total - free - this process (or, without it, - reserved) is somebody's.
    let Some(others) = e.segments.and_then(|s| s.other_processes) else {
        return;
    };
    if e.process.is_some() {
        // this process's whole use is known, so the rest is other programs: a display server and
        // desktop applications take a few hundred MiB to a GiB on a card that drives a screen
        if share(others, total) >= OTHERS_SHARE && room_missing(e) {
            let small = others <= CONTEXT_MAX_BYTES;
            out.push(Candidate::new(
                "other-processes",
                if small { 0.3 } else { 0.55 },
                format!(
                    "{} of the device ({} of {}) is used by other programs, none of them listed (other containers, a desktop session)",
                    b(others),
                    pct(others, total),
                    b(total)
                ),
                format!("other programs hold {} of the card", pct(others, total)),
            ));
        }
        return;
    }
    if others <= CONTEXT_MAX_BYTES {
        if others >= 256 << 20 {
            out.push(Candidate::new(
                "non-framework-memory",
                0.35,
                format!(
                    "{} of the device is outside the allocator: about what the CUDA context and its libraries take",
                    b(others)
                ),
                "the memory outside the allocator is about the size of the CUDA context",
            ));
        }
        return;
    }
    if share(others, total) < OTHERS_SHARE {
        return;
    }
    if !room_missing(e) {
        return;
    }
    // The less this process itself holds, the more the rest must be someone else's
    // (cause-corpus 003: 530 MiB reserved on an 11 GiB card that was full).
    let score = if share(allocated, total) < 0.25 && share(others, total) >= 0.5 {
        0.7
    } else if share(allocated, total) < 0.5 {
        0.5
    } else {
        0.4
    };
    out.push(Candidate::new(
        "other-processes",
        score,
        format!(
            "{} of the device ({} of {}) is used outside this process's allocator though no other process is listed: processes in other containers, the driver, or this process's own non-framework memory",
            b(others),
            pct(others, total),
            b(total)
        ),
        format!(
            "{} of the card is held outside this process's allocator",
            pct(others, total)
        ),
    ));
}

/// What the listed processes hold together, saturating: the amounts come from the input, and
/// two absurd ones must not overflow.
fn held<'a>(processes: impl Iterator<Item = &'a OtherProcess>) -> u64 {
    processes
        .filter_map(|p| p.bytes)
        .fold(0, u64::saturating_add)
}

/// The processes listed, less the one that is this process when the figures prove it: without the
/// "this process has" clause (a container, whose pid namespace hides which pid is ours), a list
/// holding more than total − free − reserved leaves for others must count this process too. Ours
/// is the smallest entry that holds at least what the allocator reserved and without which the
/// rest fits that room; slack covers the rounding of three printed amounts. When no entry
/// explains it, the list is taken as it is.
fn split_this_process(e: &Event, total: u64) -> (Vec<&OtherProcess>, Option<&OtherProcess>) {
    // no process holds more than the device: such a figure is a misreading, not evidence
    let all: Vec<&OtherProcess> = e
        .other_processes
        .iter()
        .filter(|p| p.bytes.is_some_and(|bytes| bytes <= total))
        .collect();
    let (None, Some(free), Some(reserved)) = (e.process, e.free, e.reserved) else {
        return (all, None);
    };
    let listed = held(all.iter().copied());
    let slack = ROUNDING_SLACK_BYTES.max(total / 200);
    let room = total.saturating_sub(free).saturating_sub(reserved);
    if listed <= room.saturating_add(slack) {
        return (all, None);
    }
    let me = all
        .iter()
        .copied()
        .filter(|p| {
            let bytes = p.bytes.unwrap_or(0);
            bytes.saturating_add(slack) >= reserved && listed - bytes <= room.saturating_add(slack)
        })
        .min_by_key(|p| p.bytes);
    match me {
        Some(me) => (
            all.into_iter().filter(|p| !std::ptr::eq(*p, me)).collect(),
            Some(me),
        ),
        None => (all, None),
    }
}

/// Whether the request found too little free: with more free than requested, what others hold
/// did not take the room this request needed.
fn room_missing(e: &Event) -> bool {
    match (e.requested, e.free) {
        (Some(r), Some(f)) => r > f,
        _ => true,
    }
}

fn listed_processes(
    e: &Event,
    total: u64,
    others: &[&OtherProcess],
    me: Option<&OtherProcess>,
    out: &mut Vec<Candidate>,
) {
    let listed = held(others.iter().copied());
    if share(listed, total) < OTHERS_SHARE {
        return;
    }
    let would_fit = match (e.requested, e.free) {
        (Some(r), Some(f)) => f.saturating_add(listed) >= r,
        _ => false,
    };
    // without the "this process has" clause (containers), one listed process holding at least
    // what the allocator reserved is most likely this process under another pid namespace
    let maybe_self = me.is_none()
        && e.process.is_none()
        && others.len() == 1
        && e.reserved.is_some_and(|r| listed >= r);
    let score = match (would_fit, maybe_self) {
        (_, true) => 0.4,
        (true, false) => 0.85,
        (false, false) => 0.55,
    };
    let mut evidence = format!(
        "other processes hold {} ({} of {})",
        b(listed),
        pct(listed, total),
        b(total)
    );
    if let Some(p) = others.iter().max_by_key(|p| p.bytes) {
        if let Some(bytes) = p.bytes {
            evidence.push_str(&format!("; pid {} alone holds {}", p.pid, b(bytes)));
        }
    }
    if would_fit {
        evidence.push_str(&format!(
            ", enough to serve the {} requested",
            b(e.requested.unwrap_or(0))
        ));
    }
    if maybe_self {
        evidence
            .push_str(" (in a container this may be this very process, seen under another pid)");
    }
    if let Some(me) = me {
        evidence.push_str(&format!(
            " (pid {}, {}, is this process: the figures leave others less than the whole list)",
            me.pid,
            b(me.bytes.unwrap_or(0))
        ));
    }
    out.push(Candidate::new(
        "other-processes",
        score,
        evidence,
        format!("other processes hold {} of the card", pct(listed, total)),
    ));
}

/// More free than requested: the device had room, so the failure was elsewhere: a fraction limit,
/// fragmentation of the device, or the host side (pinned buffers; on Windows the driver backs
/// device memory with the page file, cause-corpus 024).
fn free_exceeds_request(e: &Event, out: &mut Vec<Candidate>) {
    let (Some(free), Some(req)) = (e.free, e.requested) else {
        return;
    };
    if free <= req || !e.is_error() {
        return;
    }
    let ample = free as f64 >= req as f64 * FREE_RATIO && free - req >= 256 << 20;
    out.push(Candidate::new(
        "free-exceeds-request",
        if ample { 0.6 } else { 0.25 },
        format!(
            "the device reports {} free, more than the {} requested: a memory-fraction limit, fragmentation or another allocator is in the way",
            b(free),
            b(req)
        ),
        format!("{} was free for a request of {}", b(free), b(req)),
    ));
    if ample && e.device.backend != Some(Backend::Cpu) {
        out.push(Candidate::new(
            "host-memory",
            0.35,
            "with device memory free, the allocation may have failed on the host: pinned buffers, or host RAM and the page file that back the driver (Windows)".to_string(),
            "the device had room, so the host may not have",
        ));
    }
}

/// A pasted `nvidia-smi` table beside the error.
fn from_table(e: &Event, paste: &Paste, out: &mut Vec<Candidate>) {
    let Some(gpu) = paste.gpu_of(e) else { return };
    if gpu.used_share() < TABLE_FULL {
        return;
    }
    let used = format!(
        "nvidia-smi shows GPU {} with {} of {} in use ({})",
        gpu.index,
        b(gpu.used),
        b(gpu.total),
        pct(gpu.used, gpu.total)
    );
    match paste.emptiest_other(gpu.index) {
        Some(free_gpu) if free_gpu.used_share() <= TABLE_EMPTY => out.push(Candidate::new(
            "other-processes",
            0.8,
            format!(
                "{used} while GPU {} has {} in use: if that memory is not this job's, another job holds GPU {}; run on GPU {} (CUDA_VISIBLE_DEVICES={})",
                free_gpu.index,
                b(free_gpu.used),
                gpu.index,
                free_gpu.index,
                free_gpu.index
            ),
            format!(
                "GPU {} is {} full in the pasted table while GPU {} is nearly empty",
                gpu.index,
                pct(gpu.used, gpu.total),
                free_gpu.index
            ),
        )),
        _ => out.push(Candidate::new(
            "other-processes",
            0.5,
            format!("{used}: if that memory is not this job's, another process holds it"),
            format!("GPU {} is full in the pasted table", gpu.index),
        )),
    }
}

fn tensorflow(e: &Event, out: &mut Vec<Candidate>) {
    if e.device.backend == Some(Backend::Cpu) {
        return;
    }
    let text = &e.text;
    if text.contains("PrimaryCtxRetain") || text.contains("CtxCreate") {
        // creating a context needs a few hundred MiB: the device was full before this process
        out.push(Candidate::new(
            "other-processes",
            0.8,
            "the CUDA context could not be created: the device was full before this process started (another process, another notebook)".to_string(),
            "even the CUDA context found no room, so the device was full before this process",
        ));
        return;
    }
    if text.contains("from device") {
        // the stream executor's own allocation: TensorFlow taking its budget at start
        out.push(Candidate::new(
            "preallocation",
            0.75,
            format!(
                "TensorFlow tried to take {} of the device at start and the driver refused: it maps (nearly) all free memory unless memory growth or a memory limit is set",
                e.requested.map_or_else(|| "most".to_string(), b)
            ),
            "TensorFlow's own start-up allocation of most of the device failed",
        ));
        out.push(Candidate::new(
            "other-processes",
            0.45,
            "what TensorFlow could not take at start may be held by another process".to_string(),
            "another process may hold part of the device",
        ));
        return;
    }
    // A tensor that did not fit inside TensorFlow's budget, which is (nearly) the whole device:
    // memory growth would not add room (cause-corpus 010); the budget is smaller only when other
    // processes held memory when TensorFlow started (cause-corpus 001, notebooks left open).
    out.push(Candidate::new(
        "near-capacity",
        0.55,
        format!(
            "a tensor{} did not fit in TensorFlow's budget, which is most of the device: the model, batch or input is too large for it",
            e.requested.map(|r| format!(" of {}", b(r))).unwrap_or_default()
        ),
        "a tensor did not fit in TensorFlow's budget of most of the device",
    ));
    out.push(Candidate::new(
        "other-processes",
        0.45,
        "TensorFlow's budget is what was free when it started: other processes (notebooks left running) make it smaller".to_string(),
        "other processes may have made TensorFlow's budget smaller",
    ));
}

fn jax(e: &Event, out: &mut Vec<Candidate>) {
    if e.device.backend == Some(Backend::Tpu) {
        out.push(Candidate::new(
            "near-capacity",
            0.7,
            "the program's buffers do not fit the TPU's HBM".to_string(),
            "the program does not fit the TPU's memory",
        ));
        return;
    }
    // JAX preallocates 75% of the GPU: a quarter stays unused unless the fraction is raised
    out.push(Candidate::new(
        "preallocation",
        0.6,
        "JAX preallocates 75% of GPU memory at start (XLA_PYTHON_CLIENT_PREALLOCATE, XLA_PYTHON_CLIENT_MEM_FRACTION); the rest of the card is out of its reach".to_string(),
        "JAX keeps a quarter of the card out of its own reach",
    ));
    out.push(Candidate::new(
        "near-capacity",
        0.5,
        "the arrays and temporaries of the program do not fit JAX's memory".to_string(),
        "the program does not fit JAX's share of the card",
    ));
}

fn serving(e: &Event, out: &mut Vec<Candidate>) {
    if e.device.backend == Some(Backend::Cpu) {
        out.push(Candidate::new(
            "host-memory",
            0.85,
            format!(
                "the model needs {} of system memory{}",
                e.requested.map_or_else(|| "more".to_string(), b),
                e.free
                    .map(|f| format!(", {} is available", b(f)))
                    .unwrap_or_default()
            ),
            "the server checked host RAM and found too little",
        ));
        return;
    }
    let numbers = match (e.free, e.total, e.requested) {
        (Some(f), Some(t), Some(r)) => {
            format!(": {} free of {} at startup, {} wanted", b(f), b(t), b(r))
        }
        (Some(f), Some(t), None) => format!(": {} free of {}", b(f), b(t)),
        _ => String::new(),
    };
    out.push(Candidate::new(
        "kv-cache",
        0.9,
        format!("the inference server cannot fit weights and KV cache{numbers}"),
        "the server's own check found the weights and KV cache too large for its budget",
    ));
}

fn host(e: &Event, out: &mut Vec<Candidate>) {
    let what = match e.kind {
        Kind::ShmExhausted => "shared memory (/dev/shm) is too small for the DataLoader workers",
        Kind::DataloaderKilled => {
            "a DataLoader worker was killed by a signal, usually the OOM killer or /dev/shm"
        }
        _ => "the process ran out of host RAM (or was killed by the kernel's OOM killer)",
    };
    let amount = e
        .requested
        .map(|r| format!(" while allocating {}", b(r)))
        .unwrap_or_default();
    out.push(Candidate::new(
        "host-memory",
        0.9,
        format!("line {}: {what}{amount}", e.line),
        "the failure is in host memory, not on the GPU",
    ));
}

/// A library's own allocation outside the framework's allocator (NCCL buffers, cuBLAS/cuDNN
/// workspaces): the framework's cache left it no room (cause-corpus 025: NCCL's buffers grew past
/// what TensorFlow left free).
fn outside_allocator(what: &str, out: &mut Vec<Candidate>) {
    out.push(Candidate::new(
        "non-framework-memory",
        0.55,
        format!("{what} are allocated outside the framework's allocator, in what it left free; the framework's cache (or another process) left too little"),
        format!("{what} need memory the framework's allocator does not manage"),
    ));
    out.push(Candidate::new(
        "near-capacity",
        0.4,
        "the workload's own tensors may fill the device, leaving the library no room".to_string(),
        "the workload may fill the device",
    ));
    out.push(Candidate::new(
        "other-processes",
        0.3,
        "another process on the device takes the same room".to_string(),
        "another process may hold part of the device",
    ));
}

/// A runtime's error with no figures: the likely causes in their usual order, low confidence,
/// with what to paste next.
fn raw_device_error(e: &Event, paste: &Paste, out: &mut Vec<Candidate>) {
    if e.requested.is_some() && e.total.is_some() {
        allocator(e, out);
        return;
    }
    // A raw runtime failure, not the caching allocator's message: the allocation was outside the
    // framework's allocator (context creation, a library) or in a program without one; a device
    // already full at that point is most often another process (cause-corpus 023).
    // A table already pasted shows how full the device was, not what filled it: ask only for
    // what is missing.
    let ask = if paste.gpu_of(e).is_some() {
        "; the pasted `nvidia-smi` shows how full the device was, not what filled it: the framework allocator's full message would tell"
    } else {
        "; paste `nvidia-smi` taken when it fails, or the framework allocator's full message, for a diagnosis with numbers"
    };
    out.push(Candidate::new(
        "other-processes",
        0.35,
        format!("the message names no amounts: another process holding the device is the most common cause of a raw CUDA allocation failure{ask}"),
        "a raw CUDA allocation failure most often meets a device already held by another process",
    ));
    out.push(Candidate::new(
        "near-capacity",
        0.32,
        format!("the workload may not fit the device{ask}"),
        "the workload may not fit the device",
    ));
    out.push(Candidate::new(
        "non-framework-memory",
        0.3,
        format!("memory outside the framework's allocator (a library, the CUDA context) may have taken the room{ask}"),
        "memory outside the framework's allocator may have taken the room",
    ));
}

/// A PyTorch message cut before its figures.
fn unknown_numbers(out: &mut Vec<Candidate>) {
    let ask =
        "; the message was cut before its figures: paste it whole for a diagnosis with numbers";
    out.push(Candidate::new(
        "near-capacity",
        0.35,
        format!("the workload is the most common cause{ask}"),
        "the workload not fitting is the most common cause",
    ));
    out.push(Candidate::new(
        "other-processes",
        0.3,
        format!("another process may hold part of the device{ask}"),
        "another process may hold part of the device",
    ));
    out.push(Candidate::new(
        "fragmentation",
        0.28,
        format!("the allocator's cache may be free but in pieces{ask}"),
        "the allocator's cache may be fragmented",
    ));
}

fn llamacpp(e: &Event, out: &mut Vec<Candidate>) {
    if e.device.backend == Some(Backend::Cpu) {
        out.push(Candidate::new(
            "host-memory",
            0.8,
            format!(
                "a host buffer{} could not be allocated: the model does not fit in RAM as loaded",
                e.requested
                    .map(|r| format!(" of {}", b(r)))
                    .unwrap_or_default()
            ),
            "the model's host buffer did not fit in RAM",
        ));
        return;
    }
    out.push(Candidate::new(
        "near-capacity",
        0.6,
        format!(
            "a buffer{} for the model's layers, KV cache or compute graph does not fit the device: offload fewer layers (-ngl), a shorter context (-c) or a smaller batch (-b)",
            e.requested.map(|r| format!(" of {}", b(r))).unwrap_or_default()
        ),
        "the offloaded layers and context do not fit the device",
    ));
    out.push(Candidate::new(
        "other-processes",
        0.3,
        "another process on the device takes the same room".to_string(),
        "another process may hold part of the device",
    ));
}

fn other_framework(e: &Event, out: &mut Vec<Candidate>) {
    out.push(Candidate::new(
        "near-capacity",
        0.5,
        format!(
            "an allocation{} did not fit what the framework could get",
            e.requested
                .map(|r| format!(" of {}", b(r)))
                .unwrap_or_default()
        ),
        "the workload does not fit",
    ));
    out.push(Candidate::new(
        "other-processes",
        0.3,
        "another process on the device takes the same room".to_string(),
        "another process may hold part of the device",
    ));
}
