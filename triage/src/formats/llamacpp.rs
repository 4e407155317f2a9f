//! llama.cpp / ggml and the programs built on it (whisper.cpp, stable-diffusion.cpp, Ollama):
//! `ggml_backend_cuda_buffer_type_alloc_buffer: allocating X on device N: cudaMalloc failed: out
//! of memory`, a backend's buffer it could not allocate (`failed to allocate ROCm0 buffer of size
//! N`, `ggml_backend_cpu_buffer_type_alloc_buffer: failed to allocate buffer of size N`), the
//! CUDA/ROCm pool (`ROCm pool[0]: alloc of X failed`), Vulkan (`ggml_vulkan: Device memory
//! allocation of size N failed`, `ErrorOutOfDeviceMemory`), Metal's command-buffer errors, pinned
//! host buffers, and `GGML_ASSERT(... "failed to allocate buffer")`.
//!
//! The backend is the one the buffer is named for: a ROCm build goes through ggml-cuda's code, so
//! its function names say cuda while its buffers say `ROCm0`. The lines that follow one failure
//! (the buffer, the graph, the context) are that failure, and name its buffer and exact size.

use std::sync::LazyLock;

use regex::Regex;

use super::{amount, any_number, message_from, number, re, Cx, Found, AMOUNT};
use crate::report::{Backend, Event, Kind};

/// Follow-up lines of one failed allocation (`failed to allocate CUDA0 buffer`, `unable to
/// allocate CUDA0 buffer`, `ROCm error: out of memory`) come within this many lines of it.
const FOLLOW_UP_LINES: u64 = 3;

static START: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)ggml\w*: allocating .* failed: out of memory",
        r"|ggml_cuda_host_malloc: failed to allocate",
        r"|CommandBufferCallbackError(?:OutOfMemory|SubmissionsIgnored)",
        r"|ggml_backend_\w+_buffer_type_alloc_buffer: failed to allocate",
        r"|ggml_vulkan: (?:Device memory allocation of size \d+ failed|.*ErrorOutOfDeviceMemory)",
        r"|GGML_ASSERT.*failed to allocate",
        r"|ggml.*out of memory",
        r"|GGML backend encountered an error",
    ))
});
/// A line naming the buffer of a failed allocation: the start of a failure when nothing came
/// before, else a follow-up of it.
static BUFFER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:failed|unable) to allocate (CUDA|ROCm|Metal|Vulkan|SYCL|MUSA|CANN|CPU)(\d*) buffer")
});
/// A runtime's own error right after the pool's, in ggml-cuda's `current device: N` report.
static RUNTIME_ERROR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:CUDA|ROCm|MUSA) error: out of memory|ErrorOutOfDeviceMemory"));
static ALLOCATING: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:allocating|failed to allocate|alloc of) {AMOUNT}|(?:buffer|allocation) of size ([\d,]+)"
    ))
});
static SIZE_BYTES: LazyLock<Regex> = LazyLock::new(|| re(r"of size ([\d,]+)\b"));
static DEVICE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"on device (\d+)|(?:CUDA|ROCm|Vulkan|SYCL|MUSA|Metal)(\d+) buffer|pool\[(\d+)\]|current device: (\d+)",
    )
});

/// The backend a buffer or function name stands for (spec: cuda, hip, mps, cpu, xpu; Vulkan, MUSA
/// and CANN have no name there).
fn backend_named(name: &str) -> Option<Backend> {
    match name.to_ascii_lowercase().as_str() {
        "cuda" => Some(Backend::Cuda),
        "rocm" | "hip" => Some(Backend::Hip),
        "metal" => Some(Backend::Mps),
        "cpu" => Some(Backend::Cpu),
        "sycl" => Some(Backend::Xpu),
        _ => None,
    }
}

/// The backend a start line names: the buffer or pool if it names one, else the function.
fn backend_of(line: &str) -> Option<Backend> {
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(ROCm|CUDA|MUSA|SYCL|Vulkan|Metal|CPU)\d*(?: buffer| pool)|ggml_backend_(cuda|cpu|metal|vulkan|sycl)_|ggml_(vulkan|metal)\b",
        )
    });
    if line.contains("kIO") || line.contains("CommandBuffer") {
        return Some(Backend::Mps);
    }
    if line.contains("pinned") || line.contains("host_malloc") {
        return Some(Backend::Cpu);
    }
    let c = NAMED.captures(line)?;
    let name = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3))?;
    backend_named(name.as_str())
}

fn requested(line: &str) -> Option<u64> {
    // an exact byte count beats a MiB figure
    number(&SIZE_BYTES, line).or_else(|| amount(&ALLOCATING, line))
}

pub(crate) fn detect(line: &str, cx: &mut Cx) -> Option<Found> {
    let near = cx
        .state
        .within(Kind::LlamacppOom, cx.line_no, FOLLOW_UP_LINES);
    // ggml-cuda's pool reports its failed allocation at debug level just before the runtime's
    // error (`ROCm pool[0]: alloc of X failed` / `ROCm error: out of memory`): the failure starts
    // there, and says what was asked
    if let Some(pool) = RUNTIME_ERROR
        .is_match(line)
        .then(|| cx.before(POOL_LINES).into_iter().find(|l| POOL.is_match(l)))
        .flatten()
    {
        let start = pool.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(0);
        let mut event = Event::new(
            Kind::LlamacppOom,
            cx.line_no.saturating_sub(1),
            message_from(&pool, start),
        );
        event.end_line = cx.line_no;
        event.requested = requested(&pool);
        event.device.backend = backend_of(&pool);
        event.device.index = any_number(&DEVICE, &pool);
        return Some(Found::Event(event));
    }
    if let Some(m) = START.find(line) {
        // Metal's command-buffer error is llama.cpp's only where ggml printed it (MLX prints the
        // same error: a raw Metal failure)
        let metal = m.as_str().contains("CommandBuffer");
        if metal
            && !line.contains("ggml")
            && !cx
                .before(GGML_CONTEXT_LINES)
                .iter()
                .any(|l| l.contains("ggml"))
        {
            return None;
        }
        if near && (BUFFER.is_match(line) || RUNTIME_ERROR.is_match(line)) {
            return Some(Found::Absorb(Kind::LlamacppOom));
        }
        let mut event = Event::new(Kind::LlamacppOom, cx.line_no, message_from(line, m.start()));
        event.requested = requested(line);
        event.device.backend = backend_of(line);
        event.device.index = any_number(&DEVICE, line);
        return Some(Found::Event(event));
    }
    if let Some(c) = BUFFER.captures(line) {
        if near {
            return Some(Found::Absorb(Kind::LlamacppOom));
        }
        let start = c.get(0).map_or(0, |m| m.start());
        let mut event = Event::new(Kind::LlamacppOom, cx.line_no, message_from(line, start));
        event.device.backend = c.get(1).and_then(|m| backend_named(m.as_str()));
        event.device.index = any_number(&DEVICE, line);
        event.requested = requested(line);
        return Some(Found::Event(event));
    }
    if near && RUNTIME_ERROR.is_match(line) {
        return Some(Found::Absorb(Kind::LlamacppOom));
    }
    None
}

/// Lines above a Metal error searched for ggml's own words.
const GGML_CONTEXT_LINES: usize = 3;

/// Lines above a runtime error searched for the pool's report of the same failure.
const POOL_LINES: usize = 2;
static POOL: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:CUDA|ROCm|MUSA) pool\[\d+\]: alloc of \S+ \S+ failed"));

/// What a follow-up line tells of the failure it follows: the buffer's backend and device (a ROCm
/// build's `cudaMalloc` line is followed by `ROCm0 buffer`), and the exact size.
pub(crate) fn absorb(event: &mut Event, line: &str) {
    if let Some(c) = BUFFER.captures(line) {
        if let Some(backend) = c.get(1).and_then(|m| backend_named(m.as_str())) {
            event.device.backend = Some(backend);
        }
        if event.device.index.is_none() {
            event.device.index = any_number(&DEVICE, line);
        }
        if let Some(bytes) = number(&SIZE_BYTES, line) {
            event.requested = Some(bytes);
        }
    }
    if event.device.index.is_none() {
        event.device.index = any_number(&DEVICE, line);
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::report::Kind;

    #[test]
    fn cuda_malloc_and_follow_ups_are_one_event() {
        let r = analyze("ggml_backend_cuda_buffer_type_alloc_buffer: allocating 144.00 MiB on device 4: cudaMalloc failed: out of memory\nggml_gallocr_reserve_n: failed to allocate CUDA4 buffer of size 150995968\nllama_new_context_with_model: failed to allocate compute buffers");
        assert_eq!(r.events.len(), 1);
        let e = &r.events[0];
        assert_eq!(e.kind, Kind::LlamacppOom);
        // the follow-up's exact byte count, not the rounded 144.00 MiB
        assert_eq!(e.requested, Some(150_995_968));
        assert_eq!(e.device.index, Some(4));
        assert_eq!(e.end_line, 2);
    }

    #[test]
    fn pinned_with_decimal_comma() {
        let r = analyze("Bug: ggml_cuda_host_malloc: failed to allocate 1900,00 MiB of pinned memory: invalid argument");
        assert_eq!(r.events[0].requested, Some(1_992_294_400));
    }
}
