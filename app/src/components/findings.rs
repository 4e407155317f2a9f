//! The findings, most likely cause first, each with the guides that address it and their key snippet
//! filled in from the report.

use advice::Guide;
use leptos::prelude::*;
use triage::Finding;

use crate::diagnosis::labels::{
    because, confidence_label, confidence_title, evidence, finding_title,
};
use crate::i18n::{number, text, tr, tr_args, ui_lang};

/// Guides listed under one finding: the best few, so the page stays readable.
const GUIDES_PER_FINDING: usize = 3;

/// A finding, the line of its event and its guides (best first, snippets filled in).
pub struct FindingView {
    pub finding: Finding,
    pub event_line: Option<u64>,
    pub guides: Vec<Guide>,
}

/// The list of findings.
#[component]
pub fn FindingList(findings: Vec<FindingView>) -> impl IntoView {
    let lang = ui_lang();
    let items = findings
        .into_iter()
        .enumerate()
        .map(|(index, view_data)| {
            let FindingView { finding, event_line, guides } = view_data;
            let confidence = finding.confidence.as_str();
            let has_guides = !guides.is_empty();
            let guides = guides
                .into_iter()
                .take(GUIDES_PER_FINDING)
                .enumerate()
                .map(|(position, guide)| {
                    // The reader's language first: its version is named beside the title, and a
                    // guide that has none says so.
                    let only_in = (guide.translation.is_none() && guide.lang != lang).then(|| {
                        let note = tr_args(lang, "guide-only-in", &[("lang", text(guide.lang.as_str()))]);
                        view! { " · " <span class="muted">{note}</span> }
                    });
                    let translation = guide.translation.map(|other| {
                        let label = match other.lang {
                            kb::Lang::Zh => tr(lang, "guide-in-zh"),
                            kb::Lang::En => tr(lang, "guide-in-en"),
                        };
                        view! { " · " <a href=other.url hreflang=other.lang.as_str()>{label}</a> }
                    });
                    // The first guide shows its key snippet; the others stay one line each to keep the page short.
                    let snippet = (position == 0).then_some(guide.snippet).flatten().map(|snippet| {
                        let code_id = format!("snippet-{index}");
                        view! {
                            <div class="snippet-block">
                                <div class="snippet-head">
                                    <span class="snippet-lang">{snippet.lang}</span>
                                    <button type="button" class="copy-button" data-copy=code_id.clone() hidden>{tr(lang, "copy")}</button>
                                </div>
                                <pre tabindex="0"><code id=code_id>{snippet.code}</code></pre>
                            </div>
                        }
                    });
                    view! {
                        <li class="guide">
                            <a class="guide-title" href=guide.url lang=guide.lang.as_str()>{guide.title}</a>
                            {translation}
                            {only_in}
                            <p lang=guide.lang.as_str()>{guide.summary}</p>
                            {snippet}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li class=format!("finding confidence-{confidence}") id=format!("finding-{}", finding.id)>
                    <div class="finding-head">
                        <span class=format!("badge badge-{confidence}") title=confidence_title(lang, finding.confidence)>{confidence_label(lang, finding.confidence)}</span>
                        <h3>{finding_title(lang, &finding.id, &finding.title)}</h3>
                        <code class="finding-id">{finding.id.clone()}</code>
                    </div>
                    <p class="evidence">
                        {evidence(lang, &finding)}
                        {event_line.map(|line| view! { " " <a href=format!("#L{line}")>{tr_args(lang, "finding-line", &[("line", number(line as f64))])}</a> })}
                    </p>
                    {because(lang, &finding).map(|because| view! { <p class="because">{because}</p> })}
                    {has_guides.then(|| view! { <ul class="guides" aria-label=tr(lang, "finding-guides")>{guides}</ul> })}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="findings">{items}</ol> }
}
