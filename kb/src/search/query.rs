//! From the user's text to a tantivy query, built term by term: never through tantivy's query syntax,
//! so quotes, brackets, `AND`, `-`, `:` and the like are just separators.

use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::clauses::{all_of, bigrams, boosted, doc_freq, term};
use super::glossary;
use super::snippet::{LatinTerm, Matcher};
use super::tokenizer::{jieba_words, stem, token_texts, MAX_TOKEN_BYTES};
use super::variants::variants;
use crate::text::{compounds, is_cjk, Run};

/// At most this many distinct words of a query count (a pasted log is cut here).
pub(crate) const MAX_UNITS: usize = 24;
/// Only the start of a very long query is read.
const MAX_QUERY_BYTES: usize = 4096;

/// At most this many words (the rarest) of a long query are searched.
pub(crate) const MAX_SEARCH_WORDS: usize = 8;
/// Queries of more words than this get no typo tolerance (they are pasted, not typed).
const MAX_FUZZY_WORDS: usize = 6;

pub(crate) const TITLE_BOOST: f32 = 3.0;
const TAG_BOOST: f32 = 2.0;
/// A word in the summary or a heading (see `index::head_text`): between the title and the text.
pub(crate) const HEAD_BOOST: f32 = 2.0;
const LOOSE_BOOST: f32 = 0.4;
/// Another spelling of a Chinese word (see [`super::variants`]) counts a little less than the word.
const VARIANT_BOOST: f32 = 0.8;

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

/// A parsed query: one clause per word (any of its forms may match) and what to highlight.
pub(crate) struct Parsed {
    pub units: Vec<Box<dyn Query>>,
    pub matcher: Matcher,
}

/// Edits allowed for a Latin word: 1 from 5 letters, 2 from 9, none for numbers.
pub(crate) fn max_edits(word: &str) -> u8 {
    let n = word.chars().count();
    if word.chars().any(|c| c.is_numeric()) {
        0
    } else if n >= 9 {
        2
    } else if n >= 5 {
        1
    } else {
        0
    }
}

fn latin_unit(
    f: &Fields,
    searcher: &Searcher,
    fuzzy: bool,
    stemmer: &mut TextAnalyzer,
    raw: &str,
    prefix: bool,
) -> Option<Candidate> {
    let stemmed = stem(stemmer, raw);
    let mut should = vec![
        term(f.title_w, &stemmed, TITLE_BOOST),
        term(f.body_w, &stemmed, 1.0),
        term(f.tags_w, &stemmed, TAG_BOOST),
        term(f.head_w, &stemmed, HEAD_BOOST),
    ];
    // Typo tolerance only where it can help: a word the library does not contain, in a query short
    // enough to be typed (a pasted log is matched as it is).
    let df = doc_freq(searcher, &[f.body_w, f.title_w, f.tags_w], &stemmed);
    let edits = if df > 0 || !fuzzy { 0 } else { max_edits(raw) };
    if edits > 0 {
        for (field, boost) in [
            (f.body_raw, LOOSE_BOOST),
            (f.title_raw, LOOSE_BOOST * TITLE_BOOST),
        ] {
            let t = Term::from_field_text(field, raw);
            should.push(boosted(FuzzyTermQuery::new(t, edits, true), boost));
        }
    }
    // Prefixes of the last word run against the stems (a prefix of a word is mostly a prefix of its
    // stem: `accumul` / `accumul`, `frag` / `fragment`); past the stem, typo tolerance takes over.
    let prefix = prefix && raw.chars().count() >= 2;
    if prefix {
        for (field, boost) in [
            (f.body_w, LOOSE_BOOST),
            (f.title_w, LOOSE_BOOST * TITLE_BOOST),
        ] {
            let t = Term::from_field_text(field, raw);
            should.push(boosted(FuzzyTermQuery::new_prefix(t, 0, false), boost));
        }
    }
    if df == 0 && edits == 0 && !prefix {
        return None; // can match nothing
    }
    let latin = LatinTerm {
        raw: raw.to_string(),
        stem: stemmed,
        max_edits: edits,
        prefix,
    };
    Some(Candidate {
        query: Box::new(BooleanQuery::new(should)),
        // expansions make a word as good as unknown for choosing among many
        df: if edits > 0 || prefix { 0 } else { df },
        latin: vec![latin],
        cjk: Vec::new(),
    })
}

/// A word of the query before the choice of which words to search.
struct Candidate {
    query: Box<dyn Query>,
    /// Pages containing it (an upper bound for Chinese): rarer words say more.
    df: u64,
    /// The Latin forms to highlight (each part of a joined word).
    latin: Vec<LatinTerm>,
    /// The Chinese forms to highlight (the word and the variants found).
    cjk: Vec<String>,
}

/// A single Chinese character (a query of one, or a run of one): pages where it stands alone or
/// in any bigram (`卡` finds 显卡, 卡住), ranked by jieba words of that one character first.
fn single_char_unit(f: &Fields, searcher: &Searcher, ch: &str) -> Option<Candidate> {
    let around = format!("{0}.|.{0}", regex::escape(ch));
    let mut should = vec![
        term(f.body_w, ch, 1.0),
        term(f.body_cjk, ch, 1.0),
        term(f.title_cjk, ch, TITLE_BOOST),
        term(f.head_cjk, ch, HEAD_BOOST),
    ];
    for (field, boost) in [
        (f.body_cjk, LOOSE_BOOST),
        (f.title_cjk, LOOSE_BOOST * TITLE_BOOST),
    ] {
        // A malformed pattern cannot come of one escaped character; if it did, the unit is smaller.
        if let Ok(q) = RegexQuery::from_pattern(&around, field) {
            should.push(boosted(q, boost));
        }
    }
    // Pages where it is a word of its own: a lower bound that lets `的`, in most pages, count as
    // common; a character only ever inside words is as good as unknown (0).
    let df = doc_freq(searcher, &[f.body_w, f.body_cjk], ch);
    Some(Candidate {
        query: Box::new(BooleanQuery::new(should)),
        df,
        latin: Vec::new(),
        cjk: vec![ch.to_string()],
    })
}

/// A Chinese word matches where all its bigrams are (so as a substring of any longer word);
/// the whole word as jieba indexed it, and the title, score higher.
fn cjk_unit(
    f: &Fields,
    searcher: &Searcher,
    stemmer: &mut TextAnalyzer,
    word: &str,
    glossary_term: bool,
) -> Option<Candidate> {
    if word.chars().nth(1).is_none() {
        return single_char_unit(f, searcher, word);
    }
    // A page has the word only if it has every bigram: the rarest bounds the count.
    let df_of = |word: &str| {
        bigrams(word)
            .iter()
            .map(|g| doc_freq(searcher, &[f.body_cjk, f.title_cjk], g))
            .min()
            .unwrap_or(0)
    };
    let mut forms = vec![word];
    for variant in variants(word) {
        forms.push(variant);
    }
    let entry = glossary_term.then(|| glossary::lookup(word)).flatten();
    let english = entry
        .as_ref()
        .and_then(|(_, en)| glossary::english(f, searcher, stemmer, en));
    if let Some((others, _)) = entry {
        forms.extend(others);
    }
    let found: Vec<(&str, u64)> = forms
        .into_iter()
        .map(|w| (w, df_of(w)))
        .filter(|&(_, df)| df > 0)
        .collect();
    let english_df = english.as_ref().map_or(0, |e| e.1);
    let df = found
        .iter()
        .map(|&(_, df)| df)
        .max()
        .unwrap_or(0)
        .max(english_df);
    if df == 0 {
        return None;
    }
    let mut should = Vec::new();
    let mut latin = Vec::new();
    if let Some((query, _, terms)) = english {
        should.push((Occur::Should, query));
        latin = terms;
    }
    for &(form, _) in &found {
        let boost = if form == word { 1.0 } else { VARIANT_BOOST };
        let grams = bigrams(form);
        should.push(boosted(all_of(f.body_cjk, &grams), boost));
        should.push(boosted(all_of(f.title_cjk, &grams), TITLE_BOOST * boost));
        should.push(boosted(all_of(f.head_cjk, &grams), HEAD_BOOST * boost));
    }
    // The word as jieba indexes it: one token, or several (梯度累积 is 梯度 + 累积), all needed.
    let tokens = token_texts(stemmer, word);
    if let [one] = tokens.as_slice() {
        should.push(term(f.body_w, one, LOOSE_BOOST));
        should.push(term(f.tags_w, one, TAG_BOOST));
    } else if !tokens.is_empty() {
        let all = tokens.iter().map(|t| {
            Box::new(TermQuery::new(
                Term::from_field_text(f.body_w, t),
                IndexRecordOption::WithFreqs,
            )) as Box<dyn Query>
        });
        should.push(boosted(
            BooleanQuery::intersection(all.collect()),
            LOOSE_BOOST,
        ));
    }
    let query = Box::new(BooleanQuery::new(should));
    Some(Candidate {
        query,
        df,
        latin,
        cjk: found.iter().map(|&(form, _)| form.to_string()).collect(),
    })
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One clause for the parts of a compound word: a page must have them all, and scores higher
/// where the compound itself is written (`whole`, stemmed as the index stems it).
fn all_parts(f: &Fields, mut parts: Vec<Candidate>, whole: &str) -> Option<Candidate> {
    if parts.len() <= 1 {
        return parts.pop();
    }
    let df = parts.iter().map(|c| c.df).min().unwrap_or(0);
    let mut latin = Vec::new();
    let mut queries = Vec::with_capacity(parts.len());
    for part in parts {
        queries.push(part.query);
        latin.extend(part.latin);
    }
    let query = BooleanQuery::new(vec![
        (
            Occur::Must,
            Box::new(BooleanQuery::intersection(queries)) as Box<dyn Query>,
        ),
        term(f.body_w, whole, 1.0),
    ]);
    Some(Candidate {
        query: Box::new(query),
        df,
        latin,
        cjk: Vec::new(),
    })
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
