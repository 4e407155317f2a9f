//! Loading a knowledge base, and refreshing it into the next one when lab notes change: only the
//! notes that changed are read again, and only their pages leave and enter the index.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use super::KnowledgeBase;
use crate::catalog::{self, Catalog};
use crate::error::{KbError, Problem};
use crate::folder::LabPolicy;
use crate::load::{self, LoadOptions, Source, SourceKind};
use crate::page::Page;
use crate::patterns::LinePatterns;
use crate::render::Output;
use crate::search::{SearchIndex, SearchRequest};

/// How long loading took, for logs and the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LoadStats {
    pub pages: usize,
    /// Reading, parsing, rendering and sanitizing the pages.
    pub render_ms: f64,
    /// Building the search index.
    pub index_ms: f64,
}

/// What a [`KnowledgeBase::refresh`] did, for the log.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RefreshStats {
    /// Notes read and rendered again.
    pub reread: usize,
    /// Pages taken out of the index and put in.
    pub removed: usize,
    pub added: usize,
    pub pages: usize,
    pub ms: f64,
}

/// What [`KnowledgeBase::refresh`] found.
#[derive(Debug)]
pub struct Refresh {
    /// The next generation, or `None` when no page changed (keep using this one).
    pub knowledge: Option<KnowledgeBase>,
    /// Problems of the notes read again, and the entries skipped where the refresh looked.
    pub problems: Vec<Problem>,
    pub stats: RefreshStats,
}

/// The visible pages of `catalog` in display order, each with its key.
fn arrange(catalog: &Catalog, problems: &mut Vec<Problem>) -> Vec<(u64, Arc<Page>)> {
    let mut pages: Vec<(u64, Arc<Page>)> = catalog
        .visible(problems)
        .into_iter()
        .filter_map(|e| e.page.clone().map(|p| (e.key, p)))
        .collect();
    pages.sort_by(|(_, a), (_, b)| (a.lang, &a.title, &a.slug).cmp(&(b.lang, &b.title, &b.slug)));
    pages
}

impl KnowledgeBase {
    /// Built-in pages (embedded from content/{en,zh}) plus the pages in `extra_dirs`, which add to or
    /// replace built-ins of the same slug. A bad page is skipped and reported in the problems.
    /// Builds the search index in RAM and warms jieba and the highlighter.
    pub fn load(extra_dirs: &[PathBuf]) -> Result<(KnowledgeBase, Vec<Problem>), KbError> {
        KnowledgeBase::load_with(LoadOptions {
            extra_dirs: extra_dirs.to_vec(),
            ..LoadOptions::default()
        })
    }

    /// [`KnowledgeBase::load`] with every option: without built-ins, with pages given as text, with
    /// the index on disk.
    pub fn load_with(options: LoadOptions) -> Result<(KnowledgeBase, Vec<Problem>), KbError> {
        Self::load_inner(options, true)
    }

    /// The pages of [`KnowledgeBase::load_with`] without a search index: for a command that only
    /// looks pages up (which guides address a finding) and should not pay for jieba's dictionary
    /// and the index. `search` finds nothing in it; `index_dir` is not used. Its pages carry no
    /// HTML (`Page::html` is empty; their text, table of contents and key snippet are there):
    /// sanitizing and highlighting were most of the cost of loading, for pages never shown.
    pub fn load_pages(options: LoadOptions) -> Result<(KnowledgeBase, Vec<Problem>), KbError> {
        Self::load_inner(options, false)
    }

    fn load_inner(
        options: LoadOptions,
        with_index: bool,
    ) -> Result<(KnowledgeBase, Vec<Problem>), KbError> {
        let started = Instant::now();
        let mut problems = Vec::new();
        let mut sources: Vec<Source> = Vec::new();
        if options.builtin {
            sources.extend(load::builtin_sources(&mut problems));
        }
        for (folder, dir) in options.extra_dirs.iter().enumerate() {
            sources.extend(load::lab_dir_sources(
                dir,
                options.lab,
                folder,
                &mut problems,
            ));
        }
        sources.extend(options.extra_pages.into_iter().map(|p| Source {
            file: p.name.clone(),
            text: p.source,
            origin: crate::page::PageOrigin::Lab {
                path: PathBuf::from(p.name),
            },
            kind: SourceKind::Given,
            stamp: None,
        }));
        let catalog = Catalog {
            hidden: Arc::default(),
            // Without the index the pages are only looked up, never shown: no HTML.
            entries: catalog::parse_sources_as(
                &sources,
                if with_index {
                    Output::Html
                } else {
                    Output::TextOnly
                },
            )
            .into_iter()
            .map(Arc::new)
            .collect(),
        };
        drop(sources);
        problems.extend(catalog.problems().cloned());
        let pages = arrange(&catalog, &mut problems);
        let render_ms = started.elapsed().as_secs_f64() * 1e3;
        let started = Instant::now();
        let index = if with_index {
            let keyed: Vec<(u64, &Page)> = pages.iter().map(|(k, p)| (*k, p.as_ref())).collect();
            Some(SearchIndex::build(&keyed, options.index_dir.as_deref())?)
        } else {
            None
        };
        let stats = LoadStats {
            pages: pages.len(),
            render_ms,
            index_ms: started.elapsed().as_secs_f64() * 1e3,
        };
        tracing::info!(
            pages = stats.pages,
            render_ms = stats.render_ms,
            index_ms = stats.index_ms,
            problems = problems.len(),
            "knowledge base loaded"
        );
        let kb = KnowledgeBase::assemble(
            stats,
            (options.extra_dirs, options.lab),
            catalog,
            pages,
            index,
        );
        // Warm jieba's query path too, so the first search is as fast as the next.
        if with_index {
            let _ = kb.search(&SearchRequest::new("显存 warm"));
        }
        Ok((kb, problems))
    }

    fn assemble(
        stats: LoadStats,
        (dirs, policy): (Vec<PathBuf>, LabPolicy),
        catalog: Catalog,
        arranged: Vec<(u64, Arc<Page>)>,
        index: Option<SearchIndex>,
    ) -> KnowledgeBase {
        let (keys, pages): (Vec<u64>, Vec<Arc<Page>>) = arranged.into_iter().unzip();
        let by_slug = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.slug.clone(), i))
            .collect();
        let by_key = keys.iter().enumerate().map(|(i, &k)| (k, i)).collect();
        let patterns = LinePatterns::of(&pages);
        KnowledgeBase {
            stats,
            dirs,
            policy,
            catalog,
            pages,
            keys,
            by_slug,
            by_key,
            patterns,
            index,
            answers: Default::default(),
        }
    }

    /// The next generation after a change in the lab folders, read by the same [`LabPolicy`] as
    /// the first load: only notes that are new, changed (size or modification time) or named in
    /// `touched` are read and rendered again, and only the pages that left or came are taken out
    /// of or put into the index. [`Refresh::knowledge`] is `None` when no page changed; the
    /// problems are those of the notes read again and of the entries skipped where the refresh
    /// looked (all folders when `touched` is empty), whether or not a page changed. This
    /// knowledge base stays as it was.
    pub fn refresh(&self, touched: &[PathBuf]) -> Result<Refresh, KbError> {
        let started = Instant::now();
        let refreshed = self.catalog.refreshed(&self.dirs, self.policy, touched);
        let (catalog, problems) = (refreshed.catalog, refreshed.problems);
        self.next_generation(catalog, problems, &refreshed.reread, started, false)
    }

    /// The generation made of `catalog`: the index told only which pages left and came.
    /// `changed`: build one even when no page came or left (a wiki page hidden and shown again).
    pub(super) fn next_generation(
        &self,
        catalog: Catalog,
        mut problems: Vec<Problem>,
        reread: &[String],
        started: Instant,
        changed: bool,
    ) -> Result<Refresh, KbError> {
        let mut merge_problems = Vec::new();
        let pages = arrange(&catalog, &mut merge_problems);
        // Duplicate slugs again, but only those a note read now is part of.
        let reread_files: HashSet<&str> = reread.iter().map(String::as_str).collect();
        problems.extend(
            merge_problems
                .into_iter()
                .filter(|p| reread_files.contains(p.file.as_str())),
        );
        let now: HashSet<u64> = pages.iter().map(|(k, _)| *k).collect();
        let removed: Vec<u64> = self
            .keys
            .iter()
            .copied()
            .filter(|k| !now.contains(k))
            .collect();
        let added: Vec<(u64, &Page)> = pages
            .iter()
            .filter(|(k, _)| !self.by_key.contains_key(k))
            .map(|(k, p)| (*k, p.as_ref()))
            .collect();
        let mut stats = RefreshStats {
            reread: reread.len(),
            removed: removed.len(),
            added: added.len(),
            pages: pages.len(),
            ms: 0.0,
        };
        if removed.is_empty() && added.is_empty() && reread_files.is_empty() && !changed {
            stats.pages = self.pages.len();
            stats.ms = started.elapsed().as_secs_f64() * 1e3;
            return Ok(Refresh {
                knowledge: None,
                problems,
                stats,
            });
        }
        let index = match &self.index {
            Some(index) => Some(index.update(&removed, &added)?),
            None => None,
        };
        let load = LoadStats {
            pages: pages.len(),
            ..self.stats
        };
        let folders = (self.dirs.clone(), self.policy);
        let kb = KnowledgeBase::assemble(load, folders, catalog, pages, index);
        stats.ms = started.elapsed().as_secs_f64() * 1e3;
        Ok(Refresh {
            knowledge: Some(kb),
            problems,
            stats,
        })
    }
}
