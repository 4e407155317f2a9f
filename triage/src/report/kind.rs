//! What kind of memory event ([`Kind`], the spec's table), its JSON name, and the framework
//! each kind comes from ([`FRAMEWORKS`]).
//!
//! Separate from the rest of the report: the list of kinds grows with every new format, and
//! its three tables (`ALL`, names, frameworks) must change together.

use serde::{Deserialize, Serialize};

/// What kind of memory event (spec table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    PytorchOom,
    CudaError,
    CublasAlloc,
    CudnnAlloc,
    NcclOom,
    TensorflowOom,
    JaxOom,
    PaddleOom,
    CupyOom,
    OnnxruntimeOom,
    ServingOom,
    LlamacppOom,
    HostOom,
    DataloaderKilled,
    ShmExhausted,
    BatchSizeSearch,
    NvidiaSmi,
    MemorySummary,
    GpuProcesses,
    /// A line a lab note's `patterns:` entry matched: an error the parser does not know, which the
    /// lab has taught (added by the caller that holds the notes, never by `analyze`).
    LabPattern,
}

impl Kind {
    /// Every kind, in declaration order (`ALL[k as usize] == k`; a new kind goes at the end of
    /// both).
    pub const ALL: [Kind; 20] = [
        Kind::PytorchOom,
        Kind::CudaError,
        Kind::CublasAlloc,
        Kind::CudnnAlloc,
        Kind::NcclOom,
        Kind::TensorflowOom,
        Kind::JaxOom,
        Kind::PaddleOom,
        Kind::CupyOom,
        Kind::OnnxruntimeOom,
        Kind::ServingOom,
        Kind::LlamacppOom,
        Kind::HostOom,
        Kind::DataloaderKilled,
        Kind::ShmExhausted,
        Kind::BatchSizeSearch,
        Kind::NvidiaSmi,
        Kind::MemorySummary,
        Kind::GpuProcesses,
        Kind::LabPattern,
    ];
    /// How many kinds there are (for tables indexed by `kind as usize`).
    pub const COUNT: usize = Kind::ALL.len();

    /// The kebab-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::PytorchOom => "pytorch-oom",
            Kind::CudaError => "cuda-error",
            Kind::CublasAlloc => "cublas-alloc",
            Kind::CudnnAlloc => "cudnn-alloc",
            Kind::NcclOom => "nccl-oom",
            Kind::TensorflowOom => "tensorflow-oom",
            Kind::JaxOom => "jax-oom",
            Kind::PaddleOom => "paddle-oom",
            Kind::CupyOom => "cupy-oom",
            Kind::OnnxruntimeOom => "onnxruntime-oom",
            Kind::ServingOom => "serving-oom",
            Kind::LlamacppOom => "llamacpp-oom",
            Kind::HostOom => "host-oom",
            Kind::DataloaderKilled => "dataloader-killed",
            Kind::ShmExhausted => "shm-exhausted",
            Kind::BatchSizeSearch => "batch-size-search",
            Kind::NvidiaSmi => "nvidia-smi",
            Kind::MemorySummary => "memory-summary",
            Kind::GpuProcesses => "gpu-processes",
            Kind::LabPattern => "lab-pattern",
        }
    }

    /// The framework an event of this kind comes from, as pages name it in `frameworks`
    /// ([`FRAMEWORKS`]); `None` where the kind does not tell (a raw CUDA error, cuBLAS, NCCL,
    /// host memory, a table).
    pub fn framework(self) -> Option<&'static str> {
        Some(match self {
            Kind::PytorchOom
            | Kind::MemorySummary
            | Kind::GpuProcesses
            | Kind::DataloaderKilled
            | Kind::ShmExhausted
            | Kind::BatchSizeSearch => "pytorch",
            Kind::TensorflowOom => "tensorflow",
            Kind::JaxOom => "jax",
            Kind::PaddleOom => "paddle",
            Kind::CupyOom => "cupy",
            Kind::OnnxruntimeOom => "onnxruntime",
            Kind::ServingOom => "serving",
            Kind::LlamacppOom => "llama.cpp",
            Kind::CudaError
            | Kind::CublasAlloc
            | Kind::CudnnAlloc
            | Kind::NcclOom
            | Kind::HostOom
            | Kind::NvidiaSmi
            | Kind::LabPattern => return None,
        })
    }
}

/// Every framework [`Kind::framework`] names: what a page may declare in `frameworks`
/// (`serving` for inference servers, `llama.cpp` for ggml and the programs built on it).
pub const FRAMEWORKS: &[&str] = &[
    "pytorch",
    "tensorflow",
    "jax",
    "paddle",
    "cupy",
    "onnxruntime",
    "serving",
    "llama.cpp",
];
