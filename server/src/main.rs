//! The `oomlens` binary: reads the command line and hands over to the library.

use clap::Parser;
use server::cli::{Cli, Command};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve(cli.serve)) {
        Command::Serve(args) => server::cli::serve::run(args),
        Command::Diagnose(args) => server::cli::diagnose::run(args),
        Command::Search(args) => server::cli::search::run(args),
        Command::CheckContent(args) => server::cli::check_content::run(args),
    }
}
