//! The edit form's fields to a page source and back, and the sentences of its problems.

use app::edit::FormFields;
use kb::Draft;

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
        title: fields.title.trim().to_string(),
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
        summary: fields.summary.trim().to_string(),
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
}
