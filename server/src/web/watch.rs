//! Picks up changes in the lab's content folders while the server runs.
//!
//! Events are debounced (an editor's save is several events), then the knowledge base is refreshed:
//! only the notes that changed are read, rendered and re-indexed (see `KnowledgeBase::refresh`), and
//! the new generation is swapped in; pages being rendered keep the snapshot they started with. A
//! broken note is reported in the log and skipped, like at start-up.

use std::path::PathBuf;
use std::time::Duration;

use app::KnowledgeHandle;
use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{new_debouncer, DebounceEventResult, Debouncer};

/// Quiet time after the last change before reloading: long enough to gather one save's events.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// Keeps the watch alive; dropping it stops watching.
pub struct ContentWatcher {
    _debouncer: Debouncer<RecommendedWatcher>,
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
        Ok(events) if !events.is_empty() => {
            let touched: Vec<PathBuf> = events.into_iter().map(|event| event.path).collect();
            refresh(&knowledge, &touched);
        }
        Ok(_) => {}
        Err(error) => tracing::warn!("watching the content folders failed: {error}"),
    };
    let mut debouncer = match new_debouncer(DEBOUNCE, handler) {
        Ok(debouncer) => debouncer,
        Err(error) => {
            tracing::warn!("cannot watch the content folders, changes need a restart: {error}");
            return None;
        }
    };
    for dir in &existing {
        if let Err(error) = debouncer.watcher().watch(dir, RecursiveMode::Recursive) {
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
