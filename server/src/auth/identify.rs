//! Works out who sent a request and puts an [`app::viewer::Viewer`] in its extensions: the
//! trusted proxy's header first (from a trusted address only), then the session cookie, else an
//! anonymous reader with a CSRF cookie. Sets the cookies that come of it on the response.

use std::net::SocketAddr;

use app::viewer::Viewer;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::SET_COOKIE;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::cookies::{self, CSRF_COOKIE, SESSION_COOKIE};
use super::Access;
use crate::state::AppState;

/// The middleware: identify, run the request, set the cookies.
pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let access = &state.config.access;
    let headers = request.headers().clone();
    let secure = cookies::over_https(&headers, access.from_proxy(peer, &headers));
    let session_token = cookies::read(&headers, SESSION_COOKIE).filter(|t| cookies::is_token(t));
    let proxy_name = access
        .trust_proxy_header
        .as_deref()
        .filter(|_| access.trusts(peer, &headers))
        .and_then(|name| headers.get(name))
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    let role = access.proxy_role;
    let wiki = state.wiki.clone();
    let had_session = session_token.is_some();
    // Most requests carry neither a session nor a proxy's name: no database work for them.
    let lookup = had_session || proxy_name.is_some();
    let found = if !lookup {
        Ok(Ok(Found {
            session: None,
            new_token: None,
        }))
    } else {
        tokio::task::spawn_blocking(move || -> Result<Found, wiki::WikiError> {
            let session = match &session_token {
                Some(token) => wiki.session(token)?,
                None => None,
            };
            let Some(name) = proxy_name else {
                return Ok(Found {
                    session,
                    new_token: None,
                });
            };
            // The proxy speaks for this request: its user, with a session of its own for the CSRF
            // token (kept while the proxy keeps naming the same user).
            let user = wiki.proxy_user(&name, role)?;
            match session {
                Some(session) if session.user.id == user.id => Ok(Found {
                    session: Some(session),
                    new_token: None,
                }),
                _ => {
                    let (token, session) = wiki.start_session(&user)?;
                    Ok(Found {
                        session: Some(session),
                        new_token: Some(token),
                    })
                }
            }
        })
        .await
    };
    let found = match found {
        Ok(Ok(found)) => found,
        Ok(Err(wiki::WikiError::BadUserName)) => {
            tracing::warn!("the proxy header names no valid user: treated as anonymous");
            Found {
                session: None,
                new_token: None,
            }
        }
        Ok(Err(error)) => {
            tracing::error!("cannot identify the request: {error}");
            return crate::app_error::AppError::internal(app::i18n::ErrorText::ServerFailed, error)
                .into_response();
        }
        Err(panicked) => {
            tracing::error!("cannot identify the request: {panicked}");
            return crate::app_error::AppError::internal(
                app::i18n::ErrorText::ServerFailed,
                panicked,
            )
            .into_response();
        }
    };
    let mut set_cookies: Vec<HeaderValue> = Vec::new();
    let (user, csrf) = match found.session {
        Some(session) => (Some(session.user), session.csrf),
        None => {
            if had_session {
                // An expired or unknown session: forget it.
                set_cookies.extend(cookies::session_cookie("", secure));
            }
            match cookies::read(&headers, CSRF_COOKIE).filter(|t| cookies::is_token(t)) {
                Some(token) => (None, token),
                None => match wiki::sessions::random_hex(32) {
                    Ok(token) => {
                        set_cookies.extend(cookies::set(
                            CSRF_COOKIE,
                            &token,
                            365 * 24 * 3600,
                            secure,
                        ));
                        (None, token)
                    }
                    Err(error) => {
                        tracing::error!("{error}");
                        (None, String::new())
                    }
                },
            }
        }
    };
    if let Some(token) = &found.new_token {
        set_cookies.extend(cookies::session_cookie(token, secure));
    }
    let viewer = Viewer {
        user,
        csrf,
        open_reading: access.read == Access::Open,
        open_pasting: access.paste == Access::Open,
        via_proxy: access.trust_proxy_header.is_some(),
    };
    request.extensions_mut().insert(viewer);
    request
        .extensions_mut()
        .insert(super::SecureRequest(secure));
    let client = super::client_addr(access, peer, &headers);
    if let Some(client) = client {
        tracing::Span::current().record("client", tracing::field::display(client));
    }
    request.extensions_mut().insert(super::ClientAddr(client));
    let mut response = next.run(request).await;
    for cookie in set_cookies {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
}

struct Found {
    session: Option<wiki::sessions::Session>,
    /// A session started now (for a proxy user): its token goes in the cookie.
    new_token: Option<String>,
}
