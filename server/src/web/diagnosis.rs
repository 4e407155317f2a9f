//! `GET /d/{id}`: analyse a saved paste on every view, so parser improvements reach old pastes.

use std::sync::Arc;

use app::{Diagnosis, PageOverride};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::render::{render_page, PageRequest};
use app::i18n::ErrorText;

use crate::app_error::AppError;
use crate::blocking;
use crate::state::AppState;

/// The result page of paste `id`; 404 when no paste has it.
pub async fn show(
    State(state): State<AppState>,
    request: PageRequest,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let store = state.store.clone();
    let paste = blocking::run(ErrorText::ReadFailed, move || store.get(&id))
        .await?
        .ok_or_else(|| AppError::request(StatusCode::NOT_FOUND, ErrorText::PasteNotFound))?;
    let knowledge = state.site.kb();
    // the guides in the reader's language where they have it
    let reader = request.lang();
    let diagnosis = blocking::compute(ErrorText::AnalysisFailed, move || {
        let advice = advice::advise_in(&paste.text, &knowledge, reader);
        Diagnosis {
            id: paste.id,
            text: Arc::from(paste.text),
            advice,
        }
    })
    .await?;
    Ok(render_page(
        &state,
        &request,
        PageOverride::Diagnosis(Arc::new(diagnosis)),
    )
    .await)
}
