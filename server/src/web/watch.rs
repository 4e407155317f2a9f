//! Picks up changes in the lab's content folders while the server runs.
//!
//! Events are debounced (an editor's save is several events), then the knowledge base is loaded
//! again and swapped in; pages being rendered keep the snapshot they started with. A broken page is
//! reported in the log and skipped, like at start-up.

use std::path::PathBuf;
use std::time::{Duration, Instant};

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
    let reload_dirs = dirs.to_vec();
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) if !events.is_empty() => reload(&reload_dirs, &knowledge, events.len()),
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

fn reload(dirs: &[PathBuf], knowledge: &KnowledgeHandle, changes: usize) {
    let started = Instant::now();
    match kb::KnowledgeBase::load(dirs) {
        Ok((fresh, problems)) => {
            for problem in &problems {
                tracing::warn!("skipped a page: {problem}");
            }
            let pages = fresh.pages().len();
            knowledge.replace(fresh);
            tracing::info!(
                changes,
                pages,
                ms = started.elapsed().as_millis() as u64,
                "content reloaded"
            );
        }
        Err(error) => tracing::error!(
            "content changed but could not be reloaded, keeping the previous pages: {error}"
        ),
    }
}
