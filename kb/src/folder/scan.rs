//! Walking a folder: which entries are notes, which are left out and why (links, special files,
//! hidden entries, depth), for the whole folder or for the paths a file watcher reported.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use super::why::{self, special_kind};
use super::{hidden, skipped, Folder, Found, Stamp, MAX_DEPTH};
use crate::error::Problem;

impl Folder<'_> {
    /// Every page file of the folder, sorted by path; what was left out is in `problems`.
    pub fn scan(&self, problems: &mut Vec<Problem>) -> Vec<Found> {
        self.walk(self.dir, 0, true, problems)
    }

    /// The page files at or below `path` (a path inside the folder in scan form, as a file
    /// watcher reported it), as [`Folder::scan`] would find them there: nothing when the path is
    /// gone, hidden, too deep or reached through a link that the scan would not follow.
    pub fn scan_at(&self, path: &Path, problems: &mut Vec<Problem>) -> Vec<Found> {
        let Ok(inside) = path.strip_prefix(self.dir) else {
            return Vec::new();
        };
        let mut depth = 0;
        let mut at = self.dir.to_path_buf();
        for part in inside.components() {
            let Component::Normal(name) = part else {
                return Vec::new();
            };
            if hidden(name) {
                return Vec::new();
            }
            depth += 1;
            // The folders on the way must be folders the scan enters: no links among them.
            if depth < inside.components().count() {
                at.push(name);
                let is_link = at.symlink_metadata().map_or(true, |m| !m.is_dir());
                if is_link {
                    return Vec::new();
                }
            }
        }
        if depth == 0 {
            return self.scan(problems);
        }
        if depth > MAX_DEPTH + 1 {
            return Vec::new();
        }
        self.walk(path, depth, false, problems)
    }

    /// Walks `start` (`depth` folders below `dir`) with walkdir: links followed per the policy
    /// (the start itself only when it is `dir`), loops and repeats cut, hidden entries left out.
    fn walk(
        &self,
        start: &Path,
        depth: usize,
        is_root: bool,
        problems: &mut Vec<Problem>,
    ) -> Vec<Found> {
        let follow = self.policy.follow_symlinks;
        let left = (MAX_DEPTH + 1).saturating_sub(depth);
        // Entries the filter refuses are reported from inside it: it runs while the walk borrows it.
        let refused: RefCell<Vec<Problem>> = RefCell::new(Vec::new());
        // The targets of the links followed, each with the first link to it.
        let seen: RefCell<HashMap<PathBuf, PathBuf>> = RefCell::new(HashMap::new());
        let walker = WalkDir::new(start)
            .follow_links(follow)
            .follow_root_links(is_root || follow)
            .max_depth(left)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                if entry.depth() > 0 && hidden(entry.file_name()) {
                    return false;
                }
                match self.admit(entry, is_root, &seen) {
                    Ok(()) => true,
                    Err(Some(problem)) => {
                        refused.borrow_mut().push(problem);
                        false
                    }
                    Err(None) => false,
                }
            });
        let mut found = Vec::new();
        let mut walked = Vec::new();
        for result in walker {
            let entry = match result {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error.path().unwrap_or(start).to_path_buf();
                    let message = match error.loop_ancestor() {
                        Some(ancestor) => why::loop_back(ancestor),
                        None if error
                            .io_error()
                            .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
                        {
                            // Gone between the listing and the look: a deleted note.
                            continue;
                        }
                        None => why::cannot_read(&error),
                    };
                    walked.push(skipped(&path, message));
                    continue;
                }
            };
            if let Some(note) = self.note(&entry, left, &mut walked) {
                found.push(note);
            }
        }
        // In path order, like the notes, whichever of the filter and the walk found them.
        let mut skips = refused.into_inner();
        skips.append(&mut walked);
        skips.sort_by(|a, b| a.file.cmp(&b.file));
        problems.append(&mut skips);
        found.sort_by(|a, b| a.path.cmp(&b.path));
        found
    }

    /// Whether the walk may go to `entry`. Entries that are not links always may (each real path
    /// is visited once by itself). A link never without `follow_symlinks`; with it, only to the
    /// inside, and only where it adds something: a target the walk reaches by its own path (or
    /// one it is inside of, a loop) is read there, and a target is followed once. `Err(Some)`
    /// reports why not; `Err(None)` leaves it out silently (a link to something that is no page).
    fn admit(
        &self,
        entry: &DirEntry,
        is_root: bool,
        seen: &RefCell<HashMap<PathBuf, PathBuf>>,
    ) -> Result<(), Option<Problem>> {
        let path = entry.path();
        // The folder itself may be a link: the operator named it.
        if !entry.path_is_symlink() || (is_root && entry.depth() == 0) {
            return Ok(());
        }
        if !self.policy.follow_symlinks {
            // Unfollowed, a link's file type is the link's own: say so only for a link that names
            // a page or points at a folder (a stat, which never opens the target).
            let to_dir = std::fs::metadata(path).is_ok_and(|m| m.is_dir());
            return if to_dir || self.kind.wants(&name_of(entry)) {
                Err(Some(skipped(path, why::not_followed())))
            } else {
                Err(None)
            };
        }
        let is_dir = entry.file_type().is_dir();
        if !is_dir && !self.kind.wants(&name_of(entry)) {
            return Err(None);
        }
        let target = match path.canonicalize() {
            Ok(target) if target.starts_with(&self.canonical) => target,
            Ok(target) => return Err(Some(skipped(path, why::outside(&target)))),
            Err(e) => return Err(Some(skipped(path, why::unresolved(&e)))),
        };
        let within = path
            .parent()
            .and_then(|parent| parent.canonicalize().ok())
            .is_some_and(|parent| parent.starts_with(&target));
        if is_dir && within {
            return Err(Some(skipped(path, why::loop_back(&target))));
        }
        if self.reached_by_own_path(&target, is_dir) {
            return Err(Some(skipped(path, why::own_path(&target))));
        }
        let mut seen = seen.borrow_mut();
        if let Some(first) = seen.get(&target) {
            return Err(Some(skipped(path, why::already_read(&target, first))));
        }
        seen.insert(target, path.to_path_buf());
        Ok(())
    }

    /// Whether a full scan reaches `target` (a canonical path inside the folder) without links: no
    /// hidden part on the way, not deeper than the scan goes. A canonical path has no links in it,
    /// so that is all it takes.
    fn reached_by_own_path(&self, target: &Path, is_dir: bool) -> bool {
        let Ok(inside) = target.strip_prefix(&self.canonical) else {
            return false;
        };
        let parts: Vec<_> = inside.components().collect();
        let deepest = if is_dir { MAX_DEPTH } else { MAX_DEPTH + 1 };
        parts.len() <= deepest
            && parts.iter().all(|part| match part {
                Component::Normal(name) => !hidden(name),
                _ => false,
            })
    }

    /// `entry` as a page file, or `None` (reported when it names a page but cannot be one).
    fn note(&self, entry: &DirEntry, left: usize, problems: &mut Vec<Problem>) -> Option<Found> {
        let path = entry.path();
        let file_type = entry.file_type();
        if file_type.is_dir() {
            if entry.depth() == left && entry.depth() > 0 {
                problems.push(skipped(path, why::too_deep(MAX_DEPTH)));
            }
            return None;
        }
        if !self.kind.wants(&name_of(entry)) {
            return None;
        }
        if !file_type.is_file() {
            problems.push(skipped(path, why::special(special_kind(file_type))));
            return None;
        }
        let meta = match entry.metadata() {
            Ok(meta) => meta,
            Err(e) => {
                problems.push(skipped(path, why::cannot_read(&e)));
                return None;
            }
        };
        if meta.len() > self.policy.max_note_size {
            problems.push(skipped(
                path,
                why::too_large(meta.len(), self.policy.max_note_size),
            ));
            return None;
        }
        Some(Found {
            path: self.scan_form(path),
            stamp: Stamp::from_metadata(&meta),
        })
    }

    /// `path` as `dir` joined with the path inside it (walkdir gives exactly that already; this
    /// only guards the invariant the catalog relies on).
    fn scan_form(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(self.dir) {
            Ok(inside) => self.dir.join(inside),
            Err(_) => path.to_path_buf(),
        }
    }
}

fn name_of(entry: &DirEntry) -> String {
    entry.file_name().to_string_lossy().into_owned()
}
