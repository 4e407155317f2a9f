//! Apple MPS: `MPS backend out of memory (MPS allocated: X, other allocations: Y, max allowed: Z).
//! Tried to allocate W on private pool`, in GB or GiB spellings, and the single-buffer limits
//! (`Invalid buffer size: X`, `MPSNDArray ... buffer is not large enough`).

use std::sync::LazyLock;

use regex::Regex;

use super::{amount, message_from, re, Cx, Found, AMOUNT};
use crate::report::{Backend, Event, Kind};

static START: LazyLock<Regex> = LazyLock::new(|| {
    re(r"MPS backend out of memory|Invalid buffer size: \d|MPSNDArray.*buffer is not large enough")
});
static ALLOCATED: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"MPS allocated: {AMOUNT}")));
static OTHER: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"other allocations: {AMOUNT}")));
static MAX: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"max allowed: {AMOUNT}")));
static REQUESTED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:Tried to allocate|Invalid buffer size:) {AMOUNT}"
    ))
});

pub(crate) fn detect(line: &str, cx: &mut Cx) -> Option<Found> {
    let m = START.find(line)?;
    let text = message_from(line, m.start());
    let mut event = Event::new(Kind::PytorchOom, cx.line_no, text);
    event.device.backend = Some(Backend::Mps);
    event.allocated = amount(&ALLOCATED, line);
    event.other = amount(&OTHER, line);
    event.total = amount(&MAX, line);
    event.requested = amount(&REQUESTED, line);
    Some(Found::Event(event))
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::report::Backend;

    #[test]
    fn watermark_message_in_gb() {
        let r = analyze("RuntimeError: MPS backend out of memory (MPS allocated: 5.56 GB, other allocations: 1.10 GB, max allowed: 6.80 GB). Tried to allocate 768.00 MB on private pool. Use PYTORCH_MPS_HIGH_WATERMARK_RATIO=0.0");
        let e = &r.events[0];
        assert_eq!(e.device.backend, Some(Backend::Mps));
        assert_eq!(e.requested, Some(805_306_368));
        assert_eq!(e.total, Some(7_301_444_403));
        assert_eq!(e.allocated, Some(5_970_004_541));
        assert_eq!(e.other, Some(1_181_116_006));
    }

    #[test]
    fn invalid_buffer_size() {
        let r = analyze("- **Exception Message:** Invalid buffer size: 19.38 GiB");
        assert_eq!(r.events[0].requested, Some(20_809_116_549));
        assert_eq!(r.events[0].device.backend, Some(Backend::Mps));
    }
}
