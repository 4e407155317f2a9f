//! The findings, most likely cause first, each with the guides that address it and their key snippet
//! filled in from the report.

use std::collections::HashMap;

use kb::KnowledgeBase;
use leptos::prelude::*;
use triage::Finding;

use crate::diagnosis::labels::{confidence_label, confidence_title};

/// Guides listed under one finding: the best few, so the page stays readable.
const GUIDES_PER_FINDING: usize = 3;

/// A finding and the snippet parameters of its event.
pub struct FindingView {
    pub finding: Finding,
    pub event_line: Option<u64>,
    pub params: HashMap<String, String>,
}

/// The list of findings.
#[component]
pub fn FindingList(findings: Vec<FindingView>, kb: std::sync::Arc<KnowledgeBase>) -> impl IntoView {
    let items = findings
        .into_iter()
        .enumerate()
        .map(|(index, view_data)| {
            let FindingView { finding, event_line, params } = view_data;
            let confidence = finding.confidence.as_str();
            let guides = finding
                .pages
                .iter()
                .filter_map(|slug| kb.page(slug))
                .take(GUIDES_PER_FINDING)
                .enumerate()
                .map(|(position, page)| {
                    let translation = page.translation.as_deref().and_then(|slug| kb.page(slug)).map(|other| {
                        view! { " · " <a href=format!("/kb/{}", other.slug) hreflang=other.lang.as_str()>{if other.lang == kb::Lang::Zh { "中文" } else { "English" }}</a> }
                    });
                    // The first guide shows its key snippet; the others stay one line each to keep the page short.
                    let snippet = (position == 0).then_some(page.key_snippet.as_ref()).flatten().map(|snippet| {
                        let code = snippet.fill(&params);
                        let code_id = format!("snippet-{index}");
                        view! {
                            <div class="snippet-block">
                                <div class="snippet-head">
                                    <span class="snippet-lang">{snippet.lang.clone()}</span>
                                    <button type="button" class="copy-button" data-copy=code_id.clone() hidden>"Copy"</button>
                                </div>
                                <pre tabindex="0"><code id=code_id>{code}</code></pre>
                            </div>
                        }
                    });
                    view! {
                        <li class="guide">
                            <a class="guide-title" href=format!("/kb/{}", page.slug)>{page.title.clone()}</a>
                            {translation}
                            <p>{page.summary.clone()}</p>
                            {snippet}
                        </li>
                    }
                })
                .collect_view();
            let has_guides = !finding.pages.is_empty();
            view! {
                <li class=format!("finding confidence-{confidence}") id=format!("finding-{}", finding.id)>
                    <div class="finding-head">
                        <span class=format!("badge badge-{confidence}") title=confidence_title(finding.confidence)>{confidence_label(finding.confidence)}</span>
                        <h3>{finding.title.clone()}</h3>
                        <code class="finding-id">{finding.id.clone()}</code>
                    </div>
                    <p class="evidence">
                        {finding.evidence.clone()}
                        {event_line.map(|line| view! { " " <a href=format!("#L{line}")>{format!("(line {line})")}</a> })}
                    </p>
                    {finding.because.clone().map(|because| view! { <p class="because">{because}</p> })}
                    {has_guides.then(|| view! { <ul class="guides" aria-label="Guides that address this">{guides}</ul> })}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="findings">{items}</ol> }
}
