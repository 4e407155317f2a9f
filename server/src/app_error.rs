//! One error type for every handler. A handler returns `Result<_, AppError>` and uses `?`; the
//! error answers for itself:
//!
//! - JSON `{"error": ENGLISH MESSAGE, "code": STABLE CODE, "message": MESSAGE, "status": STATUS}` by
//!   default, which is what the API's routes send (`crate::api::localize` puts `message` in the
//!   language the client asked for);
//! - on the site's page routes, [`crate::web::error_pages`] replaces that body with the site's error
//!   page, title and message in the reader's language (the route's kind decides, not the handler).
//!
//! What it says is an [`ErrorText`] from the catalogues. A 4xx carries it for the user. A 5xx is
//! logged with its cause, once, where it becomes a response; the user reads only what failed ("The
//! paste could not be saved."), never the cause.

use std::error::Error as StdError;
use std::fmt;

use app::i18n::{ErrorText, Lang};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

type Cause = Box<dyn StdError + Send + Sync + 'static>;

/// An error a handler answers with: status, what to say (an [`ErrorText`] from the catalogues),
/// and for a 5xx the cause that is logged and never shown.
#[derive(Debug)]
pub struct AppError {
    status: StatusCode,
    text: ErrorText,
    cause: Option<Cause>,
    /// Seconds to send in `Retry-After` (a 503 or 429).
    retry_after: Option<u64>,
}

/// What an error response carries for the layers that localize it: its status and text.
#[derive(Debug, Clone)]
pub struct ErrorReply {
    pub status: StatusCode,
    pub text: ErrorText,
}

impl AppError {
    /// A problem with the request (`status` should be a 4xx), said by `text`.
    pub fn request(status: StatusCode, text: ErrorText) -> Self {
        Self {
            status,
            text,
            cause: None,
            retry_after: None,
        }
    }

    /// The same error, telling the client to try again after `seconds` (`Retry-After`).
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// A failure of the server (500): `text` says what failed, in the user's terms ("The paste
    /// could not be saved."); `cause` goes to the log only.
    pub fn internal(text: ErrorText, cause: impl Into<Cause>) -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            text,
            cause: Some(cause.into()),
            retry_after: None,
        }
    }

    /// The status it answers with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The message shown to the user, in English.
    pub fn message(&self) -> String {
        self.text.message(Lang::En)
    }
}

/// The JSON body of an error: `error` in English (what clients have always read), a stable
/// `code`, and `message` in `lang`.
pub fn json_body(status: StatusCode, text: &ErrorText, lang: Lang) -> serde_json::Value {
    json!({
        "error": text.message(Lang::En),
        "code": text.code(),
        "message": text.message(lang),
        "status": status.as_u16(),
    })
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status, self.message())?;
        if let Some(cause) = &self.cause {
            write!(f, " (cause: {cause})")?;
        }
        Ok(())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            let cause = self
                .cause
                .as_ref()
                .map_or_else(|| "unknown".to_string(), |c| error_chain(c.as_ref()));
            tracing::error!(status = self.status.as_u16(), %cause, "{}", self.message());
        }
        let body = json_body(self.status, &self.text, Lang::En);
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response.extensions_mut().insert(ErrorReply {
            status: self.status,
            text: self.text,
        });
        response
    }
}

/// `error: its source: its source`, for the log.
fn error_chain(error: &(dyn StdError + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(next) = source {
        text.push_str(": ");
        text.push_str(&next.to_string());
        source = next.source();
    }
    text
}

impl From<crate::error::ServerError> for AppError {
    fn from(error: crate::error::ServerError) -> Self {
        Self::internal(ErrorText::ServerFailed, error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body(response: Response) -> serde_json::Value {
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap_or_else(|e| panic!("body: {e}"));
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("json: {e}"))
    }

    #[tokio::test]
    async fn a_request_error_carries_its_message() {
        let text = ErrorText::UnknownExample { id: "x".into() };
        let error = AppError::request(StatusCode::BAD_REQUEST, text.clone());
        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let reply = response.extensions().get::<ErrorReply>().cloned();
        assert_eq!(reply.map(|r| r.text), Some(text));
        assert_eq!(
            body(response).await,
            json!({
                "error": "There is no example called \"x\".",
                "code": "unknown-example",
                "message": "There is no example called \"x\".",
                "status": 400
            })
        );
    }

    #[tokio::test]
    async fn a_server_error_never_shows_its_cause() {
        let cause = std::io::Error::other("disk /secret/path is full");
        let error = AppError::internal(ErrorText::SaveFailed, cause);
        assert!(error.to_string().contains("/secret/path"), "the log has it");
        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let text = body(response).await.to_string();
        assert!(!text.contains("secret"), "{text}");
        assert!(text.contains("The paste could not be saved."), "{text}");
    }
}
