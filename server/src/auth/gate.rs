//! The site's settings, applied by path before any handler runs: with `--read signed-in` an
//! anonymous reader of the wiki is sent to sign in (the API answers 401); with `--paste
//! signed-in` so is one who pastes. Signing in, assets, the health check and the language switch
//! stay open, or nobody could sign in.

use app::i18n::ErrorText;
use app::viewer::Viewer;
use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app_error::AppError;

/// What a path is, for the settings.
#[derive(Debug, PartialEq, Eq)]
enum Area {
    /// Pages, search, history, recent changes, the search API.
    Reading,
    /// Sending a paste, or reading one.
    Pasting,
    /// Always open: signing in, assets, health, the language switch, the home page.
    Open,
}

fn area(method: &Method, path: &str) -> Area {
    let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    // A page form sent back: its handler checks the editor itself and, when it refuses, returns
    // the form with the typed text (only that); sent to sign in here, the text would be lost.
    let page_form = path == "/new" || (under("/kb") && path.ends_with("/edit"));
    if method == Method::POST && page_form {
        Area::Open
    } else if under("/kb")
        || under("/search")
        || under("/recent")
        || path == "/recent.atom"
        || under("/api/search")
        || under("/new")
    {
        Area::Reading
    } else if (method == Method::POST && (path == "/diagnose" || path == "/api/diagnose"))
        || under("/d")
    {
        Area::Pasting
    } else {
        Area::Open
    }
}

/// The middleware (after [`super::identify`]).
pub async fn gate(request: Request, next: Next) -> Response {
    let viewer = request
        .extensions()
        .get::<Viewer>()
        .cloned()
        .unwrap_or_default();
    let allowed = match area(request.method(), request.uri().path()) {
        Area::Reading => viewer.can_read(),
        Area::Pasting => viewer.can_paste(),
        Area::Open => true,
    };
    if allowed {
        return next.run(request).await;
    }
    let path = request.uri().path();
    if path.starts_with("/api/") {
        return AppError::request(StatusCode::UNAUTHORIZED, ErrorText::SignInRequired)
            .into_response();
    }
    if request.method() == Method::GET {
        let next_url = request.uri().path_and_query().map_or("/", |p| p.as_str());
        let target = format!(
            "/signin?next={}",
            percent_encoding::utf8_percent_encode(next_url, percent_encoding::NON_ALPHANUMERIC)
        );
        return (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response();
    }
    AppError::request(StatusCode::UNAUTHORIZED, ErrorText::SignInRequired).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fall_in_their_areas() {
        assert_eq!(area(&Method::GET, "/kb"), Area::Reading);
        assert_eq!(
            area(&Method::GET, "/kb/fragmentation/history"),
            Area::Reading
        );
        assert_eq!(area(&Method::GET, "/kbx"), Area::Open);
        assert_eq!(area(&Method::GET, "/search"), Area::Reading);
        assert_eq!(area(&Method::GET, "/recent.atom"), Area::Reading);
        assert_eq!(area(&Method::POST, "/diagnose"), Area::Pasting);
        assert_eq!(area(&Method::GET, "/d/abc"), Area::Pasting);
        assert_eq!(area(&Method::GET, "/"), Area::Open);
        assert_eq!(area(&Method::GET, "/signin"), Area::Open);
        assert_eq!(area(&Method::GET, "/assets/style.css"), Area::Open);
        // a page form sent back is its handler's to refuse, with the typed text
        assert_eq!(area(&Method::POST, "/new"), Area::Open);
        assert_eq!(area(&Method::POST, "/kb/x/edit"), Area::Open);
        assert_eq!(area(&Method::GET, "/new"), Area::Reading);
        assert_eq!(area(&Method::GET, "/kb/x/edit"), Area::Reading);
        assert_eq!(area(&Method::POST, "/kb/x/delete"), Area::Reading);
    }
}
