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

    #[command(flatten)]
    pub reading: LabReading,
}

impl ContentDirs {
    /// What `KnowledgeBase::load_with` is told: these folders, read by these rules.
    pub fn load_options(&self) -> kb::LoadOptions {
        kb::LoadOptions {
            extra_dirs: self.dirs.clone(),
            lab: self.reading.policy(),
            ..kb::LoadOptions::default()
        }
    }
}

/// How lab folders are read: shared by every command that loads them and by `check-content --lab`.
#[derive(Debug, Clone, Args)]
pub struct LabReading {
    /// Follow symbolic links in the lab's folders whose targets stay inside the folder (links that
    /// lead outside are never followed). By default no link is followed.
    #[arg(long, env = "OOMLENS_FOLLOW_SYMLINKS")]
    pub follow_symlinks: bool,

    /// Largest note read from a lab folder (bytes, or with a binary unit: 512KiB, 2MiB); larger
    /// files are skipped and reported.
    #[arg(
        long,
        env = "OOMLENS_MAX_NOTE_SIZE",
        value_name = "SIZE",
        default_value = "1MiB",
        value_parser = parse_size
    )]
    pub max_note_size: u64,
}

impl Default for LabReading {
    fn default() -> Self {
        let policy = kb::LabPolicy::default();
        LabReading {
            follow_symlinks: policy.follow_symlinks,
            max_note_size: policy.max_note_size,
        }
    }
}

impl LabReading {
    pub fn policy(&self) -> kb::LabPolicy {
        kb::LabPolicy {
            follow_symlinks: self.follow_symlinks,
            max_note_size: self.max_note_size,
        }
    }
}

/// A size flag: a number of bytes, or a number with a binary unit (`KiB`/`K`, `MiB`/`M`, ...).
fn parse_size(text: &str) -> Result<u64, String> {
    match triage::parse_amount(text) {
        Some(0) => Err("must be more than 0 bytes".to_string()),
        Some(bytes) => Ok(bytes),
        None => Err(format!(
            "{text:?} is not a size: give bytes (1048576) or a number with a unit (1MiB, 512KiB)"
        )),
    }
}

/// Flags of `oomlens serve` (also accepted with no subcommand).
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "OOMLENS_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Data folder (pastes, wiki pages, accounts); created on first run.
    #[arg(long, env = "OOMLENS_DATA", default_value = "./oomlens-data")]
    pub data: PathBuf,

    #[command(flatten)]
    pub content: ContentDirs,

    /// Largest paste accepted, in bytes.
    #[arg(long, env = "OOMLENS_PASTE_LIMIT", default_value_t = DEFAULT_PASTE_LIMIT)]
    pub paste_limit: usize,

    /// Seconds a request body may pause before the request is dropped (a slow or stalled client).
    #[arg(long, env = "OOMLENS_BODY_TIMEOUT", default_value_t = DEFAULT_BODY_TIMEOUT,
        value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_timeout: u64,

    /// Seconds a client may take to send a request's headers before its connection is closed
    /// (slow clients that hold connections open).
    #[arg(long, env = "OOMLENS_HEADER_TIMEOUT", default_value_t = DEFAULT_HEADER_TIMEOUT,
        value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,

    /// Log lines as `text` for people or `json` (one object per line) for a log collector.
    #[arg(long, env = "OOMLENS_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"])]
    pub log_format: String,

    /// Seconds a request may take in all, upload included, before it is answered 503.
    #[arg(long, env = "OOMLENS_REQUEST_TIMEOUT", default_value_t = DEFAULT_REQUEST_TIMEOUT,
        value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout: u64,

    /// Requests served at once; more are answered 503 with Retry-After at once.
    #[arg(long, env = "OOMLENS_MAX_REQUESTS", default_value_t = DEFAULT_MAX_REQUESTS,
        value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_requests: u64,

    /// Days a paste is kept after it was last pasted, or `forever`. A background task removes
    /// older pastes every hour.
    #[arg(long, env = "OOMLENS_PASTE_RETENTION_DAYS", value_name = "DAYS",
        default_value = "90", value_parser = parse_days)]
    // The full path keeps clap from reading `Option` as "the flag may be absent": the parser
    // gives `None` for `forever`.
    pub paste_retention_days: std::option::Option<u32>,

    /// Bytes all pastes may take together (a size: 1GiB, 500MiB), or `unlimited`; past it the
    /// oldest pastes are removed first.
    #[arg(long, env = "OOMLENS_PASTE_MAX_TOTAL", value_name = "SIZE",
        default_value = "1GiB", value_parser = parse_total)]
    pub paste_max_total: std::option::Option<u64>,

    /// Replace user names, host names, IP and e-mail addresses and tokens in a paste before it is
    /// stored.
    #[arg(long, env = "OOMLENS_REDACT")]
    pub redact: bool,

    /// Serve the site under this path of the host (/oomlens), as a reverse proxy shared with other
    /// sites passes it on, prefix included. Links, forms, assets and redirects carry it.
    #[arg(long, env = "OOMLENS_BASE_PATH", value_name = "PATH", default_value = "",
        value_parser = crate::web::base_path::parse)]
    pub base_path: String,

    /// Addresses (CIDR) that may read /metrics; repeat the flag, or separate with ','. Others get
    /// the 404 page.
    #[arg(long, env = "OOMLENS_METRICS_FROM", value_name = "CIDR", value_delimiter = ',',
        default_value = DEFAULT_METRICS_FROM)]
    pub metrics_from: Vec<ipnet::IpNet>,

    #[command(flatten)]
    pub access: crate::auth::access::AccessConfig,
}

impl ServeConfig {
    /// The retention limits the purge enforces.
    pub fn retention(&self) -> crate::store::Retention {
        crate::store::Retention {
            days: self.paste_retention_days,
            max_total: self.paste_max_total,
        }
    }
}

/// `--paste-retention-days`: a number of days (at least 1), or `forever`.
fn parse_days(text: &str) -> Result<Option<u32>, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("forever") {
        return Ok(None);
    }
    match text.parse::<u32>() {
        Ok(0) | Err(_) => Err(format!(
            "{text:?} is not a number of days: give 1 or more (90), or `forever`"
        )),
        Ok(days) => Ok(Some(days)),
    }
}

/// `--paste-max-total`: a size, or `unlimited`.
fn parse_total(text: &str) -> Result<Option<u64>, String> {
    if text.trim().eq_ignore_ascii_case("unlimited") {
        return Ok(None);
    }
    parse_size(text).map(Some)
}

/// Seconds a request may take ([`ServeConfig::request_timeout`]): a 4 MiB paste uploaded and
/// analysed takes a few seconds.
pub const DEFAULT_REQUEST_TIMEOUT: u64 = 60;

/// Days a paste is kept ([`ServeConfig::paste_retention_days`]): a term and a summer, long enough
/// that a link in a lab's chat still works when someone asks about it; a paste is a person's log,
/// not a record to keep for good (a fix worth keeping goes into a lab note).
pub const DEFAULT_RETENTION_DAYS: u32 = 90;

/// Bytes all pastes may take ([`ServeConfig::paste_max_total`]): 256 of the largest pastes, or
/// tens of thousands of typical ones.
pub const DEFAULT_MAX_TOTAL: u64 = 1 << 30;

/// Who may read /metrics ([`ServeConfig::metrics_from`]): this machine.
pub const DEFAULT_METRICS_FROM: &str = "127.0.0.0/8,::1/128";

/// Seconds to send a request's headers ([`ServeConfig::header_timeout`]): a browser sends them in
/// one packet; only a client holding the connection open on purpose takes longer.
pub const DEFAULT_HEADER_TIMEOUT: u64 = 10;

/// Requests in flight at once ([`ServeConfig::max_requests`]): far above a lab's use (a load test
/// at 64 connections never reaches it), low enough that a flood is refused rather than queued.
pub const DEFAULT_MAX_REQUESTS: u64 = 1024;

/// Seconds a request body may pause ([`ServeConfig::body_timeout`]): a steady upload over a slow
/// link never pauses this long; a client that promised bytes it does not send frees its
/// connection after it.
pub const DEFAULT_BODY_TIMEOUT: u64 = 15;

impl ServeConfig {
    /// A configuration for tests and embedding: the given address and data folder, defaults elsewhere.
    pub fn new(addr: SocketAddr, data: PathBuf) -> Self {
        Self {
            addr,
            data,
            content: ContentDirs::default(),
            paste_limit: DEFAULT_PASTE_LIMIT,
            body_timeout: DEFAULT_BODY_TIMEOUT,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            log_format: "text".into(),
            max_requests: DEFAULT_MAX_REQUESTS,
            paste_retention_days: Some(DEFAULT_RETENTION_DAYS),
            paste_max_total: Some(DEFAULT_MAX_TOTAL),
            redact: false,
            base_path: String::new(),
            metrics_from: DEFAULT_METRICS_FROM
                .split(',')
                .filter_map(|net| net.parse().ok())
                .collect(),
            access: crate::auth::access::AccessConfig::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_in_bytes_or_binary_units() {
        assert_eq!(parse_size("1048576"), Ok(1_048_576));
        assert_eq!(parse_size("1MiB"), Ok(1_048_576));
        assert_eq!(parse_size("2 MiB"), Ok(2_097_152));
        assert_eq!(parse_size("512K"), Ok(524_288));
        assert!(parse_size("0").is_err());
        assert!(parse_size("big").is_err_and(|e| e.contains("not a size")));
    }

    #[test]
    fn retention_takes_days_or_forever_and_sizes_or_unlimited() {
        use super::{parse_days, parse_total};
        assert_eq!(parse_days("30"), Ok(Some(30)));
        assert_eq!(parse_days("Forever"), Ok(None));
        assert!(parse_days("0").is_err_and(|e| e.contains("1 or more")));
        assert!(parse_days("-3").is_err());
        assert_eq!(parse_total("500MiB"), Ok(Some(500 << 20)));
        assert_eq!(parse_total("unlimited"), Ok(None));
        assert!(parse_total("lots").is_err());
    }
}
