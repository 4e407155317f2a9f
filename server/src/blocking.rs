//! Work that blocks (the paste store, analysis) runs on tokio's blocking pool; its error and a
//! panic of the task both become an [`AppError`] that says what failed and logs why.

use std::error::Error as StdError;

use app::i18n::ErrorText;

use crate::app_error::AppError;

/// Runs `work` on the blocking pool. `what` says, in the user's terms, what failed if it fails
/// ([`ErrorText::SaveFailed`]); the error itself, or the task's panic, is the logged cause.
pub async fn run<T, E>(
    what: ErrorText,
    work: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, AppError>
where
    T: Send + 'static,
    E: StdError + Send + Sync + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(AppError::internal(what, error)),
        Err(panicked) => Err(AppError::internal(what, panicked)),
    }
}

/// [`run`] for work that cannot fail but for a panic.
pub async fn compute<T: Send + 'static>(
    what: ErrorText,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    run(what, move || Ok::<T, std::convert::Infallible>(work())).await
}
