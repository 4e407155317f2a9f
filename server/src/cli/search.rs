//! `oomlens search QUERY [--json]`: the knowledge-base search from the terminal.

use std::process::ExitCode;

use app::i18n::{number, problem_line, text, tr, tr_args};
use kb::{KnowledgeBase, Lang, SearchRequest};

use super::SearchArgs;

/// Prints hits (or the JSON of spec/search.md); exits 0 with hits, 1 without, 2 on bad flags.
pub fn run(args: SearchArgs) -> ExitCode {
    let ui = super::output_lang(None);
    let lang = match args.lang.as_deref().map(str::parse::<Lang>) {
        None => None,
        Some(Ok(lang)) => Some(lang),
        Some(Err(_)) => {
            eprintln!("oomlens: {}", tr(ui, "cli-bad-page-lang"));
            return ExitCode::from(2);
        }
    };
    let knowledge = match KnowledgeBase::load_with(args.content.load_options()) {
        Ok((knowledge, problems)) => {
            for problem in &problems {
                let line = problem_line(ui, problem);
                eprintln!("{}", tr_args(ui, "cli-warning", &[("problem", text(line))]));
            }
            knowledge
        }
        Err(error) => {
            eprintln!("oomlens: {error}");
            return ExitCode::from(2);
        }
    };
    let request = SearchRequest {
        query: args.query,
        tag: args.tag,
        lang,
        limit: args.limit,
    };
    let results = knowledge.search(&request);
    if args.json {
        match serde_json::to_string_pretty(&results) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("oomlens: {error}");
                return ExitCode::from(2);
            }
        }
    } else {
        // `--lang` filters the pages here; the summary follows the environment's locale (`ui`)
        let args = [
            ("total", number(results.total as f64)),
            ("query", text(results.query.clone())),
            ("ms", text(format!("{:.2}", results.took_ms))),
        ];
        println!("{}", tr_args(ui, "cli-search-summary", &args));
        for hit in &results.hits {
            println!("\n{}  [{}]  {}", hit.title, hit.lang.as_str(), hit.url);
            println!("    {}", strip_marks(&hit.snippet));
        }
    }
    if results.hits.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The snippet as terminal text: `<mark>` dropped, entities decoded.
fn strip_marks(snippet: &str) -> String {
    let text = snippet.replace("<mark>", "").replace("</mark>", "");
    html_escape::decode_html_entities(&text).into_owned()
}
