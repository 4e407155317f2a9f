//! What every handler shares.

use std::sync::Arc;

use app::SiteContext;
use leptos::config::LeptosOptions;

use crate::config::ServeConfig;
use crate::store::PasteStore;

/// Application state: the configuration, Leptos' options and the services pages read. Every
/// request clones it (each handler's and middleware's `State`, several times a request), so it is
/// one shared allocation: a clone is a reference count, where a clone of the fields was a tenth
/// of a static file's cost (Leptos' options alone are a handful of strings).
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl AppState {
    pub fn new(services: Services) -> Self {
        AppState(Arc::new(services))
    }
}

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

/// What [`AppState`] shares.
pub struct Services {
    pub config: Arc<ServeConfig>,
    pub leptos: LeptosOptions,
    pub site: SiteContext,
    pub store: Arc<PasteStore>,
    /// The team wiki's revisions, accounts and sessions (the same database file as the pastes).
    pub wiki: Arc<wiki::Wiki>,
    /// Failed sign-ins, per account and address.
    pub throttle: Arc<crate::auth::throttle::Throttle>,
    /// Pastes' analyses, kept and rationed.
    pub analyses: Arc<crate::analyses::Analyses>,
    /// Finished pages kept for anonymous readers.
    pub pages: Arc<crate::web::page_cache::PageCache>,
    /// Compressed bodies of answers read again and again.
    pub compressed: Arc<crate::web::compression::CompressedAnswers>,
    /// Replaces identifying values in pastes before they are stored (`--redact`), else `None`.
    pub redactor: Option<Arc<crate::redact::Redactor>>,
    /// The built-in library alone, for diagnoses shown to people who may not read the wiki
    /// (`--read signed-in`): the lab's notes, folder pages and wiki edits are the wiki's, and a
    /// diagnosis must not show their titles, summaries or `patterns:` to them. `None` when
    /// everyone may read.
    pub library: Option<Arc<kb::KnowledgeBase>>,
}

impl Services {
    /// The knowledge base a diagnosis for `viewer` is made against: the site's (the library, the
    /// lab's folders and the wiki) for whoever may read the wiki, the built-in library alone for
    /// anyone else.
    pub fn knowledge_for(&self, viewer: &app::viewer::Viewer) -> Arc<kb::KnowledgeBase> {
        match &self.library {
            Some(library) if !viewer.can_read() => library.clone(),
            _ => self.site.kb(),
        }
    }

    /// Forgets what was made from paste `id` (its kept analyses and pages): it was deleted,
    /// removed by retention, or pasted again (its age changed).
    pub fn forget_paste(&self, id: &str) {
        self.analyses.forget(id);
        self.pages.forget_paste(id);
    }
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
