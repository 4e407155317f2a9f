//! JAX / XLA (and PyTorch/XLA, which prints XLA's words): `RESOURCE_EXHAUSTED` with any of XLA's
//! allocation wordings (`Out of memory while trying to allocate N bytes`, `Failed to allocate
//! request for X (NB) on device ordinal N`, `Error allocating device buffer: Attempting to allocate
//! X. That was not possible. There are Y free`), TPU compile-time `Ran out of memory in memory
//! space hbm. Used X of Y hbm`, rematerialization that cannot get under the limit, and the TPU
//! runtime's reservation report (`Attempting to reserve X at the bottom of memory ... HBM capacity
//! Y: Currently allocated: Z (N bytes) ...`), read on over its lines.

use std::sync::LazyLock;

use regex::Regex;

use super::{amount, any_number, message_from, re, Cx, Found, Reader, AMOUNT};
use crate::report::{Backend, Event, Kind};

static START: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)resource[_ ]exhausted:\s*(?:out\b|.*?(?:ran out of memory|failed to allocate|attempting to (?:allocate|reserve)|error allocating|out of memory))",
        r"|Ran out of memory in memory space",
        r"|Can't reduce memory use below .* by rematerialization",
        r"|(?i)Attempting to (?:reserve|allocate) \S+(?: at the bottom of memory)?\. That was not possible",
    ))
});
static REQUESTED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i:out of memory (?:while trying to allocate|allocating)|failed to allocate request for|attempting to (?:allocate|reserve)|program requirement:)\s*{AMOUNT}"
    ))
});
static BYTES: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)out of memory (?:while trying to allocate|allocating) ([\d,]+ bytes)")
});
static USED: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"Used {AMOUNT} of {AMOUNT} (?:hbm|vmem)")));
static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"Used \S+ of {AMOUNT}|(?i:hbm capacity)\s*{AMOUNT}"
    ))
});
static FREE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i:there are)\s*{AMOUNT}\s*free")));
static ALLOCATED: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i:currently allocated:)\s*{AMOUNT}")));
static REMAT: LazyLock<Regex> =
    LazyLock::new(|| re(r"below \S+ \((\d+) bytes\).*only reduced to \S+ \((\d+) bytes\)"));
static ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:device ordinal|TPU:|cuda:|device=TPU:)\s*(\d+)"));
/// A line of the TPU runtime's reservation report.
static REPORT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:hbm capacity|top-of-memory reserved|currently allocated|program requirement|available after request|-{4,}|; attempting reservation|there are \S+ free)",
    )
});

/// The TPU runtime's report under `Attempting to reserve`, up to its last figure.
static REPORT: Reader = Reader {
    continues: |_, next| REPORT_LINE.is_match(next.trim_start()),
    complete: |text| text.contains("attempting reservation"),
    finish: read_fields,
    max_lines: 10,
};

/// The figures of a (joined) message: the exact byte counts where printed.
fn read_fields(event: &mut Event, _pieces: &[String]) {
    let text = event.text.clone();
    event.requested = amount(&BYTES, &text)
        .or_else(|| amount(&REQUESTED, &text))
        .or_else(|| amount(&USED, &text));
    event.total = amount(&TOTAL, &text);
    event.free = amount(&FREE, &text);
    event.allocated = amount(&ALLOCATED, &text);
    if let Some(c) = REMAT.captures(&text) {
        event.total = c.get(1).and_then(|m| m.as_str().parse().ok());
        event.requested = c.get(2).and_then(|m| m.as_str().parse().ok());
    }
    event.device.index = any_number(&ORDINAL, &text);
    if text.contains("TPU")
        || text.contains(" hbm")
        || text.contains(" vmem")
        || text.contains("HBM")
    {
        event.device.backend = Some(Backend::Tpu);
    }
}

pub(crate) fn detect(line: &str, cx: &mut Cx) -> Option<Found> {
    let m = START.find(line)?;
    let mut event = Event::new(Kind::JaxOom, cx.line_no, message_from(line, m.start()));
    read_fields(&mut event, &[]);
    if line.contains("at the bottom of memory") {
        return Some(Found::Open(event, &REPORT));
    }
    Some(Found::Event(event))
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::report::{Backend, Kind, Phase};

    #[test]
    fn gpu_bytes() {
        let r = analyze("jaxlib.xla_extension.XlaRuntimeError: RESOURCE_EXHAUSTED: Out of memory while trying to allocate 6291456 bytes.");
        assert_eq!(r.events[0].kind, Kind::JaxOom);
        assert_eq!(r.events[0].requested, Some(6_291_456));
        assert!(r.events[0]
            .text
            .starts_with("jaxlib.xla_extension.XlaRuntimeError: RESOURCE_EXHAUSTED"));
    }

    #[test]
    fn tpu_compile() {
        let r = analyze("jaxlib.xla_extension.XlaRuntimeError: RESOURCE_EXHAUSTED: XLA:TPU compile permanent error. Ran out of memory in memory space hbm. Used 63.80G of 30.75G hbm. Exceeded hbm capacity by 33.05G.");
        let e = &r.events[0];
        assert_eq!(e.device.backend, Some(Backend::Tpu));
        assert_eq!(e.requested, Some(68_504_728_371));
        assert_eq!(e.total, Some(33_017_561_088));
        assert_eq!(e.phase, Some(Phase::Compile));
    }

    #[test]
    fn wrapped_2019_wording() {
        let r = analyze("[1] 2019-06-13 01:17:08.886805: E external/local_client.cc:672] Execution of replica 0 failed: Resource exhausted: Out \nof memory while trying to allocate 5520758552 bytes.");
        assert_eq!(r.events.len(), 1);
        assert_eq!(r.events[0].kind, Kind::JaxOom);
    }
}
