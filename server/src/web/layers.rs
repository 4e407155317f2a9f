//! What every answer goes through, around the router: metrics, the request log, time and
//! concurrency limits, compression, the page cache, sign-in, the security headers.
//!
//! These wrap the router once, as one tower stack, rather than each route (`Router::layer`).
//! A route's layers are boxed one inside the other, and axum clones a route's whole box chain at
//! every level of a call, so with twenty layers a cached page made some two hundred allocations
//! before its handler ran: a tenth of its CPU under load (`perf`, BENCHMARKS.md "Stop 22"). Only
//! what needs to know the route stays inside (`metrics::note_route`, the pages' error pages).

use std::convert::Infallible;
use std::time::Duration;

use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware;
use axum::response::Response;
use axum::Router;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower::{Service, ServiceBuilder};
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutBody, TimeoutLayer};

use super::{
    base_path, compression, error_bodies, html, logging, page_cache, CONTENT_SECURITY_POLICY,
    PERMISSIONS_POLICY,
};
use crate::state::AppState;

/// The site: `router` inside the layers every answer goes through, outermost first.
pub fn around(
    state: AppState,
    router: Router,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone + Send + 'static
{
    ServiceBuilder::new()
        // outermost: counts every answer, the refused and timed-out ones too
        .layer(middleware::from_fn(crate::metrics::record))
        .layer(logging::layer())
        // A body that pauses longer than this frees its connection (between frames: a steady
        // slow upload is not cut).
        .layer(RequestBodyTimeoutLayer::new(Duration::from_secs(
            state.config.body_timeout,
        )))
        // the layers below take axum's body type
        .map_request(|request: Request<TimeoutBody<Body>>| request.map(Body::new))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            compression::compress,
        ))
        // after the page is finished (its ETag is of the page before the prefix: as good a tag)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            base_path::outbound,
        ))
        // before compression: it reads and rewrites the page's bytes
        .layer(middleware::from_fn(html::finish))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::auth::identify,
        ))
        .layer(middleware::from_fn(crate::auth::gate))
        // inside the gate (only what this reader may read) and outside the headers (kept with them)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            page_cache::serve,
        ))
        .map_response(with_site_headers)
        // answers no handler wrote (405, rejections, 414, 431, the 503s below) in the route's format
        .layer(middleware::from_fn_with_state(
            state.clone(),
            error_bodies::uniform,
        ))
        .layer(middleware::from_fn(error_bodies::sizes))
        // a bound on requests at once (shed, not queued), and a time limit for every request
        .layer(HandleErrorLayer::new(|_: tower::BoxError| async {
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, HeaderValue::from_static("1"))],
            )
        }))
        .load_shed()
        .layer(GlobalConcurrencyLimitLayer::new(
            usize::try_from(state.config.max_requests).unwrap_or(usize::MAX),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(state.config.request_timeout),
        ))
        .service(router)
}

/// The headers of every answer, unless its handler set its own: one step, rather than a layer
/// each, since every layer is cloned into every request.
const SITE_HEADERS: [(HeaderName, HeaderValue); 7] = [
    // Pages and answers are checked again on each use and kept by no shared cache: a paste, a
    // signed-in page's token and name are one reader's (assets set their own long caching).
    (
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    ),
    (
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(PERMISSIONS_POLICY),
    ),
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    // No inline script or style anywhere: the optional JavaScript is /assets/paste.js, the
    // styles one stylesheet; nothing may frame the site, and forms post to it only.
    (
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    ),
    (
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    ),
    (
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ),
];

fn with_site_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in SITE_HEADERS {
        if !headers.contains_key(&name) {
            headers.insert(name, value);
        }
    }
    response
}
