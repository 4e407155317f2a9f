//! kb
