//! `GET /metrics`: Prometheus text, through the `metrics` facade and its Prometheus recorder.
//!
//! What is measured:
//! - `oomlens_http_requests_total{route,method,status}` and
//!   `oomlens_http_request_duration_seconds{route,method}`: every request, by its route's pattern
//!   (`/d/{id}`, never the id itself, so the series stay few); `unmatched` for a 404 and for a
//!   request refused before routing (too long, too many at once);
//! - `oomlens_analysis_duration_seconds`: analysing a paste (pages and the API);
//! - `oomlens_search_duration_seconds`: every knowledge-base search (recorded in `kb`);
//! - at each scrape: `oomlens_pastes`, `oomlens_paste_bytes`, `oomlens_kb_pages{lang,origin}`,
//!   `oomlens_kb_refreshes_total`, `oomlens_pastes_removed_total{reason}`, and
//!   `oomlens_build_info{version}` (always 1).
//!
//! Who may read it: peers in `--metrics-from` (loopback by default); anyone else gets the 404
//! page, as if there were nothing there. A proxy on the same machine is loopback too, so the
//! proxy examples in `deploy/` refuse `/metrics` themselves.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::state::AppState;

/// Histogram buckets in seconds: 100 µs to 10 s, dense where pages and searches fall (ms).
const BUCKETS: [f64; 14] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 2.5, 10.0,
];

/// How often histogram samples are folded into their buckets.
const UPKEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// The process's recorder, installed on first use. `None` when another recorder was installed
/// first (a program embedding the server): metrics are then that program's business.
pub fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let installed = PrometheusBuilder::new()
                .set_buckets(&BUCKETS)
                .and_then(PrometheusBuilder::install_recorder);
            match installed {
                Ok(handle) => {
                    // the recorder keeps every histogram sample until upkeep folds them into
                    // buckets: without a scrape for an hour, that is every request's timing
                    let upkeep = handle.clone();
                    let spawned = std::thread::Builder::new()
                        .name("metrics-upkeep".into())
                        .spawn(move || loop {
                            std::thread::sleep(UPKEEP_EVERY);
                            upkeep.run_upkeep();
                        });
                    if let Err(error) = spawned {
                        tracing::warn!("metrics upkeep thread not started: {error}");
                    }
                    Some(handle)
                }
                Err(error) => {
                    tracing::warn!("metrics are off: {error}");
                    None
                }
            }
        })
        .as_ref()
}

/// Where the router notes the route that answered, for [`record`] to read once the answer is
/// back: the request itself went into the router, and an answer made outside it (a time-out)
/// carries nothing.
#[derive(Clone, Default)]
struct RouteSlot(Arc<OnceLock<MatchedPath>>);

/// The middleware inside the router: notes the matched route's pattern in the request's
/// [`RouteSlot`].
pub async fn note_route(request: Request, next: Next) -> Response {
    if let (Some(slot), Some(path)) = (
        request.extensions().get::<RouteSlot>(),
        request.extensions().get::<MatchedPath>(),
    ) {
        let _ = slot.0.set(path.clone());
    }
    next.run(request).await
}

/// The outermost middleware: counts and times every request by its route's pattern, or as
/// `unmatched` when no route took it (a 404, or a request refused before routing).
pub async fn record(mut request: Request, next: Next) -> Response {
    let slot = RouteSlot::default();
    request.extensions_mut().insert(slot.clone());
    let method = request.method().as_str().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let seconds = started.elapsed().as_secs_f64();
    let route = slot
        .0
        .get()
        .map_or_else(|| "unmatched".to_string(), |path| path.as_str().to_string());
    let status = response.status().as_u16().to_string();
    metrics::counter!("oomlens_http_requests_total",
        "route" => route.clone(), "method" => method.clone(), "status" => status)
    .increment(1);
    metrics::histogram!("oomlens_http_request_duration_seconds",
        "route" => route, "method" => method)
    .record(seconds);
    response
}

/// Records how long analysing a paste took.
pub fn analysis_took(started: Instant) {
    metrics::histogram!("oomlens_analysis_duration_seconds")
        .record(started.elapsed().as_secs_f64());
}

/// Counts pastes removed, by why (`expired`, `over_total`, `deleted`).
pub fn pastes_removed(reason: &'static str, count: usize) {
    if count > 0 {
        metrics::counter!("oomlens_pastes_removed_total", "reason" => reason)
            .increment(count as u64);
    }
}

/// `GET /metrics`.
pub async fn serve(State(state): State<AppState>, request: Request) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>();
    let allowed = peer.is_some_and(|ConnectInfo(addr)| {
        // a dual-stack listener sees IPv4 peers as ::ffff:a.b.c.d
        let ip = match addr.ip() {
            std::net::IpAddr::V6(v6) => v6
                .to_ipv4_mapped()
                .map_or(std::net::IpAddr::V6(v6), std::net::IpAddr::V4),
            v4 => v4,
        };
        state
            .config
            .metrics_from
            .iter()
            .any(|net| net.contains(&ip))
    });
    if !allowed {
        return crate::web::not_found(State(state), request).await;
    }
    let Some(handle) = handle() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "metrics are recorded by another recorder\n",
        )
            .into_response();
    };
    // what is counted elsewhere is set now, at the scrape
    let store = state.store.clone();
    if let Ok(Ok(totals)) = tokio::task::spawn_blocking(move || store.totals()).await {
        metrics::gauge!("oomlens_pastes").set(totals.pastes as f64);
        metrics::gauge!("oomlens_paste_bytes").set(totals.bytes as f64);
    }
    let knowledge = state.site.kb();
    let mut pages: std::collections::BTreeMap<(&str, &str), u64> = Default::default();
    for page in knowledge.pages() {
        let origin = match page.origin {
            kb::PageOrigin::BuiltIn => "built-in",
            kb::PageOrigin::Lab { .. } => "folder",
            kb::PageOrigin::Wiki { .. } => "wiki",
        };
        *pages.entry((page.lang.as_str(), origin)).or_default() += 1;
    }
    for ((lang, origin), count) in pages {
        metrics::gauge!("oomlens_kb_pages", "lang" => lang, "origin" => origin).set(count as f64);
    }
    metrics::counter!("oomlens_kb_refreshes_total").absolute(state.site.knowledge.replacements());
    metrics::gauge!("oomlens_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
    handle.run_upkeep();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
        .into_response()
}
