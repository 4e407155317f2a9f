//! `/kb/{slug}`: one page with its table of contents, tags, translation and related pages.

use crate::components::page_title::PageTitle;
use kb::Lang;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;

use crate::components::query::search_href;
use crate::components::status::set_http_status;
use crate::context::SiteContext;
use crate::i18n::{tag_label, text, tr, tr_args, ui_lang};
use crate::pages::not_found::NotFoundBody;
use crate::pages::wiki::tools::{DeletedPage, PageTools};

/// Related pages shown beside a page.
const RELATED_PAGES: usize = 5;

/// A knowledge-base page, or a 404 when the slug is unknown.
#[component]
pub fn KbPage() -> impl IntoView {
    let site = expect_context::<SiteContext>();
    let ui = ui_lang();
    let t = |key: &str| tr(ui, key);
    let knowledge = site.kb();
    let slug = use_params_map()
        .get_untracked()
        .get("slug")
        .unwrap_or_default();
    let Some(page) = knowledge.page(&slug) else {
        if knowledge.is_hidden(&slug) {
            return view! { <DeletedPage slug/> }.into_any();
        }
        set_http_status(404);
        return view! { <NotFoundBody heading=t("not-found-guide")/> }.into_any();
    };
    // `?merged=N` after a save that merged someone else's edit.
    let merged = leptos_router::hooks::use_query_map()
        .get_untracked()
        .get("merged")
        .is_some();
    let (toc_label, related_label, tags_label) = (t("kb-toc"), t("kb-related"), t("kb-tags"));
    let translation = page
        .translation
        .as_deref()
        .and_then(|slug| knowledge.page(slug));
    // A reader of the other language learns whether the guide exists in theirs.
    let only_in = (translation.is_none() && page.lang != ui).then(|| {
        let note = tr_args(ui, "kb-only-in", &[("lang", text(page.lang.as_str()))]);
        view! { <span class="muted">{note}</span> }
    });
    let translation = translation.map(|other| {
        let label = match other.lang {
            Lang::En => t("read-in-en"),
            Lang::Zh => t("read-in-zh"),
        };
        view! { <a class="chip" href=other.url() hreflang=other.lang.as_str() lang=ui.as_str()>{label}</a> }
    });
    let tags = page
        .tags
        .iter()
        .map(|tag| view! { <a class="tag" href=search_href("", Some(tag), Some(page.lang))>{tag_label(ui, tag)}</a> })
        .collect_view();
    let lab = page.origin.is_lab().then(|| {
        view! { <span class="lab-badge" title=t("lab-note-title")>{t("lab-note-badge")}</span> }
    });
    let toc = (!page.toc.is_empty()).then(|| {
        let entries = page
            .toc
            .iter()
            .map(|entry| {
                view! { <li class=format!("toc-{}", entry.level)><a href=format!("#{}", entry.id)>{entry.text.clone()}</a></li> }
            })
            .collect_view();
        let heading = toc_label.clone();
        view! { <nav class="toc" aria-label=toc_label><h2>{heading}</h2><ol>{entries}</ol></nav> }
    });
    let related = knowledge.related(&page.slug, RELATED_PAGES);
    let related = (!related.is_empty()).then(|| {
        let items = related
            .into_iter()
            .map(|other| view! { <li><a href=other.url()>{other.title.clone()}</a></li> })
            .collect_view();
        let heading = related_label.clone();
        view! { <nav class="related" aria-label=related_label><h2>{heading}</h2><ul>{items}</ul></nav> }
    });
    view! {
        <PageTitle text=page.title.clone()/>
        <Meta name="description" content=page.summary.clone()/>
        <div class="kb-layout" lang=page.lang.as_str()>
            <article class="kb-article">
                <header>
                    <p class="eyebrow" lang=ui.as_str()><a href=format!("/kb?lang={}", page.lang.as_str())>{t("kb-heading")}</a></p>
                    <h1>{page.title.clone()}</h1>
                    <div class="page-meta" aria-label=tags_label lang=ui.as_str()>
                        <span class="lang-badge">{page.lang.as_str()}</span>
                        {lab}
                        {tags}
                        {translation}
                        {only_in}
                    </div>
                    <PageTools page=page.clone() merged/>
                </header>
                <div class="prose" inner_html=body_without_title(&page.html)></div>
            </article>
            <aside class="kb-aside" lang=ui.as_str()>
                {toc}
                {related}
            </aside>
        </div>
    }
    .into_any()
}

/// The page body without its leading `# Title` heading, which the page header already shows. The kb
/// crate keeps that heading in `html` (search snippets and other readers want the whole page).
fn body_without_title(html: &str) -> String {
    let trimmed = html.trim_start();
    if trimmed.starts_with("<h1") {
        if let Some(end) = trimmed.find("</h1>") {
            return trimmed[end + "</h1>".len()..].to_string();
        }
    }
    html.to_string()
}

#[cfg(test)]
mod tests {
    use super::body_without_title;

    #[test]
    fn the_leading_title_heading_is_dropped_and_nothing_else() {
        assert_eq!(
            body_without_title("<h1 id=\"t\">T</h1>\n<p>x</p>"),
            "\n<p>x</p>"
        );
        assert_eq!(
            body_without_title("<p>x</p><h1>later</h1>"),
            "<p>x</p><h1>later</h1>"
        );
    }
}
