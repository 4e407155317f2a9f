//! Pages related to a set of words rather than to a typed query: the lab notes worth showing under
//! a diagnosis. Any of the words may match; the index finds the candidates, so this costs the same
//! for ten notes as for ten thousand.

use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::clauses::{all_of, bigrams, boosted, term};
use super::tokenizer::stem;
use super::SearchIndex;
use crate::text::{runs, Run};

/// Words of a set that count at most (a long log's words are cut here).
const MAX_WORDS: usize = 64;

impl SearchIndex {
    /// The lab's pages holding any of `words` (each word whole: all parts of `expandable_segments`,
    /// every bigram of a Chinese word), best first by BM25 with the title counting more; at most
    /// `limit`. Positions in the pages of this generation (see `position`).
    pub fn lab_pages_with_any(
        &self,
        words: &[&str],
        limit: usize,
        position: &HashMap<u64, usize>,
    ) -> Vec<usize> {
        let f = &self.fields;
        let mut stemmer = self.stemmer.clone();
        let mut units: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in words.iter().take(MAX_WORDS) {
            let mut parts: Vec<Box<dyn Query>> = Vec::new();
            for (kind, start, end) in runs(word) {
                let part = &word[start..end];
                let clauses = match kind {
                    Run::Latin => {
                        let stemmed = stem(&mut stemmer, &part.to_lowercase());
                        vec![
                            term(f.title_w, &stemmed, 3.0),
                            term(f.body_w, &stemmed, 1.0),
                            term(f.tags_w, &stemmed, 2.0),
                        ]
                    }
                    Run::Cjk => {
                        let grams = bigrams(part);
                        vec![
                            boosted(all_of(f.title_cjk, &grams), 3.0),
                            boosted(all_of(f.body_cjk, &grams), 1.0),
                        ]
                    }
                };
                parts.push(Box::new(BooleanQuery::new(clauses)));
            }
            match parts.len() {
                0 => {}
                1 => units.extend(parts.into_iter().map(|q| (Occur::Should, q))),
                _ => units.push((Occur::Should, Box::new(BooleanQuery::intersection(parts)))),
            }
        }
        if units.is_empty() {
            return Vec::new();
        }
        let lab = TermQuery::new(
            Term::from_field_text(f.origin, "lab"),
            IndexRecordOption::Basic,
        );
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(BooleanQuery::new(units)) as Box<dyn Query>,
            ),
            (Occur::Must, Box::new(BoostQuery::new(Box::new(lab), 0.0))),
        ]);
        let top = match self
            .searcher
            .search(&query, &TopDocs::with_limit(limit).order_by_score())
        {
            Ok(top) => top,
            Err(error) => {
                tracing::warn!(%error, "looking up lab notes failed");
                return Vec::new();
            }
        };
        top.into_iter()
            .filter_map(|(_, addr)| {
                let column = self
                    .searcher
                    .segment_reader(addr.segment_ord)
                    .fast_fields()
                    .u64(super::index::KEY)
                    .ok()?;
                let key = column.first(addr.doc_id)?;
                position.get(&key).copied()
            })
            .collect()
    }
}
