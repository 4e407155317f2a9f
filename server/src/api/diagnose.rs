//! `POST /api/diagnose`: the Report of spec/report.md for `text/plain` or JSON `{"text": ...}`.
//! Nothing is stored. Each finding also lists its guides with their URLs (`guides`).

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use app::diagnosis::labels;
use app::i18n::ErrorText;

use crate::app_error::AppError;
use crate::blocking;
use crate::state::AppState;

/// JSON bodies may carry escapes (`\n`, `\"`, `\uXXXX`): allow the body this much over the text limit.
const JSON_OVERHEAD_FACTOR: usize = 2;

#[derive(Debug, Deserialize)]
struct DiagnoseBody {
    text: String,
}

/// Reads the body, checks the limit and the content type, and answers with the report.
pub async fn diagnose(
    State(state): State<AppState>,
    request: Request<Body>,
) -> Result<Response, AppError> {
    let limit = state.config.paste_limit;
    // `?lang=zh` asks for the guides and the findings' titles in Chinese; without it the report
    // is the contract's, language-neutral but for English prose.
    let asked = super::localize::query_lang(request.uri().query())
        .and_then(|lang| lang.parse::<app::i18n::Lang>().ok());
    let content_type = super::media_type(request.headers());
    let viewer = request
        .extensions()
        .get::<app::viewer::Viewer>()
        .cloned()
        .unwrap_or_default();
    let is_json = match content_type.as_str() {
        "application/json" => true,
        "text/plain" => false,
        other => return Err(super::unsupported(other)),
    };
    let body_limit = if is_json {
        limit
            .saturating_mul(JSON_OVERHEAD_FACTOR)
            .saturating_add(1024)
    } else {
        limit
    };
    let bytes = to_bytes(request.into_body(), body_limit)
        .await
        .map_err(|error| crate::body::read_error(error, too_large(limit)))?;
    let text = if is_json {
        serde_json::from_slice::<DiagnoseBody>(&bytes)
            .map_err(|problem| {
                AppError::request(
                    StatusCode::BAD_REQUEST,
                    ErrorText::InvalidJson {
                        detail: problem.to_string(),
                    },
                )
            })?
            .text
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    if text.len() > limit {
        return Err(too_large(limit));
    }
    // The lab's notes only for those who may read the wiki.
    let knowledge = state.knowledge_for(&viewer);
    let reader = asked.unwrap_or(app::i18n::Lang::En);
    let mut advice = blocking::compute(ErrorText::AnalysisFailed, move || {
        let started = std::time::Instant::now();
        let advice = advice::advise_in(&text, &knowledge, reader);
        crate::metrics::analysis_took(started);
        advice
    })
    .await?;
    let asked = asked.filter(|lang| *lang != app::i18n::Lang::En);
    if let Some(lang) = asked {
        // the findings' words in that language; ids, kinds and amounts stay as they are
        for finding in &mut advice.report.findings {
            let title = labels::finding_title(lang, &finding.id, &finding.title);
            let evidence = labels::evidence(lang, finding);
            let because = labels::because(lang, finding);
            finding.title = title;
            finding.evidence = evidence;
            finding.because = because;
        }
    }
    let mut json = advice.json();
    json.lang = asked.map(app::i18n::Lang::as_str);
    Ok(Json(json).into_response())
}

fn too_large(limit: usize) -> AppError {
    AppError::request(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorText::TextTooLarge {
            limit: limit as u64,
        },
    )
}
