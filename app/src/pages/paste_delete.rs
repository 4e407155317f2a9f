//! `/d/{id}/delete?key=…`: the page that confirms deleting a paste. The link only shows it; the
//! form posts, so a link preview or a prefetching proxy never deletes anything.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use crate::i18n::{text, tr, tr_args, ui_lang};

/// The paste to delete and the key from its link.
#[derive(Debug, Clone)]
pub struct PasteDeleteView {
    pub id: String,
    pub key: String,
}

/// "Delete this paste?", with the form that does it and a way back.
#[component]
pub fn PasteDeletePage(view: PasteDeleteView) -> impl IntoView {
    let lang = ui_lang();
    let t = |key: &str| tr(lang, key);
    let back = format!("/d/{}", view.id);
    view! {
        <PageTitle text=t("paste-delete-title")/>
        <section class="confirm-page">
            <h1>{t("paste-delete-title")}</h1>
            <p class="lede">{tr_args(lang, "paste-delete-lede", &[("id", text(view.id.clone()))])}</p>
            <form method="post" action=format!("/d/{}/delete", view.id) class="actions">
                <crate::pages::wiki::CsrfField/>
                <input type="hidden" name="key" value=view.key/>
                <button type="submit" class="button danger">{t("paste-delete-confirm")}</button>
                <a class="button" href=back>{t("paste-delete-keep")}</a>
            </form>
        </section>
    }
}
