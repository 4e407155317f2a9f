//! The answer: headline, capacity bar, figures, what brings it down, and how each part is counted.

use leptos::prelude::*;
use triage::format_bytes;

use crate::components::capacity_bar::{BarLayout, CapacityBar};
use crate::context::SiteContext;
use crate::i18n::{tr, ui_lang};

/// The parts in the bar's order, with their legend keys.
const PARTS: &[&str] = &[
    "weights",
    "gradients",
    "optimizer",
    "activations",
    "logits",
    "kv_cache",
    "cuda_context",
];

/// The legend key of a part (a `'static` str the bar keeps).
fn part_key(part: &str) -> Option<(&'static str, &'static str)> {
    const KEYS: &[(&str, &str)] = &[
        ("weights", "estimate-part-weights"),
        ("gradients", "estimate-part-gradients"),
        ("optimizer", "estimate-part-optimizer"),
        ("activations", "estimate-part-activations"),
        ("logits", "estimate-part-logits"),
        ("kv_cache", "estimate-part-kv_cache"),
        ("cuda_context", "estimate-part-cuda_context"),
    ];
    KEYS.iter().find(|(name, _)| *name == part).copied()
}

/// The guides that address what fills the device, most useful first: the largest trainable
/// part picks the first.
fn remedies(answer: &estimate::Answer) -> Vec<&'static str> {
    let bytes = |name: &str| {
        answer
            .parts
            .iter()
            .find(|p| p.part == name)
            .map_or(0, |p| p.bytes)
    };
    let run = &answer.run;
    let mut slugs = Vec::new();
    if !run.training {
        slugs.push("inference-mode");
        if bytes("kv_cache") > 0 {
            slugs.push("vllm-memory");
        }
        return slugs;
    }
    let state = bytes("gradients") + bytes("optimizer");
    if bytes("activations") >= state {
        if !run.checkpointing {
            slugs.push("gradient-checkpointing");
        }
        slugs.push("gradient-accumulation");
    }
    if run.lora.is_none() {
        slugs.push("llm-training-budget");
    }
    slugs.push("fsdp-and-zero");
    if bytes("logits") > bytes("activations") / 4 {
        slugs.push("llm-logits");
    }
    if run.weights == estimate::Dtype::Fp32 && !run.mixed_precision {
        slugs.push("mixed-precision");
    }
    if !slugs.contains(&"gradient-accumulation") {
        slugs.push("gradient-accumulation");
    }
    slugs
}

/// The answer's section.
#[component]
pub fn EstimateResult(answer: estimate::Answer) -> impl IntoView {
    let lang = ui_lang();
    let parts: Vec<(&'static str, &'static str, u64)> = answer
        .parts
        .iter()
        .filter_map(|p| part_key(p.part).map(|(key, label)| (key, label, p.bytes)))
        .collect();
    debug_assert!(parts.iter().all(|(key, _, _)| PARTS.contains(key)));
    let capacity = answer.gpu.as_ref().map(|g| g.memory);
    let bar = BarLayout::of_parts(&parts, capacity).map(|layout| {
        let caption = tr(lang, "estimate-bar-caption");
        view! { <CapacityBar layout id="bar-estimate".to_string() caption/> }.into_any()
    });
    let largest = super::words::largest_batch(lang, &answer).map(|value| {
        view! { <dt>{tr(lang, "estimate-largest-batch")}</dt><dd data-figure="largest-batch">{value}</dd> }.into_any()
    });
    let accumulation = super::words::accumulation(lang, &answer).map(|line| {
        view! { <dt>{tr(lang, "estimate-accumulation")}</dt><dd data-figure="accumulation-steps">{line}</dd> }.into_any()
    });
    let model = super::words::model_line(lang, &answer);
    let kb = use_context::<SiteContext>().map(|site| site.kb());
    let guides = (answer.fits == Some(false)).then(|| {
        let items = remedies(&answer)
            .into_iter()
            .filter_map(|slug| {
                let kb = kb.as_ref()?;
                let page = kb.page(slug)?;
                let page = advice::in_language(page, kb, lang);
                Some(view! { <li><a href=page.url()>{page.title.clone()}</a></li> })
            })
            .collect_view();
        view! {
            <section class="estimate-guides">
                <h2>{tr(lang, "estimate-guides-heading")}</h2>
                <ul>{items}</ul>
            </section>
        }
        .into_any()
    });
    let sources = PARTS
        .iter()
        .map(|part| {
            view! {
                <tr><th scope="row">{tr(lang, &format!("estimate-part-{part}"))}</th><td>{tr(lang, &format!("estimate-source-{part}"))}</td></tr>
            }
        })
        .collect_view();
    let sources_section = view! {
        <section class="estimate-sources">
            <h2>{tr(lang, "estimate-sources-heading")}</h2>
            <table class="sources">
                <caption class="visually-hidden">{tr(lang, "estimate-sources-heading")}</caption>
                <tbody>{sources}</tbody>
            </table>
            <p class="hint">{tr(lang, "estimate-validation-note")}</p>
        </section>
    }
    .into_any();
    let verdict = match answer.fits {
        Some(true) => "fits",
        Some(false) => "does-not-fit",
        None => "no-card",
    };
    view! {
        <section class="estimate-result" aria-labelledby="estimate-headline">
            <h2 id="estimate-headline" class=format!("verdict verdict-{verdict}")>{super::words::headline(lang, &answer)}</h2>
            {bar}
            <dl class="figures">
                <dt>{tr(lang, "estimate-peak-allocated")}</dt><dd data-figure="peak-allocated">{format_bytes(answer.peak_allocated)}</dd>
                <dt>{tr(lang, "estimate-nvidia-smi")}</dt><dd data-figure="nvidia-smi">{format_bytes(answer.nvidia_smi)}</dd>
                {largest}
                {accumulation}
                <dt>{tr(lang, "estimate-model")}</dt><dd>{model}</dd>
            </dl>
            <p class="hint">{tr(lang, "estimate-metric-note")}</p>
        </section>
        {guides}
        {sources_section}
    }
    .into_any()
}
