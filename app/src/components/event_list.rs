//! The list of events in a log with several: repeated failures of one kind on one device grouped.

use leptos::prelude::*;
use triage::{format_bytes, Device, Event, Kind};

use crate::diagnosis::labels::{device_label, kind_label};
use crate::i18n::{number, tr, tr_args, ui_lang};

/// Events of one kind on one device.
struct Group<'a> {
    kind: Kind,
    device: Device,
    events: Vec<&'a Event>,
}

fn groups(events: &[Event]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group> = Vec::new();
    for event in events {
        match groups
            .iter_mut()
            .find(|group| group.kind == event.kind && group.device == event.device)
        {
            Some(group) => group.events.push(event),
            None => groups.push(Group {
                kind: event.kind,
                device: event.device,
                events: vec![event],
            }),
        }
    }
    groups
}

/// A table of events grouped by kind and device, each linking to its lines in the paste.
#[component]
pub fn EventList(events: Vec<Event>) -> impl IntoView {
    let lang = ui_lang();
    let t = |key: &str| tr(lang, key);
    let rows = groups(&events)
        .into_iter()
        .map(|group| {
            let count = group.events.len();
            let first = group.events.first().map(|event| event.line).unwrap_or(1);
            let lines = group
                .events
                .iter()
                .take(12)
                .map(|event| view! { <a href=format!("#L{}", event.line)>{event.line.to_string()}</a> " " })
                .collect_view();
            let more = (count > 12)
                .then(|| tr_args(lang, "events-more", &[("count", number((count - 12) as f64))]));
            let requests: Vec<u64> = group.events.iter().filter_map(|event| event.requested).collect();
            let request = match (requests.iter().min(), requests.iter().max()) {
                (Some(low), Some(high)) if low == high => format_bytes(*low),
                (Some(low), Some(high)) => format!("{} – {}", format_bytes(*low), format_bytes(*high)),
                _ => "—".to_string(),
            };
            view! {
                <tr>
                    <th scope="row">{kind_label(lang, group.kind)}</th>
                    <td>{device_label(lang, &group.device)}</td>
                    <td class="num">{if count > 1 { format!("{count}×") } else { tr(lang, "events-once") }}</td>
                    <td><a href=format!("#L{first}")>{tr_args(lang, "events-line", &[("line", number(first as f64))])}</a></td>
                    <td class="num">{request}</td>
                    <td class="lines">{lines}{more}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="events">
                <thead>
                    <tr>
                        <th scope="col">{t("events-event")}</th>
                        <th scope="col">{t("events-device")}</th>
                        <th scope="col" class="num">{t("events-times")}</th>
                        <th scope="col">{t("events-first")}</th>
                        <th scope="col" class="num">{t("events-request")}</th>
                        <th scope="col">{t("events-lines")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
