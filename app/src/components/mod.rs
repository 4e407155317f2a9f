//! Pieces shared by several pages.

pub mod hits;
pub mod icons;
pub mod layout;
pub mod query;
pub mod status;
