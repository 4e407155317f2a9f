//! Picks up changes in the lab's content folders while the server runs.
//!
//! Events are debounced (an editor's save is several events), then the knowledge base is refreshed:
//! only the notes that changed are read, rendered and re-indexed (see `KnowledgeBase::refresh`), and
//! the new generation is swapped in; pages being rendered keep the snapshot they started with. A
//! broken note is reported in the log and skipped, like at start-up.

use std::path::PathBuf;
use std::time::Duration;

use app::KnowledgeHandle;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// Quiet time after the last change before reloading: long enough to gather one save's events.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// Keeps the watch alive; dropping it stops watching.
pub struct ContentWatcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// Watches `dirs` (recursively) and reloads `knowledge` after changes. Folders that do not exist are
/// reported and left out.
pub fn watch(dirs: &[PathBuf], knowledge: KnowledgeHandle) -> Option<ContentWatcher> {
    let existing: Vec<PathBuf> = dirs.iter().filter(|dir| dir.is_dir()).cloned().collect();
    for missing in dirs.iter().filter(|dir| !dir.is_dir()) {
        tracing::warn!(
            "content folder {} does not exist: not watched",
            missing.display()
        );
    }
    if existing.is_empty() {
        return None;
    }
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) => {
            // Reading a note is an event too (open, close): refreshing on those would read the
            // notes again, and again. Only changes count.
            let mut touched: Vec<PathBuf> = events
                .into_iter()
                .filter(|event| !matches!(event.kind, EventKind::Access(_)))
                .flat_map(|event| event.event.paths)
                .collect();
            touched.sort();
            touched.dedup();
            if !touched.is_empty() {
                tracing::debug!(paths = ?touched, "content changed");
                refresh(&knowledge, &touched);
            }
        }
        Err(errors) => {
            for error in errors {
                tracing::warn!("watching the content folders failed: {error}");
            }
        }
    };
    let mut debouncer = match new_debouncer(DEBOUNCE, None, handler) {
        Ok(debouncer) => debouncer,
        Err(error) => {
            tracing::warn!("cannot watch the content folders, changes need a restart: {error}");
            return None;
        }
    };
    for dir in &existing {
        if let Err(error) = debouncer.watch(dir, RecursiveMode::Recursive) {
            tracing::warn!("cannot watch {}: {error}", dir.display());
        }
    }
    tracing::info!(
        folders = existing.len(),
        "watching the lab's content for changes"
    );
    Some(ContentWatcher {
        _debouncer: debouncer,
    })
}

fn refresh(knowledge: &KnowledgeHandle, touched: &[PathBuf]) {
    let current = knowledge.get();
    match current.refresh(touched) {
        Ok(Some((fresh, problems, stats))) => {
            for problem in &problems {
                tracing::warn!("skipped a page: {problem}");
            }
            knowledge.replace(fresh);
            tracing::info!(
                changes = touched.len(),
                reread = stats.reread,
                removed = stats.removed,
                added = stats.added,
                pages = stats.pages,
                ms = stats.ms.round() as u64,
                "content refreshed"
            );
        }
        Ok(None) => tracing::debug!(changes = touched.len(), "content events, no page changed"),
        Err(error) => tracing::error!(
            "content changed but the index could not be updated, keeping the previous pages: {error}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Instant;

    use super::*;

    /// Waits up to `limit` for `done`, checking every 20 ms.
    fn wait_for(limit: Duration, done: impl Fn() -> bool) -> bool {
        let started = Instant::now();
        while started.elapsed() < limit {
            if done() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        done()
    }

    #[test]
    fn reading_notes_does_not_refresh_but_writing_does() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let dir = tmp.path().join("notes");
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir: {e}"));
        let note = dir.join("note.md");
        std::fs::write(&note, "# A note\n\nThe kookaburra job.\n")
            .unwrap_or_else(|e| panic!("write: {e}"));
        let (kb, _) = kb::KnowledgeBase::load(std::slice::from_ref(&dir))
            .unwrap_or_else(|e| panic!("load: {e}"));
        let handle = KnowledgeHandle::new(kb);
        let first = handle.get();
        let _watcher = watch(std::slice::from_ref(&dir), handle.clone())
            .unwrap_or_else(|| panic!("the folder is watched"));

        // Opening and reading are events too; they must not start a refresh (which reads the
        // notes, which would be events again).
        for _ in 0..5 {
            let _ = std::fs::read_to_string(&note);
            let _ = std::fs::read_dir(&dir).map(|entries| entries.count());
        }
        std::thread::sleep(DEBOUNCE * 4);
        assert!(Arc::ptr_eq(&first, &handle.get()), "reading refreshed");

        std::fs::write(&note, "# A note\n\nThe currawong job, rewritten.\n")
            .unwrap_or_else(|e| panic!("write: {e}"));
        let found = |word: &str| handle.get().search(&kb::SearchRequest::new(word)).total;
        assert!(
            wait_for(Duration::from_secs(5), || found("currawong") == 1),
            "the edit was not picked up"
        );
        assert_eq!(found("kookaburra"), 0);
        // And the refresh's own reading of the note did not set off another one.
        let after = handle.get();
        std::thread::sleep(DEBOUNCE * 4);
        assert!(
            Arc::ptr_eq(&after, &handle.get()),
            "a refresh refreshed again"
        );
    }
}
