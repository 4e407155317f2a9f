//! What the server hands to every render.

use std::sync::Arc;

/// The product's name as shown in titles and the header.
pub const PRODUCT_NAME: &str = "oomlens";

/// Shared, read-only services and settings for rendering pages.
#[derive(Clone)]
pub struct SiteContext {
    /// The knowledge base: built-in pages plus the lab's own.
    pub kb: Arc<kb::KnowledgeBase>,
    /// URL of the stylesheet, with a content hash so it can be cached forever.
    pub style_href: String,
    /// URL of the favicon.
    pub favicon_href: String,
    /// Where pastes are kept, as told to the user on the home page.
    pub data_dir_label: String,
    /// The largest paste accepted, in bytes.
    pub paste_limit_bytes: usize,
}

/// Content for the main area chosen by the server instead of the router (error pages).
#[derive(Debug, Clone)]
pub enum PageOverride {
    Error(crate::pages::error::ErrorInfo),
    Diagnosis(Arc<crate::diagnosis::Diagnosis>),
}
