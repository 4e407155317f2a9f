//! The one sentence at the top of a result: what failed, where, and how much room there was.

use triage::{format_bytes, Event, Kind};

use super::labels::{device_label, kind_label, phase_label};

/// "Tried to allocate 20.00 MiB on GPU 0 (7.64 GiB) with 59.44 MiB free".
pub fn headline(event: &Event) -> String {
    let device = device_label(&event.device);
    let capacity = event
        .total
        .map(|total| format!(" ({})", format_bytes(total)))
        .unwrap_or_default();
    if event.kind == Kind::LabPattern {
        return format!(
            "Line {} matches a pattern from your lab's notes",
            event.line
        );
    }
    let mut sentence = match event.requested {
        Some(requested) if event.is_error() => {
            format!(
                "Tried to allocate {} on {device}{capacity}",
                format_bytes(requested)
            )
        }
        _ if event.is_error() => format!("{} on {device}{capacity}", kind_label(event.kind)),
        _ => format!("{} of {device}{capacity}", kind_label(event.kind)),
    };
    if let Some(free) = event.free {
        sentence.push_str(&format!(" with {} free", format_bytes(free)));
    }
    if let (Some(phase), true) = (event.phase, event.is_error()) {
        sentence.push_str(&format!(", during {}", phase_label(phase)));
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
            headline(event),
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
            headline(event).starts_with("DataLoader worker killed on "),
            "{}",
            headline(event)
        );
    }

    #[test]
    fn a_taught_line_says_where_it_is() {
        let event = Event::new(Kind::LabPattern, 12, "XlaCompileError: arena exhausted");
        assert_eq!(
            headline(&event),
            "Line 12 matches a pattern from your lab's notes"
        );
    }
}
