use std::time::Instant;
const TRIGGERS: &[&str] = &[
    "out of memory",
    "outofmemory",
    "out_of_memory",
    "tried to allocate",
    "memory in use",
    "allocated memory",
    "oom",
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
    "inuse:",
    "limit:",
    "failed to allocate",
    "failed to alloc",
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
    "bad_alloc",
    "unable to allocate",
    "memory space",
    "errno 12",
    "errno 28",
    "dataloader worker",
    "allocation on device",
    "ggml backend",
    "cudaerrormemoryallocation",
    "erroroutofmemory",
    "maxinuse",
    "numallocs",
    "maxallocsize",
    "reserved memory",
    "malloc retries",
    "memory-usage",
];
const ANCHORS: &[&str] = &[
    "f memory",
    "f Memory",
    "F_MEMORY",
    "fMemory",
    "llocat",
    "LLOCAT",
    "LLOC_F",
    "lloc_f",
    "bad_alloc",
    "OOM",
    "oom when",
    "oom-k",
    "xhausted",
    "XHAUSTED",
    "-SMI",
    "-smi",
    "Processes:",
    "MIG devices",
    "MiB /",
    "emory summary",
    "GPU:",
    "processes are running",
    "GPU memory",
    "ache blocks",
    "KV cache",
    "emory on device",
    "enough",
    "illed process",
    "Kill process",
    "ignal 9",
    "IGKILL",
    "xitcode",
    "xit code",
    "xit status",
    "us error",
    "shared memory",
    "o space left",
    "write to file",
    "aging file",
    "1455",
    "页面",
    "内存",
    "batch size found",
    "bfc",
    "InUse",
    "Limit:",
    "result=2",
    "error=2",
    "error (2)",
    "uda failure",
    "uffer size",
    "rge enough",
    "ematerializ",
    "Dst tensor",
    "MemoryError",
    "rrno 12",
    "rrno 28",
    "oader worker",
    "GGML",
    "emory in use",
    "emory space",
    "ficient",
    "allback",
];
const FRAG: &[&str] = &[
    "emory",
    "EMORY",
    "llocat",
    "LLOC",
    "lloc_f",
    "bad_alloc",
    "OOM",
    "oom",
    "xhaust",
    "XHAUST",
    "-SMI",
    "Processes:",
    "processes are",
    "MiB /",
    "GPU:",
    "KV cache",
    "nough",
    "Killed",
    "killed",
    "IGKILL",
    "xit",
    "space left",
    "</torch_",
    "aging file",
    "页面",
    "内存",
    "xecutable b",
    "bfc",
    "sult=2",
    "uffer size",
    "Dst tensor",
    "Loader worker",
];
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let data = std::fs::read(path).unwrap();
    let t = Instant::now();
    let n = memchr::memchr_iter(b'\n', &data).count();
    println!("memchr lines {n}: {:?}", t.elapsed());
    for ci in [true, false] {
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(ci)
            .build(TRIGGERS)
            .unwrap();
        let t = Instant::now();
        let n = ac.find_iter(&data).count();
        println!("ac ci={ci} {n}: {:?}", t.elapsed());
    }
    {
        let mut cfg = aho_corasick::packed::Config::new().builder();
        cfg.extend(ANCHORS);
        let searcher = cfg.build();
        println!("packed: {}", searcher.is_some());
        if let Some(s) = searcher {
            let t = Instant::now();
            let n = s.find_iter(&data).count();
            println!("packed {n}: {:?}", t.elapsed());
        }
        let ac = aho_corasick::AhoCorasick::new(ANCHORS).unwrap();
        let t = Instant::now();
        let n = ac.find_iter(&data).count();
        println!("ac anchors {n}: {:?}", t.elapsed());
    }
    {
        let mut cfg = aho_corasick::packed::Config::new().builder();
        cfg.extend(FRAG);
        let searcher = cfg.build().unwrap();
        let t = Instant::now();
        let mut n = 0;
        let mut pos = 0;
        while let Some(m) = searcher.find(&data[pos..]) {
            n += 1;
            pos += m.end();
        }
        println!("frag loop {n}: {:?}", t.elapsed());
        let mut counts = std::collections::HashMap::new();
        for m in searcher.find_iter(&data) {
            *counts.entry(FRAG[m.pattern().as_usize()]).or_insert(0) += 1;
        }
        let mut v: Vec<_> = counts.into_iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1));
        println!("{:?}", &v[..v.len().min(12)]);
    }
    let t = Instant::now();
    let mut s = triage::Scanner::new();
    for c in data.chunks(1 << 20) {
        s.push(c);
    }
    let r = s.finish();
    println!("scanner {}: {:?}", r.events.len(), t.elapsed());
}
