//! Prints how the engine does on folders of real messages, with every miss:
//!
//! ```sh
//! cargo run -p tests --example score -- --corpus ../shared/oom-corpus/cases \
//!     --corpus tests/fixtures/unseen/cases --benign tests/fixtures/benign \
//!     --causes ../shared/cause-corpus --causes tests/fixtures/causes
//! ```
//!
//! `--corpus DIR`: expectations in the OOM corpus format; `--benign DIR`: texts that must give
//! nothing; `--causes DIR`: confirmed causes (`index.jsonl`); `--prefilter FILE`: the events
//! with and without the prefilter, where they differ. Each may be repeated.

use std::path::PathBuf;
use std::process::ExitCode;

use tests::causes::{rank_folder, Rates};
use tests::{benign, corpus};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    let mut failed = false;
    while let Some(flag) = it.next() {
        let Some(dir) = it.next().map(PathBuf::from) else {
            eprintln!("score: {flag} needs a folder");
            return ExitCode::from(2);
        };
        let result = match flag.as_str() {
            "--corpus" => score_corpus(&dir),
            "--benign" => score_benign(&dir),
            "--causes" => score_causes(&dir),
            "--prefilter" => prefilter_diff(&dir),
            other => Err(format!("unknown flag {other}")),
        };
        if let Err(message) = result {
            eprintln!("score: {message}");
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn score_corpus(dir: &std::path::Path) -> Result<(), String> {
    let cases = corpus::cases(dir);
    let mut passed = 0;
    for (id, txt, json) in &cases {
        let text = std::fs::read(txt).map_err(|e| format!("{}: {e}", txt.display()))?;
        let expected: serde_json::Value = serde_json::from_slice(
            &std::fs::read(json).map_err(|e| format!("{}: {e}", json.display()))?,
        )
        .map_err(|e| format!("{}: {e}", json.display()))?;
        match corpus::check(&triage::analyze_bytes(&text), &expected) {
            None => passed += 1,
            Some(problem) => println!("  {id}: {problem}"),
        }
    }
    println!(
        "{}: {passed}/{} pass ({:.0}%)",
        dir.display(),
        cases.len(),
        Rates::pct(passed, cases.len())
    );
    Ok(())
}

fn score_benign(dir: &std::path::Path) -> Result<(), String> {
    let checked = benign::check_folder(dir)?;
    let mut clean = 0;
    for (case, wrong) in &checked {
        if wrong.is_empty() {
            clean += 1;
        } else {
            println!("  {}: {} ({})", case.id, wrong.join(", "), case.what);
        }
    }
    println!(
        "{}: {clean}/{} give nothing ({:.0}%)",
        dir.display(),
        checked.len(),
        Rates::pct(clean, checked.len())
    );
    Ok(())
}

fn score_causes(dir: &std::path::Path) -> Result<(), String> {
    let ranked = rank_folder(dir)?;
    for r in &ranked {
        let mark = if r.top(1) {
            "top-1"
        } else if r.top(3) {
            "top-3"
        } else {
            "MISS "
        };
        println!(
            "  {mark} {} [{}] want {}, got {:?}",
            r.case.id, r.case.confidence, r.case.cause, r.ranked
        );
    }
    println!("{}", dir.display());
    println!("  {}", Rates::of(&ranked).line("all"));
    let high = ranked.iter().filter(|r| r.case.confidence == "high");
    println!("  {}", Rates::of(high).line("high confidence"));
    Ok(())
}

fn prefilter_diff(file: &std::path::Path) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let show = |r: &triage::Report| -> Vec<String> {
        r.events
            .iter()
            .map(|e| format!("{}@{}-{} {:?}", e.kind.as_str(), e.line, e.end_line, e.text))
            .collect()
    };
    let (a, b) = (
        triage::analyze_bytes(&bytes),
        triage::analyze_unfiltered(&bytes),
    );
    let filtered = show(&a);
    let all = show(&b);
    let json = |r: &triage::Report| serde_json::to_string_pretty(r).unwrap_or_default();
    if filtered == all && json(&a) != json(&b) {
        println!(
            "{}: the events' fields differ:\n{}\n---\n{}",
            file.display(),
            json(&a),
            json(&b)
        );
    }
    if filtered != all {
        println!(
            "{}\n  with prefilter:    {filtered:#?}\n  without prefilter: {all:#?}",
            file.display()
        );
    }
    Ok(())
}
