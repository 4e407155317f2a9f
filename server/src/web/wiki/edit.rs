//! `/new` and `/kb/{slug}/edit`: the form, Preview, and Save. A save names its base revision;
//! the wiki merges a stale one or refuses it as a conflict, and then the form comes back (409)
//! with the reader's whole text and the other edit as a diff. Nothing typed is ever dropped: every
//! refusal answers with the form as it was sent.

use app::edit::{ConflictView, EditView, FormFields, Refused};
use app::i18n::{said_in, text, tr, tr_args, ErrorText, Lang};
use app::{PageOverride, WikiView};
use axum::extract::{Path, Query, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use kb::{Draft, PageOrigin};
use serde::Deserialize;
use wiki::{Edit, Outcome, State as RevisionState, Why};

use super::form::{draft_of, fields_of, refusal, EditForm, MAX_PAGE_BYTES};
use super::{prefill, sync};
use crate::app_error::AppError;
use crate::auth::require_editor;
use crate::blocking;
use crate::state::AppState;
use crate::web::render::{render_page, PageRequest};

fn page(view: EditView) -> PageOverride {
    PageOverride::Wiki(Box::new(WikiView::Edit(Box::new(view))))
}

/// Anonymous readers are sent to sign in; signed-in readers without the role get a 403. `None`
/// for an editor.
fn editor_or_sign_in(request: &PageRequest) -> Option<Response> {
    match require_editor(&request.viewer) {
        Ok(_) => None,
        Err(error) if error.status() == StatusCode::UNAUTHORIZED => {
            let next = request
                .uri
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_string();
            let target = format!(
                "/signin?next={}",
                percent_encoding::utf8_percent_encode(&next, percent_encoding::NON_ALPHANUMERIC)
            );
            Some((StatusCode::SEE_OTHER, [(LOCATION, target)]).into_response())
        }
        Err(error) => Some(error.into_response()),
    }
}

/// Where the page's text comes from now, in `lang`.
fn source_note(lang: Lang, origin: Option<&PageOrigin>, has_original: bool) -> Option<String> {
    match origin? {
        PageOrigin::BuiltIn => Some(tr(lang, "source-built-in")),
        PageOrigin::Lab { path } => Some(tr_args(
            lang,
            "source-folder",
            &[("path", text(path.display().to_string()))],
        )),
        PageOrigin::Wiki { revision } => Some(tr_args(
            lang,
            if has_original {
                "source-wiki-over"
            } else {
                "source-wiki"
            },
            &[("revision", text(revision.to_string()))],
        )),
    }
}

/// `GET /kb/{slug}/edit`: the page's newest text in the form.
pub async fn edit_form(
    State(state): State<AppState>,
    request: PageRequest,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    if let Some(response) = editor_or_sign_in(&request) {
        return Ok(response);
    }
    let lang = request.lang();
    let wiki = state.wiki.clone();
    let knowledge = state.site.kb();
    let found = {
        let slug = slug.clone();
        blocking::run(
            ErrorText::WikiFailed,
            move || -> Result<_, wiki::WikiError> {
                let head = wiki.head(&slug)?;
                let original = knowledge.original(&slug);
                let origin = knowledge.page(&slug).map(|p| p.origin.clone());
                let current = knowledge.page(&slug).map(|p| (p.title.clone(), p.lang));
                Ok((head, original, origin, current))
            },
        )
        .await?
    };
    let (head, original, origin, current) = found;
    // The form starts from the original (no wiki text over it): remember which, so a save can
    // tell when the file changed meanwhile.
    let original_seen = original
        .as_ref()
        .filter(|_| {
            head.as_ref()
                .is_none_or(|h| h.state == RevisionState::Original)
        })
        .map(|(_, text)| wiki::original_hash(text));
    // The text to start from: the wiki's newest live or deleted text, else the original's.
    let (source, base) = match &head {
        Some(head) if head.state != RevisionState::Original => (head.source.clone(), Some(head.id)),
        Some(head) => (
            original
                .as_ref()
                .map_or_else(|| head.source.clone(), |(_, t)| t.clone()),
            Some(head.id),
        ),
        None => match &original {
            Some((_, text)) => (text.clone(), None),
            None => {
                return Err(AppError::request(
                    StatusCode::NOT_FOUND,
                    ErrorText::WikiPageNotFound,
                ))
            }
        },
    };
    let mut draft = Draft::from_source(&source).unwrap_or_else(|_| Draft {
        body: source.clone(),
        ..Draft::default()
    });
    // A folder note without front matter: its title and language as the page shows them.
    if let Some((title, page_lang)) = current {
        if draft.title.is_empty() {
            draft.title = title;
        }
        if draft.lang.is_empty() {
            draft.lang = page_lang.as_str().to_string();
        }
    }
    draft.slug = slug.clone();
    if draft.lang.is_empty() {
        draft.lang = lang.as_str().to_string();
    }
    let view = EditView {
        slug: Some(slug),
        fields: fields_of(&draft),
        base,
        original_seen,
        source_note: if head
            .as_ref()
            .is_some_and(|h| h.state == RevisionState::Deleted)
        {
            Some(tr(lang, "source-deleted"))
        } else {
            source_note(lang, origin.as_ref(), original.is_some())
        },
        status: 200,
        ..EditView::default()
    };
    Ok(render_page(&state, &request, page(view)).await)
}

#[derive(Debug, Deserialize)]
pub struct NewQuery {
    /// A paste to write the note from.
    #[serde(default)]
    from: String,
}

/// `GET /new`: an empty form, or one written from a diagnosis (`?from=PASTE`).
pub async fn new_form(
    State(state): State<AppState>,
    request: PageRequest,
    Query(query): Query<NewQuery>,
) -> Result<Response, AppError> {
    if let Some(response) = editor_or_sign_in(&request) {
        return Ok(response);
    }
    let lang = request.lang();
    let fields = if query.from.is_empty() {
        FormFields {
            lang: lang.as_str().to_string(),
            ..FormFields::default()
        }
    } else {
        prefill::from_paste(&state, &query.from, lang).await?
    };
    let view = EditView {
        slug: None,
        fields,
        status: 200,
        ..EditView::default()
    };
    Ok(render_page(&state, &request, page(view)).await)
}

/// `POST /kb/{slug}/edit`.
pub async fn submit_edit(
    State(state): State<AppState>,
    request: PageRequest,
    Path(slug): Path<String>,
    Form(form): Form<EditForm>,
) -> Result<Response, AppError> {
    submit(state, request, Some(slug), form).await
}

/// `POST /new`.
pub async fn submit_new(
    State(state): State<AppState>,
    request: PageRequest,
    Form(form): Form<EditForm>,
) -> Result<Response, AppError> {
    submit(state, request, None, form).await
}

async fn submit(
    state: AppState,
    request: PageRequest,
    existing: Option<String>,
    form: EditForm,
) -> Result<Response, AppError> {
    let mut fields = form.fields();
    if let Some(slug) = &existing {
        // The slug of an existing page is its address: the form cannot move it.
        fields.slug = slug.clone();
    }
    let user = match refusal(&request.viewer, &form.csrf) {
        Ok(user) => user,
        Err(why) => {
            // Nothing is looked up or saved; the form comes back with what was typed.
            let view = EditView {
                slug: existing,
                fields,
                base: form.base(),
                original_seen: form.original_seen(),
                comment: form.comment.clone(),
                refused: Some(why),
                status: if why == Refused::SignedOut { 401 } else { 403 },
                ..EditView::default()
            };
            return Ok(render_page(&state, &request, page(view)).await);
        }
    };
    let lang = request.lang();
    let slug = fields.slug.clone();
    let base = form.base();
    let wiki = state.wiki.clone();
    let knowledge = state.site.kb();
    let looked = {
        let slug = slug.clone();
        blocking::run(
            ErrorText::WikiFailed,
            move || -> Result<_, wiki::WikiError> {
                let base_text = match base {
                    Some(id) => Some(wiki.revision(id)?.source),
                    None => None,
                };
                let taken = wiki.head(&slug)?.is_some()
                    || knowledge.page(&slug).is_some()
                    || knowledge.is_hidden(&slug);
                let original = knowledge.original(&slug).map(|(_, text)| text);
                Ok((base_text, taken, original))
            },
        )
        .await
    };
    let (base_text, taken, original) = match looked {
        Ok(found) => found,
        // A base that is no revision (a forged form): start from the original.
        Err(_) if base.is_some() => (None, false, None),
        Err(error) => return Err(error),
    };
    let base_draft = base_text
        .as_deref()
        .or(original.as_deref())
        .and_then(|text| Draft::from_source(text).ok());
    let draft = draft_of(&fields, base_draft.as_ref());
    let mut problems: Vec<(String, String)> = draft
        .problems()
        .into_iter()
        .map(|(field, said)| (field.to_string(), said_in(lang, &said)))
        .collect();
    if existing.is_none() && taken && !slug.is_empty() {
        problems.push((
            "slug".into(),
            tr_args(lang, "edit-slug-taken", &[("slug", text(slug.clone()))]),
        ));
    }
    if form.body.trim().is_empty() {
        problems.push(("body".into(), tr(lang, "edit-body-empty")));
    }
    let source = draft.to_source();
    if source.len() > MAX_PAGE_BYTES {
        let size = app::format::bytes_in_units(source.len() as u64);
        let limit = app::format::byte_limit(MAX_PAGE_BYTES);
        problems.push((
            "body".into(),
            tr_args(
                lang,
                "edit-too-large",
                &[("size", text(size)), ("limit", text(limit))],
            ),
        ));
    }
    let again = |status: u16,
                 problems: Vec<(String, String)>,
                 conflict: Option<ConflictView>,
                 preview: bool| EditView {
        slug: existing.clone(),
        fields: fields.clone(),
        base,
        comment: form.comment.clone(),
        preview_html: preview
            .then(|| kb::preview(&slug, &source).ok().map(|p| p.html))
            .flatten(),
        problems,
        conflict,
        source_note: None,
        refused: None,
        original_seen: form.original_seen(),
        status,
    };
    if !problems.is_empty() {
        let view = again(422, problems, None, true);
        return Ok(render_page(&state, &request, page(view)).await);
    }
    if form.action == "preview" {
        let view = again(200, Vec::new(), None, true);
        return Ok(render_page(&state, &request, page(view)).await);
    }
    let wiki = state.wiki.clone();
    let outcome = {
        let (slug, source, comment, original, seen) = (
            slug.clone(),
            source.clone(),
            form.comment.trim().to_string(),
            original.clone(),
            form.original_seen(),
        );
        let author = user.name.clone();
        blocking::run(ErrorText::WikiFailed, move || {
            wiki.save(Edit {
                slug: &slug,
                base,
                source: &source,
                author: &author,
                comment: &comment,
                original: original.as_deref(),
                original_seen: seen.as_deref(),
            })
        })
        .await?
    };
    match outcome {
        Outcome::Saved(saved) => {
            let synced = {
                let (state, slug) = (state.clone(), slug.clone());
                blocking::run(ErrorText::WikiFailed, move || sync(&state, &[&slug])).await
            };
            // Saved is saved: a failed index update is logged, and the next sync shows it.
            if let Err(error) = synced {
                tracing::error!(
                    "saved revision {} but the index was not updated: {}",
                    saved.revision.id,
                    error.message()
                );
            }
            let target = if saved.merged {
                format!("/kb/{slug}?merged={}", saved.revision.id)
            } else {
                format!("/kb/{slug}")
            };
            Ok((StatusCode::SEE_OTHER, [(LOCATION, target)]).into_response())
        }
        Outcome::Conflict(conflict) => {
            // What the reader needs to see: the other edit (an overlap), how their text differs
            // from the page now (a base the wiki does not know), nothing (a delete).
            let hunks = match conflict.why {
                Why::Overlap => {
                    wiki::diff::compare(&conflict.base_text, &conflict.head.source, 3).0
                }
                Why::UnknownBase | Why::OriginalChanged => {
                    wiki::diff::compare(&conflict.base_text, &source, 3).0
                }
                Why::Deleted => Vec::new(),
            };
            let (base, original_seen) = match conflict.why {
                // Same base; the next save starts from the original as it is now.
                // (None once the file is gone: saved again, the text becomes a wiki page.)
                Why::OriginalChanged => (base, original.as_deref().map(wiki::original_hash)),
                // The next save starts from the page as it is now.
                _ => (Some(conflict.head.id), form.original_seen()),
            };
            let view = EditView {
                base,
                original_seen,
                ..again(
                    409,
                    Vec::new(),
                    Some(ConflictView {
                        why: conflict.why,
                        head_id: conflict.head.id,
                        head_author: conflict.head.author.clone(),
                        hunks,
                    }),
                    false,
                )
            };
            Ok(render_page(&state, &request, page(view)).await)
        }
    }
}
