//! Deleting a paste with the key its paster was given: `GET /d/{id}/delete?key=…` asks, and the
//! form it shows posts `POST /d/{id}/delete`, which deletes and sends the browser home.

use app::i18n::ErrorText;
use app::{PageOverride, PasteDeleteView};
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::render::{render_page, PageRequest};
use crate::app_error::AppError;
use crate::blocking;
use crate::state::AppState;
use crate::store::Deletion;

/// The key from the link (`?key=`), and the form's CSRF token when posted.
#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    key: String,
}

/// The confirmation page; 404 when no paste has the id (a key is checked when the form posts,
/// so this page tells nobody whether a key fits).
pub async fn confirm(
    State(state): State<AppState>,
    request: PageRequest,
    Path(id): Path<String>,
    form: Result<Query<DeleteForm>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let key = form.map(|Query(form)| form.key).unwrap_or_default();
    let store = state.store.clone();
    let lookup = id.clone();
    blocking::run(ErrorText::ReadFailed, move || store.get(&lookup))
        .await?
        .ok_or_else(|| AppError::request(StatusCode::NOT_FOUND, ErrorText::PasteNotFound))?;
    let view = PasteDeleteView { id, key };
    Ok(render_page(&state, &request, PageOverride::PasteDelete(view)).await)
}

/// Deletes the paste when the key is one handed out for it: 303 to `/?deleted`; 403 for another
/// key, 404 for no such paste.
pub async fn delete(
    State(state): State<AppState>,
    viewer: axum::Extension<app::viewer::Viewer>,
    Path(id): Path<String>,
    form: Result<Form<DeleteForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form.map_err(|rejection| {
        AppError::request(
            StatusCode::BAD_REQUEST,
            ErrorText::FormUnreadable {
                detail: rejection.to_string(),
            },
        )
    })?;
    crate::auth::require_csrf(&viewer, &form.csrf)?;
    let store = state.store.clone();
    let target = id.clone();
    let deletion = blocking::run(ErrorText::SaveFailed, move || {
        store.delete(&target, &form.key)
    })
    .await?;
    match deletion {
        Deletion::Deleted => {
            state.forget_paste(&id);
            crate::metrics::pastes_removed("deleted", 1);
            tracing::info!(paste = %id, "paste deleted by its delete key");
            Ok((StatusCode::SEE_OTHER, [(header::LOCATION, "/?deleted")]).into_response())
        }
        Deletion::WrongKey => Err(AppError::request(
            StatusCode::FORBIDDEN,
            ErrorText::DeleteKeyWrong,
        )),
        Deletion::NotFound => Err(AppError::request(
            StatusCode::NOT_FOUND,
            ErrorText::PasteNotFound,
        )),
    }
}
