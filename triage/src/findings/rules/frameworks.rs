//! Causes for each framework, library and runtime whose message has its own shape: TensorFlow,
//! JAX, serving engines, host memory, libraries outside the allocator, raw runtime errors,
//! llama.cpp and the other frameworks.

use crate::amount::format_bytes as b;
use crate::findings::paste::Paste;
use crate::findings::Candidate;
use crate::report::{Backend, Event, Kind};

use super::allocator::allocator;

/// Another process in the same room: the low third cause of a library's or a runtime's failure.
fn same_room() -> Candidate {
    Candidate::new(
        "other-processes",
        0.3,
        "another process on the device takes the same room".to_string(),
        "another process may hold part of the device",
    )
    .because_saying("another-process-may-hold", &[])
    .saying("same-room-other-process", &[])
}

/// Whether the sentence names the request, and the request as printed ("2.00 GiB").
fn amount_args(requested: Option<u64>) -> [(&'static str, String); 2] {
    let has = if requested.is_some() { "yes" } else { "no" };
    [
        ("has_amount", has.to_string()),
        ("amount", requested.map(b).unwrap_or_default()),
    ]
}

/// A serving engine's host-memory check: what the model needs and what was available.
fn serving_host_args(e: &Event) -> Vec<(&'static str, String)> {
    let mut args = amount_args(e.requested).to_vec();
    let has_free = if e.free.is_some() { "yes" } else { "no" };
    args.push(("has_free", has_free.to_string()));
    args.push(("free", e.free.map(b).unwrap_or_default()));
    args
}

/// A serving engine's device budget: which of its figures the message gives.
fn kv_cache_args(e: &Event) -> Vec<(&'static str, String)> {
    let shape = match (e.free, e.total, e.requested) {
        (Some(_), Some(_), Some(_)) => "all",
        (Some(_), Some(_), None) => "free-total",
        _ => "none",
    };
    vec![
        ("shape", shape.to_string()),
        ("free", e.free.map(b).unwrap_or_default()),
        ("total", e.total.map(b).unwrap_or_default()),
        ("requested", e.requested.map(b).unwrap_or_default()),
    ]
}

/// Host memory: the line, which host resource, and the allocation if named.
fn host_args(e: &Event) -> Vec<(&'static str, String)> {
    let what = match e.kind {
        Kind::ShmExhausted => "shm",
        Kind::DataloaderKilled => "dataloader",
        _ => "ram",
    };
    let mut args = vec![("line", e.line.to_string()), ("what", what.to_string())];
    args.extend(amount_args(e.requested));
    args
}

pub(super) fn tensorflow(e: &Event, out: &mut Vec<Candidate>) {
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
        ).because_saying("context-found-no-room", &[]).saying("tf-context-full", &[]));
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
        ).because_saying("tensorflow-start-up-failed", &[]).saying("tf-preallocation-refused", &amount_args(e.requested)));
        out.push(
            Candidate::new(
                "other-processes",
                0.45,
                "what TensorFlow could not take at start may be held by another process"
                    .to_string(),
                "another process may hold part of the device",
            )
            .because_saying("another-process-may-hold", &[])
            .saying("tf-start-other-processes", &[]),
        );
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
    ).because_saying("tensor-over-tensorflow-budget", &[]).saying("tf-budget", &amount_args(e.requested)));
    out.push(Candidate::new(
        "other-processes",
        0.45,
        "TensorFlow's budget is what was free when it started: other processes (notebooks left running) make it smaller".to_string(),
        "other processes may have made TensorFlow's budget smaller",
    ).because_saying("others-shrank-tensorflow-budget", &[]).saying("tf-budget-others", &[]));
}

pub(super) fn jax(e: &Event, out: &mut Vec<Candidate>) {
    if e.device.backend == Some(Backend::Tpu) {
        out.push(
            Candidate::new(
                "near-capacity",
                0.7,
                "the program's buffers do not fit the TPU's HBM".to_string(),
                "the program does not fit the TPU's memory",
            )
            .because_saying("program-over-tpu-memory", &[])
            .saying("tpu-hbm", &[]),
        );
        return;
    }
    // JAX preallocates 75% of the GPU: a quarter stays unused unless the fraction is raised
    out.push(Candidate::new(
        "preallocation",
        0.6,
        "JAX preallocates 75% of GPU memory at start (XLA_PYTHON_CLIENT_PREALLOCATE, XLA_PYTHON_CLIENT_MEM_FRACTION); the rest of the card is out of its reach".to_string(),
        "JAX keeps a quarter of the card out of its own reach",
    ).because_saying("jax-keeps-a-quarter", &[]).saying("jax-preallocation", &[]));
    out.push(
        Candidate::new(
            "near-capacity",
            0.5,
            "the arrays and temporaries of the program do not fit JAX's memory".to_string(),
            "the program does not fit JAX's share of the card",
        )
        .because_saying("program-over-jax-share", &[])
        .saying("jax-near-capacity", &[]),
    );
}

pub(super) fn serving(e: &Event, out: &mut Vec<Candidate>) {
    if e.device.backend == Some(Backend::Cpu) {
        out.push(
            Candidate::new(
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
            )
            .because_saying("server-found-too-little-ram", &[])
            .saying("serving-host", &serving_host_args(e)),
        );
        return;
    }
    let numbers = match (e.free, e.total, e.requested) {
        (Some(f), Some(t), Some(r)) => {
            format!(": {} free of {} at startup, {} wanted", b(f), b(t), b(r))
        }
        (Some(f), Some(t), None) => format!(": {} free of {}", b(f), b(t)),
        _ => String::new(),
    };
    out.push(
        Candidate::new(
            "kv-cache",
            0.9,
            format!("the inference server cannot fit weights and KV cache{numbers}"),
            "the server's own check found the weights and KV cache too large for its budget",
        )
        .because_saying("server-found-kv-cache-too-large", &[])
        .saying("kv-cache", &kv_cache_args(e)),
    );
}

pub(super) fn host(e: &Event, out: &mut Vec<Candidate>) {
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
    out.push(
        Candidate::new(
            "host-memory",
            0.9,
            format!("line {}: {what}{amount}", e.line),
            "the failure is in host memory, not on the GPU",
        )
        .because_saying("failure-in-host-memory", &[])
        .saying("host-line", &host_args(e)),
    );
}

/// A library's own allocation outside the framework's allocator (NCCL buffers, cuBLAS/cuDNN
/// workspaces): the framework's cache left it no room (cause-corpus 025: NCCL's buffers grew past
/// what TensorFlow left free).
pub(super) fn outside_allocator(what: &str, library: &str, out: &mut Vec<Candidate>) {
    out.push(Candidate::new(
        "non-framework-memory",
        0.55,
        format!("{what} are allocated outside the framework's allocator, in what it left free; the framework's cache (or another process) left too little"),
        format!("{what} need memory the framework's allocator does not manage"),
    ).because_saying("library-unmanaged", &[("library", library.to_string())]).saying("library-outside", &[("library", library.to_string())]));
    out.push(
        Candidate::new(
            "near-capacity",
            0.4,
            "the workload's own tensors may fill the device, leaving the library no room"
                .to_string(),
            "the workload may fill the device",
        )
        .because_saying("workload-may-fill", &[])
        .saying("library-near-capacity", &[]),
    );
    out.push(same_room());
}

/// A runtime's error with no figures: the likely causes in their usual order, low confidence,
/// with what to paste next.
pub(super) fn raw_device_error(e: &Event, paste: &Paste, out: &mut Vec<Candidate>) {
    if e.requested.is_some() && e.total.is_some() {
        allocator(e, out);
        return;
    }
    // A raw runtime failure, not the caching allocator's message: the allocation was outside the
    // framework's allocator (context creation, a library) or in a program without one; a device
    // already full at that point is most often another process (cause-corpus 023).
    // A table already pasted shows how full the device was, not what filled it: ask only for
    // what is missing.
    let table = if paste.gpu_of(e).is_some() {
        "yes"
    } else {
        "no"
    }
    .to_string();
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
    ).because_saying("raw-failure-meets-other-process", &[]).saying("raw-other-processes", &[("table", table.clone())]));
    out.push(
        Candidate::new(
            "near-capacity",
            0.32,
            format!("the workload may not fit the device{ask}"),
            "the workload may not fit the device",
        )
        .because_saying("workload-may-not-fit", &[])
        .saying("raw-near-capacity", &[("table", table.clone())]),
    );
    out.push(Candidate::new(
        "non-framework-memory",
        0.3,
        format!("memory outside the framework's allocator (a library, the CUDA context) may have taken the room{ask}"),
        "memory outside the framework's allocator may have taken the room",
    ).because_saying("outside-framework-took-room", &[]).saying("raw-non-framework", &[("table", table.clone())]));
}

pub(super) fn llamacpp(e: &Event, out: &mut Vec<Candidate>) {
    if e.device.backend == Some(Backend::Cpu) {
        out.push(
            Candidate::new(
                "host-memory",
                0.8,
                format!(
                "a host buffer{} could not be allocated: the model does not fit in RAM as loaded",
                e.requested
                    .map(|r| format!(" of {}", b(r)))
                    .unwrap_or_default()
            ),
                "the model's host buffer did not fit in RAM",
            )
            .because_saying("model-host-buffer-over-ram", &[])
            .saying("llamacpp-host", &amount_args(e.requested)),
        );
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
    ).because_saying("offloaded-layers-over-device", &[]).saying("llamacpp-device", &amount_args(e.requested)));
    out.push(same_room());
}

pub(super) fn other_framework(e: &Event, out: &mut Vec<Candidate>) {
    out.push(
        Candidate::new(
            "near-capacity",
            0.5,
            format!(
                "an allocation{} did not fit what the framework could get",
                e.requested
                    .map(|r| format!(" of {}", b(r)))
                    .unwrap_or_default()
            ),
            "the workload does not fit",
        )
        .because_saying("workload-does-not-fit", &[])
        .saying("other-framework", &amount_args(e.requested)),
    );
    out.push(same_room());
}
