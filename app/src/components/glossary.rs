//! The terms of the capacity bar in plain words: PyTorch's own users keep asking what they mean.

use leptos::prelude::*;
use triage::Part;

use crate::i18n::{rich, tr, ui_lang, Lang};

/// What each part of the bar holds, for the glossary.
fn meaning(lang: Lang, part: Part) -> String {
    match part {
        Part::Allocated => tr(lang, "part-meaning-allocated"),
        Part::ReservedUnallocated => tr(lang, "part-meaning-reserved-unallocated"),
        Part::NonFramework => tr(lang, "part-meaning-non-framework"),
        Part::OtherProcesses => tr(lang, "part-meaning-other-processes"),
        Part::Used => tr(lang, "part-meaning-used"),
        Part::Free => tr(lang, "part-meaning-free"),
    }
}

/// A part's name as a glossary heads it.
fn name(lang: Lang, part: Part) -> String {
    match part {
        Part::Allocated => tr(lang, "part-name-allocated"),
        Part::ReservedUnallocated => tr(lang, "part-name-reserved-unallocated"),
        Part::NonFramework => tr(lang, "part-name-non-framework"),
        Part::OtherProcesses => tr(lang, "part-name-other-processes"),
        Part::Used => tr(lang, "part-name-used"),
        Part::Free => tr(lang, "part-name-free"),
    }
}

/// A short glossary beside the bars: the parts that the bars above show.
#[component]
pub fn Glossary(parts: Vec<Part>) -> impl IntoView {
    let lang = ui_lang();
    let entries = Part::ALL
        .into_iter()
        .filter(|part| parts.contains(part))
        .map(|part| {
            view! {
                <dt><span class=format!("swatch seg-{}", part.key()) aria-hidden="true"></span>{name(lang, part)}</dt>
                <dd>{rich(meaning(lang, part))}</dd>
            }
        })
        .collect_view();
    view! {
        <details class="glossary" open>
            <summary>{tr(lang, "glossary-summary")}</summary>
            <dl>
                {entries}
                <dt><span class="swatch request" aria-hidden="true"></span>{tr(lang, "failed-request")}</dt>
                <dd>{tr(lang, "failed-request-meaning")}</dd>
            </dl>
        </details>
    }
}
