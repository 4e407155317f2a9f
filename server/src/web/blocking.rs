//! Store calls run on the blocking pool; their error and a panic of the task end the same way.

use std::fmt::Display;

/// Runs `work` on the blocking pool. A failure (its error, or the task panicking) becomes a message
/// for the log: the caller answers with an error page either way.
pub async fn run<T, E>(work: impl FnOnce() -> Result<T, E> + Send + 'static) -> Result<T, String>
where
    T: Send + 'static,
    E: Display + Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(error.to_string()),
        Err(error) => Err(error.to_string()),
    }
}
