//! Redaction of a paste before it is stored (`--redact`): user names in home paths and shell
//! prompts, host names, IP addresses, e-mail addresses and secrets (API tokens, passwords in
//! `key=value` settings) are replaced by placeholders.
//!
//! A value always becomes the same placeholder on one installation (`user-3fa9c1` is the first six
//! hex digits of an HMAC-SHA-256 of the value under the installation's key), so two pastes of one
//! person or one node still read alike, and nobody can turn a placeholder back into the name
//! without the key. Placeholders keep the text's shape (a path stays a path, `host:port` stays
//! one), so the parser reads a redacted paste as it reads the original: a test runs every corpus
//! message both ways and compares the events.
//!
//! What is not touched: loopback and unspecified addresses (`127.0.0.1`, `0.0.0.0`, `::1`), which
//! say something about the failure and nothing about the lab; dotted names in tracebacks
//! (`torch.cuda.OutOfMemoryError`), which a general host-name rule would wreck, so host names are
//! taken only where a log names a host: shell prompts, NCCL's `host:pid:tid` prefix, settings such
//! as `MASTER_ADDR=` or `hostname:`, and e-mail domains.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use hmac::{Hmac, Mac};
use regex::{Captures, Regex};
use sha2::Sha256;

/// What a redaction replaced, by kind (counts of occurrences), for the page and the log.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Redacted {
    pub users: usize,
    pub hosts: usize,
    pub addresses: usize,
    pub emails: usize,
    pub secrets: usize,
}

impl Redacted {
    /// Occurrences replaced in all.
    pub fn total(&self) -> usize {
        self.users + self.hosts + self.addresses + self.emails + self.secrets
    }
}

/// Replaces identifying values by keyed placeholders.
pub struct Redactor {
    key: Vec<u8>,
}

/// Compiles a pattern written in this file: a typo is a bug caught by the tests.
fn pattern(source: &str) -> Regex {
    Regex::new(source).unwrap_or_else(|e| unreachable!("a redaction pattern is valid: {e}"))
}

/// Secrets with a recognisable shape: Hugging Face, OpenAI/Anthropic-style `sk-`, GitHub, Slack,
/// AWS access key ids, JSON Web Tokens, and `Bearer` credentials.
static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    pattern(concat!(
        r"\b(?:hf_[A-Za-z0-9]{30,}|sk-[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}",
        r"|github_pat_[A-Za-z0-9_]{30,}|xox[abpr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}",
        r"|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})\b",
        r"|(?i:bearer)\s+[A-Za-z0-9._~+/-]{16,}=*",
    ))
});

/// A setting whose value is a secret: `WANDB_API_KEY=…`, `"password": "…"`, `--hf-token …`. The
/// key ends with the secret's word (`max_tokens=` and `Tokenizer:` are not secrets), and the value
/// is at least 8 characters (`pad_token: <pad>` is not one either).
static SECRET_SETTING: LazyLock<Regex> = LazyLock::new(|| {
    pattern(concat!(
        r#"(?i)((?:\b[A-Za-z0-9_.-]*(?:token|api[_-]?key|secret|passw(?:or)?d|access[_-]?key)["']?\s*[:=]\s*["']?)"#,
        r"|(?:--[A-Za-z0-9-]*(?:token|api-?key|secret|password)\s+))",
        r#"([^\s"',;<>]{8,})"#,
    ))
});

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"\b[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24})\b")
});

/// A user's home: `/home/NAME`, `/Users/NAME`, `C:\Users\NAME`, `/scratch/NAME`.
static HOME: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)(?:/home/|/Users/|/scratch/|[A-Z]:\\Users\\)([A-Za-z0-9._-]+)"));

/// A shell prompt `name@host:` or `[name@host dir]`.
static PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?m)(?:^|[\s(\[])([a-z_][a-z0-9_.-]{0,31})@([A-Za-z0-9][A-Za-z0-9.-]{0,62})[:\s]")
});

/// NCCL's line prefix `host:pid:tid [device] NCCL`.
static NCCL_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?m)^\s*([A-Za-z0-9][A-Za-z0-9.-]*):\d+:\d+ \[\d+\] NCCL"));

/// A setting that names a host: `MASTER_ADDR=gpu-03`, `"hostname": "node7"`, `--host node7`
/// (a bare word after `host` is not one: "host memory").
static HOST_SETTING: LazyLock<Regex> = LazyLock::new(|| {
    pattern(concat!(
        r#"(?i)(?:\b(?:master_addr|hostname|host_name|host|node_name|nodename)["']?\s*[:=]\s*["']?"#,
        r#"|--(?:master[_-]addr|host|hostname|node)[\s=]+)"#,
        r#"([A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*)"#,
    ))
});

/// An IPv4 address standing alone: not a part of a longer dotted number (`2.6.29.6-213`, a
/// kernel's version; `1.2.3.4.5`), which the groups around it capture so they are kept.
static IPV4: LazyLock<Regex> = LazyLock::new(|| {
    pattern(concat!(
        r"(^|[^\w.-])((?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))",
        r"($|[^\w.-]|\.(?:[^\w]|$))",
    ))
});

/// Eight groups, or a compressed form with `::` between groups (not `c10::cuda`: a group must end
/// at a word boundary).
static IPV6: LazyLock<Regex> = LazyLock::new(|| {
    pattern(concat!(
        r"(?i)\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b",
        r"|\b(?:[0-9a-f]{1,4}:){1,6}(?::[0-9a-f]{1,4}){1,6}\b",
    ))
});

/// Names that identify nobody: kept as they are.
const GENERIC: &[&str] = &[
    "localhost",
    "root",
    "user",
    "ubuntu-user",
    "admin",
    "true",
    "false",
];

impl Redactor {
    /// A redactor whose placeholders derive from `key` (the installation's).
    pub fn new(key: &[u8]) -> Self {
        Self { key: key.to_vec() }
    }

    /// `kind-` and six hex digits of the keyed hash of `value`.
    fn placeholder(&self, kind: &str, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        let digest = mac.finalize().into_bytes();
        let hex: String = digest[..3].iter().map(|b| format!("{b:02x}")).collect();
        format!("{kind}-{hex}")
    }

    /// The text with every identifying value replaced, and what was replaced.
    pub fn redact(&self, text: &str) -> (String, Redacted) {
        let mut counts = Redacted::default();
        // secrets first, settings before shapes (a placeholder `token-…` must not read as a
        // setting's key): a secret may contain what looks like a host or an address
        let text = replace(&SECRET_SETTING, text, |caps| {
            counts.secrets += 1;
            format!("{}{}", &caps[1], self.placeholder("secret", &caps[2]))
        });
        let text = replace(&TOKEN, &text, |caps| {
            counts.secrets += 1;
            self.placeholder("token", &caps[0])
        });
        // names gathered where a log states them, then replaced wherever they appear as words
        let users = self.gather(&text, &[(&HOME, 1), (&PROMPT, 1)]);
        let hosts = self.gather(
            &text,
            &[(&PROMPT, 2), (&NCCL_PREFIX, 1), (&HOST_SETTING, 1)],
        );
        let text = replace(&EMAIL, &text, |caps| {
            counts.emails += 1;
            format!("{}@example.org", self.placeholder("email", &caps[0]))
        });
        let text = self.replace_users(&text, &users, &mut counts.users);
        let text = self.replace_words(&text, &hosts, "host", &mut counts.hosts);
        // twice: an address's closing character may be the next one's opening
        let mut text = text;
        for _ in 0..2 {
            text = replace(&IPV4, &text, |caps| {
                let address = &caps[2];
                if address.starts_with("127.") || address == "0.0.0.0" {
                    return caps[0].to_string();
                }
                counts.addresses += 1;
                format!(
                    "{}{}{}",
                    &caps[1],
                    self.placeholder("ip", address),
                    &caps[3]
                )
            });
        }
        let text = replace(&IPV6, &text, |caps| {
            counts.addresses += 1;
            self.placeholder("ip6", &caps[0])
        });
        (text, counts)
    }

    /// The values of the given capture groups, less generic ones, longest first (so `node-10` is
    /// replaced before `node-1`).
    fn gather(&self, text: &str, sources: &[(&Regex, usize)]) -> Vec<String> {
        let mut found = BTreeSet::new();
        for (regex, group) in sources {
            for caps in regex.captures_iter(text) {
                if let Some(value) = caps.get(*group).map(|m| m.as_str().trim_end_matches('.')) {
                    let generic = GENERIC.iter().any(|g| g.eq_ignore_ascii_case(value));
                    if value.len() >= 2 && !generic && !value.starts_with("ip-") {
                        found.insert(value.to_string());
                    }
                }
            }
        }
        let mut found: Vec<String> = found.into_iter().collect();
        found.sort_by_key(|value| std::cmp::Reverse(value.len()));
        found
    }

    /// Replaces each of `values` where it stands as a whole word (not inside a longer name).
    fn replace_words(
        &self,
        text: &str,
        values: &[String],
        kind: &str,
        count: &mut usize,
    ) -> String {
        // a word here may hold dots and dashes (host names): bounded by anything else
        self.replace_between(
            text,
            values,
            kind,
            count,
            (r"(^|[^A-Za-z0-9._-])", r"($|[^A-Za-z0-9_-]|\.[^A-Za-z0-9])"),
        )
    }

    /// Replaces each user name where it stands as one: a path component, before `@`, after `~`.
    /// Not as a plain word, since a user may be called `main` or `data`.
    fn replace_users(&self, text: &str, values: &[String], count: &mut usize) -> String {
        let text = self.replace_between(
            text,
            values,
            "user",
            count,
            (r"([/\\~])", r#"($|[/\\@:\s"'),])"#),
        );
        self.replace_between(&text, values, "user", count, (r"(^|[\s(\[])", r"(@)"))
    }

    /// Replaces each of `values` found between the `bounds` patterns (each one capture group).
    fn replace_between(
        &self,
        text: &str,
        values: &[String],
        kind: &str,
        count: &mut usize,
        (before, after): (&str, &str),
    ) -> String {
        if values.is_empty() {
            return text.to_string();
        }
        let alternatives: Vec<String> = values.iter().map(|v| regex::escape(v)).collect();
        let words = pattern(&format!("{before}({}){after}", alternatives.join("|")));
        // overlapping boundaries (`a a`) need a second pass, which costs nothing when none remain
        let mut text = text.to_string();
        for _ in 0..2 {
            text = replace(&words, &text, |caps| {
                *count += 1;
                format!(
                    "{}{}{}",
                    &caps[1],
                    self.placeholder(kind, &caps[2]),
                    &caps[3]
                )
            });
        }
        text
    }
}

/// `regex.replace_all` with a closure that may count.
fn replace(regex: &Regex, text: &str, mut with: impl FnMut(&Captures) -> String) -> String {
    regex
        .replace_all(text, |caps: &Captures| with(caps))
        .into_owned()
}

#[cfg(test)]
mod tests;
