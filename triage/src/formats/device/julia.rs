//! Julia CUDA.jl's `OutOfGPUMemoryError`: the message, then the pool's figures one a line.
//!
//! Separate from the device table: a format of its own, a report of several lines read by its
//! own [`REPORT`] reader with patterns for two CUDA.jl versions, where the table's rows are one
//! line each.

use std::sync::LazyLock;

use regex::Regex;

use super::super::{amount, re, Reader, AMOUNT};
use crate::report::Event;

/// `Effective GPU memory usage: 11.12% (1.311 GiB/11.784 GiB)`, `CUDA allocator usage`,
/// `Memory pool usage: 980.317 MiB (980.317 MiB allocated, 0 bytes cached)` (CUDA.jl 3) or
/// `Memory pool usage: 13.411 GiB (15.281 GiB reserved)` (CUDA.jl 4).
static LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:Effective GPU memory usage|CUDA allocator usage|Memory pool usage|Stacktrace)")
});
static REQUESTED: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"trying to allocate {AMOUNT}")));
static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"Effective GPU memory usage: [\d.]+% \({AMOUNT}/{AMOUNT}\)"
    ))
});
static POOL_V3: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"Memory pool usage: {AMOUNT} \({AMOUNT} allocated, {AMOUNT} cached\)"
    ))
});
static POOL_V4: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"Memory pool usage: {AMOUNT} \({AMOUNT} reserved\)"
    ))
});

pub(super) static REPORT: Reader = Reader {
    continues: |_, next| LINE.is_match(next.trim_start()),
    complete: |text| text.contains("Stacktrace"),
    finish: fields,
    max_lines: 6,
};

fn fields(event: &mut Event, _pieces: &[String]) {
    let text = event.text.clone();
    event.requested = amount(&REQUESTED, &text);
    let bytes =
        |m: Option<regex::Match<'_>>| m.and_then(|m| crate::amount::parse_amount(m.as_str()));
    if let Some(c) = TOTAL.captures(&text) {
        event.total = bytes(c.get(2));
    }
    if let Some(c) = POOL_V3.captures(&text) {
        event.reserved = bytes(c.get(1));
        event.allocated = bytes(c.get(2));
    } else if let Some(c) = POOL_V4.captures(&text) {
        event.allocated = bytes(c.get(1));
        event.reserved = bytes(c.get(2));
    }
}
