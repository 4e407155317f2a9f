//! Which event a reader meets first.

use triage::{Event, Report};

/// The event the page leads with: the first error (a pasted table alone leads only when nothing
/// failed); `None` when the report has no event.
pub fn lead_event(report: &Report) -> Option<(usize, &Event)> {
    report
        .events
        .iter()
        .enumerate()
        .find(|(_, event)| event.is_error())
        .or_else(|| report.events.iter().enumerate().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_leads_a_table_pasted_before_it() {
        let text = "|   0  Tesla V100-SXM2-16GB      On  | 00000000:00:1E.0 Off |                    0 |\n| N/A   54C    P0   246W / 300W |  15514MiB / 16130MiB |    100%      Default |\nRuntimeError: CUDA error: out of memory\n";
        let report = triage::analyze(text);
        assert_eq!(report.events.len(), 2);
        assert_eq!(lead_event(&report).map(|(i, e)| (i, e.line)), Some((1, 3)));
        let table_only = triage::analyze(
            "| N/A   54C    P0   246W / 300W |  15514MiB / 16130MiB |    100%      Default |\n",
        );
        assert_eq!(lead_event(&table_only).map(|(i, _)| i), Some(0));
        assert_eq!(lead_event(&triage::analyze("all good")), None);
    }
}
