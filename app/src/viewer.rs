//! Who is reading this page, as the server worked it out for the request: signed in or not, with
//! which role, the token this reader's forms carry, and what the site's settings let anyone do.

use wiki::{Role, User};

/// The reader of one request. The server puts it in the request's extensions (and in the
/// context of pages it renders itself); components read it with [`viewer`].
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    /// `None` when nobody is signed in.
    pub user: Option<User>,
    /// The CSRF token every form that changes something carries (`csrf` field).
    pub csrf: String,
    /// The site lets anyone read the wiki (else reading needs signing in).
    pub open_reading: bool,
    /// The site lets anyone paste a diagnosis.
    pub open_pasting: bool,
    /// People sign in through the lab's proxy, not with a password here.
    pub via_proxy: bool,
}

impl Viewer {
    /// The signed-in user's role, if any.
    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }

    /// May write pages (editor or admin).
    pub fn can_edit(&self) -> bool {
        self.role() >= Some(Role::Editor)
    }

    /// May read the wiki.
    pub fn can_read(&self) -> bool {
        self.open_reading || self.user.is_some()
    }

    /// May paste a diagnosis.
    pub fn can_paste(&self) -> bool {
        self.open_pasting || self.user.is_some()
    }
}

/// The reader of the request being rendered (anonymous, with the default settings, outside one).
pub fn viewer() -> Viewer {
    use leptos::prelude::use_context;
    use_context::<Viewer>()
        .or_else(|| {
            use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<Viewer>().cloned())
        })
        .unwrap_or_else(|| Viewer {
            open_reading: true,
            open_pasting: true,
            ..Viewer::default()
        })
}
