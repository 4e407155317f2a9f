//! Text as oomlens reads it, everywhere: what search indexes and parses from a query, what a
//! snippet highlights, which words a guide is ranked by, which language a note is in.
//!
//! Text is cut into runs of Latin word characters (letters and digits of the scripts written
//! with spaces) and runs of CJK characters (Han, kana, hangul and bopomofo, by their Unicode
//! script extensions, so `ー` and `々` count); everything else separates them. So a Latin word
//! written against Chinese, Japanese or Korean (`nanoGPT训练脚本`, `（AdamW约1-2 GB）`,
//! `PyTorchのメモリ`, `CUDA메모리`) is a word of its own wherever text is read.

use std::hash::Hasher;

use unicode_script::{Script, UnicodeScript};

/// Han ideographs and the scripts written with them without spaces (kana, hangul, bopomofo):
/// letters and numbers only, so CJK punctuation (`。`, `、`, `（`) separates.
pub fn is_cjk(c: char) -> bool {
    if c.is_ascii() || !c.is_alphanumeric() {
        return false;
    }
    let scripts = c.script_extension();
    [
        Script::Han,
        Script::Hiragana,
        Script::Katakana,
        Script::Hangul,
        Script::Bopomofo,
    ]
    .into_iter()
    .any(|script| scripts.contains_script(script))
}

/// The kind of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    Latin,
    Cjk,
}

fn kind_of(c: char) -> Option<Run> {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric().then_some(Run::Latin);
    }
    // The common ideographs (every one a letter of script Han, `fast_ranges_agree` checks) are
    // most of a Chinese page: they skip the Unicode tables, a fifth of a search's time.
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return Some(Run::Cjk);
    }
    if is_cjk(c) {
        Some(Run::Cjk)
    } else if c.is_alphanumeric() {
        Some(Run::Latin)
    } else {
        None
    }
}

/// The runs of `text`: `(kind, byte start, byte end)`, lazily.
pub fn runs(text: &str) -> Runs<'_> {
    Runs {
        text,
        chars: text.char_indices(),
        current: None,
    }
}

/// Iterator of [`runs`].
pub struct Runs<'a> {
    text: &'a str,
    chars: std::str::CharIndices<'a>,
    current: Option<(Run, usize)>,
}

impl Iterator for Runs<'_> {
    type Item = (Run, usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        for (i, c) in self.chars.by_ref() {
            let kind = kind_of(c);
            match (self.current, kind) {
                (Some((k, _)), Some(n)) if k == n => {}
                (Some((k, start)), _) => {
                    self.current = kind.map(|n| (n, i));
                    return Some((k, start, i));
                }
                (None, _) => self.current = kind.map(|n| (n, i)),
            }
        }
        self.current
            .take()
            .map(|(k, start)| (k, start, self.text.len()))
    }
}

/// The runs of `text` as slices, Latin and CJK alike.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    runs(text).map(move |(_, start, end)| &text[start..end])
}

/// Words as code and configuration name things: Latin runs joined by `_` stay one word
/// (`expandable_segments`, `max_split_size_mb`); CJK runs are words of their own.
pub fn names(text: &str) -> impl Iterator<Item = &str> {
    let mut runs = runs(text).peekable();
    std::iter::from_fn(move || {
        let (kind, start, mut end) = runs.next()?;
        if kind == Run::Latin {
            while let Some(&(Run::Latin, next_start, next_end)) = runs.peek() {
                let between = &text[end..next_start];
                if between.is_empty() || !between.bytes().all(|b| b == b'_') {
                    break;
                }
                end = next_end;
                runs.next();
            }
        }
        Some(&text[start..end])
    })
}

/// Whether `gap`, between two Latin runs, joins them into one compound word: one or two of
/// `-_./:` (`nvidia-smi`, `empty_cache`, `torch.cuda.memory_summary`, `20.00`, `cuda:0`).
fn joins(gap: &str) -> bool {
    (1..=2).contains(&gap.len())
        && gap
            .chars()
            .all(|c| matches!(c, '-' | '_' | '.' | '/' | ':'))
}

/// The compound words of `text`: a CJK run, or Latin runs joined with no space by one or two of
/// `-_./:`. Each: its kind and the byte ranges of its parts (one part for a plain word). Search
/// indexes and queries both read text this way, so `gpu_memory_utilization` is one word to both
/// (and its parts words of their own).
pub fn compounds(text: &str) -> Vec<(Run, Vec<(usize, usize)>)> {
    let mut out: Vec<(Run, Vec<(usize, usize)>)> = Vec::new();
    for (kind, start, end) in runs(text) {
        if let Some((Run::Latin, parts)) = out.last_mut() {
            let prev_end = parts[parts.len() - 1].1;
            if kind == Run::Latin && joins(&text[prev_end..start]) {
                parts.push((start, end));
                continue;
            }
        }
        out.push((kind, vec![(start, end)]));
    }
    out
}

/// FNV-1a, 64 bits, as a `Hasher`: stable across runs and platforms, and fast on the many short
/// keys of word caches, where SipHash showed up in profiles.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// FNV-1a of `text`, 64 bits.
pub fn fnv1a(text: &str) -> u64 {
    let mut hasher = Fnv::default();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// FNV-1a of `text`, 32 bits: short enough for a file name's suffix (lab slugs use it, so it must
/// never change).
pub fn fnv1a_32(text: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in text.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ideographs' fast path says what the Unicode tables say: every one of them is a CJK
    /// letter.
    #[test]
    fn fast_ranges_agree() {
        for c in '\u{4E00}'..='\u{9FFF}' {
            assert!(is_cjk(c), "U+{:04X}", u32::from(c));
        }
    }

    fn cut(text: &str) -> Vec<(Run, &str)> {
        runs(text).map(|(k, s, e)| (k, &text[s..e])).collect()
    }

    #[test]
    fn latin_words_stand_apart_from_han_kana_and_hangul() {
        use Run::{Cjk, Latin};
        assert_eq!(
            cut("nanoGPT训练脚本"),
            [(Latin, "nanoGPT"), (Cjk, "训练脚本")]
        );
        assert_eq!(
            cut("（AdamW约1-2 GB）"),
            [
                (Latin, "AdamW"),
                (Cjk, "约"),
                (Latin, "1"),
                (Latin, "2"),
                (Latin, "GB")
            ]
        );
        assert_eq!(
            cut("PyTorchのメモリー不足"),
            [(Latin, "PyTorch"), (Cjk, "のメモリー不足")]
        );
        assert_eq!(
            cut("CUDA메모리 부족"),
            [(Latin, "CUDA"), (Cjk, "메모리"), (Cjk, "부족")]
        );
        assert_eq!(
            cut("显存碎片。A100、"),
            [(Cjk, "显存碎片"), (Latin, "A100")]
        );
        assert_eq!(cut("Größe über"), [(Latin, "Größe"), (Latin, "über")]);
    }

    #[test]
    fn names_keep_identifiers_whole() {
        assert_eq!(
            names("set expandable_segments:True, max_split_size_mb=128 显存").collect::<Vec<_>>(),
            [
                "set",
                "expandable_segments",
                "True",
                "max_split_size_mb",
                "128",
                "显存"
            ]
        );
        assert_eq!(names("a__b _c d_").collect::<Vec<_>>(), ["a__b", "c", "d"]);
    }

    #[test]
    fn compounds_join_latin_runs_across_short_joiners() {
        let text =
            "set gpu_memory_utilization=0.9 on cuda:0, torch.cuda.memory_summary() 显存 a - b";
        let words: Vec<Vec<&str>> = compounds(text)
            .into_iter()
            .map(|(_, parts)| parts.into_iter().map(|(a, b)| &text[a..b]).collect())
            .collect();
        assert_eq!(
            words,
            [
                vec!["set"],
                vec!["gpu", "memory", "utilization"],
                vec!["0", "9"],
                vec!["on"],
                vec!["cuda", "0"],
                vec!["torch", "cuda", "memory", "summary"],
                vec!["显存"],
                vec!["a"],
                vec!["b"],
            ]
        );
    }

    #[test]
    fn the_hash_is_fnv1a() {
        // reference values of FNV-1a 64
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_32(""), 0x811c_9dc5);
        assert_eq!(fnv1a_32("a"), 0xe40c_292c);
    }

    fn parts(text: &str) -> Vec<Vec<&str>> {
        compounds(text)
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
