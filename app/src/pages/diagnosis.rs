//! `/d/{id}`: the result of a paste — headline, capacity bars, findings with guides, the paste itself.

use std::sync::Arc;

use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_meta::Meta;
use triage::{Device, Part, Report};

use crate::components::capacity_bar::{BarLayout, CapacityBar};
use crate::components::event_list::EventList;
use crate::components::findings::{FindingList, FindingView};
use crate::components::glossary::Glossary;
use crate::components::hits::HitList;
use crate::components::pasted_text::PastedText;
use crate::diagnosis::headline::headline;
use crate::diagnosis::labels::{device_label, kind_label, recognized};
use crate::diagnosis::{Custody, Diagnosis};
use crate::i18n::{number, rich, text, tr, tr_args, ui_lang, Lang};

/// The result page.
#[component]
pub fn DiagnosisPage(diagnosis: Arc<Diagnosis>, custody: Custody) -> impl IntoView {
    let lang = ui_lang();
    let t = |key: &str| tr(lang, key);
    let advice = &diagnosis.advice;
    let report = &advice.report;
    let permalink = format!("/d/{}", diagnosis.id);
    let delete_notice = custody
        .delete_href
        .clone()
        .map(|href| view! { <crate::components::custody::DeleteNotice href/> });
    let event_lines: Vec<(u64, u64)> = report
        .events
        .iter()
        .map(|event| (event.line, event.end_line.max(event.line)))
        .collect();
    let pasted = view! {
        <section class="paste-section" aria-labelledby="paste-heading">
            <h2 id="paste-heading">{t("result-your-paste")}</h2>
            <crate::components::custody::CustodyNote custody/>
            <PastedText text=diagnosis.text.clone() events=event_lines/>
        </section>
    };
    let estimate = advice
        .lead
        .and_then(|index| report.events.get(index))
        .and_then(estimate_link)
        .map(|href| view! { <a class="button" href=href>{t("result-estimate-run")}</a> });
    let script_href = use_context::<crate::context::SiteContext>()
        .map(|site| site.script_href)
        .unwrap_or_default();
    let actions = view! {
        <div class="actions no-print">
            <a class="button" href=permalink.clone()>{t("result-permalink")}</a>
            {estimate}
            <button type="button" class="button copy-button" data-copy-text=permalink.clone() hidden>{t("result-copy-link")}</button>
            <a class="button" href=format!("/new?from={}", diagnosis.id)>{t("result-write-note")}</a>
            <a class="button primary" href="/">{t("result-diagnose-another")}</a>
        </div>
        // Shows the copy buttons and makes them work; the page is complete without it.
        <script src=script_href defer></script>
    };
    let Some((lead_index, lead)) = advice
        .lead
        .and_then(|index| Some((index, report.events.get(index)?)))
    else {
        return view! {
            <PageTitle text=t("result-none-title")/>
            <section class="result-head">
                <p class="eyebrow">{t("result-none-eyebrow")}</p>
                <h1>{t("result-none-heading")}</h1>
                <p class="lede">{tr_args(lang, "result-none-lede", &[("lines", number(report.summary.lines.max(1) as f64))])}</p>
                {actions}
            </section>
            {delete_notice}
            <NothingFound lang hits=advice.fallback.clone()/>
            {pasted}
        }
        .into_any();
    };

    let title = headline(lang, lead);
    let summary = summary_line(lang, report, lead_index);
    let bars = device_bars(lang, report);
    // the glossary explains the parts the bars show
    let shown: Vec<Part> = bars
        .iter()
        .filter_map(|(index, _, _)| report.events.get(*index)?.segments)
        .flat_map(|segments| segments.parts())
        .filter(|(_, bytes)| bytes.is_some_and(|bytes| bytes > 0))
        .map(|(part, _)| part)
        .collect();
    let has_bars = !bars.is_empty();
    let bars = bars
        .into_iter()
        .map(|(index, layout, caption)| view! { <CapacityBar layout id=format!("bar-{index}") caption event=index/> })
        .collect_view();
    let findings: Vec<FindingView> = report
        .findings
        .iter()
        .zip(&advice.guides)
        .map(|(finding, guides)| FindingView {
            finding: finding.clone(),
            event_line: report.events.get(finding.event).map(|event| event.line),
            guides: guides.clone(),
        })
        .collect();
    let has_findings = !findings.is_empty();
    let notes = advice.lab_notes.clone();
    let many_events = report.events.len() > 1;
    view! {
        <PageTitle text=title.clone()/>
        <Meta name="description" content=tr_args(lang, "result-description", &[("title", text(title.clone()))])/>
        <section class="result-head">
            <p class="eyebrow">{kind_label(lang, lead.kind)}</p>
            <h1>{title}</h1>
            <p class="lede">{summary}</p>
            {actions}
        </section>
        {delete_notice}
        {lead.tensor.is_some().then(|| {
            let chosen = leptos_router::hooks::use_query_map().get_untracked().get("whatif");
            view! { <crate::components::tensor::TensorNote event=lead.clone() id=diagnosis.id.clone() chosen index=lead_index/> }
        })}
        {many_events.then(|| view! {
            <section aria-labelledby="events-heading">
                <h2 id="events-heading">{tr_args(lang, "result-events-heading", &[("count", number(report.events.len() as f64))])}</h2>
                <EventList events=report.events.clone()/>
            </section>
        })}
        {has_bars.then(|| view! {
            <section class="devices" aria-labelledby="devices-heading">
                <h2 id="devices-heading">{t("result-devices-heading")}</h2>
                <div class="devices-grid">
                    <div class="bars">{bars}</div>
                    <Glossary parts=shown/>
                </div>
            </section>
        })}
        <section aria-labelledby="findings-heading">
            <h2 id="findings-heading">{t("result-findings-heading")}</h2>
            {if has_findings {
                view! { <FindingList findings/> }.into_any()
            } else {
                view! { <p class="empty-state">{t("result-no-findings")}</p> }.into_any()
            }}
        </section>
        {(!notes.is_empty()).then(|| view! {
            <section class="lab-notes" aria-labelledby="lab-notes-heading">
                <h2 id="lab-notes-heading">{t("result-lab-notes-heading")}</h2>
                <HitList lang hits=notes/>
            </section>
        })}
        {pasted}
    }
    .into_any()
}

/// "3 memory events in 1,204 lines · PyTorch out of memory on line 88 · 2 more not listed".
fn summary_line(lang: Lang, report: &Report, lead_index: usize) -> String {
    let counts = [
        ("events", number(report.events.len() as f64)),
        ("lines", number(report.summary.lines as f64)),
    ];
    let mut parts = vec![tr_args(lang, "result-summary-events", &counts)];
    if let Some(event) = report.events.get(lead_index) {
        let args = [
            ("kind", text(kind_label(lang, event.kind))),
            ("line", number(event.line as f64)),
        ];
        parts.push(tr_args(lang, "result-summary-lead", &args));
    }
    if report.summary.dropped_events > 0 {
        let args = [("count", number(report.summary.dropped_events as f64))];
        parts.push(tr_args(lang, "result-summary-dropped", &args));
    }
    parts.join(" · ")
}

/// One bar per device: its first event that states the device size.
fn device_bars(lang: Lang, report: &Report) -> Vec<(usize, BarLayout, String)> {
    let mut seen: Vec<Device> = Vec::new();
    let mut bars = Vec::new();
    for (index, event) in report.events.iter().enumerate() {
        if seen.contains(&event.device) {
            continue;
        }
        if let Some(layout) = BarLayout::of(event) {
            seen.push(event.device);
            let args = [
                ("device", text(device_label(lang, &event.device))),
                ("kind", text(kind_label(lang, event.kind))),
                ("line", number(event.line as f64)),
            ];
            bars.push((index, layout, tr_args(lang, "result-bar-caption", &args)));
        }
    }
    bars
}

/// What to say when nothing was recognized: what oomlens reads, and guides that match the text.
#[component]
fn NothingFound(lang: Lang, hits: Vec<kb::Hit>) -> impl IntoView {
    let kinds = recognized()
        .map(|kind| view! { <li>{kind_label(lang, kind)}</li> })
        .collect_view();
    view! {
        <section class="nothing-found">
            <div class="card">
                <h2>{tr(lang, "recognized-heading")}</h2>
                <ul class="kind-list">{kinds}</ul>
                <p class="muted">{rich(tr(lang, "recognized-hint"))}</p>
            </div>
            {(!hits.is_empty()).then(|| view! {
                <div>
                    <h2>{tr(lang, "fallback-heading")}</h2>
                    <HitList lang hits/>
                </div>
            })}
        </section>
    }
}

/// "Estimate this run": the estimator with what the message knows filled in, the card's
/// capacity, and the batch and sequence length when the log states them (the named tensor's).
/// `None` when the message does not give the device's size.
fn estimate_link(event: &triage::Event) -> Option<String> {
    let total = event.total.filter(|total| *total > 0)?;
    let gib = total as f64 / (1u64 << 30) as f64;
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("gpu_memory", &format!("{gib:.2} GiB"));
    for dim in event.tensor.iter().flat_map(|tensor| &tensor.dims) {
        match dim.role.as_str() {
            "batch" => query.append_pair("batch", &dim.value.to_string()),
            "sequence" => query.append_pair("sequence", &dim.value.to_string()),
            _ => &mut query,
        };
    }
    Some(format!("/estimate?{}", query.finish()))
}
