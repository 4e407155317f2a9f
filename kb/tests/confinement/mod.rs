//! What the confinement tests share: a lab folder with one real note beside a folder of secrets,
//! and the three ways a case reaches the knowledge base (load, a watcher's touched paths, a rescan).

#![allow(dead_code)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use kb::{KnowledgeBase, LabPolicy, LoadOptions, PageOrigin, Problem, SearchRequest};

/// The one real note of every lab folder here, found by this word.
pub const REAL_WORD: &str = "numbatnote";
/// A word only the files outside the lab folder hold.
pub const SECRET_WORD: &str = "quolltopsecret";

pub fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

pub fn link(target: &Path, at: &Path) {
    if let Some(parent) = at.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    symlink(target, at).unwrap_or_else(|e| panic!("link {}: {e}", at.display()));
}

/// A temporary place with `notes/` (the lab folder, one real note) and `outside/` (secrets).
pub struct Place {
    tmp: tempfile::TempDir,
}

impl Place {
    pub fn new() -> Place {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        write(
            &tmp.path().join("notes/real.md"),
            &format!("# The real note\n\nThe {REAL_WORD} job.\n"),
        );
        for name in ["secret.md", "secret.txt", "passwd"] {
            write(
                &tmp.path().join("outside").join(name),
                &format!("# Secret\n\n{SECRET_WORD} root:x:0:0\n"),
            );
        }
        Place { tmp }
    }

    pub fn notes(&self) -> PathBuf {
        self.tmp.path().join("notes")
    }

    pub fn outside(&self) -> PathBuf {
        self.tmp.path().join("outside")
    }
}

pub fn load(dir: &Path, policy: LabPolicy) -> (KnowledgeBase, Vec<Problem>) {
    KnowledgeBase::load_with(LoadOptions {
        builtin: false,
        extra_dirs: vec![dir.to_path_buf()],
        lab: policy,
        ..LoadOptions::default()
    })
    .unwrap_or_else(|e| panic!("load: {e}"))
}

pub fn follow() -> LabPolicy {
    LabPolicy {
        follow_symlinks: true,
        ..LabPolicy::default()
    }
}

/// How a case reaches the knowledge base.
#[derive(Debug, Clone, Copy)]
pub enum Way {
    /// Made before the load.
    Load,
    /// Made after it; the watcher names the paths made.
    Touched,
    /// Made after it; the periodic rescan finds them.
    Rescan,
}

pub const WAYS: [Way; 3] = [Way::Load, Way::Touched, Way::Rescan];

/// The lab pages and the problems after `make` changed the folder, the way `way` sees it. The
/// problems are shown as a log shows them (Display), with the folder's path cut off.
pub fn after(
    place: &Place,
    policy: LabPolicy,
    way: Way,
    make: impl FnOnce(&Place) -> Vec<PathBuf>,
) -> (KnowledgeBase, Vec<String>) {
    let dir = place.notes();
    let shown = |problems: &[Problem]| -> Vec<String> {
        let mut lines: Vec<String> = problems
            .iter()
            .map(|p| p.to_string().replace(&format!("{}/", dir.display()), ""))
            .collect();
        lines.sort();
        lines
    };
    match way {
        Way::Load => {
            make(place);
            let (kb, problems) = load(&dir, policy);
            (kb, shown(&problems))
        }
        Way::Touched | Way::Rescan => {
            let (kb, problems) = load(&dir, policy);
            assert!(problems.is_empty(), "{problems:?}");
            let made = make(place);
            let touched = if matches!(way, Way::Touched) {
                made
            } else {
                Vec::new()
            };
            let refresh = kb
                .refresh(&touched)
                .unwrap_or_else(|e| panic!("refresh: {e}"));
            let lines = shown(&refresh.problems);
            (refresh.knowledge.unwrap_or(kb), lines)
        }
    }
}

pub fn lab_slugs(kb: &KnowledgeBase) -> Vec<String> {
    kb.pages()
        .iter()
        .filter(|p| matches!(p.origin, PageOrigin::Lab { .. }))
        .map(|p| p.slug.clone())
        .collect()
}

pub fn found(kb: &KnowledgeBase, word: &str) -> usize {
    kb.search(&SearchRequest::new(word)).total
}

/// Three ways out: a file link, a folder link, and a link deeper inside climbing out.
pub fn links_out(place: &Place) -> Vec<PathBuf> {
    let notes = place.notes();
    link(&place.outside().join("passwd"), &notes.join("passwd.md"));
    link(
        &place.outside().join("secret.txt"),
        &notes.join("secret.txt"),
    );
    link(&place.outside(), &notes.join("etc"));
    std::fs::create_dir_all(notes.join("team")).unwrap_or_else(|e| panic!("{e}"));
    link(
        Path::new("../../outside/secret.md"),
        &notes.join("team/inner.rst"),
    );
    vec![
        notes.join("passwd.md"),
        notes.join("secret.txt"),
        notes.join("etc"),
        notes.join("team"),
    ]
}
