//! Home: the paste box.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use crate::context::SiteContext;
use crate::examples::EXAMPLES;
use crate::i18n::{rich, text, tr, tr_args, ui_lang};

/// The paste box, the Diagnose button and the example buttons. A plain form: no JavaScript needed.
#[component]
pub fn HomePage() -> impl IntoView {
    let site = expect_context::<SiteContext>();
    let script_href = site.script_href.clone();
    let lang = ui_lang();
    let t = |key: &str| tr(lang, key);
    let limit = crate::format::byte_limit(site.paste_limit_bytes);
    // Where on disk is the admin's business: the page says only that pastes stay here.
    let mut storage = tr(lang, "storage-note");
    let kept = match site.paste_days {
        Some(days) => tr_args(lang, "storage-kept-days", &[("days", days.into())]),
        None => tr(lang, "storage-kept-forever"),
    };
    let gap = crate::i18n::sentence_gap(lang);
    storage = format!("{storage}{gap}{kept}");
    if site.paste_redact {
        storage = format!("{storage}{gap}{}", tr(lang, "storage-redacted"));
    }
    // after a paste was deleted (`POST /d/{id}/delete` sends the browser here)
    let deleted = leptos_router::hooks::use_query_map()
        .get_untracked()
        .get("deleted")
        .is_some();
    view! {
        <PageTitle text=t("home-title")/>
        {deleted.then(|| view! { <p class="notice" role="status">{t("paste-deleted-notice")}</p> })}
        <section class="hero">
            <h1>{t("home-heading")}</h1>
            <p class="lede">{t("home-lede")}</p>
        </section>
        <form class="paste-form" method="post" action="/diagnose">
            <crate::pages::wiki::CsrfField/>
            <label class="paste-label" for="paste">{t("paste-label")}</label>
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
                <button type="submit" class="button primary">{t("paste-submit")}</button>
                <span class="hint">
                    <kbd>"Ctrl"</kbd>"+"<kbd>"Enter"</kbd>" " {tr_args(lang, "paste-hint", &[("limit", text(limit))])}
                </span>
            </div>
            <fieldset class="examples">
                <legend>{t("examples-legend")}</legend>
                <div class="example-buttons">
                    {EXAMPLES
                        .iter()
                        .map(|example| {
                            let label = tr(lang, &format!("example-{}", example.id));
                            view! {
                                <button type="submit" class="chip" name="example" value=example.id formnovalidate>
                                    {label}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
            <p class="storage-note">{rich(storage)}</p>
        </form>
        <section class="home-columns">
            <div class="card">
                <h2>{t("card-formats-title")}</h2>
                <p>{rich(t("card-formats"))}</p>
            </div>
            <div class="card">
                <h2>{t("card-numbers-title")}</h2>
                <p>{t("card-numbers")}</p>
            </div>
            <div class="card">
                <h2>{t("card-fix-title")}</h2>
                <p>{t("card-fix")} " " <a href="/kb">{t("card-fix-link")}</a></p>
            </div>
        </section>
        <script src=script_href defer></script>
    }
}
