//! The terms of the capacity bar in plain words: PyTorch's own users keep asking what they mean.

use leptos::prelude::*;

/// A short glossary beside the bars.
#[component]
pub fn Glossary() -> impl IntoView {
    view! {
        <details class="glossary" open>
            <summary>"What the parts mean"</summary>
            <dl>
                <dt><span class="swatch seg-allocated" aria-hidden="true"></span>"Allocated"</dt>
                <dd>"Memory in live tensors: what your model, activations, gradients and optimizer state use right now (PyTorch: " <code>"memory_allocated()"</code> ")."</dd>
                <dt><span class="swatch seg-reserved_unallocated" aria-hidden="true"></span>"Reserved but unallocated"</dt>
                <dd>"Memory the caching allocator holds for reuse but no tensor uses. It serves later requests of a fitting size; when it is large and a request still fails, it is fragmented (" <code>"memory_reserved() − memory_allocated()"</code> ")."</dd>
                <dt><span class="swatch seg-non_framework" aria-hidden="true"></span>"Non-framework"</dt>
                <dd>"Device memory of this process outside the allocator: the CUDA context, cuBLAS/cuDNN workspaces, NCCL buffers. " <code>"empty_cache()"</code> " cannot free it."</dd>
                <dt><span class="swatch seg-other_processes" aria-hidden="true"></span>"Other processes"</dt>
                <dd>"What the rest of the device holds: other programs, other ranks, a notebook left running. nvidia-smi lists them."</dd>
                <dt><span class="swatch seg-free" aria-hidden="true"></span>"Free"</dt>
                <dd>"What the driver could still hand out when the request failed."</dd>
                <dt><span class="swatch request" aria-hidden="true"></span>"Failed request"</dt>
                <dd>"The single allocation that did not fit, drawn from the start of the free space."</dd>
            </dl>
        </details>
    }
}
