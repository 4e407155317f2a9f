//! Smaller formats, one detector each: PaddlePaddle, CuPy / Chainer, ONNX Runtime, and automatic
//! batch-size finders. Inference servers are in `serving.rs`.

use std::sync::LazyLock;

use regex::Regex;

use super::{gpu_index, message_from, re, Cx, Found, AMOUNT};
use crate::report::{Backend, Event, Kind};

static PADDLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"Out of memory error on (?:GPU|CPU|place)|enforce allocating <= available failed|GPU ?\d*上出现内存不足|无法在GPU ?\d*上分配",
    )
});
static PADDLE_REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"Cannot allocate {AMOUNT}|分配{AMOUNT}|failed, (\d+) >"
    ))
});
static PADDLE_ALLOCATED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{AMOUNT} memory has been allocated|已分配{AMOUNT}"
    ))
});
static PADDLE_FREE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"available memory is only {AMOUNT}|可用内存仅为{AMOUNT}|> (\d+)"
    ))
});

fn first_amount(re: &Regex, text: &str) -> Option<u64> {
    let caps = re.captures(text)?;
    caps.iter()
        .skip(1)
        .flatten()
        .next()
        .and_then(|m| crate::amount::parse_amount(m.as_str()))
}

pub(crate) fn detect_paddle(line: &str, cx: &mut Cx) -> Option<Found> {
    let m = PADDLE.find(line)?;
    let mut event = Event::new(Kind::PaddleOom, cx.line_no, message_from(line, m.start()));
    event.device.backend = Some(if line.contains("CPU") {
        Backend::Cpu
    } else {
        Backend::Cuda
    });
    event.device.index = gpu_index(line);
    event.requested = first_amount(&PADDLE_REQUEST, line);
    event.allocated = first_amount(&PADDLE_ALLOCATED, line);
    event.free = first_amount(&PADDLE_FREE, line);
    Some(Found::Event(event))
}

static CUPY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"out of memory to allocate (\d+) bytes|Out of memory allocating ([\d,]+) bytes \(allocated so far",
    )
});
static CUPY_TOTAL: LazyLock<Regex> =
    LazyLock::new(|| re(r"\(total (\d+) bytes\)|allocated so far: ([\d,]+) bytes"));

pub(crate) fn detect_cupy(line: &str, cx: &mut Cx) -> Option<Found> {
    let c = CUPY.captures(line)?;
    let start = c.get(0).map_or(0, |m| m.start());
    let start = line[..start]
        .rfind("OutOfMemoryError")
        .map_or(start, |i| i.min(start));
    let mut event = Event::new(Kind::CupyOom, cx.line_no, message_from(line, start));
    event.device.backend = Some(Backend::Cuda);
    event.requested = c
        .get(1)
        .or_else(|| c.get(2))
        .and_then(|m| m.as_str().replace(',', "").parse().ok());
    if let Some(t) = CUPY_TOTAL.captures(line) {
        let value = |i: usize| {
            t.get(i)
                .and_then(|m| m.as_str().replace(',', "").parse().ok())
        };
        event.total = value(1);
        event.allocated = value(2);
    }
    Some(Found::Event(event))
}

static ONNX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"Failed to allocate memory for requested buffer of size (\d+)|(?i)onnx ?runtime error \d+: not enough space",
    )
});

pub(crate) fn detect_onnxruntime(line: &str, cx: &mut Cx) -> Option<Found> {
    let c = ONNX.captures(line)?;
    let start = c.get(0).map_or(0, |m| m.start());
    let start = ["BFCArena", "onnx runtime error", "[ONNXRuntimeError]"]
        .iter()
        .filter_map(|w| line[..start].find(w))
        .min()
        .unwrap_or(start);
    let mut event = Event::new(Kind::OnnxruntimeOom, cx.line_no, message_from(line, start));
    event.requested = c.get(1).and_then(|m| m.as_str().parse().ok());
    Some(Found::Event(event))
}

static BATCH: LazyLock<Regex> = LazyLock::new(|| re(r"No executable batch size found"));

pub(crate) fn detect_batch_size(line: &str, cx: &mut Cx) -> Option<Found> {
    let m = BATCH.find(line)?;
    Some(Found::Event(Event::new(
        Kind::BatchSizeSearch,
        cx.line_no,
        message_from(line, m.start()),
    )))
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::report::Kind;

    #[test]
    fn paddle() {
        let r = analyze("Out of memory error on GPU 0. Cannot allocate 3.621826GB memory on GPU 0, 21.184814GB memory has been allocated and available memory is only 2.814575GB.");
        let e = &r.events[0];
        assert_eq!(e.kind, Kind::PaddleOom);
        assert_eq!(e.requested, Some(3_888_906_055));
        assert_eq!(e.allocated, Some(22_747_020_825));
        assert_eq!(e.free, Some(3_022_126_894));
        let r = analyze("paddle.fluid.core.EnforceNotMet: enforce allocating <= available failed, 10513462067 > 1369702144");
        assert_eq!(r.events[0].requested, Some(10_513_462_067));
        assert_eq!(r.events[0].free, Some(1_369_702_144));
    }

    #[test]
    fn chinese_title_is_not_paddle() {
        assert!(analyze("title: CUDA内存不足错误解决方案").events.is_empty());
        let r = analyze("GPU 0上出现内存不足错误。无法在GPU 0上分配50.000000MB内存");
        assert_eq!(r.events[0].kind, Kind::PaddleOom);
    }

    #[test]
    fn cupy_onnx_batch() {
        let r = analyze("cupy.cuda.memory.OutOfMemoryError: out of memory to allocate 1073741824 bytes (total 12373894656 bytes)");
        assert_eq!(
            (r.events[0].kind, r.events[0].requested, r.events[0].total),
            (Kind::CupyOom, Some(1_073_741_824), Some(12_373_894_656))
        );
        let r = analyze("BFCArena::AllocateRawInternal(size_t, bool) Failed to allocate memory for requested buffer of size 8388608000");
        assert_eq!(
            (r.events[0].kind, r.events[0].requested),
            (Kind::OnnxruntimeOom, Some(8_388_608_000))
        );
        let r = analyze("RuntimeError: No executable batch size found, reached zero.");
        assert_eq!(r.events[0].kind, Kind::BatchSizeSearch);
    }
}
