//! The settings of access: who may read and paste, and which proxy may name the user.

use std::net::IpAddr;

use clap::{Args, ValueEnum};
use ipnet::IpNet;
use sha2::Digest;

/// Who may do a thing the settings cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Access {
    // Anyone who can reach the site. (Plain comments: clap would print doc comments as each
    // value's help, which `--help` would then have to translate value by value.)
    Open,
    // Only people signed in.
    SignedIn,
}

/// Flags for accounts and access (`oomlens serve`).
#[derive(Debug, Clone, Args)]
pub struct AccessConfig {
    /// Who may read the wiki (pages, search, recent changes).
    #[arg(
        long = "read",
        env = "OOMLENS_READ",
        value_enum,
        default_value = "open"
    )]
    pub read: Access,
    /// Who may paste an error or log for a diagnosis.
    #[arg(
        long = "paste",
        env = "OOMLENS_PASTE",
        value_enum,
        default_value = "open"
    )]
    pub paste: Access,
    /// Sign people in by this header, set by the lab's reverse proxy after its own sign-in
    /// (Authelia, oauth2-proxy: `X-Forwarded-User`). Honoured only from --trusted-proxy addresses.
    #[arg(long, env = "OOMLENS_TRUST_PROXY_HEADER", value_name = "HEADER")]
    pub trust_proxy_header: Option<String>,
    /// Addresses (CIDR) whose proxy header is believed; repeat the flag, or separate with ','.
    #[arg(
        long,
        env = "OOMLENS_TRUSTED_PROXY",
        value_name = "CIDR",
        value_delimiter = ','
    )]
    pub trusted_proxy: Vec<IpNet>,
    /// The role of a user the proxy names for the first time.
    #[arg(long, env = "OOMLENS_PROXY_ROLE", value_parser = parse_role, default_value = "editor")]
    pub proxy_role: wiki::Role,
    /// A file holding a secret the proxy sends in X-Oomlens-Proxy-Secret: its headers are then
    /// believed only with it, not from any process that can reach the trusted address (other
    /// users of a shared machine).
    #[arg(long, env = "OOMLENS_PROXY_SECRET_FILE", value_name = "FILE", value_parser = read_secret)]
    pub proxy_secret_file: Option<ProxySecret>,
}

/// The header a proxy sends the shared secret in.
pub const PROXY_SECRET_HEADER: &str = "x-oomlens-proxy-secret";

/// Shortest secret accepted, in bytes.
const SECRET_MIN_BYTES: usize = 16;

/// The proxy's shared secret, kept as its SHA-256 (compared digest to digest) and never printed.
#[derive(Clone)]
pub struct ProxySecret([u8; 32]);

impl std::fmt::Debug for ProxySecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProxySecret(…)")
    }
}

impl ProxySecret {
    /// A secret from its text (surrounding whitespace is not part of it).
    pub fn new(text: &str) -> Result<ProxySecret, String> {
        let text = text.trim();
        if text.len() < SECRET_MIN_BYTES {
            return Err(format!(
                "the proxy secret is {} bytes: give at least {SECRET_MIN_BYTES} (for example `openssl rand -hex 32`)",
                text.len()
            ));
        }
        Ok(ProxySecret(sha2::Sha256::digest(text.as_bytes()).into()))
    }

    /// Whether `headers` carry the secret.
    fn sent_in(&self, headers: &axum::http::HeaderMap) -> bool {
        headers
            .get(PROXY_SECRET_HEADER)
            .map(|v| sha2::Sha256::digest(v.as_bytes().trim_ascii()))
            .is_some_and(|digest| digest.as_slice() == self.0)
    }
}

fn read_secret(path: &str) -> Result<ProxySecret, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    ProxySecret::new(&text)
}

fn parse_role(text: &str) -> Result<wiki::Role, String> {
    text.parse().map_err(|e: wiki::WikiError| e.to_string())
}

impl Default for AccessConfig {
    fn default() -> Self {
        AccessConfig {
            read: Access::Open,
            paste: Access::Open,
            trust_proxy_header: None,
            trusted_proxy: Vec::new(),
            proxy_role: wiki::Role::Editor,
            proxy_secret_file: None,
        }
    }
}

impl AccessConfig {
    /// Whether a request came through a trusted proxy: from one of its addresses, and with the
    /// shared secret when one is set. Its `X-Forwarded-Proto` and `X-Forwarded-For` are believed.
    pub fn from_proxy(&self, peer: Option<IpAddr>, headers: &axum::http::HeaderMap) -> bool {
        self.trusted_address(peer)
            && self
                .proxy_secret_file
                .as_ref()
                .is_none_or(|secret| secret.sent_in(headers))
    }

    /// Whether `address` is one of the trusted proxies'.
    pub fn trusted_address(&self, peer: Option<IpAddr>) -> bool {
        let Some(peer) = peer else { return false };
        // An IPv4 peer on an IPv6 socket arrives as ::ffff:a.b.c.d.
        let peer = match peer {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(peer, IpAddr::V4),
            v4 => v4,
        };
        self.trusted_proxy.iter().any(|net| net.contains(&peer))
    }

    /// Whether a request may sign someone in by the proxy header.
    pub fn trusts(&self, peer: Option<IpAddr>, headers: &axum::http::HeaderMap) -> bool {
        self.trust_proxy_header.is_some() && self.from_proxy(peer, headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proxy_is_trusted_only_from_its_addresses() {
        let config = AccessConfig {
            trust_proxy_header: Some("X-Forwarded-User".into()),
            trusted_proxy: vec!["127.0.0.1/32".parse().unwrap_or_else(|e| panic!("{e}"))],
            ..AccessConfig::default()
        };
        let none = axum::http::HeaderMap::new();
        assert!(config.trusts("127.0.0.1".parse().ok(), &none));
        assert!(config.trusts("::ffff:127.0.0.1".parse().ok(), &none));
        assert!(!config.trusts("127.0.0.2".parse().ok(), &none));
        assert!(!config.trusts(None, &none));
        let no_header = AccessConfig {
            trust_proxy_header: None,
            ..config.clone()
        };
        assert!(!no_header.trusts("127.0.0.1".parse().ok(), &none));
        // with a secret: the address alone is not enough
        let secret = AccessConfig {
            proxy_secret_file: Some(
                ProxySecret::new("0123456789abcdef-secret\n").unwrap_or_else(|e| panic!("{e}")),
            ),
            ..config
        };
        let mut sent = axum::http::HeaderMap::new();
        let local = "127.0.0.1".parse().ok();
        assert!(!secret.trusts(local, &none));
        sent.insert(
            PROXY_SECRET_HEADER,
            axum::http::HeaderValue::from_static("wrong-secret-of-length"),
        );
        assert!(!secret.trusts(local, &sent));
        sent.insert(
            PROXY_SECRET_HEADER,
            axum::http::HeaderValue::from_static("0123456789abcdef-secret"),
        );
        assert!(secret.trusts(local, &sent));
        assert!(
            !secret.trusts("10.0.0.1".parse().ok(), &sent),
            "and the address still counts"
        );
        assert!(ProxySecret::new("short").is_err_and(|e| e.contains("at least 16")));
        assert_eq!(
            format!("{:?}", secret.proxy_secret_file),
            "Some(ProxySecret(…))"
        );
    }
}
