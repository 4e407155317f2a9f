//! `GET /d/{id}`: analyse a saved paste on every view, so parser improvements reach old pastes.

use std::sync::Arc;

use app::{Diagnosis, PageOverride};
use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::render::{error_page, render_page};
use crate::state::AppState;

/// The result page of paste `id`, or a 404 page.
pub async fn show(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
) -> Response {
    let store = state.store.clone();
    let lookup_id = id.clone();
    let paste = match super::blocking::run(move || store.get(&lookup_id)).await {
        Ok(paste) => paste,
        Err(error) => {
            tracing::error!("reading paste {id} failed: {error}");
            return unavailable(&state, uri).await;
        }
    };
    let Some(paste) = paste else {
        let message = "No paste has this id. Links to pastes stay valid as long as the server keeps its data folder; this one may be mistyped.".to_string();
        return error_page(
            &state,
            uri,
            StatusCode::NOT_FOUND,
            "This diagnosis does not exist",
            message,
        )
        .await;
    };
    let knowledge = state.site.kb();
    let analysed = tokio::task::spawn_blocking(move || {
        let advice = advice::advise(&paste.text, &knowledge);
        Diagnosis {
            id: paste.id,
            text: Arc::from(paste.text),
            advice,
        }
    })
    .await;
    match analysed {
        Ok(diagnosis) => {
            render_page(&state, uri, PageOverride::Diagnosis(Arc::new(diagnosis))).await
        }
        Err(error) => {
            tracing::error!("analysing paste {id} failed: {error}");
            unavailable(&state, uri).await
        }
    }
}

async fn unavailable(state: &AppState, uri: axum::http::Uri) -> Response {
    let message =
        "The paste could not be read or analysed. The server log has the details.".to_string();
    error_page(
        state,
        uri,
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong on our side",
        message,
    )
    .await
}
