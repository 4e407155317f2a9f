//! The `oomlens` binary: reads the command line and hands over to the library.

use clap::{CommandFactory, FromArgMatches};
use server::cli::{help, output_lang, Cli, Command};

fn main() -> std::process::ExitCode {
    // `--help` in the terminal's language (LC_ALL, LC_MESSAGES, LANG), as the rest of the output.
    let matches = help::localized(Cli::command(), output_lang(None)).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    match cli.command.unwrap_or(Command::Serve(cli.serve)) {
        Command::Serve(args) => server::cli::serve::run(args),
        Command::Diagnose(args) => server::cli::diagnose::run(args),
        Command::Search(args) => server::cli::search::run(args),
        Command::Estimate(args) => server::cli::estimate::run(*args),
        Command::CheckContent(args) => server::cli::check_content::run(args),
        Command::User(command) => server::cli::admin::user(command),
        Command::Backup(args) => server::cli::admin::backup(args),
        Command::Export(args) => server::cli::admin::export(args),
        Command::Import(args) => server::cli::admin::import(args),
    }
}
