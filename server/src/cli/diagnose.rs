//! `oomlens diagnose [FILE|-] [--json]`: the triage report in the terminal.

use std::fs::File;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use app::i18n::{text, tr_args};

use super::DiagnoseArgs;

/// Input is read in chunks of this size, so a log of any size is scanned in bounded memory.
const CHUNK_BYTES: usize = 1 << 20;

/// Exit 0 when events were found, 1 when none, 2 when the input cannot be read.
pub fn run(args: DiagnoseArgs) -> ExitCode {
    let options = args.content.load_options();
    let read = if args.content.dirs.is_empty() {
        // The built-in pages teach no patterns: they load on another core while the input is read.
        let pages = std::thread::spawn(move || pages_for_links(options));
        let read = scan(&args, None);
        // A panic while loading pages leaves the findings without guides, like a load error.
        read.map(|read| (read, pages.join().ok().flatten()))
    } else {
        // A lab's notes may teach patterns, matched while the input is read: they load first.
        let knowledge = pages_for_links(options);
        scan(&args, knowledge.as_ref()).map(|read| (read, knowledge))
    };
    let (read, knowledge) = match read {
        Ok(read) => read,
        Err(message) => {
            eprintln!("oomlens: {message}");
            return ExitCode::from(2);
        }
    };
    // The terminal summary's guides in its language; the JSON report is the API's, in English.
    let reader = if args.json {
        app::i18n::Lang::En
    } else {
        super::output_lang(args.lang.as_deref())
    };
    let advice = match &knowledge {
        Some(knowledge) => advice::advise_read_in(read, knowledge, None, reader),
        None => advice::Advice::without_guides(read),
    };
    let stdout = std::io::stdout();
    let output = if args.json {
        match serde_json::to_string_pretty(&advice.json()) {
            Ok(json) => json + "\n",
            Err(error) => {
                eprintln!("oomlens: {error}");
                return ExitCode::from(2);
            }
        }
    } else {
        super::terminal::render(&advice, stdout.is_terminal(), reader)
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
    if advice.report.events.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The pages to link findings to: no search index (jieba and tantivy cost ~190 ms) and no HTML.
/// `None`, with a warning, when they cannot be loaded.
fn pages_for_links(options: kb::LoadOptions) -> Option<kb::KnowledgeBase> {
    match kb::KnowledgeBase::load_pages(options) {
        Ok((knowledge, _problems)) => Some(knowledge),
        Err(error) => {
            tracing::warn!("findings without guides: {error}");
            None
        }
    }
}

/// Streams the input through the triage scanner (and the lab's patterns, when `knowledge` has
/// some).
fn scan(
    args: &DiagnoseArgs,
    knowledge: Option<&kb::KnowledgeBase>,
) -> Result<advice::patterns::Read, String> {
    let lang = super::output_lang(args.lang.as_deref());
    let mut reader: Box<dyn Read> = match &args.file {
        None => Box::new(std::io::stdin().lock()),
        Some(path) if path.as_os_str() == "-" => Box::new(std::io::stdin().lock()),
        Some(path) => Box::new(File::open(path).map_err(|error| {
            let args = [
                ("path", text(path.display().to_string())),
                ("error", text(error.to_string())),
            ];
            tr_args(lang, "cli-cannot-read-file", &args)
        })?),
    };
    let mut reading = advice::Reading::new(knowledge);
    let mut buffer = vec![0u8; CHUNK_BYTES];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => reading.push(&buffer[..n]),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => {
                let args = [("error", text(error.to_string()))];
                return Err(tr_args(lang, "cli-cannot-read-input", &args));
            }
        }
    }
    Ok(reading.finish())
}
