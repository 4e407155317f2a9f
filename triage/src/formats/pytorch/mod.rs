//! The PyTorch caching allocator's message, every generation: `X cached` (0.4–1.3),
//! `reserved in total by PyTorch` (1.x), `GPU 0 has a total capacity of ...` (2.x, `Process N has
//! ...` in any order, `allocated in private pools`), HIP's `X allowed;`, XPU with or without the
//! free amount, and `cudaMallocAsync`'s `Allocation on device N would exceed allowed memory`. MPS
//! lives in `mps.rs`.
//!
//! Found by its anchor phrases, read as people paste it: the head cut off (a paste that starts at
//! `Tried to allocate`), retyped (`out of the memory`, lower case, a comma for the period), marked
//! up, and re-wrapped by any tool: a line belongs to the message while it is made of the message's
//! own words and amounts, one blank line may sit inside, and a wrap may split a word anywhere.
//! The fields are then read one by one from the joined text ([`fields`]).

mod fields;
mod memo;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::{message_from, re, Cx, Found, Reader, AMOUNT};
use crate::report::{Backend, Event, Kind};

use memo::finish;

/// The message's head: `CUDA out of memory` (backend word, retyped `out of the memory`), or the
/// allocator's own sentence `out of memory. Tried to allocate` when the backend word was cut or
/// split by a wrap, or the `cudaMallocAsync` wording.
static START: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)\b(CUDA|HIP|XPU)\s+out\s+of\s+(?:the\s+)?memory\b[.,;:!]?\s*(?:tried\s+to\s+allocate|\(|$)",
        r"|OutOfMemoryError:\s*(?:(CUDA|HIP|XPU)\s+out\s+of\s+memory|Allocation\s+on\s+device)",
        r"|\bout\s+of\s+memory[.,;]?\s+tried\s+to\s+allocate",
        r"|\bAllocation\s+on\s+device\s+\d+\s+would\s+exceed\s+allowed\s+memory",
    ))
});
/// The message without its head: a paste that starts at `Tried to allocate X (GPU 0;` or
/// `Tried to allocate X. GPU 0 has`, or at a 2.x clause.
static FRAGMENT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^tried\s+to\s+allocate\s+{AMOUNT}\s*(?:\(\s*GPU|[.,]\s*GPU\s*\d+\s+has)|Including non-PyTorch memory, this process has|Of the allocated memory \d"
    ))
});

/// Every word of every generation's message, lower case: a line made mostly of these (and of
/// amounts) continues a message that a tool wrapped.
const VOCABULARY: &[&str] = &[
    "tried",
    "to",
    "allocate",
    "more",
    "than",
    "gpu",
    "has",
    "a",
    "total",
    "capacity",
    "capacty",
    "of",
    "which",
    "is",
    "free",
    "process",
    "memory",
    "in",
    "use",
    "including",
    "non-pytorch",
    "this",
    "the",
    "allocated",
    "already",
    "by",
    "pytorch",
    "and",
    "with",
    "private",
    "pools",
    "e.g.",
    "eg",
    "cuda",
    "hip",
    "xpu",
    "graphs",
    "reserved",
    "but",
    "unallocated",
    "cached",
    "allowed",
    "if",
    "large",
    "try",
    "setting",
    "set",
    "max_split_size_mb",
    "avoid",
    "fragmentation",
    "see",
    "documentation",
    "for",
    "management",
    "and",
    "environment",
    "variables",
    "pytorch_cuda_alloc_conf",
    "pytorch_hip_alloc_conf",
    "expandable_segments",
    "expandable_segments:true",
    ">>",
    "release",
    "all",
    "cache",
    "please",
    "currently",
    "requested",
    "device",
    "limit",
    "according",
    "user-supplied",
    "fraction",
    "would",
    "exceed",
    "out",
    "on",
];

/// Units and amounts count as the message's words too.
fn is_message_word(word: &str) -> bool {
    static WORDS: LazyLock<HashSet<&'static str>> =
        LazyLock::new(|| VOCABULARY.iter().copied().collect());
    let w = word.trim_matches(|c: char| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | '(' | ')' | '[' | ']' | '"' | '\'' | '`' | '*'
        )
    });
    if w.is_empty() {
        return true;
    }
    let lower = w.to_ascii_lowercase();
    WORDS.contains(lower.as_str())
        || lower.starts_with("https://pytorch.org")
        || lower.starts_with("(https://pytorch.org")
        || lower.starts_with("pytorch_")
        || lower
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        || matches!(
            lower.as_str(),
            "b" | "kb" | "kib" | "mb" | "mib" | "gb" | "gib" | "tb" | "tib" | "bytes" | "byte"
        )
        // (the pattern starts with a digit: other words skip the search)
        || (w.starts_with(|c: char| c.is_ascii_digit()) && AMOUNT_WORD.is_match(w))
}

/// An amount written as one word (`20.00MiB`, `1.96GiB`).
static AMOUNT_WORD: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\d[\d,]*(?:\.\d+)?(?:[KMGTPE]i?B|bytes?|B)$"));

/// How the message is read on over wrapped lines: up to 16 (a 2.x message wrapped at 40
/// columns).
pub(crate) static READER: Reader = Reader {
    continues,
    complete: is_complete,
    finish,
    max_lines: 16,
};

pub(crate) fn detect(line: &str, cx: &mut Cx) -> Option<Found> {
    if let Some(m) = START.find(line) {
        let mut event = Event::new(Kind::PytorchOom, cx.line_no, message_from(line, m.start()));
        event.device.backend = Some(backend_of(line, cx));
        return Some(Found::Open(event, &READER));
    }
    if let Some(m) = FRAGMENT.find(line) {
        if !cx.state.within(Kind::PytorchOom, cx.line_no, 3) {
            let mut event = Event::new(Kind::PytorchOom, cx.line_no, message_from(line, m.start()));
            if line.contains("HIP") {
                event.device.backend = Some(Backend::Hip);
            } else if line.contains("CUDA") || m.as_str().starts_with(['I', 'O']) {
                event.device.backend = Some(Backend::Cuda);
            }
            return Some(Found::Open(event, &READER));
        }
    }
    None
}

/// The backend the head names; a word split by a wrap (`CUD` / `A out of memory`) is read from
/// the end of the line before.
fn backend_of(line: &str, cx: &Cx) -> Backend {
    static WORD: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)\b(CUDA|HIP|XPU)\s+out\s+of|\b(HIP|XPU)\b"));
    let named = |text: &str| {
        WORD.captures(text)
            .and_then(|c| c.get(1).or_else(|| c.get(2)))
            .map(|m| m.as_str().to_ascii_uppercase())
    };
    let word = named(line).or_else(|| {
        let before = cx.before(1).into_iter().next()?;
        let tail: String = before
            .chars()
            .rev()
            .take(8)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        named(&format!("{tail}{}", line.trim_start()))
    });
    match word.as_deref() {
        Some("HIP") => Backend::Hip,
        Some("XPU") => Backend::Xpu,
        _ => Backend::Cuda,
    }
}

/// Whether `next` continues the message in `text`: the message has not reached its last sentence,
/// `next` does not start another one, and most of its words are the message's own words or
/// amounts (a wrap can fall anywhere, so no particular first word is asked for).
fn continues(text: &str, next: &str) -> bool {
    if next.is_empty() || START.is_match(next) || is_complete(text) {
        return false;
    }
    let words: Vec<&str> = next.split_whitespace().collect();
    if words.is_empty() {
        return false;
    }
    let mut known = words.iter().filter(|w| is_message_word(w)).count();
    // The first word may end a word the wrap split (`unalloc` / `ated.`).
    if !is_message_word(words[0]) {
        let last = text.split_whitespace().last().unwrap_or("");
        if is_message_word(&format!("{last}{}", words[0])) {
            known += 1;
        }
    }
    // A wrapped clause is short; prose that happens to share words is not mostly made of them.
    known * 10 >= words.len() * 7
}

/// Whether the message has reached its last sentence.
fn is_complete(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with("environment-variables)")
        || t.ends_with("PYTORCH_CUDA_ALLOC_CONF")
        || t.ends_with("PYTORCH_HIP_ALLOC_CONF")
        || t.ends_with("cached memory.")
}
