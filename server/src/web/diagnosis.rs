//! `GET /d/{id}`: a saved paste's analysis, made by this build against the current knowledge
//! base (so parser improvements reach old pastes), kept for the next view (`crate::analyses`).

use std::sync::Arc;

use app::diagnosis::Custody;
use app::{Diagnosis, PageOverride};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::render::{render_page, PageRequest};
use app::i18n::ErrorText;

use crate::app_error::AppError;
use crate::blocking;
use crate::state::AppState;

/// The result page of paste `id`; 404 when no paste has it. On the first view after pasting, the
/// delete link (from the cookie [`super::paste::DELETE_COOKIE`], which the answer removes).
pub async fn show(
    State(state): State<AppState>,
    request: PageRequest,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    // The lab's notes only for those who may read the wiki.
    let knowledge = state.knowledge_for(&request.viewer);
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
                let started = std::time::Instant::now();
                let advice = advice::advise_in(&paste.text, &ranked_against, reader);
                crate::metrics::analysis_took(started);
                Diagnosis {
                    id: paste.id,
                    text: Arc::from(paste.text),
                    pasted_at: paste.created_at,
                    redacted: paste.redacted,
                    advice,
                }
            })
            .await?;
            let diagnosis = Arc::new(diagnosis);
            state.analyses.put(reader, knowledge, diagnosis.clone());
            diagnosis
        }
    };
    let delete_key = crate::auth::read_cookie(&request.headers, super::paste::DELETE_COOKIE)
        .and_then(|value| {
            let (for_id, key) = value.split_once('.')?;
            (for_id == diagnosis.id && crate::auth::is_token(key)).then(|| key.to_string())
        });
    let retention = state.config.retention();
    let custody = Custody {
        expires: retention.expires(diagnosis.pasted_at),
        days: retention.days,
        max_total: retention.max_total,
        redacted: diagnosis.redacted,
        delete_href: delete_key
            .as_ref()
            .map(|key| format!("/d/{}/delete?key={key}", diagnosis.id)),
    };
    let mut response = render_page(
        &state,
        &request,
        PageOverride::Diagnosis(diagnosis, custody),
    )
    .await;
    if delete_key.is_some() {
        // shown once: the cookie goes with this answer (a removal needs no `Secure`)
        if let Some(cookie) = crate::auth::set_cookie(super::paste::DELETE_COOKIE, "", 0, false) {
            response
                .headers_mut()
                .append(axum::http::header::SET_COOKIE, cookie);
        }
    }
    Ok(response)
}
