//! `oomlens diagnose [FILE|-] [--json]`: the triage report in the terminal.

use std::fs::File;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use super::DiagnoseArgs;

/// Input is read in chunks of this size, so a log of any size is scanned in bounded memory.
const CHUNK_BYTES: usize = 1 << 20;

/// Exit 0 when events were found, 1 when none, 2 when the input cannot be read.
pub fn run(args: DiagnoseArgs) -> ExitCode {
    // The guides load on another core while the input is scanned.
    let options = args.content.load_options();
    let pages = std::thread::spawn(move || crate::api::pages_for_links(options));
    let mut report = match scan(&args) {
        Ok(report) => report,
        Err(message) => {
            eprintln!("oomlens: {message}");
            return ExitCode::from(2);
        }
    };
    if !report.findings.is_empty() {
        // A panic while loading pages leaves the findings without guides, like a load error.
        if let Ok(Some(knowledge)) = pages.join() {
            crate::api::fill_pages(&mut report, &knowledge);
        }
    }
    let stdout = std::io::stdout();
    let output = if args.json {
        match serde_json::to_string_pretty(&report) {
            Ok(json) => json + "\n",
            Err(error) => {
                eprintln!("oomlens: {error}");
                return ExitCode::from(2);
            }
        }
    } else {
        triage::render_terminal(&shortlist_guides(report.clone()), stdout.is_terminal())
    };
    let mut out = stdout.lock();
    if out
        .write_all(output.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        // A closed pipe (`| head`) is not an error worth a message.
        return ExitCode::from(2);
    }
    if report.events.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Guides shown per finding in the terminal; `--json` keeps them all.
const GUIDES_IN_TERMINAL: usize = 3;

/// The report with each finding's guides cut to the best few, for reading.
fn shortlist_guides(mut report: triage::Report) -> triage::Report {
    for finding in &mut report.findings {
        finding.pages.truncate(GUIDES_IN_TERMINAL);
    }
    report
}

/// Streams the input through the triage scanner.
fn scan(args: &DiagnoseArgs) -> Result<triage::Report, String> {
    let mut reader: Box<dyn Read> = match &args.file {
        None => Box::new(std::io::stdin().lock()),
        Some(path) if path.as_os_str() == "-" => Box::new(std::io::stdin().lock()),
        Some(path) => Box::new(
            File::open(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?,
        ),
    };
    let mut scanner = triage::Scanner::new();
    let mut buffer = vec![0u8; CHUNK_BYTES];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => scanner.push(&buffer[..n]),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(format!("cannot read the input: {error}")),
        }
    }
    Ok(scanner.finish())
}
