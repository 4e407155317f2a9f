//! `GET/POST /signin`, `POST /signout`.

use std::net::SocketAddr;

use app::i18n::{tr, ErrorText};
use app::signin::SignInView;
use app::{PageOverride, WikiView};
use axum::extract::{ConnectInfo, Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use crate::app_error::AppError;
use crate::auth::{require_csrf, session_cookie};
use crate::blocking;
use crate::state::AppState;
use crate::web::render::{render_page, PageRequest};

#[derive(Debug, Deserialize)]
pub struct Next {
    #[serde(default)]
    next: String,
}

/// Where to go after signing in: a local path only (`/kb/x`), never another site.
pub fn local_path(next: &str) -> String {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control());
    if ok {
        next.to_string()
    } else {
        "/".to_string()
    }
}

fn page(data: SignInView) -> PageOverride {
    PageOverride::Wiki(Box::new(WikiView::SignIn(data)))
}

/// The sign-in form.
pub async fn form(
    State(state): State<AppState>,
    request: PageRequest,
    Query(next): Query<Next>,
) -> Response {
    let data = SignInView {
        next: local_path(&next.next),
        status: 200,
        ..SignInView::default()
    };
    render_page(&state, &request, page(data)).await
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Checks the password (throttled per account and address); a session cookie and the next page,
/// or the form again with why.
pub async fn sign_in(
    State(state): State<AppState>,
    axum::Extension(crate::auth::ClientAddr(addr)): axum::Extension<crate::auth::ClientAddr>,
    request: PageRequest,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    require_csrf(&request.viewer, &form.csrf)?;
    let name = form.name.trim().to_string();
    if let Err(seconds) = state.throttle.check(&name, addr) {
        let mut response = AppError::request(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorText::TooManyAttempts { seconds },
        )
        .into_response();
        if let Ok(value) = seconds.to_string().parse() {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, value);
        }
        return Ok(response);
    }
    let wiki = state.wiki.clone();
    let (who, password) = (name.clone(), form.password.clone());
    let user = blocking::run(ErrorText::WikiFailed, move || {
        wiki.check_password(&who, &password)
    })
    .await?;
    let Some(user) = user else {
        state.throttle.failed(&name, addr);
        let data = SignInView {
            next: local_path(&form.next),
            name,
            error: Some(tr(request.lang(), "signin-failed")),
            status: 401,
        };
        return Ok(render_page(&state, &request, page(data)).await);
    };
    state.throttle.succeeded(&name);
    let wiki = state.wiki.clone();
    let (token, _) =
        blocking::run(ErrorText::WikiFailed, move || wiki.start_session(&user)).await?;
    let secure = crate::auth::secure_request(&state.config.access, &request.headers, addr);
    let mut response =
        (StatusCode::SEE_OTHER, [(LOCATION, local_path(&form.next))]).into_response();
    if let Some(cookie) = session_cookie(&token, secure) {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf: String,
}

/// Ends the session and forgets its cookie.
pub async fn sign_out(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: PageRequest,
    Form(form): Form<SignOutForm>,
) -> Result<Response, AppError> {
    require_csrf(&request.viewer, &form.csrf)?;
    if let Some(token) = crate::auth::session_token(&request.headers) {
        let wiki = state.wiki.clone();
        blocking::run(ErrorText::WikiFailed, move || wiki.end_session(&token)).await?;
    }
    let secure =
        crate::auth::secure_request(&state.config.access, &request.headers, Some(peer.ip()));
    let mut response = (StatusCode::SEE_OTHER, [(LOCATION, "/")]).into_response();
    if let Some(cookie) = session_cookie("", secure) {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path("/kb/fragmentation"), "/kb/fragmentation");
        assert_eq!(local_path("//evil.example/x"), "/");
        assert_eq!(local_path("/\\evil.example"), "/");
        assert_eq!(local_path("https://evil.example"), "/");
        assert_eq!(local_path(""), "/");
    }
}
