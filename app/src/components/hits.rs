//! A list of search hits.

use kb::Hit;
use leptos::prelude::*;

use crate::components::query::search_href;

/// Search hits with title, snippet (HTML from the kb crate: escaped text and `<mark>` only), tags.
#[component]
pub fn HitList(hits: Vec<Hit>) -> impl IntoView {
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
                            view! { <a class="tag" href=href>{tag.clone()}</a> }
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
