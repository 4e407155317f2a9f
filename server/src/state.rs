//! What every handler shares.

use std::sync::Arc;

use app::SiteContext;
use leptos::config::LeptosOptions;

use crate::config::ServeConfig;
use crate::store::PasteStore;

/// Application state: the configuration, Leptos' options and the services pages read.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<ServeConfig>,
    pub leptos: LeptosOptions,
    pub site: SiteContext,
    pub store: Arc<PasteStore>,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
