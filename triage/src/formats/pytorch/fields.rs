//! The fields of a complete (joined) allocator message, each read on its own: in any order, in
//! any case, with the spaces a wrap took away or put in (`total capacity`, `totalcapacity`,
//! `reser` / `ved`). Every phrase allows any run of spaces, none included, between its words.
//!
//! Any case: the patterns are lower case and read the text lowered (ASCII lowering keeps every
//! byte where it was). Case-insensitive patterns cost several times as much to compile, and
//! these are compiled for the first message of every paste.

use std::sync::LazyLock;

use regex::Regex;

use super::super::{gpu_index, micro, re};
use crate::amount::{parse_amount, round_micro};
use crate::normalize::squash_spaces;
use crate::report::{Backend, Event, OtherProcess};

/// A printed amount in lowered text (`20.00 mib`, `1.96gib`, `0 bytes`); see `formats::AMOUNT`.
const AMOUNT: &str = r"(\d[\d,]*(?:\.\d+|\.)?\s?(?:[kmgtpe]i?b\b|[kmgtpe]\b|bytes?\b|b\b))";

/// `words` (lower case) as a phrase that allows any whitespace (or none) between its words.
fn phrase(words: &str) -> String {
    let parts: Vec<String> = words.split(' ').map(regex::escape).collect();
    parts.join(r"\s*")
}

/// A field's pattern, with a word each of its alternatives holds verbatim: a text that holds
/// none of them cannot match, and is not searched (most messages lack most fields).
struct Field {
    re: Regex,
    needles: Vec<memchr::memmem::Finder<'static>>,
}

impl Field {
    /// `re` with the words its alternatives hold (one of them in every match).
    fn new(re: Regex, needles: &[&'static str]) -> Self {
        let needles = needles
            .iter()
            .map(|n| memchr::memmem::Finder::new(n.as_bytes()))
            .collect();
        Field { re, needles }
    }

    /// Whether `text` may match: it holds one of the words.
    fn may_match(&self, text: &str) -> bool {
        self.needles
            .iter()
            .any(|n| n.find(text.as_bytes()).is_some())
    }
}

/// One field from alternatives written as `PHRASE {A} PHRASE`: `{A}` is the amount. Each
/// alternative's longest word is its needle: [`phrase`] only puts optional space between the
/// words, so every word of it stands verbatim in a match.
fn field(alternatives: &[&'static str]) -> Field {
    let needles: Vec<&'static str> = alternatives
        .iter()
        .filter_map(|alt| {
            alt.split_whitespace()
                .filter(|w| !w.contains("{A}"))
                .max_by_key(|w| w.len())
        })
        .collect();
    Field::new(pattern(alternatives), &needles)
}

/// The pattern of [`field`].
fn pattern(alternatives: &[&str]) -> Regex {
    let alts: Vec<String> = alternatives
        .iter()
        .map(|alt| {
            alt.split("{A}")
                .map(|p| {
                    let p = p.trim();
                    if p.is_empty() {
                        String::new()
                    } else {
                        phrase(p)
                    }
                })
                .collect::<Vec<_>>()
                .join(&format!(r"\s*{AMOUNT}\s*"))
        })
        .collect();
    re(&alts.join("|"))
}

static REQUESTED: LazyLock<Field> = LazyLock::new(|| {
    field(&[
        "tried to allocate {A}",
        "tried to allocate more than {A}",
        "requested : {A}",
    ])
});
static TOTAL: LazyLock<Field> = LazyLock::new(|| {
    field(&[
        "{A} total capac",
        "total capacity of {A}",
        "total capacty of {A}",
        "device limit : {A}",
    ])
});
static FREE: LazyLock<Field> = LazyLock::new(|| {
    // `X free;` ends a clause: cudaMallocAsync's `Device limit : X Free (according to CUDA): Y`
    // has `Free` after another amount
    let ends = format!(r"\s*{AMOUNT}\s*free\s*(?:[;,.)]|$)");
    let others = field(&["of which {A} is free", "free (according to cuda) : {A}"]);
    // every alternative says `free`
    Field::new(re(&format!("{}|{ends}", others.re.as_str())), &["free"])
});
static ALLOCATED: LazyLock<Field> = LazyLock::new(|| {
    field(&[
        "{A} already allocated",
        "{A} is allocated by pytorch",
        "currently allocated : {A}",
    ])
});
static RESERVED_TOTAL: LazyLock<Field> =
    LazyLock::new(|| field(&["{A} reserved in total by pytorch"]));
/// PyTorch 1.0–1.3 printed the cached-but-unused part of the cache, reserved − allocated.
static CACHED: LazyLock<Field> = LazyLock::new(|| field(&["{A} cached"]));
static UNALLOCATED: LazyLock<Field> =
    LazyLock::new(|| field(&["{A} is reserved by pytorch but unallocated"]));
static PROCESS: LazyLock<Field> = LazyLock::new(|| field(&["this process has {A} memory in use"]));
static PRIVATE: LazyLock<Field> = LazyLock::new(|| field(&["{A} allocated in private pools"]));
static OTHER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"process\s*(\d+)\s*has\s*{AMOUNT}\s*memory\s*in\s*use"
    ))
});

/// The field from the text as joined with spaces, or else as glued where a wrap split a word.
fn micro_in(field: &Field, texts: &[&str]) -> Option<u128> {
    texts
        .iter()
        .filter(|t| field.may_match(t))
        .find_map(|t| micro(&field.re, t))
}

/// Reads the amounts of a complete message into `event`. `pieces` are the cleaned lines it was
/// joined from (one piece when it stood on one line).
pub(crate) fn finish(event: &mut Event, pieces: &[String]) {
    let spaced = format!("{} ", squash_spaces(&event.text));
    let glued = format!("{} ", glue(pieces));
    let (spaced_lower, glued_lower) = (spaced.to_ascii_lowercase(), glued.to_ascii_lowercase());
    // a message on one line reads the same both ways: searched once
    let both = [spaced_lower.as_str(), glued_lower.as_str()];
    let texts = if spaced_lower == glued_lower {
        &both[..1]
    } else {
        &both[..]
    };
    let get = |field: &Field| micro_in(field, texts);
    event.requested = get(&REQUESTED).map(round_micro);
    event.total = get(&TOTAL).map(round_micro);
    event.free = get(&FREE).map(round_micro);
    let allocated = get(&ALLOCATED);
    event.allocated = allocated.map(round_micro);
    // reserved is printed whole (1.4–2.x), or as allocated plus the unallocated rest: `X cached`
    // (1.0–1.3) or `X is reserved by PyTorch but unallocated` (2.x); spec: the sum of the exact
    // products, rounded once.
    let unallocated = get(&UNALLOCATED).or_else(|| get(&CACHED));
    event.reserved = match (get(&RESERVED_TOTAL), unallocated) {
        (Some(r), _) => Some(round_micro(r)),
        (None, Some(u)) => Some(round_micro(u.saturating_add(allocated.unwrap_or(0)))),
        (None, None) => None,
    };
    event.process = get(&PROCESS).map(round_micro);
    event.private_pools = get(&PRIVATE).map(round_micro);
    // the other processes' clause (2.x) says `process` in every form
    if spaced_lower.contains("process") || glued_lower.contains("process") {
        let source = if OTHER.is_match(&spaced_lower) {
            &spaced_lower
        } else {
            &glued_lower
        };
        event.other_processes = OTHER
            .captures_iter(source)
            .filter_map(|c| {
                let pid = c.get(1)?.as_str().parse().ok()?;
                let bytes = c.get(2).and_then(|m| parse_amount(m.as_str()));
                Some(OtherProcess { pid, bytes })
            })
            .collect();
    }
    if event.device.index.is_none() && event.device.backend != Some(Backend::Mps) {
        event.device.index = gpu_index(&spaced).or_else(|| {
            // the glued reading differs only for a wrapped message
            (glued != spaced).then(|| gpu_index(&glued)).flatten()
        });
    }
    if event.device.backend == Some(Backend::Cuda)
        && (spaced.contains("HIP Graphs") || spaced.contains("PYTORCH_HIP"))
    {
        event.device.backend = Some(Backend::Hip);
    }
    event.text = cut_after_last_clause(spaced.trim_end().to_string());
}

/// The pieces joined as a terminal wrap would have split them: with nothing between two letters
/// or digits (`CUD` + `A`, `reser` + `ved`), with a space elsewhere.
fn glue(pieces: &[String]) -> String {
    let mut out = String::new();
    for piece in pieces {
        let piece = piece.trim();
        let split_word = out
            .chars()
            .last()
            .zip(piece.chars().next())
            .is_some_and(|(a, b)| a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric());
        if !out.is_empty() && !split_word {
            out.push(' ');
        }
        out.push_str(piece);
    }
    squash_spaces(&out).into_owned()
}

/// Where each generation's message ends; what follows on the line (tqdm residue, a table's
/// ` |`) is not part of it.
const ENDINGS: &[&str] = &[
    "environment-variables)",
    "PYTORCH_CUDA_ALLOC_CONF",
    "PYTORCH_HIP_ALLOC_CONF",
    "cached memory.",
    "reserved in total by PyTorch)",
    " cached)",
    "but unallocated.",
];

fn cut_after_last_clause(mut text: String) -> String {
    // searchers built once: building one per call was a fifteenth of a repeated message's cost
    static FINDERS: LazyLock<Vec<memchr::memmem::FinderRev<'static>>> = LazyLock::new(|| {
        ENDINGS
            .iter()
            .map(|e| memchr::memmem::FinderRev::new(e.as_bytes()))
            .collect()
    });
    let end = FINDERS
        .iter()
        .filter_map(|f| f.rfind(text.as_bytes()).map(|i| i + f.needle().len()))
        .max();
    if let Some(end) = end {
        text.truncate(end);
    }
    text
}
