//! Device allocation failures that give only an error code or a runtime's or library's own words,
//! with no allocator message around them: the CUDA runtime and driver, HIP, OpenCL, Vulkan,
//! Metal, TensorRT, and the libraries' allocation statuses. Each family is a row of [`RAW`] with
//! the table it comes from, so that every member of the family is known, not only the ones seen.
//! cuBLAS, cuDNN and NCCL have kinds of their own (`cuda.rs`).

use std::sync::LazyLock;

use regex::Regex;

use super::{gpu_index, message_from, re, Cx, Found, Reader, AMOUNT};
use crate::report::{Backend, Event, Kind};

/// One way a runtime or library says that an allocation failed.
struct Raw {
    /// Words (lower case) one of which every line this row matches holds: a row is compiled and
    /// run only for lines that have one.
    needles: &'static [&'static str],
    pattern: &'static str,
    kind: Kind,
    backend: Option<Backend>,
    /// Where the name or number comes from.
    #[allow(dead_code)]
    source: &'static str,
    /// Words too common to stand alone are an event only with a device named on the line or the
    /// three before (`error: out of memory` under a `CUDA::error` what()).
    needs_device_nearby: bool,
}

const CUDA: Option<Backend> = Some(Backend::Cuda);
const HIP: Option<Backend> = Some(Backend::Hip);

const RAW: &[Raw] = &[
    Raw {
        needles: &["cudaerrormemoryallocation"],
        pattern: r"\bcudaErrorMemoryAllocation\b",
        kind: Kind::CudaError,
        backend: CUDA,
        source: "CUDA Runtime API, cudaError_t: cudaErrorMemoryAllocation = 2, \"out of memory\"",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["cuda"],
        pattern: r"(?i)\bCUDA\s+error\s*:?\s*out\s+of\s+memory|(?i)\bcuda\s+runtime\s+error\s*\(2\)|(?i)\bcuda\s+runtime\s*\(out\s+of\s+memory\)|(?i)\bcuda(?:\s+runtime)?(?:\s+error)?(?:\s+in\s+.*?)?\s*:\s*out\s+of\s+memory",
        kind: Kind::CudaError,
        backend: CUDA,
        source: "cudaGetErrorString(cudaErrorMemoryAllocation) as printed by c10 (`CUDA error: out of memory`), THC (`cuda runtime error (2)`), TensorRT (`Cuda Runtime (out of memory)`), LMDeploy and TensorRT-LLM (`CUDA runtime error in ::cudaMalloc(ptr, n): out of memory`), TVM (`CUDA: out of memory`)",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["cuda"],
        pattern: r"THCudaCheck FAIL.*error=2\b|(?i)\bCUDA\s+(?:failure|error)\s+2\b|(?i)\bCuda\s+Error\s+in\s+allocate\s*:\s*2\b|error\s*==\s*cudaSuccess\.?\s*\(?2\s*vs\.?\s*0",
        kind: Kind::CudaError,
        backend: CUDA,
        source: "the runtime's code 2 (cudaErrorMemoryAllocation) printed as a number: THC, CNTK and ONNX Runtime (`CUDA failure 2`), TensorRT (`Cuda Error in allocate: 2`), Caffe and Caffe2 (`error == cudaSuccess (2 vs. 0)`)",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["malloc", "cumem", "cuda", "error allocating"],
        pattern: r"(?i)\b(?:cudaMalloc\w*|cuMemAlloc\w*|cuMemCreate|cuMemMap|cudaMallocManaged|cudaMalloc3D\w*)\b.*?\b(?:fail\w*|error)\b.*?\bout\s+of\s+mem|(?i)\bCUDA\s+(?:failed|failure)\b.*?\bout\s+of\s+memory|(?i)\berror\s+allocating\s+.*?\bdevice\s+memory|(?i)\bcuda_?malloc\w*\s*\(\)\s*:?\s*out\s+of\s+memory",
        kind: Kind::CudaError,
        backend: CUDA,
        source: "an allocation call of the runtime or driver API named with the runtime's words (`cudaMalloc failed: out of memory` in MXNet and tiny-cuda-nn, `cuMemAlloc failed: out of memory` in PyCUDA, `CUDA failed with error out of memory` in CTranslate2, Theano's `Error allocating N bytes of device memory`)",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["cuda_error_out_of_memory", "result=2"],
        pattern: r"\bCUDA_ERROR_OUT_OF_MEMORY\b|CUresult error\s+result=2\b",
        kind: Kind::CudaError,
        backend: CUDA,
        source: "CUDA Driver API, CUresult: CUDA_ERROR_OUT_OF_MEMORY = 2 (cuCtxCreate, cuMemAlloc, cuDevicePrimaryCtxRetain in any binding)",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["hip"],
        pattern: r"\bhipErrorOutOfMemory\b|\bhipErrorMemoryAllocation\b|\bHIP_ERROR_OutOfMemory\b|(?i)\bHIP\s+error\s*:?\s*out\s+of\s+memory",
        kind: Kind::CudaError,
        backend: HIP,
        source: "HIP Runtime API, hipError_t: hipErrorOutOfMemory = 2 (hipErrorMemoryAllocation is its old name)",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["alloc_failed", "allocation_failed", "memory_allocation_err", "allocator_failure"],
        pattern: r"\b(?:CUFFT_ALLOC_FAILED|CUSPARSE_STATUS_ALLOC_FAILED|CUSOLVER_STATUS_ALLOC_FAILED|CURAND_STATUS_ALLOCATION_FAILED|NPP_MEMORY_ALLOCATION_ERR|NVJPEG_STATUS_ALLOCATOR_FAILURE)\b",
        kind: Kind::CudaError,
        backend: CUDA,
        source: "the allocation statuses of cuFFT (cufftResult 2), cuSPARSE (3), cuSOLVER (3), cuRAND (102), NPP and nvJPEG",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["alloc_failed", "memory_error"],
        pattern: r"\b(?:HIPFFT_ALLOC_FAILED|HIPSPARSE_STATUS_ALLOC_FAILED|HIPSOLVER_STATUS_ALLOC_FAILED|rocsparse_status_memory_error)\b",
        kind: Kind::CudaError,
        backend: HIP,
        source: "the allocation statuses of hipFFT, hipSPARSE, hipSOLVER and rocSPARSE",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["alloc_failed", "memory_error"],
        pattern: r"\b(?:HIPBLAS_STATUS_ALLOC_FAILED|rocblas_status_memory_error)\b",
        kind: Kind::CublasAlloc,
        backend: HIP,
        source: "hipBLAS (HIPBLAS_STATUS_ALLOC_FAILED = 3) and rocBLAS (rocblas_status_memory_error): cuBLAS's counterparts on ROCm",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["allocfailed"],
        pattern: r"\bmiopenStatusAllocFailed\b",
        kind: Kind::CudnnAlloc,
        backend: HIP,
        source: "MIOpen, miopenStatus_t: miopenStatusAllocFailed = 2: cuDNN's counterpart on ROCm",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["allocation_failure", "out_of_device_memory"],
        pattern: r"\bCL_MEM_OBJECT_ALLOCATION_FAILURE\b|\bCL_OUT_OF_DEVICE_MEMORY\b",
        kind: Kind::CudaError,
        backend: None,
        source: "OpenCL, cl.h: CL_MEM_OBJECT_ALLOCATION_FAILURE = -4 (CL_OUT_OF_RESOURCES and CL_OUT_OF_HOST_MEMORY are not device memory)",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["out_of_device_memory"],
        pattern: r"\b(?:UR_RESULT_ERROR_OUT_OF_DEVICE_MEMORY|ZE_RESULT_ERROR_OUT_OF_DEVICE_MEMORY|PI_ERROR_OUT_OF_DEVICE_MEMORY)\b",
        kind: Kind::CudaError,
        backend: Some(Backend::Xpu),
        source: "Intel's Level Zero (ze_result_t ZE_RESULT_ERROR_OUT_OF_DEVICE_MEMORY), Unified Runtime (ur_result_t UR_RESULT_ERROR_OUT_OF_DEVICE_MEMORY = 39) and the SYCL plugin interface",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["out of gpu memory"],
        pattern: r"Out of GPU memory trying to allocate",
        kind: Kind::CudaError,
        backend: CUDA,
        source: "Julia CUDA.jl's OutOfGPUMemoryError, with its report of the pool (read on over its lines)",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["memory_allocation_failure", "rtmalloc"],
        pattern: r"Memory_Allocation_Failure\(EL\d+\)|\brtMalloc\w* fail",
        kind: Kind::CudaError,
        backend: None,
        source: "Huawei Ascend CANN: error code EL0004 Memory_Allocation_Failure, and the runtime's `Call rtMalloc fail` lines of the same failure",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["out of memory: not enough space"],
        pattern: r"(?i)Out of Memory: Not enough space to allocate",
        kind: Kind::CudaError,
        backend: None,
        source: "Tenstorrent tt-metal's allocator (TT_FATAL), DRAM or L1 banks",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["retryoom", "gpu outofmemory", "rmm::out_of_memory", "rmm failure"],
        pattern: r"\b(?:GpuRetryOOM|GpuSplitAndRetryOOM|SplitAndRetryOOM|RetryOOM):|GPU OutOfMemory|rmm::out_of_memory|RMM failure.*out of memory",
        kind: Kind::CudaError,
        backend: CUDA,
        source: "RAPIDS Memory Manager (rmm::out_of_memory, `RMM failure ... out of memory`) and spark-rapids-jni's retry OOMs, as thrown (`SplitAndRetryOOM: ...`; the bare class name in a sentence is a mention)",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["out_of_device_memory", "outofdevicememory"],
        pattern: r"\bVK_ERROR_OUT_OF_DEVICE_MEMORY\b|\bErrorOutOfDeviceMemory\b",
        kind: Kind::CudaError,
        backend: None,
        source: "Vulkan, VkResult: VK_ERROR_OUT_OF_DEVICE_MEMORY = -2 (vulkan-hpp: ErrorOutOfDeviceMemory)",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["outofmemory", "metal::malloc"],
        pattern: r"kIOGPUCommandBufferCallbackErrorOutOfMemory|MTLCommandBufferErrorOutOfMemory|\[metal::malloc\]\s*Attempting to allocate",
        kind: Kind::CudaError,
        backend: Some(Backend::Mps),
        source: "Metal: MTLCommandBufferError.outOfMemory (IOGPU status 8), and MLX's metal::malloc refusing a buffer over MTLDevice.maxBufferLength",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["could not be allocated", "error code 2"],
        pattern: r"Requested amount of GPU memory \(\d+ bytes\) could not be allocated|(?i)\bError code 2: out of memory",
        kind: Kind::CudaError,
        backend: CUDA,
        source: "TensorRT's builder (`Requested amount of GPU memory ... could not be allocated`, ErrorCode kOUT_OF_MEMORY... printed as `Error code 2: out of Memory`)",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["erroroutofmemory"],
        pattern: r"\bErrorOutOfMemory\b",
        kind: Kind::CudaError,
        backend: CUDA,
        source: "wrappers that name CUDA_ERROR_OUT_OF_MEMORY by its enum member (ManagedCuda's CUResult.ErrorOutOfMemory)",
        needs_device_nearby: false,
    },
    Raw {
        needles: &["out of memory"],
        pattern: r"^(?:\w+\s*)?error:\s*out of memory\s*$",
        kind: Kind::CudaError,
        backend: CUDA,
        source: "a C++ wrapper's what() ending in cudaGetErrorString(2), `error: out of memory`, on its own line",
        needs_device_nearby: true,
    },
];

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

/// Julia CUDA.jl's `OutOfGPUMemoryError`: the message, then the pool's figures one a line.
mod julia {
    use std::sync::LazyLock;

    use regex::Regex;

    use super::super::{amount, re, Reader, AMOUNT};
    use crate::report::Event;

    /// `Effective GPU memory usage: 11.12% (1.311 GiB/11.784 GiB)`, `CUDA allocator usage`,
    /// `Memory pool usage: 980.317 MiB (980.317 MiB allocated, 0 bytes cached)` (CUDA.jl 3) or
    /// `Memory pool usage: 13.411 GiB (15.281 GiB reserved)` (CUDA.jl 4).
    static LINE: LazyLock<Regex> = LazyLock::new(|| {
        re(r"^(?:Effective GPU memory usage|CUDA allocator usage|Memory pool usage|Stacktrace)")
    });
    static REQUESTED: LazyLock<Regex> =
        LazyLock::new(|| re(&format!(r"trying to allocate {AMOUNT}")));
    static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"Effective GPU memory usage: [\d.]+% \({AMOUNT}/{AMOUNT}\)"
        ))
    });
    static POOL_V3: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"Memory pool usage: {AMOUNT} \({AMOUNT} allocated, {AMOUNT} cached\)"
        ))
    });
    static POOL_V4: LazyLock<Regex> = LazyLock::new(|| {
        re(&format!(
            r"Memory pool usage: {AMOUNT} \({AMOUNT} reserved\)"
        ))
    });

    pub(super) static REPORT: Reader = Reader {
        continues: |_, next| LINE.is_match(next.trim_start()),
        complete: |text| text.contains("Stacktrace"),
        finish: fields,
        max_lines: 6,
    };

    fn fields(event: &mut Event, _pieces: &[String]) {
        let text = event.text.clone();
        event.requested = amount(&REQUESTED, &text);
        let bytes =
            |m: Option<regex::Match<'_>>| m.and_then(|m| crate::amount::parse_amount(m.as_str()));
        if let Some(c) = TOTAL.captures(&text) {
            event.total = bytes(c.get(2));
        }
        if let Some(c) = POOL_V3.captures(&text) {
            event.reserved = bytes(c.get(1));
            event.allocated = bytes(c.get(2));
        } else if let Some(c) = POOL_V4.captures(&text) {
            event.allocated = bytes(c.get(1));
            event.reserved = bytes(c.get(2));
        }
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
