//! `oomlens estimate`: the estimator in a terminal. `--json` prints the object `/api/estimate`
//! answers for the same fields; otherwise a summary in the terminal's language.

use std::process::ExitCode;

use app::estimate_words as words;
use app::i18n::{text, tr, tr_args, Lang};
use triage::format_bytes;

use super::EstimateArgs;

/// Prints the estimate; exits 0, or 2 naming each field at fault.
pub fn run(args: EstimateArgs) -> ExitCode {
    let ui = super::output_lang(args.lang.as_deref());
    let config = match &args.config {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("oomlens: {}: {error}", path.display());
                return ExitCode::from(2);
            }
        },
        None => String::new(),
    };
    let on = |flag: bool| {
        if flag {
            "true".to_string()
        } else {
            String::new()
        }
    };
    let request = estimate::Request {
        model: args.model.unwrap_or_default(),
        params: args.params.unwrap_or_default(),
        config,
        mode: args.mode.unwrap_or_default(),
        weights: args.weights.unwrap_or_default(),
        mixed_precision: on(args.mixed_precision),
        optimizer: args.optimizer.unwrap_or_default(),
        batch: args.batch.unwrap_or_default(),
        sequence: args.sequence.unwrap_or_default(),
        checkpointing: on(args.checkpointing),
        attention: args.attention.unwrap_or_default(),
        lora_rank: args.lora_rank.unwrap_or_default(),
        lora_targets: args.lora_targets.unwrap_or_default(),
        sharding: args.sharding.unwrap_or_default(),
        devices: args.devices.unwrap_or_default(),
        gpu: args.gpu.unwrap_or_default(),
        gpu_memory: args.gpu_memory.unwrap_or_default(),
        effective_batch: args.effective_batch.unwrap_or_default(),
    };
    let answer = match request.plan() {
        Ok(planned) => planned.answer(),
        Err(errors) => {
            for error in &errors {
                eprintln!("oomlens: {}", app::estimate_field_error(ui, error));
            }
            return ExitCode::from(2);
        }
    };
    if args.json {
        match serde_json::to_string_pretty(&answer) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("oomlens: {error}");
                return ExitCode::from(2);
            }
        }
    } else {
        print!("{}", summary(ui, &answer));
    }
    ExitCode::SUCCESS
}

/// The summary: the model, each part, the two totals, the verdict, the largest batch and the
/// accumulation steps.
fn summary(lang: Lang, answer: &estimate::Answer) -> String {
    let mut out = String::new();
    let model = words::model_line(lang, answer);
    out.push_str(&format!("{model}\n\n"));
    let rows: Vec<(String, String)> = answer
        .parts
        .iter()
        .map(|p| {
            (
                tr(lang, &format!("estimate-part-{}", p.part)),
                format_bytes(p.bytes),
            )
        })
        .chain([
            (
                tr(lang, "estimate-peak-allocated"),
                format_bytes(answer.peak_allocated),
            ),
            (
                tr(lang, "estimate-nvidia-smi"),
                format_bytes(answer.nvidia_smi),
            ),
        ])
        .collect();
    // Display columns, not chars: a Chinese label is twice as wide as its count.
    let columns = |label: &str| unicode_width::UnicodeWidthStr::width(label);
    let width = rows
        .iter()
        .map(|(label, _)| columns(label))
        .max()
        .unwrap_or(0);
    for (i, (label, amount)) in rows.iter().enumerate() {
        if i == answer.parts.len() {
            out.push('\n');
        }
        let pad = width - columns(label);
        out.push_str(&format!("  {label}{}  {amount:>10}\n", " ".repeat(pad)));
    }
    out.push('\n');
    out.push_str(&format!("{}\n", words::headline(lang, answer)));
    for (label, value) in [
        ("estimate-largest-batch", words::largest_batch(lang, answer)),
        ("estimate-accumulation", words::accumulation(lang, answer)),
    ] {
        if let Some(value) = value {
            let label = text(tr(lang, label));
            out.push_str(&tr_args(
                lang,
                "estimate-cli-line",
                &[("label", label), ("value", text(value))],
            ));
            out.push('\n');
        }
    }
    out
}
