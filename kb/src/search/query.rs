//! From the user's text to a tantivy query, built term by term: never through tantivy's query syntax,
//! so quotes, brackets, `AND`, `-`, `:` and the like are just separators.

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::clauses::doc_freq;
use super::glossary;
use super::index::Fields;
use super::snippet::Matcher;
use super::tokenizer::{jieba_words, stem, MAX_TOKEN_BYTES};
use super::words::{all_parts, cjk_unit, latin_unit, Candidate};
use crate::text::{compounds, is_cjk, Run};

/// At most this many distinct words of a query count (a pasted log is cut here).
pub(crate) const MAX_UNITS: usize = 24;
/// Only the start of a very long query is read.
const MAX_QUERY_BYTES: usize = 4096;

/// At most this many words (the rarest) of a long query are searched.
pub(crate) const MAX_SEARCH_WORDS: usize = 8;
/// Queries of more words than this get no typo tolerance (they are pasted, not typed).
const MAX_FUZZY_WORDS: usize = 6;

/// A parsed query: one clause per word (any of its forms may match) and what to highlight.
pub(crate) struct Parsed {
    pub units: Vec<Box<dyn Query>>,
    pub matcher: Matcher,
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Parses `text` into word clauses. `prefix_last`: the last Latin word may be a prefix (search as you
/// type) unless the text ends in a space.
pub(crate) fn parse(
    f: &Fields,
    searcher: &Searcher,
    stemmer: &mut TextAnalyzer,
    text: &str,
) -> Parsed {
    let text = &text[..floor_boundary(text, text.len().min(MAX_QUERY_BYTES))];
    let ends_in_word = text.chars().last().is_some_and(|c| c.is_alphanumeric());
    let words = compounds(text);
    let fuzzy = words.len() <= MAX_FUZZY_WORDS;
    let mut seen: Vec<String> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    for (i, (kind, parts)) in words.iter().enumerate() {
        if seen.len() >= MAX_UNITS {
            break;
        }
        let (start, end) = (parts[0].0, parts[parts.len() - 1].1);
        let run = &text[start..end];
        match kind {
            Run::Latin => {
                let raws: Vec<String> = parts
                    .iter()
                    .map(|&(a, b)| text[a..b].to_lowercase())
                    .filter(|raw| raw.len() <= MAX_TOKEN_BYTES)
                    .collect();
                let key = raws.join(" ");
                if raws.is_empty() || seen.contains(&key) {
                    continue;
                }
                // The last word of a query typed as far as a letter may be unfinished, unless it
                // ends a compound the pages have as written (`no_grad` is not `no` + `grad*`).
                let whole = stem(stemmer, &run.to_lowercase());
                let known = raws.len() > 1
                    && doc_freq(searcher, &[f.body_w, f.title_w, f.head_w], &whole) > 0;
                let last = ends_in_word && i + 1 == words.len() && !known;
                let units = raws.iter().enumerate().filter_map(|(j, raw)| {
                    let prefix = last && j + 1 == raws.len();
                    latin_unit(f, searcher, fuzzy, stemmer, raw, prefix)
                });
                let units: Vec<Candidate> = units.collect();
                candidates.extend(all_parts(f, units, &whole));
                seen.push(key);
            }
            Run::Cjk => {
                // The glossary's terms are words of their own (jieba may cut 梯度累积 in two);
                // the rest is cut by jieba.
                let mut words: Vec<(&str, bool)> = Vec::new();
                for (piece, term) in glossary::split(run) {
                    if term {
                        words.push((piece, true));
                        continue;
                    }
                    let cut = jieba_words(piece, false)
                        .into_iter()
                        .map(|(a, b)| &piece[a..b]);
                    let cut: Vec<&str> = cut.filter(|w| w.chars().count() >= 2).collect();
                    if cut.is_empty() {
                        words.push((piece, false));
                    }
                    words.extend(cut.into_iter().map(|w| (w, false)));
                }
                for (word, term) in words {
                    if seen.iter().any(|s| s == word) || seen.len() >= MAX_UNITS {
                        continue;
                    }
                    debug_assert!(word.chars().all(is_cjk));
                    candidates.extend(cjk_unit(f, searcher, stemmer, word, term));
                    seen.push(word.to_string());
                }
            }
        }
    }
    // Words in most pages (`the`, `and`, `of`) tell nothing and cost the most: leave them out when
    // the query has rarer words.
    let common = (searcher.num_docs() / 2).max(8);
    if candidates.iter().any(|c| c.df <= common) {
        candidates.retain(|c| c.df <= common);
    }
    // Many words (a pasted log): search the rarest few, in their order.
    if candidates.len() > MAX_SEARCH_WORDS {
        let mut by_rarity: Vec<usize> = (0..candidates.len()).collect();
        by_rarity.sort_by_key(|&i| (candidates[i].df, i));
        let keep: Vec<bool> = {
            let mut keep = vec![false; candidates.len()];
            for &i in by_rarity.iter().take(MAX_SEARCH_WORDS) {
                keep[i] = true;
            }
            keep
        };
        let mut k = keep.into_iter();
        candidates.retain(|_| k.next().unwrap_or(false));
    }
    let mut parsed = Parsed {
        units: Vec::with_capacity(candidates.len()),
        matcher: Matcher::default(),
    };
    for c in candidates {
        parsed.units.push(c.query);
        parsed.matcher.latin.extend(c.latin);
        parsed.matcher.cjk.extend(c.cjk);
    }
    parsed
}

/// How many of `n` words a page must match: all of up to three, three quarters of more.
pub(crate) fn strict_minimum(n: usize) -> usize {
    if n <= 3 {
        n
    } else {
        (n * 3).div_ceil(4)
    }
}

/// The words (at least `minimum` of them) and the filters, as one query.
pub(crate) fn combine(
    units: &[Box<dyn Query>],
    minimum: usize,
    filters: &[(Field, String)],
) -> BooleanQuery {
    // All words required: an intersection, which skips through the rarest word's pages, is much
    // cheaper than counting matches per page.
    let occur = if minimum >= units.len() {
        Occur::Must
    } else {
        Occur::Should
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        units.iter().map(|u| (occur, u.box_clone())).collect();
    for (field, value) in filters {
        let q = TermQuery::new(
            Term::from_field_text(*field, value),
            IndexRecordOption::Basic,
        );
        clauses.push((Occur::Must, Box::new(BoostQuery::new(Box::new(q), 0.0))));
    }
    let minimum = if occur == Occur::Must {
        0
    } else {
        minimum.max(1)
    };
    BooleanQuery::with_minimum_required_clauses(clauses, minimum)
}
