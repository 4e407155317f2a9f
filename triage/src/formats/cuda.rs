//! The libraries built on CUDA that have kinds of their own: cuBLAS, cuDNN, NCCL. Raw runtime and
//! driver errors are in `device.rs`.

use std::sync::LazyLock;

use regex::Regex;

use super::{gpu_index, message_from, re, Cx, Found};
use crate::report::{Backend, Event, Kind};

static CUBLAS: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)CUBLAS_STATUS_ALLOC_FAILED"));
/// cuDNN's allocation statuses (cudnnStatus_t): CUDNN_STATUS_ALLOC_FAILED (2, cuDNN ≤ 8),
/// CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED (4004, cuDNN 9). EXECUTION_FAILED is not
/// one: it is printed for any kernel that failed (TensorFlow's autotuner prints it for every
/// algorithm it drops, Caffe for a failed convolution).
static CUDNN: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)CUDNN_STATUS_(?:ALLOC_FAILED|NOT_ALLOCATED|INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED)")
});
static NCCL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)Cuda failure(?: \d+)? '?out of memory|NCCL WARN.*(?:out of memory|Cannot allocate memory)|ncclSystemError.*(?:out of memory|Cannot allocate)",
    )
});

fn cuda_event(kind: Kind, line: &str, start: usize, line_no: u64) -> Event {
    let mut event = Event::new(kind, line_no, message_from(line, start));
    event.device.backend = Some(Backend::Cuda);
    event.device.index = gpu_index(line).filter(|_| line.contains("GPU"));
    event
}

/// cuBLAS and cuDNN failing for lack of memory.
pub(crate) fn detect_libraries(line: &str, cx: &mut Cx) -> Option<Found> {
    if let Some(m) = CUBLAS.find(line) {
        return Some(Found::Event(cuda_event(
            Kind::CublasAlloc,
            line,
            m.start(),
            cx.line_no,
        )));
    }
    let m = CUDNN.find(line)?;
    Some(Found::Event(cuda_event(
        Kind::CudnnAlloc,
        line,
        m.start(),
        cx.line_no,
    )))
}

/// NCCL failing for lack of device or host memory (`Cuda failure 2 'out of memory'`).
pub(crate) fn detect_nccl(line: &str, cx: &mut Cx) -> Option<Found> {
    let m = NCCL.find(line)?;
    // the follow-up `Failed to CUDA calloc` of the same failure is not a second event
    if cx.state.within(Kind::NcclOom, cx.line_no, 2) {
        return Some(Found::Absorb(Kind::NcclOom));
    }
    Some(Found::Event(cuda_event(
        Kind::NcclOom,
        line,
        m.start(),
        cx.line_no,
    )))
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::report::Kind;

    fn kinds(text: &str) -> Vec<Kind> {
        analyze(text).events.iter().map(|e| e.kind).collect()
    }

    #[test]
    fn raw_cuda_errors() {
        assert_eq!(kinds("RuntimeError: CUDA error: out of memory\nCUDA kernel errors might be asynchronously reported"), [Kind::CudaError]);
        assert_eq!(kinds("RuntimeError: cuda runtime error (2) : out of memory at /pytorch/aten/src/THC/THCTensorRandom.cu:25"), [Kind::CudaError]);
        assert_eq!(kinds("[torch_memory_saver.cpp] CUresult error  result=2 file=csrc/torch_memory_saver.cpp"), [Kind::CudaError]);
        assert_eq!(kinds("numba.cuda.cudadrv.driver.CudaAPIError: [2] Call to cuMemAlloc results in CUDA_ERROR_OUT_OF_MEMORY"), [Kind::CudaError]);
        assert_eq!(kinds("raise CudaAPIError(retcode, msg)"), []);
    }

    #[test]
    fn libraries() {
        assert_eq!(kinds("RuntimeError: CUDA error: CUBLAS_STATUS_ALLOC_FAILED when calling `cublasCreate(handle)`"), [Kind::CublasAlloc]);
        assert_eq!(
            kinds("RuntimeError cudnn error cudnn_status_alloc_failed"),
            [Kind::CudnnAlloc]
        );
        assert_eq!(
            kinds("Profiling failure on CUDNN engine 1: UNKNOWN: CUDNN_STATUS_EXECUTION_FAILED"),
            []
        );
        // An execution failure is not an allocation failure, in Caffe's check or anywhere.
        assert_eq!(
            kinds("F0312 cudnn_conv_layer.cu:65] Check failed: status == CUDNN_STATUS_SUCCESS (8 vs. 0) CUDNN_STATUS_EXECUTION_FAILED"),
            []
        );
        assert_eq!(
            kinds(
                "RuntimeError: cuDNN error: CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED"
            ),
            [Kind::CudnnAlloc]
        );
        // Other statuses of the same check are not about memory (3: BAD_PARAM).
        assert_eq!(
            kinds("F0312 cudnn_conv_layer.cu:65] Check failed: status == CUDNN_STATUS_SUCCESS (3 vs. 0) CUDNN_STATUS_BAD_PARAM"),
            []
        );
        assert_eq!(
            kinds("node:1:2 [0] include/alloc.h:178 NCCL WARN Cuda failure 'out of memory'\nnode:1:2 [0] include/alloc.h:185 NCCL WARN Failed to CUDA calloc 6291456 bytes"),
            [Kind::NcclOom]
        );
    }
}
