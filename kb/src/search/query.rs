//! From the user's text to a tantivy query, built term by term: never through tantivy's query syntax,
//! so quotes, brackets, `AND`, `-`, `:` and the like are just separators.

use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::clauses::{all_of, bigrams, boosted, doc_freq, term};
use super::snippet::{LatinTerm, Matcher};
use super::tokenizer::{jieba_words, stem, MAX_TOKEN_BYTES};
use super::variants::variants;
use crate::text::{is_cjk, runs, Run};

/// At most this many distinct words of a query count (a pasted log is cut here).
pub(crate) const MAX_UNITS: usize = 24;
/// Only the start of a very long query is read.
const MAX_QUERY_BYTES: usize = 4096;

/// At most this many words (the rarest) of a long query are searched.
pub(crate) const MAX_SEARCH_WORDS: usize = 8;
/// Queries of more words than this get no typo tolerance (they are pasted, not typed).
const MAX_FUZZY_WORDS: usize = 6;

const TITLE_BOOST: f32 = 3.0;
const TAG_BOOST: f32 = 2.0;
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
    let found: Vec<(&str, u64)> = forms
        .into_iter()
        .map(|w| (w, df_of(w)))
        .filter(|&(_, df)| df > 0)
        .collect();
    let df = found.iter().map(|&(_, df)| df).max()?;
    let mut should = Vec::new();
    for &(form, _) in &found {
        let boost = if form == word { 1.0 } else { VARIANT_BOOST };
        let grams = bigrams(form);
        should.push(boosted(all_of(f.body_cjk, &grams), boost));
        should.push(boosted(all_of(f.title_cjk, &grams), TITLE_BOOST * boost));
    }
    let as_word = stem(stemmer, word);
    should.push(term(f.body_w, &as_word, LOOSE_BOOST));
    should.push(term(f.tags_w, &as_word, TAG_BOOST));
    let query = Box::new(BooleanQuery::new(should));
    Some(Candidate {
        query,
        df,
        latin: Vec::new(),
        cjk: found.iter().map(|&(form, _)| form.to_string()).collect(),
    })
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The words of a query: a Chinese run, or Latin runs joined by at most two of `-_./:` with no
/// space between (`nvidia-smi`, `empty_cache`, `torch.cuda.memory_summary`, `20.00`), whose parts
/// a page must all have. Each word: its kind and the byte ranges of its parts.
fn words(text: &str) -> Vec<(Run, Vec<(usize, usize)>)> {
    let joined = |gap: &str| {
        (1..=2).contains(&gap.len())
            && gap
                .chars()
                .all(|c| matches!(c, '-' | '_' | '.' | '/' | ':'))
    };
    let mut out: Vec<(Run, Vec<(usize, usize)>)> = Vec::new();
    for (kind, start, end) in runs(text) {
        if let Some((Run::Latin, parts)) = out.last_mut() {
            let prev_end = parts[parts.len() - 1].1;
            if kind == Run::Latin && joined(&text[prev_end..start]) {
                parts.push((start, end));
                continue;
            }
        }
        out.push((kind, vec![(start, end)]));
    }
    out
}

/// One clause for the parts of a joined word: a page must have them all.
fn all_parts(mut parts: Vec<Candidate>) -> Option<Candidate> {
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
    Some(Candidate {
        query: Box::new(BooleanQuery::intersection(queries)),
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
    let words = words(text);
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
                // The last word of a query typed as far as a letter may be unfinished.
                let last = ends_in_word && i + 1 == words.len();
                let units = raws.iter().enumerate().filter_map(|(j, raw)| {
                    let prefix = last && j + 1 == raws.len();
                    latin_unit(f, searcher, fuzzy, stemmer, raw, prefix)
                });
                candidates.extend(all_parts(units.collect()));
                seen.push(key);
            }
            Run::Cjk => {
                let mut words: Vec<&str> = jieba_words(run, false)
                    .into_iter()
                    .map(|(a, b)| &run[a..b])
                    .filter(|w| w.chars().count() >= 2)
                    .collect();
                if words.is_empty() {
                    words.push(run);
                }
                for word in words {
                    if seen.iter().any(|s| s == word) || seen.len() >= MAX_UNITS {
                        continue;
                    }
                    debug_assert!(word.chars().all(is_cjk));
                    candidates.extend(cjk_unit(f, searcher, stemmer, word));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<Vec<&str>> {
        words(text)
            .into_iter()
            .map(|(_, parts)| parts.into_iter().map(|(a, b)| &text[a..b]).collect())
            .collect()
    }

    #[test]
    fn joined_latin_runs_are_one_word() {
        assert_eq!(
            parts("nvidia-smi other processes"),
            [vec!["nvidia", "smi"], vec!["other"], vec!["processes"]]
        );
        assert_eq!(
            parts("torch.cuda.memory_summary() CUDA_VISIBLE_DEVICES=1"),
            [
                vec!["torch", "cuda", "memory", "summary"],
                vec!["CUDA", "VISIBLE", "DEVICES"],
                vec!["1"],
            ]
        );
        assert_eq!(
            parts("torch::Tensor 20.00 MiB"),
            [vec!["torch", "Tensor"], vec!["20", "00"], vec!["MiB"]]
        );
    }

    #[test]
    fn spaces_wide_gaps_and_chinese_separate_words() {
        assert_eq!(parts("a - b"), [vec!["a"], vec!["b"]]);
        assert_eq!(parts("a---b"), [vec!["a"], vec!["b"]]);
        assert_eq!(parts("a,b"), [vec!["a"], vec!["b"]]);
        assert_eq!(
            parts("显存-fragmentation"),
            [vec!["显存"], vec!["fragmentation"]]
        );
        assert_eq!(parts("bf16混合精度"), [vec!["bf16"], vec!["混合精度"]]);
        assert!(parts("").is_empty());
        assert!(parts("-_./:").is_empty());
    }
}
