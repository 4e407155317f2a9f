//! `GET /d/{id}`: analyse a saved paste on every view, so parser improvements reach old pastes.

use std::sync::Arc;

use app::{Diagnosis, PageOverride};
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::render::render_page;
use crate::app_error::AppError;
use crate::blocking;
use crate::state::AppState;

/// The result page of paste `id`; 404 when no paste has it.
pub async fn show(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let store = state.store.clone();
    let paste = blocking::run("The paste could not be read.", move || store.get(&id))
        .await?
        .ok_or_else(|| {
            AppError::request(
                StatusCode::NOT_FOUND,
                "This diagnosis does not exist",
                "No paste has this id. Links to pastes stay valid as long as the server keeps its data folder; this one may be mistyped.",
            )
        })?;
    let knowledge = state.site.kb();
    let diagnosis = blocking::compute("The paste could not be analysed.", move || {
        let advice = advice::advise(&paste.text, &knowledge);
        Diagnosis {
            id: paste.id,
            text: Arc::from(paste.text),
            advice,
        }
    })
    .await?;
    Ok(render_page(
        &state,
        uri,
        &headers,
        PageOverride::Diagnosis(Arc::new(diagnosis)),
    )
    .await)
}
