//! `oomlens export` and `import`: the wiki as files. Each page the wiki shows is `DIR/{slug}.md`
//! (front matter and markdown, what `--content` reads); a deleted page is
//! `DIR/.deleted/{slug}.md`; with history, every revision of a page is in
//! `DIR/.history/{slug}.json`. The hidden folders are skipped by `--content`, so an export is also
//! a lab folder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::revisions::{Revision, State};
use crate::{Wiki, WikiError};

/// A revision as the history file keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub id: i64,
    pub parent: Option<i64>,
    /// `live`, `deleted` or `original`.
    pub state: String,
    pub source: String,
    pub author: String,
    pub comment: String,
    pub merged: bool,
    /// Seconds since the Unix epoch.
    pub created_at: i64,
}

/// What an export or import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub pages: usize,
    pub revisions: usize,
    /// Pages an import gave a new text over a live one the wiki had (a new revision each; the
    /// old text stays in the history).
    pub replaced: usize,
}

/// Why files could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error(transparent)]
    Wiki(#[from] WikiError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a history file: {source}")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("{0}: not a page slug (lowercase letters, digits and `-`)")]
    BadSlug(String),
    /// Page files the caller's check refused, each with why (one line each).
    #[error("{}", .0.join("\n"))]
    Refused(Vec<String>),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> TransferError + '_ {
    move |source| TransferError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn state_name(state: State) -> &'static str {
    match state {
        State::Live => "live",
        State::Deleted => "deleted",
        State::Original => "original",
    }
}

/// A slug as a file name: only the characters slugs have, so no path can be made of one.
fn safe_slug(slug: &str) -> Result<&str, TransferError> {
    let ok = !slug.is_empty()
        && slug.len() <= 120
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(slug)
    } else {
        Err(TransferError::BadSlug(slug.to_string()))
    }
}

impl Wiki {
    /// Writes every page (and with `history`, every revision) under `dir`, created if needed.
    ///
    /// # Errors
    /// [`TransferError::Io`] when a file cannot be written.
    pub fn export(&self, dir: &Path, history: bool) -> Result<Counts, TransferError> {
        let mut counts = Counts::default();
        let revisions = self.all_revisions()?;
        let mut by_slug: HashMap<&str, Vec<&Revision>> = HashMap::new();
        for revision in &revisions {
            by_slug.entry(&revision.slug).or_default().push(revision);
        }
        for page in self.pages()? {
            let slug = safe_slug(&page.slug)?;
            let folder = match page.head.state {
                State::Live => dir.to_path_buf(),
                State::Deleted => dir.join(".deleted"),
                // The wiki holds no text over the original: only its history, if asked.
                State::Original => PathBuf::new(),
            };
            if !folder.as_os_str().is_empty() {
                std::fs::create_dir_all(&folder).map_err(io(&folder))?;
                let file = folder.join(format!("{slug}.md"));
                std::fs::write(&file, &page.head.source).map_err(io(&file))?;
                counts.pages += 1;
            }
            if history {
                let folder = dir.join(".history");
                std::fs::create_dir_all(&folder).map_err(io(&folder))?;
                let saved: Vec<Saved> = by_slug
                    .get(slug)
                    .into_iter()
                    .flatten()
                    .map(|r| Saved {
                        id: r.id,
                        parent: r.parent,
                        state: state_name(r.state).into(),
                        source: r.source.clone(),
                        author: r.author.clone(),
                        comment: r.comment.clone(),
                        merged: r.merged,
                        created_at: r.created_at,
                    })
                    .collect();
                counts.revisions += saved.len();
                let file = folder.join(format!("{slug}.json"));
                let json =
                    serde_json::to_string_pretty(&saved).map_err(|source| TransferError::Json {
                        path: file.clone(),
                        source,
                    })?;
                std::fs::write(&file, json).map_err(io(&file))?;
            }
        }
        Ok(counts)
    }

    /// Brings an export back in. A page with a history file whose slug the wiki has no revision
    /// of gets its revisions as they were (authors, times, comments; in their first order, so a
    /// fresh wiki numbers them the same); any other page becomes a new revision by `author` over
    /// what the wiki has ([`Counts::replaced`] counts those that changed a live page's text).
    /// Every file is read and checked before anything is written: a bad one leaves the wiki as
    /// it was.
    ///
    /// # Errors
    /// [`TransferError`] for unreadable files or names that are not slugs.
    pub fn import(&self, dir: &Path, author: &str) -> Result<Counts, TransferError> {
        self.import_checked(dir, author, |_, _, _| None)
    }

    /// [`Wiki::import`], with `check` asked about every page file it reads (its path, slug and
    /// text): what it says is wrong refuses the import before anything is written
    /// ([`TransferError::Refused`], every such file named).
    ///
    /// # Errors
    /// As [`Wiki::import`], and [`TransferError::Refused`].
    pub fn import_checked(
        &self,
        dir: &Path,
        author: &str,
        check: impl Fn(&Path, &str, &str) -> Option<String>,
    ) -> Result<Counts, TransferError> {
        let mut counts = Counts::default();
        // Read and check everything first.
        let mut histories: Vec<(String, Vec<Saved>)> = Vec::new();
        let history_dir = dir.join(".history");
        if history_dir.is_dir() {
            for path in files_in(&history_dir, "json")? {
                let slug = safe_slug(stem(&path))?.to_string();
                let text = std::fs::read_to_string(&path).map_err(io(&path))?;
                let saved: Vec<Saved> =
                    serde_json::from_str(&text).map_err(|source| TransferError::Json {
                        path: path.clone(),
                        source,
                    })?;
                if self.head(&slug)?.is_none() && !saved.is_empty() {
                    histories.push((slug, saved));
                }
            }
        }
        let replayed: Vec<String> = histories.iter().map(|(slug, _)| slug.clone()).collect();
        let mut pages: Vec<(String, String, bool)> = Vec::new();
        let mut refused = Vec::new();
        for (folder, deleted) in [(dir.to_path_buf(), false), (dir.join(".deleted"), true)] {
            if !folder.is_dir() {
                continue;
            }
            for path in files_in(&folder, "md")? {
                let slug = safe_slug(stem(&path))?.to_string();
                if replayed.contains(&slug) {
                    continue;
                }
                let source = std::fs::read_to_string(&path).map_err(io(&path))?;
                refused.extend(check(&path, &slug, &source));
                pages.push((slug, source, deleted));
            }
        }
        if !refused.is_empty() {
            refused.sort();
            return Err(TransferError::Refused(refused));
        }
        // Every revision of every replayed page, in the order they were first written.
        let mut all: Vec<(&str, &Saved)> = histories
            .iter()
            .flat_map(|(slug, saved)| saved.iter().map(move |s| (slug.as_str(), s)))
            .collect();
        all.sort_by_key(|(_, s)| s.id);
        let mut new_ids: HashMap<i64, i64> = HashMap::new();
        {
            let mut connection = self.lock()?;
            let transaction = connection.transaction().map_err(WikiError::from)?;
            for (slug, saved) in &all {
                let parent = saved.parent.and_then(|p| new_ids.get(&p).copied());
                transaction
                    .execute(
                        "INSERT INTO revisions (slug, parent, state, source, author, comment, merged, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                        params![slug, parent, saved.state, saved.source, saved.author, saved.comment, saved.merged as i64, saved.created_at],
                    )
                    .map_err(WikiError::from)?;
                let id = transaction.last_insert_rowid();
                new_ids.insert(saved.id, id);
                transaction
                    .execute(
                        "INSERT INTO pages (slug, head) VALUES (?1, ?2) ON CONFLICT (slug) DO UPDATE SET head = excluded.head",
                        params![slug, id],
                    )
                    .map_err(WikiError::from)?;
                counts.revisions += 1;
            }
            transaction.commit().map_err(WikiError::from)?;
        }
        counts.pages += replayed.len();
        // Pages without a history replayed: a new revision each, over what the wiki has.
        for (slug, source, deleted) in &pages {
            let head = self.head(slug)?;
            if head
                .as_ref()
                .is_some_and(|h| h.source == *source && (h.state == State::Deleted) == *deleted)
            {
                continue;
            }
            if head.as_ref().is_some_and(|h| h.state == State::Live) {
                counts.replaced += 1;
            }
            let edit = crate::Edit {
                slug,
                base: head.as_ref().map(|h| h.id),
                source,
                author,
                comment: "imported",
                original: None,
                original_seen: None,
            };
            self.save(edit)?;
            counts.revisions += 1;
            if *deleted {
                self.delete(slug, source, author, "imported")?;
                counts.revisions += 1;
            }
            counts.pages += 1;
        }
        Ok(counts)
    }
}

/// The files of `folder` with extension `ext`, sorted.
fn files_in(folder: &Path, ext: &str) -> Result<Vec<PathBuf>, TransferError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(io(folder))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    Ok(files)
}

/// A file's name without its extension ("" when it is not UTF-8, which no slug is).
fn stem(path: &Path) -> &str {
    path.file_stem().and_then(|s| s.to_str()).unwrap_or("")
}
