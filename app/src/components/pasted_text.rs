//! The pasted text with line numbers, the events' lines highlighted and linkable (`#L12`).

use std::ops::RangeInclusive;

use leptos::prelude::*;

use crate::i18n::{number, tr, tr_args, ui_lang};

/// A paste up to this many lines is shown whole; a longer one shows windows around its events.
const SHOW_WHOLE_UP_TO: usize = 300;
/// Lines of context kept before and after each event in a long paste.
const CONTEXT_LINES: usize = 12;
/// Windows shown at most, so a log with thousands of failures still gives a light page.
const MAX_WINDOWS: usize = 40;
/// Characters shown of one line; longer lines (minified JSON, progress bars) are cut.
const MAX_LINE_CHARS: usize = 400;

/// What to show: ranges of 1-based line numbers.
fn windows(line_count: usize, events: &[(u64, u64)]) -> Vec<RangeInclusive<usize>> {
    if line_count <= SHOW_WHOLE_UP_TO {
        return vec![1..=line_count.max(1)];
    }
    let mut ranges: Vec<RangeInclusive<usize>> = Vec::new();
    for &(start, end) in events {
        let start = (start as usize).saturating_sub(CONTEXT_LINES).max(1);
        let end = (end.max(start as u64) as usize + CONTEXT_LINES).min(line_count);
        match ranges.last_mut() {
            Some(last) if start <= *last.end() + 1 => *last = *last.start()..=end.max(*last.end()),
            _ => ranges.push(start..=end),
        }
    }
    ranges.truncate(MAX_WINDOWS);
    if ranges.is_empty() {
        ranges.push(1..=SHOW_WHOLE_UP_TO.min(line_count));
    }
    ranges
}

/// The paste as numbered lines. `events` are the (first, last) lines of each event.
#[component]
pub fn PastedText(text: std::sync::Arc<str>, events: Vec<(u64, u64)>) -> impl IntoView {
    let lang = ui_lang();
    let lines: Vec<&str> = text.lines().collect();
    let highlighted = |n: usize| {
        events
            .iter()
            .any(|&(start, end)| (start..=end.max(start)).contains(&(n as u64)))
    };
    let ranges = windows(lines.len(), &events);
    let mut shown_until = 0usize;
    let mut rows = Vec::new();
    for range in ranges {
        if *range.start() > shown_until + 1 {
            let args = [
                ("from", number((shown_until + 1) as f64)),
                ("to", number((range.start() - 1) as f64)),
            ];
            let gap = format!("⋯ {} ⋯\n", tr_args(lang, "pasted-gap", &args));
            rows.push(view! { <span class="gap">{gap}</span> }.into_any());
        }
        for n in range.clone() {
            let content: String = lines
                .get(n - 1)
                .copied()
                .unwrap_or_default()
                .chars()
                .take(MAX_LINE_CHARS)
                .collect();
            let class = if highlighted(n) { "line hl" } else { "line" };
            rows.push(
                view! { <span class=class id=format!("L{n}")><a class="ln" href=format!("#L{n}")>{n.to_string()}</a>{content}"\n"</span> }
                    .into_any(),
            );
        }
        shown_until = *range.end();
    }
    if shown_until < lines.len() {
        let args = [
            ("from", number((shown_until + 1) as f64)),
            ("to", number(lines.len() as f64)),
        ];
        let gap = format!("⋯ {} ⋯\n", tr_args(lang, "pasted-gap", &args));
        rows.push(view! { <span class="gap">{gap}</span> }.into_any());
    }
    view! { <pre class="pasted" tabindex="0" aria-label=tr(lang, "pasted-label")>{rows}</pre> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_pastes_are_shown_whole() {
        assert_eq!(windows(10, &[(3, 4)]), vec![1..=10]);
    }

    #[test]
    fn long_pastes_show_merged_windows_around_events() {
        let ranges = windows(10_000, &[(100, 101), (110, 110), (5_000, 5_003)]);
        assert_eq!(ranges, vec![88..=122, 4_988..=5_015]);
    }
}
