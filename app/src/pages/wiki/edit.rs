//! The edit form, for a new page and an existing one: every front-matter field, the markdown
//! body, a comment; Preview and Save are both plain submit buttons. After a refused save it
//! shows what was wrong next to the typed text, and after a conflict the other edit as a diff,
//! with the reader's whole text still in the box.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::compare::DiffTable;
use super::CsrfField;
use crate::components::status::set_http_status;
use crate::i18n::{text, tr, tr_args, ui_lang};

/// The form's fields as text, as typed (lists: comma-separated, patterns one per line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormFields {
    pub title: String,
    pub slug: String,
    pub lang: String,
    pub tags: String,
    pub addresses: String,
    pub patterns: String,
    pub translation: String,
    pub summary: String,
    pub body: String,
}

/// Someone else's save that the reader's overlaps.
#[derive(Debug, Clone)]
pub struct ConflictView {
    pub why: wiki::Why,
    pub head_id: i64,
    pub head_author: String,
    /// From the text the reader started from to the page as it is now.
    pub hunks: Vec<wiki::diff::Hunk>,
}

/// Why a save was refused before it was looked at. The form comes back with the typed text
/// either way: a session that ended, or a form that expired, must not cost a person their edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Nobody is signed in any more (the session ended, or they signed out in another tab).
    SignedOut,
    /// The account may not edit.
    NotAllowed,
    /// The form's token is not this session's (they signed in again meanwhile).
    Expired,
}

/// The edit page as the server fills it.
#[derive(Debug, Clone, Default)]
pub struct EditView {
    /// The page's slug; `None` for a new page (its slug is a field then).
    pub slug: Option<String>,
    pub fields: FormFields,
    /// The revision the text started from (sent back with the form).
    pub base: Option<i64>,
    pub comment: String,
    /// The body rendered as the page will show it, after Preview.
    pub preview_html: Option<String>,
    /// What is wrong, by field (`title`, `slug`, ...), in the reader's language.
    pub problems: Vec<(String, String)>,
    pub conflict: Option<ConflictView>,
    /// Where the page's text comes from now, in the reader's language.
    pub source_note: Option<String>,
    /// A save refused before it was looked at: said above the form, which keeps the text.
    pub refused: Option<Refused>,
    /// `wiki::original_hash` of the built-in or folder text the form starts from, if it does
    /// (sent back with the form).
    pub original_seen: Option<String>,
    pub status: u16,
}

/// Text for a `<textarea>`, escaped here: Leptos writes a textarea's text child as it is, and the
/// browser reads a textarea's content as text with entities decoded, so without this a body with
/// `</textarea>` would end the box (and run what follows) and a typed `&amp;` would lose its
/// `amp;`. A leading newline is doubled because the HTML parser drops the first one.
fn textarea_text(text: &str) -> String {
    let escaped = html_escape::encode_text(text);
    if text.starts_with('\n') {
        format!("\n{escaped}")
    } else {
        escaped.into_owned()
    }
}

#[component]
pub fn EditPage(data: EditView) -> impl IntoView {
    set_http_status(data.status);
    let lang = ui_lang();
    let t = |key: &str| tr(lang, key);
    let (title, action) = match &data.slug {
        Some(slug) => (
            tr_args(
                lang,
                "edit-title",
                &[("title", text(data.fields.title.clone()))],
            ),
            format!("/kb/{slug}/edit"),
        ),
        None => (t("new-title"), "/new".to_string()),
    };
    let problem = |field: &str| {
        data.problems
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, message)| view! { <p class="field-error">{message.clone()}</p> })
            .collect_view()
    };
    let f = data.fields.clone();
    let lang_option = |code: &'static str, label: String| {
        view! { <option value=code selected=f.lang == code>{label}</option> }
    };
    let conflict = data.conflict.clone().map(|c| {
        let (title_key, said_key) = match c.why {
            wiki::Why::Overlap => ("edit-conflict-title", "edit-conflict"),
            wiki::Why::Deleted => ("edit-deleted-title", "edit-deleted"),
            wiki::Why::UnknownBase => ("edit-unknown-base-title", "edit-unknown-base"),
            wiki::Why::OriginalChanged => ("edit-original-changed-title", "edit-original-changed"),
        };
        let said = tr_args(
            lang,
            said_key,
            &[
                ("author", text(c.head_author.clone())),
                ("revision", text(c.head_id.to_string())),
            ],
        );
        view! {
            <section class="notice warning" role="alert">
                <h2>{t(title_key)}</h2>
                <p>{said}</p>
                {(c.why != wiki::Why::Deleted).then(|| view! { <DiffTable hunks=c.hunks/> })}
            </section>
        }
    });
    let refused = data.refused.map(|why| {
        let (heading, said) = match why {
            Refused::SignedOut => ("edit-refused-signed-out-title", "edit-refused-signed-out"),
            Refused::NotAllowed => ("edit-refused-not-allowed-title", "edit-refused-not-allowed"),
            Refused::Expired => ("edit-refused-expired-title", "edit-refused-expired"),
        };
        view! {
            <section class="notice warning" role="alert">
                <h2>{t(heading)}</h2>
                <p>{t(said)}</p>
                {(why == Refused::SignedOut).then(|| view! {
                    <p><a href="/signin" target="_blank" rel="noopener">{t("edit-refused-sign-in")}</a></p>
                })}
            </section>
        }
    });
    let has_problems = !data.problems.is_empty();
    view! {
        <PageTitle text=title.clone()/>
        <section class="edit-page">
            <h1>{title}</h1>
            {data.source_note.map(|note| view! { <p class="lede">{note}</p> })}
            {has_problems.then(|| view! { <p class="notice error" role="alert">{t("edit-has-problems")}</p> })}
            {refused}
            {conflict}
            {view! {<form class="edit-form" method="post" action=action>
                <CsrfField/>
                <input type="hidden" name="base" value=data.base.map(|b| b.to_string()).unwrap_or_default()/>
                <input type="hidden" name="original" value=data.original_seen.clone().unwrap_or_default()/>
                <div class="field-grid">
                    <div class="field wide">
                        <label for="title">{t("field-title")}</label>
                        <input type="text" id="title" name="title" value=f.title.clone() required/>
                        {problem("title")}
                    </div>
                    <div class="field">
                        <label for="slug">{t("field-slug")}</label>
                        <input type="text" id="slug" name="slug" value=f.slug.clone()
                            readonly=data.slug.is_some() pattern="[a-z0-9]+(-+[a-z0-9]+)*" maxlength="120" aria-describedby="slug-help" required/>
                        <p class="hint" id="slug-help">{t("field-slug-help")}</p>
                        {problem("slug")}
                    </div>
                    <div class="field">
                        <label for="lang">{t("field-lang")}</label>
                        <select id="lang" name="lang">
                            {lang_option("en", t("lang-en"))}
                            {lang_option("zh", t("lang-zh"))}
                        </select>
                        {problem("lang")}
                    </div>
                    {view! {<div class="field">
                        <label for="tags">{t("field-tags")}</label>
                        <input type="text" id="tags" name="tags" value=f.tags.clone() aria-describedby="tags-help"/>
                        <p class="hint" id="tags-help">{t("field-tags-help")}</p>
                    </div>
                    <div class="field">
                        <label for="addresses">{t("field-addresses")}</label>
                        <input type="text" id="addresses" name="addresses" value=f.addresses.clone() aria-describedby="addresses-help"/>
                        <p class="hint" id="addresses-help">{t("field-addresses-help")}</p>
                    </div>
                    <div class="field">
                        <label for="translation">{t("field-translation")}</label>
                        <input type="text" id="translation" name="translation" value=f.translation.clone()/>
                        {problem("translation")}
                    </div>}.into_any()}
                    <div class="field wide">
                        <label for="summary">{t("field-summary")}</label>
                        <input type="text" id="summary" name="summary" value=f.summary.clone()/>
                    </div>
                    {view! {<div class="field wide">
                        <label for="patterns">{t("field-patterns")}</label>
                        <textarea id="patterns" name="patterns" rows="2" spellcheck="false" aria-describedby="patterns-help" inner_html=textarea_text(&f.patterns)></textarea>
                        <p class="hint" id="patterns-help">{t("field-patterns-help")}</p>
                        {problem("patterns")}
                    </div>}.into_any()}
                </div>
                <label for="body">{t("field-body")}</label>
                <textarea id="body" name="body" rows="22" spellcheck="false" inner_html=textarea_text(&f.body)></textarea>
                {problem("body")}
                <label for="comment">{t("field-comment")}</label>
                <input type="text" id="comment" name="comment" value=data.comment maxlength="300"/>
                <div class="form-actions">
                    <button type="submit" class="button" name="action" value="preview">{t("edit-preview")}</button>
                    <button type="submit" class="button primary" name="action" value="save">{t("edit-save")}</button>
                </div>
            </form>}.into_any()}
            {data.preview_html.map(|html| view! {
                <section class="preview" aria-label=t("edit-preview-label")>
                    <p class="eyebrow">{t("edit-preview-label")}</p>
                    <article class="kb-article" inner_html=html></article>
                </section>
            })}
        </section>
    }
}
