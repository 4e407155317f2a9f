//! Errors of the server library. Web handlers turn them into pages or JSON; the binary prints them.

use std::path::PathBuf;

/// What can go wrong while starting or running the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot create the data folder {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("the knowledge base could not be loaded: {0}")]
    Knowledge(#[from] kb::KbError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Wiki(#[from] wiki::WikiError),
    #[error("the wiki's pages could not be shown: {0}")]
    WikiSync(String),
    #[error("the server stopped with an error: {0}")]
    Serve(std::io::Error),
    #[error("a background task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}
