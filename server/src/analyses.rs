//! Analyses of saved pastes: remembered, and rationed.
//!
//! A diagnosis page analyses its paste on every view, so a parser upgrade reaches old pastes. Most
//! views repeat (a link shared in a lab's chat), and some pastes are costly (4 MiB of repeated
//! out-of-memory lines take seconds), so:
//!
//! - the analysis (events, findings and their ranked guides) is kept per paste and reader's
//!   language, for the knowledge base it was ranked against (a refresh or a wiki save makes a new
//!   one, and its entries no longer match) and for this build (the cache lives in the process);
//!   bounded by count and by the bytes of the pastes behind it, least recently used first out;
//! - at most as many analyses run at once as the machine has cores; a view that cannot start one
//!   within [`QUEUE_WAIT`] answers 503 with `Retry-After`, rather than piling up threads.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use lru::LruCache;
use tokio::sync::Semaphore;

use app::i18n::{ErrorText, Lang};
use app::Diagnosis;
use kb::KnowledgeBase;

use crate::app_error::AppError;

/// Analyses kept.
const ENTRIES: usize = 64;
/// Bytes of pasted text behind the kept analyses (their events and findings are a fraction more).
const TEXT_BYTES: usize = 64 << 20;
/// How long a view waits for a free analysis slot before answering 503.
pub const QUEUE_WAIT: Duration = Duration::from_secs(10);
/// Seconds a client is told to wait after a 503.
const RETRY_AFTER_SECONDS: u64 = 5;

struct Entry {
    knowledge: Arc<KnowledgeBase>,
    diagnosis: Arc<Diagnosis>,
}

/// The kept analyses by (paste id, reader's language), and the bytes of their pastes.
struct Kept {
    entries: LruCache<(String, Lang), Entry>,
    bytes: usize,
}

/// The cache and the gate.
pub struct Analyses {
    cache: Mutex<Kept>,
    gate: Semaphore,
    wait: Duration,
}

impl Default for Analyses {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, NonZeroUsize::get);
        Self::with_slots(cores, QUEUE_WAIT)
    }
}

impl Analyses {
    /// A cache with `slots` analyses allowed at once, a view waiting at most `wait` for one.
    pub fn with_slots(slots: usize, wait: Duration) -> Self {
        Self {
            cache: Mutex::new(Kept {
                entries: LruCache::new(NonZeroUsize::MIN.saturating_add(ENTRIES - 1)),
                bytes: 0,
            }),
            gate: Semaphore::new(slots.max(1)),
            wait,
        }
    }

    /// The kept analysis of paste `id` for `lang`, if it was made against `knowledge`.
    pub fn get(
        &self,
        id: &str,
        lang: Lang,
        knowledge: &Arc<KnowledgeBase>,
    ) -> Option<Arc<Diagnosis>> {
        let mut guard = self.cache.lock().ok()?;
        let entry = guard.entries.get(&(id.to_string(), lang))?;
        Arc::ptr_eq(&entry.knowledge, knowledge).then(|| entry.diagnosis.clone())
    }

    /// Keeps an analysis, evicting the least recently used past the bounds.
    pub fn put(&self, lang: Lang, knowledge: Arc<KnowledgeBase>, diagnosis: Arc<Diagnosis>) {
        let Ok(mut guard) = self.cache.lock() else {
            return;
        };
        let Kept {
            entries: cache,
            bytes,
        } = &mut *guard;
        let size = diagnosis.text.len();
        if size > TEXT_BYTES {
            return;
        }
        let key = (diagnosis.id.clone(), lang);
        if let Some((_, old)) = cache.push(
            key,
            Entry {
                knowledge,
                diagnosis,
            },
        ) {
            *bytes = bytes.saturating_sub(old.diagnosis.text.len());
        }
        *bytes += size;
        while *bytes > TEXT_BYTES {
            match cache.pop_lru() {
                Some((_, old)) => *bytes = bytes.saturating_sub(old.diagnosis.text.len()),
                None => break,
            }
        }
    }

    /// Forgets every kept analysis of paste `id` (deleted, removed by retention, or pasted again
    /// so its age changed): a view after it reads the store.
    pub fn forget(&self, id: &str) {
        let Ok(mut guard) = self.cache.lock() else {
            return;
        };
        let Kept { entries, bytes } = &mut *guard;
        for lang in Lang::ALL {
            if let Some(old) = entries.pop(&(id.to_string(), lang)) {
                *bytes = bytes.saturating_sub(old.diagnosis.text.len());
            }
        }
    }

    /// Waits (at most the wait it was made with, [`QUEUE_WAIT`] by default) for a slot to analyse in; 503 with `Retry-After` if none
    /// frees.
    ///
    /// # Errors
    /// [`ErrorText::Busy`] (503) when every slot stayed taken.
    pub async fn slot(&self) -> Result<tokio::sync::SemaphorePermit<'_>, AppError> {
        let busy = || {
            AppError::request(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorText::Busy {
                    seconds: RETRY_AFTER_SECONDS,
                },
            )
            .with_retry_after(RETRY_AFTER_SECONDS)
        };
        match tokio::time::timeout(self.wait, self.gate.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(busy()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnosis(id: &str, text: &str, knowledge: &KnowledgeBase) -> Arc<Diagnosis> {
        Arc::new(Diagnosis {
            id: id.into(),
            text: Arc::from(text),
            pasted_at: 0,
            redacted: false,
            advice: advice::advise_in(text, knowledge, Lang::En),
        })
    }

    fn knowledge() -> Arc<KnowledgeBase> {
        Arc::new(
            KnowledgeBase::load(&[])
                .unwrap_or_else(|e| panic!("the built-in library: {e}"))
                .0,
        )
    }

    #[test]
    fn an_analysis_is_kept_per_paste_language_and_knowledge_base() {
        let analyses = Analyses::default();
        let kb = knowledge();
        let made = diagnosis("0123456789ab", "CUDA out of memory", &kb);
        analyses.put(Lang::En, kb.clone(), made.clone());
        let kept = analyses
            .get("0123456789ab", Lang::En, &kb)
            .unwrap_or_else(|| panic!("kept"));
        assert!(Arc::ptr_eq(&kept, &made));
        assert!(
            analyses.get("0123456789ab", Lang::Zh, &kb).is_none(),
            "another language"
        );
        assert!(
            analyses.get("ba9876543210", Lang::En, &kb).is_none(),
            "another paste"
        );
        // a refreshed knowledge base (another generation) ranks guides anew
        assert!(analyses
            .get("0123456789ab", Lang::En, &knowledge())
            .is_none());
    }

    #[test]
    fn the_pastes_behind_the_kept_analyses_stay_under_the_byte_bound() {
        let analyses = Analyses::default();
        let kb = knowledge();
        let big = "x".repeat(TEXT_BYTES / 3 + 1);
        for n in 0..4 {
            analyses.put(
                Lang::En,
                kb.clone(),
                diagnosis(&format!("{n:012x}"), &big, &kb),
            );
        }
        let kept: Vec<bool> = (0..4)
            .map(|n| analyses.get(&format!("{n:012x}"), Lang::En, &kb).is_some())
            .collect();
        // a third of the bound each: the fourth pushes out the first two, oldest first
        assert_eq!(kept, [false, false, true, true]);
    }

    #[tokio::test]
    async fn a_view_without_a_free_slot_answers_503_with_retry_after() {
        let analyses = Analyses::with_slots(1, Duration::from_millis(50));
        let held = analyses
            .slot()
            .await
            .unwrap_or_else(|_| panic!("the one slot"));
        let refused = analyses
            .slot()
            .await
            .err()
            .unwrap_or_else(|| panic!("no slot left"));
        assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
        let response = axum::response::IntoResponse::into_response(refused);
        assert_eq!(response.headers()[axum::http::header::RETRY_AFTER], "5");
        drop(held);
        assert!(analyses.slot().await.is_ok(), "free again");
    }
}
