//! `cargo +nightly fuzz run lab_note`: any bytes as a lab note (markdown, reStructuredText or
//! plain text, by the name's extension; front matter or none) parse and render without panicking,
//! and what renders holds no script.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &["note.md", "note.rst", "note.txt", "note.markdown"];

fuzz_target!(|data: &[u8]| {
    let name = NAMES[data.first().copied().unwrap_or(0) as usize % NAMES.len()];
    let source = String::from_utf8_lossy(data.get(1..).unwrap_or_default());
    if let Ok(page) = kb::parse_note(name, &source) {
        assert!(
            !page.html.to_ascii_lowercase().contains("<script"),
            "{}",
            page.html
        );
    }
});
