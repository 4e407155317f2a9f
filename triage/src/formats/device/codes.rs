//! The table of device allocation failures: one row per way a runtime or library says that an
//! allocation failed, with the pattern that reads it, the kind and backend it means, and the
//! table it comes from.
//!
//! Separate from the detector in `mod.rs`: this is reference data, added to a row at a time as
//! runtimes are read, while the detector's handling of a match changes rarely.

use crate::report::{Backend, Kind};

/// One way a runtime or library says that an allocation failed.
pub(super) struct Raw {
    /// Words (lower case) one of which every line this row matches holds: a row is compiled and
    /// run only for lines that have one.
    pub(super) needles: &'static [&'static str],
    pub(super) pattern: &'static str,
    pub(super) kind: Kind,
    pub(super) backend: Option<Backend>,
    /// Where the name or number comes from.
    #[allow(dead_code)]
    pub(super) source: &'static str,
    /// Words too common to stand alone are an event only with a device named on the line or the
    /// three before (`error: out of memory` under a `CUDA::error` what()).
    pub(super) needs_device_nearby: bool,
}

const CUDA: Option<Backend> = Some(Backend::Cuda);
const HIP: Option<Backend> = Some(Backend::Hip);

pub(super) const RAW: &[Raw] = &[
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
