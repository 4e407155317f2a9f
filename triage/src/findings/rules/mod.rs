//! The causes each event's numbers support, each with a score. Scores and thresholds were set on
//! `shared/cause-corpus` (28 confirmed causes); the comment on each says what it stands for.
//!
//! T total, A allocated (live tensors), R reserved (the allocator's cache, A included), F free, Q
//! requested, P this process (framework and not), O memory held outside this process's allocator.

mod allocator;
mod frameworks;
mod outside;

use crate::amount::format_bytes as b;
use crate::report::{Backend, Event, Kind};

use super::paste::Paste;
use super::Candidate;
use allocator::allocator;
use frameworks::{
    host, jax, llamacpp, other_framework, outside_allocator, raw_device_error, serving, tensorflow,
};

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
        Kind::NcclOom => outside_allocator("NCCL's buffers", "nccl", &mut out),
        Kind::CublasAlloc => outside_allocator("cuBLAS's handle and workspace", "cublas", &mut out),
        Kind::CudnnAlloc => outside_allocator("cuDNN's handle and workspace", "cudnn", &mut out),
        Kind::CudaError => raw_device_error(e, paste, &mut out),
        Kind::LlamacppOom => llamacpp(e, &mut out),
        Kind::CupyOom | Kind::OnnxruntimeOom => other_framework(e, &mut out),
        Kind::BatchSizeSearch => out.push(
            Candidate::new(
                "near-capacity",
                0.8,
                "the batch-size finder halved the batch down to zero without finding one that fits"
                    .to_string(),
                "no batch size fit at all",
            )
            .because_saying("no-batch-size-fits", &[])
            .saying("batch-size-none", &[]),
        ),
        // a lab pattern's finding comes from the lab's note, given by the caller
        Kind::NvidiaSmi | Kind::GpuProcesses | Kind::LabPattern => {}
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
        out.push(
            Candidate::new(
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
            )
            .because_saying(
                "single-request",
                &[("requested", b(req)), ("total", b(total))],
            )
            .saying(
                "request-exceeds-capacity",
                &[("requested", b(req)), ("total", b(total))],
            ),
        );
    }
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
    ).because_saying("free-for-request", &[("free", b(free)), ("requested", b(req))])
    .saying(
        "free-exceeds-request",
        &[("free", b(free)), ("requested", b(req))],
    ));
    if ample && e.device.backend != Some(Backend::Cpu) {
        out.push(Candidate::new(
            "host-memory",
            0.35,
            "with device memory free, the allocation may have failed on the host: pinned buffers, or host RAM and the page file that back the driver (Windows)".to_string(),
            "the device had room, so the host may not have",
        ).because_saying("device-had-room-host-not", &[])
        .saying("host-memory-behind-free", &[]));
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
    let table = [
        ("gpu", gpu.index.to_string()),
        ("used", b(gpu.used)),
        ("total", b(gpu.total)),
        ("share", pct(gpu.used, gpu.total)),
    ];
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
        ).because_saying("table-other-empty", &[("gpu", gpu.index.to_string()), ("share", pct(gpu.used, gpu.total)), ("free_gpu", free_gpu.index.to_string())])
        .saying(
            "table-other-gpu-empty",
            &[
                table.as_slice(),
                &[
                    ("free_gpu", free_gpu.index.to_string()),
                    ("free_used", b(free_gpu.used)),
                ],
            ]
            .concat(),
        )),
        _ => out.push(Candidate::new(
            "other-processes",
            0.5,
            format!("{used}: if that memory is not this job's, another process holds it"),
            format!("GPU {} is full in the pasted table", gpu.index),
        ).because_saying("table-full", &[("gpu", gpu.index.to_string())])
        .saying("table-full", &table)),
    }
}
