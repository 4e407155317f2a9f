//! Setting the HTTP status of a server-rendered page.

use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// Marks the response being rendered with `status` (e.g. 404 for a page that does not exist).
pub fn set_http_status(status: u16) {
    if let (Some(response), Ok(code)) = (
        use_context::<ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(code);
    }
}
