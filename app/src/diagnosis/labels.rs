//! Words for the report's enums.

use triage::{Backend, Confidence, Device, Kind, Phase};

/// A kind in words: "PyTorch allocator".
pub fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::PytorchOom => "PyTorch out of memory",
        Kind::CudaError => "CUDA runtime error",
        Kind::CublasAlloc => "cuBLAS allocation failure",
        Kind::CudnnAlloc => "cuDNN allocation failure",
        Kind::NcclOom => "NCCL out of memory",
        Kind::TensorflowOom => "TensorFlow out of memory",
        Kind::JaxOom => "JAX / XLA out of memory",
        Kind::PaddleOom => "PaddlePaddle out of memory",
        Kind::CupyOom => "CuPy out of memory",
        Kind::OnnxruntimeOom => "ONNX Runtime allocation failure",
        Kind::ServingOom => "Inference server memory budget",
        Kind::LlamacppOom => "llama.cpp allocation failure",
        Kind::HostOom => "Host RAM exhausted",
        Kind::DataloaderKilled => "DataLoader worker killed",
        Kind::ShmExhausted => "Shared memory (/dev/shm) exhausted",
        Kind::BatchSizeSearch => "Batch-size search ran out of sizes",
        Kind::NvidiaSmi => "nvidia-smi table",
        Kind::MemorySummary => "memory_summary() printout",
        Kind::GpuProcesses => "list_gpu_processes() printout",
        Kind::LabPattern => "Error your lab's notes describe",
    }
}

/// A device in words: "GPU 0", "Apple GPU (MPS)", "host RAM".
pub fn device_label(device: &Device) -> String {
    let index = device
        .index
        .map(|index| format!(" {index}"))
        .unwrap_or_default();
    match device.backend {
        Some(Backend::Cuda) => format!("GPU{index}"),
        Some(Backend::Hip) => format!("GPU{index} (ROCm)"),
        Some(Backend::Xpu) => format!("XPU{index}"),
        Some(Backend::Mps) => "Apple GPU (MPS)".to_string(),
        Some(Backend::Cpu) => "host RAM".to_string(),
        Some(Backend::Tpu) => format!("TPU{index}"),
        None if device.index.is_some() => format!("device{index}"),
        None => "the device".to_string(),
    }
}

/// A phase in words: "the backward pass".
pub fn phase_label(phase: Phase) -> &'static str {
    match phase {
        Phase::ModelLoading => "model loading",
        Phase::DataLoading => "data loading",
        Phase::Forward => "the forward pass",
        Phase::Backward => "the backward pass",
        Phase::OptimizerStep => "the optimizer step",
        Phase::Evaluation => "evaluation",
        Phase::Generation => "generation",
        Phase::Compile => "compilation",
    }
}

/// How sure a finding is, in words, for its badge.
pub fn confidence_label(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::High => "likely cause",
        Confidence::Medium => "possible cause",
        Confidence::Low => "worth checking",
    }
}

/// The same, said plainly for screen readers and the badge's title.
pub fn confidence_title(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::High => "high confidence: the numbers make this cause clear",
        Confidence::Medium => {
            "medium confidence: the numbers support this cause without settling it"
        }
        Confidence::Low => {
            "low confidence: the usual cause of this kind of failure, not shown by numbers"
        }
    }
}

/// Every kind the parser recognizes, for the "nothing found" page: all of them but the lab's own
/// patterns, in declaration order.
pub fn recognized() -> impl Iterator<Item = Kind> {
    Kind::ALL
        .into_iter()
        .filter(|kind| *kind != Kind::LabPattern)
}
