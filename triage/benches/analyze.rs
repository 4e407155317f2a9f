//! `analyze` on single messages: `cargo bench -p triage --bench analyze`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};

const MESSAGES: &[(&str, &str)] = &[
    ("pytorch-2x", "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 7.64 GiB of which 59.44 MiB is free. Including non-PyTorch memory, this process has 6.41 GiB memory in use. Of the allocated memory 6.12 GiB is allocated by PyTorch, and 120.15 MiB is reserved by PyTorch but unallocated. If reserved but unallocated memory is large try setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.  See documentation for Memory Management  (https://pytorch.org/docs/stable/notes/cuda.html#environment-variables)"),
    ("pytorch-1x", "RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 7.93 GiB total capacity; 2.81 GiB already allocated; 25.38 MiB free; 3.06 GiB reserved in total by PyTorch)"),
    ("mps", "RuntimeError: MPS backend out of memory (MPS allocated: 5.56 GB, other allocations: 1.10 GB, max allowed: 6.80 GB). Tried to allocate 768.00 MB on private pool."),
    ("tensorflow", "ResourceExhaustedError: OOM when allocating tensor with shape[128,128,109,109] and type float on /job:localhost/replica:0/task:0/device:GPU:1 by allocator GPU_1_bfc"),
    ("host", "RuntimeError: [enforce fail at alloc_cpu.cpp:73] . DefaultCPUAllocator: can't allocate memory: you tried to allocate 116813856768 bytes. Error code 12 (Cannot allocate memory)"),
];

fn single_messages(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyze");
    for (name, text) in MESSAGES {
        group.bench_function(*name, |b| b.iter(|| triage::analyze(black_box(text))));
    }
    group.finish();
}

fn traceback(c: &mut Criterion) {
    let frame = "  File \"/opt/conda/lib/python3.10/site-packages/torch/nn/modules/module.py\", line 1501, in _call_impl\n    return forward_call(*args, **kwargs)\n";
    let text = format!(
        "Traceback (most recent call last):\n{}{}",
        frame.repeat(20),
        MESSAGES[0].1
    );
    c.bench_function("analyze/traceback-40-lines", |b| {
        b.iter(|| triage::analyze(black_box(&text)))
    });
}

criterion_group!(benches, single_messages, traceback);
criterion_main!(benches);
