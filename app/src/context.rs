//! What the server hands to every render.

use std::sync::Arc;

/// The product's name as shown in titles and the header.
pub const PRODUCT_NAME: &str = "oomlens";

/// The current knowledge base. Readers take a snapshot (`get`); a reload swaps in a new one without
/// blocking them, and a page rendered from a snapshot stays consistent while it renders.
#[derive(Clone)]
pub struct KnowledgeHandle {
    current: Arc<arc_swap::ArcSwap<kb::KnowledgeBase>>,
    /// Held by whoever makes the next generation (a folder refresh, a wiki save): two made from
    /// the same generation would each lose the other's change.
    writes: Arc<std::sync::Mutex<()>>,
    /// Replacements so far (folder refreshes and wiki saves), for the server's metrics.
    replacements: Arc<std::sync::atomic::AtomicU64>,
}

impl KnowledgeHandle {
    pub fn new(knowledge: kb::KnowledgeBase) -> Self {
        Self {
            current: Arc::new(arc_swap::ArcSwap::from_pointee(knowledge)),
            writes: Arc::default(),
            replacements: Arc::default(),
        }
    }

    /// A snapshot of the knowledge base as it is now.
    pub fn get(&self) -> Arc<kb::KnowledgeBase> {
        self.current.load_full()
    }

    /// Replaces the knowledge base for every later reader.
    pub fn replace(&self, knowledge: kb::KnowledgeBase) {
        self.current.store(Arc::new(knowledge));
        self.replacements
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// How many times the knowledge base was replaced since start.
    pub fn replacements(&self) -> u64 {
        self.replacements.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The right to make the next generation: hold it from reading the current one to
    /// [`KnowledgeHandle::replace`]. Readers never wait for it.
    pub fn lock_writes(&self) -> std::sync::MutexGuard<'_, ()> {
        self.writes.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Shared, read-only services and settings for rendering pages.
#[derive(Clone)]
pub struct SiteContext {
    /// The knowledge base: built-in pages plus the lab's own; replaced whole when the lab's folders change.
    pub knowledge: KnowledgeHandle,
    /// URL of the stylesheet, with a content hash so it can be cached forever.
    pub style_href: String,
    /// URL of the favicon.
    pub favicon_href: String,
    /// URL of the optional script (copy buttons, Ctrl+Enter), with a content hash.
    pub script_href: String,
    /// The largest paste accepted, in bytes.
    pub paste_limit_bytes: usize,
    /// Days a paste is kept (`--paste-retention-days`); `None`: until deleted.
    pub paste_days: Option<u32>,
    /// Whether pastes are redacted before they are stored (`--redact`).
    pub paste_redact: bool,
}

impl SiteContext {
    /// The knowledge base as it is now.
    pub fn kb(&self) -> Arc<kb::KnowledgeBase> {
        self.knowledge.get()
    }
}

/// Content for the main area chosen by the server instead of the router (error pages).
#[derive(Debug, Clone)]
pub enum PageOverride {
    Error(crate::pages::error::ErrorInfo),
    Diagnosis(Arc<crate::diagnosis::Diagnosis>, crate::diagnosis::Custody),
    /// The page that confirms deleting a paste (its id, and the key from the link).
    PasteDelete(crate::pages::paste_delete::PasteDeleteView),
    Wiki(Box<crate::pages::wiki::WikiView>),
    Estimate(Arc<crate::pages::estimate::EstimateView>),
}
