//! The web application: routes, layers, start-up and shutdown.

pub mod base_path;
pub mod compression;
mod diagnosis;
mod error_bodies;
pub mod error_pages;
mod estimate;
mod fallback;
mod health;
mod html;
mod kept;
mod language;
mod layers;
mod listen;
mod logging;
pub mod page_cache;
mod paste;
mod paste_delete;
pub mod render;
mod shutdown;
mod watch;
mod wiki;

use std::net::SocketAddr;
use std::sync::Arc;

use app::{shell, App, SiteContext};
use axum::extract::DefaultBodyLimit;

use axum::middleware;
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::ServeConfig;
use crate::error::ServerError;
use crate::state::AppState;
use crate::store::PasteStore;
use crate::{api, assets};

pub use fallback::not_found;
pub use shutdown::shutdown_signal;

/// Loads everything the site needs and builds its state. Slow parts (the search index, jieba's
/// dictionary) run here, once, not on the first request.
pub async fn build_state(config: ServeConfig) -> Result<AppState, ServerError> {
    Ok(load_state(config).await?.0)
}

/// [`build_state`], and the problems loading the pages had (logged already).
async fn load_state(config: ServeConfig) -> Result<(AppState, Vec<kb::Problem>), ServerError> {
    std::fs::create_dir_all(&config.data).map_err(|source| ServerError::DataDir {
        path: config.data.clone(),
        source,
    })?;
    let store = {
        let data = config.data.clone();
        tokio::task::spawn_blocking(move || PasteStore::open(&data)).await??
    };
    let wiki = {
        let data = config.data.clone();
        tokio::task::spawn_blocking(move || ::wiki::Wiki::open(&data)).await??
    };
    let options = config.content.load_options();
    let (knowledge, problems) =
        tokio::task::spawn_blocking(move || kb::KnowledgeBase::load_with(options)).await??;
    let library = if config.access.read == crate::auth::access::Access::SignedIn {
        // With its own index: a paste with no memory event is answered by a search.
        let (library, _) =
            tokio::task::spawn_blocking(
                || kb::KnowledgeBase::load_with(kb::LoadOptions::default()),
            )
            .await??;
        Some(Arc::new(library))
    } else {
        None
    };
    // Display escapes control characters: a file name cannot forge a log line.
    for problem in &problems {
        tracing::warn!("content: {problem}");
    }

    let leptos = LeptosOptions::builder()
        .output_name("oomlens")
        .site_addr(config.addr)
        .build();
    let site = SiteContext {
        knowledge: app::KnowledgeHandle::new(knowledge),
        style_href: assets::get("style.css")
            .map(|a| a.href())
            .unwrap_or_default(),
        favicon_href: assets::get("favicon.svg")
            .map(|a| a.href())
            .unwrap_or_default(),
        script_href: assets::get("paste.js")
            .map(|a| a.href())
            .unwrap_or_default(),
        paste_limit_bytes: config.paste_limit,
        paste_days: config.paste_retention_days,
        paste_redact: config.redact,
    };
    let redactor = config
        .redact
        .then(|| Arc::new(crate::redact::Redactor::new(store.installation_key())));
    let state = AppState::new(crate::state::Services {
        config: Arc::new(config),
        leptos,
        site,
        store: Arc::new(store),
        wiki: Arc::new(wiki),
        throttle: Arc::default(),
        analyses: Arc::default(),
        pages: Arc::default(),
        compressed: Arc::default(),
        redactor,
        library,
    });
    // The wiki's pages over the loaded ones, before the first request.
    let with_wiki = state.clone();
    let shown = tokio::task::spawn_blocking(move || wiki::sync_all(&with_wiki))
        .await?
        .map_err(|e| ServerError::WikiSync(e.to_string()))?;
    if shown > 0 {
        tracing::info!(pages = shown, "wiki pages loaded");
    }
    Ok((state, problems))
}

/// The Content-Security-Policy of every answer: the site's own scripts, styles and images only.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// Features the site never uses, refused to any script that might run in it.
pub const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()";

/// The router: Leptos pages, the JSON API, assets, and a 404 page for everything else.
pub fn router(state: AppState) -> Router {
    // the recorder, before the first request is counted
    let _ = crate::metrics::handle();
    let routes = generate_route_list(App);
    let site = state.site.clone();
    let leptos = state.leptos.clone();
    // A form-encoded body is up to three times its text (every byte of non-ASCII text becomes `%XX`):
    // let such bodies through so the handler can measure the text itself and answer with a readable page.
    let form_limit = state
        .config
        .paste_limit
        .saturating_mul(3)
        .saturating_add(64 * 1024);
    // Page routes answer an error with the site's error page; API routes keep their JSON.
    let pages = Router::new()
        .route(
            "/diagnose",
            post(paste::submit).layer(DefaultBodyLimit::max(form_limit)),
        )
        .route("/d/{id}", get(diagnosis::show))
        .route(
            "/d/{id}/delete",
            get(paste_delete::confirm).post(paste_delete::delete),
        )
        .route("/estimate", get(estimate::show))
        .route("/lang/{code}", get(language::switch))
        .merge(wiki::routes())
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            error_pages::render,
        ));
    Router::new()
        .merge(pages)
        .route("/assets/{name}", get(assets::serve))
        .route("/favicon.ico", get(assets::favicon))
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(crate::metrics::serve))
        .merge(api::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(site.clone()),
            move || shell(leptos.clone()),
        )
        .fallback(fallback::not_found)
        // the one layer that needs routing: which route answered, for the metrics
        .layer(middleware::from_fn(crate::metrics::note_route))
        .with_state(state)
}

/// A server that is running in the background (tests, embedding). Dropping it does not stop it:
/// call [`RunningServer::stop`].
pub struct RunningServer {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<(), ServerError>>,
    /// The paste retention task, stopped with the server.
    retention: tokio::task::AbortHandle,
    _watcher: Option<watch::ContentWatcher>,
}

impl RunningServer {
    /// Where it listens (the real port when the configuration asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections, lets requests in flight finish, and waits.
    pub async fn stop(self) -> Result<(), ServerError> {
        let _ = self.stop.send(());
        self.retention.abort();
        self.task.await?
    }
}

/// Builds the state, binds, and serves in a background task until [`RunningServer::stop`].
pub async fn start(config: ServeConfig) -> Result<RunningServer, ServerError> {
    let addr = config.addr;
    let content = config.content.dirs.clone();
    let (state, problems) = load_state(config).await?;
    let watcher = watch::watch(&content, state.site.knowledge.clone(), &problems);
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Bind { addr, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| ServerError::Bind { addr, source })?;
    let (stop, stopped) = oneshot::channel::<()>();
    let retention = tokio::spawn(crate::retention::run(state.clone()));
    let base = state.config.base_path.clone();
    let header_timeout = std::time::Duration::from_secs(state.config.header_timeout);
    // `--base-path` comes off the path before routing (see `base_path`)
    let app = tower::ServiceExt::map_request(
        layers::around(state.clone(), router(state)),
        move |request| {
            if base.is_empty() {
                request
            } else {
                base_path::strip(&base, request)
            }
        },
    );
    let task = tokio::spawn(async move {
        // The peer's address goes with each request: sign-in throttling counts by it, and only
        // trusted proxies may name the user.
        listen::serve(listener, app, header_timeout, async {
            let _ = stopped.await;
        })
        .await;
        Ok(())
    });
    Ok(RunningServer {
        addr,
        stop,
        task,
        retention: retention.abort_handle(),
        _watcher: watcher,
    })
}
