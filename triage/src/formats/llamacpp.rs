//! llama.cpp / ggml: `ggml_backend_cuda_buffer_type_alloc_buffer: allocating X on device N:
//! cudaMalloc failed: out of memory` and its follow-up lines, pinned host buffers, the Metal
//! command-buffer errors (`kIOGPUCommandBufferCallbackErrorOutOfMemory`).

use std::sync::LazyLock;

use regex::Regex;

use super::{amount, message_from, number, re, Cx, Found, AMOUNT};
use crate::report::{Backend, Event, Kind};

/// Follow-up lines of one failed allocation (`failed to allocate CUDA0 buffer`, `unable to
/// allocate CUDA0 buffer`) come within this many lines of it.
const FOLLOW_UP_LINES: u64 = 3;

static START: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)ggml\w*: allocating .* failed: out of memory",
        r"|ggml_cuda_host_malloc: failed to allocate",
        r"|CommandBufferCallbackError(?:OutOfMemory|SubmissionsIgnored)",
        r"|ggml.*out of memory",
        r"|GGML backend encountered an error",
    ))
});
static FOLLOW_UP: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:failed|unable) to allocate (?:CUDA|ROCm|Metal|Vulkan|SYCL)\d* buffer")
});
static ALLOCATING: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?:allocating|failed to allocate) {AMOUNT}")));
static DEVICE: LazyLock<Regex> = LazyLock::new(|| re(r"on device (\d+)|CUDA(\d+) buffer"));

pub(crate) fn detect(line: &str, cx: &mut Cx) -> Option<Found> {
    if let Some(m) = START.find(line) {
        let mut event = Event::new(Kind::LlamacppOom, cx.line_no, message_from(line, m.start()));
        event.requested = amount(&ALLOCATING, line);
        if line.contains("Metal") || line.contains("kIO") {
            event.device.backend = Some(Backend::Mps);
        } else if line.contains("pinned") {
            event.device.backend = Some(Backend::Cpu);
        } else if line.to_ascii_lowercase().contains("cuda") {
            event.device.backend = Some(Backend::Cuda);
            event.device.index = number(&DEVICE, line);
        }
        return Some(Found::Event(event));
    }
    if let Some(m) = FOLLOW_UP.find(line) {
        if cx
            .state
            .within(Kind::LlamacppOom, cx.line_no, FOLLOW_UP_LINES)
        {
            return Some(Found::Absorb(Kind::LlamacppOom));
        }
        let mut event = Event::new(Kind::LlamacppOom, cx.line_no, message_from(line, m.start()));
        event.device.backend = line.contains("CUDA").then_some(Backend::Cuda);
        return Some(Found::Event(event));
    }
    None
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
        assert_eq!(e.requested, Some(150_994_944));
        assert_eq!(e.device.index, Some(4));
        assert_eq!(e.end_line, 2);
    }

    #[test]
    fn pinned_with_decimal_comma() {
        let r = analyze("Bug: ggml_cuda_host_malloc: failed to allocate 1900,00 MiB of pinned memory: invalid argument");
        assert_eq!(r.events[0].requested, Some(1_992_294_400));
    }
}
