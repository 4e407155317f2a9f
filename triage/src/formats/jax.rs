//! JAX / XLA: `RESOURCE_EXHAUSTED: Out of memory while trying to allocate N bytes` (and the 2019
//! `Resource exhausted: Out of memory` wording), TPU compile-time `Ran out of memory in memory
//! space hbm. Used X of Y hbm`, and rematerialization that cannot get under the limit.

use std::sync::LazyLock;

use regex::Regex;

use super::{amount, message_from, re, Cx, Found, AMOUNT};
use crate::report::{Backend, Event, Kind};

static START: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)resource[_ ]exhausted:\s*(?:out\b|.*ran out of memory)",
        r"|Ran out of memory in memory space",
        r"|Can't reduce memory use below .* by rematerialization",
    ))
});
static BYTES: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)out of memory (?:while trying to allocate|allocating) ([\d,]+ bytes)")
});
static USED: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"Used {AMOUNT} of {AMOUNT} (?:hbm|vmem)")));
static TOTAL: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"Used \S+ of {AMOUNT}")));
static REMAT: LazyLock<Regex> =
    LazyLock::new(|| re(r"below \S+ \((\d+) bytes\).*only reduced to \S+ \((\d+) bytes\)"));

pub(crate) fn detect(line: &str, cx: &mut Cx) -> Option<Found> {
    let m = START.find(line)?;
    let mut event = Event::new(Kind::JaxOom, cx.line_no, message_from(line, m.start()));
    event.requested = amount(&BYTES, line).or_else(|| amount(&USED, line));
    event.total = amount(&TOTAL, line);
    if let Some(c) = REMAT.captures(line) {
        event.total = c.get(1).and_then(|m| m.as_str().parse().ok());
        event.requested = c.get(2).and_then(|m| m.as_str().parse().ok());
    }
    if line.contains("TPU") || line.contains(" hbm") || line.contains(" vmem") {
        event.device.backend = Some(Backend::Tpu);
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
