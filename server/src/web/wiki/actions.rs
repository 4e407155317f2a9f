//! The one-button changes, each a plain form that posts and redirects: restore an old revision,
//! delete (soft), undelete, and back to the built-in or folder original. Each needs an editor and
//! the form's CSRF token, writes one revision, and updates the knowledge base before answering.

use app::i18n::{text, tr_args, ErrorText};
use axum::extract::{Path, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::sync;
use crate::app_error::AppError;
use crate::auth::{require_csrf, require_editor};
use crate::blocking;
use crate::state::AppState;
use crate::web::render::PageRequest;

#[derive(Debug, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    csrf: String,
    /// For restore: the revision to bring back.
    #[serde(default)]
    revision: Option<i64>,
    #[serde(default)]
    comment: String,
}

/// What a button does.
#[derive(Debug, Clone, Copy)]
enum Action {
    Restore,
    Delete,
    Undelete,
    Revert,
}

async fn run(
    state: AppState,
    request: PageRequest,
    slug: String,
    form: ActionForm,
    action: Action,
) -> Result<Response, AppError> {
    let author = require_editor(&request.viewer)?.name.clone();
    require_csrf(&request.viewer, &form.csrf)?;
    let lang = request.lang();
    let worker = state.clone();
    let slug_done = slug.clone();
    let done = blocking::run(
        ErrorText::WikiFailed,
        move || -> Result<Option<()>, super::SyncError> {
            let wiki = &worker.wiki;
            let knowledge = worker.site.kb();
            let comment = form.comment.trim();
            let original = knowledge.original(&slug).map(|(_, text)| text);
            match action {
                Action::Restore => {
                    let Some(id) = form.revision else {
                        return Ok(None);
                    };
                    // Without a comment of their own, the revision says what it brought back.
                    let said = if comment.is_empty() {
                        tr_args(
                            lang,
                            "restored-comment",
                            &[("revision", text(id.to_string()))],
                        )
                    } else {
                        comment.to_string()
                    };
                    match wiki.restore(&slug, id, &author, &said) {
                        Ok(_) => {}
                        Err(wiki::WikiError::NoSuchRevision(_)) => return Ok(None),
                        Err(error) => return Err(error.into()),
                    }
                }
                Action::Delete => {
                    // The text as shown now: the wiki's, else the original's.
                    let current = match knowledge.page(&slug) {
                        Some(_) => wiki
                            .head(&slug)?
                            .filter(|h| h.state == wiki::State::Live)
                            .map(|h| h.source)
                            .or(original)
                            .unwrap_or_default(),
                        None => return Ok(None),
                    };
                    wiki.delete(&slug, &current, &author, comment)?;
                }
                Action::Undelete => match wiki.undelete(&slug, &author, comment) {
                    Ok(_) => {}
                    Err(wiki::WikiError::NoSuchPage(_)) => return Ok(None),
                    Err(error) => return Err(error.into()),
                },
                Action::Revert => {
                    let Some(original) = original else {
                        return Ok(None);
                    };
                    match wiki.head(&slug)? {
                        None => return Ok(None),
                        // Already showing the original (a second click, a form sent twice).
                        Some(head) if head.state == wiki::State::Original => {}
                        Some(_) => {
                            wiki.revert_to_original(&slug, &original, &author, comment)?;
                        }
                    }
                }
            }
            sync(&worker, &[&slug])?;
            Ok(Some(()))
        },
    )
    .await?;
    match done {
        Some(()) => Ok((
            StatusCode::SEE_OTHER,
            [(LOCATION, format!("/kb/{slug_done}"))],
        )
            .into_response()),
        None => Err(AppError::request(
            StatusCode::NOT_FOUND,
            ErrorText::WikiPageNotFound,
        )),
    }
}

/// `POST /kb/{slug}/restore` (`revision`).
pub async fn restore(
    State(state): State<AppState>,
    request: PageRequest,
    Path(slug): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    run(state, request, slug, form, Action::Restore).await
}

/// `POST /kb/{slug}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    request: PageRequest,
    Path(slug): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    run(state, request, slug, form, Action::Delete).await
}

/// `POST /kb/{slug}/undelete`.
pub async fn undelete(
    State(state): State<AppState>,
    request: PageRequest,
    Path(slug): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    run(state, request, slug, form, Action::Undelete).await
}

/// `POST /kb/{slug}/revert`: back to the built-in or folder version.
pub async fn revert(
    State(state): State<AppState>,
    request: PageRequest,
    Path(slug): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, AppError> {
    run(state, request, slug, form, Action::Revert).await
}
