//! `GET /lang/{en|zh}?back=PATH`: the header's language switch. Sets the `oomlens_lang` cookie for a
//! year and sends the browser back to the page it came from, so the switch works as a plain link,
//! without JavaScript. Only a path on this site is followed back (`/...`, not `//host`).

use axum::extract::{Path, Query};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use app::i18n::ErrorText;

use crate::app_error::AppError;

/// Where to return after the switch.
#[derive(Debug, Deserialize)]
pub struct Back {
    back: Option<String>,
}

/// Sets the language cookie and answers `303 See Other` to `back` (the home page without one).
pub async fn switch(
    Path(code): Path<String>,
    Query(back): Query<Back>,
) -> Result<Response, AppError> {
    // Only the two codes themselves: `/lang/zh-TW` is not a switch anyone's page links to.
    let lang = match code.as_str() {
        "en" => kb::Lang::En,
        "zh" => kb::Lang::Zh,
        _ => {
            let text = ErrorText::NoSuchLanguage { code: code.clone() };
            return Err(AppError::request(StatusCode::NOT_FOUND, text));
        }
    };
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        app::i18n::LANG_COOKIE,
        lang.as_str()
    );
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, cookie),
            (header::LOCATION, local_path(back.back.as_deref())),
        ],
    )
        .into_response())
}

/// `back` when it is a path on this site, the home page otherwise.
fn local_path(back: Option<&str>) -> String {
    match back {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(char::is_control) =>
        {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_paths_on_this_site_are_followed_back() {
        assert_eq!(
            local_path(Some("/kb?tag=allocator&lang=zh")),
            "/kb?tag=allocator&lang=zh"
        );
        assert_eq!(local_path(Some("/d/0123456789ab")), "/d/0123456789ab");
        assert_eq!(local_path(Some("//evil.example/")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(Some("https://evil.example/")), "/");
        assert_eq!(local_path(Some("/a\r\nSet-Cookie: x=1")), "/");
        assert_eq!(local_path(None), "/");
    }
}
