//! Device allocation failures that give only an error code or a runtime's or library's own words,
//! with no allocator message around them: the CUDA runtime and driver, HIP, OpenCL, Vulkan,
//! Metal, TensorRT, and the libraries' allocation statuses. Each family is a row of [`RAW`] with
//! the table it comes from, so that every member of the family is known, not only the ones seen.
//! cuBLAS, cuDNN and NCCL have kinds of their own (`cuda.rs`).

use std::sync::LazyLock;

use regex::Regex;

mod codes;
mod julia;

use self::codes::RAW;
use super::{gpu_index, message_from, re, Cx, Found, Reader, AMOUNT};
use crate::report::{Event, Kind};

/// Each row's pattern, compiled the first time a line holds one of the row's needles.
static EACH: [std::sync::OnceLock<Regex>; RAW.len()] =
    [const { std::sync::OnceLock::new() }; RAW.len()];

fn row_regex(row: usize) -> Option<&'static Regex> {
    let pattern = RAW.get(row)?.pattern;
    Some(EACH.get(row)?.get_or_init(|| re(pattern)))
}

/// Host memory named with a device runtime's words (pinned buffers): not a device failure.
static ON_HOST: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bon host\b|cuMemHostAlloc|cudaHostAlloc|cudaMallocHost|pinned"));

static DEVICE_WORD: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bcuda|\bgpu\b|\bhip\b|device"));

static REQUESTED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i:allocat\w*|requested amount of gpu memory|requested size was)\s*\(?\s*{AMOUNT}|(?i:buffer of (?:length|size))\s*(\d[\d,]*)\b"
    ))
});
/// The device a runtime names in a follow-up line (Ascend's `device_id:0`).
static DEVICE_ID: LazyLock<Regex> = LazyLock::new(|| re(r"device_id:\s*(\d+)"));
/// Lines of one failure that a runtime logs one after another (Ascend: EL0004, then its
/// `rtMalloc fail` lines) come within this many lines.
const SAME_FAILURE_LINES: u64 = 8;
static FREE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"{AMOUNT}\s*free\b")));
static TOTAL: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"{AMOUNT}\s*total\b")));

pub(crate) fn detect(line: &str, cx: &mut Cx) -> Option<Found> {
    let lower = line.to_ascii_lowercase();
    let (row, m) = RAW.iter().enumerate().find_map(|(row, raw)| {
        if !cx.may_match(&lower, raw.needles) {
            return None;
        }
        row_regex(row)?.find(line).map(|m| (row, m))
    })?;
    let raw = &RAW[row];
    if raw.kind == Kind::CudaError && ON_HOST.is_match(line) {
        return None;
    }
    if raw.needs_device_nearby {
        let near = std::iter::once(line.to_string()).chain(cx.before(3));
        if !near.into_iter().any(|l| DEVICE_WORD.is_match(&l)) {
            return None;
        }
    }
    // a follow-up of the failure just reported (Ascend's rtMalloc lines after its EL0004)
    if line.contains("rtMalloc") && cx.state.within(raw.kind, cx.line_no, SAME_FAILURE_LINES) {
        return Some(Found::Absorb(raw.kind));
    }
    let mut event = Event::new(raw.kind, cx.line_no, message_from(line, m.start()));
    event.device.backend = raw.backend;
    event.device.index = gpu_index(line).filter(|_| {
        let l = line.to_ascii_lowercase();
        l.contains("gpu") || l.contains("device")
    });
    let after = &line[m.start()..];
    event.requested = super::amount(&REQUESTED, line);
    event.free = super::amount(&FREE, after);
    event.total = super::amount(&TOTAL, after);
    if event.device.index.is_none() {
        event.device.index = super::number(&DEVICE_ID, line);
    }
    if line.contains("Out of GPU memory trying to allocate") {
        return Some(Found::Open(event, &julia::REPORT));
    }
    if line.contains("Memory_Allocation_Failure") {
        return Some(Found::Open(event, &ASCEND_REPORT));
    }
    Some(Found::Event(event))
}

/// Ascend's error block under `Memory_Allocation_Failure(EL0004)`: cause, solution, traceback
/// and the runtime's `Call rtMalloc fail ... device_id:N` lines, which name the device.
static ASCEND_REPORT: Reader = Reader {
    continues: |_, next| {
        let t = next.trim_start();
        [
            "Possible Cause",
            "Solution",
            "TraceBack",
            "Call rtMalloc",
            "[FUNC:",
        ]
        .iter()
        .any(|w| t.starts_with(w))
    },
    complete: |_| false,
    finish: |event, _| {
        let text = event.text.clone();
        absorb(event, &text);
    },
    max_lines: 12,
};

/// What a follow-up line (absorbed) adds to the failure: the device it names.
pub(crate) fn absorb(event: &mut Event, line: &str) {
    if event.device.index.is_none() {
        event.device.index = super::number(&DEVICE_ID, line);
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::report::{Backend, Kind};

    fn first(text: &str) -> Option<(Kind, Option<Backend>)> {
        analyze(text)
            .events
            .first()
            .map(|e| (e.kind, e.device.backend))
    }

    #[test]
    fn every_family_by_its_own_name() {
        let cuda = Some((Kind::CudaError, Some(Backend::Cuda)));
        assert_eq!(
            first("MemoryError: std::bad_alloc: cudaErrorMemoryAllocation: out of memory"),
            cuda
        );
        assert_eq!(first("MemoryError: cuMemAlloc failed: out of memory"), cuda);
        assert_eq!(first("SystemError: CUDA_ERROR_OUT_OF_MEMORY"), cuda);
        assert_eq!(
            first("RuntimeError: CUDA failed with error out of memory"),
            cuda
        );
        assert_eq!(first("what():  [10:44:35] src/storage/pooled_storage_manager.h:107: cudaMalloc failed: out of memory"), cuda);
        assert_eq!(first("RuntimeError: [enforce fail at event_gpu.cc:17] error == cudaSuccess. 2 vs 0. Error at: event_gpu.cc:17: out of memory"), cuda);
        assert_eq!(first("runtime.cpp (16) - Cuda Error in allocate: 2"), cuda);
        assert_eq!(
            first("CUDA failure 2: out of memory ; GPU=0 ; hostname=x ; expr=cudaMalloc(&p, n)"),
            cuda
        );
        assert_eq!(first("RuntimeError: CUFFT_ALLOC_FAILED"), cuda);
        assert_eq!(
            first("ERROR: HIPError(code hipErrorOutOfMemory, out of memory)"),
            Some((Kind::CudaError, Some(Backend::Hip)))
        );
        assert_eq!(
            first("rocBLAS error: rocblas_status_memory_error"),
            Some((Kind::CublasAlloc, Some(Backend::Hip)))
        );
        assert_eq!(
            first("MIOpen Error: miopenStatusAllocFailed"),
            Some((Kind::CudnnAlloc, Some(Backend::Hip)))
        );
        assert_eq!(
            first("clEnqueueNDRange(0): CL_MEM_OBJECT_ALLOCATION_FAILURE"),
            Some((Kind::CudaError, None))
        );
        assert_eq!(
            first("vk::Device::allocateMemory: ErrorOutOfDeviceMemory"),
            Some((Kind::CudaError, None))
        );
        assert_eq!(
            first("RuntimeError: [metal::malloc] Attempting to allocate 524492820000 bytes which is greater than the maximum allowed buffer size of 86586540032 bytes."),
            Some((Kind::CudaError, Some(Backend::Mps)))
        );
    }

    #[test]
    fn amounts_index_and_host_buffers() {
        let r = analyze("Error allocating 320864256 bytes of device memory (out of memory). Driver report 138870784 bytes free and 8507555840 bytes total");
        let e = &r.events[0];
        assert_eq!(
            (e.requested, e.free, e.total),
            (Some(320_864_256), Some(138_870_784), Some(8_507_555_840))
        );
        let r = analyze(
            "CUDA failure 2: out of memory ; GPU=3 ; hostname=x ; expr=cudaStreamCreate(&s)",
        );
        assert_eq!(r.events[0].device.index, Some(3));
        let r = analyze("[TRT] [W] Requested amount of GPU memory (4294967296 bytes) could not be allocated. There may not be enough free memory for allocation to succeed.");
        assert_eq!(r.events[0].requested, Some(4_294_967_296));
        // Pinned host memory is host memory, whatever runtime names it.
        let r = analyze("E external/xla/xla/stream_executor/cuda/cuda_driver.cc:1] failed to alloc 2147483648 bytes on host: CUDA_ERROR_OUT_OF_MEMORY");
        assert_eq!(r.events[0].kind, Kind::HostOom);
    }

    #[test]
    fn runtimes_beyond_cuda() {
        let kind_backend = |t: &str| first(t);
        assert_eq!(
            kind_backend("RuntimeError: level_zero backend failed with error: 39 (UR_RESULT_ERROR_OUT_OF_DEVICE_MEMORY)"),
            Some((Kind::CudaError, Some(Backend::Xpu)))
        );
        assert_eq!(
            kind_backend("RuntimeError: [TM][ERROR] CUDA runtime error: out of memory /lmdeploy/src/turbomind/utils/allocator.h:231"),
            Some((Kind::CudaError, Some(Backend::Cuda)))
        );
        assert_eq!(
            kind_backend(
                "[TensorRT-LLM][ERROR] CUDA runtime error in ::cudaMalloc(ptr, n): out of memory"
            ),
            Some((Kind::CudaError, Some(Backend::Cuda)))
        );
        assert_eq!(
            kind_backend("cuda_device_api.cc:129: InternalError: Check failed: (e == cudaSuccess || e == cudaErrorCudartUnloading) is false: CUDA: out of memory"),
            Some((Kind::CudaError, Some(Backend::Cuda)))
        );
        let r = analyze("ERROR: LoadError: Out of GPU memory trying to allocate 11.921 GiB\nEffective GPU memory usage: 99.85% (15.758 GiB/15.782 GiB)\nMemory pool usage: 13.411 GiB (15.281 GiB reserved)\nStacktrace:");
        let e = &r.events[0];
        assert_eq!(
            (e.requested, e.total, e.allocated, e.reserved),
            (
                Some(12_800_076_284),
                Some(16_945_793_466),
                Some(14_399_951_602),
                Some(16_407_848_813)
            )
        );
        let r = analyze("Memory_Allocation_Failure(EL0004): Failed to allocate memory requested by GE module.\n        Possible Cause: Available memory is insufficient.\n        Call rtMalloc fail, purpose: page caching, type = 2, size:3221291008, device_id:0[FUNC:Alloc]");
        assert_eq!((r.events.len(), r.events[0].device.index), (1, Some(0)));
        let r = analyze("Always | TT_FATAL: Out of Memory: Not enough space to allocate 26542080 B L1 buffer across 48 banks");
        assert_eq!(r.events[0].requested, Some(26_542_080));
        let r = analyze("com.nvidia.spark.rapids.jni.SplitAndRetryOOM: GPU OutOfMemory: could not split inputs and retry");
        assert_eq!(r.events[0].kind, Kind::CudaError);
        let r = analyze("HIP driver error 'hipErrorOutOfMemory' (2): out of memory; failed to allocate buffer of length 34638106880");
        assert_eq!(r.events[0].requested, Some(34_638_106_880));
        // Metal's command-buffer error is MLX's own where no ggml printed it
        assert_eq!(
            kind_backend("libc++abi: terminating due to uncaught exception of type std::runtime_error: [METAL] Command buffer execution failed: Insufficient Memory (00000008:kIOGPUCommandBufferCallbackErrorOutOfMemory)"),
            Some((Kind::CudaError, Some(Backend::Mps)))
        );
        // a class name in a sentence is a mention
        assert!(analyze("Another `SplitAndRetryOOM` turned up here")
            .events
            .is_empty());
    }

    #[test]
    fn mentions_and_other_errors_are_not_events() {
        for text in [
            "Tip: lower the batch size to avoid CUDA OOM",
            "# prevent CUDA OOM on small cards",
            "RuntimeError: CUDA error: an illegal memory access was encountered",
            "CUBLAS_STATUS_EXECUTION_FAILED when calling cublasSgemm",
            "CL_OUT_OF_RESOURCES",
        ] {
            assert!(analyze(text).events.is_empty(), "{text}");
        }
    }
}
