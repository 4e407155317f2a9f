//! Inference servers and model loaders whose memory budget cannot hold the weights and the KV
//! cache. Each engine words its own check; [`CHECKS`] lists them with where they come from, so
//! that a new wording is one row.

use std::sync::LazyLock;

use regex::Regex;

use super::{amount, gpu_index, message_from, re, Cx, Found, Reader, AMOUNT};
use crate::amount::parse_amount;
use crate::report::{Backend, Event, Kind};

/// One engine's check, and the backend its budget is on.
struct Check {
    /// Words (lower case) one of which every line this check matches holds.
    needles: &'static [&'static str],
    pattern: &'static str,
    backend: Backend,
    #[allow(dead_code)]
    source: &'static str,
}

const CHECKS: &[Check] = &[
    Check {
        needles: &["no available memory"],
        pattern: r"No available memory for the cache blocks",
        backend: Backend::Cuda,
        source: "vLLM V0, worker `raise_if_cache_size_invalid` / `determine_num_available_blocks`",
    },
    Check {
        needles: &["kv cache", "seq len"],
        pattern: r"larger than the maximum number of tokens that can be stored in KV cache|To serve at least one request with the model'?s max seq len|larger than the available KV cache memory|(?i)insufficient memory for (?:the )?KV cache",
        backend: Backend::Cuda,
        source: "vLLM V0 `_verify_args` and V1 `kv_cache_utils.check_enough_kv_cache_memory`",
    },
    Check {
        needles: &["free memory on device"],
        pattern: r"Free memory on device.* on startup is less than desired GPU memory utilization",
        backend: Backend::Cuda,
        source: "vLLM `MemorySnapshot` start-up check of gpu_memory_utilization",
    },
    Check {
        needles: &["mem-fraction-static"],
        pattern: r"Not enough memory\. Please try to increase --mem-fraction-static",
        backend: Backend::Cuda,
        source: "SGLang `model_runner.init_memory_pool`",
    },
    Check {
        needles: &["not enough memory to handle"],
        pattern: r"Not enough memory to handle \d+ (?:prefill |total |input )?tokens",
        backend: Backend::Cuda,
        source:
            "text-generation-inference (and LoRAX) warmup: `--max-batch-prefill-tokens` too large",
    },
    Check {
        needles: &["executor creation failed"],
        pattern: r"(?i)Executor creation failed due to insufficient GPU memory",
        backend: Backend::Cuda,
        source: "TensorRT-LLM PyTorch backend, `py_executor_creator`",
    },
    Check {
        needles: &["insufficient vram"],
        pattern: r"Insufficient VRAM for model and cache",
        backend: Backend::Cuda,
        source: "ExLlamaV2 `load_autosplit_gen`",
    },
    Check {
        needles: &["requires more system memory"],
        pattern: r"model requires more system memory \(",
        backend: Backend::Cpu,
        source: "Ollama's system-memory check before loading a model on the CPU",
    },
];

/// Each row's own pattern, compiled when a line first matches that row (the set says which).
static EACH: [std::sync::OnceLock<Regex>; CHECKS.len()] =
    [const { std::sync::OnceLock::new() }; CHECKS.len()];

fn row_regex(row: usize) -> Option<&'static Regex> {
    let pattern = CHECKS.get(row)?.pattern;
    Some(EACH.get(row)?.get_or_init(|| re(pattern)))
}

static VLLM_FREE: LazyLock<Regex> =
    LazyLock::new(|| re(r"Free memory on device (?:cuda:\d+ )?\(([\d.]+)/([\d.]+) (\w+)\)"));
static VLLM_WANTED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"desired GPU memory utilization \([\d.]+, {AMOUNT}\)"
    ))
});
/// vLLM V1: `(71.16 GiB KV cache is needed, which is larger than the available KV cache memory`.
static KV_NEEDED: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"{AMOUNT} KV cache is needed")));
static SYSTEM_WANTED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"requires more system memory \({AMOUNT}\) than is available \({AMOUNT}\)"
    ))
});
static GIB_FIELD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(total|free) GPU memory[^:]*\(GiB\):\s*([\d.]+)"));

/// TensorRT-LLM's report under its message: the component it could not create, then the GPU's
/// figures in GiB, one a line.
static TRTLLM_REPORT: Reader = Reader {
    continues: |_, next| {
        let t = next.trim_start();
        t.starts_with("The following component")
            || GIB_FIELD.is_match(t)
            || t.starts_with("Previously created components")
    },
    complete: |text| text.contains("Previously created components"),
    finish: trtllm_fields,
    max_lines: 6,
};

fn trtllm_fields(event: &mut Event, pieces: &[String]) {
    for piece in pieces {
        if let Some(c) = GIB_FIELD.captures(piece.trim_start()) {
            let gib = c
                .get(2)
                .and_then(|m| parse_amount(&format!("{} GiB", m.as_str())));
            match c.get(1).map(|m| m.as_str().to_ascii_lowercase()).as_deref() {
                Some("total") => event.total = gib,
                Some("free") => event.free = event.free.or(gib),
                _ => {}
            }
        }
    }
}

/// An engine's message over two lines (vLLM's check wrapped by a terminal) names two of its
/// phrases: the second line is the same failure.
const SAME_MESSAGE_LINES: u64 = 1;

pub(crate) fn detect(line: &str, cx: &mut Cx) -> Option<Found> {
    let lower = line.to_ascii_lowercase();
    let (row, m) = CHECKS.iter().enumerate().find_map(|(row, check)| {
        if !cx.may_match(&lower, check.needles) {
            return None;
        }
        row_regex(row)?.find(line).map(|m| (row, m))
    })?;
    if cx
        .state
        .within(Kind::ServingOom, cx.line_no, SAME_MESSAGE_LINES)
        && !line.contains("Error")
    {
        return Some(Found::Absorb(Kind::ServingOom));
    }
    let start = line[..m.start()].rfind("ValueError").unwrap_or(m.start());
    let mut event = Event::new(Kind::ServingOom, cx.line_no, message_from(line, start));
    event.device.backend = Some(CHECKS[row].backend);
    event.device.index = gpu_index(line).filter(|_| line.contains("cuda:"));
    if let Some(c) = VLLM_FREE.captures(line) {
        let unit = c.get(3).map_or("", |m| m.as_str());
        let read = |i: usize| {
            c.get(i)
                .and_then(|m| parse_amount(&format!("{} {unit}", m.as_str())))
        };
        event.free = read(1);
        event.total = read(2);
        event.requested = amount(&VLLM_WANTED, line);
    }
    if let Some(needed) = amount(&KV_NEEDED, line) {
        event.requested = Some(needed);
    }
    if let Some(c) = SYSTEM_WANTED.captures(line) {
        event.requested = c.get(1).and_then(|m| parse_amount(m.as_str()));
        event.free = c.get(2).and_then(|m| parse_amount(m.as_str()));
    }
    if line.contains("Executor creation failed") {
        return Some(Found::Open(event, &TRTLLM_REPORT));
    }
    Some(Found::Event(event))
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::report::{Backend, Kind};

    #[test]
    fn serving() {
        let r = analyze("ValueError: Free memory on device cuda:1 (19.77/22.05 GiB) on startup is less than desired GPU memory utilization (0.9, 19.84 GiB). Decrease GPU memory utilization");
        let e = &r.events[0];
        assert_eq!(e.kind, Kind::ServingOom);
        assert_eq!(e.free, Some(21_227_875_860));
        assert_eq!(e.total, Some(23_676_007_219));
        assert_eq!(e.requested, Some(21_303_037_788));
        assert_eq!(e.device.index, Some(1));
        let r = analyze("raise ValueError(\"No available memory for the cache blocks. \" ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization`");
        assert_eq!(r.events.len(), 1);
    }

    #[test]
    fn every_engine_by_its_own_check() {
        for (text, backend) in [
            ("RuntimeError: Not enough memory to handle 1024 prefill tokens. You need to decrease `--max-batch-prefill-tokens`", Backend::Cuda),
            ("ValueError: To serve at least one request with the model's max seq len (100000), (4.26 GiB KV cache is needed", Backend::Cuda),
            ("RuntimeError: Insufficient VRAM for model and cache", Backend::Cuda),
            ("500 model requires more system memory (14.4 GiB) than is available (12.3 GiB)", Backend::Cpu),
        ] {
            let r = analyze(text);
            assert_eq!(
                r.events.first().map(|e| (e.kind, e.device.backend)),
                Some((Kind::ServingOom, Some(backend))),
                "{text}"
            );
        }
        let r = analyze(
            "500 model requires more system memory (14.4 GiB) than is available (12.3 GiB)",
        );
        assert_eq!(
            (r.events[0].requested, r.events[0].free),
            (Some(15_461_882_266), Some(13_207_024_435))
        );
    }

    #[test]
    fn trtllm_report_gives_the_gpu_figures() {
        let text = "[TRT-LLM] [RANK 1] [E] Failed to initialize executor on rank 1: Executor creation failed due to insufficient GPU memory.\n\nThe following component could not be created: KV cache\nTotal GPU memory (GiB): 140.06\nFree GPU memory before component creation attempt (GiB): 108.86\n\nPreviously created components and free GPU memory before/after creation (GiB):\nModel: 139.55 / 110.70";
        let r = analyze(text);
        let e = &r.events[0];
        assert_eq!(
            (e.total, e.free),
            (Some(150_388_279_869), Some(116_887_534_961))
        );
    }
}
