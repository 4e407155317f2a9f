//! The settings of access: who may read and paste, and which proxy may name the user.

use std::net::IpAddr;

use clap::{Args, ValueEnum};
use ipnet::IpNet;

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
        }
    }
}

impl AccessConfig {
    /// Whether `peer` is one of the trusted proxies (its `X-Forwarded-Proto` is believed too).
    pub fn trusted_peer(&self, peer: Option<IpAddr>) -> bool {
        let Some(peer) = peer else { return false };
        // An IPv4 peer on an IPv6 socket arrives as ::ffff:a.b.c.d.
        let peer = match peer {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(peer, IpAddr::V4),
            v4 => v4,
        };
        self.trusted_proxy.iter().any(|net| net.contains(&peer))
    }

    /// Whether a request from `peer` may sign someone in by the proxy header.
    pub fn trusts(&self, peer: Option<IpAddr>) -> bool {
        self.trust_proxy_header.is_some() && self.trusted_peer(peer)
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
        assert!(config.trusts("127.0.0.1".parse().ok()));
        assert!(config.trusts("::ffff:127.0.0.1".parse().ok()));
        assert!(!config.trusts("127.0.0.2".parse().ok()));
        assert!(!config.trusts(None));
        let no_header = AccessConfig {
            trust_proxy_header: None,
            ..config
        };
        assert!(!no_header.trusts("127.0.0.1".parse().ok()));
    }
}
