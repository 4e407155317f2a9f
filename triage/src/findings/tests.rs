//! Unit tests of each finding rule, with exact byte values.

use crate::analyze;
use crate::report::{Confidence, Severity};

fn ids(text: &str) -> Vec<String> {
    analyze(text).findings.into_iter().map(|f| f.id).collect()
}

#[test]
fn fragmentation_could_have_held_the_request() {
    let r = analyze("torch.OutOfMemoryError: HIP out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 19.92 GiB of which 1.22 GiB is free. Of the allocated memory 5.34 GiB is allocated by PyTorch, and 4.52 GiB is reserved by PyTorch but unallocated.");
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "fragmentation")
        .expect("fragmentation");
    assert_eq!(f.severity, Severity::High);
    assert_eq!(
        f.evidence,
        "4.52 GiB reserved but unallocated could have held the 2.00 GiB requested"
    );
    assert_eq!(r.findings[0].id, "fragmentation");
    assert!(f.pages.is_empty());
}

#[test]
fn request_exceeds_capacity() {
    let r = analyze("CUDA out of memory. Tried to allocate 30.29 GiB. GPU 0 has a total capacity of 10.74 GiB of which 3.69 GiB is free.");
    assert_eq!(r.findings[0].id, "request-exceeds-capacity");
    assert_eq!(
        r.findings[0].evidence,
        "30.29 GiB was requested but the device holds only 10.74 GiB in total"
    );
}

#[test]
fn other_processes_ranked_first_when_they_would_make_room() {
    let r = analyze("CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 21.95 GiB of which 13.00 MiB is free. Process 6456 has 1006.00 MiB memory in use. Process 6583 has 20.94 GiB memory in use. Of the allocated memory 788.04 MiB is allocated by PyTorch, and 13.96 MiB is reserved by PyTorch but unallocated.");
    let f = &r.findings[0];
    assert_eq!(f.id, "other-processes");
    assert_eq!(f.severity, Severity::High);
    assert!(
        f.evidence.starts_with(
            "other processes hold 20.94 GiB (95% of 21.95 GiB); pid 6583 alone holds 20.94 GiB, enough to serve the 20.00 MiB requested (pid 6456, 1006.00 MiB, is this process: the figures leave others less than the whole list)"
        ),
        "{}",
        f.evidence
    );
}

#[test]
fn near_capacity_and_non_framework() {
    let r = analyze("CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 23.65 GiB of which 11.06 MiB is free. Including non-PyTorch memory, this process has 23.60 GiB memory in use. Of the allocated memory 20.90 GiB is allocated by PyTorch, and 194.87 MiB is reserved by PyTorch but unallocated.");
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "near-capacity")
        .expect("near-capacity");
    assert_eq!(
        f.evidence,
        "20.90 GiB of the 23.65 GiB device is allocated (88%), and 20.00 MiB more was requested"
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "non-framework-memory")
        .expect("non-framework");
    assert!(
        f.evidence
            .starts_with("this process holds 2.51 GiB outside the allocator (11% of the device)"),
        "{}",
        f.evidence
    );
}

#[test]
fn free_exceeds_request() {
    let r = analyze("torch.OutOfMemoryError: HIP out of memory. Tried to allocate 2.00 MiB. GPU 0 has a total capacity of 255.98 GiB of which 244.65 GiB is free. 1.05 GiB allowed; Of the allocated memory 1017.01 MiB is allocated by PyTorch, and 54.99 MiB is reserved by PyTorch but unallocated.");
    assert!(ids(r.events[0].text.as_str()).contains(&"free-exceeds-request".to_string()));
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "free-exceeds-request")
        .expect("finding");
    assert!(f
        .evidence
        .starts_with("the device reports 244.65 GiB free, more than the 2.00 MiB requested"));
}

#[test]
fn host_kv_cache_preallocation() {
    assert_eq!(
        ids("RuntimeError: DataLoader worker (pid 1022) is killed by signal: Killed."),
        ["host-memory"]
    );
    assert_eq!(
        ids("ValueError: No available memory for the cache blocks."),
        ["kv-cache"]
    );
    assert_eq!(
        ids("XlaRuntimeError: RESOURCE_EXHAUSTED: Out of memory while trying to allocate 6291456 bytes."),
        ["preallocation", "near-capacity"]
    );
}

#[test]
fn repeated_failures_are_summarized_once() {
    let line = "RuntimeError: CUDA error: out of memory\n";
    let r = analyze(&line.repeat(6));
    let repeated: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.id == "repeated-oom")
        .collect();
    assert_eq!(repeated.len(), 1);
    assert_eq!(
        repeated[0].evidence,
        "6 cuda-error failures on cuda, lines 1 to 6; the first is explained here"
    );
    assert_eq!(repeated[0].confidence, Confidence::Low);
    // A bare runtime error gives the usual causes, low, and says what to paste next.
    assert_eq!(r.findings[0].id, "other-processes");
    assert_eq!(r.findings[0].confidence, Confidence::Low);
    assert!(r.findings[0].evidence.contains("paste `nvidia-smi`"));
    assert!(r.findings[0]
        .because
        .as_deref()
        .is_some_and(|b| b.starts_with("It leads only as the most common cause")));
}

#[test]
fn memory_growing_between_repeats_is_a_leak() {
    let msg = |gib: f64| {
        format!("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 23.65 GiB of which 11.06 MiB is free. Of the allocated memory {gib:.2} GiB is allocated by PyTorch, and 194.87 MiB is reserved by PyTorch but unallocated.\n")
    };
    let r = analyze(&format!("{}{}{}", msg(12.0), msg(16.5), msg(21.0)));
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "repeated-oom")
        .expect("repeated");
    assert_eq!(f.confidence, Confidence::High);
    assert!(
        f.evidence
            .ends_with("allocated memory grew from 12.00 GiB to 21.00 GiB between them"),
        "{}",
        f.evidence
    );
}

#[test]
fn near_capacity_counts_the_request() {
    let r = analyze("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 4.22 GiB. GPU 0 has a total capacity of 15.69 GiB of which 3.71 GiB is free. Including non-PyTorch memory, this process has 11.14 GiB memory in use. Of the allocated memory 10.14 GiB is allocated by PyTorch, and 771.43 MiB is reserved by PyTorch but unallocated.");
    assert_eq!(r.findings[0].id, "near-capacity");
    assert_eq!(
        r.findings[0].evidence,
        "10.14 GiB allocated plus the 4.22 GiB requested is 92% of the 15.69 GiB device"
    );
}

#[test]
fn tensors_filling_the_card_outrank_a_cache_that_could_hold_the_request() {
    // cause-corpus 015's shape: 73% allocated, the request brings it to 80%, 1.18 GiB cached
    let r = analyze("RuntimeError: CUDA out of memory. Tried to allocate 734.00 MiB (GPU 0; 10.74 GiB total capacity; 7.82 GiB already allocated; 195.75 MiB free; 9.00 GiB reserved in total by PyTorch)");
    assert_eq!(
        ids_of(&r),
        ["near-capacity", "fragmentation", "other-processes"]
    );
    assert_eq!(r.findings[0].confidence, Confidence::High);
    assert_eq!(r.findings[1].confidence, Confidence::Medium);
    assert_eq!(
        r.findings[0].because.as_deref(),
        Some("It leads because the live tensors and the request need 79% of the card; fragmentation (1.18 GiB of the allocator's cache was free but in pieces) comes second.")
    );
}

fn ids_of(r: &crate::report::Report) -> Vec<&str> {
    r.findings.iter().map(|f| f.id.as_str()).collect()
}

#[test]
fn a_few_hundred_mib_outside_the_allocator_is_the_context_not_another_process() {
    // cause-corpus 009's shape: 6 GiB card, 4.96 GiB reserved, 0 free
    let r = analyze("RuntimeError: CUDA out of memory. Tried to allocate 2.00 MiB (GPU 0; 6.00 GiB total capacity; 4.88 GiB already allocated; 0 bytes free; 4.96 GiB reserved in total by PyTorch)");
    assert_eq!(ids_of(&r), ["near-capacity", "non-framework-memory"]);
    // the 80 MiB cache says nothing about fragmentation
    assert!(r.findings.iter().all(|f| f.id != "fragmentation"));
}

#[test]
fn others_do_not_explain_a_failure_with_room_free() {
    let r = analyze("RuntimeError: CUDA out of memory. Tried to allocate 50.00 MiB (GPU 0; 6.00 GiB total capacity; 693.78 MiB already allocated; 3.91 GiB free; 18.22 MiB cached)");
    assert_eq!(
        ids_of(&r),
        [
            "free-exceeds-request",
            "non-framework-memory",
            "host-memory"
        ]
    );
}

#[test]
fn a_full_gpu_in_the_pasted_table_beside_an_empty_one() {
    let text = "python train.py --device 0\n+-----------------------------------------------------------------------------+\n| NVIDIA-SMI 470.57.02    Driver Version: 470.57.02    CUDA Version: 11.4     |\n|===============================+======================+======================|\n|   0  NVIDIA GeForce ...  Off  | 00000000:1A:00.0 Off |                  N/A |\n| 30%   45C    P2   120W / 350W |  23590MiB / 24268MiB |     98%      Default |\n+-------------------------------+----------------------+----------------------+\n|   1  NVIDIA GeForce ...  Off  | 00000000:1B:00.0 Off |                  N/A |\n| 30%   30C    P8    20W / 350W |      2MiB / 24268MiB |      0%      Default |\n+-------------------------------+----------------------+----------------------+\nRuntimeError: CUDA error: out of memory\n";
    let r = analyze(text);
    let f = &r.findings[0];
    assert_eq!(f.id, "other-processes");
    assert_eq!(f.confidence, Confidence::High);
    assert!(f.evidence.starts_with("nvidia-smi shows GPU 0 with 23.04 GiB of 23.70 GiB in use (97%) while GPU 1 has 2.00 MiB in use"), "{}", f.evidence);
    assert!(
        f.evidence
            .ends_with("run on GPU 1 (CUDA_VISIBLE_DEVICES=1)"),
        "{}",
        f.evidence
    );
}

#[test]
fn tensorflow_by_where_it_failed() {
    // the context could not be created: the device was full before the process
    assert_eq!(
        ids("W tensorflow/compiler/xla/service/platform_util.cc:240] unable to create StreamExecutor for CUDA:0: failed initializing StreamExecutor for CUDA device ordinal 0: Internal: failed call to cuDevicePrimaryCtxRetain: CUDA_ERROR_OUT_OF_MEMORY: out of memory; total memory reported: 11523260416")[0],
        "other-processes"
    );
    // its own start-up allocation of the device
    assert_eq!(
        ids("E tensorflow/stream_executor/cuda/cuda_driver.cc:924] failed to allocate 5.93G (6365773824 bytes) from device: CUDA_ERROR_OUT_OF_MEMORY")[0],
        "preallocation"
    );
    // a tensor inside its budget: memory growth would not add room
    assert_eq!(
        ids("ResourceExhaustedError: OOM when allocating tensor with shape[64,372,32,32] and type float on /job:localhost/replica:0/task:0/device:GPU:0 by allocator GPU_0_bfc"),
        ["near-capacity", "other-processes"]
    );
}

#[test]
fn a_listed_pid_holding_more_than_the_figures_leave_is_this_process() {
    // No "this process has" clause (a container): pid 20398's 14.52 GiB is more than total − free
    // − reserved = 14.75 GiB − 235.06 MiB − (14.06 GiB + 330.42 MiB) ≈ 141 MiB leaves others, so
    // the pid is this process seen from the host, and no other process is blamed.
    let r = analyze("torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 496.00 MiB. GPU 0 has a total capacty of 14.75 GiB of which 235.06 MiB is free. Process 20398 has 14.52 GiB memory in use. Of the allocated memory 14.06 GiB is allocated by PyTorch, and 330.42 MiB is reserved by PyTorch but unallocated.");
    let ids: Vec<&str> = r.findings.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["near-capacity"]);
    // A second process the figures do leave room for is still another process.
    let r = analyze("torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 496.00 MiB. GPU 0 has a total capacity of 14.75 GiB of which 235.06 MiB is free. Process 20398 has 4.00 GiB memory in use. Of the allocated memory 6.06 GiB is allocated by PyTorch, and 330.42 MiB is reserved by PyTorch but unallocated.");
    let f = r.findings.iter().find(|f| f.id == "other-processes");
    assert_eq!(
        f.map(|f| f.evidence.as_str()),
        Some("other processes hold 4.00 GiB (27% of 14.75 GiB); pid 20398 alone holds 4.00 GiB, enough to serve the 496.00 MiB requested")
    );
}

#[test]
fn a_bare_error_beside_a_table_asks_only_for_what_is_missing() {
    let table = "| NVIDIA-SMI 535.104.05             Driver Version: 535.104.05   CUDA Version: 12.2     |\n|   0  Tesla V100-SXM2-16GB      On  | 00000000:00:1E.0 Off |                    0 |\n| N/A   54C    P0   246W / 300W |  15514MiB / 16130MiB |    100%      Default |\n";
    let r = analyze(&format!("{table}RuntimeError: CUDA error: out of memory\n"));
    let asks: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.confidence == Confidence::Low)
        .map(|f| f.evidence.as_str())
        .collect();
    assert!(!asks.is_empty());
    for evidence in asks {
        assert!(!evidence.contains("paste `nvidia-smi`"), "{evidence}");
        assert!(
            evidence.ends_with("the framework allocator's full message would tell"),
            "{evidence}"
        );
    }
}

#[test]
fn absurd_amounts_neither_overflow_nor_count() {
    // Two listed processes of 10^17 GiB each: their sum overflows u64 (a panic in debug builds
    // before the sums saturated); a process larger than the device is a misreading, not evidence.
    let r = analyze("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 21.95 GiB of which 13.00 MiB is free. Process 6456 has 99999999999999999.00 GiB memory in use. Process 6583 has 99999999999999999.00 GiB memory in use. Of the allocated memory 788.04 MiB is allocated by PyTorch, and 13.96 MiB is reserved by PyTorch but unallocated.");
    assert!(r.findings.iter().all(|f| !f.evidence.contains("EiB")));
    assert_eq!(r.findings[0].id, "other-processes");
    // the 1.0–1.3 sum of allocated and cached saturates too
    let r = analyze("RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 10.74 GiB total capacity; 99999999999999999999999999999999999999 TiB already allocated; 1.00 MiB free; 99999999999999999999999999999999999999 TiB cached)");
    assert_eq!(r.events[0].reserved, Some(u64::MAX));
}

#[test]
fn every_finding_id_has_a_title() {
    for id in crate::FINDING_IDS.iter().chain([&crate::LAB_NOTE]) {
        assert_ne!(super::title(id), "A likely cause", "{id}");
    }
}

#[test]
fn kinds_are_listed_once_in_order() {
    use crate::report::Kind;
    for (i, kind) in Kind::ALL.iter().enumerate() {
        assert_eq!(*kind as usize, i, "{kind:?}");
    }
    // every JSON name is listed: a kind missing from ALL would be missing here
    let names: std::collections::HashSet<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(names.len(), Kind::COUNT);
    assert_eq!(Kind::LabPattern as usize, Kind::COUNT - 1);
}
