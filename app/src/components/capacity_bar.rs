//! The capacity bar: an SVG drawn on the server, widths exactly proportional to the bytes, the failed
//! request drawn against the free space, a legend that doubles as the screen-reader table.

use leptos::prelude::*;
use triage::{format_bytes, Event, Part};

use crate::diagnosis::labels::part_label;
use crate::i18n::{text, tr, tr_args, ui_lang};

/// Width of the whole device in SVG units. Segment widths are `bytes / total × BAR_UNITS`.
pub const BAR_UNITS: f64 = 1000.0;
/// How far past the device's end a request larger than the free space may be drawn before it is cut
/// (with a break mark): enough to see "much larger", not so much that the bar shrinks to nothing.
const MAX_OVERFLOW_UNITS: f64 = 250.0;
const BAR_HEIGHT: f64 = 36.0;
const REQUEST_Y: f64 = 44.0;
const REQUEST_HEIGHT: f64 = 12.0;

/// One drawn part of the bar.
#[derive(Debug, Clone, PartialEq)]
pub struct BarPart {
    /// `allocated`, `reserved_unallocated`, `non_framework`, `other_processes`, `used`, `free` or
    /// `unknown`.
    pub key: &'static str,
    /// The part it draws; `None` for what the message leaves unexplained.
    pub part: Option<Part>,
    /// The catalogue key of its label, for bars that draw other parts than a report's (the
    /// estimator's weights, gradients...); `None` labels it by `part`.
    pub label_key: Option<&'static str>,
    pub bytes: u64,
    pub x: f64,
    pub width: f64,
}

/// Everything the bar shows, computed once from an event.
#[derive(Debug, Clone, PartialEq)]
pub struct BarLayout {
    pub total: u64,
    pub parts: Vec<BarPart>,
    /// The failed request: start, drawn width (cut at the overflow limit) and bytes.
    pub request: Option<(f64, f64, u64)>,
    /// The request does not fit in the free space.
    pub request_exceeds_free: bool,
    /// Width of the SVG's view box: the device plus any overflow of the request.
    pub view_width: f64,
    /// Where the device ends when the parts themselves run past it (an estimate that does not
    /// fit: the bar is then scaled to the parts, and a line marks the card's end).
    pub device_end: Option<f64>,
    /// The catalogue key of the legend's last row.
    pub total_label_key: &'static str,
    /// The catalogue key of the legend's share column ("share of device", or of what is needed
    /// when the parts run past the device).
    pub share_label_key: &'static str,
}

impl BarLayout {
    /// The layout of an event's bar, or `None` when the device size is unknown.
    pub fn of(event: &Event) -> Option<BarLayout> {
        let total = event.total.filter(|total| *total > 0)?;
        let segments = event.segments?;
        // bytes / total × units, in this order, so readers recomputing a width get the same float.
        let width_of = |bytes: u64| bytes as f64 / total as f64 * BAR_UNITS;
        let known: u64 = segments
            .parts()
            .iter()
            .filter_map(|(_, bytes)| *bytes)
            .fold(0, u64::saturating_add);
        let unknown = total.saturating_sub(known);
        let mut parts = Vec::new();
        let mut x = 0.0;
        for (part, bytes) in segments.parts() {
            let key = part.key();
            if part == Part::Free && unknown > 0 {
                // What the message leaves unexplained sits between what is known to be used and free.
                let width = width_of(unknown);
                parts.push(BarPart {
                    key: "unknown",
                    part: None,
                    label_key: None,
                    bytes: unknown,
                    x,
                    width,
                });
                x += width;
            }
            if let Some(bytes) = bytes.filter(|bytes| *bytes > 0) {
                let width = width_of(bytes);
                parts.push(BarPart {
                    key,
                    part: Some(part),
                    label_key: None,
                    bytes,
                    x,
                    width,
                });
                x += width;
            }
        }
        let free_start = BAR_UNITS - width_of(segments.free.unwrap_or(0));
        let request = event.requested.filter(|bytes| *bytes > 0).map(|bytes| {
            let width = width_of(bytes);
            let drawn = width.min(BAR_UNITS + MAX_OVERFLOW_UNITS - free_start);
            (free_start, drawn, bytes)
        });
        let request_exceeds_free = match (event.requested, segments.free) {
            (Some(requested), Some(free)) => requested > free,
            _ => false,
        };
        let view_width = request.map_or(BAR_UNITS, |(x, width, _)| (x + width).max(BAR_UNITS));
        Some(BarLayout {
            total,
            parts,
            request,
            request_exceeds_free,
            view_width,
            device_end: None,
            total_label_key: "legend-total",
            share_label_key: "legend-share",
        })
    }

    /// A bar of named parts, each `(css key, label key, bytes)`, against a device of `capacity`
    /// bytes: the rest of the device is drawn free. When the parts exceed it, the bar is scaled
    /// to the parts and the device's end is marked; without a capacity the parts fill the bar.
    pub fn of_parts(
        parts: &[(&'static str, &'static str, u64)],
        capacity: Option<u64>,
    ) -> Option<BarLayout> {
        let sum = parts
            .iter()
            .map(|(_, _, bytes)| *bytes)
            .fold(0, u64::saturating_add);
        let scale = capacity.unwrap_or(sum).max(sum);
        if scale == 0 {
            return None;
        }
        let width_of = |bytes: u64| bytes as f64 / scale as f64 * BAR_UNITS;
        let free = capacity.map_or(0, |capacity| capacity.saturating_sub(sum));
        let mut drawn = Vec::new();
        let mut x = 0.0;
        let free_part = ("free", "legend-free", free);
        for (key, label_key, bytes) in parts.iter().copied().chain(std::iter::once(free_part)) {
            if bytes == 0 {
                continue;
            }
            let width = width_of(bytes);
            drawn.push(BarPart {
                key,
                part: None,
                label_key: Some(label_key),
                bytes,
                x,
                width,
            });
            x += width;
        }
        let over = capacity.filter(|capacity| *capacity < sum);
        Some(BarLayout {
            total: scale,
            parts: drawn,
            request: None,
            request_exceeds_free: false,
            view_width: BAR_UNITS,
            device_end: over.map(width_of),
            total_label_key: if over.is_some() {
                "legend-total-needed"
            } else {
                "legend-total"
            },
            share_label_key: if over.is_some() {
                "legend-share-needed"
            } else {
                "legend-share"
            },
        })
    }
}

/// A part's label in `lang`.
fn label(lang: crate::i18n::Lang, part: &BarPart) -> String {
    match part.label_key {
        Some(key) => tr(lang, key),
        None => part_label(lang, part.part),
    }
}

/// Share of the device, for the legend: "80.1%".
fn share(bytes: u64, total: u64) -> String {
    format!("{:.1}%", bytes as f64 * 100.0 / total as f64)
}

/// SVG numbers: three decimals are far below a pixel and keep the HTML short.
fn num(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The bar with its legend. `id` keeps pattern and label ids unique when a page has several bars.
#[component]
pub fn CapacityBar(
    layout: BarLayout,
    id: String,
    caption: String,
    /// Index of the event in the report, for readers of the SVG (tests, scripts).
    #[prop(optional)]
    event: Option<usize>,
) -> impl IntoView {
    let lang = ui_lang();
    let total = layout.total;
    let title_id = format!("{id}-title");
    let hatch_id = format!("{id}-hatch");
    let unknown_id = format!("{id}-unknown");
    let rects = layout
        .parts
        .iter()
        .map(|part| {
            let fill = match part.key {
                "reserved_unallocated" => Some(format!("url(#{hatch_id})")),
                "unknown" => Some(format!("url(#{unknown_id})")),
                _ => None,
            };
            let tip = format!("{}: {} ({})", label(lang, part), format_bytes(part.bytes), share(part.bytes, total));
            view! {
                <rect class=format!("seg seg-{}", part.key) x=num(part.x) y="0" width=num(part.width)
                    height=num(BAR_HEIGHT) fill=fill data-segment=part.key data-bytes=part.bytes.to_string()>
                    <title>{tip}</title>
                </rect>
            }
        })
        .collect_view();
    let request = layout.request.map(|(x, width, bytes)| {
        let cut = x + width < x + bytes as f64 * BAR_UNITS / total as f64 - 0.001;
        let tip = tr_args(lang, "failed-request-tip", &[("bytes", text(format_bytes(bytes)))]);
        view! {
            <rect class="request" x=num(x) y=num(REQUEST_Y) width=num(width) height=num(REQUEST_HEIGHT)
                data-bytes=bytes.to_string() data-cut=cut.then_some("true")>
                <title>{tip}</title>
            </rect>
            {cut.then(|| {
                let end = x + width;
                view! { <path class="request-break" d=format!("M{} {} l-8 {} l8 {}", num(end), num(REQUEST_Y - 2.0), num(REQUEST_HEIGHT / 2.0 + 2.0), num(REQUEST_HEIGHT / 2.0 + 2.0))/> }
            })}
        }
    });
    let device_end = layout.device_end.or((layout.view_width > BAR_UNITS).then_some(BAR_UNITS)).map(|end| {
        view! { <line class="device-end" x1=num(end) x2=num(end) y1="-4" y2=num(REQUEST_Y + REQUEST_HEIGHT + 4.0)/> }
    });
    let legend_rows = layout
        .parts
        .iter()
        .map(|part| {
            view! {
                <tr>
                    <th scope="row"><span class=format!("swatch seg-{}", part.key) aria-hidden="true"></span>{label(lang, part)}</th>
                    <td class="num">{format_bytes(part.bytes)}</td>
                    <td class="num">{share(part.bytes, total)}</td>
                </tr>
            }
        })
        .collect_view();
    let request_row = layout.request.map(|(_, _, bytes)| {
        let verdict = if layout.request_exceeds_free { tr(lang, "request-more-than-free") } else { tr(lang, "request-within-free") };
        view! {
            <tr class="request-row">
                <th scope="row"><span class="swatch request" aria-hidden="true"></span>{tr(lang, "failed-request")}</th>
                <td class="num">{format_bytes(bytes)}</td>
                <td class="num">{share(bytes, total)} <span class="verdict">{verdict}</span></td>
            </tr>
        }
    });
    let view_box = format!(
        "-2 -6 {} {}",
        num(layout.view_width + 4.0),
        num(REQUEST_Y + REQUEST_HEIGHT + 12.0)
    );
    view! {
        <figure class="capacity">
            <figcaption id=title_id.clone()>{caption}</figcaption>
            <div class="bar-frame">
                <svg class="capacity-bar" viewBox=view_box preserveAspectRatio="none" role="img"
                    aria-labelledby=title_id data-total=total.to_string()
                    data-bar-units=num(BAR_UNITS)
                    data-event=event.map(|event| event.to_string())>
                    <defs>
                        <pattern id=hatch_id patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">
                            <rect class="hatch-bg" width="8" height="8"/>
                            <line class="hatch-line" x1="0" y1="0" x2="0" y2="8" stroke-width="4"/>
                        </pattern>
                        <pattern id=unknown_id patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(-45)">
                            <rect class="unknown-bg" width="6" height="6"/>
                            <line class="unknown-line" x1="0" y1="0" x2="0" y2="6" stroke-width="1.5"/>
                        </pattern>
                    </defs>
                    <rect class="bar-outline" x="0" y="0" width=num(BAR_UNITS) height=num(BAR_HEIGHT)/>
                    {rects}
                    {request}
                    {device_end}
                </svg>
            </div>
            <table class="legend">
                <caption class="visually-hidden">{tr(lang, "legend-caption")}</caption>
                <thead><tr><th scope="col">{tr(lang, "legend-part")}</th><th scope="col" class="num">{tr(lang, "legend-amount")}</th><th scope="col" class="num">{tr(lang, layout.share_label_key)}</th></tr></thead>
                <tbody>
                    {legend_rows}
                    {request_row}
                </tbody>
                <tfoot><tr><th scope="row">{tr(lang, layout.total_label_key)}</th><td class="num">{format_bytes(total)}</td><td class="num">"100%"</td></tr></tfoot>
            </table>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use triage::analyze;

    const CURRENT: &str = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 7.64 GiB of which 59.44 MiB is free. Including non-PyTorch memory, this process has 6.41 GiB memory in use. Of the allocated memory 6.12 GiB is allocated by PyTorch, and 120.15 MiB is reserved by PyTorch but unallocated.";

    #[test]
    fn widths_are_exactly_proportional_to_bytes() {
        let report = analyze(CURRENT);
        let event = &report.events[0];
        let layout = BarLayout::of(event).expect("total known");
        let total = event.total.expect("total") as f64;
        let segments = event.segments.expect("segments");
        let width_of = |key: &str| {
            layout
                .parts
                .iter()
                .find(|part| part.key == key)
                .map(|part| part.width)
        };
        let expected = |bytes: Option<u64>| bytes.map(|bytes| bytes as f64 / total * BAR_UNITS);
        assert_eq!(width_of("allocated"), expected(segments.allocated));
        assert_eq!(width_of("free"), expected(segments.free));
        let drawn: f64 = layout.parts.iter().map(|part| part.width).sum();
        assert!(
            (drawn - BAR_UNITS).abs() < 1e-6,
            "the parts fill the device exactly: {drawn}"
        );
        let (x, width, bytes) = layout.request.expect("request");
        assert_eq!(bytes, 20 * 1024 * 1024);
        assert!(
            (x - (BAR_UNITS - expected(segments.free).unwrap_or(0.0))).abs() < 1e-9,
            "request starts at free"
        );
        assert!((width - 20.0 * 1024.0 * 1024.0 / total * BAR_UNITS).abs() < 1e-9);
        assert!(layout.request_exceeds_free == (20 * 1024 * 1024 > segments.free.unwrap_or(0)));
    }

    #[test]
    fn a_request_larger_than_the_device_is_drawn_past_its_end_and_cut() {
        let report = analyze("RuntimeError: CUDA out of memory. Tried to allocate 20.00 GiB (GPU 0; 10.76 GiB total capacity; 4.01 GiB already allocated; 356.00 MiB free; 5.54 GiB cached)");
        let layout = BarLayout::of(&report.events[0]).expect("total known");
        let (x, width, _) = layout.request.expect("request");
        assert!(
            (x + width - (BAR_UNITS + MAX_OVERFLOW_UNITS)).abs() < 1e-9,
            "cut at the overflow limit"
        );
        assert!(layout.view_width > BAR_UNITS);
        assert!(layout.request_exceeds_free);
    }

    #[test]
    fn no_total_means_no_bar() {
        let report = analyze("jaxlib.xla_extension.XlaRuntimeError: RESOURCE_EXHAUSTED: Out of memory while trying to allocate 285212672 bytes.");
        assert!(report
            .events
            .iter()
            .all(|event| BarLayout::of(event).is_none()));
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(1000.0), "1000");
        assert_eq!(num(0.12345), "0.123");
    }
}
