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
