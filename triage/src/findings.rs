//! What went wrong: a table of rules, each with an id (spec), a title, a condition on one event
//! and an evidence sentence with the numbers. The table's order is the tie-break when ranking:
//! likely causes first. `pages` stays empty; the caller fills it from the knowledge base.

use std::collections::HashMap;

use crate::amount::format_bytes as b;
use crate::report::{Backend, Event, Finding, Kind, Severity};

/// Allocator tensors filling this share of the device mean the workload itself does not fit
/// (the rest is the CUDA context and unavoidable slack).
const NEAR_CAPACITY_SHARE: f64 = 0.85;
/// Other processes holding this share of the device matter even when they alone would not have
/// made room for the request.
const OTHER_PROCESSES_SHARE: f64 = 0.10;
/// Reserved-but-unallocated memory this large a share of `reserved` is fragmentation worth fixing
/// even when it could not have held the request...
const FRAGMENTATION_SHARE: f64 = 0.20;
/// ...provided it is at least this large (small caches are normal).
const FRAGMENTATION_MIN_BYTES: u64 = 512 << 20;
/// Non-framework memory of this process above this size (CUDA context is 300–800 MiB)...
const NON_FRAMEWORK_MIN_BYTES: u64 = 1 << 30;
/// ...and above this share of the device.
const NON_FRAMEWORK_SHARE: f64 = 0.10;
/// The same failure this many times in one log is worth saying once.
const REPEAT_MIN: usize = 2;
/// Findings kept at most (a long log repeats itself).
const MAX_FINDINGS: usize = 40;

type Check = fn(&Event) -> Option<(Severity, String)>;

/// The rules, likely cause first.
const RULES: &[(&str, &str, Check)] = &[
    (
        "request-exceeds-capacity",
        "One allocation is larger than the whole device",
        request_exceeds_capacity,
    ),
    (
        "host-memory",
        "Host RAM or shared memory ran out, not the GPU",
        host_memory,
    ),
    (
        "kv-cache",
        "The model and its KV cache do not fit the server's memory budget",
        kv_cache,
    ),
    (
        "other-processes",
        "Other processes hold part of the device",
        other_processes,
    ),
    (
        "fragmentation",
        "Memory is reserved by the allocator but unused (fragmentation)",
        fragmentation,
    ),
    (
        "near-capacity",
        "The framework's own tensors fill the device",
        near_capacity,
    ),
    (
        "non-framework-memory",
        "This process holds much memory outside the allocator",
        non_framework,
    ),
    (
        "preallocation",
        "The framework preallocates most of the device",
        preallocation,
    ),
    (
        "free-exceeds-request",
        "More memory is free than was requested, yet the allocation failed",
        free_exceeds_request,
    ),
];

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

fn request_exceeds_capacity(e: &Event) -> Option<(Severity, String)> {
    let (req, total) = (e.requested?, e.total?);
    (req > total).then(|| {
        (
            Severity::High,
            format!(
                "{} was requested but the device holds only {} in total",
                b(req),
                b(total)
            ),
        )
    })
}

fn host_memory(e: &Event) -> Option<(Severity, String)> {
    let what = match e.kind {
        Kind::HostOom => {
            "the process ran out of host RAM (or was killed by the kernel's OOM killer)"
        }
        Kind::ShmExhausted => "shared memory (/dev/shm) is too small for the DataLoader workers",
        Kind::DataloaderKilled => {
            "a DataLoader worker was killed by a signal, usually the OOM killer or /dev/shm"
        }
        _ => return None,
    };
    let amount = e
        .requested
        .map(|r| format!(" while allocating {}", b(r)))
        .unwrap_or_default();
    Some((Severity::High, format!("line {}: {what}{amount}", e.line)))
}

fn kv_cache(e: &Event) -> Option<(Severity, String)> {
    if e.kind != Kind::ServingOom {
        return None;
    }
    let numbers = match (e.free, e.total, e.requested) {
        (Some(f), Some(t), Some(r)) => {
            format!(": {} free of {} at startup, {} wanted", b(f), b(t), b(r))
        }
        _ => String::new(),
    };
    Some((
        Severity::High,
        format!("the inference server cannot fit weights and KV cache{numbers}"),
    ))
}

fn other_processes(e: &Event) -> Option<(Severity, String)> {
    if e.kind == Kind::NvidiaSmi || e.kind == Kind::GpuProcesses {
        return None;
    }
    let total = e.total?;
    let listed: u64 = e.other_processes.iter().filter_map(|p| p.bytes).sum();
    let others = if listed > 0 {
        listed
    } else {
        e.segments?.other_processes?
    };
    if others == 0 || share(others, total) < OTHER_PROCESSES_SHARE {
        return None;
    }
    if listed == 0 {
        // derived as total - free - this process: nobody is listed, so it is only a suspicion
        return Some((
            Severity::Medium,
            format!(
                "{} of the device ({} of {}) is used outside this process's allocator though no other process is listed: processes in other containers, the driver, or this process's own non-framework memory",
                b(others),
                pct(others, total),
                b(total)
            ),
        ));
    }
    let would_fit = match (e.requested, e.free) {
        (Some(r), Some(f)) => f.saturating_add(others) >= r,
        _ => false,
    };
    // without the "this process has" clause (containers), one listed process holding at least
    // what the allocator reserved is most likely this process under another pid namespace
    let maybe_self = e.process.is_none()
        && e.kind == Kind::PytorchOom
        && e.other_processes.len() == 1
        && e.reserved.is_some_and(|r| listed >= r);
    let severity = if would_fit && !maybe_self {
        Severity::High
    } else {
        Severity::Medium
    };
    let mut evidence = format!(
        "other processes hold {} ({} of {})",
        b(others),
        pct(others, total),
        b(total)
    );
    if let Some(p) = e.other_processes.iter().max_by_key(|p| p.bytes) {
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
    Some((severity, evidence))
}

fn fragmentation(e: &Event) -> Option<(Severity, String)> {
    let unallocated = e.segments?.reserved_unallocated?;
    if let Some(req) = e.requested {
        if unallocated >= req && req > 0 {
            return Some((
                Severity::High,
                format!(
                    "{} reserved but unallocated could have held the {} requested",
                    b(unallocated),
                    b(req)
                ),
            ));
        }
    }
    let reserved = unallocated.saturating_add(e.segments?.allocated?);
    (unallocated >= FRAGMENTATION_MIN_BYTES && share(unallocated, reserved) >= FRAGMENTATION_SHARE)
        .then(|| {
            (
                Severity::Medium,
                format!(
                    "{} of the {} reserved ({}) is unallocated",
                    b(unallocated),
                    b(reserved),
                    pct(unallocated, reserved)
                ),
            )
        })
}

fn near_capacity(e: &Event) -> Option<(Severity, String)> {
    if !matches!(
        e.kind,
        Kind::PytorchOom | Kind::MemorySummary | Kind::PaddleOom
    ) {
        return None;
    }
    let (allocated, total) = (e.allocated?, e.total?);
    let used = allocated.saturating_add(e.other.unwrap_or(0));
    if share(used, total) >= NEAR_CAPACITY_SHARE {
        let req = e
            .requested
            .map(|r| format!(", and {} more was requested", b(r)))
            .unwrap_or_default();
        return Some((
            Severity::High,
            format!(
                "{} of the {} device is allocated ({}){req}",
                b(used),
                b(total),
                pct(used, total)
            ),
        ));
    }
    // the tensors alive plus the one that failed do not fit
    let needed = used.saturating_add(e.requested?);
    (share(needed, total) >= NEAR_CAPACITY_SHARE && e.requested > e.free).then(|| {
        (
            Severity::High,
            format!(
                "{} allocated plus the {} requested is {} of the {} device",
                b(used),
                b(e.requested.unwrap_or(0)),
                pct(needed, total),
                b(total)
            ),
        )
    })
}

fn non_framework(e: &Event) -> Option<(Severity, String)> {
    let outside = e.process?.checked_sub(e.reserved?)?;
    let total = e.total?;
    (outside >= NON_FRAMEWORK_MIN_BYTES && share(outside, total) >= NON_FRAMEWORK_SHARE).then(|| {
        (
            Severity::Medium,
            format!("this process holds {} outside the allocator ({} of the device): CUDA context, libraries, other allocators", b(outside), pct(outside, total)),
        )
    })
}

fn preallocation(e: &Event) -> Option<(Severity, String)> {
    match e.kind {
        Kind::JaxOom if e.device.backend != Some(Backend::Tpu) => Some((
            Severity::Medium,
            "JAX preallocates 75% of GPU memory at start (XLA_PYTHON_CLIENT_PREALLOCATE, XLA_PYTHON_CLIENT_MEM_FRACTION); other libraries in the process get the rest".to_string(),
        )),
        Kind::TensorflowOom if e.device.backend != Some(Backend::Cpu) => Some((
            Severity::Low,
            "TensorFlow maps nearly all GPU memory at start unless memory growth is enabled; the failure is inside that budget".to_string(),
        )),
        _ => None,
    }
}

fn free_exceeds_request(e: &Event) -> Option<(Severity, String)> {
    let (free, req) = (e.free?, e.requested?);
    (free > req && e.kind != Kind::NvidiaSmi).then(|| {
        (
            Severity::Medium,
            format!("the device reports {} free, more than the {} requested: a memory-fraction limit, fragmentation or another allocator is in the way", b(free), b(req)),
        )
    })
}

/// All findings for `events`, ranked: severity, then the rules' order, then input order.
/// One finding per (rule, kind, device): repeats are summarized by `repeated-oom`.
pub fn evaluate(events: &[Event]) -> Vec<Finding> {
    let mut found: Vec<(usize, Finding)> = Vec::new();
    let mut seen = HashMap::new();
    for (index, event) in events.iter().enumerate() {
        for (order, (id, title, check)) in RULES.iter().enumerate() {
            if let Some((severity, evidence)) = check(event) {
                if seen.insert((order, event.kind, event.device), ()).is_some() {
                    continue;
                }
                found.push((order, finding(id, title, index, severity, evidence)));
            }
        }
    }
    let mut groups: HashMap<(Kind, crate::Device), (usize, usize, u64)> = HashMap::new();
    for (index, event) in events.iter().enumerate().filter(|(_, e)| e.is_error()) {
        let entry = groups
            .entry((event.kind, event.device))
            .or_insert((index, 0, event.line));
        entry.1 += 1;
        entry.2 = event.line;
    }
    let mut repeated: Vec<_> = groups
        .into_iter()
        .filter(|(_, g)| g.1 >= REPEAT_MIN)
        .collect();
    repeated.sort_by_key(|(_, g)| g.0);
    for ((kind, device), (first, count, last_line)) in repeated {
        let severity = if count >= 5 {
            Severity::Medium
        } else {
            Severity::Low
        };
        let evidence = format!(
            "{count} {} failures on {device}, lines {} to {last_line}; the first is explained here",
            kind.as_str(),
            events[first].line
        );
        found.push((
            RULES.len(),
            finding(
                "repeated-oom",
                "The same failure repeats",
                first,
                severity,
                evidence,
            ),
        ));
    }
    found.sort_by_key(|(order, f)| (f.severity, *order, f.event));
    found
        .into_iter()
        .take(MAX_FINDINGS)
        .map(|(_, f)| f)
        .collect()
}

fn finding(id: &str, title: &str, event: usize, severity: Severity, evidence: String) -> Finding {
    Finding {
        id: id.to_string(),
        event,
        severity,
        title: title.to_string(),
        evidence,
        pages: Vec::new(),
    }
}

#[cfg(test)]
#[path = "findings_tests.rs"]
mod tests;
