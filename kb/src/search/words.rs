//! The clause for one word of a query: a Latin word (its stem, a typo of it, a prefix of it), a
//! compound (all its parts, the whole scoring higher), a Chinese word (all its bigrams, its other
//! spellings, its English name from the glossary) or a single Chinese character; each with how
//! many pages have it and what to highlight.

use tantivy::query::{BooleanQuery, FuzzyTermQuery, Occur, Query, RegexQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::clauses::{
    all_of, bigrams, boosted, doc_freq, term, HEAD_BOOST, LOOSE_BOOST, TAG_BOOST, TITLE_BOOST,
    VARIANT_BOOST,
};
use super::glossary;
use super::index::Fields;
use super::snippet::LatinTerm;
use super::tokenizer::{stem, token_texts};
use super::variants::variants;

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

pub(super) fn latin_unit(
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
pub(super) struct Candidate {
    pub query: Box<dyn Query>,
    /// Pages containing it (an upper bound for Chinese): rarer words say more.
    pub df: u64,
    /// The Latin forms to highlight (each part of a joined word).
    pub latin: Vec<LatinTerm>,
    /// The Chinese forms to highlight (the word and the variants found).
    pub cjk: Vec<String>,
}

/// A single Chinese character (a query of one, or a run of one): pages where it stands alone or
/// in any bigram (`卡` finds 显卡, 卡住), ranked by jieba words of that one character first.
pub(super) fn single_char_unit(f: &Fields, searcher: &Searcher, ch: &str) -> Option<Candidate> {
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
pub(super) fn cjk_unit(
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

/// One clause for the parts of a compound word: a page must have them all, and scores higher
/// where the compound itself is written (`whole`, stemmed as the index stems it).
pub(super) fn all_parts(f: &Fields, mut parts: Vec<Candidate>, whole: &str) -> Option<Candidate> {
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
