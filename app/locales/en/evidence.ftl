# A finding's evidence: the sentence with the numbers that prove it. The English here must read
# exactly as triage writes it (the report's `evidence`); a test checks it on real messages.
evidence-near-capacity-with-request = { $used } allocated plus the { $requested } requested is { $share } of the { $total } device
evidence-near-capacity-allocated = { $used } of the { $total } device is allocated ({ $share })
evidence-near-capacity-allocated-more = { $used } of the { $total } device is allocated ({ $share }), and { $requested } more was requested
evidence-near-capacity-large-request = one allocation of { $requested } is { $share } of the { $total } device: a large input, batch or attention matrix
evidence-near-capacity-cache-peak = the allocator had reserved { $reserved } of the { $total } device: at its peak the workload used nearly all of it
evidence-fragmentation-could-hold = { $unallocated } reserved but unallocated could have held the { $requested } requested
evidence-fragmentation-share = { $unallocated } of the { $reserved } reserved ({ $share }) is unallocated
evidence-cut-near-capacity = the workload is the most common cause; the message was cut before its figures: paste it whole for a diagnosis with numbers
evidence-cut-other-processes = another process may hold part of the device; the message was cut before its figures: paste it whole for a diagnosis with numbers
evidence-cut-fragmentation = the allocator's cache may be free but in pieces; the message was cut before its figures: paste it whole for a diagnosis with numbers
evidence-lab-pattern = line { $line } matches `{ $pattern }`, a pattern of your lab's note “{ $note }”
evidence-non-framework-held = this process holds { $outside } outside the allocator ({ $share } of the device): CUDA context, libraries, other allocators
evidence-other-programs-unlisted = { $others } of the device ({ $share } of { $total }) is used by other programs, none of them listed (other containers, a desktop session)
evidence-non-framework-context = { $others } of the device is outside the allocator: about what the CUDA context and its libraries take
evidence-outside-allocator-unlisted = { $others } of the device ({ $share } of { $total }) is used outside this process's allocator though no other process is listed: processes in other containers, the driver, or this process's own non-framework memory
evidence-other-processes-listed = other processes hold { $listed } ({ $share } of { $total }){ $has_pid ->
        [yes] ; pid { $pid } alone holds { $pid_bytes }
       *[no] {""}
    }{ $fits ->
        [yes] , enough to serve the { $requested } requested
       *[no] {""}
    }{ $maybe_self ->
        [yes] { " " }(in a container this may be this very process, seen under another pid)
       *[no] {""}
    }{ $has_me ->
        [yes] { " " }(pid { $me_pid }, { $me_bytes }, is this process: the figures leave others less than the whole list)
       *[no] {""}
    }
evidence-request-exceeds-capacity = { $requested } was requested but the device holds only { $total } in total
evidence-free-exceeds-request = the device reports { $free } free, more than the { $requested } requested: a memory-fraction limit, fragmentation or another allocator is in the way
evidence-host-memory-behind-free = with device memory free, the allocation may have failed on the host: pinned buffers, or host RAM and the page file that back the driver (Windows)
evidence-table-other-gpu-empty = nvidia-smi shows GPU { $gpu } with { $used } of { $total } in use ({ $share }) while GPU { $free_gpu } has { $free_used } in use: if that memory is not this job's, another job holds GPU { $gpu }; run on GPU { $free_gpu } (CUDA_VISIBLE_DEVICES={ $free_gpu })
evidence-table-full = nvidia-smi shows GPU { $gpu } with { $used } of { $total } in use ({ $share }): if that memory is not this job's, another process holds it
evidence-tf-context-full = the CUDA context could not be created: the device was full before this process started (another process, another notebook)
evidence-tf-preallocation-refused = TensorFlow tried to take { $has_amount ->
        [yes] { $amount }
       *[no] most
    } of the device at start and the driver refused: it maps (nearly) all free memory unless memory growth or a memory limit is set
evidence-tf-start-other-processes = what TensorFlow could not take at start may be held by another process
evidence-tf-budget = a tensor{ $has_amount ->
        [yes] { " " }of { $amount }
       *[no] {""}
    } did not fit in TensorFlow's budget, which is most of the device: the model, batch or input is too large for it
evidence-tf-budget-others = TensorFlow's budget is what was free when it started: other processes (notebooks left running) make it smaller
evidence-tpu-hbm = the program's buffers do not fit the TPU's HBM
evidence-jax-preallocation = JAX preallocates 75% of GPU memory at start (XLA_PYTHON_CLIENT_PREALLOCATE, XLA_PYTHON_CLIENT_MEM_FRACTION); the rest of the card is out of its reach
evidence-jax-near-capacity = the arrays and temporaries of the program do not fit JAX's memory
evidence-serving-host = the model needs { $has_amount ->
        [yes] { $amount }
       *[no] more
    } of system memory{ $has_free ->
        [yes] , { $free } is available
       *[no] {""}
    }
evidence-kv-cache = the inference server cannot fit weights and KV cache{ $shape ->
        [all] : { $free } free of { $total } at startup, { $requested } wanted
        [free-total] : { $free } free of { $total }
       *[none] {""}
    }
evidence-host-line = line { $line }: { $what ->
        [shm] shared memory (/dev/shm) is too small for the DataLoader workers
        [dataloader] a DataLoader worker was killed by a signal, usually the OOM killer or /dev/shm
       *[ram] the process ran out of host RAM (or was killed by the kernel's OOM killer)
    }{ $has_amount ->
        [yes] { " " }while allocating { $amount }
       *[no] {""}
    }
evidence-library-outside = { $library ->
        [nccl] NCCL's buffers
        [cublas] cuBLAS's handle and workspace
       *[cudnn] cuDNN's handle and workspace
    } are allocated outside the framework's allocator, in what it left free; the framework's cache (or another process) left too little
evidence-library-near-capacity = the workload's own tensors may fill the device, leaving the library no room
evidence-same-room-other-process = another process on the device takes the same room
evidence-raw-other-processes = the message names no amounts: another process holding the device is the most common cause of a raw CUDA allocation failure{ $table ->
        [yes] ; the pasted `nvidia-smi` shows how full the device was, not what filled it: the framework allocator's full message would tell
       *[no] ; paste `nvidia-smi` taken when it fails, or the framework allocator's full message, for a diagnosis with numbers
    }
evidence-raw-near-capacity = the workload may not fit the device{ $table ->
        [yes] ; the pasted `nvidia-smi` shows how full the device was, not what filled it: the framework allocator's full message would tell
       *[no] ; paste `nvidia-smi` taken when it fails, or the framework allocator's full message, for a diagnosis with numbers
    }
evidence-raw-non-framework = memory outside the framework's allocator (a library, the CUDA context) may have taken the room{ $table ->
        [yes] ; the pasted `nvidia-smi` shows how full the device was, not what filled it: the framework allocator's full message would tell
       *[no] ; paste `nvidia-smi` taken when it fails, or the framework allocator's full message, for a diagnosis with numbers
    }
evidence-llamacpp-host = a host buffer{ $has_amount ->
        [yes] { " " }of { $amount }
       *[no] {""}
    } could not be allocated: the model does not fit in RAM as loaded
evidence-llamacpp-device = a buffer{ $has_amount ->
        [yes] { " " }of { $amount }
       *[no] {""}
    } for the model's layers, KV cache or compute graph does not fit the device: offload fewer layers (-ngl), a shorter context (-c) or a smaller batch (-b)
evidence-other-framework = an allocation{ $has_amount ->
        [yes] { " " }of { $amount }
       *[no] {""}
    } did not fit what the framework could get
evidence-repeated = { $count } { $kind } failures on { $device }, lines { $first } to { $last }; the first is explained here{ $leak ->
        [yes] ; allocated memory grew from { $from } to { $to } between them
       *[no] {""}
    }
evidence-batch-size-none = the batch-size finder halved the batch down to zero without finding one that fits
