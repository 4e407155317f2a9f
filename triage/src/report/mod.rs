//! The Report: the JSON contract of `shared/spec/report.md`.
//!
//! Field names and meanings follow the spec exactly; the additions are `Event::end_line`
//! (the last line of the message, for highlighting) and `Report::summary` (counts).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

mod bar;
mod kind;
mod tensor;

pub use bar::{Part, Segments};
pub use kind::{Kind, FRAMEWORKS};
pub use tensor::{Dim, Tensor};

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
    /// What the failed request was, where the log shows it (addition to the spec: `docs/report.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tensor: Option<Tensor>,
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
            tensor: None,
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
    /// `evidence` as a message id and its values, for an interface that says it in another
    /// language (`app`'s catalogues, `evidence-{id}`); `None` where a rule gives English only.
    /// Not part of the JSON.
    #[serde(skip)]
    pub says: Option<Says>,
    /// `because` for other languages; `None` where a clause has no message id. Not in the JSON.
    #[serde(skip)]
    pub because_says: Option<Because>,
}

/// Why the first finding leads, for other languages: `shape` is `second` (it leads; the runner-up
/// `second` comes next), `common` (it leads only as the most common cause) or `plain`; `why` and
/// the runner-up's clause are message ids (`why-{id}`), the runner-up named by its finding id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Because {
    pub shape: &'static str,
    pub why: Says,
    pub second: Option<(&'static str, Says)>,
}

/// A sentence as a message id and its values, each already written as the frameworks print it
/// ("20.00 MiB", "86%"): a translation rewords the sentence, never the numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Says {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Says {
    pub fn new(id: &'static str, args: &[(&'static str, String)]) -> Says {
        Says {
            id,
            args: args.to_vec(),
        }
    }
}
