//! "Write a lab note from this diagnosis": a new page's form filled from a paste. The error lines
//! go in a code block, the findings' ids in `addresses`, the first finding names the title, and
//! the body has a heading for what fixed it.

use app::edit::FormFields;
use app::i18n::{text, tr, tr_args, ErrorText, Lang};
use axum::http::StatusCode;

use crate::app_error::AppError;
use crate::blocking;
use crate::state::AppState;

/// Lines of the paste quoted at most: the events' lines with some context, not a whole log.
const QUOTED_LINES: usize = 40;
/// Lines kept before an event's first line (the traceback's end, the step that ran).
const CONTEXT_BEFORE: usize = 3;

/// The form for a note about paste `id`, in `lang`.
///
/// # Errors
/// 404 when no paste has the id.
pub async fn from_paste(state: &AppState, id: &str, lang: Lang) -> Result<FormFields, AppError> {
    let store = state.store.clone();
    let id = id.to_string();
    let paste = blocking::run(ErrorText::ReadFailed, move || store.get(&id))
        .await?
        .ok_or_else(|| AppError::request(StatusCode::NOT_FOUND, ErrorText::PasteNotFound))?;
    let knowledge = state.site.kb();
    blocking::compute(ErrorText::AnalysisFailed, move || {
        fields(&paste.text, &knowledge, lang)
    })
    .await
}

fn fields(pasted: &str, knowledge: &kb::KnowledgeBase, lang: Lang) -> FormFields {
    let advice = advice::advise_in(pasted, knowledge, lang);
    let report = &advice.report;
    let mut ids: Vec<String> = Vec::new();
    for finding in &report.findings {
        if finding.id != triage::LAB_NOTE && !ids.contains(&finding.id) {
            ids.push(finding.id.clone());
        }
    }
    let title = report.findings.first().map_or_else(
        || tr(lang, "note-title-plain"),
        |f| {
            let finding = app::diagnosis::labels::finding_title(lang, &f.id, &f.title);
            tr_args(lang, "note-title", &[("finding", text(finding))])
        },
    );
    let excerpt = excerpt(pasted, report.events.iter().map(|e| (e.line, e.end_line)));
    // A fence longer than any run of backticks in the text, so the text cannot close it.
    let longest = excerpt.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let body = format!(
        "# {title}\n\n## {error}\n\n{fence}text\n{excerpt}\n{fence}\n\n## {fix}\n\n",
        error = tr(lang, "note-heading-error"),
        fix = tr(lang, "note-heading-fix"),
    );
    FormFields {
        title,
        lang: lang.as_str().to_string(),
        tags: "lab".into(),
        addresses: ids.join(", "),
        body,
        ..FormFields::default()
    }
}

/// The lines of `text` around the events (1-based, inclusive ranges), at most [`QUOTED_LINES`];
/// the first lines when there is no event.
fn excerpt(text: &str, events: impl Iterator<Item = (u64, u64)>) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut keep = vec![false; lines.len()];
    let mut any = false;
    for (first, last) in events {
        any = true;
        let from = (first as usize).saturating_sub(1 + CONTEXT_BEFORE);
        let to = (last.max(first) as usize).min(lines.len());
        for k in keep.iter_mut().take(to).skip(from) {
            *k = true;
        }
    }
    if !any {
        keep.iter_mut().take(QUOTED_LINES).for_each(|k| *k = true);
    }
    let mut out: Vec<&str> = Vec::new();
    let mut gap = false;
    for (line, kept) in lines.iter().zip(&keep) {
        if *kept {
            if gap && !out.is_empty() {
                out.push("…");
            }
            gap = false;
            out.push(line.trim_end());
        } else {
            gap = true;
        }
        if out.len() >= QUOTED_LINES {
            break;
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_excerpt_keeps_the_event_lines_with_context() {
        let text = (1..=20)
            .map(|n| format!("line {n}"))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(
            excerpt(&text, [(10, 11), (18, 18)].into_iter()),
            "line 7\nline 8\nline 9\nline 10\nline 11\n…\nline 15\nline 16\nline 17\nline 18"
        );
    }

    #[test]
    fn a_diagnosis_gives_the_title_ids_and_the_error_in_a_block() {
        let (knowledge, _) = kb::KnowledgeBase::load_pages(kb::LoadOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let pasted = "step 3\nTraceback (most recent call last):\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 7.64 GiB of which 59.44 MiB is free. Of the allocated memory 6.12 GiB is allocated by PyTorch, and 1.15 GiB is reserved by PyTorch but unallocated.\n";
        let fields = fields(pasted, &knowledge, Lang::En);
        let ids: Vec<&str> = fields.addresses.split(", ").collect();
        assert!(ids.contains(&"fragmentation"), "{ids:?}");
        assert!(!ids.contains(&"lab-note"), "{ids:?}");
        assert!(fields.title.starts_with("Lab note: "), "{}", fields.title);
        assert!(
            fields.body.contains("```text\nstep 3\nTraceback"),
            "{}",
            fields.body
        );
        assert!(fields.body.contains("## What fixed it"), "{}", fields.body);
        let chinese = super::fields(pasted, &knowledge, Lang::Zh);
        assert!(chinese.body.contains("## 解决办法"), "{}", chinese.body);
        assert_eq!(chinese.lang, "zh");
    }
}
