//! `/api/estimate`: will a run fit? `POST` a JSON object, or `GET` with the same fields as a
//! query string; the answer is `estimate::Answer` (documented in `docs/estimate.md`), the same
//! object `oomlens estimate --json` prints. Fields at fault answer 400 with each one named.

use axum::body::{to_bytes, Body};
use axum::extract::{RawQuery, Request};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use app::i18n::{ErrorText, Lang};

use crate::app_error::AppError;

/// A config.json is a few KiB; this leaves room and bounds the work.
const BODY_LIMIT: usize = 256 * 1024;

/// The answer, or 400 naming every field at fault (`fields[]`: `field`, `code`, `message` in
/// the client's language; `error` and `message` say the first).
pub fn answer(object: &Map<String, Value>, lang: Lang) -> Response {
    match estimate::Request::from_json(object).and_then(|request| request.plan()) {
        Ok(planned) => Json(planned.answer()).into_response(),
        Err(errors) => refused(&errors, lang),
    }
}

fn refused(errors: &[estimate::FieldError], lang: Lang) -> Response {
    let fields: Vec<Value> = errors
        .iter()
        .map(|e| {
            json!({
                "field": e.field,
                "code": e.code,
                "error": e.message,
                "message": app::estimate_field_error(lang, e),
            })
        })
        .collect();
    let first = errors.first();
    let body = json!({
        "error": first.map_or_else(String::new, |e| e.message.clone()),
        "code": "invalid-estimate",
        "message": first.map_or_else(String::new, |e| app::estimate_field_error(lang, e)),
        "status": 400,
        "fields": fields,
    });
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

/// The query's fields as strings (a repeated field: its last value; `lang` is not a field).
pub fn query_fields(query: Option<&str>) -> Map<String, Value> {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .filter(|(name, _)| name != "lang")
        .map(|(name, value)| (name.into_owned(), Value::String(value.into_owned())))
        .collect()
}

/// `GET /api/estimate?model=gpt2&batch=8`.
pub async fn get(headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let lang = super::request_lang(
        &headers,
        super::localize::query_lang(query.as_deref()).as_deref(),
    );
    answer(&query_fields(query.as_deref()), lang)
}

/// `POST /api/estimate` with a JSON object.
pub async fn post(request: Request<Body>) -> Result<Response, AppError> {
    let lang = super::request_lang(
        request.headers(),
        super::localize::query_lang(request.uri().query()).as_deref(),
    );
    let content_type = super::media_type(request.headers());
    if content_type != "application/json" {
        return Err(super::unsupported(&content_type));
    }
    let too_large = AppError::request(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorText::TextTooLarge {
            limit: BODY_LIMIT as u64,
        },
    );
    let bytes = to_bytes(request.into_body(), BODY_LIMIT)
        .await
        .map_err(|error| crate::body::read_error(error, too_large))?;
    let invalid = |detail: String| {
        AppError::request(StatusCode::BAD_REQUEST, ErrorText::InvalidJson { detail })
    };
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| invalid(e.to_string()))?;
    let Value::Object(object) = value else {
        return Err(invalid(
            "the body must be a JSON object of an estimate's fields".into(),
        ));
    };
    Ok(answer(&object, lang))
}
