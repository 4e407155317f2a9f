//! The search benchmark and a few tools around it (bench/search.sh drives it).
//!
//! ```text
//! search_bench generate DIR N [SEED]       write N generated pages (half en, half zh) under DIR
//! search_bench run [DIR] [--index-dir D] [--rounds R]
//!                                          load the built-in library (or DIR alone), time the query set,
//!                                          then (with DIR) time refreshes after editing, adding and
//!                                          deleting one note
//! search_bench queries                     print the fixed query set, one per line
//! search_bench query TEXT [DIR]            print the JSON answer for one query
//! search_bench top [DIR] < QUERIES        the first three hits of each query read from stdin
//! search_bench check DIR                   print check_content's problems
//! ```

mod refresh;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use kb::{KnowledgeBase, LoadOptions, SearchRequest, FINDING_IDS, TAGS};

/// The fixed query set: English, Chinese, mixed, misspelled, partial, and a pasted log line.
const QUERIES: &[&str] = &[
    "fragmentation",
    "expandable segments",
    "gradient accumulation",
    "mixed precision bf16",
    "nvidia-smi other processes",
    "CUDA_VISIBLE_DEVICES",
    "empty_cache",
    "gradient checkpointing",
    "inference_mode no_grad",
    "optimizer state AdamW",
    "logits buffer vocabulary",
    "kernel OOM killer",
    "dev shm docker",
    "memory snapshot",
    "显存碎片",
    "梯度累积",
    "混合精度",
    "其他进程",
    "简单",
    "处理",
    "显存不够怎么办",
    "推理 显存",
    "GradScaler 混合精度",
    "DDP 多卡",
    "vLLM 显存占用",
    "fragmentaton",
    "acumulation",
    "checkpointng",
    "preallocaton jax",
    "frag",
    "grad accum",
    "autoc",
    "exp",
    "CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 15.78 GiB total capacity)",
    "\"unclosed AND (brackets] -minus title:x",
    "",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => generate(&args[1..]),
        Some("run") => run(&args[1..]),
        Some("queries") => {
            QUERIES
                .iter()
                .filter(|q| !q.is_empty())
                .for_each(|q| println!("{q}"));
            Ok(())
        }
        Some("query") => query(&args[1..]),
        Some("top") => top(&args[1..]),
        Some("check") => check(&args[1..]),
        _ => Err("usage: search_bench generate|run|queries|query|check ...".to_string()),
    };
    if let Err(e) = result {
        eprintln!("search_bench: {e}");
        std::process::exit(2);
    }
}

fn load(dir: Option<&Path>, index_dir: Option<PathBuf>) -> Result<KnowledgeBase, String> {
    let options = LoadOptions {
        builtin: dir.is_none(),
        extra_dirs: dir.map(Path::to_path_buf).into_iter().collect(),
        index_dir,
        ..LoadOptions::default()
    };
    let (kb, problems) = KnowledgeBase::load_with(options).map_err(|e| e.to_string())?;
    if !problems.is_empty() {
        eprintln!("{} problems, first: {}", problems.len(), problems[0]);
    }
    Ok(kb)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn run(args: &[String]) -> Result<(), String> {
    let mut dir = None;
    let mut index_dir = None;
    let mut rounds = 20usize;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--index-dir" => index_dir = it.next().map(PathBuf::from),
            "--rounds" => rounds = it.next().and_then(|r| r.parse().ok()).unwrap_or(rounds),
            other => dir = Some(PathBuf::from(other)),
        }
    }
    let started = Instant::now();
    let kb = load(dir.as_deref(), index_dir)?;
    let stats = kb.stats();
    println!(
        "load: {} pages in {:.2} s (read + render + sanitize {:.2} s, index build {:.2} s)",
        stats.pages,
        started.elapsed().as_secs_f64(),
        stats.render_ms / 1e3,
        stats.index_ms / 1e3
    );
    let mut all = Vec::new();
    let mut per_query: Vec<(String, Vec<f64>, usize)> = Vec::new();
    for query in QUERIES {
        let req = SearchRequest::new(*query);
        let mut times = Vec::with_capacity(rounds);
        let mut total = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            let results = kb.search(&req);
            times.push(t.elapsed().as_secs_f64() * 1e3);
            total = results.total;
        }
        all.extend(times.iter().copied());
        per_query.push((query.to_string(), times, total));
    }
    all.sort_by(f64::total_cmp);
    println!(
        "queries: {} x {} rounds: p50 {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        QUERIES.len(),
        rounds,
        percentile(&all, 50.0),
        percentile(&all, 90.0),
        percentile(&all, 99.0),
        all.last().copied().unwrap_or(0.0)
    );
    for (query, mut times, total) in per_query {
        times.sort_by(f64::total_cmp);
        println!(
            "  {:>9.3} ms p50 {:>9.3} ms max  {:>7} hits  {:?}",
            percentile(&times, 50.0),
            times.last().copied().unwrap_or(0.0),
            total,
            query.chars().take(60).collect::<String>()
        );
    }
    match dir {
        Some(dir) => refresh::edit_add_delete(&kb, &dir),
        None => Ok(()),
    }
}

fn query(args: &[String]) -> Result<(), String> {
    let text = args.first().ok_or("query TEXT [DIR]")?;
    let kb = load(args.get(1).map(Path::new), None)?;
    let results = kb.search(&SearchRequest::new(text.as_str()));
    println!(
        "{}",
        serde_json::to_string_pretty(&results).map_err(|e| e.to_string())?
    );
    Ok(())
}

fn top(args: &[String]) -> Result<(), String> {
    let kb = load(args.first().map(Path::new), None)?;
    for line in std::io::stdin().lines().map_while(Result::ok) {
        let results = kb.search(&SearchRequest::new(line.as_str()));
        let hits: Vec<&str> = results
            .hits
            .iter()
            .take(3)
            .map(|h| h.slug.as_str())
            .collect();
        println!(
            "{:>4} {:>7.2} ms  {line:?} -> {}",
            results.total,
            results.took_ms,
            hits.join(", ")
        );
    }
    Ok(())
}

fn check(args: &[String]) -> Result<(), String> {
    let dir = args.first().ok_or("check DIR")?;
    let problems = kb::check_content(Path::new(dir));
    for p in &problems {
        println!("{p}");
    }
    println!("{} problems", problems.len());
    Ok(())
}

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// Log-normal page body length: median ~2.4 KB, long tail, 400 B .. 24 KB.
    fn body_len(&mut self) -> usize {
        let (u1, u2) = (self.unit().max(1e-12), self.unit());
        let normal = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
        ((2400.0 * (0.7 * normal).exp()) as usize).clamp(400, 24_000)
    }
}

/// Words and phrases taken from the built-in library, so generated text looks like ours.
struct Vocabulary {
    en: Vec<String>,
    zh: Vec<String>,
    code: Vec<String>,
}

fn vocabulary() -> Result<Vocabulary, String> {
    let (kb, _) = KnowledgeBase::load(&[]).map_err(|e| e.to_string())?;
    let mut v = Vocabulary {
        en: Vec::new(),
        zh: Vec::new(),
        code: Vec::new(),
    };
    for page in kb.pages() {
        for word in page.text.split_whitespace() {
            let is_zh = word.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            if is_zh {
                // cut Chinese runs into phrases of 2..8 characters
                let chars: Vec<char> = word.chars().collect();
                for chunk in chars.chunks(6) {
                    v.zh.push(chunk.iter().collect());
                }
            } else if word.len() < 24 {
                v.en.push(word.to_string());
            }
        }
        if let Some(snippet) = &page.key_snippet {
            v.code.push(snippet.with_defaults());
        }
    }
    if v.en.is_empty() || v.zh.is_empty() {
        return Err("the built-in library is empty: nothing to build a vocabulary from".into());
    }
    if v.code.is_empty() {
        v.code
            .push("import torch\ntorch.cuda.empty_cache()\n".into());
    }
    Ok(v)
}

fn sentence(rng: &mut Rng, v: &Vocabulary, zh: bool) -> String {
    let mut s = String::new();
    let words = 6 + rng.below(14);
    for i in 0..words {
        if zh {
            if rng.below(8) == 0 {
                let _ = write!(
                    s,
                    " {} ",
                    rng.pick(&v.en).trim_matches(|c: char| !c.is_alphanumeric())
                );
            } else {
                s.push_str(rng.pick(&v.zh).as_str());
            }
        } else {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(rng.pick(&v.en).as_str());
        }
    }
    s.push_str(if zh { "。" } else { "." });
    s
}

fn page(rng: &mut Rng, v: &Vocabulary, i: usize) -> (String, String) {
    let zh = i % 2 == 1;
    let slug = if zh {
        format!("gen-{}-zh", i / 2)
    } else {
        format!("gen-{}", i / 2)
    };
    let translation = if zh {
        format!("gen-{}", i / 2)
    } else {
        format!("gen-{}-zh", i / 2)
    };
    let title_words: Vec<String> = (0..3 + rng.below(5))
        .map(|_| {
            if zh {
                rng.pick(&v.zh).clone()
            } else {
                rng.pick(&v.en).clone()
            }
        })
        .collect();
    let title = title_words
        .join(if zh { "" } else { " " })
        .replace(['"', '\\', '`', '[', ']', '*', '#', '<', '>', '_'], "");
    let title = if title.trim().is_empty() {
        slug.clone()
    } else {
        title.trim().to_string()
    };
    let tags: Vec<&str> = (0..1 + rng.below(3)).map(|_| *rng.pick(TAGS)).collect();
    let addresses: Vec<&str> = (0..rng.below(3)).map(|_| *rng.pick(FINDING_IDS)).collect();
    let summary = sentence(rng, v, zh).replace(['"', '\\'], "");
    let mut body = format!("# {title}\n\n");
    let target = rng.body_len();
    let mut section = 0;
    while body.len() < target {
        if body.len() > 200 && rng.below(4) == 0 {
            section += 1;
            let _ = write!(
                body,
                "## {} {section}\n\n",
                rng.pick(if zh { &v.zh } else { &v.en })
            );
        }
        if rng.below(10) == 0 {
            let _ = write!(body, "```python\n{}```\n\n", rng.pick(&v.code));
        }
        let sentences: Vec<String> = (0..2 + rng.below(5))
            .map(|_| sentence(rng, v, zh))
            .collect();
        body.push_str(&sentences.join(if zh { "" } else { " " }));
        body.push_str("\n\n");
    }
    let source = format!(
        "---\ntitle: \"{title}\"\nslug: {slug}\nlang: {}\ntranslation: {translation}\ntags: [{}]\naddresses: [{}]\nsummary: \"{summary}\"\n---\n\n{body}",
        if zh { "zh" } else { "en" },
        tags.join(", "),
        addresses.join(", ")
    );
    (
        format!("{}/{slug}.md", if zh { "zh" } else { "en" }),
        source,
    )
}

fn generate(args: &[String]) -> Result<(), String> {
    let dir = PathBuf::from(args.first().ok_or("generate DIR N [SEED]")?);
    let n: usize = args
        .get(1)
        .and_then(|n| n.parse().ok())
        .ok_or("N: a number of pages")?;
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42);
    let v = vocabulary()?;
    let mut rng = Rng(seed.max(1));
    for sub in ["en", "zh"] {
        std::fs::create_dir_all(dir.join(sub)).map_err(|e| e.to_string())?;
    }
    let mut bytes = 0;
    for i in 0..n {
        let (name, source) = page(&mut rng, &v, i);
        bytes += source.len();
        std::fs::write(dir.join(name), source).map_err(|e| e.to_string())?;
    }
    println!(
        "generated {n} pages, {:.1} MB, in {}",
        bytes as f64 / 1e6,
        dir.display()
    );
    Ok(())
}
