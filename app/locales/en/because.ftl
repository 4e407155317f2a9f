# Why the first finding leads: its reason and the runner-up's, as short clauses. The English
# here must read exactly as triage writes the report's `because`; a test checks it.
because-second = It leads because { $why }; { $second } ({ $second_why }) comes second.
because-common = It leads only as the most common cause of this kind of failure: { $why }.
because-plain = It leads because { $why }.
short-request-exceeds-capacity = one oversized request
short-host-memory = host memory
short-kv-cache = the server's KV-cache budget
short-other-processes = other processes
short-fragmentation = fragmentation
short-near-capacity = the workload not fitting
short-non-framework-memory = memory outside the allocator
short-preallocation = preallocation
short-free-exceeds-request = free memory that could not be used
short-repeated-oom = a leak
why-need-share = the live tensors and the request need { $share } of the card
why-one-tensor = one tensor of { $requested } is { $share } of the card
why-cache-grew-to-fill-card = the allocator's cache grew to fill the card
why-cache-in-pieces = { $unallocated } of the allocator's cache was free but in pieces
why-workload-most-common-cause = the workload not fitting is the most common cause
why-another-process-may-hold = another process may hold part of the device
why-cache-may-be-fragmented = the allocator's cache may be fragmented
why-context-found-no-room = even the CUDA context found no room, so the device was full before this process
why-tensorflow-start-up-failed = TensorFlow's own start-up allocation of most of the device failed
why-tensor-over-tensorflow-budget = a tensor did not fit in TensorFlow's budget of most of the device
why-others-shrank-tensorflow-budget = other processes may have made TensorFlow's budget smaller
why-program-over-tpu-memory = the program does not fit the TPU's memory
why-jax-keeps-a-quarter = JAX keeps a quarter of the card out of its own reach
why-program-over-jax-share = the program does not fit JAX's share of the card
why-server-found-too-little-ram = the server checked host RAM and found too little
why-server-found-kv-cache-too-large = the server's own check found the weights and KV cache too large for its budget
why-failure-in-host-memory = the failure is in host memory, not on the GPU
why-library-unmanaged = { $library ->
        [nccl] NCCL's buffers
        [cublas] cuBLAS's handle and workspace
       *[cudnn] cuDNN's handle and workspace
    } need memory the framework's allocator does not manage
why-workload-may-fill = the workload may fill the device
why-raw-failure-meets-other-process = a raw CUDA allocation failure most often meets a device already held by another process
why-workload-may-not-fit = the workload may not fit the device
why-outside-framework-took-room = memory outside the framework's allocator may have taken the room
why-model-host-buffer-over-ram = the model's host buffer did not fit in RAM
why-offloaded-layers-over-device = the offloaded layers and context do not fit the device
why-workload-does-not-fit = the workload does not fit
why-no-batch-size-fits = no batch size fit at all
why-single-request = the single request of { $requested } is larger than the { $total } card
why-free-for-request = { $free } was free for a request of { $requested }
why-device-had-room-host-not = the device had room, so the host may not have
why-table-other-empty = GPU { $gpu } is { $share } full in the pasted table while GPU { $free_gpu } is nearly empty
why-table-full = GPU { $gpu } is full in the pasted table
why-holds-outside = this process holds { $outside } outside the allocator
why-programs-share = other programs hold { $share } of the card
why-outside-about-context-size = the memory outside the allocator is about the size of the CUDA context
why-outside-share = { $share } of the card is held outside this process's allocator
why-processes-share = other processes hold { $share } of the card
why-grows-like-a-leak = the allocated memory grows from one failure to the next, as a leak does
why-repeats-many-times = the same failure repeats many times
why-repeats = the same failure repeats
