//! "What it was allocating": the lead event's failed request named as a tensor, with the
//! arithmetic and where each number comes from (the log's lines, or a model family's vocabulary),
//! and what would have fit (`triage::naming::whatif`), each what-if a link that draws the bar
//! again with it.

use leptos::prelude::*;
use triage::naming::whatif::{first_fit, what_ifs, WhatIf};
use triage::naming::Tensor;
use triage::{format_bytes, Event};

use crate::components::capacity_bar::{BarLayout, CapacityBar};
use crate::format::grouped;
use crate::i18n::{number, rich, text, tr, tr_args, ui_lang, Lang};

/// A dimension's role in words (`batch`, `sequence`, ...).
fn role(lang: Lang, role: &str) -> String {
    tr(lang, &format!("tensor-role-{role}"))
}

/// "batch 64 × sequence 1,024 × vocabulary 50,304 × 2 bytes = 6.14 GiB".
pub fn product(lang: Lang, tensor: &Tensor) -> String {
    let dims: Vec<String> = tensor
        .dims
        .iter()
        .map(|d| {
            tr_args(
                lang,
                "tensor-dim",
                &[
                    ("role", text(role(lang, &d.role))),
                    ("value", text(grouped(d.value))),
                ],
            )
        })
        .collect();
    tr_args(
        lang,
        "tensor-product",
        &[
            ("dims", text(dims.join(" × "))),
            ("element", number(tensor.element_bytes as f64)),
            ("size", text(format_bytes(tensor.bytes))),
        ],
    )
}

/// Where the numbers come from: the cue's line, each stated dimension's line, the vocabulary's
/// family.
pub fn sources(lang: Lang, tensor: &Tensor) -> String {
    let mut said = vec![tr_args(
        lang,
        "tensor-cue",
        &[
            ("cue", text(tensor.cue.clone())),
            ("line", number(tensor.cue_line as f64)),
        ],
    )];
    let mut seen: Vec<(&str, u64)> = Vec::new();
    for d in &tensor.dims {
        if seen.contains(&(d.source.as_str(), d.value)) {
            continue;
        }
        seen.push((d.source.as_str(), d.value));
        said.push(match d.line {
            Some(line) => tr_args(
                lang,
                "tensor-stated",
                &[
                    ("key", text(d.source.clone())),
                    ("value", text(grouped(d.value))),
                    ("line", number(line as f64)),
                ],
            ),
            None => tr_args(
                lang,
                "tensor-family",
                &[
                    ("value", text(grouped(d.value))),
                    ("family", text(d.source.clone())),
                ],
            ),
        });
    }
    if let Some(dtype) = &tensor.dtype {
        said.push(tr_args(
            lang,
            "tensor-dtype",
            &[("dtype", text(dtype.clone()))],
        ));
    }
    said.join(tr(lang, "tensor-join").as_str())
}

/// A what-if in words: "batch 16 with 4 accumulation steps: 1.54 GiB".
fn what_if_line(lang: Lang, w: &WhatIf) -> String {
    let change = match (w.batch, w.accumulation) {
        (Some(batch), Some(steps)) => tr_args(
            lang,
            "whatif-batch",
            &[
                ("batch", text(grouped(batch))),
                ("steps", number(steps as f64)),
            ],
        ),
        _ => tr(lang, &format!("whatif-{}", w.change)),
    };
    tr_args(
        lang,
        "whatif-line",
        &[
            ("change", text(change)),
            ("size", text(format_bytes(w.bytes))),
        ],
    )
}

/// The box under the headline: the tensor, its arithmetic, and what-ifs, each a plain link that
/// draws the device's bar again with that change (`?whatif=`).
#[component]
pub fn TensorNote(
    event: Event,
    /// The diagnosis's id, for the what-if links.
    id: String,
    /// The what-if chosen by the link followed, if any.
    chosen: Option<String>,
    /// The event's index in the report (the redrawn bar's `data-event`).
    index: usize,
) -> impl IntoView {
    let lang = ui_lang();
    let Some(tensor) = event.tensor.clone() else {
        return ().into_any();
    };
    let name = tr(lang, &format!("tensor-name-{}", tensor.name));
    let whatifs = what_ifs(&tensor, event.free);
    // A KV cache block in 16 bits has no what-if of its own: no section then.
    let has_whatifs = !whatifs.is_empty();
    let first = first_fit(&whatifs).map(|w| w.change.clone());
    let verdict = match whatifs.iter().find(|w| Some(&w.change) == first.as_ref()) {
        Some(w) => tr_args(
            lang,
            "whatif-first-fit",
            &[("change", text(what_if_line(lang, w)))],
        ),
        None if event.free.is_some() => tr(lang, "whatif-none-fits"),
        None => String::new(),
    };
    let items = whatifs
        .iter()
        .map(|w| {
            let mark = match w.fits {
                Some(true) => tr(lang, "whatif-fits"),
                Some(false) => tr(lang, "whatif-does-not-fit"),
                None => String::new(),
            };
            let current = (chosen.as_deref() == Some(w.change.as_str())).then_some("true");
            view! {
                <li>
                    <a href=format!("/d/{id}?whatif={}#whatif", w.change) aria-current=current>{what_if_line(lang, w)}</a>
                    " " <span class=if w.fits == Some(true) { "fit yes" } else { "fit no" }>{mark}</span>
                </li>
            }
            .into_any()
        })
        .collect_view();
    let bar = chosen
        .and_then(|key| whatifs.into_iter().find(|w| w.change == key))
        .and_then(|w| {
            let mut changed = event.clone();
            changed.requested = Some(w.bytes);
            let layout = BarLayout::of(&changed)?;
            let caption = tr_args(
                lang,
                "whatif-bar-caption",
                &[("change", text(what_if_line(lang, &w)))],
            );
            Some(
                view! { <CapacityBar layout id="bar-whatif".to_string() caption event=index/> }
                    .into_any(),
            )
        });
    view! {
        <section class="tensor-note" aria-labelledby="tensor-heading">
            <h2 id="tensor-heading">{tr(lang, "tensor-heading")}</h2>
            <p><strong>{name}</strong>": " <code>{product(lang, &tensor)}</code></p>
            <p class="muted">{rich(sources(lang, &tensor))}</p>
            {has_whatifs.then(|| view! {
                <h3 id="whatif">{tr(lang, "whatif-heading")}</h3>
                <p>{verdict}</p>
                <ul class="whatifs">{items}</ul>
            })}
            {bar}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use triage::naming::Dim;

    fn dim(role: &str, value: u64) -> Dim {
        Dim {
            role: role.into(),
            value,
            source: "k".into(),
            line: Some(1),
        }
    }

    /// Every change a what-if can be, and every role and name, has words in both languages.
    #[test]
    fn every_what_if_role_and_name_is_worded() {
        for (name, dims) in [
            (
                "logits",
                vec![dim("batch", 8), dim("sequence", 16), dim("vocabulary", 32)],
            ),
            (
                "attention-scores",
                vec![dim("batch", 8), dim("heads", 2), dim("sequence", 16)],
            ),
            (
                "kv-cache-block",
                vec![
                    dim("batch", 8),
                    dim("kv-heads", 2),
                    dim("sequence", 16),
                    dim("head-dim", 4),
                ],
            ),
            (
                "weight-matrix",
                vec![dim("hidden", 8), dim("intermediate", 32)],
            ),
            (
                "optimizer-state",
                vec![dim("vocabulary", 32), dim("hidden", 8)],
            ),
        ] {
            let tensor = Tensor {
                name: name.into(),
                dims,
                element_bytes: 4,
                dtype: None,
                bytes: 1 << 30,
                cue: "c".into(),
                cue_line: 1,
            };
            for lang in [Lang::En, Lang::Zh] {
                for w in what_ifs(&tensor, Some(1 << 20)) {
                    let line = what_if_line(lang, &w);
                    assert!(!line.contains("whatif-"), "{line}");
                }
                for d in &tensor.dims {
                    assert!(!role(lang, &d.role).starts_with("tensor-role-"));
                }
                let key = format!("tensor-name-{name}");
                assert_ne!(tr(lang, &key), key);
            }
        }
    }
}
