#!/usr/bin/env python3
"""The benchmark's training log: tqdm progress lines, INFO step lines, Python tracebacks, and a few
hundred memory errors of different kinds (PyTorch 1.x/2.x, CUDA error, TensorFlow, NCCL, host OOM
killer, DataLoader, vLLM), plus nvidia-smi tables. Deterministic (seeded).

    bench/genlog.py OUT KB     # about KB kilobytes (1000 bytes)

bench/scan.sh makes 100 MB with it; tests/fixtures/bench/train-sample.log is 200 KB of it, so that
the test comparing the scanner with and without its prefilter reads the same templates.
"""
import random, sys
path, kb = sys.argv[1], int(sys.argv[2])
target = kb * 1000
rnd = random.Random(42)
ooms = [
    "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate {a:.2f} MiB. GPU {g} has a total capacity of 79.19 GiB of which {f:.2f} MiB is free. Including non-PyTorch memory, this process has 78.91 GiB memory in use. Of the allocated memory 74.12 GiB is allocated by PyTorch, and 3.98 GiB is reserved by PyTorch but unallocated. If reserved but unallocated memory is large try setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.  See documentation for Memory Management  (https://pytorch.org/docs/stable/notes/cuda.html#environment-variables)",
    "RuntimeError: CUDA out of memory. Tried to allocate {a:.2f} MiB (GPU {g}; 10.76 GiB total capacity; 4.01 GiB already allocated; {f:.2f} MiB free; 5.54 GiB reserved in total by PyTorch)",
    "RuntimeError: CUDA error: out of memory\nCUDA kernel errors might be asynchronously reported at some other API call, so the stacktrace below might be incorrect.",
    "ResourceExhaustedError: OOM when allocating tensor with shape[128,128,109,109] and type float on /job:localhost/replica:0/task:0/device:GPU:{g} by allocator GPU_{g}_bfc",
    "torch.distributed.DistBackendError: NCCL error in: ProcessGroupNCCL.cpp:1691, unhandled cuda error\nncclUnhandledCudaError: Call to CUDA function failed.\nLast error:\nCuda failure 2 'out of memory'",
    "[Thu Mar 14 01:57:54 2024] Out of memory: Killed process {p} (python) total-vm:118026216kB, anon-rss:109819332kB",
    "RuntimeError: DataLoader worker (pid {p}) is killed by signal: Killed.",
    "ValueError: The model's max seq len (32768) is larger than the maximum number of tokens that can be stored in KV cache (4464).",
]
smi = """+-----------------------------------------------------------------------------+
| NVIDIA-SMI 535.104.05   Driver Version: 535.104.05   CUDA Version: 12.2     |
|===============================+======================+======================|
|   0  NVIDIA A100-SXM...  On   | 00000000:07:00.0 Off |                    0 |
| N/A   34C    P0    61W / 400W |  80012MiB / 81920MiB |      0%      Default |
+-------------------------------+----------------------+----------------------+
"""
frames = [
    '  File "/opt/conda/lib/python3.10/site-packages/torch/nn/modules/module.py", line 1501, in _call_impl\n    return forward_call(*args, **kwargs)\n',
    '  File "/workspace/train.py", line 212, in train_step\n    loss.backward()\n',
    '  File "/opt/conda/lib/python3.10/site-packages/torch/optim/adamw.py", line 160, in step\n    adamw(params_with_grad,\n',
]
out = open(path, "w")
written, step, n_oom = 0, 0, 0
# spread ~400 failures evenly over the file
every = max(1, target // 400)
next_oom = every // 2
while written < target:
    step += 1
    r = rnd.random()
    if r < 0.55:
        pct = step % 100
        bar = "█" * (pct // 5) + " " * (20 - pct // 5)
        line = f"Epoch {step // 10000}: {pct:3d}%|{bar}| {step % 10000}/10000 [12:{step % 60:02d}<03:14, 7.{step % 10}it/s, loss={rnd.random():.4f}, lr=2.00e-05]\n"
    elif r < 0.95:
        line = f"2024-05-0{step % 9 + 1} 12:{step % 60:02d}:{step % 59:02d},{step % 1000:03d} INFO trainer.py:{step % 900}: step={step} loss={rnd.random():.5f} grad_norm={rnd.random() * 3:.3f} tokens/s={rnd.randint(20000, 90000)} mem_alloc_gb={rnd.random() * 80:.2f}\n"
    elif r < 0.999:
        line = "Traceback (most recent call last):\n" + "".join(rnd.choice(frames) for _ in range(rnd.randint(2, 8))) + "ValueError: could not convert string to float: 'nan?'\n"
    else:
        line = smi
    if written >= next_oom:
        t = ooms[n_oom % len(ooms)]
        line += "Traceback (most recent call last):\n" + "".join(rnd.choice(frames) for _ in range(5)) + t.format(a=rnd.random() * 4000, f=rnd.random() * 400, g=n_oom % 8, p=1000 + n_oom) + "\n"
        n_oom += 1
        next_oom += every
    out.write(line)
    written += len(line.encode())
out.close()
print(f"generated {written / 1e6:.1f} MB, {n_oom} memory errors", file=sys.stderr)
