//! The scanner's prefilter: which lines are worth parsing at all. One SIMD pass over a chunk
//! finds the few lines that hold a fragment; those are checked for a trigger word.
//!
//! Separate from the scanner because it is a self-contained, tuned piece (its word lists and
//! its searcher's limits) that changes for speed, while the scanner's line and chunk handling
//! changes for correctness.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// Substrings (ASCII case-insensitive) of every line a detector could start on. A line without
/// any of them is parsed only while a message, table or report is open.
const TRIGGERS: &[&str] = &[
    "out of memory",
    "outofmemory",
    "out_of_memory",
    "tried to allocate",
    "memory in use",
    "allocated memory",
    "oom when",
    "oom-kill",
    "alloc_failed",
    "not_allocated",
    "resource exhausted",
    "resource_exhausted",
    "nvidia-smi",
    "processes:",
    "mig devices",
    "mib /",
    "memory summary",
    "gpu:",
    "no processes are running",
    "gpu memory",
    "cache blocks",
    "kv cache",
    "free memory on device",
    "not enough memory",
    "killed process",
    "kill process",
    "signal 9",
    "sigkill",
    "exitcode",
    "exit code",
    "exit status",
    "bus error",
    "shared memory",
    "no space left",
    "unable to write to file",
    "paging file",
    "winerror 1455",
    "页面文件",
    "内存不足",
    "executable batch size",
    "bfc",
    "failed to allocate",
    "cannot allocate",
    "can't allocate",
    "insufficient memory",
    "commandbuffercallbackerror",
    "result=2",
    "error=2",
    "error (2)",
    "cuda failure",
    "buffer size",
    "not large enough",
    "not enough space",
    "rematerialization",
    "dst tensor",
    "enforce allocating",
    "memoryerror",
    "unable to allocate",
    "memory space",
    "errno 12",
    "errno 28",
    "dataloader worker",
    "allocation on device",
    "ggml backend",
    "cudaerrormemoryallocation",
    "erroroutofmemory",
    "reserved memory",
    "error in allocate",
    "could not allocate",
    "cudamalloc",
    "cumemalloc",
    "memoryallocation",
    "memory_allocation",
    "allocation_failed",
    "allocation_failure",
    "allocator_failure",
    "allocfailed",
    "status_memory_error",
    "out_of_device_memory",
    "outofdevicememory",
    "metal::malloc",
    "error allocating",
    "errno=1455",
    "error 1455",
    "code 137",
    "code = -9",
    "code -9",
    "oomkilled",
    "已杀死",
    "killed",
    "bottom of memory",
    "failed to initialize executor",
    "executor creation failed",
    "insufficient vram",
    "requires more system memory",
    "prefill tokens",
    "max seq len",
    "allocation of size",
    "memory-usage",
];

/// Case-sensitive fragments, at least one of which occurs (as people and programs spell them)
/// in every line that holds a trigger. Searched with SIMD over whole chunks (Teddy); a line with
/// a fragment is then checked against [`TRIGGERS`]. Few fragments with uncommon first bytes keep
/// Teddy's false candidates rare: 28 fragments scan the benchmark log 20% faster than 32 did,
/// and more than 32 make aho-corasick pick its "fat" Teddy, half as wide (41 fragments: 1.4x the
/// time of 29 on the benchmark log). A test holds the count at 32 or fewer.
/// Lines some fragment does not reach (an `NVIDIA-SMI` header) are read as context instead.
const FRAGMENTS: &[&str] = &[
    "emory",
    "EMORY",
    "llocat",
    "LLOC",
    "lloc_f",
    "kIO",
    "OOM",
    "oom",
    "xhaust",
    "MiB /",
    "Processes:",
    "GPU:",
    "KV cach",
    "nough",
    "Killed",
    "IGKILL",
    "xit",
    "space left",
    "</torch_",
    "aging file",
    "页面",
    "内存",
    "xecutable b",
    "daMalloc",
    "no=1455",
    "uffer size",
    "Dst tensor",
    "llocF",
    "Loader worker",
    "VRAM",
    "杀死",
];

static PREFILTER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    // it only checks the few lines with a fragment: a contiguous NFA builds far faster than a DFA
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(TRIGGERS)
        .expect("static patterns")
});

/// Finds fragments in a chunk: Teddy where the CPU has it, Aho-Corasick otherwise.
enum Fragments {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

static FRAGMENT_SEARCH: LazyLock<Fragments> = LazyLock::new(|| {
    let mut builder = aho_corasick::packed::Config::new().builder();
    builder.extend(FRAGMENTS);
    match builder.build() {
        Some(searcher) => Fragments::Packed(searcher),
        None => Fragments::Automaton(AhoCorasick::new(FRAGMENTS).expect("static patterns")),
    }
});

/// Start of the first fragment at or after `from` in `haystack`.
pub(crate) fn next_fragment(haystack: &[u8], from: usize) -> Option<usize> {
    let rest = haystack.get(from..)?;
    let found = match &*FRAGMENT_SEARCH {
        Fragments::Packed(s) => s.find(rest).map(|m| m.start()),
        Fragments::Automaton(ac) => ac.find(rest).map(|m| m.start()),
    };
    found.map(|i| from + i)
}

/// Whether a line holds a trigger and must be parsed: a fragment and a trigger, the same test
/// wherever chunk boundaries fall.
pub(crate) fn has_trigger(line: &[u8]) -> bool {
    next_fragment(line, 0).is_some() && PREFILTER.is_match(line)
}

impl std::fmt::Debug for Fragments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fragments")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn few_enough_fragments_for_slim_teddy() {
        // aho-corasick's packed searcher turns to its fat Teddy above 32 patterns
        assert!(
            super::FRAGMENTS.len() <= 32,
            "{} fragments",
            super::FRAGMENTS.len()
        );
    }
}
