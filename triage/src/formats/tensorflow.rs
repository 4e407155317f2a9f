//! TensorFlow: `OOM when allocating tensor`, the BFC allocator's `ran out of memory trying to
//! allocate`, the stream executor's `failed to allocate X (N bytes) from device:
//! CUDA_ERROR_OUT_OF_MEMORY`, `Dst tensor is not initialized`, and BFC dumps pasted on their own.
//!
//! A BFC dump (`Chunks of size`, `Sum Total of in-use chunks`, `Stats:`) belongs to the failure
//! printed next to it: it is an event of its own only when no TensorFlow message is near.

use std::sync::LazyLock;

use regex::Regex;

use super::{gpu_index, message_from, re, Cx, Found, Reader, AMOUNT};
use crate::report::{Backend, Event, Kind};

/// Lines of a BFC dump further apart than this start a new dump.
const DUMP_GAP: u64 = 10;

static OOM_TENSOR: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)OOM when allocating tensor"));
static RAN_OUT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"Allocator \((\w+)\) ran out of memory trying to allocate {AMOUNT}"
    ))
});
/// The stream executor's driver calls: CUDA (`cuda_driver.cc`) and ROCm (`rocm_driver.cc`, whose
/// probing at start-up prints one line per size it tries).
static DRIVER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"failed to allocate (\S+) \((\d+) bytes\) from device: (CUDA_ERROR_OUT_OF_MEMORY|HIP_ERROR_OutOfMemory|hipErrorOutOfMemory)",
    )
});
/// The stream executor could not create the device's context: the device was full before the
/// process started (`failed call to cuDevicePrimaryCtxRetain: CUDA_ERROR_OUT_OF_MEMORY`).
static CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:cuDevicePrimaryCtxRetain|cuCtxCreate|hipDevicePrimaryCtxRetain|hipCtxCreate)\w*:\s*(?:CUDA_ERROR_OUT_OF_MEMORY|HIP_ERROR_OutOfMemory|hipErrorOutOfMemory)",
    )
});
/// TensorFlow's own log lines (JAX prints the same stream-executor lines from an `external/`
/// copy of the sources, through PJRT).
static TF_SOURCE: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[\s\]])tensorflow/"));
static REPORTED_TOTAL: LazyLock<Regex> = LazyLock::new(|| re(r"total memory reported: (\d+)"));
static ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:device ordinal|CUDA:|ROCM:|/device:[A-Z_]+:)\s*(\d+)"));
static CUT_RAN_OUT: LazyLock<Regex> =
    LazyLock::new(|| re(r"Allocator \((\w+)\) ran out of memory trying to a\w*$"));

/// The allocator's line cut by a terminal: one more line, glued to it.
static WRAPPED_RAN_OUT: Reader = Reader {
    continues: |text, next| {
        RAN_OUT.find(text).is_none() && next.starts_with(|c: char| c.is_ascii_alphanumeric())
    },
    complete: |text| RAN_OUT.is_match(text),
    finish: |event, pieces| {
        let glued: String = pieces.iter().map(|p| p.trim()).collect();
        if let Some(c) = RAN_OUT.captures(&glued) {
            event.requested = c
                .get(2)
                .and_then(|m| crate::amount::parse_amount(m.as_str()));
            if let Some(m) = c.get(2) {
                event.requested = super::exact_micro(&glued, m)
                    .map(crate::amount::round_micro)
                    .or(event.requested);
            }
            event.text = glued;
        }
    },
    max_lines: 2,
};
static NOT_A_FAILURE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)the caller indicat"));
static DST_TENSOR: LazyLock<Regex> = LazyLock::new(|| re(r"Dst tensor is not initialized"));
static DUMP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"bfc_allocator\.cc:\d+\]|^(?:Limit|InUse|MaxInUse|NumAllocs|MaxAllocSize|Reserved|PeakReserved|LargestFreeBlock):\s+\d+$",
    )
});
static LIMIT: LazyLock<Regex> = LazyLock::new(|| re(r"^Limit:\s+(\d+)$|memory_limit_: (\d+)"));
static IN_USE: LazyLock<Regex> = LazyLock::new(|| re(r"^InUse:\s+(\d+)$"));

fn tf_event(line: &str, start: usize, line_no: u64) -> Event {
    let mut event = Event::new(Kind::TensorflowOom, line_no, message_from(line, start));
    if line.contains("GPU") || line.contains("gpu") {
        event.device.backend = Some(Backend::Cuda);
        event.device.index = gpu_index(line);
    }
    // `/device:DML:0` (DirectML), `/device:XLA_GPU:1`
    if event.device.index.is_none() {
        event.device.index = super::number(&ORDINAL, line);
    }
    event
}

fn driver_backend(name: &str) -> Backend {
    if name.starts_with("CUDA") {
        Backend::Cuda
    } else {
        Backend::Hip
    }
}

pub(crate) fn detect(line: &str, cx: &mut Cx) -> Option<Found> {
    let line_no = cx.line_no;
    let st = &mut *cx.state;
    if RAN_OUT.find(line).is_none() && CUT_RAN_OUT.is_match(line) && !NOT_A_FAILURE.is_match(line) {
        // `... ran out of memory trying to alloca` / `te 18.44GiB (rounded to ...)`: a terminal
        // wrapped the line mid-word; read the rest from the next line
        st.tf_dump_open = false;
        let start = CUT_RAN_OUT.find(line).map_or(0, |m| m.start());
        let event = tf_event(line, start, line_no);
        return Some(Found::Open(event, &WRAPPED_RAN_OUT));
    }
    if let Some(c) = RAN_OUT.captures(line) {
        // `... with freed_by_count=0. The caller indicates that this is not a failure, but may
        // mean that there could be performance gains ...`: BFC's warning for an allocation made
        // with retry_on_failure off (bfc_allocator.cc): the op goes on with less memory.
        if NOT_A_FAILURE.is_match(line) {
            return None;
        }
        st.tf_dump_open = false;
        let mut event = tf_event(line, c.get(0).map_or(0, |m| m.start()), line_no);
        event.requested = c
            .get(2)
            .and_then(|m| crate::amount::parse_amount(m.as_str()));
        if let Some(alloc) = c.get(1) {
            if alloc.as_str().contains("host") {
                event.device.backend = Some(Backend::Cpu);
            }
        }
        return Some(Found::Event(event));
    }
    if let Some(c) = DRIVER.captures(line) {
        let mut event = tf_event(line, c.get(0).map_or(0, |m| m.start()), line_no);
        event.requested = c.get(2).and_then(|m| m.as_str().parse().ok());
        event.device.backend = c.get(3).map(|m| driver_backend(m.as_str()));
        return Some(Found::Event(event));
    }
    if let Some(m) = CONTEXT.find(line).filter(|_| TF_SOURCE.is_match(line)) {
        let start = line[..m.start()]
            .find("unable to create")
            .or_else(|| line[..m.start()].find("failed"))
            .unwrap_or(m.start());
        let mut event = tf_event(line, start, line_no);
        event.device.backend = Some(if m.as_str().contains("CUDA") {
            Backend::Cuda
        } else {
            Backend::Hip
        });
        // some drivers report 2^64 - 1 for a device they cannot open
        event.total = super::number(&REPORTED_TOTAL, line).filter(|&t: &u64| t < 1 << 50);
        return Some(Found::Event(event));
    }
    if let Some(m) = OOM_TENSOR.find(line) {
        let event = tf_event(line, m.start(), line_no);
        // the op's message that follows a dump pasted without its first line is the same failure
        if st.tf_dump_open && line_no.saturating_sub(st.tf_dump_line) <= DUMP_GAP {
            st.tf_dump_open = false;
            return Some(Found::Replace(Kind::TensorflowOom, event));
        }
        return Some(Found::Event(event));
    }
    if let Some(m) = DST_TENSOR.find(line) {
        return Some(Found::Event(tf_event(line, m.start(), line_no)));
    }
    if DUMP.is_match(line) {
        let near = st.tf_dump_line > 0 && line_no.saturating_sub(st.tf_dump_line) <= DUMP_GAP
            || st.within(Kind::TensorflowOom, line_no, DUMP_GAP);
        // a figure line (`Limit:  1073741824`) belongs to a dump; alone it is not one
        let figure = !line.contains("bfc_allocator");
        if figure && !near {
            return None;
        }
        st.tf_dump_line = line_no;
        if near {
            return Some(Found::Absorb(Kind::TensorflowOom));
        }
        st.tf_dump_open = true;
        let mut event = tf_event(line, 0, line_no);
        event.text = line.to_string();
        return Some(Found::Event(event));
    }
    None
}

/// Reads the dump's `Limit:` / `InUse:` lines into the event they belong to.
pub(crate) fn absorb(event: &mut Event, line: &str) {
    if let Some(c) = LIMIT.captures(line) {
        event.total = c
            .get(1)
            .or_else(|| c.get(2))
            .and_then(|m| m.as_str().parse().ok());
    }
    if let Some(c) = IN_USE.captures(line) {
        event.allocated = c.get(1).and_then(|m| m.as_str().parse().ok());
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::report::Kind;

    #[test]
    fn dump_then_op_message_is_one_failure() {
        let text = "I tensorflow/core/common_runtime/bfc_allocator.cc:700] Sum Total of in-use chunks: 64.00GiB\nI tensorflow/core/common_runtime/bfc_allocator.cc:702] Stats: \nLimit:                 68719476736\nInUse:                 68719476736\nW tensorflow/core/framework/op_kernel.cc:1192] Resource exhausted: OOM when allocating tensor with shape[1000,1000,250,4]\nW tensorflow/core/common_runtime/bfc_allocator.cc:273] Allocator (cuda_host_bfc) ran out of memory trying to allocate 3.72GiB.  Current allocation summary follows.";
        let r = analyze(text);
        assert_eq!(r.events.len(), 2);
        assert_eq!(r.events[0].line, 5);
        assert_eq!(r.events[1].requested, Some(3_994_319_585));
    }

    #[test]
    fn driver_lines_are_events() {
        let r = analyze("failed to allocate 17.79G (19104890880 bytes) from device: CUDA_ERROR_OUT_OF_MEMORY: out of memory");
        assert_eq!(r.events[0].kind, Kind::TensorflowOom);
        assert_eq!(r.events[0].requested, Some(19_104_890_880));
    }

    #[test]
    fn ran_out_then_dump_is_one_event() {
        let text = "W bfc_allocator.cc:433] Allocator (GPU_0_bfc) ran out of memory trying to allocate 18.00MiB (rounded to 18874368)requested by op Mul\nCurrent allocation summary follows.\nI tensorflow/core/common_runtime/bfc_allocator.cc:975] BFCAllocator dump for GPU_0_bfc";
        let r = analyze(text);
        assert_eq!(r.events.len(), 1);
        assert_eq!(r.events[0].requested, Some(18_874_368));
        assert_eq!(r.events[0].device.index, Some(0));
    }
}
