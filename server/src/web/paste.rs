//! `POST /diagnose`: store a paste (or an example) and send the browser to its permalink.

use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use app::i18n::ErrorText;

use crate::app_error::AppError;
use crate::blocking;
use crate::state::AppState;

/// The paste form: the text, or the id of an example button.
#[derive(Debug, Deserialize)]
pub struct PasteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    text: String,
    example: Option<String>,
}

/// Stores the text and answers `303 See Other` to `/d/{id}`.
pub async fn submit(
    State(state): State<AppState>,
    viewer: axum::Extension<app::viewer::Viewer>,
    form: Result<Form<PasteForm>, FormRejection>,
) -> Result<Response, AppError> {
    let limit = state.config.paste_limit;
    let Form(form) = form.map_err(|rejection| unreadable(rejection, limit))?;
    crate::auth::require_csrf(&viewer, &form.csrf)?;
    let text = match form.example.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => app::examples::find(id)
            .map(|example| example.text.to_string())
            .ok_or_else(|| {
                AppError::request(
                    StatusCode::BAD_REQUEST,
                    ErrorText::UnknownExample { id: id.to_string() },
                )
            })?,
        None => form.text,
    };
    if text.len() > limit {
        return Err(too_large(limit));
    }
    if text.trim().is_empty() {
        return Err(AppError::request(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorText::PasteEmpty,
        ));
    }
    let store = state.store.clone();
    let id = blocking::run(ErrorText::SaveFailed, move || store.save(&text)).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/d/{id}"))],
    )
        .into_response())
}

/// A form axum could not read: too large (the body limit), or not a form.
fn unreadable(rejection: FormRejection, limit: usize) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large(limit);
    }
    // a body that stalled past `--body-timeout`, said as such (and logged), not as a bad form
    if crate::body::stalled(&rejection) {
        tracing::info!("a pasted form stalled past the body timeout");
        return AppError::request(StatusCode::REQUEST_TIMEOUT, ErrorText::BodyTimedOut);
    }
    AppError::request(
        StatusCode::BAD_REQUEST,
        ErrorText::FormUnreadable {
            detail: rejection.to_string(),
        },
    )
}

fn too_large(limit: usize) -> AppError {
    AppError::request(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorText::PasteTooLarge {
            limit: app::format::byte_limit(limit),
        },
    )
}
