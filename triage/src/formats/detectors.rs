//! The detector table: every detector in the order they are tried, each with the words that
//! gate it (a line holding none of them is not shown to it).
//!
//! Separate from the formats themselves and from the types they share (`mod.rs`): the order and
//! the needle lists are one decision about all formats at once, tested as a whole.

use super::{
    cuda, device, gpu_processes, host, jax, llamacpp, memory_summary, mps, nvidia_smi, others,
    pytorch, serving, tensorflow, Cx, Found,
};

pub(crate) type DetectFn = fn(&str, &mut Cx) -> Option<Found>;

/// A detector, and the words (lower case) at least one of which every line it recognizes holds:
/// a line holding none of them is not shown to it, so that its patterns are neither run nor,
/// in a paste without its format, compiled (which is most of a small paste's cost). The test
/// that compares the scanner with and without its prefilter turns this gate off too, and so
/// proves every needle list complete.
/// (`name` is for tests and debugging.)
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct Detector {
    pub name: &'static str,
    pub needles: &'static [&'static str],
    pub detect: DetectFn,
}

const fn d(name: &'static str, needles: &'static [&'static str], detect: DetectFn) -> Detector {
    Detector {
        name,
        needles,
        detect,
    }
}

/// Every detector, most specific first; the first that recognizes a line wins.
pub(crate) const DETECTORS: &[Detector] = &[
    d(
        "nvidia-smi",
        &["nvidia-smi", "processes:", "mig devices", "mib"],
        nvidia_smi::detect,
    ),
    d(
        "memory-summary",
        &["memory summary"],
        memory_summary::detect,
    ),
    d(
        "gpu-processes",
        &["gpu:", "process", "no processes"],
        gpu_processes::detect,
    ),
    d("mps", &["mps", "invalid buffer size"], mps::detect),
    d(
        "pytorch",
        &[
            "out of",
            "outofmemory",
            "allocation on device",
            "tried to allocate",
            "non-pytorch",
            "allocated memory",
        ],
        pytorch::detect,
    ),
    d(
        "llamacpp",
        &[
            "ggml",
            "commandbuffer",
            " buffer",
            "rocm error",
            "musa error",
        ],
        llamacpp::detect,
    ),
    d(
        "jax",
        &[
            "resource",
            "ran out of memory",
            "rematerialization",
            "was not possible",
        ],
        jax::detect,
    ),
    d(
        "tensorflow",
        &[
            "ran out of memory",
            "from device",
            "ctxretain",
            "ctxcreate",
            "oom when allocating",
            "dst tensor",
            "bfc_allocator",
            "limit:",
            "inuse:",
            "numallocs:",
            "maxallocsize:",
            "reserved:",
            "largestfreeblock:",
        ],
        tensorflow::detect,
    ),
    d("nccl", &["cuda failure", "nccl"], cuda::detect_nccl),
    d("cublas-cudnn", &["cublas", "cudnn"], cuda::detect_libraries),
    d(
        "serving",
        &[
            "available memory",
            "kv cache",
            "seq len",
            "free memory on device",
            "mem-fraction",
            "not enough memory",
            "executor creation",
            "insufficient",
            "system memory",
        ],
        serving::detect,
    ),
    d(
        "paddle",
        &[
            "out of memory error on",
            "enforce allocating",
            "内存不足",
            "上分配",
        ],
        others::detect_paddle,
    ),
    d("cupy", &["out of memory"], others::detect_cupy),
    d(
        "onnxruntime",
        &["requested buffer", "not enough space"],
        others::detect_onnxruntime,
    ),
    // a device runtime's own words are more specific than a bare `MemoryError` around them
    d(
        "device",
        &[
            "cudaerrormemoryallocation",
            "out of mem",
            "cuda runtime error",
            "thcudacheck",
            "cuda failure",
            "cuda error",
            "cudasuccess",
            "device memory",
            "cuda_error_out_of_memory",
            "result=2",
            "hiperror",
            "hip_error",
            "alloc_failed",
            "allocation_failed",
            "memory_allocation_err",
            "allocator_failure",
            "memory_error",
            "allocfailed",
            "allocation_failure",
            "out_of_device_memory",
            "outofdevicememory",
            "outofmemory",
            "metal::malloc",
            "could not be allocated",
            "out of gpu memory",
            "memory_allocation_failure",
            "rtmalloc",
            "retryoom",
            "rmm",
        ],
        device::detect,
    ),
    d(
        "host",
        &[
            "defaultcpuallocator",
            "memoryerror",
            "unable to allocate",
            "errno 12",
            "to allocate",
            "kill",
            "已杀死",
            "on host",
            "hostalloc",
            "mallochost",
            "hostmalloc",
            "oom-killer",
            "1455",
            "paging file",
            "页面文件",
            "exit",
            "signal 9",
        ],
        host::detect,
    ),
    d(
        "dataloader-shm",
        &[
            "dataloader worker",
            "shared memory",
            "</torch_",
            "no space left",
        ],
        host::detect_dataloader,
    ),
    d(
        "batch-size",
        &["executable batch size"],
        others::detect_batch_size,
    ),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_detector_has_a_name_of_its_own_and_lower_case_needles() {
        let mut names: Vec<&str> = super::DETECTORS.iter().map(|d| d.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), super::DETECTORS.len());
        // the engine gates them by bits of a u64
        assert!(super::DETECTORS.len() <= 64);
        for d in super::DETECTORS {
            assert!(!d.needles.is_empty(), "{}", d.name);
            for n in d.needles {
                assert_eq!(n.to_ascii_lowercase(), *n, "{}: {n}", d.name);
            }
        }
    }
}
