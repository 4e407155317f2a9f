//! `oomlens check-content [--lab] [DIR]`: validate pages before they go live.

use std::process::ExitCode;

use super::CheckContentArgs;

/// Prints `file:line: problem` for each problem; exits 1 if there was any, 2 if the folder is missing.
pub fn run(args: CheckContentArgs) -> ExitCode {
    if !args.dir.is_dir() {
        eprintln!(
            "oomlens: {} is not a folder",
            kb::escaped(&args.dir.display().to_string())
        );
        return ExitCode::from(2);
    }
    let (pages, problems) = if args.lab {
        let (pages, problems) = kb::check_lab(&args.dir, args.reading.policy());
        (Some(pages), problems)
    } else {
        (None, kb::check_content(&args.dir))
    };
    // Display escapes control characters: a file name cannot start a line of its own.
    for problem in &problems {
        println!("{problem}");
    }
    let shown = kb::escaped(&args.dir.display().to_string()).into_owned();
    if let Some(pages) = pages {
        eprintln!("{shown}: {pages} page(s) as a lab folder");
    }
    if problems.is_empty() {
        eprintln!("{shown}: no problems found");
        ExitCode::SUCCESS
    } else {
        eprintln!("{shown}: {} problem(s)", problems.len());
        ExitCode::FAILURE
    }
}
