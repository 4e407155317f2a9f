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

/// The cookie that carries a new paste's delete key to its first view, and no further: the key
/// is never in a URL the browser shows (a copied address bar would share it) nor in a log.
pub const DELETE_COOKIE: &str = "oomlens_delete";

/// Seconds the delete cookie lives: the redirect follows at once; a browser that does not follow
/// it soon loses nothing but the offer.
const DELETE_COOKIE_SECONDS: i64 = 600;

/// Stores the text (redacted first under `--redact`) and answers `303 See Other` to `/d/{id}`,
/// with the paste's delete key in a short-lived cookie for that page to show once.
pub async fn submit(
    State(state): State<AppState>,
    viewer: axum::Extension<app::viewer::Viewer>,
    secure: axum::Extension<crate::auth::SecureRequest>,
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
    let redactor = state.redactor.clone();
    let saved = blocking::run(ErrorText::SaveFailed, move || {
        let (text, redacted) = match &redactor {
            Some(redactor) => {
                let (text, counts) = redactor.redact(&text);
                tracing::debug!(replaced = counts.total(), "paste redacted");
                (text, true)
            }
            None => (text, false),
        };
        store.save(&text, redacted)
    })
    .await?;
    // pasted again: its age changed, so a kept analysis would say the wrong date
    state.forget_paste(&saved.id);
    let axum::Extension(crate::auth::SecureRequest(secure)) = secure;
    let mut response = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/d/{}", saved.id))],
    )
        .into_response();
    let value = format!("{}.{}", saved.id, saved.delete_key);
    if let Some(cookie) =
        crate::auth::set_cookie(DELETE_COOKIE, &value, DELETE_COOKIE_SECONDS, secure)
    {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
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
