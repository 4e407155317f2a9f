//! The terms of the capacity bar in plain words: PyTorch's own users keep asking what they mean.

use leptos::prelude::*;
use triage::Part;

/// What each part of the bar holds, for the glossary.
fn meaning(part: Part) -> AnyView {
    match part {
        Part::Allocated => view! { "Memory in live tensors: what your model, activations, gradients and optimizer state use right now (PyTorch: " <code>"memory_allocated()"</code> ")." }.into_any(),
        Part::ReservedUnallocated => view! { "Memory the caching allocator holds for reuse but no tensor uses. It serves later requests of a fitting size; when it is large and a request still fails, it is fragmented (" <code>"memory_reserved() − memory_allocated()"</code> ")." }.into_any(),
        Part::NonFramework => view! { "Device memory of this process outside the allocator: the CUDA context, cuBLAS/cuDNN workspaces, NCCL buffers. " <code>"empty_cache()"</code> " cannot free it." }.into_any(),
        Part::OtherProcesses => view! { "What the rest of the device holds: other programs, other ranks, a notebook left running. nvidia-smi lists them." }.into_any(),
        Part::Used => view! { "Memory in use as an " <code>"nvidia-smi"</code> " row counts it: every process on the GPU, this one included." }.into_any(),
        Part::Free => view! { "What the driver could still hand out when the request failed." }.into_any(),
    }
}

/// A short glossary beside the bars: the parts that the bars above show.
#[component]
pub fn Glossary(parts: Vec<Part>) -> impl IntoView {
    let entries = Part::ALL
        .into_iter()
        .filter(|part| parts.contains(part))
        .map(|part| {
            view! {
                <dt><span class=format!("swatch seg-{}", part.key()) aria-hidden="true"></span>{part.name()}</dt>
                <dd>{meaning(part)}</dd>
            }
        })
        .collect_view();
    view! {
        <details class="glossary" open>
            <summary>"What the parts mean"</summary>
            <dl>
                {entries}
                <dt><span class="swatch request" aria-hidden="true"></span>"Failed request"</dt>
                <dd>"The single allocation that did not fit, drawn from the start of the free space."</dd>
            </dl>
        </details>
    }
}
