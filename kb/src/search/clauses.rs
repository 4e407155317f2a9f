//! The small query pieces every search is built of.

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

/// How much a match weighs by where it is (the text of a page weighs 1).
pub(crate) const TITLE_BOOST: f32 = 3.0;
pub(crate) const TAG_BOOST: f32 = 2.0;
/// A word in the summary or a heading (see `index::head_text`): between the title and the text.
pub(crate) const HEAD_BOOST: f32 = 2.0;
pub(crate) const LOOSE_BOOST: f32 = 0.4;
/// Another spelling of a Chinese word (see [`super::variants`]) counts a little less than the word.
pub(crate) const VARIANT_BOOST: f32 = 0.8;

/// One term of one field, weighted.
pub(crate) fn term(field: Field, text: &str, boost: f32) -> (Occur, Box<dyn Query>) {
    let q = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    (Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost)))
}

/// A query as a should-clause, weighted.
pub(crate) fn boosted(q: impl Query, boost: f32) -> (Occur, Box<dyn Query>) {
    (Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost)))
}

/// Pages containing `text` in any of `fields` (the largest count).
pub(crate) fn doc_freq(searcher: &Searcher, fields: &[Field], text: &str) -> u64 {
    fields
        .iter()
        .filter_map(|&field| searcher.doc_freq(&Term::from_field_text(field, text)).ok())
        .max()
        .unwrap_or(0)
}

/// The overlapping two-character pieces of a Chinese word (the word itself when shorter).
pub(crate) fn bigrams(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 2 {
        return vec![word.to_string()];
    }
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// Pages with every one of `grams` in `field`.
pub(crate) fn all_of(field: Field, grams: &[String]) -> BooleanQuery {
    BooleanQuery::intersection(
        grams
            .iter()
            .map(|g| {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, g),
                    IndexRecordOption::WithFreqs,
                )) as Box<dyn Query>
            })
            .collect(),
    )
}
