//! Checks a handler makes before it changes anything: the form's CSRF token, and the reader's
//! role. Anonymous → 401 (sign in), signed in without the role → 403, bad token → 403.

use app::i18n::ErrorText;
use app::viewer::Viewer;
use axum::http::StatusCode;

use crate::app_error::AppError;

/// The form's token is the reader's (compared in constant time: the token is a secret).
///
/// # Errors
/// 403 [`ErrorText::CsrfFailed`].
pub fn require_csrf(viewer: &Viewer, token: &str) -> Result<(), AppError> {
    let expected = viewer.csrf.as_bytes();
    let given = token.as_bytes();
    let same = !expected.is_empty()
        && expected.len() == given.len()
        && expected
            .iter()
            .zip(given)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if same {
        Ok(())
    } else {
        Err(AppError::request(
            StatusCode::FORBIDDEN,
            ErrorText::CsrfFailed,
        ))
    }
}

/// Someone is signed in.
///
/// # Errors
/// 401 [`ErrorText::SignInRequired`].
pub fn require_signed_in(viewer: &Viewer) -> Result<&wiki::User, AppError> {
    viewer
        .user
        .as_ref()
        .ok_or_else(|| AppError::request(StatusCode::UNAUTHORIZED, ErrorText::SignInRequired))
}

/// An editor or admin is signed in.
///
/// # Errors
/// 401 when nobody is, 403 [`ErrorText::NotAllowed`] for a viewer.
pub fn require_editor(viewer: &Viewer) -> Result<&wiki::User, AppError> {
    let user = require_signed_in(viewer)?;
    if viewer.can_edit() {
        Ok(user)
    } else {
        Err(AppError::request(
            StatusCode::FORBIDDEN,
            ErrorText::NotAllowed,
        ))
    }
}
