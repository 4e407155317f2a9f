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

use crate::error::{said, Problem};
use crate::folder::{Folder, Kind, LabPolicy, Stamp};
use crate::load::{self, Source, SourceKind};
use crate::page::{Page, PageOrigin};
use crate::parse::Parsed;
use crate::render::Output;

/// Keys of parsed pages: unique in the process, so an old key never names a new page.
static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

/// One source and the outcome of parsing it.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub key: u64,
    /// Where it comes from (its root dropped: entries need only the folder's number).
    pub kind: SourceKind,
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
    /// Shared between generations: a refresh copies pointers, not entries.
    pub entries: Vec<Arc<Entry>>,
    /// Slugs the wiki deleted: no page of theirs is shown, whatever its source.
    pub hidden: Arc<HashSet<String>>,
}

/// A catalog after a change, and what it took.
pub(crate) struct Refreshed {
    pub catalog: Catalog,
    /// The problems of the notes read (and of the folder scan).
    pub problems: Vec<Problem>,
    /// The files read again: their entries are new.
    pub reread: Vec<String>,
}

/// Parses `sources` (on all cores) into entries.
pub(crate) fn parse_sources(sources: &[Source]) -> Vec<Entry> {
    parse_sources_as(sources, Output::Html)
}

/// [`parse_sources`], rendering `output`.
pub(crate) fn parse_sources_as(sources: &[Source], output: Output) -> Vec<Entry> {
    let parsed = load::parse_all_as(sources, output);
    sources
        .iter()
        .zip(parsed)
        .map(|(source, result)| entry(source, result))
        .collect()
}

fn entry(source: &Source, result: Result<Parsed, Vec<Problem>>) -> Entry {
    let path = match &source.origin {
        PageOrigin::Lab { path } if source.kind.lab_folder().is_some() => Some(path.clone()),
        _ => None,
    };
    let stamp = path.as_ref().and(source.stamp);
    let (page, problems) = match result {
        Ok(parsed) => (Some(Arc::new(parsed.page)), parsed.problems),
        Err(problems) => (None, problems),
    };
    Entry {
        key: NEXT_KEY.fetch_add(1, Ordering::Relaxed),
        kind: source.kind.clone(),
        file: source.file.clone(),
        path,
        stamp,
        page,
        problems,
    }
}

impl Catalog {
    /// The pages shown: one per slug, a source of higher precedence replacing a lower one
    /// ([`SourceKind::precedence`]), the first winning within one (the others are reported). In
    /// load order.
    pub fn visible(&self, problems: &mut Vec<Problem>) -> Vec<&Entry> {
        let mut shown: Vec<&Entry> = Vec::with_capacity(self.entries.len());
        let mut by_slug: HashMap<&str, usize> = HashMap::new();
        for entry in &self.entries {
            let Some(page) = &entry.page else { continue };
            if self.hidden.contains(&page.slug) {
                continue;
            }
            match by_slug.get(page.slug.as_str()) {
                Some(&at) if shown[at].kind.precedence() == entry.kind.precedence() => problems
                    .push(Problem::new(
                        entry.file.clone(),
                        1,
                        said(
                            "duplicate-slug-skipped",
                            &[
                                ("slug", page.slug.clone()),
                                ("other", shown[at].file.clone()),
                            ],
                            format!(
                                "duplicate slug `{}` (also {}); skipped",
                                page.slug, shown[at].file
                            ),
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

    /// This catalog after a change in the lab folders (`dirs[i]` is lab folder `i`, read by
    /// `policy`); built-in and given pages are kept as they are. With `touched` (the paths a file
    /// watcher reported), only those are looked at: a note gone is dropped, a folder is looked at
    /// whole, and a note there is read again when it is new or its size or modification time
    /// changed. Without, or when links are followed (a change reaches a note through every link
    /// to it, which no event names), every folder is scanned the same way. Returns the new
    /// catalog and the problems of what was read (the scan's included).
    pub fn refreshed(&self, dirs: &[PathBuf], policy: LabPolicy, touched: &[PathBuf]) -> Refreshed {
        if touched.is_empty() || policy.follow_symlinks {
            self.rescanned(dirs, policy)
        } else {
            self.with_touched(dirs, policy, touched)
        }
    }

    fn with_touched(&self, dirs: &[PathBuf], policy: LabPolicy, touched: &[PathBuf]) -> Refreshed {
        let mut problems = Vec::new();
        let mut targets = as_scanned(dirs, touched);
        // A path below another touched path is looked at with it (and its problems said once).
        let mut kept: Vec<(usize, PathBuf)> = Vec::with_capacity(targets.len());
        targets.retain(|(folder, path)| {
            let below = kept.iter().any(|(f, t)| f == folder && path.starts_with(t));
            if !below {
                kept.push((*folder, path.clone()));
            }
            !below
        });
        let folders: Vec<Option<Folder<'_>>> = dirs
            .iter()
            .map(|dir| Folder::open(dir, policy, Kind::Lab, &mut problems))
            .collect();
        // The notes at or below a touched path now, with what they look like.
        let mut present: HashMap<PathBuf, (usize, Stamp)> = HashMap::new();
        for (folder, path) in &targets {
            let Some(Some(reader)) = folders.get(*folder) else {
                continue;
            };
            for found in reader.scan_at(path, &mut problems) {
                present.insert(found.path, (*folder, found.stamp));
            }
        }
        let under_target = |e: &Entry| {
            e.path.as_ref().is_some_and(|p| {
                targets
                    .iter()
                    .any(|(folder, t)| e.kind.lab_folder() == Some(*folder) && p.starts_with(t))
            })
        };
        // A note below a touched path stays as it was only if it is still there, unchanged: a
        // spurious event (a `touch`, an editor's save of the same bytes may still differ in time)
        // costs nothing then.
        let unchanged = |e: &Entry| {
            e.path
                .as_ref()
                .and_then(|p| present.get(p))
                .is_some_and(|&(folder, stamp)| {
                    e.kind.lab_folder() == Some(folder) && Some(stamp) == e.stamp
                })
        };
        let mut entries: Vec<Arc<Entry>> = Vec::with_capacity(self.entries.len());
        let mut kept: HashSet<&Path> = HashSet::new();
        for entry in &self.entries {
            if !under_target(entry) {
                entries.push(Arc::clone(entry));
            } else if unchanged(entry) {
                kept.extend(entry.path.as_deref());
                entries.push(Arc::clone(entry));
            }
        }
        let mut to_read: Vec<(usize, PathBuf)> = present
            .iter()
            .filter(|(path, _)| !kept.contains(path.as_path()))
            .map(|(path, &(folder, _))| (folder, path.clone()))
            .collect();
        to_read.sort();
        let mut fresh = Vec::new();
        for (folder, (dir, reader)) in dirs.iter().zip(&folders).enumerate() {
            let Some(reader) = reader else { continue };
            let files: Vec<PathBuf> = to_read
                .iter()
                .filter(|(f, _)| *f == folder)
                .map(|(_, p)| p.clone())
                .collect();
            if files.is_empty() {
                continue;
            }
            let sources = load::read_lab_files(reader, files, dir, folder, &mut problems);
            fresh.extend(parse_sources(&sources));
        }
        problems.extend(fresh.iter().flat_map(|e| e.problems.iter().cloned()));
        let reread = fresh.iter().map(|e| e.file.clone()).collect();
        insert_in_order(&mut entries, fresh);
        Refreshed {
            catalog: Catalog {
                entries,
                hidden: Arc::clone(&self.hidden),
            },
            problems,
            reread,
        }
    }

    fn rescanned(&self, dirs: &[PathBuf], policy: LabPolicy) -> Refreshed {
        let mut old: HashMap<&Path, &Arc<Entry>> = HashMap::new();
        for entry in &self.entries {
            if let Some(path) = &entry.path {
                old.insert(path.as_path(), entry);
            }
        }
        let mut problems = Vec::new();
        let mut entries: Vec<Arc<Entry>> = Vec::with_capacity(self.entries.len());
        let built_in = |e: &&Arc<Entry>| e.kind == SourceKind::BuiltIn;
        entries.extend(self.entries.iter().filter(built_in).cloned());
        let mut fresh = Vec::new();
        for (folder, dir) in dirs.iter().enumerate() {
            let Some(reader) = Folder::open(dir, policy, Kind::Lab, &mut problems) else {
                continue;
            };
            let mut to_read = Vec::new();
            for found in reader.scan(&mut problems) {
                let kept = old.get(found.path.as_path()).filter(|e| {
                    e.kind.lab_folder() == Some(folder) && e.stamp == Some(found.stamp)
                });
                match kept {
                    Some(entry) => entries.push(Arc::clone(entry)),
                    None => to_read.push(found.path),
                }
            }
            let sources = load::read_lab_files(&reader, to_read, dir, folder, &mut problems);
            fresh.extend(parse_sources(&sources));
        }
        problems.extend(fresh.iter().flat_map(|e| e.problems.iter().cloned()));
        let reread = fresh.iter().map(|e| e.file.clone()).collect();
        let given = |e: &&Arc<Entry>| matches!(e.kind, SourceKind::Given | SourceKind::Wiki);
        entries.extend(self.entries.iter().filter(given).cloned());
        insert_in_order(&mut entries, fresh);
        Refreshed {
            catalog: Catalog {
                entries,
                hidden: Arc::clone(&self.hidden),
            },
            problems,
            reread,
        }
    }
}

/// Puts `fresh` entries where a full load would have them: by precedence, and by path inside a
/// lab folder (which decides the winner of a slug taken twice in one folder).
fn insert_in_order(entries: &mut Vec<Arc<Entry>>, fresh: Vec<Entry>) {
    let order = |e: &Entry| (e.kind.precedence(), e.path.clone());
    if fresh.len() > 64 {
        entries.extend(fresh.into_iter().map(Arc::new));
        // Stable: built-in and given pages, which have no path, keep their order.
        entries.sort_by(|a, b| (a.kind.precedence(), &a.path).cmp(&(b.kind.precedence(), &b.path)));
        return;
    }
    for entry in fresh {
        let key = order(&entry);
        let at = entries.partition_point(|e| (e.kind.precedence(), &e.path) <= (key.0, &key.1));
        entries.insert(at, Arc::new(entry));
    }
}

/// The `touched` paths (as a watcher reports them: absolute, maybe through links) that lie in a
/// lab folder, each with the folder's number and in the form the folder scan gives: `dirs[i]`
/// joined with the path inside it. Only these paths and the folders are resolved.
fn as_scanned(dirs: &[PathBuf], touched: &[PathBuf]) -> Vec<(usize, PathBuf)> {
    // The folders themselves resolved whole (one may be a link the operator named).
    let roots: Vec<PathBuf> = dirs
        .iter()
        .map(|dir| dir.canonicalize().unwrap_or_else(|_| resolve_lossy(dir)))
        .collect();
    let mut out = Vec::new();
    for path in touched {
        let resolved = resolve_lossy(path);
        for (i, root) in roots.iter().enumerate() {
            if let Ok(inside) = resolved.strip_prefix(root) {
                out.push((i, dirs[i].join(inside)));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `path` with the links of its folders resolved as far as they exist (a deleted file's folder
/// still does). Its last part stays as it is: a note that is a link is the link, not its target.
fn resolve_lossy(path: &Path) -> PathBuf {
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return path.to_path_buf();
    };
    let mut rest = vec![name.to_os_string()];
    let mut head = parent;
    loop {
        if let Ok(resolved) = head.canonicalize() {
            return rest.iter().rev().fold(resolved, |acc, part| acc.join(part));
        }
        match (head.parent(), head.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                head = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// A lab folder checked as the server would load it with `policy`: the number of pages it gives,
/// and every problem (an entry skipped and why: a link, a special or oversized file, a loop;
/// front matter ignored, a slug taken twice), sorted by file and line.
pub fn check_lab(dir: &Path, policy: LabPolicy) -> (usize, Vec<Problem>) {
    let mut problems = Vec::new();
    let sources = load::lab_dir_sources(dir, policy, 0, &mut problems);
    let catalog = Catalog {
        entries: parse_sources(&sources).into_iter().map(Arc::new).collect(),
        hidden: Arc::default(),
    };
    problems.extend(catalog.problems().cloned());
    let pages = catalog.visible(&mut problems).len();
    problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    (pages, problems)
}
