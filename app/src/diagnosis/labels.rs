//! Words for the report's enums.

use triage::{Backend, Confidence, Device, Kind, Part, Phase};

use crate::i18n::{text, tr, tr_args, Lang};

/// A kind in words: "PyTorch out of memory".
pub fn kind_label(lang: Lang, kind: Kind) -> String {
    let key = match kind {
        Kind::PytorchOom => "kind-pytorch-oom",
        Kind::CudaError => "kind-cuda-error",
        Kind::CublasAlloc => "kind-cublas-alloc",
        Kind::CudnnAlloc => "kind-cudnn-alloc",
        Kind::NcclOom => "kind-nccl-oom",
        Kind::TensorflowOom => "kind-tensorflow-oom",
        Kind::JaxOom => "kind-jax-oom",
        Kind::PaddleOom => "kind-paddle-oom",
        Kind::CupyOom => "kind-cupy-oom",
        Kind::OnnxruntimeOom => "kind-onnxruntime-oom",
        Kind::ServingOom => "kind-serving-oom",
        Kind::LlamacppOom => "kind-llamacpp-oom",
        Kind::HostOom => "kind-host-oom",
        Kind::DataloaderKilled => "kind-dataloader-killed",
        Kind::ShmExhausted => "kind-shm-exhausted",
        Kind::BatchSizeSearch => "kind-batch-size-search",
        Kind::NvidiaSmi => "kind-nvidia-smi",
        Kind::MemorySummary => "kind-memory-summary",
        Kind::GpuProcesses => "kind-gpu-processes",
        Kind::LabPattern => "kind-lab-pattern",
    };
    tr(lang, key)
}

/// A device in words: "GPU 0", "Apple GPU (MPS)", "host RAM".
pub fn device_label(lang: Lang, device: &Device) -> String {
    let index = device
        .index
        .map(|index| format!(" {index}"))
        .unwrap_or_default();
    let with_index = |key: &str| tr_args(lang, key, &[("index", text(index.clone()))]);
    match device.backend {
        Some(Backend::Cuda) => with_index("device-gpu"),
        Some(Backend::Hip) => with_index("device-gpu-rocm"),
        Some(Backend::Xpu) => with_index("device-xpu"),
        Some(Backend::Mps) => tr(lang, "device-mps"),
        Some(Backend::Cpu) => tr(lang, "device-host"),
        Some(Backend::Tpu) => with_index("device-tpu"),
        None if device.index.is_some() => with_index("device-other"),
        None => tr(lang, "device-unknown"),
    }
}

/// A phase in words: "the backward pass".
pub fn phase_label(lang: Lang, phase: Phase) -> String {
    let key = match phase {
        Phase::ModelLoading => "phase-model-loading",
        Phase::DataLoading => "phase-data-loading",
        Phase::Forward => "phase-forward",
        Phase::Backward => "phase-backward",
        Phase::OptimizerStep => "phase-optimizer-step",
        Phase::Evaluation => "phase-evaluation",
        Phase::Generation => "phase-generation",
        Phase::Compile => "phase-compile",
    };
    tr(lang, key)
}

/// A finding's title in `lang`, by its id (`fallback`, the report's English title, for an id the
/// catalogues do not know).
pub fn finding_title(lang: Lang, id: &str, fallback: &str) -> String {
    let key = match id {
        "lab-note" => "finding-lab-note",
        "request-exceeds-capacity" => "finding-request-exceeds-capacity",
        "host-memory" => "finding-host-memory",
        "kv-cache" => "finding-kv-cache",
        "other-processes" => "finding-other-processes",
        "fragmentation" => "finding-fragmentation",
        "near-capacity" => "finding-near-capacity",
        "non-framework-memory" => "finding-non-framework-memory",
        "preallocation" => "finding-preallocation",
        "free-exceeds-request" => "finding-free-exceeds-request",
        "repeated-oom" => "finding-repeated-oom",
        _ => return fallback.to_string(),
    };
    tr(lang, key)
}

/// A part of the capacity bar as a legend says it; `None` is what the message leaves
/// unexplained.
pub fn part_label(lang: Lang, part: Option<Part>) -> String {
    match part {
        Some(Part::Allocated) => tr(lang, "part-allocated"),
        Some(Part::ReservedUnallocated) => tr(lang, "part-reserved-unallocated"),
        Some(Part::NonFramework) => tr(lang, "part-non-framework"),
        Some(Part::OtherProcesses) => tr(lang, "part-other-processes"),
        Some(Part::Used) => tr(lang, "part-used"),
        Some(Part::Free) => tr(lang, "part-free"),
        None => tr(lang, "part-unknown"),
    }
}

/// A finding's evidence in `lang`: the report's English where the rule gave no message id, or
/// `lang` has no sentence for it.
pub fn evidence(lang: Lang, finding: &triage::Finding) -> String {
    match (&finding.says, lang) {
        (Some(says), Lang::Zh) => {
            say(lang, "evidence-", says).unwrap_or_else(|| finding.evidence.clone())
        }
        _ => finding.evidence.clone(),
    }
}

/// `says` in `lang` under `prefix` (`evidence-`, `why-`), `None` when the catalogue lacks it.
fn say(lang: Lang, prefix: &str, says: &triage::Says) -> Option<String> {
    let key = format!("{prefix}{}", says.id);
    let args: Vec<(&'static str, _)> = says
        .args
        .iter()
        .map(|(name, value)| (*name, crate::i18n::text(value.clone())))
        .collect();
    let said = tr_args(lang, &key, &args);
    (said != key).then_some(said)
}

/// Why the first finding leads, in `lang`: the report's English where a clause has no message id
/// or `lang` has no sentence for it.
pub fn because(lang: Lang, finding: &triage::Finding) -> Option<String> {
    let english = finding.because.clone()?;
    if lang == Lang::En {
        return Some(english);
    }
    let said = || {
        let because = finding.because_says.as_ref()?;
        let why = say(lang, "why-", &because.why)?;
        Some(match (&because.second, because.shape) {
            (Some((id, second)), "second") => {
                let name = tr(lang, &format!("short-{id}"));
                let args = [
                    ("why", text(why)),
                    ("second", text(name)),
                    ("second_why", text(say(lang, "why-", second)?)),
                ];
                tr_args(lang, "because-second", &args)
            }
            (_, "common") => tr_args(lang, "because-common", &[("why", text(why))]),
            _ => tr_args(lang, "because-plain", &[("why", text(why))]),
        })
    };
    Some(said().unwrap_or(english))
}

/// How sure a finding is, in words, for its badge.
pub fn confidence_label(lang: Lang, confidence: Confidence) -> String {
    match confidence {
        Confidence::High => tr(lang, "confidence-high"),
        Confidence::Medium => tr(lang, "confidence-medium"),
        Confidence::Low => tr(lang, "confidence-low"),
    }
}

/// The same, said plainly for screen readers and the badge's title.
pub fn confidence_title(lang: Lang, confidence: Confidence) -> String {
    match confidence {
        Confidence::High => tr(lang, "confidence-high-title"),
        Confidence::Medium => tr(lang, "confidence-medium-title"),
        Confidence::Low => tr(lang, "confidence-low-title"),
    }
}

/// Every kind the parser recognizes, for the "nothing found" page: all of them but the lab's own
/// patterns, in declaration order.
pub fn recognized() -> impl Iterator<Item = Kind> {
    Kind::ALL
        .into_iter()
        .filter(|kind| *kind != Kind::LabPattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every finding the rules can give has a title in both catalogues, the same English one.
    #[test]
    fn every_finding_id_has_a_title() {
        for id in triage::FINDING_IDS
            .iter()
            .copied()
            .chain([triage::LAB_NOTE])
        {
            let english = finding_title(Lang::En, id, "");
            assert_eq!(english, triage::finding_title(id), "{id}");
            assert_ne!(finding_title(Lang::Zh, id, ""), english, "{id} in Chinese");
        }
    }
}
