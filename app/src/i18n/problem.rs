//! A page file's problem ([`kb::Problem`]) in the reader's language: `file:line: message`, the
//! message worded by the catalogues' `problem-{id}`.

use super::{text, tr_args, Lang};

/// The problem's sentence in `lang`; English is [`kb::Problem::message`] as kb wrote it (a test
/// holds the English catalogue to it word for word).
pub fn problem_message(lang: Lang, problem: &kb::Problem) -> String {
    worded(lang, &problem.says, &problem.message)
}

/// A sentence of kb's not yet pinned to a file (a form field's problem) in `lang`.
pub fn said_in(lang: Lang, said: &kb::Said) -> String {
    worded(lang, &said.says, &said.english)
}

fn worded(lang: Lang, says: &triage::Says, english: &str) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    let args: Vec<(&'static str, _)> = says
        .args
        .iter()
        .map(|(name, value)| (*name, text(value.clone())))
        .collect();
    tr_args(lang, &format!("problem-{}", says.id), &args)
}

/// `file:line: message` on one line in `lang`, escaped as [`kb::Problem`]'s `Display` escapes it:
/// a file name or value from a lab's repository cannot start a line of its own.
pub fn problem_line(lang: Lang, problem: &kb::Problem) -> String {
    format!(
        "{}:{}: {}",
        kb::escaped(&problem.file),
        problem.line,
        kb::escaped(&problem_message(lang, problem))
    )
}
