//! The edit form as posted, its fields to a page source and back, and who may send it.

use app::edit::{FormFields, Refused};
use app::viewer::Viewer;
use kb::Draft;
use serde::Deserialize;

use crate::auth::require_csrf;

/// Comma- (or 、/，-) separated values, trimmed, blanks dropped.
fn list(text: &str) -> Vec<String> {
    text.split([',', '，', '、', '\n'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// The form's fields over `base` (the text the edit started from: its other front-matter keys,
/// `frameworks` and `backends` are kept as they were).
pub fn draft_of(fields: &FormFields, base: Option<&Draft>) -> Draft {
    let base = base.cloned().unwrap_or_default();
    Draft {
        title: wiki::one_line(&fields.title),
        slug: fields.slug.trim().to_string(),
        lang: fields.lang.trim().to_string(),
        tags: list(&fields.tags),
        addresses: list(&fields.addresses),
        patterns: fields
            .patterns
            .lines()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
        translation: fields.translation.trim().to_string(),
        summary: wiki::one_line(&fields.summary),
        body: fields.body.replace("\r\n", "\n"),
        ..base
    }
}

/// A draft as the form shows it.
pub fn fields_of(draft: &Draft) -> FormFields {
    FormFields {
        title: draft.title.clone(),
        slug: draft.slug.clone(),
        lang: draft.lang.clone(),
        tags: draft.tags.join(", "),
        addresses: draft.addresses.join(", "),
        patterns: draft.patterns.join("\n"),
        translation: draft.translation.clone(),
        summary: draft.summary.clone(),
        body: draft.body.clone(),
    }
}

/// The largest page the wiki saves (its whole source), in bytes: the lab folder's default
/// `--max-note-size`. A longer one comes back with the text and a problem on the body.
pub const MAX_PAGE_BYTES: usize = 1024 * 1024;

/// The largest page form read, in bytes: a body at [`MAX_PAGE_BYTES`] written in Chinese is three
/// times that once form-encoded (`%E6%98%BE` for 显), and a text well over the page limit must
/// still come back to its writer rather than meet a bare 413.
pub const PAGE_FORM_LIMIT: usize = 8 * 1024 * 1024;

/// The form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    pub(super) csrf: String,
    #[serde(default)]
    pub(super) base: String,
    #[serde(default)]
    pub(super) title: String,
    #[serde(default)]
    pub(super) slug: String,
    #[serde(default)]
    pub(super) lang: String,
    #[serde(default)]
    pub(super) tags: String,
    #[serde(default)]
    pub(super) addresses: String,
    #[serde(default)]
    pub(super) patterns: String,
    #[serde(default)]
    pub(super) translation: String,
    #[serde(default)]
    pub(super) summary: String,
    #[serde(default)]
    pub(super) body: String,
    #[serde(default)]
    pub(super) comment: String,
    #[serde(default)]
    pub(super) action: String,
    /// `wiki::original_hash` of the original text the form started from, if it did.
    #[serde(default)]
    pub(super) original: String,
}

impl EditForm {
    pub(super) fn fields(&self) -> FormFields {
        FormFields {
            title: self.title.clone(),
            slug: self.slug.trim().to_string(),
            lang: self.lang.clone(),
            tags: self.tags.clone(),
            addresses: self.addresses.clone(),
            patterns: self.patterns.clone(),
            translation: self.translation.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
        }
    }

    /// The revision the form started from; `None` when it names none (a new page, a first
    /// edit). A value that is no revision id counts as revision 0, which no page has: the save
    /// is then checked as one from an unknown revision, not taken for a first edit.
    pub(super) fn base(&self) -> Option<i64> {
        let given = self.base.trim();
        (!given.is_empty()).then(|| given.parse().unwrap_or(0))
    }

    pub(super) fn original_seen(&self) -> Option<String> {
        let seen = self.original.trim();
        (!seen.is_empty()).then(|| seen.to_string())
    }
}

/// The editor saving, or why the save is refused before anything is looked at.
pub(super) fn refusal(viewer: &Viewer, csrf: &str) -> Result<wiki::User, Refused> {
    let Some(user) = &viewer.user else {
        return Err(Refused::SignedOut);
    };
    if !viewer.can_edit() {
        return Err(Refused::NotAllowed);
    }
    require_csrf(viewer, csrf).map_err(|_| Refused::Expired)?;
    Ok(user.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_commas_of_either_script() {
        assert_eq!(list("a, b，c、 d\n\n"), vec!["a", "b", "c", "d"]);
    }

    #[test]
    fn keys_the_form_does_not_show_are_kept() {
        let base = Draft::from_source(
            "---\ntitle: T\nslug: t\nlang: en\nframeworks: [pytorch]\nreviewed: yes\n---\n\nbody\n",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let fields = FormFields {
            title: "New".into(),
            slug: "t".into(),
            lang: "en".into(),
            body: "new body\r\n".into(),
            ..FormFields::default()
        };
        let draft = draft_of(&fields, Some(&base));
        assert_eq!(draft.frameworks, vec!["pytorch".to_string()]);
        assert!(draft.other.contains_key("reviewed"));
        assert_eq!(draft.body, "new body\n");
        assert_eq!(fields_of(&draft).title, "New");
    }

    #[test]
    fn one_line_fields_lose_control_characters() {
        let fields = FormFields {
            title: " A\u{1}B\r\nC\u{1b}[31m ".into(),
            summary: "one\ttwo".into(),
            ..FormFields::default()
        };
        let draft = draft_of(&fields, None);
        assert_eq!(draft.title, "A B C [31m");
        assert_eq!(draft.summary, "one two");
    }

    #[test]
    fn a_base_that_is_no_revision_id_counts_as_an_unknown_revision() {
        let form = |base: &str| EditForm {
            base: base.into(),
            ..EditForm::default()
        };
        assert_eq!(form("").base(), None);
        assert_eq!(form(" 42 ").base(), Some(42));
        for junk in ["abc", "3.0", "１", "99999999999999999999999"] {
            assert_eq!(form(junk).base(), Some(0), "{junk}");
        }
    }
}
