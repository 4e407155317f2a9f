//! What the page cache (`page_cache`) and the compressed answers (`compression`) both keep with:
//! a least-recently-used map bounded by count and by bytes, and a doorkeeper that lets an entry
//! in only on its second sighting, so one-off keys never push out the ones many ask for (the
//! idea is TinyLFU's doorkeeper, Einziger et al., 2017).
//!
//! A poisoned lock (a panic elsewhere while it was held) reads as empty: both hold only copies
//! of what can be made again.

use std::hash::{BuildHasher, Hash, RandomState};
use std::num::NonZeroUsize;
use std::sync::{LazyLock, Mutex};

use lru::LruCache;

/// Keys seen once, as hashes (a key may be long; its hash is 8 bytes).
pub struct Doorkeeper {
    seen: Mutex<LruCache<u64, ()>>,
}

impl Doorkeeper {
    /// Remembers up to `capacity` keys seen once.
    pub fn new(capacity: usize) -> Self {
        Doorkeeper {
            seen: Mutex::new(LruCache::new(at_least_one(capacity))),
        }
    }

    /// Whether `key` was seen before (and is now let in); notes it as seen otherwise.
    pub fn seen_before(&self, key: &impl Hash) -> bool {
        static HASHER: LazyLock<RandomState> = LazyLock::new(RandomState::new);
        let hash = HASHER.hash_one(key);
        let Ok(mut seen) = self.seen.lock() else {
            return false;
        };
        if seen.pop(&hash).is_some() {
            return true;
        }
        seen.put(hash, ());
        false
    }
}

/// Values kept by key, at most `entries` of them and `max_bytes` bytes in all (as the caller
/// counts each value), least recently used out first.
pub struct Kept<K: Hash + Eq, V> {
    inner: Mutex<Inner<K, V>>,
    max_bytes: usize,
}

struct Inner<K: Hash + Eq, V> {
    entries: LruCache<K, (V, usize)>,
    bytes: usize,
}

impl<K: Hash + Eq, V: Clone> Kept<K, V> {
    pub fn new(entries: usize, max_bytes: usize) -> Self {
        Kept {
            inner: Mutex::new(Inner {
                entries: LruCache::new(at_least_one(entries)),
                bytes: 0,
            }),
            max_bytes,
        }
    }

    /// The value kept under `key`, now the most recently used.
    pub fn get(&self, key: &K) -> Option<V> {
        let mut inner = self.inner.lock().ok()?;
        inner.entries.get(key).map(|(value, _)| value.clone())
    }

    /// Keeps `value`, counted as `bytes`, putting out the least recently used past the bounds.
    pub fn put(&self, key: K, value: V, bytes: usize) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        let Inner {
            entries,
            bytes: total,
        } = &mut *inner;
        *total += bytes;
        if let Some((_, (_, old))) = entries.push(key, (value, bytes)) {
            *total = total.saturating_sub(old);
        }
        while *total > self.max_bytes {
            match entries.pop_lru() {
                Some((_, (_, old))) => *total = total.saturating_sub(old),
                None => break,
            }
        }
    }

    /// Forgets every value whose key `gone` picks.
    pub fn forget(&self, gone: impl Fn(&K) -> bool)
    where
        K: Clone,
    {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        let keys: Vec<K> = inner
            .entries
            .iter()
            .filter(|(key, _)| gone(key))
            .map(|(key, _)| key.clone())
            .collect();
        for key in keys {
            if let Some((_, old)) = inner.entries.pop(&key) {
                inner.bytes = inner.bytes.saturating_sub(old);
            }
        }
    }
}

fn at_least_one(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap_or(NonZeroUsize::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_let_in_on_its_second_sighting() {
        let door = Doorkeeper::new(2);
        assert!(!door.seen_before(&"a"));
        assert!(door.seen_before(&"a"));
        // let in once, it is forgotten: a third sighting starts over
        assert!(!door.seen_before(&"a"));
    }

    #[test]
    fn the_least_recently_used_go_first_past_either_bound() {
        let kept = Kept::new(3, 10);
        kept.put("a", 1, 4);
        kept.put("b", 2, 4);
        assert_eq!(kept.get(&"a"), Some(1)); // a is now the most recently used
        kept.put("c", 3, 4); // 12 bytes: b goes
        assert_eq!(kept.get(&"b"), None);
        assert_eq!(kept.get(&"a"), Some(1));
        kept.put("d", 4, 1);
        kept.put("e", 5, 1); // four entries: the least recent (c) goes
        assert_eq!(kept.get(&"c"), None);
        kept.put("a", 6, 1); // replaced, its old bytes given back
        kept.put("f", 7, 6); // four entries again: d, now the least recent, goes
        assert_eq!(kept.get(&"a"), Some(6));
        assert_eq!(kept.get(&"d"), None);
        assert_eq!(kept.get(&"f"), Some(7));
        kept.forget(|key| *key == "a" || *key == "e");
        assert_eq!(kept.get(&"a"), None);
        assert_eq!(kept.get(&"e"), None);
        assert_eq!(kept.get(&"f"), Some(7));
    }
}
