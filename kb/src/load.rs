//! Where pages come from: the built-in library embedded at compile time, lab directories, and pages
//! handed in by the server. Later sources replace earlier pages of the same slug.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rust_embed::RustEmbed;

use crate::error::Problem;
use crate::folder::Stamp;
use crate::folder::{Folder, Kind, LabPolicy};
use crate::page::PageOrigin;
use crate::parse::{parse_page_as, Parsed};
use crate::render::Output;

#[derive(RustEmbed)]
#[folder = "../content/"]
#[include = "en/*.md"]
#[include = "zh/*.md"]
struct BuiltIn;

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
    /// How `extra_dirs` are read: links, note size (also on every refresh).
    pub lab: LabPolicy,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            builtin: true,
            extra_dirs: Vec::new(),
            extra_pages: Vec::new(),
            index_dir: None,
            lab: LabPolicy::default(),
        }
    }
}

/// The folder name wiki pages are parsed as being in (`wiki/{slug}.md`): it never reaches a disk.
pub(crate) const WIKI_ROOT: &str = "wiki";

/// Where a page source comes from. It decides how the source is parsed (a lab note's rules or the
/// built-in library's), which page wins a slug taken twice ([`SourceKind::precedence`]), and
/// whether a refresh looks at it again (lab notes only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SourceKind {
    /// The embedded library.
    BuiltIn,
    /// A page file of a library folder (`check-content` on one): the built-in library's rules.
    Library { folder: usize },
    /// A note of lab folder number `folder` (0-based, in the order given), which is `root`: front
    /// matter optional, markdown, text or rst.
    Lab { folder: usize, root: Arc<Path> },
    /// A page given as text ([`crate::LoadOptions::extra_pages`]), after every folder.
    Given,
    /// A page of the team wiki (its newest revision), above everything: the wiki's edit of a
    /// built-in or folder page shadows it ([`crate::WikiChange`]).
    Wiki,
}

impl SourceKind {
    /// Where its pages stand when two take one slug: a higher one replaces a lower one (built-in,
    /// then each folder in the order given, then pages given as text); within one, the first
    /// wins and the others are reported.
    pub fn precedence(&self) -> (u8, usize) {
        match self {
            SourceKind::BuiltIn => (0, 0),
            SourceKind::Library { folder } | SourceKind::Lab { folder, .. } => (1, *folder),
            SourceKind::Given => (2, 0),
            SourceKind::Wiki => (3, 0),
        }
    }

    /// The lab folder (its number) a note comes from.
    pub fn lab_folder(&self) -> Option<usize> {
        match self {
            SourceKind::Lab { folder, .. } => Some(*folder),
            _ => None,
        }
    }
}

/// One page source before parsing.
pub(crate) struct Source {
    pub file: String,
    pub text: String,
    pub origin: PageOrigin,
    pub kind: SourceKind,
    /// What a file looked like when it was read (taken from the open file).
    pub stamp: Option<Stamp>,
}

/// The text of a built-in page by its file name as loaded (`content/en/x.md`).
pub(crate) fn builtin_text(file: &str) -> Option<String> {
    let name = file.strip_prefix("content/")?;
    String::from_utf8(BuiltIn::get(name)?.data.into_owned()).ok()
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
                kind: SourceKind::BuiltIn,
                stamp: None,
            }),
            Err(_) => problems.push(Problem::new(file, 1, crate::error::not_utf8())),
        }
    }
    out
}

/// The markdown files below `dir` (`README.md` skipped), sorted: pages by the built-in rules
/// (`check-content`). Read as a lab folder is read: nothing outside it, no special files.
pub(crate) fn dir_sources(dir: &Path, folder: usize, problems: &mut Vec<Problem>) -> Vec<Source> {
    let Some(reader) = Folder::open(dir, LabPolicy::default(), Kind::Library, problems) else {
        return Vec::new();
    };
    let files = reader.scan(problems).into_iter().map(|f| f.path).collect();
    read_sources(&reader, files, &SourceKind::Library { folder }, problems)
}

/// The notes of one lab folder: front matter optional, any of the lab formats.
pub(crate) fn lab_dir_sources(
    dir: &Path,
    policy: LabPolicy,
    folder: usize,
    problems: &mut Vec<Problem>,
) -> Vec<Source> {
    let Some(reader) = Folder::open(dir, policy, Kind::Lab, problems) else {
        return Vec::new();
    };
    let files = reader.scan(problems).into_iter().map(|f| f.path).collect();
    read_lab_files(&reader, files, dir, folder, problems)
}

/// Some notes of one lab folder (`files`, as its scan found them), read as [`lab_dir_sources`]
/// reads them all.
pub(crate) fn read_lab_files(
    reader: &Folder<'_>,
    files: Vec<PathBuf>,
    dir: &Path,
    folder: usize,
    problems: &mut Vec<Problem>,
) -> Vec<Source> {
    let kind = SourceKind::Lab {
        folder,
        root: Arc::from(dir),
    };
    read_sources(reader, files, &kind, problems)
}

fn read_sources(
    reader: &Folder<'_>,
    files: Vec<PathBuf>,
    kind: &SourceKind,
    problems: &mut Vec<Problem>,
) -> Vec<Source> {
    let mut out = Vec::with_capacity(files.len());
    for path in files {
        match reader.read(&path) {
            Ok((text, stamp)) => out.push(Source {
                file: path.display().to_string(),
                text,
                origin: PageOrigin::Lab { path },
                kind: kind.clone(),
                stamp: Some(stamp),
            }),
            Err(problem) => problems.push(problem),
        }
    }
    out
}

/// Parses every source, on all cores; results in source order.
pub(crate) fn parse_all(sources: &[Source]) -> Vec<Result<Parsed, Vec<Problem>>> {
    parse_all_as(sources, Output::Html)
}

/// [`parse_all`], rendering `output`.
pub(crate) fn parse_all_as(
    sources: &[Source],
    output: Output,
) -> Vec<Result<Parsed, Vec<Problem>>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // A panic while rendering one page must not take the site down: that page is reported instead.
    let parse = |s: &Source| {
        std::panic::catch_unwind(|| match (&s.kind, &s.origin) {
            (SourceKind::Lab { root, .. }, PageOrigin::Lab { path }) => {
                crate::lab::parse_lab_page_as(
                    &s.file,
                    &s.text,
                    path,
                    root,
                    s.origin.clone(),
                    output,
                )
            }
            // A wiki page reads like a lab note (its form writes YAML front matter).
            (SourceKind::Wiki, _) => crate::lab::parse_lab_page_as(
                &s.file,
                &s.text,
                Path::new(&s.file),
                Path::new(WIKI_ROOT),
                s.origin.clone(),
                output,
            ),
            _ => parse_page_as(&s.file, &s.text, s.origin.clone(), output),
        })
        .unwrap_or_else(|_| {
            Err(vec![Problem::new(
                s.file.clone(),
                1,
                crate::error::internal(),
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
                        crate::error::internal(),
                    )])
                })),
            }
        }
        out
    })
}
