//! The field's terms in both languages. A Chinese lab writes 梯度累积 in its prose and
//! `gradient_accumulation_steps` in its config and headings; a query for the one should find
//! a note written with the other. Each entry: the Chinese spellings, the English phrases. Only
//! terms with one meaning in this field belong here, and only their standard names.

use tantivy::query::{BooleanQuery, Query};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Searcher;

use super::clauses::{doc_freq, term, HEAD_BOOST, TITLE_BOOST};
use super::index::Fields;
use super::snippet::LatinTerm;
use super::tokenizer::stem;

/// An English phrase found for a Chinese word counts a little less than the word itself.
const ENGLISH_BOOST: f32 = 0.8;

/// (Chinese spellings, English phrases), one concept each.
const TERMS: &[(&[&str], &[&str])] = &[
    (
        &["梯度累积", "梯度累计", "梯度累加"],
        &["gradient accumulation"],
    ),
    (
        &["激活检查点", "梯度检查点", "激活重计算"],
        &["activation checkpointing", "gradient checkpointing"],
    ),
    (&["混合精度"], &["mixed precision"]),
    (&["显存碎片", "内存碎片"], &["fragmentation"]),
    (&["缓存分配器"], &["caching allocator"]),
    (&["优化器状态"], &["optimizer state"]),
    (&["数据并行"], &["data parallel"]),
    (&["张量并行"], &["tensor parallel"]),
    (&["流水线并行"], &["pipeline parallel"]),
    (
        &["显存泄漏", "显存泄露", "内存泄漏", "内存泄露"],
        &["memory leak"],
    ),
    (&["显存快照"], &["memory snapshot"]),
    (&["锁页内存", "页锁定内存"], &["pinned memory"]),
    (&["序列长度"], &["sequence length"]),
    (&["批量大小", "批次大小", "批大小"], &["batch size"]),
    (&["量化"], &["quantization"]),
];

/// The entry a Chinese spelling belongs to: (the other Chinese spellings, the English phrases).
pub(crate) fn lookup(word: &str) -> Option<(Vec<&'static str>, &'static [&'static str])> {
    let (zh, en) = TERMS.iter().find(|(zh, _)| zh.contains(&word))?;
    Some((zh.iter().copied().filter(|w| *w != word).collect(), en))
}

/// Splits a run of Chinese text at the glossary's spellings (the longest at each place): each
/// piece with whether it is a glossary term. Pieces that are not go to jieba as before.
pub(crate) fn split(run: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut rest_start = 0;
    let mut i = 0;
    while i < run.len() {
        let longest = TERMS
            .iter()
            .flat_map(|(zh, _)| zh.iter())
            .filter(|w| run[i..].starts_with(**w))
            .max_by_key(|w| w.len());
        match longest {
            Some(w) => {
                if rest_start < i {
                    out.push((&run[rest_start..i], false));
                }
                out.push((&run[i..i + w.len()], true));
                i += w.len();
                rest_start = i;
            }
            None => i += run[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if rest_start < run.len() {
        out.push((&run[rest_start..], false));
    }
    out
}

/// Pages with every word of one of `phrases` (in the title, headings or text, stemmed), weighted
/// [`ENGLISH_BOOST`]; with the most pages one phrase is in (an upper bound) and the words to
/// highlight. `None` when no page has any phrase.
pub(crate) fn english(
    f: &Fields,
    searcher: &Searcher,
    stemmer: &mut TextAnalyzer,
    phrases: &[&str],
) -> Option<(Box<dyn Query>, u64, Vec<LatinTerm>)> {
    let mut should = Vec::new();
    let mut df = 0;
    let mut latin = Vec::new();
    for phrase in phrases {
        let words: Vec<(String, String)> = phrase
            .split(' ')
            .map(|w| (w.to_string(), stem(stemmer, w)))
            .collect();
        let fields = [f.body_w, f.title_w, f.head_w];
        let found = words
            .iter()
            .map(|(_, stemmed)| doc_freq(searcher, &fields, stemmed))
            .min()
            .unwrap_or(0);
        if found == 0 {
            continue;
        }
        df = df.max(found);
        // The words' scores add up: a phrase weighs as one word, whatever its length.
        let boost = ENGLISH_BOOST / words.len() as f32;
        let all: Vec<Box<dyn Query>> = words
            .iter()
            .map(|(_, stemmed)| {
                Box::new(BooleanQuery::new(vec![
                    term(f.title_w, stemmed, TITLE_BOOST * boost),
                    term(f.head_w, stemmed, HEAD_BOOST * boost),
                    term(f.body_w, stemmed, boost),
                ])) as Box<dyn Query>
            })
            .collect();
        should.push((
            tantivy::query::Occur::Should,
            Box::new(BooleanQuery::intersection(all)) as Box<dyn Query>,
        ));
        latin.extend(words.into_iter().map(|(raw, stem)| LatinTerm {
            raw,
            stem,
            max_edits: 0,
            prefix: false,
        }));
    }
    if should.is_empty() {
        return None;
    }
    Some((Box::new(BooleanQuery::new(should)), df, latin))
}

#[cfg(test)]
mod tests {
    use super::{lookup, split};

    #[test]
    fn a_run_is_cut_at_its_terms() {
        assert_eq!(
            split("用梯度累计和混合精度"),
            [
                ("用", false),
                ("梯度累计", true),
                ("和", false),
                ("混合精度", true)
            ]
        );
        assert_eq!(split("显存不够"), [("显存不够", false)]);
        assert!(split("").is_empty());
    }

    #[test]
    fn a_spelling_brings_its_others_and_the_english() {
        let (others, en) = lookup("梯度累计").unwrap_or_else(|| panic!("in the glossary"));
        assert_eq!(others, ["梯度累积", "梯度累加"]);
        assert_eq!(en, ["gradient accumulation"]);
        assert!(lookup("梯度").is_none());
    }
}
