//! `oomlens check-content [--lab] [DIR]`: validate pages before they go live.

use std::process::ExitCode;

use super::CheckContentArgs;

/// Prints `file:line: problem` for each problem; exits 1 if there was any, 2 if the folder is missing.
pub fn run(args: CheckContentArgs) -> ExitCode {
    if !args.dir.is_dir() {
        eprintln!("oomlens: {} is not a folder", args.dir.display());
        return ExitCode::from(2);
    }
    let (pages, problems) = if args.lab {
        let (pages, problems) = kb::check_lab(&args.dir);
        (Some(pages), problems)
    } else {
        (None, kb::check_content(&args.dir))
    };
    for problem in &problems {
        println!("{problem}");
    }
    if let Some(pages) = pages {
        eprintln!("{}: {pages} page(s) as a lab folder", args.dir.display());
    }
    if problems.is_empty() {
        eprintln!("{}: no problems found", args.dir.display());
        ExitCode::SUCCESS
    } else {
        eprintln!("{}: {} problem(s)", args.dir.display(), problems.len());
        ExitCode::FAILURE
    }
}
