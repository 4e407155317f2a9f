//! `/d/{id}`: the result of a paste — headline, capacity bars, findings with guides, the paste itself.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use triage::{Device, Part, Report};

use crate::components::capacity_bar::{BarLayout, CapacityBar};
use crate::components::event_list::EventList;
use crate::components::findings::{FindingList, FindingView};
use crate::components::glossary::Glossary;
use crate::components::hits::HitList;
use crate::components::pasted_text::PastedText;
use crate::diagnosis::headline::headline;
use crate::diagnosis::labels::{device_label, kind_label, recognized};
use crate::diagnosis::Diagnosis;

/// The result page.
#[component]
pub fn DiagnosisPage(diagnosis: Arc<Diagnosis>) -> impl IntoView {
    let advice = &diagnosis.advice;
    let report = &advice.report;
    let permalink = format!("/d/{}", diagnosis.id);
    let event_lines: Vec<(u64, u64)> = report
        .events
        .iter()
        .map(|event| (event.line, event.end_line.max(event.line)))
        .collect();
    let pasted = view! {
        <section class="paste-section" aria-labelledby="paste-heading">
            <h2 id="paste-heading">"Your paste"</h2>
            <PastedText text=diagnosis.text.clone() events=event_lines/>
        </section>
    };
    let actions = view! {
        <div class="actions no-print">
            <a class="button" href=permalink.clone()>"Permalink"</a>
            <button type="button" class="button copy-button" data-copy-text=permalink.clone() hidden>"Copy link"</button>
            <a class="button primary" href="/">"Diagnose another"</a>
        </div>
        // Shows the copy buttons and makes them work; the page is complete without it.
        <script src="/assets/paste.js" defer></script>
    };
    let Some((lead_index, lead)) = advice
        .lead
        .and_then(|index| Some((index, report.events.get(index)?)))
    else {
        return view! {
            <Title text="No memory errors found"/>
            <section class="result-head">
                <p class="eyebrow">"Diagnosis"</p>
                <h1>"No memory errors found in this paste"</h1>
                <p class="lede">{format!("oomlens read {} line(s) and recognized no memory event.", report.summary.lines.max(1))}</p>
                {actions}
            </section>
            <NothingFound hits=advice.fallback.clone()/>
            {pasted}
        }
        .into_any();
    };

    let title = headline(lead);
    let summary = summary_line(report, lead_index);
    let bars = device_bars(report);
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
        <Title text=title.clone()/>
        <Meta name="description" content=format!("oomlens diagnosis: {title}")/>
        <section class="result-head">
            <p class="eyebrow">{kind_label(lead.kind)}</p>
            <h1>{title}</h1>
            <p class="lede">{summary}</p>
            {actions}
        </section>
        {many_events.then(|| view! {
            <section aria-labelledby="events-heading">
                <h2 id="events-heading">{format!("{} memory events", report.events.len())}</h2>
                <EventList events=report.events.clone()/>
            </section>
        })}
        {has_bars.then(|| view! {
            <section class="devices" aria-labelledby="devices-heading">
                <h2 id="devices-heading">"What the device held"</h2>
                <div class="devices-grid">
                    <div class="bars">{bars}</div>
                    <Glossary parts=shown/>
                </div>
            </section>
        })}
        <section aria-labelledby="findings-heading">
            <h2 id="findings-heading">"What went wrong"</h2>
            {if has_findings {
                view! { <FindingList findings/> }.into_any()
            } else {
                view! { <p class="empty-state">"The message does not say enough for a diagnosis. The guides below explain how to read it."</p> }.into_any()
            }}
        </section>
        {(!notes.is_empty()).then(|| view! {
            <section class="lab-notes" aria-labelledby="lab-notes-heading">
                <h2 id="lab-notes-heading">"From your lab's notes"</h2>
                <HitList hits=notes/>
            </section>
        })}
        {pasted}
    }
    .into_any()
}

/// "3 memory events in 1,204 lines · first on line 88 · during the backward pass".
fn summary_line(report: &Report, lead_index: usize) -> String {
    let mut parts = vec![format!(
        "{} memory event{} in {} line{}",
        report.events.len(),
        if report.events.len() == 1 { "" } else { "s" },
        report.summary.lines,
        if report.summary.lines == 1 { "" } else { "s" }
    )];
    if let Some(event) = report.events.get(lead_index) {
        parts.push(format!("{} on line {}", kind_label(event.kind), event.line));
    }
    if report.summary.dropped_events > 0 {
        parts.push(format!("{} more not listed", report.summary.dropped_events));
    }
    parts.join(" · ")
}

/// One bar per device: its first event that states the device size.
fn device_bars(report: &Report) -> Vec<(usize, BarLayout, String)> {
    let mut seen: Vec<Device> = Vec::new();
    let mut bars = Vec::new();
    for (index, event) in report.events.iter().enumerate() {
        if seen.contains(&event.device) {
            continue;
        }
        if let Some(layout) = BarLayout::of(event) {
            seen.push(event.device);
            let caption = format!(
                "{} — {} at line {}",
                device_label(&event.device),
                kind_label(event.kind),
                event.line
            );
            bars.push((index, layout, caption));
        }
    }
    bars
}

/// What to say when nothing was recognized: what oomlens reads, and guides that match the text.
#[component]
fn NothingFound(hits: Vec<kb::Hit>) -> impl IntoView {
    let kinds = recognized()
        .map(|kind| view! { <li>{kind_label(kind)}</li> })
        .collect_view();
    view! {
        <section class="nothing-found">
            <div class="card">
                <h2>"What oomlens recognizes"</h2>
                <ul class="kind-list">{kinds}</ul>
                <p class="muted">"Paste the whole error, from the traceback to the last line of the message. If your error is none of these, a lab page with a " <code>"patterns:"</code> " entry can teach oomlens to spot it."</p>
            </div>
            {(!hits.is_empty()).then(|| view! {
                <div>
                    <h2>"Guides that mention words of your paste"</h2>
                    <HitList hits/>
                </div>
            })}
        </section>
    }
}
