//! Every source a knowledge base was loaded from, with what parsing it gave, kept so that a change in
//! the lab's folders re-reads, re-renders and re-indexes only the files it touched.
//!
//! Each parsed page gets a key that no other parse shares; the search index knows pages by key. A
//! refresh compares the pages visible before and after (one per slug, the later source winning) and
//! hands the index just the keys that left and the pages that came.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::SystemTime;

use crate::error::Problem;
use crate::load::{self, Source};
use crate::page::{Page, PageOrigin};
use crate::parse::Parsed;

/// Keys of parsed pages: unique in the process, so an old key never names a new page.
static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

/// What a file looked like when it was read: a changed size or modification time means read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// One source and the outcome of parsing it.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub key: u64,
    /// 0 built-in, then one per lab folder, then pages given as text: a later group wins a slug.
    pub group: usize,
    pub file: String,
    /// The file on disk, for lab notes (what a refresh compares).
    pub path: Option<PathBuf>,
    pub stamp: Option<Stamp>,
    /// `None` when the source could not be made a page (its problems say why).
    pub page: Option<Arc<Page>>,
    pub problems: Vec<Problem>,
}

/// The sources of one knowledge base, in load order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Catalog {
    pub entries: Vec<Entry>,
}

/// Parses `sources` (on all cores) into entries.
pub(crate) fn parse_sources(sources: &[Source]) -> Vec<Entry> {
    let parsed = load::parse_all(sources);
    sources
        .iter()
        .zip(parsed)
        .map(|(source, result)| entry(source, result))
        .collect()
}

fn entry(source: &Source, result: Result<Parsed, Vec<Problem>>) -> Entry {
    let path = match &source.origin {
        PageOrigin::Lab { path } if source.lab_root.is_some() => Some(path.clone()),
        _ => None,
    };
    let stamp = path.as_deref().and_then(Stamp::of);
    let (page, problems) = match result {
        Ok(parsed) => (Some(Arc::new(parsed.page)), parsed.problems),
        Err(problems) => (None, problems),
    };
    Entry {
        key: NEXT_KEY.fetch_add(1, Ordering::Relaxed),
        group: source.group,
        file: source.file.clone(),
        path,
        stamp,
        page,
        problems,
    }
}

impl Catalog {
    /// The pages shown: one per slug, a later group replacing an earlier one, the first winning
    /// within a group (the others are reported). In load order.
    pub fn visible(&self, problems: &mut Vec<Problem>) -> Vec<&Entry> {
        let mut shown: Vec<&Entry> = Vec::with_capacity(self.entries.len());
        let mut by_slug: HashMap<&str, usize> = HashMap::new();
        for entry in &self.entries {
            let Some(page) = &entry.page else { continue };
            match by_slug.get(page.slug.as_str()) {
                Some(&at) if shown[at].group == entry.group => problems.push(Problem::new(
                    entry.file.clone(),
                    1,
                    format!(
                        "duplicate slug `{}` (also {}); skipped",
                        page.slug, shown[at].file
                    ),
                )),
                Some(&at) => shown[at] = entry,
                None => {
                    by_slug.insert(page.slug.as_str(), shown.len());
                    shown.push(entry);
                }
            }
        }
        shown
    }

    /// The problems parsing left on every entry.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.entries.iter().flat_map(|e| e.problems.iter())
    }

    /// This catalog with the lab folders read again. `dirs[i]` is group `i + 1`. A file is parsed
    /// again when it is new, its size or modification time changed, or it is in `touched` (the paths
    /// a file watcher reported); other entries, built-in pages and given pages are kept as they are.
    /// Returns the new catalog and the problems of what was read again (the folder scan's included).
    pub fn refreshed(&self, dirs: &[PathBuf], touched: &[PathBuf]) -> (Catalog, Vec<Problem>) {
        let touched: HashSet<PathBuf> = touched.iter().flat_map(|p| path_forms(p)).collect();
        let mut old: HashMap<&Path, &Entry> = HashMap::new();
        for entry in &self.entries {
            if let Some(path) = &entry.path {
                old.insert(path.as_path(), entry);
            }
        }
        let mut problems = Vec::new();
        let mut entries: Vec<Entry> = Vec::with_capacity(self.entries.len());
        entries.extend(self.entries.iter().filter(|e| e.group == 0).cloned());
        for (i, dir) in dirs.iter().enumerate() {
            let group = i + 1;
            // In folder order: an entry kept as it was, or the path of a file to read again.
            let mut slots: Vec<Result<Entry, PathBuf>> = Vec::new();
            let mut to_read = Vec::new();
            for path in load::lab_files(dir, &mut problems) {
                let kept = old.get(path.as_path()).filter(|e| {
                    e.group == group
                        && e.stamp.is_some()
                        && e.stamp == Stamp::of(&path)
                        && !path_forms(&path).any(|p| touched.contains(&p))
                });
                match kept {
                    Some(entry) => slots.push(Ok((*entry).clone())),
                    None => {
                        slots.push(Err(path.clone()));
                        to_read.push(path);
                    }
                }
            }
            let sources = load::read_lab_files(to_read, dir, group, &mut problems);
            let parsed = parse_sources(&sources);
            problems.extend(parsed.iter().flat_map(|e| e.problems.iter().cloned()));
            let mut fresh: HashMap<PathBuf, Entry> = parsed
                .into_iter()
                .filter_map(|e| e.path.clone().map(|p| (p, e)))
                .collect();
            for slot in slots {
                match slot {
                    Ok(entry) => entries.push(entry),
                    // A file that could not be read is not there (its problem is reported).
                    Err(path) => entries.extend(fresh.remove(&path)),
                }
            }
        }
        let last_dir_group = dirs.len();
        entries.extend(
            self.entries
                .iter()
                .filter(|e| e.group > last_dir_group)
                .cloned(),
        );
        (Catalog { entries }, problems)
    }
}

/// A path as the watcher may report it and as the folder scan finds it (absolute, canonical).
fn path_forms(path: &Path) -> impl Iterator<Item = PathBuf> {
    let canonical = path.canonicalize().ok();
    std::iter::once(path.to_path_buf()).chain(canonical)
}

/// A lab folder checked as the server would load it: the number of pages it gives, and every
/// problem (a file skipped, front matter ignored, a slug taken twice), sorted by file and line.
pub fn check_lab(dir: &Path) -> (usize, Vec<Problem>) {
    let mut problems = Vec::new();
    let sources = load::lab_dir_sources(dir, 1, &mut problems);
    let catalog = Catalog {
        entries: parse_sources(&sources),
    };
    problems.extend(catalog.problems().cloned());
    let pages = catalog.visible(&mut problems).len();
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    (pages, problems)
}
