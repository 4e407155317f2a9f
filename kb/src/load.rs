//! Where pages come from: the built-in library embedded at compile time, lab directories, and pages
//! handed in by the server. Later sources replace earlier pages of the same slug.

use std::path::{Path, PathBuf};

use rust_embed::RustEmbed;

use crate::error::Problem;
use crate::page::PageOrigin;
use crate::parse::{parse_page, Parsed};

#[derive(RustEmbed)]
#[folder = "../content/"]
#[include = "en/*.md"]
#[include = "zh/*.md"]
struct BuiltIn;

/// How far below a content directory pages are looked for.
const MAX_DEPTH: usize = 8;

/// A page given as text (a wiki page the server keeps in its database, say).
#[derive(Debug, Clone)]
pub struct PageSource {
    /// Shown in problems and as the page's [`PageOrigin::Lab`] path.
    pub name: String,
    /// Front matter and markdown, as in a file.
    pub source: String,
}

/// Everything [`crate::KnowledgeBase::load_with`] can be told.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Include the built-in library (default true).
    pub builtin: bool,
    /// Directories of lab notes (`.md`, `.markdown`, `.txt`, `.rst`, searched recursively, front
    /// matter optional), in order.
    pub extra_dirs: Vec<PathBuf>,
    /// Pages given as text, applied after the directories.
    pub extra_pages: Vec<PageSource>,
    /// Build the search index in this directory instead of RAM (for very large libraries). The
    /// directory is created if needed; a tantivy index already there (`meta.json`) is replaced.
    pub index_dir: Option<PathBuf>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            builtin: true,
            extra_dirs: Vec::new(),
            extra_pages: Vec::new(),
            index_dir: None,
        }
    }
}

/// One page source before parsing. `group`: 0 built-in, then one per directory, then given pages.
pub(crate) struct Source {
    pub file: String,
    pub text: String,
    pub origin: PageOrigin,
    pub group: usize,
    /// For a file of a lab folder: that folder. Such pages are parsed as lab notes (front matter
    /// optional, markdown, text or rst); others by the strict rules of the built-in library.
    pub lab_root: Option<PathBuf>,
}

/// The embedded library, sorted by path (`content/en/x.md`).
pub(crate) fn builtin_sources(problems: &mut Vec<Problem>) -> Vec<Source> {
    let mut names: Vec<String> = BuiltIn::iter().map(|n| n.to_string()).collect();
    names.sort();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let file = format!("content/{name}");
        let Some(data) = BuiltIn::get(&name) else {
            continue;
        };
        match String::from_utf8(data.data.into_owned()) {
            Ok(text) => out.push(Source {
                file,
                text,
                origin: PageOrigin::BuiltIn,
                group: 0,
                lab_root: None,
            }),
            Err(_) => problems.push(Problem::new(file, 1, "not valid UTF-8")),
        }
    }
    out
}

fn collect_md(
    dir: &Path,
    depth: usize,
    lab: bool,
    files: &mut Vec<PathBuf>,
    problems: &mut Vec<Problem>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(Problem::new(
                dir.display().to_string(),
                1,
                format!("cannot read: {e}"),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            if depth < MAX_DEPTH {
                collect_md(&path, depth + 1, lab, files, problems);
            }
        } else if lab {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            if ext.is_some_and(|e| crate::lab::EXTENSIONS.contains(&e.as_str())) {
                files.push(path);
            }
        } else if name.ends_with(".md") && !name.eq_ignore_ascii_case("readme.md") {
            files.push(path);
        }
    }
}

/// The markdown files below `dir` (`README.md` skipped), sorted: pages by the built-in rules.
pub(crate) fn dir_files(dir: &Path, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    collect_md(dir, 0, false, &mut files, problems);
    files.sort();
    files
}

/// Whether `path`, below the lab folder `dir`, is a note the folder scan would load: a note
/// extension, no hidden folder or file on the way, not deeper than the scan goes.
pub(crate) fn is_lab_note(dir: &Path, path: &Path) -> bool {
    let Ok(inside) = path.strip_prefix(dir) else {
        return false;
    };
    let parts: Vec<_> = inside.components().collect();
    let visible = parts.iter().all(|part| match part {
        std::path::Component::Normal(name) => !name.to_string_lossy().starts_with('.'),
        _ => false,
    });
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    visible
        && !parts.is_empty()
        && parts.len() <= MAX_DEPTH + 1
        && ext.is_some_and(|e| crate::lab::EXTENSIONS.contains(&e.as_str()))
}

/// The notes below a lab folder (`.md`, `.markdown`, `.txt`, `.rst`, README included), sorted.
pub(crate) fn lab_files(dir: &Path, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    collect_md(dir, 0, true, &mut files, problems);
    files.sort();
    files
}

/// The pages of one directory, by the rules of the built-in library (`check-content`).
pub(crate) fn dir_sources(dir: &Path, group: usize, problems: &mut Vec<Problem>) -> Vec<Source> {
    read_sources(dir_files(dir, problems), None, group, problems)
}

/// The notes of one lab folder: front matter optional, any of the lab formats.
pub(crate) fn lab_dir_sources(
    dir: &Path,
    group: usize,
    problems: &mut Vec<Problem>,
) -> Vec<Source> {
    read_sources(lab_files(dir, problems), Some(dir), group, problems)
}

/// Some notes of one lab folder (`files` below `dir`), read as [`lab_dir_sources`] reads them all.
pub(crate) fn read_lab_files(
    files: Vec<PathBuf>,
    dir: &Path,
    group: usize,
    problems: &mut Vec<Problem>,
) -> Vec<Source> {
    read_sources(files, Some(dir), group, problems)
}

fn read_sources(
    files: Vec<PathBuf>,
    lab_root: Option<&Path>,
    group: usize,
    problems: &mut Vec<Problem>,
) -> Vec<Source> {
    let mut out = Vec::new();
    for path in files {
        let file = path.display().to_string();
        match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(text)) => out.push(Source {
                file,
                text,
                origin: PageOrigin::Lab { path },
                group,
                lab_root: lab_root.map(Path::to_path_buf),
            }),
            Ok(Err(_)) => problems.push(Problem::new(file, 1, "not valid UTF-8")),
            Err(e) => problems.push(Problem::new(file, 1, format!("cannot read: {e}"))),
        }
    }
    out
}

/// Parses every source, on all cores; results in source order.
pub(crate) fn parse_all(sources: &[Source]) -> Vec<Result<Parsed, Vec<Problem>>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // A panic while rendering one page must not take the site down: that page is reported instead.
    let parse = |s: &Source| {
        std::panic::catch_unwind(|| match (&s.lab_root, &s.origin) {
            (Some(root), PageOrigin::Lab { path }) => {
                crate::lab::parse_lab_page(&s.file, &s.text, path, root, s.origin.clone())
            }
            _ => parse_page(&s.file, &s.text, s.origin.clone()),
        })
        .unwrap_or_else(|_| {
            Err(vec![Problem::new(
                s.file.clone(),
                1,
                "internal error while rendering",
            )])
        })
    };
    if threads < 2 || sources.len() < 64 {
        return sources.iter().map(parse).collect();
    }
    let chunk = sources.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = sources
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(parse).collect::<Vec<_>>()))
            .collect();
        let mut out = Vec::with_capacity(sources.len());
        for (handle, part) in handles.into_iter().zip(sources.chunks(chunk)) {
            match handle.join() {
                Ok(parsed) => out.extend(parsed),
                // A panic while parsing a page must not take the site down: report those pages.
                Err(_) => out.extend(part.iter().map(|s| {
                    Err(vec![Problem::new(
                        s.file.clone(),
                        1,
                        "internal error while rendering",
                    )])
                })),
            }
        }
        out
    })
}
