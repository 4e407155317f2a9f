//! The estimate's sentences, shared by the page and `oomlens estimate`'s terminal summary.

use triage::format_bytes;

use crate::format::grouped;
use crate::i18n::{text, tr, tr_args, Lang};

/// Whether it fits the card, with the figures; or the peak alone without a card.
pub fn headline(lang: Lang, answer: &estimate::Answer) -> String {
    let smi = text(format_bytes(answer.nvidia_smi));
    let Some(gpu) = &answer.gpu else {
        return tr_args(lang, "estimate-no-card", &[("smi", smi)]);
    };
    let card = gpu
        .name
        .map_or_else(|| tr(lang, "estimate-the-card"), str::to_string);
    let key = if answer.fits == Some(true) {
        "estimate-fits"
    } else {
        "estimate-does-not-fit"
    };
    tr_args(
        lang,
        key,
        &[
            ("smi", smi),
            ("gpu", text(card)),
            ("capacity", text(format_bytes(gpu.memory))),
            (
                "spare",
                text(format_bytes(answer.headroom.unwrap_or(0).unsigned_abs())),
            ),
        ],
    )
}

/// "llama-2-7b: 6,738,415,616 parameters, 4,194,304 trained".
pub fn model_line(lang: Lang, answer: &estimate::Answer) -> String {
    tr_args(
        lang,
        "estimate-model-line",
        &[
            ("name", text(answer.model.name.clone())),
            ("params", text(grouped(answer.model.params))),
            ("trainable", text(grouped(answer.model.trainable))),
        ],
    )
}

/// The largest micro-batch that fits, in words (`None` without a card).
pub fn largest_batch(lang: Lang, answer: &estimate::Answer) -> Option<String> {
    answer.largest_batch.map(|n| {
        if n == 0 {
            tr(lang, "estimate-largest-none")
        } else {
            grouped(n)
        }
    })
}

/// The accumulation steps that reach the wanted effective batch (`None` when none was asked).
pub fn accumulation(lang: Lang, answer: &estimate::Answer) -> Option<String> {
    let (steps, wanted) = answer.accumulation_steps.zip(answer.effective_batch)?;
    Some(tr_args(
        lang,
        "estimate-accumulation-line",
        &[
            ("steps", text(grouped(steps))),
            ("batch", text(grouped(answer.run.batch))),
            ("devices", text(grouped(answer.devices))),
            ("wanted", text(grouped(wanted))),
        ],
    ))
}
