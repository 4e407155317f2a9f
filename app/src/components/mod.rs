//! Pieces shared by several pages.

pub mod capacity_bar;
pub mod custody;
pub mod event_list;
pub mod findings;
pub mod glossary;
pub mod hits;
pub mod icons;
pub mod layout;
pub mod page_title;
pub mod pasted_text;
pub mod query;
pub mod status;
pub mod tensor;
