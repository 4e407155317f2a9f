//! A catalogue message with code in it: text between backticks is shown as `<code>`, the rest as
//! text. Catalogues keep code spans inside whole sentences (word order differs between the
//! languages), and nothing in them is ever read as HTML.

use leptos::prelude::*;

/// `message`'s text, its backtick spans as code.
pub fn rich(message: String) -> impl IntoView {
    message
        .split('`')
        .enumerate()
        .map(|(i, piece)| {
            let piece = piece.to_string();
            if i % 2 == 1 {
                view! { <code>{piece}</code> }.into_any()
            } else {
                piece.into_any()
            }
        })
        .collect_view()
}
