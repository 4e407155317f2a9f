//! The whole configuration surface, as command-line flags with environment fallbacks.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

/// Default largest paste: big enough for a long training log, small enough to parse in well under a second.
pub const DEFAULT_PASTE_LIMIT: usize = 4 * 1024 * 1024;

/// The lab's folders of pages, shared by `serve`, `diagnose` and `search`.
#[derive(Debug, Clone, Default, Args)]
pub struct ContentDirs {
    /// Extra folders of pages (the lab's notes). Repeat the flag, or separate folders with ':' in the
    /// environment variable. Pages there add to or replace built-in pages of the same slug.
    #[arg(
        long = "content",
        value_name = "DIR",
        env = "OOMLENS_CONTENT",
        value_delimiter = ':'
    )]
    pub dirs: Vec<PathBuf>,
}

/// Flags of `oomlens serve` (also accepted with no subcommand).
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "OOMLENS_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Data folder for saved pastes; created on first run.
    #[arg(long, env = "OOMLENS_DATA", default_value = "./oomlens-data")]
    pub data: PathBuf,

    #[command(flatten)]
    pub content: ContentDirs,

    /// Largest paste accepted, in bytes.
    #[arg(long, env = "OOMLENS_PASTE_LIMIT", default_value_t = DEFAULT_PASTE_LIMIT)]
    pub paste_limit: usize,
}

impl ServeConfig {
    /// A configuration for tests and embedding: the given address and data folder, defaults elsewhere.
    pub fn new(addr: SocketAddr, data: PathBuf) -> Self {
        Self {
            addr,
            data,
            content: ContentDirs::default(),
            paste_limit: DEFAULT_PASTE_LIMIT,
        }
    }
}
