//! Highlighted snippets, the same way for both languages: find the query's words in the page text
//! (Latin words by exact, stemmed, typo-tolerant or prefix match; Chinese words as substrings), pick the
//! window with the most of them, escape it and wrap the matches in `<mark>`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use tantivy::tokenizer::TextAnalyzer;

use super::tokenizer::stem;
use crate::highlight::escape;
use crate::text::{runs, Fnv, Run};

/// Window length in characters.
pub(crate) const SNIPPET_CHARS: usize = 180;
/// How much of a page is scanned for matches (bytes).
const SCAN_BYTES: usize = 16 * 1024;
/// Scanning stops after this many matches: enough to pick a good window.
const MAX_SPANS: usize = 24;

/// A Latin query word and how loosely it may match.
#[derive(Debug, Clone)]
pub(crate) struct LatinTerm {
    pub raw: String,
    pub stem: String,
    pub max_edits: u8,
    pub prefix: bool,
}

/// What to look for in a page's text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matcher {
    pub latin: Vec<LatinTerm>,
    pub cjk: Vec<String>,
}

/// Levenshtein distance with adjacent transpositions counted as one edit (optimal string
/// alignment, `strsim::osa_distance`), capped at `max + 1`: lengths further apart than `max` are
/// not compared at all.
pub(crate) fn edit_distance(a: &str, b: &str, max: usize) -> usize {
    if a.chars().count().abs_diff(b.chars().count()) > max {
        return max + 1;
    }
    strsim::osa_distance(a, b).min(max + 1)
}

impl Matcher {
    pub fn is_empty(&self) -> bool {
        self.latin.is_empty() && self.cjk.is_empty()
    }

    fn latin_matches(&self, stemmer: &mut TextAnalyzer, word: &str) -> bool {
        let lower: Cow<'_, str> = if word.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
            Cow::Owned(word.to_lowercase())
        } else {
            Cow::Borrowed(word)
        };
        let len = lower.chars().count();
        let head: Vec<char> = lower.chars().take(2).collect();
        self.latin.iter().any(|t| {
            if *lower == t.raw || (t.prefix && lower.starts_with(&t.raw)) {
                return true;
            }
            let edits = usize::from(t.max_edits);
            // Cheap filters first: similar length, and one of the first two letters in common.
            let typo = edits > 0
                && len.abs_diff(t.raw.chars().count()) <= edits
                && t.raw.chars().take(2).any(|c| head.contains(&c))
                && edit_distance(&lower, &t.raw, edits) <= edits;
            typo || (lower.starts_with(t.stem.get(..3).unwrap_or(&t.stem))
                && stem(stemmer, &lower) == t.stem)
        })
    }

    /// Byte spans of matches in `text`, sorted and merged when they overlap or touch.
    pub fn spans(&self, stemmer: &mut TextAnalyzer, text: &str) -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        // Words repeat a lot in a page: judge each distinct one once.
        // (sized for a page's distinct words: growing it was a twentieth of a search)
        let mut seen: HashMap<&str, bool, BuildHasherDefault<Fnv>> =
            HashMap::with_capacity_and_hasher(512, BuildHasherDefault::default());
        for (kind, start, end) in runs(text) {
            if spans.len() >= MAX_SPANS {
                break;
            }
            if kind == Run::Latin && !self.latin.is_empty() {
                let word = &text[start..end];
                let matched = match seen.get(word) {
                    Some(&m) => m,
                    None => {
                        let m = self.latin_matches(stemmer, word);
                        seen.insert(word, m);
                        m
                    }
                };
                if matched {
                    spans.push((start, end));
                }
            } else if kind == Run::Cjk {
                let run = &text[start..end];
                for word in &self.cjk {
                    spans.extend(
                        run.match_indices(word.as_str())
                            .map(|(i, w)| (start + i, start + i + w.len())),
                    );
                }
            }
        }
        spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for (s, e) in spans {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte offset `chars` characters after `from` (or the end).
fn advance_chars(text: &str, from: usize, chars: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| from + i)
}

/// Byte offset about `chars` characters before `to`, moved forward to a word start when one is near.
fn back_chars(text: &str, to: usize, chars: usize) -> usize {
    let start = text[..to]
        .char_indices()
        .rev()
        .nth(chars)
        .map_or(0, |(i, _)| i);
    if start == 0 {
        return 0;
    }
    match text[start..to].find(char::is_whitespace) {
        Some(ws) if ws < to - start => start + ws + 1,
        _ => start,
    }
}

fn push_text(out: &mut String, text: &str) {
    let mut last_space = out.ends_with(' ');
    for c in text.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            last_space = false;
            out.push_str(&escape(c.encode_utf8(&mut [0; 4])));
        }
    }
}

/// An HTML snippet of `text` with the matches of `matcher` in `<mark>`; `fallback` (escaped) when none.
pub(crate) fn snippet(
    stemmer: &mut TextAnalyzer,
    text: &str,
    matcher: &Matcher,
    fallback: &str,
) -> String {
    let text = &text[..floor_boundary(text, text.len().min(SCAN_BYTES))];
    let spans = if matcher.is_empty() {
        Vec::new()
    } else {
        matcher.spans(stemmer, text)
    };
    if spans.is_empty() {
        let mut out = String::new();
        let end = advance_chars(fallback, 0, SNIPPET_CHARS);
        push_text(&mut out, &fallback[..end]);
        if end < fallback.len() {
            out.push('…');
        }
        return out;
    }
    // The window starting at the span that has the most spans within reach.
    let mut best = (0usize, 0usize);
    for (i, &(s, _)) in spans.iter().enumerate() {
        let reach = advance_chars(text, s, SNIPPET_CHARS * 3 / 4);
        let count = spans[i..].iter().take_while(|sp| sp.1 <= reach).count();
        if count > best.1 {
            best = (i, count);
        }
    }
    let first = spans[best.0].0;
    let start = back_chars(text, first, SNIPPET_CHARS / 5);
    let end = advance_chars(text, start, SNIPPET_CHARS);
    let mut out = String::with_capacity(SNIPPET_CHARS * 2);
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    for &(s, e) in &spans[best.0..] {
        if s >= end {
            break;
        }
        let e = e.min(end);
        push_text(&mut out, &text[at..s]);
        out.push_str("<mark>");
        push_text(&mut out, &text[s..e]);
        out.push_str("</mark>");
        at = e;
    }
    push_text(&mut out, &text[at..end]);
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tokenizer::analyzers;

    fn stemmer() -> TextAnalyzer {
        let [(_, words), ..] = analyzers();
        words
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("fragmentation", "fragmentaton", 2), 1);
        assert_eq!(edit_distance("memory", "memroy", 2), 1);
        assert_eq!(edit_distance("abc", "xyz", 1), 2);
    }

    #[test]
    fn marks_latin_words_by_stem_typo_and_prefix() {
        let m = Matcher {
            latin: vec![
                LatinTerm {
                    raw: "reduce".into(),
                    stem: "reduc".into(),
                    max_edits: 1,
                    prefix: false,
                },
                LatinTerm {
                    raw: "frag".into(),
                    stem: "frag".into(),
                    max_edits: 0,
                    prefix: true,
                },
            ],
            cjk: vec![],
        };
        let s = snippet(
            &mut stemmer(),
            "We are reducing <b>fragmentation</b> here.",
            &m,
            "",
        );
        assert_eq!(
            s,
            "We are <mark>reducing</mark> &lt;b&gt;<mark>fragmentation</mark>&lt;/b&gt; here."
        );
    }

    #[test]
    fn marks_chinese_substrings_merged() {
        let m = Matcher {
            latin: vec![],
            cjk: vec!["显存".into(), "碎片".into()],
        };
        let s = snippet(&mut stemmer(), "关于显存碎片的说明", &m, "");
        assert_eq!(s, "关于<mark>显存碎片</mark>的说明");
    }

    #[test]
    fn long_text_gets_ellipses_and_fallback_is_escaped() {
        let text = format!("{} needle {}", "word ".repeat(100), "tail ".repeat(100));
        let m = Matcher {
            latin: vec![LatinTerm {
                raw: "needle".into(),
                stem: "needl".into(),
                max_edits: 0,
                prefix: false,
            }],
            cjk: vec![],
        };
        let s = snippet(&mut stemmer(), &text, &m, "");
        assert!(
            s.starts_with('…') && s.ends_with('…') && s.contains("<mark>needle</mark>"),
            "{s}"
        );
        assert_eq!(
            snippet(&mut stemmer(), "x", &Matcher::default(), "a<b"),
            "a&lt;b"
        );
    }
}
