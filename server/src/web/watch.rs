//! Picks up changes in the lab's content folders while the server runs.
//!
//! Events are debounced (an editor's save is several events), then the knowledge base is refreshed:
//! only the notes that changed are read, rendered and re-indexed (see `KnowledgeBase::refresh`), and
//! the new generation is swapped in; pages being rendered keep the snapshot they started with. A
//! broken note is reported in the log and skipped, like at start-up.
//!
//! The watch never follows symbolic links: a link to `/` would otherwise put an inotify watch on
//! every folder of the disk. Link targets the knowledge base may read lie inside the folders
//! (`--follow-symlinks` follows no other), where they are watched by their own paths already.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::KnowledgeHandle;
use notify_debouncer_full::notify::{self, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, NoCache};

/// Quiet time after the last change before reloading: long enough to gather one save's events.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// How often the folders are also scanned whole, for changes no event reported (a network
/// filesystem, a folder mounted over). Cheap: a stat per note, and only changed notes are read.
const RESCAN: Duration = Duration::from_secs(300);

/// Keeps the watch alive; dropping it stops watching and rescanning.
pub struct ContentWatcher {
    _debouncer: Debouncer<RecommendedWatcher, NoCache>,
    /// Dropped with the watcher, which ends the rescanning thread.
    _stop_rescans: Sender<()>,
}

/// Refreshes one knowledge base, one refresh at a time (events and rescans come from two threads,
/// wiki saves from the handlers; two refreshes from the same generation would each miss the
/// other's changes): the handle's write lock orders them all.
struct Refresher {
    knowledge: KnowledgeHandle,
    /// Every problem logged so far (start-up's included), as logged: a rescan finds the lasting
    /// ones (a link that is not followed) every time, and says only what is new.
    logged: Mutex<HashSet<String>>,
}

/// Watches `dirs` (recursively) and refreshes `knowledge` after changes. Folders that do not exist
/// are reported and left out. `logged`: the problems the load already reported.
pub fn watch(
    dirs: &[PathBuf],
    knowledge: KnowledgeHandle,
    logged: &[kb::Problem],
) -> Option<ContentWatcher> {
    watch_with(dirs, knowledge, logged, RESCAN)
}

fn watch_with(
    dirs: &[PathBuf],
    knowledge: KnowledgeHandle,
    logged: &[kb::Problem],
    rescan: Duration,
) -> Option<ContentWatcher> {
    let existing: Vec<PathBuf> = dirs.iter().filter(|dir| dir.is_dir()).cloned().collect();
    for missing in dirs.iter().filter(|dir| !dir.is_dir()) {
        tracing::warn!(
            "content folder {} does not exist: not watched",
            kb::escaped(&missing.display().to_string())
        );
    }
    if existing.is_empty() {
        return None;
    }
    let refresher = Arc::new(Refresher {
        knowledge,
        logged: Mutex::new(logged.iter().map(ToString::to_string).collect()),
    });
    let on_events = Arc::clone(&refresher);
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
                on_events.refresh(&touched);
            }
        }
        Err(errors) => {
            for error in errors {
                let error = error.to_string();
                tracing::warn!(
                    "watching the content folders failed: {}",
                    kb::escaped(&error)
                );
            }
        }
    };
    // No file-id cache: a refresh compares notes by size and time, not by identity (and the
    // cache's own walk follows links).
    let config = notify::Config::default().with_follow_symlinks(false);
    let mut debouncer = match new_debouncer_opt(DEBOUNCE, None, handler, NoCache::new(), config) {
        Ok(debouncer) => debouncer,
        Err(error) => {
            tracing::warn!("cannot watch the content folders, changes need a restart: {error}");
            return None;
        }
    };
    for dir in &existing {
        if let Err(error) = debouncer.watch(dir, RecursiveMode::Recursive) {
            tracing::warn!(
                "cannot watch {}: {error}",
                kb::escaped(&dir.display().to_string())
            );
        }
    }
    let (stop_rescans, stopped) = mpsc::channel::<()>();
    let rescans = std::thread::Builder::new()
        .name("content-rescan".into())
        .spawn(move || {
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(rescan) {
                refresher.refresh(&[]);
            }
        });
    if let Err(error) = rescans {
        tracing::warn!("no periodic rescan of the content folders: {error}");
    }
    tracing::info!(
        folders = existing.len(),
        rescan_s = rescan.as_secs(),
        "watching the lab's content for changes"
    );
    Some(ContentWatcher {
        _debouncer: debouncer,
        _stop_rescans: stop_rescans,
    })
}

impl Refresher {
    /// The next generation after a change at `touched` (all folders scanned when empty).
    fn refresh(&self, touched: &[PathBuf]) {
        let _one = self.knowledge.lock_writes();
        let refresh = match self.knowledge.get().refresh(touched) {
            Ok(refresh) => refresh,
            Err(error) => {
                tracing::error!("index not updated, the previous pages stay: {error}");
                return;
            }
        };
        self.log(&refresh.problems, touched.is_empty());
        let Some(fresh) = refresh.knowledge else {
            tracing::debug!(changes = touched.len(), "content events, no page changed");
            return;
        };
        let stats = refresh.stats;
        self.knowledge.replace(fresh);
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

    /// Logs `problems` (Display escapes control characters: a file name cannot forge a line).
    /// After a change, all of them: they are about what was just touched. After a rescan, only
    /// those not logged before.
    fn log(&self, problems: &[kb::Problem], rescan: bool) {
        let mut logged = self.logged.lock().unwrap_or_else(|e| e.into_inner());
        for problem in problems {
            let line = problem.to_string();
            if !rescan || !logged.contains(&line) {
                tracing::warn!("content: {line}");
            }
            logged.insert(line);
        }
    }
}

#[cfg(test)]
mod tests {
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
        // Rescans every 50 ms: they too must change nothing while nothing changes.
        let _watcher = watch_with(
            std::slice::from_ref(&dir),
            handle.clone(),
            &[],
            Duration::from_millis(50),
        )
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

    /// A note changed through a hard link outside the folder: inotify reports events by the path
    /// used, so only the periodic rescan can see this one (with a rescan every hour, the change
    /// was not picked up: checked when this test was written).
    fn change_through_a_link(rescan: Duration) -> bool {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let dir = tmp.path().join("notes");
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir: {e}"));
        let note = dir.join("note.md");
        std::fs::write(&note, "# A note\n\nThe galah job.\n").unwrap_or_else(|e| panic!("{e}"));
        let link = tmp.path().join("elsewhere.md");
        std::fs::hard_link(&note, &link).unwrap_or_else(|e| panic!("link: {e}"));
        let (kb, _) = kb::KnowledgeBase::load(std::slice::from_ref(&dir))
            .unwrap_or_else(|e| panic!("load: {e}"));
        let handle = KnowledgeHandle::new(kb);
        let _watcher = watch_with(std::slice::from_ref(&dir), handle.clone(), &[], rescan)
            .unwrap_or_else(|| panic!("the folder is watched"));
        std::fs::write(&link, "# A note\n\nThe cassowary job, changed elsewhere.\n")
            .unwrap_or_else(|e| panic!("write: {e}"));
        wait_for(Duration::from_secs(2), || {
            handle
                .get()
                .search(&kb::SearchRequest::new("cassowary"))
                .total
                == 1
        })
    }

    #[test]
    fn a_change_no_event_reports_is_found_by_the_rescan() {
        assert!(change_through_a_link(Duration::from_millis(100)));
    }

    /// Refreshes from two threads at once (the watcher's events and the rescan): each one starts
    /// from the generation the other left, so no change is lost. Eight notes are edited, each
    /// refreshed by its own thread with only its own path: without the lock, threads that start
    /// from the same generation each publish a knowledge base missing the others' edits
    /// (checked when this test was written: 7 of the 8 edits were lost, three runs out of three).
    #[test]
    fn concurrent_refreshes_lose_no_change() {
        const NOTES: usize = 8;
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let dir = tmp.path().join("notes");
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir: {e}"));
        let path = |i: usize| dir.join(format!("note{i}.md"));
        for i in 0..NOTES {
            std::fs::write(path(i), format!("# Note {i}\n\nThe old{i}word job.\n"))
                .unwrap_or_else(|e| panic!("write: {e}"));
        }
        let (kb, _) = kb::KnowledgeBase::load(std::slice::from_ref(&dir))
            .unwrap_or_else(|e| panic!("load: {e}"));
        let refresher = Arc::new(Refresher {
            knowledge: KnowledgeHandle::new(kb),
            logged: Mutex::new(HashSet::new()),
        });
        for i in 0..NOTES {
            std::fs::write(
                path(i),
                format!("# Note {i}\n\nThe new{i}word job, edited.\n"),
            )
            .unwrap_or_else(|e| panic!("write: {e}"));
        }
        let barrier = Arc::new(std::sync::Barrier::new(NOTES));
        let threads: Vec<_> = (0..NOTES)
            .map(|i| {
                let refresher = Arc::clone(&refresher);
                let barrier = Arc::clone(&barrier);
                let touched = vec![path(i)];
                std::thread::spawn(move || {
                    barrier.wait();
                    refresher.refresh(&touched);
                })
            })
            .collect();
        for thread in threads {
            thread
                .join()
                .unwrap_or_else(|_| panic!("a refresh panicked"));
        }
        let kb = refresher.knowledge.get();
        let lost: Vec<usize> = (0..NOTES)
            .filter(|i| {
                let slug = format!("note{i}");
                let text = kb.page(&slug).map(|p| p.text.clone()).unwrap_or_default();
                let hits = kb
                    .search(&kb::SearchRequest::new(format!("new{i}word")))
                    .hits;
                !text.contains(&format!("new{i}word"))
                    || hits.first().map(|h| &h.slug) != Some(&slug)
            })
            .collect();
        assert!(lost.is_empty(), "edits lost: {lost:?}");
    }
}
