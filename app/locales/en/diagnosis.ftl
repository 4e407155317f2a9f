# The result page: the headline, the words for kinds, devices, phases and confidence.
kind-pytorch-oom = PyTorch out of memory
kind-cuda-error = CUDA runtime error
kind-cublas-alloc = cuBLAS allocation failure
kind-cudnn-alloc = cuDNN allocation failure
kind-nccl-oom = NCCL out of memory
kind-tensorflow-oom = TensorFlow out of memory
kind-jax-oom = JAX / XLA out of memory
kind-paddle-oom = PaddlePaddle out of memory
kind-cupy-oom = CuPy out of memory
kind-onnxruntime-oom = ONNX Runtime allocation failure
kind-serving-oom = Inference server memory budget
kind-llamacpp-oom = llama.cpp allocation failure
kind-host-oom = Host RAM exhausted
kind-dataloader-killed = DataLoader worker killed
kind-shm-exhausted = Shared memory (/dev/shm) exhausted
kind-batch-size-search = Batch-size search ran out of sizes
kind-nvidia-smi = nvidia-smi table
kind-memory-summary = memory_summary() printout
kind-gpu-processes = list_gpu_processes() printout
kind-lab-pattern = Error your lab's notes describe
device-gpu = GPU{ $index }
device-gpu-rocm = GPU{ $index } (ROCm)
device-xpu = XPU{ $index }
device-mps = Apple GPU (MPS)
device-host = host RAM
device-tpu = TPU{ $index }
device-other = device{ $index }
device-unknown = the device
phase-model-loading = model loading
phase-data-loading = data loading
phase-forward = the forward pass
phase-backward = the backward pass
phase-optimizer-step = the optimizer step
phase-evaluation = evaluation
phase-generation = generation
phase-compile = compilation
confidence-high = likely cause
confidence-medium = possible cause
confidence-low = worth checking
confidence-high-title = high confidence: the numbers make this cause clear
confidence-medium-title = medium confidence: the numbers support this cause without settling it
confidence-low-title = low confidence: the usual cause of this kind of failure, not shown by numbers
headline-lab-pattern = Line { $line } matches a pattern from your lab's notes
headline-request = Tried to allocate { $requested } on { $device }{ $capacity }
headline-error = { $kind } on { $device }{ $capacity }
headline-state = { $kind } of { $device }{ $capacity }
headline-capacity = { " " }({ $total })
headline-free = { $sentence } with { $free } free
headline-phase = { $sentence }, during { $phase }
result-your-paste = Your paste
result-permalink = Permalink
result-copy-link = Copy link
result-diagnose-another = Diagnose another
result-write-note = Write a lab note from this
result-none-title = No memory errors found
result-none-eyebrow = Diagnosis
result-none-heading = No memory errors found in this paste
result-none-lede = { $lines ->
        [one] oomlens read 1 line and recognized no memory event.
       *[other] oomlens read { $lines } lines and recognized no memory event.
    }
result-description = oomlens diagnosis: { $title }
result-events-heading = { $count } memory events
result-devices-heading = What the device held
result-findings-heading = What went wrong
result-no-findings = The message does not say enough for a diagnosis. The guides below explain how to read it.
result-lab-notes-heading = From your lab's notes
result-summary-events = { $events ->
        [one] 1 memory event
       *[other] { $events } memory events
    } in { $lines ->
        [one] 1 line
       *[other] { $lines } lines
    }
result-summary-lead = { $kind } on line { $line }
result-summary-dropped = { $count } more not listed
result-bar-caption = { $device } — { $kind } at line { $line }
recognized-heading = What oomlens recognizes
recognized-hint = Paste the whole error, from the traceback to the last line of the message. If your error is none of these, a lab page with a `patterns:` entry can teach oomlens to spot it.
fallback-heading = Guides that mention words of your paste
finding-lab-note = Your lab's note describes this error
finding-request-exceeds-capacity = One allocation is larger than the whole device
finding-host-memory = Host RAM or shared memory ran out, not the GPU
finding-kv-cache = The model and its KV cache do not fit the server's memory budget
finding-other-processes = Other processes hold part of the device
finding-fragmentation = Memory is reserved by the allocator but unused (fragmentation)
finding-near-capacity = The workload does not fit the device
finding-non-framework-memory = This process holds much memory outside the allocator
finding-preallocation = The framework preallocates most of the device
finding-free-exceeds-request = More memory is free than was requested, yet the allocation failed
finding-repeated-oom = The same failure repeats

## What the failed request was (triage::naming)
tensor-heading = What it was allocating
tensor-name-logits = The logits
tensor-name-attention-scores = The attention scores
tensor-role-batch = batch
tensor-role-sequence = sequence
tensor-role-vocabulary = vocabulary
tensor-role-heads = heads
tensor-role-kv-heads = key/value heads
tensor-role-head-dim = head width
tensor-role-hidden = hidden
tensor-role-intermediate = intermediate
tensor-name-kv-cache-block = One layer's block of the KV cache
tensor-name-weight-matrix = A weight matrix
tensor-name-optimizer-state = The optimizer's state for one weight matrix
tensor-dim = { $role } { $value }
tensor-product = { $dims } × { $element } bytes = { $size }
tensor-cue = `{ $cue }` on line { $line }
tensor-stated = { $key } = { $value } on line { $line }
tensor-family = { $value } is the vocabulary of { $family }
tensor-dtype = dtype { $dtype } as the log states it
tensor-join = ; {""}
whatif-heading = What would fit
whatif-batch = batch { $batch } with { $steps } gradient-accumulation steps (the same effective batch)
whatif-two-byte = bf16 or fp16 instead of fp32
whatif-chunked-loss = the loss computed in 8 chunks of the tokens (chunked cross-entropy)
whatif-flash-attention = memory-efficient attention (FlashAttention, SDPA's flash or memory-efficient backend): no score matrix
whatif-line = { $change }: { $size }
whatif-fits = fits the free memory
whatif-does-not-fit = more than was free
whatif-first-fit = The first change that makes this request fit the memory that was free: { $change }.
whatif-none-fits = None of these changes alone makes this request fit the memory that was free.
whatif-bar-caption = The same device with { $change }
result-estimate-run = Estimate this run

custody-delete-heading = Your delete link
custody-delete-once = You pasted this. The link below deletes the paste and its diagnosis from this server. Keep it now: it is shown this once, to you only, and cannot be shown again.
custody-kept-until = This paste is kept until { $date } ({ $days } days after it was last pasted), then removed.
custody-kept-forever = This paste is kept until someone with its delete link removes it.
custody-kept-total = The oldest pastes are removed sooner when all pastes together pass { $total }.
custody-redacted = User names, host names, IP and e-mail addresses and tokens were replaced before it was stored.
paste-delete-title = Delete this paste?
paste-delete-lede = Paste { $id } and its diagnosis will be removed from this server; its link will answer "not found". This cannot be undone.
paste-delete-confirm = Delete the paste
paste-delete-keep = Keep it
paste-deleted-notice = The paste was deleted from this server.
