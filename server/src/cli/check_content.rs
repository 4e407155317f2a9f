//! `oomlens check-content [--lab] [DIR]`: validate pages before they go live.

use std::process::ExitCode;

use app::i18n::{number, problem_line, text, tr_args};

use super::CheckContentArgs;

/// Prints `file:line: problem` for each problem; exits 1 if there was any, 2 if the folder is missing.
pub fn run(args: CheckContentArgs) -> ExitCode {
    let lang = super::output_lang(None);
    let shown = kb::escaped(&args.dir.display().to_string()).into_owned();
    if !args.dir.is_dir() {
        let message = tr_args(lang, "cli-not-a-folder", &[("path", text(shown))]);
        eprintln!("oomlens: {message}");
        return ExitCode::from(2);
    }
    let (pages, problems) = if args.lab {
        let (pages, problems) = kb::check_lab(&args.dir, args.reading.policy());
        (Some(pages), problems)
    } else {
        (None, kb::check_content(&args.dir))
    };
    // Escaped as Display escapes them: a file name cannot start a line of its own.
    for problem in &problems {
        println!("{}", problem_line(lang, problem));
    }
    let path = || ("path", text(shown.clone()));
    if let Some(pages) = pages {
        let args = [path(), ("pages", number(pages as f64))];
        eprintln!("{}", tr_args(lang, "cli-lab-pages", &args));
    }
    if problems.is_empty() {
        eprintln!("{}", tr_args(lang, "cli-no-problems", &[path()]));
        ExitCode::SUCCESS
    } else {
        let args = [path(), ("count", number(problems.len() as f64))];
        eprintln!("{}", tr_args(lang, "cli-problems", &args));
        ExitCode::FAILURE
    }
}
