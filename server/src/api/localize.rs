//! The language of a request: `?lang=en|zh` when the API's client names it, else the cookie the
//! site's switch sets, else `Accept-Language`, else English. The API's error bodies carry their
//! `message` in that language (their `error` stays English and their `code` stable).

use app::i18n::{from_headers, Lang};
use axum::body::Body;
use axum::extract::Request;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::app_error::{json_body, ErrorReply};

/// The language `headers` (and `?lang=`, when given) ask for.
pub fn request_lang(headers: &HeaderMap, query_lang: Option<&str>) -> Lang {
    query_lang
        .and_then(|l| l.parse::<Lang>().ok())
        .unwrap_or_else(|| from_headers(headers))
}

/// `lang` of a query string, if it has one.
pub fn query_lang(query: Option<&str>) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(name, _)| name == "lang")
        .map(|(_, value)| value.into_owned())
}

/// Puts an API error's `message` in the request's language.
pub async fn localize(request: Request<Body>, next: Next) -> Response {
    let lang = request_lang(
        request.headers(),
        query_lang(request.uri().query()).as_deref(),
    );
    let response = next.run(request).await;
    if lang == Lang::En {
        return response;
    }
    let Some(reply) = response.extensions().get::<ErrorReply>().cloned() else {
        return response;
    };
    let mut localized = (
        reply.status,
        Json(json_body(reply.status, &reply.text, lang)),
    )
        .into_response();
    localized.extensions_mut().insert(reply);
    localized
}
