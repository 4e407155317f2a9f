//! The page's `<title>`, escaped.
//!
//! leptos_meta 0.8 writes a [`Title`]'s text into `<head>` as it is, unlike text in the body,
//! which the renderer escapes. A wiki page's title, a search query or a tag would then end the
//! element and add markup of their own (`</title><meta http-equiv="refresh" …>`: the CSP stops
//! inline script, not a redirect). Every page sets its title here, and a test
//! (`titles_are_set_only_here`, below) keeps `<Title` out of the views.

use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the document's title to `text` (plain text: `<`, `>` and `&` shown as typed).
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    let escaped = html_escape::encode_text(&text).into_owned();
    view! { <Title text=escaped/> }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::i18n::tests::rust_files;

    /// No view sets a `<Title text=…>` of its own (the shell's `<Title formatter/>` only wraps
    /// what is set here).
    #[test]
    fn titles_are_set_only_here() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let raw: Vec<String> = rust_files(&[src])
            .into_iter()
            .filter(|path| !path.ends_with("components/page_title.rs"))
            .filter(|path| {
                std::fs::read_to_string(path)
                    .unwrap_or_default()
                    .contains("<Title text")
            })
            .map(|path| path.display().to_string())
            .collect();
        assert!(
            raw.is_empty(),
            "a raw <Title text=…> in {raw:?}: use PageTitle"
        );
    }
}
