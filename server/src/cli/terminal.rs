//! The readable report for `oomlens diagnose`: per event a header, a capacity bar drawn with
//! block characters, the failed request against free memory, then the findings and the guides to
//! read. ANSI colors when `color`; otherwise distinguishable plain characters.

use std::fmt::Write;

use advice::Advice;
use app::diagnosis::labels::{because, evidence, finding_title, part_label};
use app::i18n::{number, text, tr, tr_args, Lang};
use triage::{format_bytes, Confidence, Event, Part};

/// Width of the capacity bar in characters.
const BAR_WIDTH: usize = 60;
/// Events drawn in full at most; the rest are listed in one line each.
const MAX_DRAWN: usize = 20;

/// Guides listed per finding: the best few; `--json` keeps them all.
const GUIDES_PER_FINDING: usize = 3;

/// How each part of the bar is drawn: plain character, ANSI color code.
fn style(part: Part) -> (char, &'static str) {
    match part {
        Part::Allocated => ('#', "31"),
        Part::ReservedUnallocated => ('=', "33"),
        Part::NonFramework => ('+', "35"),
        Part::OtherProcesses => ('o', "34"),
        Part::Used => ('u', "36"),
        Part::Free => ('.', "32"),
    }
}

/// `text` padded with spaces to `width` terminal columns (a CJK character takes two).
fn pad(text: &str, width: usize) -> String {
    let columns: usize = text
        .chars()
        .map(|c| {
            if kb::text::is_cjk(c) || ('\u{ff00}'..='\u{ffef}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(columns)))
}

fn paint(out: &mut String, text: &str, code: &str, color: bool) {
    if color {
        let _ = write!(out, "\x1b[{code}m{text}\x1b[0m");
    } else {
        out.push_str(text);
    }
}

const PARTS: usize = Part::ALL.len();

fn values(event: &Event) -> Option<[Option<u64>; PARTS]> {
    Some(event.segments?.parts().map(|(_, bytes)| bytes))
}

/// Cells per segment, by largest remainder, so the bar is exactly `BAR_WIDTH` of the known part.
fn cells(values: &[Option<u64>; PARTS], total: u64) -> [usize; PARTS] {
    let mut cells = [0usize; PARTS];
    if total == 0 {
        return cells;
    }
    let exact: Vec<f64> = values
        .iter()
        .map(|v| v.unwrap_or(0) as f64 / total as f64 * BAR_WIDTH as f64)
        .collect();
    for (c, e) in cells.iter_mut().zip(&exact) {
        *c = e.floor() as usize;
    }
    let known: f64 = exact.iter().sum();
    let target = known.round() as usize;
    let mut order: Vec<usize> = (0..PARTS).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    let missing = target.saturating_sub(cells.iter().sum());
    for i in order.into_iter().take(missing) {
        cells[i] += 1;
    }
    cells
}

fn draw_bar(out: &mut String, event: &Event, color: bool, lang: Lang) {
    let (Some(vals), Some(total)) = (values(event), event.total) else {
        return;
    };
    let cells = cells(&vals, total);
    out.push_str("  [");
    let mut drawn = 0;
    for (i, part) in Part::ALL.into_iter().enumerate() {
        let (plain, code) = style(part);
        let n = cells[i];
        drawn += n;
        if color {
            paint(out, &"█".repeat(n), code, true);
        } else {
            out.push_str(&plain.to_string().repeat(n));
        }
    }
    out.push_str(&" ".repeat(BAR_WIDTH.saturating_sub(drawn)));
    let _ = writeln!(out, "] {}", format_bytes(total));
    for (i, part) in Part::ALL.into_iter().enumerate() {
        if let Some(v) = vals[i] {
            let (plain, code) = style(part);
            out.push_str("   ");
            if color {
                paint(out, "█", code, true);
            } else {
                out.push(plain);
            }
            let _ = writeln!(
                out,
                " {} {:>12}  {:>5.1}%",
                pad(&part_label(lang, Some(part)), 40),
                format_bytes(v),
                v as f64 * 100.0 / total.max(1) as f64
            );
        }
    }
    if BAR_WIDTH > drawn {
        let _ = writeln!(out, "     {}", tr(lang, "cli-blank"));
    }
}

fn header(out: &mut String, index: usize, event: &Event, lang: Lang) {
    let lines = if event.end_line > event.line {
        let args = [
            ("from", number(event.line as f64)),
            ("to", number(event.end_line as f64)),
        ];
        tr_args(lang, "cli-event-lines", &args)
    } else {
        tr_args(
            lang,
            "cli-event-line",
            &[("line", number(event.line as f64))],
        )
    };
    let phase = event
        .phase
        .map(|p| tr_args(lang, "cli-event-phase", &[("phase", text(p.as_str()))]))
        .unwrap_or_default();
    let args = [
        ("n", number((index + 1) as f64)),
        ("kind", text(event.kind.as_str())),
        ("lines", text(lines)),
        ("device", text(event.device.to_string())),
        ("phase", text(phase)),
    ];
    let _ = writeln!(out, "{}", tr_args(lang, "cli-event-header", &args));
}

/// The failed request drawn on the bar's scale under the free segment, then in words.
fn request(out: &mut String, event: &Event, color: bool, lang: Lang) {
    if let (Some(r), Some(total), Some(vals)) = (event.requested, event.total, values(event)) {
        let cells = cells(&vals, total);
        // the request is drawn from the start of the free part, the last one
        let free_start: usize = cells[..PARTS - 1].iter().sum();
        let wanted = ((r as f64 / total.max(1) as f64) * BAR_WIDTH as f64).ceil() as usize;
        let wanted = wanted.clamp(1, BAR_WIDTH);
        let start = free_start.min(BAR_WIDTH - wanted);
        out.push_str("   ");
        out.push_str(&" ".repeat(start));
        paint(out, &"^".repeat(wanted), "1;31", color);
        if r > total {
            out.push_str(">>");
        }
        let _ = writeln!(out, "  {}", tr(lang, "cli-request"));
    }
    match (event.requested, event.free) {
        (Some(r), Some(f)) => {
            let verdict = if r > f {
                tr(lang, "cli-more-than-free")
            } else {
                tr(lang, "cli-less-than-free")
            };
            let args = [
                ("requested", text(format_bytes(r))),
                ("free", text(format_bytes(f))),
                ("verdict", text(verdict)),
            ];
            let _ = writeln!(out, "  {}", tr_args(lang, "cli-requested-against", &args));
        }
        (Some(r), None) => {
            let args = [("requested", text(format_bytes(r)))];
            let _ = writeln!(out, "  {}", tr_args(lang, "cli-requested", &args));
        }
        _ => {}
    }
}

/// The whole report and its guides as terminal text, in `lang`.
pub fn render(advice: &Advice, color: bool, lang: Lang) -> String {
    let report = &advice.report;
    let mut out = String::new();
    if report.events.is_empty() {
        let _ = writeln!(out, "{}", tr(lang, "cli-no-errors"));
        return out;
    }
    let counts = [
        ("errors", number(report.summary.errors as f64)),
        (
            "events",
            number((report.events.len() as u64 + report.summary.dropped_events) as f64),
        ),
        ("lines", number(report.summary.lines as f64)),
    ];
    let _ = writeln!(out, "{}\n", tr_args(lang, "cli-summary", &counts));
    for (i, event) in report.events.iter().enumerate().take(MAX_DRAWN) {
        header(&mut out, i, event, lang);
        let text: String = event.text.chars().take(200).collect();
        let _ = writeln!(
            out,
            "  {text}{}",
            if event.text.chars().count() > 200 {
                "…"
            } else {
                ""
            }
        );
        draw_bar(&mut out, event, color, lang);
        request(&mut out, event, color, lang);
        out.push('\n');
    }
    if report.events.len() > MAX_DRAWN {
        let args = [("count", number((report.events.len() - MAX_DRAWN) as f64))];
        let _ = writeln!(out, "{}\n", tr_args(lang, "cli-more-events", &args));
    }
    if !report.findings.is_empty() {
        let _ = writeln!(out, "{}", tr(lang, "cli-findings"));
    }
    for (index, f) in report.findings.iter().enumerate() {
        let (label, code) = match f.confidence {
            Confidence::High => (tr(lang, "cli-likely"), "1;31"),
            Confidence::Medium => (tr(lang, "cli-possible"), "1;33"),
            Confidence::Low => (tr(lang, "cli-check"), "1;36"),
        };
        out.push_str("  ");
        paint(&mut out, &format!("[{label}]"), code, color);
        let args = [
            ("title", text(finding_title(lang, &f.id, &f.title))),
            ("n", number((f.event + 1) as f64)),
        ];
        let _ = writeln!(out, " {}", tr_args(lang, "cli-finding", &args));
        let _ = writeln!(out, "    {}", evidence(lang, f));
        if let Some(because) = because(lang, f) {
            let _ = writeln!(out, "    {because}");
        }
        let guides = advice
            .guides
            .get(index)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for guide in guides.iter().take(GUIDES_PER_FINDING) {
            let _ = writeln!(
                out,
                "    {}",
                tr_args(lang, "cli-read", &[("url", text(guide.url.clone()))])
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSAGE: &str = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 7.64 GiB of which 59.44 MiB is free. Including non-PyTorch memory, this process has 6.41 GiB memory in use. Of the allocated memory 6.12 GiB is allocated by PyTorch, and 120.15 MiB is reserved by PyTorch but unallocated.";

    fn advice(text: &str) -> Advice {
        let (kb, _) =
            kb::KnowledgeBase::load_pages(kb::LoadOptions::default()).expect("built-in pages");
        advice::advise(text, &kb)
    }

    #[test]
    fn plain_bar_legend_and_guides() {
        let advice = advice(MESSAGE);
        let text = render(&advice, false, Lang::En);
        assert!(
            text.contains("#1 pytorch-oom at line 1 on cuda:0"),
            "{text}"
        );
        assert!(
            text.contains("# Allocated by the framework                   6.12 GiB   80.1%"),
            "{text}"
        );
        assert!(
            text.contains("requested 20.00 MiB against 59.44 MiB free"),
            "{text}"
        );
        let first = &advice.guides[0][0].url;
        assert!(text.contains(&format!("    Read: {first}\n")), "{text}");
        assert_eq!(
            text.matches("    Read: ").count(),
            advice
                .guides
                .iter()
                .map(|guides| guides.len().min(GUIDES_PER_FINDING))
                .sum::<usize>()
        );
        let request = text
            .lines()
            .find(|l| l.ends_with("request"))
            .expect("request line");
        assert_eq!(
            request.trim_start().chars().filter(|&c| c == '^').count(),
            1
        );
        assert!(!text.contains('\x1b'));
        let line = text.lines().find(|l| l.starts_with("  [")).expect("a bar");
        let bar = &line[3..line.find(']').expect("closed")];
        assert_eq!(bar.matches('#').count(), 48);
        assert_eq!(bar.chars().count(), BAR_WIDTH);
        assert_eq!(
            bar.chars().filter(|c| "#=+ou.".contains(*c)).count(),
            BAR_WIDTH
        );
    }

    #[test]
    fn an_nvidia_smi_row_is_drawn_in_use() {
        let text = render(
            &advice(
                "| N/A   54C    P0   246W / 300W |  15514MiB / 16130MiB |    100%      Default |\n",
            ),
            false,
            Lang::En,
        );
        assert!(
            text.contains("u In use (by any process)                     15.15 GiB   96.2%"),
            "{text}"
        );
        assert!(!text.contains("not stated"), "{text}");
    }

    #[test]
    fn colored_uses_ansi() {
        let text = render(&advice(MESSAGE), true, Lang::En);
        assert!(text.contains("\x1b[31m█"));
        assert_eq!(
            render(&advice("nothing here"), true, Lang::En),
            "No memory errors found.\n"
        );
    }

    #[test]
    fn the_summary_reads_in_chinese() {
        let text = render(&advice(MESSAGE), false, Lang::Zh);
        assert!(
            text.starts_with("1 行中有 1 个显存错误、1 个事件\n"),
            "{text}"
        );
        assert!(
            text.contains("申请 20.00 MiB，当时空闲 59.44 MiB：没有超过空闲显存"),
            "{text}"
        );
        assert!(text.contains("诊断结论"), "{text}");
    }
}
