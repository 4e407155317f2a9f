//! A list of search hits.

use kb::{Hit, Lang};
use leptos::prelude::*;

use crate::components::query::search_href;
use crate::i18n::tag_label;

/// Search hits with title, snippet (HTML from the kb crate: escaped text and `<mark>` only), tags
/// (labelled in `lang`, the interface's language).
#[component]
pub fn HitList(lang: Lang, hits: Vec<Hit>) -> impl IntoView {
    view! {
        <ol class="hits">
            {hits
                .into_iter()
                .map(|hit| {
                    let tags = hit
                        .tags
                        .iter()
                        .map(|tag| {
                            let href = search_href("", Some(tag), None);
                            view! { <a class="tag" href=href>{tag_label(lang, tag)}</a> }
                        })
                        .collect_view();
                    view! {
                        <li class="hit">
                            <h2><a href=hit.url.clone()>{hit.title.clone()}</a></h2>
                            <p class="snippet" inner_html=hit.snippet.clone()></p>
                            <div class="hit-foot">
                                <span class="lang-badge">{hit.lang.as_str()}</span>
                                {tags}
                                <span class="muted">{hit.url.clone()}</span>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
