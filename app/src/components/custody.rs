//! What the result page says about how its paste is kept: for how long, whether it was redacted,
//! and, once, the link that deletes it.

use leptos::prelude::*;

use crate::diagnosis::Custody;
use crate::i18n::{text, tr, tr_args, ui_lang};
use crate::pages::wiki::when;

/// The delete link, shown to whoever just pasted (the key is in the link and nowhere else).
#[component]
pub fn DeleteNotice(href: String) -> impl IntoView {
    let lang = ui_lang();
    let shown = href.clone();
    view! {
        <aside class="notice warning delete-notice" aria-labelledby="delete-heading">
            <h2 id="delete-heading">{tr(lang, "custody-delete-heading")}</h2>
            <p>{tr(lang, "custody-delete-once")}</p>
            <p><a class="delete-link" href=href>{shown}</a></p>
        </aside>
    }
}

/// "Kept until …", and whether the paste was redacted.
#[component]
pub fn CustodyNote(custody: Custody) -> impl IntoView {
    let lang = ui_lang();
    let gap = crate::i18n::sentence_gap(lang);
    let kept = match (custody.expires, custody.days) {
        (Some(expires), Some(days)) => tr_args(
            lang,
            "custody-kept-until",
            &[("date", text(when(expires))), ("days", days.into())],
        ),
        _ => tr(lang, "custody-kept-forever"),
    };
    let sooner = custody.max_total.map(|bytes| {
        tr_args(
            lang,
            "custody-kept-total",
            &[("total", text(crate::format::bytes_in_units(bytes)))],
        )
    });
    view! {
        <p class="muted custody">
            {kept}
            {sooner.map(|sooner| format!("{gap}{sooner}"))}
            {custody.redacted.then(|| format!("{gap}{}", tr(lang, "custody-redacted")))}
        </p>
    }
}
