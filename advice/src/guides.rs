//! Which guides a finding links to, best first.
//!
//! Many pages address `near-capacity`; the right ones for an Apple GPU, a llama.cpp log or an
//! evaluation loop differ. Candidates are the pages whose front matter addresses the finding: those
//! that name it first in `addresses` (it is what they are about) before the others, and within each
//! group ordered by how many of the event's distinctive words (from its message and phase) each page uses —
//! in its title and tags first, then in its text — the front-matter order breaking ties. This needs no
//! search index, so the command line ranks exactly as the site does. Lab pages take part too.
//!
//! A page that declares what it applies to (`frameworks`, `backends` in its front matter) is left
//! out for an event of another: the ROCm guide has nothing for a CUDA error, nor a JAX page for
//! a PyTorch one.

use std::collections::{HashMap, HashSet};

use kb::{KnowledgeBase, Lang, Page};
use triage::{Event, Report};

/// Characters of an event's message read for words: its head names the framework, device and hint.
const MESSAGE_CHARS: usize = 600;
/// A word in a page's title or tags counts this many times a word in its text.
const TITLE_WEIGHT: u32 = 3;
/// Words every out-of-memory message and guide shares: they tell pages apart not at all.
const COMMON: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "has",
    "was",
    "this",
    "that",
    "are",
    "from",
    "which",
    "not",
    "out",
    "memory",
    "tried",
    "allocate",
    "gib",
    "mib",
    "kib",
    "total",
    "capacity",
    "free",
    "allocated",
    "reserved",
    "error",
    "runtimeerror",
    "outofmemoryerror",
    "process",
    "see",
    "documentation",
    "management",
    "including",
    "use",
    "try",
    "set",
    "setting",
    "large",
    "more",
    "than",
    "but",
    "what",
    "during",
    "pass",
    "has",
    "gpu",
    "cuda",
    "torch",
    "pytorch",
];

/// Pages of a finding ranked by the event's words (the others keep their order after them).
const RANKED_CANDIDATES: usize = 16;

/// Fills every finding's `pages`, most relevant first.
pub fn link_guides(report: &mut Report, kb: &KnowledgeBase) {
    // A long log has hundreds of findings over the same few guides: read each guide's words once.
    let mut read: HashMap<&str, PageWords> = HashMap::new();
    for finding in &mut report.findings {
        let event = report.events.get(finding.event);
        let (framework, backend) = event.map_or((None, None), |e| {
            (e.kind.framework(), e.device.backend.map(|b| b.as_str()))
        });
        let candidates: Vec<&Page> = kb
            .pages_addressing(&finding.id, Lang::En)
            .into_iter()
            .filter(|page| page.applies_to(framework, backend))
            .collect();
        let words = report
            .events
            .get(finding.event)
            .map(distinctive_words)
            .unwrap_or_default();
        // The best-placed few are ranked by the event's words; a lab whose notes all address the
        // same finding must not make every diagnosis read them all. The rest follow in order.
        // A page's first `addresses` entry is what it is about: those pages come before pages
        // that only touch the finding (the vLLM guide mentions other processes; the
        // other-processes guide is about them), each group ranked by the event's words.
        let mut ranked: Vec<(bool, usize, u32, &Page)> = candidates
            .into_iter()
            .enumerate()
            .map(|(order, page)| {
                let primary = page.addresses.first() == Some(&finding.id);
                if order >= RANKED_CANDIDATES {
                    return (primary, order, 0, page);
                }
                let page_words = read
                    .entry(page.slug.as_str())
                    .or_insert_with(|| PageWords::of(page));
                (primary, order, page_words.score(&words), page)
            })
            .collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.2.cmp(&a.2)).then(a.1.cmp(&b.1)));
        finding.pages = ranked
            .into_iter()
            .map(|(_, _, _, page)| page.slug.clone())
            .collect();
    }
}

/// Lowercase words of at least three characters, without the words all such texts share.
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    kb::text::names(text)
        .filter(|word| word.chars().count() >= 3 && word.chars().any(char::is_alphabetic))
        .map(str::to_lowercase)
        .filter(|word| !COMMON.contains(&word.as_str()))
}

pub(crate) fn distinctive_words(event: &Event) -> HashSet<String> {
    let head: String = event.text.chars().take(MESSAGE_CHARS).collect();
    let mut found: HashSet<String> = words(&head).collect();
    if let Some(phase) = event.phase {
        found.extend(phase.keywords().iter().map(|word| word.to_string()));
    }
    found
}

/// The words of a page's title and tags, and of its text.
pub(crate) struct PageWords {
    heading: HashSet<String>,
    body: HashSet<String>,
}

impl PageWords {
    pub(crate) fn of(page: &Page) -> PageWords {
        PageWords {
            heading: words(&page.title)
                .chain(page.tags.iter().flat_map(|tag| words(tag)))
                .collect(),
            body: words(&page.text).collect(),
        }
    }

    /// How well the page answers `wanted`: a word in the title or tags counts more than one in
    /// the text.
    pub(crate) fn score(&self, wanted: &HashSet<String>) -> u32 {
        wanted
            .iter()
            .map(|word| {
                if self.heading.contains(word) {
                    TITLE_WEIGHT
                } else {
                    u32::from(self.body.contains(word))
                }
            })
            .sum()
    }
}

/// [`PageWords::score`] of one page.
pub(crate) fn score(page: &Page, wanted: &HashSet<String>) -> u32 {
    PageWords::of(page).score(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn knowledge() -> KnowledgeBase {
        KnowledgeBase::load(&[]).expect("built-in library").0
    }

    fn first_guide(text: &str, finding: &str) -> Option<String> {
        let kb = knowledge();
        let mut report = triage::analyze(text);
        link_guides(&mut report, &kb);
        report
            .findings
            .iter()
            .find(|f| f.id == finding)?
            .pages
            .first()
            .cloned()
    }

    #[test]
    fn an_apple_gpu_leads_with_the_mps_guide() {
        let mps = "RuntimeError: MPS backend out of memory (MPS allocated: 5.56 GB, other allocations: 1.10 GB, max allowed: 6.80 GB). Tried to allocate 768.00 MB on private pool. Use PYTORCH_MPS_HIGH_WATERMARK_RATIO=0.0 to disable upper limit for memory allocations (may cause system failure).";
        assert_eq!(
            first_guide(mps, "near-capacity").as_deref(),
            Some("mps-watermark")
        );
    }

    #[test]
    fn guides_keep_to_the_event_framework_and_backend() {
        let kb = knowledge();
        // seed 000's CUDA message: the ROCm guide listed nowhere
        let cuda = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 7.64 GiB of which 59.44 MiB is free. Including non-PyTorch memory, this process has 6.41 GiB memory in use. Of the allocated memory 6.12 GiB is allocated by PyTorch, and 3.15 GiB is reserved by PyTorch but unallocated.";
        let mut report = triage::analyze(cuda);
        link_guides(&mut report, &kb);
        assert!(!report.findings.is_empty());
        for finding in &report.findings {
            assert!(
                !finding.pages.iter().any(|p| p == "rocm-hip"),
                "{}: {:?}",
                finding.id,
                finding.pages
            );
            assert!(
                !finding.pages.iter().any(|p| p == "jax-preallocation"),
                "{}",
                finding.id
            );
        }
        // a JAX failure gets the JAX page and not TensorFlow's
        let mut report = triage::analyze("jaxlib.xla_extension.XlaRuntimeError: RESOURCE_EXHAUSTED: Out of memory while trying to allocate 6291456 bytes.");
        link_guides(&mut report, &kb);
        let pre = report
            .findings
            .iter()
            .find(|f| f.id == "preallocation")
            .expect("preallocation");
        assert_eq!(
            pre.pages.first().map(String::as_str),
            Some("jax-preallocation")
        );
        assert!(
            !pre.pages.iter().any(|p| p == "tensorflow-memory-growth"),
            "{:?}",
            pre.pages
        );
    }

    #[test]
    fn the_page_about_a_finding_leads_the_pages_that_touch_it() {
        let kb = knowledge();
        let msg = "  File \"/opt/conda/lib/python3.10/site-packages/torch/nn/modules/linear.py\", line 114, in forward\n    return F.linear(input, self.weight, self.bias)\ntorch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 496.00 MiB. GPU 0 has a total capacty of 14.75 GiB of which 235.06 MiB is free. Process 20398 has 4.00 GiB memory in use. Of the allocated memory 6.06 GiB is allocated by PyTorch, and 330.42 MiB is reserved by PyTorch but unallocated. If reserved but unallocated memory is large try setting max_split_size_mb to avoid fragmentation.  See documentation for Memory Management and PYTORCH_CUDA_ALLOC_CONF";
        let mut report = triage::analyze(msg);
        link_guides(&mut report, &kb);
        let others = report
            .findings
            .iter()
            .find(|f| f.id == "other-processes")
            .expect("other-processes");
        // other-processes names it first; nvidia-smi-vs-pytorch and the vLLM guide only touch it
        assert_eq!(
            others.pages.first().map(String::as_str),
            Some("other-processes")
        );
    }

    #[test]
    fn an_amd_gpu_leads_with_the_rocm_guide() {
        let hip = "torch.OutOfMemoryError: HIP out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.98 GiB of which 1.02 GiB is free. Of the allocated memory 19.40 GiB is allocated by PyTorch, and 3.12 GiB is reserved by PyTorch but unallocated. If reserved but unallocated memory is large try setting PYTORCH_HIP_ALLOC_CONF=expandable_segments:True to avoid fragmentation.";
        assert_eq!(
            first_guide(hip, "fragmentation").as_deref(),
            Some("rocm-hip")
        );
    }

    #[test]
    fn every_candidate_that_applies_stays_listed() {
        let kb = knowledge();
        let mut report = triage::analyze("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 7.64 GiB of which 1.44 MiB is free. Of the allocated memory 7.12 GiB is allocated by PyTorch, and 20.15 MiB is reserved by PyTorch but unallocated.");
        link_guides(&mut report, &kb);
        assert!(!report.findings.is_empty());
        // Every English page whose front matter addresses the finding (content/en/*.md), less
        // those for another framework or device: llamacpp-gpu-layers and mps-watermark also
        // address near-capacity.
        let expected: [(&str, &[&str]); 2] = [
            (
                "near-capacity",
                &[
                    "activation-memory",
                    "batch-size-search",
                    "bf16-vs-fp16",
                    "ddp-vs-dataparallel",
                    "fsdp-and-zero",
                    "gradient-accumulation",
                    "gradient-checkpointing",
                    "inference-mode",
                    "llm-logits",
                    "llm-training-budget",
                    "memory-snapshots",
                    "mixed-precision",
                    "reading-oom-message",
                    "serving-web-process",
                ],
            ),
            (
                "non-framework-memory",
                &[
                    "cuda-context",
                    "freeing-memory",
                    "notebooks",
                    "numba-cuda-close",
                    "nvidia-smi-vs-pytorch",
                ],
            ),
        ];
        let ids: Vec<&str> = report.findings.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["near-capacity", "non-framework-memory"]);
        for (finding, (id, pages)) in report.findings.iter().zip(expected) {
            let mut got = finding.pages.clone();
            got.sort();
            assert_eq!(got, pages, "{id}");
        }
    }
}
