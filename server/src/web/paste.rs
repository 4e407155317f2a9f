//! `POST /diagnose`: store a paste (or an example) and send the browser to its permalink.

use axum::extract::rejection::FormRejection;
use axum::extract::{OriginalUri, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::render::error_page;
use crate::state::AppState;

/// The paste form: the text, or the id of an example button.
#[derive(Debug, Deserialize)]
pub struct PasteForm {
    #[serde(default)]
    text: String,
    example: Option<String>,
}

/// Stores the text and answers `303 See Other` to `/d/{id}`.
pub async fn submit(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    form: Result<Form<PasteForm>, FormRejection>,
) -> Response {
    let limit = state.config.paste_limit;
    let form = match form {
        Ok(Form(form)) => form,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return too_large(&state, uri, limit).await;
        }
        Err(rejection) => {
            let message = format!("The form could not be read ({rejection}). Paste the text into the box on the home page and press Diagnose.");
            return error_page(
                &state,
                uri,
                StatusCode::BAD_REQUEST,
                "This form could not be read",
                message,
            )
            .await;
        }
    };
    let text = match form.example.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => match app::examples::find(id) {
            Some(example) => example.text.to_string(),
            None => {
                let message = format!("There is no example called {id:?}.");
                return error_page(
                    &state,
                    uri,
                    StatusCode::BAD_REQUEST,
                    "Unknown example",
                    message,
                )
                .await;
            }
        },
        None => form.text,
    };
    if text.len() > limit {
        return too_large(&state, uri, limit).await;
    }
    if text.trim().is_empty() {
        let message =
            "The paste box was empty. Paste an error message or a log, or try one of the examples."
                .to_string();
        return error_page(
            &state,
            uri,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Nothing to diagnose",
            message,
        )
        .await;
    }
    let store = state.store.clone();
    match super::blocking::run(move || store.save(&text)).await {
        Ok(id) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, format!("/d/{id}"))],
        )
            .into_response(),
        Err(error) => {
            tracing::error!("saving a paste failed: {error}");
            server_error(&state, uri).await
        }
    }
}

async fn too_large(state: &AppState, uri: axum::http::Uri, limit: usize) -> Response {
    let message = format!(
        "Pastes are limited to {} on this server. Paste the part of the log around the error (the traceback and the lines before it), or run `oomlens diagnose FILE` on the whole log.",
        app::format::byte_limit(limit)
    );
    error_page(
        state,
        uri,
        StatusCode::PAYLOAD_TOO_LARGE,
        "This paste is too large",
        message,
    )
    .await
}

async fn server_error(state: &AppState, uri: axum::http::Uri) -> Response {
    let message =
        "The paste could not be saved. The server log has the details; try again in a moment."
            .to_string();
    error_page(
        state,
        uri,
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong on our side",
        message,
    )
    .await
}
