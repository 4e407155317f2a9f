//! The allocator's message in its generations and as people paste it.

use crate::analyze;
use crate::report::{Backend, Kind, OtherProcess};

#[test]
fn old_cached_format() {
    let r = analyze("RuntimeError: CUDA out of memory. Tried to allocate 1024.00 KiB (GPU 0; 11.17 GiB total capacity; 10.90 GiB already allocated; 576.00 KiB free; 30.96 MiB cached)");
    let e = &r.events[0];
    assert_eq!(e.kind, Kind::PytorchOom);
    assert_eq!(
        (e.device.backend, e.device.index),
        (Some(Backend::Cuda), Some(0))
    );
    assert_eq!(e.requested, Some(1_048_576));
    assert_eq!(e.total, Some(11_993_696_174));
    assert_eq!(e.free, Some(589_824));
    assert_eq!(e.allocated, Some(11_703_785_882));
    // 10.90 GiB allocated + 30.96 MiB cached (the unused part of the cache), summed exactly.
    assert_eq!(e.reserved, Some(11_736_249_795));
    assert!(e.text.starts_with("RuntimeError: CUDA out of memory."));
}

#[test]
fn new_format_with_processes_in_the_middle() {
    let r = analyze("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 44.42 GiB of which 22.00 MiB is free. Process 2631739 has 39.84 GiB memory in use. Including non-PyTorch memory, this process has 488.00 MiB memory in use. Process 578885 has 0 bytes memory in use. Of the allocated memory 124.41 MiB is allocated by PyTorch, with 2.00 MiB allocated in private pools (e.g., CUDA Graphs), and 17.59 MiB is reserved by PyTorch but unallocated.");
    let e = &r.events[0];
    assert_eq!(e.total, Some(47_695_611_822));
    assert_eq!(e.free, Some(23_068_672));
    assert_eq!(e.process, Some(511_705_088));
    assert_eq!(e.allocated, Some(130_453_340));
    assert_eq!(e.reserved, Some(148_897_792));
    assert_eq!(e.private_pools, Some(2_097_152));
    assert_eq!(
        e.other_processes,
        vec![
            OtherProcess {
                pid: 2_631_739,
                bytes: Some(42_777_874_268)
            },
            OtherProcess {
                pid: 578_885,
                bytes: Some(0)
            }
        ]
    );
}

#[test]
fn hard_wrapped_message_is_joined() {
    let r = analyze("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 336.00 MiB.\nGPU 0 has a total capacity of 31.40 GiB of which 371.12 MiB is free.\nIncluding non-PyTorch memory, this process has 29.79 GiB memory in use.\nOf the allocated memory 28.95 GiB is allocated by PyTorch, with 22.00 MiB\nallocated in private pools (e.g., CUDA Graphs), and 138.45 MiB is reserved\nby PyTorch but unallocated.\n\nVRAM: 2,845 MiB");
    assert_eq!(r.events.len(), 1);
    let e = &r.events[0];
    assert_eq!((e.line, e.end_line), (1, 6));
    assert_eq!(e.private_pools, Some(23_068_672));
    assert_eq!(e.reserved, Some(31_230_001_152));
}

#[test]
fn interleaved_ranks_do_not_join() {
    let r = analyze("[rank0]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.00 GiB. GPU 0 has a total capacity of\n[rank1]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 1 has a total capacity of\n[rank0]: 79.21 GiB of which 1.00 MiB is free.\n[rank1]: 79.21 GiB of which 2.00 MiB is free.");
    assert_eq!(r.events.len(), 2);
    assert_eq!(r.events[0].device.index, Some(0));
    assert_eq!(r.events[1].requested, Some(2 << 30));
    assert_eq!(r.events[1].free, Some(2 << 20));
    assert_eq!(
        r.events[0].total,
        Some(85_051_089_879),
        "rank 0 goes on after rank 1 began"
    );
    assert_eq!(r.events[0].free, Some(1 << 20));
}

#[test]
fn phase_from_a_flattened_traceback() {
    let r = analyze("returncode=1; File \"m.py\", line 112, in forward; value = F.sdpa(; torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 44.42 GiB of which 22.00 MiB is free.");
    assert_eq!(r.events[0].phase, Some(crate::Phase::Forward));
}

#[test]
fn headings_and_links_that_name_the_error_are_not_events() {
    let text = "- [1. torch.cuda.OutOfMemoryError: CUDA out of memory](#1-torchcudaoutofmemoryerror)\n## 1. torch.cuda.OutOfMemoryError: CUDA out of memory\n- `How to fix: \"RuntimeError: CUDA error: out of memory\" <https://stackoverflow.com/q/1>`_";
    assert!(analyze(text).events.is_empty());
    let r = analyze("## RuntimeError: CUDA out of memory. Tried to allocate 12.50 MiB (GPU 0; 10.92 GiB total capacity; 8.57 MiB already allocated; 9.28 GiB free; 4.68 MiB cached)");
    assert_eq!(r.events.len(), 1);
}

#[test]
fn hip_and_xpu_and_async() {
    let r = analyze("torch.OutOfMemoryError: HIP out of memory. Tried to allocate 2.00 MiB. GPU 7 has a total capacity of 287.98 GiB of which 203.49 GiB is free.");
    assert_eq!(r.events[0].device.backend, Some(Backend::Hip));
    assert_eq!(r.events[0].device.index, Some(7));
    let r = analyze(
        "XPU out of memory. Tried to allocate 4.00 GiB. GPU 0 has a total capacity of 15.11 GiB.",
    );
    assert_eq!(r.events[0].device.backend, Some(Backend::Xpu));
    assert_eq!(r.events[0].total, Some(16_224_238_961));
    assert_eq!(r.events[0].free, None);
    let r = analyze("torch.OutOfMemoryError: Allocation on device \n");
    assert_eq!(r.events[0].kind, Kind::PytorchOom);
    assert_eq!(r.events[0].requested, None);
}
