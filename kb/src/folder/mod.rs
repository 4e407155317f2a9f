//! What a folder of pages gives, and nothing else: the regular files inside it, of bounded size,
//! each read once through a handle that cannot wander off; every entry left out is reported with
//! why.
//!
//! A lab folder is often a git repository many people commit to, and git keeps symbolic links, so
//! a link is untrusted input. By default no link is followed (file or folder). With
//! [`LabPolicy::follow_symlinks`], links are followed only where their target's canonical path
//! lies inside the canonical folder; loops are cut where they close (walkdir's loop detection),
//! a folder reached twice is read once, and the depth is capped. FIFOs, sockets and devices are
//! never opened: opening a FIFO blocks until a writer comes, and a device can be read forever.

mod read;
mod scan;
mod why;

pub(crate) use read::read_regular;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::error::{Problem, Said};

/// What a file looked like when it was read: a changed size or modification time means read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    /// What `meta` (of a note, or of its open handle) says.
    pub fn from_metadata(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

/// How far below a content folder pages are looked for: files up to this many folders deep.
pub(crate) const MAX_DEPTH: usize = 8;

/// Default [`LabPolicy::max_note_size`]: 1 MiB, a hundred times a long note.
pub const DEFAULT_MAX_NOTE_SIZE: u64 = 1024 * 1024;

/// How lab folders (`--content`) are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabPolicy {
    /// Follow symbolic links whose targets stay inside the folder (default: follow none).
    pub follow_symlinks: bool,
    /// Largest note read, in bytes; a larger file is skipped and reported (default 1 MiB).
    pub max_note_size: u64,
}

impl Default for LabPolicy {
    fn default() -> Self {
        LabPolicy {
            follow_symlinks: false,
            max_note_size: DEFAULT_MAX_NOTE_SIZE,
        }
    }
}

/// Which files of a folder are pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A lab folder: `.md`, `.markdown`, `.txt`, `.rst`, README included.
    Lab,
    /// The built-in library's rules (`check-content`): `.md`, README left out.
    Library,
}

impl Kind {
    fn wants(self, name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        match self {
            Kind::Lab => lower
                .rsplit_once('.')
                .is_some_and(|(_, ext)| crate::lab::EXTENSIONS.contains(&ext)),
            Kind::Library => lower.ends_with(".md") && lower != "readme.md",
        }
    }
}

/// A page file found by a scan: its path as `dir` joined with the path inside it (links not
/// resolved), and what it looked like then.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub path: PathBuf,
    pub stamp: Stamp,
}

/// One folder of pages, opened for scanning and reading.
#[derive(Debug)]
pub(crate) struct Folder<'a> {
    dir: &'a Path,
    /// `dir` with every link resolved: what "inside" means.
    canonical: PathBuf,
    policy: LabPolicy,
    kind: Kind,
}

/// A skipped entry, as a problem of its file (line 1: it concerns the whole file).
fn skipped(path: &Path, why: Said) -> Problem {
    Problem::new(path.display().to_string(), 1, why)
}

fn hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

impl<'a> Folder<'a> {
    /// `dir` ready to scan, or `None` with a problem when it cannot be resolved (missing,
    /// unreadable). `dir` itself may be a link: the operator named it.
    pub fn open(
        dir: &'a Path,
        policy: LabPolicy,
        kind: Kind,
        problems: &mut Vec<Problem>,
    ) -> Option<Folder<'a>> {
        match dir.canonicalize() {
            Ok(canonical) => Some(Folder {
                dir,
                canonical,
                policy,
                kind,
            }),
            Err(e) => {
                problems.push(skipped(dir, why::cannot_read(&e)));
                None
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests;
