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
    fn the_hash_is_fnv1a() {
        // reference values of FNV-1a 64
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_32(""), 0x811c_9dc5);
        assert_eq!(fnv1a_32("a"), 0xe40c_292c);
    }
}
