//! Reading a line's figures and message: printed amounts (with the exact byte count that may
//! follow them), integers, a GPU index, and the message text backed up over its exception class.
//!
//! Separate from the detector types in `mod.rs`: these are the text helpers every format
//! shares, with their own patterns; they know nothing of lines, state or events.

use std::sync::LazyLock;

use regex::Regex;

use crate::amount;
use crate::pattern::re;

/// A printed amount: number (thousands separators, decimal comma, numpy's `117.`) and a unit
/// (`kB` as the kernel and Paddle print it).
pub(crate) const AMOUNT: &str =
    r"(\d[\d,]*(?:\.\d+|\.)?\s?(?:[kKMGTPE]i?B\b|[KMGTPE]\b|bytes?\b|B\b))";

/// The first capture of `re` in `text` read as an amount (see [`exact_micro`]).
pub(crate) fn amount(re: &Regex, text: &str) -> Option<u64> {
    micro(re, text).map(amount::round_micro)
}

/// Whether `text` holds a digit: every amount and number is written with one, so a text without
/// any needs no search (`CUDA error: out of memory`, repeated by the thousand in some logs,
/// skips a detector's half-dozen searches for its fields).
fn has_digit(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
}

/// Like [`amount`] in micro-bytes, for exact sums.
pub(crate) fn micro(re: &Regex, text: &str) -> Option<u128> {
    if !has_digit(text) {
        return None;
    }
    // the first group that took part: patterns have one group per alternative
    let m = re.captures(text)?.iter().skip(1).flatten().next()?;
    exact_micro(text, m)
}

/// The amount at `m` in `text`, in micro-bytes: the exact byte count where one follows it in
/// parentheses (`3.95G (4,237,689,856 bytes)`, `32.00MiB (33554432B)`; the rounded figure only
/// approximates it), else the printed amount.
pub(crate) fn exact_micro(text: &str, m: regex::Match<'_>) -> Option<u128> {
    static EXACT: LazyLock<Regex> =
        LazyLock::new(|| re(r"^\s*\(\s*(\d[\d,]*)\s*(?:bytes?|B)\s*\)"));
    let after = text.get(m.end()..).unwrap_or("");
    EXACT
        .captures(after)
        .and_then(|c| c.get(1))
        .and_then(|b| b.as_str().replace(',', "").parse::<u128>().ok())
        .map(|bytes| bytes * 1_000_000)
        .or_else(|| amount::parse_micro(m.as_str()))
}

/// The first capture group of `re` that took part in the match in `text`, as an integer (for
/// patterns with one group per alternative).
pub(crate) fn any_number<T: std::str::FromStr>(re: &Regex, text: &str) -> Option<T> {
    if !has_digit(text) {
        return None;
    }
    re.captures(text)?
        .iter()
        .skip(1)
        .flatten()
        .next()
        .and_then(|m| m.as_str().replace(',', "").parse().ok())
}

/// The first capture of `re` in `text` as an integer.
pub(crate) fn number<T: std::str::FromStr>(re: &Regex, text: &str) -> Option<T> {
    if !has_digit(text) {
        return None;
    }
    re.captures(text)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().replace(',', "").parse().ok())
}

static EXCEPTION_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:[A-Za-z_][\w.]*(?:Error|Exception)\s?:\s*)+$"));

/// The message starting at `start`, backed up over an exception class just before it
/// (`torch.OutOfMemoryError: `), trimmed of wrapping quotes and markup at the end.
pub(crate) fn message_from(line: &str, start: usize) -> String {
    static MODULE_PATH: LazyLock<Regex> = LazyLock::new(|| re(r"(?:[A-Za-z_]\w*\.)+$"));
    let start = MODULE_PATH
        .find(&line[..start])
        .map_or(start, |m| m.start());
    let head = &line[..start];
    let from = EXCEPTION_BEFORE.find(head).map_or(start, |m| m.start());
    line[from..]
        .trim_end_matches(['`', '"', '\'', ' ', '|', '\\'])
        .to_string()
}

/// The GPU index named as `GPU 0`, `device:GPU:1`, `GPU_1_bfc`, `GPU=1` (cuDNN, CNTK, ONNX
/// Runtime), `cuda:1`, `on device 4`, `(Device 0)` (OpenCL).
pub(crate) fn gpu_index(text: &str) -> Option<u32> {
    static INDEX: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)(?:\bGPU[\s:_=]*|cuda:|on device |\(device |\bCUDA)(\d{1,3})(?:\D|$)")
    });
    number(&INDEX, text)
}
