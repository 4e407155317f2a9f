//! Tokenizers for the index and the queries. Text is cut into runs of Latin word characters and runs of
//! CJK characters; everything else (spaces, punctuation, symbols, emoji) separates them and is never a
//! token, which also keeps jieba's whitespace and punctuation tokens out.
//!
//! - `Words`: Latin words lowercased (then stemmed by the analyzer), CJK runs segmented by jieba
//!   (default mode: whole words; substrings are the bigrams' job).
//! - `Raw`: Latin words of 4+ letters lowercased, unstemmed: the field typo tolerance runs against.
//! - `Bigrams`: every two adjacent characters of a CJK run (a lone character as itself), so any
//!   substring of two or more characters of a Chinese word can be found.

use tantivy::tokenizer::{
    Language, RemoveLongFilter, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use tantivy_jieba::JiebaTokenizer;

use crate::text::{compounds, is_cjk, names, runs, Run};

/// Tokens longer than this (bytes) are dropped: hashes, base64 and other noise of pasted logs.
pub(crate) const MAX_TOKEN_BYTES: usize = 48;

/// Shortest word kept in the `Raw` field.
pub(crate) const MIN_RAW_CHARS: usize = 4;

pub(crate) const WORDS: &str = "oom_words";
pub(crate) const RAW: &str = "oom_raw";
pub(crate) const BIGRAMS: &str = "oom_bigrams";

/// jieba's segmentation of a CJK run: `search` gives the overlapping search-mode words.
pub(crate) fn jieba_words(run: &str, search: bool) -> Vec<(usize, usize)> {
    let mut tokenizer = JiebaTokenizer::with_search_mode(search);
    let mut stream = tokenizer.token_stream(run);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        let word = &run[token.offset_from.min(run.len())..token.offset_to.min(run.len())];
        if !word.is_empty() && word.chars().all(is_cjk) {
            out.push((token.offset_from, token.offset_to));
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Words,
    Raw,
    Bigrams,
}

/// The tokenizer registered under [`WORDS`], [`RAW`] and [`BIGRAMS`].
#[derive(Debug, Clone)]
pub(crate) struct OomTokenizer {
    pub mode: Mode,
}

pub(crate) struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1))]
    }
    fn token_mut(&mut self) -> &mut Token {
        let i = self
            .next
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1));
        &mut self.tokens[i]
    }
}

fn push(tokens: &mut Vec<Token>, text: String, from: usize, to: usize) {
    let position = tokens.len();
    tokens.push(Token {
        offset_from: from,
        offset_to: to,
        position,
        text,
        position_length: 1,
    });
}

impl Tokenizer for OomTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut tokens = Vec::new();
        if self.mode == Mode::Words {
            // A compound (`gpu_memory_utilization`, `nvidia-smi`) is a word of its own besides its
            // parts: a page that names the setting outranks one that has its words apart. So is
            // each identifier inside a longer one (`no_grad` in `torch.no_grad`).
            for (kind, parts) in compounds(text) {
                let (start, end) = (parts[0].0, parts[parts.len() - 1].1);
                if kind != Run::Latin || parts.len() < 2 {
                    continue;
                }
                let whole = &text[start..end];
                push(&mut tokens, whole.to_lowercase(), start, end);
                for name in names(whole).filter(|n| n.len() < whole.len() && n.contains('_')) {
                    let from = start + (name.as_ptr() as usize - whole.as_ptr() as usize);
                    push(&mut tokens, name.to_lowercase(), from, from + name.len());
                }
            }
        }
        for (kind, start, end) in runs(text) {
            let run = &text[start..end];
            match (kind, self.mode) {
                (Run::Latin, Mode::Words) => {
                    push(&mut tokens, run.to_lowercase(), start, end);
                }
                // Only typo tolerance reads this field, and only for words of 5+ letters, which are
                // at most one edit from 4-letter words: shorter words need not be here.
                (Run::Latin, Mode::Raw) if run.chars().nth(MIN_RAW_CHARS - 1).is_some() => {
                    push(&mut tokens, run.to_lowercase(), start, end);
                }
                (Run::Cjk, Mode::Words) => {
                    // Default (not search) mode: the overlapping sub-words of search mode add little
                    // that the bigrams do not already find, and cost a third of the index time.
                    for (from, to) in jieba_words(run, false) {
                        push(
                            &mut tokens,
                            run[from..to].to_string(),
                            start + from,
                            start + to,
                        );
                    }
                }
                (Run::Cjk, Mode::Bigrams) => {
                    let chars: Vec<(usize, char)> = run.char_indices().collect();
                    if chars.len() == 1 {
                        push(&mut tokens, run.to_string(), start, end);
                    }
                    for pair in chars.windows(2) {
                        let (from, to) = (pair[0].0, pair[1].0 + pair[1].1.len_utf8());
                        push(
                            &mut tokens,
                            run[from..to].to_string(),
                            start + from,
                            start + to,
                        );
                    }
                }
                _ => {}
            }
        }
        // A stream with no tokens must still have a valid `token()` before the first `advance()`.
        if tokens.is_empty() {
            return VecTokenStream {
                tokens: vec![Token::default()],
                next: 1,
            };
        }
        VecTokenStream { tokens, next: 0 }
    }
}

/// The analyzer of [`WORDS`]: jieba words and stemmed Latin words. It also stems query words.
pub(crate) fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(OomTokenizer { mode: Mode::Words })
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The analyzers to register on the index, by name.
pub(crate) fn analyzers() -> [(&'static str, TextAnalyzer); 3] {
    [
        (WORDS, words_analyzer()),
        (
            RAW,
            TextAnalyzer::builder(OomTokenizer { mode: Mode::Raw })
                .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
                .build(),
        ),
        (
            BIGRAMS,
            TextAnalyzer::builder(OomTokenizer {
                mode: Mode::Bigrams,
            })
            .build(),
        ),
    ]
}

/// All token texts of `text` through `analyzer`.
pub(crate) fn token_texts(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// The English stem of one lowercase word.
pub(crate) fn stem(stemmer: &mut TextAnalyzer, word: &str) -> String {
    token_texts(stemmer, word)
        .into_iter()
        .next()
        .unwrap_or_else(|| word.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(mode: Mode, text: &str) -> Vec<String> {
        let [(_, words), (_, raw), (_, bigrams)] = analyzers();
        let mut analyzer = match mode {
            Mode::Words => words,
            Mode::Raw => raw,
            Mode::Bigrams => bigrams,
        };
        token_texts(&mut analyzer, text)
    }

    #[test]
    fn latin_words_are_lowercased_split_and_stemmed() {
        assert_eq!(
            tokens(Mode::Words, "Reducing max_split_size_mb, GPUs!"),
            [
                "max_split_size_mb",
                "reduc",
                "max",
                "split",
                "size",
                "mb",
                "gpus"
            ]
        );
        assert_eq!(
            tokens(Mode::Words, "torch.no_grad()"),
            ["torch.no_grad", "no_grad", "torch", "no", "grad"]
        );
        assert_eq!(
            tokens(Mode::Raw, "Reducing GPUs on a box"),
            ["reducing", "gpus"]
        );
    }

    #[test]
    fn chinese_is_segmented_without_punctuation() {
        let words = tokens(Mode::Words, "显存碎片，怎么办？ 😀 安装简单。");
        assert!(words.contains(&"显存".to_string()), "{words:?}");
        assert!(words.iter().all(|w| w.chars().all(is_cjk)), "{words:?}");
        assert_eq!(tokens(Mode::Bigrams, "待处理。卡"), ["待处", "处理", "卡"]);
        assert!(tokens(Mode::Bigrams, "only latin").is_empty());
    }

    #[test]
    fn empty_and_symbol_only_text_gives_no_tokens() {
        for text in ["", "   ", "!!! ### 😀", "\u{0}"] {
            assert!(tokens(Mode::Words, text).is_empty());
            assert!(tokens(Mode::Bigrams, text).is_empty());
        }
    }
}
