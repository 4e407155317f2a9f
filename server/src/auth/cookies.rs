//! The two cookies: the session's token, and an anonymous reader's CSRF token (the double-submit
//! pattern: a cross-site form cannot read the cookie to copy it into the form). Both `HttpOnly`
//! and `SameSite=Lax`, and `Secure` when the request came over HTTPS.

use axum::http::{header, HeaderMap, HeaderValue};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "oomlens_session";
/// An anonymous reader's CSRF cookie.
pub const CSRF_COOKIE: &str = "oomlens_csrf";

/// The value of cookie `name` in the request, if any.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim().to_string())
}

/// Whether `value` looks like one of our tokens (64 lowercase hex digits): anything else in a
/// cookie is ignored, never looked up.
pub fn is_token(value: &str) -> bool {
    value.len() == 64
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether the request came over HTTPS (directly, or as a trusted proxy says).
pub fn over_https(headers: &HeaderMap, trusted: bool) -> bool {
    trusted
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// A `Set-Cookie` value: `max_age` seconds (0 removes the cookie).
pub fn set(name: &str, value: &str, max_age: i64, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    ))
    .ok()
}

/// The session cookie for `token` (empty token: the cookie removed).
pub fn session_cookie(token: &str, secure: bool) -> Option<HeaderValue> {
    let age = if token.is_empty() {
        0
    } else {
        wiki::sessions::SESSION_SECONDS
    };
    set(SESSION_COOKIE, token, age, secure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_read_among_others_and_set_with_its_attributes() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("oomlens_lang=zh; oomlens_session=abc"),
        );
        assert_eq!(read(&headers, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(read(&headers, CSRF_COOKIE), None);
        let cookie = session_cookie("t", true).unwrap_or_else(|| panic!("a value"));
        assert_eq!(
            cookie.to_str().ok(),
            Some("oomlens_session=t; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure")
        );
        assert!(is_token(&"a1".repeat(32)));
        assert!(!is_token("../etc"));
    }
}
