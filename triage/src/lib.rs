//! triage: finds GPU and host memory errors in pasted text and explains them.
//!
//! Pure: no I/O, no async, no web. Text in ([`analyze`], [`analyze_bytes`], or [`Scanner`] for
//! big inputs in bounded memory), [`Report`] out, exactly as `shared/spec/report.md` defines it.

mod amount;
mod context;
mod engine;
mod findings;
mod formats;
pub mod naming;
mod normalize;
mod pattern;
mod phase;
mod prefilter;
mod report;
mod scan;
mod segments;

pub use amount::{format_bytes, parse_amount};
pub use engine::MAX_EVENTS;
pub use findings::{title as finding_title, FINDING_IDS, LAB_NOTE};
pub use report::{
    Backend, Because, Confidence, Device, Event, Finding, Kind, OtherProcess, Part, Phase, Report,
    Says, Segments, Severity, Summary, FRAMEWORKS,
};
pub use scan::Scanner;

/// Every memory event in `text`, and what went wrong.
pub fn analyze(text: &str) -> Report {
    analyze_bytes(text.as_bytes())
}

/// [`analyze_bytes`] without the prefilter: every line is parsed (tests only).
#[cfg(feature = "test-support")]
pub fn analyze_unfiltered(bytes: &[u8]) -> Report {
    let mut scanner = Scanner::unfiltered();
    scanner.push(bytes);
    scanner.finish()
}

/// Like [`analyze`] for bytes that may not be UTF-8 (decoded lossily; NUL bytes are ignored).
pub fn analyze_bytes(bytes: &[u8]) -> Report {
    let mut scanner = Scanner::new();
    scanner.push(bytes);
    scanner.finish()
}
