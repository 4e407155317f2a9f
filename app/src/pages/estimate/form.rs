//! The estimator's form: plain GET fields named as `/api/estimate`'s JSON keys.

use leptos::prelude::*;

use crate::i18n::{tr, ui_lang, Lang};

fn is_on(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "on" | "true" | "1" | "yes"
    )
}

/// `aria-invalid` and the error's id for a field at fault.
fn invalid(errors: &[estimate::FieldError], field: &str) -> Option<&'static str> {
    errors.iter().any(|e| e.field == field).then_some("true")
}

/// A `<select>` of `(value, label)`; the typed value (any case) or else the first is selected.
fn select(
    lang: Lang,
    field: &'static str,
    options: Vec<(String, String)>,
    chosen: &str,
    errors: &[estimate::FieldError],
) -> AnyView {
    let chosen = chosen.trim().to_ascii_lowercase();
    let options = options
        .into_iter()
        .map(|(value, label)| {
            let selected = value.to_ascii_lowercase() == chosen;
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view();
    view! {
        <label for=format!("est-{field}")>{tr(lang, &format!("estimate-field-{field}"))}</label>
        <select id=format!("est-{field}") name=field aria-invalid=invalid(errors, field)>{options}</select>
    }
    .into_any()
}

/// Options whose labels come from the catalogue (`estimate-{field}-{value}`).
fn choices(lang: Lang, field: &str, values: &[&str]) -> Vec<(String, String)> {
    values
        .iter()
        .map(|v| (v.to_string(), tr(lang, &format!("estimate-{field}-{v}"))))
        .collect()
}

fn input(
    lang: Lang,
    field: &'static str,
    value: &str,
    placeholder: &'static str,
    errors: &[estimate::FieldError],
) -> AnyView {
    view! {
        <label for=format!("est-{field}")>{tr(lang, &format!("estimate-field-{field}"))}</label>
        <input type="text" id=format!("est-{field}") name=field value=value.to_string() placeholder=placeholder
            autocomplete="off" spellcheck="false" aria-invalid=invalid(errors, field)/>
    }
    .into_any()
}

fn checkbox(lang: Lang, field: &'static str, value: &str) -> AnyView {
    view! {
        <label class="check" for=format!("est-{field}")>
            <input type="checkbox" id=format!("est-{field}") name=field value="on" checked=is_on(value)/>
            {tr(lang, &format!("estimate-field-{field}"))}
        </label>
    }
    .into_any()
}

/// The form, filled with what was typed.
#[component]
pub fn EstimateForm(
    request: estimate::Request,
    errors: Vec<estimate::FieldError>,
) -> impl IntoView {
    let lang = ui_lang();
    let r = &request;
    let e = errors.as_slice();
    let mut models = vec![(String::new(), tr(lang, "estimate-model-none"))];
    models.extend(estimate::models::all().map(|m| (m.name.clone(), m.name)));
    let mut gpus = vec![(String::new(), tr(lang, "estimate-gpu-none"))];
    gpus.extend(estimate::gpus::all().map(|g| {
        (
            g.name.to_string(),
            format!("{} · {}", g.name, triage::format_bytes(g.memory)),
        )
    }));
    let config_open = !r.config.trim().is_empty() || invalid(e, "config").is_some();
    let config = html_escape::encode_text(&r.config).to_string();
    view! {
        <form class="estimate-form" method="get" action="/estimate">
            <fieldset>
                <legend>{tr(lang, "estimate-legend-model")}</legend>
                {select(lang, "model", models, &r.model, e)}
                {input(lang, "params", &r.params, "7B", e)}
                <details class="config" open=config_open>
                    <summary>{tr(lang, "estimate-field-config")}</summary>
                    <textarea id="est-config" name="config" rows="6" spellcheck="false" aria-invalid=invalid(e, "config")
                        aria-label=tr(lang, "estimate-field-config") inner_html=config></textarea>
                </details>
                <p class="hint">{tr(lang, "estimate-model-hint")}</p>
            </fieldset>
            <fieldset>
                <legend>{tr(lang, "estimate-legend-run")}</legend>
                {select(lang, "mode", choices(lang, "mode", &["training", "inference"]), &r.mode, e)}
                {select(lang, "weights", choices(lang, "weights", &["bf16", "fp16", "fp32", "nf4"]), &r.weights, e)}
                {checkbox(lang, "mixed_precision", &r.mixed_precision)}
                {select(lang, "optimizer", choices(lang, "optimizer", &["adamw", "adamw-8bit", "adafactor", "sgd"]), &r.optimizer, e)}
                <div class="pair">
                    <div>{input(lang, "batch", &r.batch, "1", e)}</div>
                    <div>{input(lang, "sequence", &r.sequence, "1024", e)}</div>
                </div>
                {select(lang, "attention", choices(lang, "attention", &["flash", "eager"]), &r.attention, e)}
                {checkbox(lang, "checkpointing", &r.checkpointing)}
            </fieldset>
            <fieldset>
                <legend>{tr(lang, "estimate-legend-lora")}</legend>
                <div class="pair">
                    <div>{input(lang, "lora_rank", &r.lora_rank, "0", e)}</div>
                    <div>{select(lang, "lora_targets", choices(lang, "lora_targets", &["qv", "qkvo", "all-linear"]), &r.lora_targets, e)}</div>
                </div>
            </fieldset>
            <fieldset>
                <legend>{tr(lang, "estimate-legend-devices")}</legend>
                {select(lang, "gpu", gpus, &r.gpu, e)}
                {input(lang, "gpu_memory", &r.gpu_memory, "24 GiB", e)}
                <div class="pair">
                    <div>{select(lang, "sharding", choices(lang, "sharding", &["none", "zero1", "zero2", "zero3"]), if r.sharding.trim().eq_ignore_ascii_case("fsdp") { "zero3" } else { &r.sharding }, e)}</div>
                    <div>{input(lang, "devices", &r.devices, "1", e)}</div>
                </div>
                {input(lang, "effective_batch", &r.effective_batch, "", e)}
            </fieldset>
            <button type="submit" class="button primary">{tr(lang, "estimate-submit")}</button>
        </form>
    }
    .into_any()
}
