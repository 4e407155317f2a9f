//! `cargo +nightly fuzz run analyze`: `analyze_bytes` and the chunked `Scanner` never panic and
//! agree with each other on any input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let whole = triage::analyze_bytes(data);
    // the same bytes in uneven chunks give the same report
    let mut scanner = triage::Scanner::new();
    let step = 1 + data.first().copied().unwrap_or(0) as usize % 17;
    for chunk in data.chunks(step) {
        scanner.push(chunk);
    }
    assert_eq!(scanner.finish(), whole);
});
