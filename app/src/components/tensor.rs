//! "What it was allocating": the lead event's failed request named as a tensor, with the
//! arithmetic and where each number comes from (the log's lines, or a model family's vocabulary).

use leptos::prelude::*;
use triage::format_bytes;
use triage::naming::Tensor;

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

/// The box under the headline.
#[component]
pub fn TensorNote(tensor: Tensor) -> impl IntoView {
    let lang = ui_lang();
    let name = tr(lang, &format!("tensor-name-{}", tensor.name));
    view! {
        <section class="tensor-note" aria-labelledby="tensor-heading">
            <h2 id="tensor-heading">{tr(lang, "tensor-heading")}</h2>
            <p><strong>{name}</strong>": " <code>{product(lang, &tensor)}</code></p>
            <p class="muted">{rich(sources(lang, &tensor))}</p>
        </section>
    }
}
