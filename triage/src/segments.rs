//! The capacity bar of an event (spec: `segments`), present when `total` is known.

use crate::report::{Event, Kind, Segments};

/// The segments of `event`'s device; each null where the message does not allow it. The known
/// ones are clipped in bar order so that they never add up to more than `total` (Windows WDDM
/// reports allocations above the physical capacity).
pub fn of(event: &Event) -> Option<Segments> {
    let total = event.total?;
    let allocated = event.allocated;
    let reserved = event.reserved;
    let reserved_unallocated = reserved.zip(allocated).map(|(r, a)| r.saturating_sub(a));
    let mut non_framework = event
        .process
        .zip(reserved)
        .map(|(p, r)| p.saturating_sub(r));
    if event.kind == Kind::PytorchOom && event.device.backend == Some(crate::Backend::Mps) {
        non_framework = event.other; // MPS "other allocations": memory outside the allocator
    }
    let free = event.free.or_else(|| {
        // MPS states no free amount: what the watermark still allows
        (event.device.backend == Some(crate::Backend::Mps)).then(|| {
            total
                .saturating_sub(allocated.unwrap_or(0))
                .saturating_sub(event.other.unwrap_or(0))
        })
    });
    let other_processes = match (free, event.process, reserved) {
        (Some(f), Some(p), _) => Some(total.saturating_sub(f).saturating_sub(p)),
        (Some(f), None, Some(r)) => Some(total.saturating_sub(f).saturating_sub(r)),
        _ => None,
    };
    // A table's row cannot tell this process from the others: what it shows is "in use".
    let used = match free {
        Some(f) if event.kind == Kind::NvidiaSmi => Some(total.saturating_sub(f)),
        _ => None,
    };
    let other_processes = if event.device.backend == Some(crate::Backend::Mps) {
        None
    } else {
        other_processes
    };
    let mut left = total;
    let mut clip = |v: Option<u64>| {
        v.map(|v| {
            let v = v.min(left);
            left -= v;
            v
        })
    };
    Some(Segments {
        allocated: clip(allocated),
        reserved_unallocated: clip(reserved_unallocated),
        non_framework: clip(non_framework),
        other_processes: clip(other_processes),
        used: clip(used),
        free: clip(free),
    })
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::report::Segments;

    #[test]
    fn spec_example() {
        let r = analyze("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 7.64 GiB of which 59.44 MiB is free. Including non-PyTorch memory, this process has 6.41 GiB memory in use. Of the allocated memory 6.12 GiB is allocated by PyTorch, and 120.15 MiB is reserved by PyTorch but unallocated.");
        let e = &r.events[0];
        assert_eq!(e.total, Some(8_203_387_535));
        assert_eq!(e.free, Some(62_327_357));
        assert_eq!(e.allocated, Some(6_571_299_963));
        assert_eq!(e.reserved, Some(6_697_286_369));
        assert_eq!(e.process, Some(6_882_685_092));
        assert_eq!(
            e.segments,
            Some(Segments {
                allocated: Some(6_571_299_963),
                reserved_unallocated: Some(125_986_406),
                non_framework: Some(185_398_723),
                other_processes: Some(1_258_375_086),
                used: None,
                free: Some(62_327_357),
            })
        );
    }

    #[test]
    fn old_cached_is_the_unallocated_cache() {
        let r = analyze("CUDA out of memory. Tried to allocate 1.68 GiB (GPU 0; 10.76 GiB total capacity; 5.65 GiB already allocated; 356.00 MiB free; 3.90 GiB cached) | 2/2538 [00:01<53:05]");
        let e = &r.events[0];
        // 5.65 GiB + 3.90 GiB, summed exactly then rounded (spec: reserved = allocated + cached).
        assert_eq!(e.reserved, Some(10_254_234_419));
        assert!(e.text.ends_with("3.90 GiB cached)"), "{}", e.text);
        let s = e.segments.expect("total known");
        assert_eq!(s.reserved_unallocated, Some(10_254_234_419 - 6_066_641_306));
        assert_eq!(
            s.other_processes,
            Some(11_553_462_026 - 373_293_056 - 10_254_234_419)
        );
    }

    #[test]
    fn clipped_to_total_and_null_without_total() {
        let r = analyze("CUDA out of memory. Tried to allocate 10.73 GiB (GPU 0; 8.00 GiB total capacity; 17.20 GiB already allocated; 0 bytes free; 19.15 GiB reserved in total by PyTorch)");
        let s = r.events[0].segments.expect("total known");
        assert_eq!(s.allocated, Some(8 << 30));
        assert_eq!(s.reserved_unallocated, Some(0));
        assert_eq!(s.free, Some(0));
        let r = analyze("RuntimeError: CUDA error: out of memory");
        assert_eq!(r.events[0].segments, None);
    }

    #[test]
    fn a_table_row_is_in_use_not_other_processes() {
        let r = analyze("|   0  NVIDIA A100-SXM...  On   | 00000000:07:00.0 Off |                    0 |\n| N/A   34C    P0    61W / 400W |  80012MiB / 81920MiB |      0%      Default |");
        let s = r.events[0].segments.expect("total known");
        assert_eq!(s.used, Some(80_012 << 20));
        assert_eq!(s.other_processes, None);
        assert_eq!(s.free, Some((81_920 - 80_012) << 20));
    }
}
