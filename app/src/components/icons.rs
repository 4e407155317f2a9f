//! Inline SVG icons: no icon font or image request needed.

use leptos::prelude::*;

/// The oomlens mark: a memory bar with a lens over its full end.
#[component]
pub fn LogoMark() -> impl IntoView {
    view! {
        <svg class="logo-mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
            <rect x="2" y="10" width="22" height="12" rx="3" fill="none" stroke="currentColor" stroke-width="2.5"/>
            <rect x="5" y="13" width="9" height="6" rx="1" fill="currentColor"/>
            <rect x="15" y="13" width="3" height="6" rx="1" fill="currentColor" opacity="0.55"/>
            <circle cx="22" cy="20" r="6" fill="var(--accent)" stroke="var(--bg)" stroke-width="2"/>
            <path d="M26.5 24.5 L30 28" stroke="var(--accent)" stroke-width="3" stroke-linecap="round"/>
        </svg>
    }
}

/// A magnifying glass for search fields and links.
#[component]
pub fn SearchIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2"/>
            <path d="M15.5 15.5 L21 21" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
        </svg>
    }
}

/// An open book for the knowledge base.
#[component]
pub fn BookIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <path d="M3 5.5C5.5 4 9 4 12 6c3-2 6.5-2 9-.5V19c-2.5-1.5-6-1.5-9 .5-3-2-6.5-2-9-.5z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/>
            <path d="M12 6v13.5" stroke="currentColor" stroke-width="1.8"/>
        </svg>
    }
}

/// A pulse line for diagnosis.
#[component]
pub fn PulseIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <path d="M2 12h4l3-7 4 14 3-7h6" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}

/// A gauge for the estimator.
#[component]
pub fn GaugeIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <path d="M4 17 A8 8 0 1 1 20 17" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
            <path d="M12 15 L16 9" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
        </svg>
    }
}
