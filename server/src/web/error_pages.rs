//! The site's page routes answer an [`AppError`](crate::app_error::AppError) with the site's
//! error page: this layer finds the error a handler returned ([`ErrorReply`]) and draws it in the
//! layout, in the reader's language, with the error's status. API routes are not behind it and keep the JSON body.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::render::{render_page, PageRequest};
use crate::app_error::ErrorReply;
use crate::state::AppState;

/// Runs the handler; an error response becomes the error page for the same URL.
pub async fn render(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let page_request = PageRequest::of(&request);
    let response = next.run(request).await;
    let Some(reply) = response.extensions().get::<ErrorReply>().cloned() else {
        return response;
    };
    let lang = page_request.lang();
    let info = app::ErrorInfo {
        status: reply.status.as_u16(),
        title: reply.text.title(lang),
        message: reply.text.message(lang),
    };
    let status = response.status();
    let mut page = render_page(&state, &page_request, app::PageOverride::Error(info)).await;
    *page.status_mut() = status;
    // What the error said to clients besides its body (when to try again) stays.
    if let Some(retry) = response.headers().get(axum::http::header::RETRY_AFTER) {
        page.headers_mut()
            .insert(axum::http::header::RETRY_AFTER, retry.clone());
    }
    page
}
