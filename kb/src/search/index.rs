//! Building the tantivy index of a set of pages, and updating it for the pages a refresh changed.

use std::path::Path;
use std::sync::{Arc, Mutex};

use tantivy::directory::MmapDirectory;
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STRING,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::{tokenizer, SearchIndex};
use crate::error::KbError;
use crate::page::Page;

/// The field holding a page's key (see [`crate::catalog`]).
pub(crate) const KEY: &str = "key";

/// Memory for the writer of a refresh: a refresh re-indexes a few notes, not a library.
const UPDATE_BUDGET: usize = 32 << 20;

/// What every generation of one knowledge base shares: the index, its reader, and the writer
/// refreshes use.
pub(crate) struct Shared {
    index: Index,
    reader: IndexReader,
    /// Made on the first refresh: the large writer of the first build is dropped once it is done,
    /// so a site that never changes holds no indexing memory.
    writer: Mutex<Option<IndexWriter<TantivyDocument>>>,
}

fn text_options(tokenizer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

/// The fields queries use.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub key: Field,
    pub lang: Field,
    pub origin: Field,
    pub tag: Field,
    pub title_w: Field,
    pub body_w: Field,
    pub title_raw: Field,
    pub body_raw: Field,
    pub title_cjk: Field,
    pub body_cjk: Field,
    pub tags_w: Field,
    pub head_w: Field,
    pub head_cjk: Field,
}

fn schema() -> (Schema, Fields) {
    use tokenizer::{BIGRAMS, RAW, WORDS};
    let mut b = Schema::builder();
    let freqs = IndexRecordOption::WithFreqs;
    let basic = IndexRecordOption::Basic;
    let fields = Fields {
        key: b.add_u64_field(KEY, INDEXED | FAST),
        lang: b.add_text_field("lang", STRING),
        origin: b.add_text_field("origin", STRING),
        tag: b.add_text_field("tag", STRING),
        title_w: b.add_text_field("title_w", text_options(WORDS, freqs)),
        body_w: b.add_text_field("body_w", text_options(WORDS, freqs)),
        title_raw: b.add_text_field("title_raw", text_options(RAW, basic)),
        body_raw: b.add_text_field("body_raw", text_options(RAW, basic)),
        title_cjk: b.add_text_field("title_cjk", text_options(BIGRAMS, freqs)),
        body_cjk: b.add_text_field("body_cjk", text_options(BIGRAMS, freqs)),
        tags_w: b.add_text_field("tags_w", text_options(WORDS, freqs)),
        head_w: b.add_text_field("head_w", text_options(WORDS, freqs)),
        head_cjk: b.add_text_field("head_cjk", text_options(BIGRAMS, freqs)),
    };
    (b.build(), fields)
}

fn document(f: &Fields, key: u64, page: &Page) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_u64(f.key, key);
    doc.add_text(f.lang, page.lang.as_str());
    doc.add_text(f.origin, origin_term(page));
    for tag in &page.tags {
        doc.add_text(f.tag, tag);
    }
    doc.add_text(f.tags_w, page.tags.join(" "));
    for field in [f.title_w, f.title_raw, f.title_cjk] {
        doc.add_text(field, &page.title);
    }
    for field in [f.body_w, f.body_raw, f.body_cjk] {
        doc.add_text(field, &page.text);
    }
    let head = head_text(page);
    for field in [f.head_w, f.head_cjk] {
        doc.add_text(field, &head);
    }
    doc
}

/// What a page says it is about besides its title: its summary (a lab note's first paragraph
/// when it has none) and its headings. Words there weigh more than the same words deep in the
/// text: a note that opens with `nanoGPT` is about nanoGPT; a guide that names it once in an
/// example is not.
fn head_text(page: &Page) -> String {
    let mut head = page.summary.clone();
    for entry in &page.toc {
        head.push('\n');
        head.push_str(&entry.text);
    }
    head
}

/// The `origin` field's value: whether the lab wrote the page.
pub(crate) fn origin_term(page: &Page) -> &'static str {
    if page.origin.is_lab() {
        "lab"
    } else {
        "builtin"
    }
}

fn create(schema: Schema, dir: Option<&Path>) -> Result<Index, KbError> {
    let Some(dir) = dir else {
        return Ok(Index::create_in_ram(schema));
    };
    let io_error = |source| KbError::IndexDir {
        path: dir.to_path_buf(),
        source,
    };
    // An index left by an earlier run is rebuilt: the pages may have changed.
    if dir.join("meta.json").is_file() {
        std::fs::remove_dir_all(dir).map_err(io_error)?;
    }
    std::fs::create_dir_all(dir).map_err(io_error)?;
    let mmap = MmapDirectory::open(dir).map_err(|e| KbError::IndexDirOpen {
        path: dir.to_path_buf(),
        message: e.to_string(),
    })?;
    Ok(Index::create(mmap, schema, Default::default())?)
}

impl SearchIndex {
    /// Indexes `pages` (each with its key) in RAM, or in `dir` (created if needed; an older index
    /// there is replaced).
    pub fn build(pages: &[(u64, &Page)], dir: Option<&Path>) -> Result<SearchIndex, KbError> {
        let (schema, fields) = schema();
        let index = create(schema, dir)?;
        let analyzers = tokenizer::analyzers();
        let stemmer = analyzers[0].1.clone();
        for (name, analyzer) in analyzers {
            index.tokenizers().register(name, analyzer);
        }
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4);
        // Memory for the indexing threads: about 8 KiB a page (a few segments for a large library,
        // one for ours), between 64 MiB and 1 GiB. Written in one go: no merging.
        let budget = (pages.len() << 13)
            .clamp(64 << 20, 1 << 30)
            .max((threads * 16) << 20);
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(threads, budget)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for &(key, page) in pages {
            writer.add_document(document(&fields, key, page))?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        Ok(SearchIndex {
            shared: Arc::new(Shared {
                index,
                reader,
                writer: Mutex::new(None),
            }),
            searcher,
            fields,
            stemmer,
        })
    }

    /// The next generation: the pages of `removed` keys taken out, `added` put in, committed. This
    /// generation keeps searching what it saw.
    pub fn update(&self, removed: &[u64], added: &[(u64, &Page)]) -> Result<SearchIndex, KbError> {
        let shared = &self.shared;
        // One refresh at a time; a panic in an earlier one left nothing half-done worth refusing.
        let mut slot = shared.writer.lock().unwrap_or_else(|e| e.into_inner());
        let writer = match slot.as_mut() {
            Some(writer) => writer,
            None => slot.insert(shared.index.writer_with_num_threads(1, UPDATE_BUDGET)?),
        };
        let written = (|| {
            for &key in removed {
                writer.delete_term(Term::from_field_u64(self.fields.key, key));
            }
            for &(key, page) in added {
                writer.add_document(document(&self.fields, key, page))?;
            }
            writer.commit()
        })();
        if let Err(error) = written {
            // Leave the writer as the last commit had it, for the next refresh.
            let _ = writer.rollback();
            return Err(error.into());
        }
        shared.reader.reload()?;
        let searcher = shared.reader.searcher();
        drop(slot);
        Ok(SearchIndex {
            shared: Arc::clone(shared),
            searcher,
            fields: self.fields,
            stemmer: self.stemmer.clone(),
        })
    }
}
