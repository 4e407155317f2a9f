//! A page file's problem ([`kb::Problem`]) in the reader's language: `file:line: message`, the
//! message worded by the catalogues' `problem-{id}`.

use super::{text, tr_args, Lang};

/// The problem's sentence in `lang`; English is [`kb::Problem::message`] as kb wrote it (a test
/// holds the English catalogue to it word for word).
pub fn problem_message(lang: Lang, problem: &kb::Problem) -> String {
    if lang == Lang::En {
        return problem.message.clone();
    }
    let args: Vec<(&'static str, _)> = problem
        .says
        .args
        .iter()
        .map(|(name, value)| (*name, text(value.clone())))
        .collect();
    tr_args(lang, &format!("problem-{}", problem.says.id), &args)
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
