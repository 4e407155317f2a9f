//! Two revisions of a page side by side in time: the lines removed and added, with the words
//! that changed marked inside them.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use wiki::diff::{Hunk, LineKind, Stat};
use wiki::Summary;

use super::when;
use crate::i18n::{number, text, tr, tr_args, ui_lang};

/// A comparison as the server fills it.
#[derive(Debug, Clone)]
pub struct CompareView {
    pub slug: String,
    pub title: String,
    pub from: Summary,
    pub to: Summary,
    pub hunks: Vec<Hunk>,
    pub stat: Stat,
}

/// The lines of a diff, in a table: old number, new number, the line.
#[component]
pub fn DiffTable(hunks: Vec<Hunk>) -> impl IntoView {
    let lang = ui_lang();
    if hunks.is_empty() {
        return view! { <p class="hint">{tr(lang, "compare-same")}</p> }.into_any();
    }
    let rows = hunks
        .into_iter()
        .enumerate()
        .map(|(i, hunk)| {
            let gap = (i > 0).then(|| view! { <tr class="diff-gap"><td colspan="3">"⋯"</td></tr> });
            let lines = hunk
                .lines
                .into_iter()
                .map(|line| {
                    let (class, sign, label) = match line.kind {
                        LineKind::Same => ("diff-same", " ", None),
                        LineKind::Removed => {
                            ("diff-removed", "−", Some(tr(lang, "compare-removed")))
                        }
                        LineKind::Added => ("diff-added", "+", Some(tr(lang, "compare-added"))),
                    };
                    let parts = line
                        .parts
                        .into_iter()
                        .map(|(marked, part)| {
                            if marked {
                                view! { <mark>{part}</mark> }.into_any()
                            } else {
                                view! { <span>{part}</span> }.into_any()
                            }
                        })
                        .collect_view();
                    view! {
                        <tr class=class>
                            <td class="diff-num">{line.old.map(|n| n.to_string())}</td>
                            <td class="diff-num">{line.new.map(|n| n.to_string())}</td>
                            <td class="diff-line">
                                <span class="diff-sign" aria-hidden="true">{sign}</span>
                                {label.map(|l| view! { <span class="visually-hidden">{l}</span> })}
                                {parts}
                            </td>
                        </tr>
                    }
                    .into_any()
                })
                .collect_view();
            view! { {gap} {lines} }.into_any()
        })
        .collect_view();
    view! {
        <div class="diff-wrap">
            <table class="diff">
                <thead><tr>
                    <th scope="col">{tr(lang, "compare-old")}</th>
                    <th scope="col">{tr(lang, "compare-new")}</th>
                    <th scope="col">{tr(lang, "compare-line")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn ComparePage(data: CompareView) -> impl IntoView {
    let lang = ui_lang();
    let heading = tr_args(
        lang,
        "compare-title",
        &[("title", text(data.title.clone()))],
    );
    let side = |summary: &Summary| {
        tr_args(
            lang,
            "compare-side",
            &[
                ("revision", text(summary.id.to_string())),
                ("author", text(summary.author.clone())),
                ("when", text(when(summary.created_at))),
            ],
        )
    };
    let stat = tr_args(
        lang,
        "compare-stat",
        &[
            ("added", number(data.stat.added as f64)),
            ("removed", number(data.stat.removed as f64)),
        ],
    );
    // A long comparison stops listing at wiki::diff::MAX_LINES; say so where the list ends.
    let omitted = (data.stat.omitted > 0).then(|| {
        let said = tr_args(
            lang,
            "compare-omitted",
            &[
                ("shown", number(wiki::diff::MAX_LINES as f64)),
                ("omitted", number(data.stat.omitted as f64)),
            ],
        );
        view! { <p class="notice">{said}</p> }
    });
    view! {
        <PageTitle text=heading.clone()/>
        <section class="compare-page">
            <p class="eyebrow"><a href=format!("/kb/{}/history", data.slug)>{tr(lang, "history-back")}</a></p>
            <h1>{heading}</h1>
            <p class="compare-sides">
                <span class="diff-removed-key">{side(&data.from)}</span>
                " → "
                <span class="diff-added-key">{side(&data.to)}</span>
            </p>
            <p class="hint">{stat}</p>
            <DiffTable hunks=data.hunks/>
            {omitted}
        </section>
    }
}
