//! Who may do what. Every request is identified once ([`identify`]): by the lab's trusted proxy
//! header, by a session cookie, or as anonymous with a CSRF cookie of its own. Then the site's
//! settings gate reading and pasting ([`gate`]), and each handler that changes something checks
//! its form's CSRF token and the reader's role ([`require`]).

pub mod access;
mod cookies;
mod gate;
mod identify;
mod require;
pub mod throttle;

use std::net::IpAddr;

pub use access::{Access, AccessConfig};
pub use cookies::{
    is_token, read as read_cookie, session_cookie, set as set_cookie, SESSION_COOKIE,
};

/// The session token the request's cookie carries, if it looks like one.
pub fn session_token(headers: &axum::http::HeaderMap) -> Option<String> {
    cookies::read(headers, SESSION_COOKIE).filter(|t| cookies::is_token(t))
}

/// Whether the request came over HTTPS (as a trusted proxy says), put in every request's
/// extensions by [`identify`]: cookies set in answer to it are `Secure` then.
#[derive(Debug, Clone, Copy, Default)]
pub struct SecureRequest(pub bool);

/// The address of the person behind a request: the peer, or, when the peer is a trusted proxy,
/// the nearest address in `X-Forwarded-For` that is not itself a trusted proxy (the rightmost
/// ones were added by proxies we trust; anything left of them the client could have written).
/// Put in every request's extensions by [`identify`]; sign-in throttling counts by it, and the
/// request's log line says it.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

/// See [`ClientAddr`].
pub fn client_addr(
    access: &AccessConfig,
    peer: Option<IpAddr>,
    headers: &axum::http::HeaderMap,
) -> Option<IpAddr> {
    if !access.from_proxy(peer, headers) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|part| part.trim().parse().ok())
        .collect();
    forwarded
        .iter()
        .rev()
        .find(|addr| !access.trusted_address(Some(**addr)))
        .or(forwarded.first())
        .copied()
        .or(peer)
}

/// Whether cookies set for this request should be `Secure` (it came over HTTPS, as a trusted
/// proxy says).
pub fn secure_request(
    access: &AccessConfig,
    headers: &axum::http::HeaderMap,
    peer: Option<IpAddr>,
) -> bool {
    cookies::over_https(headers, access.from_proxy(peer, headers))
}
pub use gate::gate;
pub use identify::identify;
pub use require::{require_csrf, require_editor, require_signed_in};
