//! Sign-in attempts limited per account and per address: after [`PER_ACCOUNT`] failures for one
//! name, or [`PER_ADDRESS`] from one address, within [`WINDOW`], further attempts are refused
//! until the oldest failure ages out. In memory: a restart forgives, which costs an attacker a
//! restart they cannot cause.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a failure counts.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures allowed per account name within the window.
pub const PER_ACCOUNT: usize = 5;
/// Failures allowed per address within the window (a lab shares one NAT address).
pub const PER_ADDRESS: usize = 20;

/// The failures seen, by key (`user:NAME` lowercased, `addr:IP`).
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

fn keys(name: &str, addr: Option<IpAddr>) -> Vec<(String, usize)> {
    let mut keys = vec![(format!("user:{}", name.trim().to_lowercase()), PER_ACCOUNT)];
    if let Some(addr) = addr {
        keys.push((format!("addr:{addr}"), PER_ADDRESS));
    }
    keys
}

impl Throttle {
    /// `Err(seconds to wait)` when an attempt for `name` from `addr` is refused now.
    pub fn check(&self, name: &str, addr: Option<IpAddr>) -> Result<(), u64> {
        self.check_at(name, addr, Instant::now())
    }

    fn check_at(&self, name: &str, addr: Option<IpAddr>, now: Instant) -> Result<(), u64> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = 0;
        for (key, limit) in keys(name, addr) {
            let Some(seen) = failures.get_mut(&key) else {
                continue;
            };
            while seen
                .front()
                .is_some_and(|t| now.duration_since(*t) >= WINDOW)
            {
                seen.pop_front();
            }
            if seen.len() >= limit {
                let oldest = seen.front().copied().unwrap_or(now);
                let left = WINDOW.saturating_sub(now.duration_since(oldest));
                wait = wait.max(left.as_secs().max(1));
            }
        }
        if wait > 0 {
            Err(wait)
        } else {
            Ok(())
        }
    }

    /// Counts a failed attempt.
    pub fn failed(&self, name: &str, addr: Option<IpAddr>) {
        self.failed_at(name, addr, Instant::now());
    }

    fn failed_at(&self, name: &str, addr: Option<IpAddr>, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for (key, _) in keys(name, addr) {
            failures.entry(key).or_default().push_back(now);
        }
    }

    /// A success forgives the account's failures (not the address's).
    pub fn succeeded(&self, name: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&format!("user:{}", name.trim().to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_the_account_until_the_window_passes() {
        let throttle = Throttle::default();
        let addr = "10.0.0.1".parse().ok();
        let start = Instant::now();
        for _ in 0..PER_ACCOUNT {
            assert_eq!(throttle.check_at("ana", addr, start), Ok(()));
            throttle.failed_at("Ana", addr, start);
        }
        assert_eq!(throttle.check_at("ana", addr, start), Err(WINDOW.as_secs()));
        // another account from the same address is still allowed
        assert_eq!(throttle.check_at("bo", addr, start), Ok(()));
        assert_eq!(throttle.check_at("ana", addr, start + WINDOW), Ok(()));
    }

    #[test]
    fn one_address_trying_many_names_is_stopped_too() {
        let throttle = Throttle::default();
        let addr = "10.0.0.2".parse().ok();
        let start = Instant::now();
        for n in 0..PER_ADDRESS {
            throttle.failed_at(&format!("user{n}"), addr, start);
        }
        assert!(throttle.check_at("fresh-name", addr, start).is_err());
        assert!(throttle
            .check_at("fresh-name", "10.0.0.3".parse().ok(), start)
            .is_ok());
    }
}
