//! `/search?q=&tag=&lang=`: knowledge-base search with filters, snippets, count and time taken.

use crate::components::page_title::PageTitle;
use kb::{Lang, SearchRequest};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::hits::HitList;
use crate::components::query::{lang_label, search_href};
use crate::context::SiteContext;
use crate::i18n::{number, tag_label, text, tr, tr_args, ui_lang};

/// Hits shown on one page of results.
const RESULTS_PER_PAGE: usize = 30;

/// The search page. Everything comes from the query string, so every state has a link.
#[component]
pub fn SearchPage() -> impl IntoView {
    let site = expect_context::<SiteContext>();
    let ui = ui_lang();
    let t = |key: &str| tr(ui, key);
    let knowledge = site.kb();
    let query = use_query_map().get_untracked();
    let q = query.get("q").unwrap_or_default();
    let tag = query.get("tag").filter(|tag| !tag.is_empty());
    let lang = query.get("lang").and_then(|lang| lang.parse::<Lang>().ok());

    let has_request = !q.trim().is_empty() || tag.is_some();
    let results = has_request.then(|| {
        knowledge.search(&SearchRequest {
            query: q.clone(),
            tag: tag.clone(),
            lang,
            limit: RESULTS_PER_PAGE,
        })
    });
    let title = if q.trim().is_empty() {
        t("search-title")
    } else {
        tr_args(ui, "search-title-query", &[("query", text(q.trim()))])
    };

    let lang_filters = [None, Some(Lang::En), Some(Lang::Zh)]
        .into_iter()
        .map(|choice| {
            let href = search_href(&q, tag.as_deref(), choice);
            let current = (choice == lang).then_some("true");
            view! { <a class="chip" href=href aria-current=current>{lang_label(ui, choice)}</a> }
        })
        .collect_view();
    let tag_filters = knowledge
        .tags(lang)
        .into_iter()
        .map(|(name, count)| {
            let selected = tag.as_deref() == Some(name.as_str());
            let href = if selected {
                search_href(&q, None, lang)
            } else {
                search_href(&q, Some(&name), lang)
            };
            view! {
                <a class="chip" href=href aria-current=selected.then_some("true")>
                    {tag_label(ui, &name)} <span class="muted">{format!(" {count}")}</span>
                </a>
            }
        })
        .collect_view();

    view! {
        <PageTitle text=title/>
        <section class="search-page">
            <h1>{t("search-heading")}</h1>
            <form method="get" action="/search" role="search" aria-label=t("search-heading")>
                <label class="visually-hidden" for="q">{t("search-terms")}</label>
                <div class="search-row">
                    <input id="q" type="search" name="q" value=q.clone() placeholder=t("search-placeholder") autofocus/>
                    {tag.clone().map(|tag| view! { <input type="hidden" name="tag" value=tag/> })}
                    {lang.map(|lang| view! { <input type="hidden" name="lang" value=lang.as_str()/> })}
                    <button type="submit" class="button primary">{t("search-button")}</button>
                </div>
            </form>
            <div class="filters" aria-label=t("filter-language")>
                <span class="label">{t("filter-language")}</span>
                {lang_filters}
            </div>
            <div class="filters" aria-label=t("filter-tags")>
                <span class="label">{t("filter-tags")}</span>
                {tag_filters}
            </div>
            {match results {
                None => view! {
                    <p class="empty-state">{t("search-empty")}</p>
                }
                .into_any(),
                Some(results) => {
                    let summary = tr_args(
                        ui,
                        "search-summary",
                        &[
                            ("total", number(results.total as f64)),
                            ("ms", text(format!("{:.2}", results.took_ms))),
                        ],
                    );
                    if results.hits.is_empty() {
                        view! {
                            <p class="result-meta" role="status">{summary}</p>
                            <p class="empty-state">{t("search-no-match")}</p>
                        }
                        .into_any()
                    } else {
                        view! {
                            <p class="result-meta" role="status">{summary}</p>
                            <HitList lang=ui hits=results.hits/>
                        }
                        .into_any()
                    }
                }
            }}
        </section>
    }
}
