//! `GET /kb/{slug}/history` and `GET /kb/{slug}/compare?from=&to=`.

use app::compare::CompareView;
use app::history::HistoryView;
use app::i18n::ErrorText;
use app::{PageOverride, WikiView};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use crate::app_error::AppError;
use crate::blocking;
use crate::state::AppState;
use crate::web::render::{render_page, PageRequest};

/// The page's title as the knowledge base shows it, else its newest revision's, else the slug.
fn title_of(knowledge: &kb::KnowledgeBase, slug: &str, source: Option<&str>) -> String {
    knowledge
        .page(slug)
        .map(|p| p.title.clone())
        .or_else(|| {
            source
                .and_then(|s| kb::Draft::from_source(s).ok())
                .map(|d| d.title)
                .filter(|t| !t.is_empty())
        })
        .unwrap_or_else(|| slug.to_string())
}

/// A page's revisions, newest first. 404 when neither the wiki nor the library has the page.
pub async fn history(
    State(state): State<AppState>,
    request: PageRequest,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let wiki = state.wiki.clone();
    let knowledge = state.site.kb();
    let view = blocking::run(
        ErrorText::WikiFailed,
        move || -> Result<_, wiki::WikiError> {
            let revisions = wiki.history(&slug)?;
            let has_original = knowledge.original(&slug).is_some();
            if revisions.is_empty() && !has_original {
                return Ok(None);
            }
            let newest = match revisions.first() {
                Some(r) => Some(wiki.revision(r.id)?.source),
                None => None,
            };
            Ok(Some(HistoryView {
                title: title_of(&knowledge, &slug, newest.as_deref()),
                deleted: knowledge.is_hidden(&slug),
                slug,
                revisions,
                has_original,
            }))
        },
    )
    .await?
    .ok_or_else(|| AppError::request(StatusCode::NOT_FOUND, ErrorText::WikiPageNotFound))?;
    Ok(render_page(
        &state,
        &request,
        PageOverride::Wiki(Box::new(WikiView::History(view))),
    )
    .await)
}

#[derive(Debug, Deserialize)]
pub struct Pair {
    from: i64,
    to: i64,
}

/// Two revisions of one page compared. 404 when either is not a revision of this page.
pub async fn compare(
    State(state): State<AppState>,
    request: PageRequest,
    Path(slug): Path<String>,
    Query(pair): Query<Pair>,
) -> Result<Response, AppError> {
    let wiki = state.wiki.clone();
    let knowledge = state.site.kb();
    let view = blocking::run(
        ErrorText::WikiFailed,
        move || -> Result<_, wiki::WikiError> {
            let history = wiki.history(&slug)?;
            let find = |id: i64| history.iter().find(|r| r.id == id).cloned();
            let (Some(from), Some(to)) = (find(pair.from), find(pair.to)) else {
                return Ok(None);
            };
            let old = wiki.revision(from.id)?.source;
            let new = wiki.revision(to.id)?.source;
            let (hunks, stat) = wiki::diff::compare(&old, &new, 3);
            Ok(Some(CompareView {
                title: title_of(&knowledge, &slug, Some(&new)),
                slug,
                from,
                to,
                hunks,
                stat,
            }))
        },
    )
    .await?
    .ok_or_else(|| AppError::request(StatusCode::NOT_FOUND, ErrorText::WikiPageNotFound))?;
    Ok(render_page(
        &state,
        &request,
        PageOverride::Wiki(Box::new(WikiView::Compare(Box::new(view)))),
    )
    .await)
}
