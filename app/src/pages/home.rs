//! Home: the paste box.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::context::SiteContext;
use crate::examples::EXAMPLES;

/// The paste box, the Diagnose button and the example buttons. A plain form: no JavaScript needed.
#[component]
pub fn HomePage() -> impl IntoView {
    let site = expect_context::<SiteContext>();
    let limit = crate::format::byte_limit(site.paste_limit_bytes);
    view! {
        <Title text="Diagnose a GPU out-of-memory error"/>
        <section class="hero">
            <h1>"What filled the GPU?"</h1>
            <p class="lede">
                "Paste an out-of-memory message or a whole training log. oomlens finds every memory event, "
                "draws what the device held, says what most likely went wrong — with the numbers — and links the fix."
            </p>
        </section>
        <form class="paste-form" method="post" action="/diagnose">
            <label class="paste-label" for="paste">"Error message or log"</label>
            <textarea
                id="paste"
                name="text"
                rows="14"
                spellcheck="false"
                autocomplete="off"
                required
                placeholder="torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 7.64 GiB of which 59.44 MiB is free. …"
            ></textarea>
            <div class="paste-actions">
                <button type="submit" class="button primary">"Diagnose"</button>
                <span class="hint">
                    <kbd>"Ctrl"</kbd>"+"<kbd>"Enter"</kbd>" also works · up to " {limit}
                </span>
            </div>
            <fieldset class="examples">
                <legend>"No message at hand? Try an example:"</legend>
                <div class="example-buttons">
                    {EXAMPLES
                        .iter()
                        .map(|example| {
                            view! {
                                <button type="submit" class="chip" name="example" value=example.id formnovalidate>
                                    {example.label}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
            <p class="storage-note">
                "Pastes are stored on this server only, in " <code>{site.data_dir_label.clone()}</code>
                ", under an id made from their content: the same text always gets the same link. Nothing leaves this machine."
            </p>
        </form>
        <section class="home-columns">
            <div class="card">
                <h2>"Reads every format"</h2>
                <p>"PyTorch on CUDA, ROCm, XPU and Apple MPS across versions, TensorFlow, JAX, vLLM, llama.cpp, host RAM and the kernel's OOM killer, DataLoader workers, "<code>"/dev/shm"</code>", and pasted "<code>"nvidia-smi"</code>" tables."</p>
            </div>
            <div class="card">
                <h2>"Shows the numbers"</h2>
                <p>"A capacity bar per device: what PyTorch allocated, what it reserved but did not use, what the CUDA context and other processes hold, and what was free when the request failed."</p>
            </div>
            <div class="card">
                <h2>"Links the fix"</h2>
                <p>"Each finding comes with the guides that address it, in English and 中文, with code filled in from your numbers. "<a href="/kb">"Browse the guides"</a>"."</p>
            </div>
        </section>
        <script src="/assets/paste.js" defer></script>
    }
}
