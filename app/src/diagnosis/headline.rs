//! The one sentence at the top of a result: what failed, where, and how much room there was.

use triage::{format_bytes, Event, Kind};

use super::labels::{device_label, kind_label, phase_label};
use crate::i18n::{number, text, tr_args, Lang};

/// "Tried to allocate 20.00 MiB on GPU 0 (7.64 GiB) with 59.44 MiB free", in `lang`. Amounts
/// stay as the frameworks print them.
pub fn headline(lang: Lang, event: &Event) -> String {
    if event.kind == Kind::LabPattern {
        return tr_args(
            lang,
            "headline-lab-pattern",
            &[("line", number(event.line as f64))],
        );
    }
    let device = device_label(lang, &event.device);
    let capacity = event
        .total
        .map(|total| {
            tr_args(
                lang,
                "headline-capacity",
                &[("total", text(format_bytes(total)))],
            )
        })
        .unwrap_or_default();
    let kind = kind_label(lang, event.kind);
    let base = [("device", text(device)), ("capacity", text(capacity))];
    let mut sentence = match event.requested {
        Some(requested) if event.is_error() => {
            let mut args = base.to_vec();
            args.push(("requested", text(format_bytes(requested))));
            tr_args(lang, "headline-request", &args)
        }
        _ => {
            let mut args = base.to_vec();
            args.push(("kind", text(kind)));
            let key = if event.is_error() {
                "headline-error"
            } else {
                "headline-state"
            };
            tr_args(lang, key, &args)
        }
    };
    if let Some(free) = event.free {
        let args = [
            ("sentence", text(sentence)),
            ("free", text(format_bytes(free))),
        ];
        sentence = tr_args(lang, "headline-free", &args);
    }
    if let (Some(phase), true) = (event.phase, event.is_error()) {
        let args = [
            ("sentence", text(sentence)),
            ("phase", text(phase_label(lang, phase))),
        ];
        sentence = tr_args(lang, "headline-phase", &args);
    }
    sentence
}

#[cfg(test)]
mod tests {
    use super::*;
    use advice::lead_event;

    #[test]
    fn the_seed_message_reads_as_the_issue_says() {
        let report = triage::analyze("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 7.64 GiB of which 59.44 MiB is free. Including non-PyTorch memory, this process has 6.41 GiB memory in use. Of the allocated memory 6.12 GiB is allocated by PyTorch, and 120.15 MiB is reserved by PyTorch but unallocated.");
        let (index, event) = lead_event(&report).expect("an event");
        assert_eq!(index, 0);
        assert_eq!(
            headline(Lang::En, event),
            "Tried to allocate 20.00 MiB on GPU 0 (7.64 GiB) with 59.44 MiB free"
        );
    }

    #[test]
    fn messages_without_amounts_still_say_what_failed() {
        let report = triage::analyze(
            "RuntimeError: DataLoader worker (pid 23616) is killed by signal: Killed.",
        );
        let (_, event) = lead_event(&report).expect("an event");
        assert!(
            headline(Lang::En, event).starts_with("DataLoader worker killed on "),
            "{}",
            headline(Lang::En, event)
        );
    }

    #[test]
    fn the_headline_reads_in_chinese() {
        let report = triage::analyze("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 7.64 GiB of which 59.44 MiB is free. Including non-PyTorch memory, this process has 6.41 GiB memory in use.");
        let (_, event) = lead_event(&report).expect("an event");
        assert_eq!(
            headline(Lang::Zh, event),
            "在 GPU 0（共 7.64 GiB）上申请 20.00 MiB 失败，当时空闲 59.44 MiB"
        );
    }

    #[test]
    fn a_taught_line_says_where_it_is() {
        let event = Event::new(Kind::LabPattern, 12, "XlaCompileError: arena exhausted");
        assert_eq!(
            headline(Lang::En, &event),
            "Line 12 matches a pattern from your lab's notes"
        );
    }
}
