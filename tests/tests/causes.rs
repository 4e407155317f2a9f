//! How often the first finding (and the first three) is the cause confirmed in the thread, on
//! `shared/cause-corpus` (the ranking is calibrated there; `OOMLENS_CAUSES` names it) and on our
//! held-out `tests/fixtures/causes` (never tuned on). The rates are printed; the test fails if
//! they fall below what the ranking reached when this test was written.

use std::path::Path;

use tests::causes::{rank_folder, Ranked, Rates};

/// Rates as whole percents, and the floors they must not fall below.
fn check(label: &str, ranked: &[Ranked], floors: [(f64, f64); 2]) {
    let all = Rates::of(ranked);
    let high = Rates::of(ranked.iter().filter(|r| r.case.confidence == "high"));
    println!("{label}");
    println!("  {}", all.line("all"));
    println!("  {}", high.line("high confidence"));
    for (rates, (top1, top3), which) in [(all, floors[0], "all"), (high, floors[1], "high")] {
        let got1 = Rates::pct(rates.top1, rates.cases);
        let got3 = Rates::pct(rates.top3, rates.cases);
        assert!(
            got1 >= top1 && got3 >= top3,
            "{label}, {which}: top-1 {got1:.0}% (floor {top1}%), top-3 {got3:.0}% (floor {top3}%)"
        );
    }
}

#[test]
fn shared_cause_corpus_rates_do_not_fall() {
    let test = "shared_cause_corpus_rates_do_not_fall";
    let Some(root) = tests::shared_folder_or_skip("OOMLENS_CAUSES", test) else {
        return;
    };
    assert!(
        root.is_dir(),
        "OOMLENS_CAUSES={} is not a folder",
        root.display()
    );
    let ranked = rank_folder(&root).unwrap_or_else(|e| panic!("{e}"));
    // issue 10 asks for at least 60/80 on all cases and 65/85 on the high-confidence ones; the
    // ranking reached 68/93 and 67/87
    check("shared/cause-corpus", &ranked, [(65.0, 90.0), (65.0, 85.0)]);
}

#[test]
fn held_out_cause_rates_do_not_fall() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/causes");
    let ranked = rank_folder(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(ranked.len() >= 30);
    // first look 33/40 (all) and 26/32 (high); after the calibration on the shared corpus 47/57
    // and 37/42
    check(
        "tests/fixtures/causes (held out)",
        &ranked,
        [(45.0, 55.0), (35.0, 40.0)],
    );
}
