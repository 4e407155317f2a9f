//! Reading a request body: what went wrong, said truly. A body over the route's limit is a 413;
//! one that stopped arriving (the client stalled past `--body-timeout`, or hung up) is a 408 or a
//! 400, and the log says which, rather than calling every failed read "too large".

use axum::http::StatusCode;
use http_body_util::LengthLimitError;
use tower_http::timeout::TimeoutError;

use app::i18n::ErrorText;

use crate::app_error::AppError;

/// Every cause in `error`'s chain, itself first.
fn causes<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(error), |e| e.source())
}

/// Whether `error` (a body read's, or an extractor's rejection) is a body that stalled past
/// `--body-timeout`.
pub fn stalled(error: &(dyn std::error::Error + 'static)) -> bool {
    causes(error).any(|e| e.is::<TimeoutError>())
}

/// The error for a body that could not be read whole: `too_large` when it passed the limit.
pub fn read_error(error: axum::Error, too_large: AppError) -> AppError {
    if causes(&error).any(|e| e.is::<LengthLimitError>()) {
        return too_large;
    }
    if stalled(&error) {
        tracing::info!("request body stalled past the body timeout");
        return AppError::request(StatusCode::REQUEST_TIMEOUT, ErrorText::BodyTimedOut);
    }
    tracing::info!(cause = %error, "request body did not arrive whole");
    AppError::request(
        StatusCode::BAD_REQUEST,
        ErrorText::BodyIncomplete {
            detail: error.to_string(),
        },
    )
}
