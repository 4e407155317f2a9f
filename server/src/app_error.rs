//! One error type for every handler. A handler returns `Result<_, AppError>` and uses `?`; the
//! error answers for itself:
//!
//! - JSON `{"error": MESSAGE, "status": STATUS}` by default, which is what the API's routes send;
//! - on the site's page routes, [`crate::web::error_pages`] replaces that body with the site's error
//!   page, the same title and message drawn in the layout (the route's kind decides, not the handler).
//!
//! A 4xx carries its message for the user. A 5xx is logged with its cause, once, where it becomes
//! a response; the user reads only what failed ("The paste could not be saved."), never the cause.

use std::error::Error as StdError;
use std::fmt;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

type Cause = Box<dyn StdError + Send + Sync + 'static>;

/// An error a handler answers with: status, a short title, a message for the user, and for a 5xx
/// the cause that is logged and never shown.
#[derive(Debug)]
pub struct AppError {
    status: StatusCode,
    title: String,
    message: String,
    cause: Option<Cause>,
}

impl AppError {
    /// A problem with the request (`status` should be a 4xx): `title` and `message` are shown.
    pub fn request(
        status: StatusCode,
        title: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status,
            title: title.into(),
            message: message.into(),
            cause: None,
        }
    }

    /// A failure of the server (500): `what` says what failed, in the user's terms ("The paste
    /// could not be saved."); `cause` goes to the log only.
    pub fn internal(what: impl Into<String>, cause: impl Into<Cause>) -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            title: "Something went wrong on our side".to_string(),
            message: format!(
                "{} The server log has the details; try again in a moment.",
                what.into()
            ),
            cause: Some(cause.into()),
        }
    }

    /// The status it answers with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The message shown to the user.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status, self.message)?;
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
            tracing::error!(status = self.status.as_u16(), %cause, "{}", self.message);
        }
        let body = json!({ "error": self.message, "status": self.status.as_u16() });
        let mut response = (self.status, Json(body)).into_response();
        response.extensions_mut().insert(app::ErrorInfo {
            status: self.status.as_u16(),
            title: self.title,
            message: self.message,
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
        Self::internal("The server could not answer this request.", error)
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
        let error = AppError::request(
            StatusCode::BAD_REQUEST,
            "Unknown example",
            "No example \"x\".",
        );
        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let info = response.extensions().get::<app::ErrorInfo>().cloned();
        assert_eq!(info.map(|i| i.title), Some("Unknown example".to_string()));
        assert_eq!(
            body(response).await,
            json!({"error": "No example \"x\".", "status": 400})
        );
    }

    #[tokio::test]
    async fn a_server_error_never_shows_its_cause() {
        let cause = std::io::Error::other("disk /secret/path is full");
        let error = AppError::internal("The paste could not be saved.", cause);
        assert!(error.to_string().contains("/secret/path"), "the log has it");
        let response = error.into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let text = body(response).await.to_string();
        assert!(!text.contains("secret"), "{text}");
        assert!(text.contains("The paste could not be saved."), "{text}");
    }
}
