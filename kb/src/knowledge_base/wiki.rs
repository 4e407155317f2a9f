//! The team wiki's pages in the knowledge base. The wiki keeps its revisions (crate `wiki`); the
//! server hands each page's newest state here as a [`WikiChange`], and the next generation is
//! made the way a change in the lab's folders makes one: only the pages that changed are parsed,
//! rendered and re-indexed.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use super::{KnowledgeBase, Refresh};
use crate::catalog::{parse_sources, Catalog};
use crate::error::KbError;
use crate::load::{Source, SourceKind, WIKI_ROOT};
use crate::page::{Page, PageOrigin};

/// A wiki page's newest revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WikiPage {
    pub slug: String,
    pub revision: i64,
    /// The whole source: front matter and markdown.
    pub source: String,
}

/// What the wiki now says of one slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WikiChange {
    /// The page reads as this revision, over any built-in or folder page of its slug.
    Show(WikiPage),
    /// Deleted: no page of this slug is shown.
    Hide(String),
    /// The wiki let go: the built-in or folder page of this slug, if any, shows again.
    Release(String),
}

impl WikiChange {
    fn slug(&self) -> &str {
        match self {
            WikiChange::Show(page) => &page.slug,
            WikiChange::Hide(slug) | WikiChange::Release(slug) => slug,
        }
    }
}

impl KnowledgeBase {
    /// The next generation with `changes` applied (the last change of a slug counts). Problems
    /// of the wiki pages parsed come back in [`Refresh::problems`]; a page that cannot be parsed
    /// (front matter that does not read) shows nothing over the original.
    ///
    /// # Errors
    /// [`KbError::Index`] when the index cannot be updated.
    pub fn with_wiki(&self, changes: &[WikiChange]) -> Result<Refresh, KbError> {
        let started = Instant::now();
        let slugs: HashSet<&str> = changes.iter().map(WikiChange::slug).collect();
        let mut hidden: HashSet<String> = (*self.catalog.hidden).clone();
        let mut shown: Vec<&WikiPage> = Vec::new();
        for change in changes {
            shown.retain(|page| page.slug != change.slug());
            hidden.remove(change.slug());
            match change {
                WikiChange::Show(page) => shown.push(page),
                WikiChange::Hide(slug) => {
                    hidden.insert(slug.clone());
                }
                WikiChange::Release(_) => {}
            }
        }
        let sources: Vec<Source> = shown
            .iter()
            .map(|page| Source {
                file: format!("{WIKI_ROOT}/{}.md", page.slug),
                text: page.source.clone(),
                origin: PageOrigin::Wiki {
                    revision: page.revision,
                },
                kind: SourceKind::Wiki,
                stamp: None,
            })
            .collect();
        let fresh = parse_sources(&sources);
        let problems: Vec<_> = fresh
            .iter()
            .flat_map(|e| e.problems.iter().cloned())
            .collect();
        let reread: Vec<String> = fresh.iter().map(|e| e.file.clone()).collect();
        let mut entries: Vec<_> = self
            .catalog
            .entries
            .iter()
            .filter(|e| e.kind != SourceKind::Wiki || !slugs.contains(wiki_slug(&e.file)))
            .cloned()
            .collect();
        entries.extend(fresh.into_iter().map(Arc::new));
        let catalog = Catalog {
            entries,
            hidden: Arc::new(hidden),
        };
        self.next_generation(catalog, problems, &reread, started, !slugs.is_empty())
    }

    /// The built-in or folder page under the wiki's page of `slug` (or the one a new wiki page
    /// would shadow), with its source text: what a first edit starts from and what "back to the
    /// original" shows. `None` when the slug has no such page. Folder notes are read again from
    /// disk, under the folder's rules.
    pub fn original(&self, slug: &str) -> Option<(Arc<Page>, String)> {
        let entry = self
            .catalog
            .entries
            .iter()
            .filter(|e| e.kind != SourceKind::Wiki)
            .filter(|e| e.page.as_ref().is_some_and(|p| p.slug == slug))
            .max_by_key(|e| e.kind.precedence())?;
        let page = entry.page.clone()?;
        let text = match (&entry.kind, &entry.path) {
            (SourceKind::Lab { folder, .. }, Some(path)) => {
                let dir = self.dirs.get(*folder)?;
                let reader = crate::folder::Folder::open(
                    dir,
                    self.policy,
                    crate::folder::Kind::Lab,
                    &mut Vec::new(),
                )?;
                reader.read(path).ok()?.0
            }
            _ => crate::load::builtin_text(&entry.file)?,
        };
        Some((page, text))
    }

    /// Whether a built-in or folder page of `slug` lies under (or would lie under) a wiki page:
    /// [`KnowledgeBase::original`] without reading its text.
    pub fn has_original(&self, slug: &str) -> bool {
        self.catalog
            .entries
            .iter()
            .any(|e| e.kind != SourceKind::Wiki && e.page.as_ref().is_some_and(|p| p.slug == slug))
    }

    /// Whether the wiki deleted `slug` (no page of it is shown).
    pub fn is_hidden(&self, slug: &str) -> bool {
        self.catalog.hidden.contains(slug)
    }
}

/// The slug of a wiki entry's file name (`wiki/{slug}.md`), whether or not it parsed.
fn wiki_slug(file: &str) -> &str {
    Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
}
