//! Unit tests of each finding rule, with exact byte values.

use crate::analyze;
use crate::report::Severity;

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
            "other processes hold 21.92 GiB (100% of 21.95 GiB); pid 6583 alone holds 20.94 GiB"
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
    assert_eq!(ids("XlaRuntimeError: RESOURCE_EXHAUSTED: Out of memory while trying to allocate 6291456 bytes."), ["preallocation"]);
}

#[test]
fn repeated_failures_are_summarized_once() {
    let line = "RuntimeError: CUDA error: out of memory\n";
    let r = analyze(&line.repeat(6));
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].id, "repeated-oom");
    assert_eq!(
        r.findings[0].evidence,
        "6 cuda-error failures on cuda, lines 1 to 6; the first is explained here"
    );
    assert_eq!(r.findings[0].severity, Severity::Medium);
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
fn a_single_listed_process_in_a_container_is_probably_this_one() {
    let r = analyze("torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 496.00 MiB. GPU 0 has a total capacty of 14.75 GiB of which 235.06 MiB is free. Process 20398 has 14.52 GiB memory in use. Of the allocated memory 14.06 GiB is allocated by PyTorch, and 330.42 MiB is reserved by PyTorch but unallocated.");
    assert_eq!(r.findings[0].id, "near-capacity");
    let f = r
        .findings
        .iter()
        .find(|f| f.id == "other-processes")
        .expect("other-processes");
    assert_eq!(f.severity, Severity::Medium);
    assert!(f
        .evidence
        .ends_with("(in a container this may be this very process, seen under another pid)"));
}
