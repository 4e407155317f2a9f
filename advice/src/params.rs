//! Values for a guide's key-snippet parameters (`{{name|default}}`, content/README.md), taken from the
//! report and the pasted text. A parameter the input does not determine keeps the page's default.

use std::collections::HashMap;

use triage::{Event, Report};

const MIB: u64 = 1024 * 1024;
/// Smallest `max_split_size_mb` worth suggesting: PyTorch rejects tiny values, and below this the
/// allocator would split nearly every block anyway.
const MIN_SPLIT_SIZE_MB: u64 = 128;
/// Headroom left on a shared device when suggesting a memory fraction: other processes grow, and the
/// CUDA context of this process needs room outside the fraction.
const FRACTION_HEADROOM: f64 = 0.05;

/// Parameters for the snippets shown under findings of `event`.
pub fn snippet_params(report: &Report, event_index: usize, text: &str) -> HashMap<String, String> {
    let mut params = HashMap::new();
    let Some(event) = report.events.get(event_index) else {
        return params;
    };
    if let Some(index) = event.device.index {
        params.insert("device_index".to_string(), index.to_string());
    }
    if let Some(requested) = event.requested {
        let mib = requested.div_ceil(MIB).max(1);
        params.insert("requested_mib".to_string(), mib.to_string());
        params.insert(
            "max_split_size_mb".to_string(),
            mib.next_power_of_two().max(MIN_SPLIT_SIZE_MB).to_string(),
        );
    }
    if let Some(free) = event.free {
        params.insert("free_mib".to_string(), (free / MIB).to_string());
    }
    if let Some(fraction) = memory_fraction(event) {
        params.insert("memory_fraction".to_string(), format!("{fraction:.2}"));
    }
    if let Some(batch) = batch_size_in(text) {
        let divisor = shrink_factor(event);
        let micro = (batch / divisor).max(1);
        params.insert("batch_size".to_string(), micro.to_string());
        params.insert("accum_steps".to_string(), batch.div_ceil(micro).to_string());
    }
    params
}

/// The share of the device this process can count on: what other processes leave, less headroom.
fn memory_fraction(event: &Event) -> Option<f64> {
    let total = event.total? as f64;
    let others = event.segments?.other_processes? as f64;
    if others <= 0.0 {
        return None;
    }
    let fraction = ((total - others) / total - FRACTION_HEADROOM).clamp(0.1, 0.95);
    Some((fraction * 100.0).floor() / 100.0)
}

/// How much to divide the batch by: halve it, or quarter it when the request was over twice the free room.
fn shrink_factor(event: &Event) -> u64 {
    match (event.requested, event.free) {
        (Some(requested), Some(free)) if requested > free.saturating_mul(2) => 4,
        _ => 2,
    }
}

/// A batch size the log states (`batch_size=64`, `--batch-size 64`, `"batch_size": 64`), the last
/// one wins; read as triage's naming reads it (one reading of stated numbers), at least 2.
pub fn batch_size_in(text: &str) -> Option<u64> {
    triage::naming::batch_size_in(text).filter(|batch| *batch >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OTHER_PROCESS: &str = "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 496.00 MiB. GPU 0 has a total capacty of 14.75 GiB of which 235.06 MiB is free. Process 20398 has 14.52 GiB memory in use. Of the allocated memory 14.06 GiB is allocated by PyTorch, and 330.42 MiB is reserved by PyTorch but unallocated.";

    #[test]
    fn split_size_is_the_next_power_of_two_above_the_request() {
        let text = "RuntimeError: CUDA out of memory. Tried to allocate 1.72 GiB (GPU 0; 10.76 GiB total capacity; 4.01 GiB already allocated; 356.00 MiB free; 5.54 GiB cached)";
        let report = triage::analyze(text);
        let params = snippet_params(&report, 0, text);
        assert_eq!(params["requested_mib"], "1762");
        assert_eq!(params["max_split_size_mb"], "2048");
        assert_eq!(params["free_mib"], "356");
        assert_eq!(params["device_index"], "0");
        let small = triage::analyze("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 7.64 GiB of which 59.44 MiB is free.");
        assert_eq!(snippet_params(&small, 0, "")["max_split_size_mb"], "128");
    }

    #[test]
    fn a_stated_batch_size_is_shrunk_and_the_effective_batch_kept() {
        let text = format!("train.py --batch-size 64 --lr 3e-4\n{OTHER_PROCESS}");
        let report = triage::analyze(&text);
        let params = snippet_params(&report, 0, &text);
        // 496 MiB requested against 235 MiB free: more than twice, so a quarter of 64.
        assert_eq!(params["batch_size"], "16");
        assert_eq!(params["accum_steps"], "4");
        assert_eq!(
            batch_size_in("\"per_device_train_batch_size\": 8,"),
            Some(8)
        );
        assert_eq!(batch_size_in("no size here"), None);
    }

    #[test]
    fn memory_fraction_leaves_what_other_processes_hold() {
        // 24 GiB in all, 1 GiB free, this process 15 GiB: other processes hold 8 GiB, so this one
        // may have (24 - 8) / 24 = 0.667 of the card, less 0.05 of headroom: 0.61 (rounded down).
        let text = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 24.00 GiB of which 1.00 GiB is free. Including non-PyTorch memory, this process has 15.00 GiB memory in use. Of the allocated memory 14.00 GiB is allocated by PyTorch, and 512.00 MiB is reserved by PyTorch but unallocated.";
        let report = triage::analyze(text);
        assert_eq!(snippet_params(&report, 0, text)["memory_fraction"], "0.61");
        // Nothing held by others: no fraction to suggest.
        let alone = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 24.00 GiB of which 1.00 GiB is free. Including non-PyTorch memory, this process has 23.00 GiB memory in use.";
        let report = triage::analyze(alone);
        assert!(!snippet_params(&report, 0, alone).contains_key("memory_fraction"));
    }
}
