//! The Report: the JSON contract of `shared/spec/report.md`.
//!
//! Field names and meanings follow the spec exactly; the additions are `Event::end_line`
//! (the last line of the message, for highlighting) and `Report::summary` (counts).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What `analyze` found in a text: every memory event in input order and what went wrong.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Report {
    pub events: Vec<Event>,
    pub findings: Vec<Finding>,
    /// Counts over the whole input (also over events dropped past [`crate::MAX_EVENTS`]).
    #[serde(default)]
    pub summary: Summary,
}

/// Counts over the whole input.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// How many memory errors the text holds: every event except pasted tables
    /// (`nvidia-smi`, `gpu-processes`) and memory summaries printed as part of an error.
    pub errors: u64,
    /// Events per kind, dropped ones included.
    pub by_kind: BTreeMap<Kind, u64>,
    /// Lines read.
    pub lines: u64,
    /// Events found but not kept in `events` because there were too many.
    pub dropped_events: u64,
}

/// One memory error or memory snapshot found in the input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub kind: Kind,
    /// 1-based line on which the message starts.
    pub line: u64,
    /// 1-based last line of the message (addition to the spec).
    #[serde(default)]
    pub end_line: u64,
    pub device: Device,
    pub requested: Option<u64>,
    pub total: Option<u64>,
    pub free: Option<u64>,
    pub allocated: Option<u64>,
    pub reserved: Option<u64>,
    pub process: Option<u64>,
    pub private_pools: Option<u64>,
    pub other: Option<u64>,
    pub other_processes: Vec<OtherProcess>,
    pub phase: Option<Phase>,
    pub segments: Option<Segments>,
    /// The message itself (not the whole traceback).
    pub text: String,
}

impl Event {
    /// An event of `kind` starting on `line` with nothing known yet.
    pub fn new(kind: Kind, line: u64, text: impl Into<String>) -> Self {
        Event {
            kind,
            line,
            end_line: line,
            device: Device::default(),
            requested: None,
            total: None,
            free: None,
            allocated: None,
            reserved: None,
            process: None,
            private_pools: None,
            other: None,
            other_processes: Vec::new(),
            phase: None,
            segments: None,
            text: text.into(),
        }
    }

    /// Whether this event is a memory error (as opposed to a pasted table of usage).
    pub fn is_error(&self) -> bool {
        !matches!(
            self.kind,
            Kind::NvidiaSmi | Kind::GpuProcesses | Kind::MemorySummary
        )
    }
}

/// Another process on the device and what it holds (`bytes` null where the table says N/A).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherProcess {
    pub pid: u64,
    pub bytes: Option<u64>,
}

/// The device an event happened on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Device {
    pub backend: Option<Backend>,
    pub index: Option<u32>,
}

impl std::fmt::Display for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.backend, self.index) {
            (Some(b), Some(i)) => write!(f, "{}:{i}", b.as_str()),
            (Some(b), None) => f.write_str(b.as_str()),
            (None, Some(i)) => write!(f, "device {i}"),
            (None, None) => f.write_str("unknown device"),
        }
    }
}

/// The capacity bar, in bytes; each segment null where the message does not allow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segments {
    pub allocated: Option<u64>,
    pub reserved_unallocated: Option<u64>,
    pub non_framework: Option<u64>,
    pub other_processes: Option<u64>,
    /// Memory in use whose owner the input does not say: an `nvidia-smi` row counts every
    /// process on the GPU, this one included (a field added to the spec's segments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used: Option<u64>,
    pub free: Option<u64>,
}

/// One part of the capacity bar, in the bar's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Allocated,
    ReservedUnallocated,
    NonFramework,
    OtherProcesses,
    Used,
    Free,
}

impl Part {
    /// Every part, in the bar's order (what is used first, free last).
    pub const ALL: [Part; 6] = [
        Part::Allocated,
        Part::ReservedUnallocated,
        Part::NonFramework,
        Part::OtherProcesses,
        Part::Used,
        Part::Free,
    ];

    /// The field's name in [`Segments`] (JSON), also the bar's CSS class suffix.
    pub fn key(self) -> &'static str {
        match self {
            Part::Allocated => "allocated",
            Part::ReservedUnallocated => "reserved_unallocated",
            Part::NonFramework => "non_framework",
            Part::OtherProcesses => "other_processes",
            Part::Used => "used",
            Part::Free => "free",
        }
    }

    /// The part in words, as a legend says it.
    pub fn label(self) -> &'static str {
        match self {
            Part::Allocated => "Allocated by the framework",
            Part::ReservedUnallocated => "Reserved but unallocated",
            Part::NonFramework => "Non-framework (CUDA context, libraries)",
            Part::OtherProcesses => "Other processes",
            Part::Used => "In use (by any process)",
            Part::Free => "Free",
        }
    }

    /// The part in one or two words, as a glossary heads it.
    pub fn name(self) -> &'static str {
        match self {
            Part::Allocated => "Allocated",
            Part::ReservedUnallocated => "Reserved but unallocated",
            Part::NonFramework => "Non-framework",
            Part::OtherProcesses => "Other processes",
            Part::Used => "In use",
            Part::Free => "Free",
        }
    }
}

impl Segments {
    /// The bytes of `part`, `None` where the message does not allow it to be known.
    pub fn get(&self, part: Part) -> Option<u64> {
        match part {
            Part::Allocated => self.allocated,
            Part::ReservedUnallocated => self.reserved_unallocated,
            Part::NonFramework => self.non_framework,
            Part::OtherProcesses => self.other_processes,
            Part::Used => self.used,
            Part::Free => self.free,
        }
    }

    /// Every part with its bytes, in the bar's order.
    pub fn parts(&self) -> [(Part, Option<u64>); 6] {
        Part::ALL.map(|part| (part, self.get(part)))
    }
}

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

/// `device.backend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Backend {
    Cuda,
    Hip,
    Xpu,
    Mps,
    Cpu,
    Tpu,
}

impl Backend {
    /// Every backend, in the spec's order.
    pub const ALL: [Backend; 6] = [
        Backend::Cuda,
        Backend::Hip,
        Backend::Xpu,
        Backend::Mps,
        Backend::Cpu,
        Backend::Tpu,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Cuda => "cuda",
            Backend::Hip => "hip",
            Backend::Xpu => "xpu",
            Backend::Mps => "mps",
            Backend::Cpu => "cpu",
            Backend::Tpu => "tpu",
        }
    }
}

/// Where the failing code was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    ModelLoading,
    DataLoading,
    Forward,
    Backward,
    OptimizerStep,
    Evaluation,
    Generation,
    Compile,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::ModelLoading => "model-loading",
            Phase::DataLoading => "data-loading",
            Phase::Forward => "forward",
            Phase::Backward => "backward",
            Phase::OptimizerStep => "optimizer-step",
            Phase::Evaluation => "evaluation",
            Phase::Generation => "generation",
            Phase::Compile => "compile",
        }
    }

    /// The words guides and notes use for this phase, lowercase: what matching a report to pages
    /// searches for (not display text).
    pub fn keywords(self) -> &'static [&'static str] {
        match self {
            Phase::ModelLoading => &["model", "loading"],
            Phase::DataLoading => &["data", "loading"],
            Phase::Forward => &["forward"],
            Phase::Backward => &["backward"],
            Phase::OptimizerStep => &["optimizer", "step"],
            Phase::Evaluation => &["evaluation"],
            Phase::Generation => &["generation"],
            Phase::Compile => &["compilation", "compile"],
        }
    }
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    High,
    Medium,
    Low,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// How sure a finding is: `high` when the numbers alone make the cause clear, `medium` when they
/// support it without settling it, `low` when it is only the usual cause of this kind of failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }
}

/// What went wrong, with the numbers that support it. Findings come best first: ranked by how
/// strongly the numbers point at each cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// One of the spec's ids (`fragmentation`, `other-processes`, ...).
    pub id: String,
    /// Index into `Report::events` of the event it explains.
    pub event: usize,
    /// The same level as `confidence` (the spec's older field).
    pub severity: Severity,
    /// How sure the finding is (added to the spec's finding: see `docs/report.md`).
    pub confidence: Confidence,
    pub title: String,
    pub evidence: String,
    /// For the first finding only: one sentence on why it leads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub because: Option<String>,
    /// Knowledge-base slugs; left empty by triage, filled by the caller.
    pub pages: Vec<String>,
}
