//! `GET /d/{id}`: a saved paste's analysis, made by this build against the current knowledge
//! base (so parser improvements reach old pastes), kept for the next view (`crate::analyses`).

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
    let knowledge = state.site.kb();
    // the guides in the reader's language where they have it
    let reader = request.lang();
    let diagnosis = match state.analyses.get(&id, reader, &knowledge) {
        Some(kept) => kept,
        None => {
            let store = state.store.clone();
            let paste = blocking::run(ErrorText::ReadFailed, move || store.get(&id))
                .await?
                .ok_or_else(|| {
                    AppError::request(StatusCode::NOT_FOUND, ErrorText::PasteNotFound)
                })?;
            let _slot = state.analyses.slot().await?;
            let ranked_against = knowledge.clone();
            let diagnosis = blocking::compute(ErrorText::AnalysisFailed, move || {
                let advice = advice::advise_in(&paste.text, &ranked_against, reader);
                Diagnosis {
                    id: paste.id,
                    text: Arc::from(paste.text),
                    advice,
                }
            })
            .await?;
            let diagnosis = Arc::new(diagnosis);
            state.analyses.put(reader, knowledge, diagnosis.clone());
            diagnosis
        }
    };
    Ok(render_page(&state, &request, PageOverride::Diagnosis(diagnosis)).await)
}
