//! One module per page.

pub mod diagnosis;
pub mod error;
pub mod estimate;
pub mod home;
pub mod kb_index;
pub mod kb_page;
pub mod not_found;
pub mod paste_delete;
pub mod search;
pub mod wiki;
