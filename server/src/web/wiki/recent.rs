//! `GET /recent` (the wiki's changes, a page at a time) and `GET /recent.atom` (the same as an
//! Atom feed, RFC 4287, written by `atom_syndication`).

use std::net::SocketAddr;

use app::i18n::{tr, ErrorText, Lang};
use app::recent::RecentView;
use app::{PageOverride, WikiView};
use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::{ConnectInfo, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use wiki::Summary;

use crate::app_error::AppError;
use crate::blocking;
use crate::state::AppState;
use crate::web::render::{render_page, PageRequest};

/// Changes on one page of the list, and in the feed.
const PER_PAGE: usize = 50;

/// `?before=ID`: the page of changes older than revision `ID`. An empty value is the first page
/// (a form or a hand-edited link can send one); a value that is no number is refused.
#[derive(Debug, Deserialize)]
pub struct Before {
    #[serde(default)]
    before: String,
}

impl Before {
    fn id(&self) -> Result<Option<i64>, AppError> {
        let given = self.before.trim();
        if given.is_empty() {
            return Ok(None);
        }
        given.parse().map(Some).map_err(|_| {
            AppError::request(
                axum::http::StatusCode::BAD_REQUEST,
                ErrorText::QueryUnreadable {
                    detail: format!("before={given}"),
                },
            )
        })
    }
}

/// The changes older than `before`, each with its page's title and whether a built-in or folder
/// page lies under it.
async fn changes(
    state: &AppState,
    before: Option<i64>,
) -> Result<Vec<(Summary, String, bool)>, AppError> {
    let wiki = state.wiki.clone();
    let knowledge = state.site.kb();
    blocking::run(
        ErrorText::WikiFailed,
        move || -> Result<_, wiki::WikiError> {
            Ok(wiki
                .recent(PER_PAGE, before)?
                .into_iter()
                .map(|r| {
                    let title = knowledge
                        .page(&r.slug)
                        .map_or_else(|| r.slug.clone(), |p| p.title.clone());
                    let has_original = knowledge.has_original(&r.slug);
                    (r, title, has_original)
                })
                .collect())
        },
    )
    .await
}

/// The list page.
pub async fn recent(
    State(state): State<AppState>,
    request: PageRequest,
    Query(query): Query<Before>,
) -> Result<Response, AppError> {
    let before = query.id()?;
    let items = changes(&state, before).await?;
    let older = (items.len() == PER_PAGE)
        .then(|| items.last().map(|(r, _, _)| r.id))
        .flatten();
    let view = RecentView {
        items,
        older,
        paged: before.is_some(),
    };
    Ok(render_page(
        &state,
        &request,
        PageOverride::Wiki(Box::new(WikiView::Recent(view))),
    )
    .await)
}

/// A time in seconds since the epoch as the feed writes it.
fn datetime(seconds: i64) -> FixedDateTime {
    use atom_syndication::FixedDateTime as T;
    T::parse_from_rfc3339(&format!("{}Z", rfc3339(seconds))).unwrap_or_default()
}

/// `YYYY-MM-DDTHH:MM:SS` in UTC, to the second (feed readers order by it).
fn rfc3339(seconds: i64) -> String {
    let shown = app::wiki_time(seconds);
    // `2026-11-30 14:05 UTC` → `2026-11-30T14:05:07`: the minute's seconds are the epoch's
    let second = seconds.rem_euclid(60);
    format!("{}T{}:{second:02}", &shown[..10], &shown[11..16])
}

/// The feed: the newest changes, each linking to what it changed.
pub async fn atom(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: PageRequest,
) -> Result<Response, AppError> {
    let lang = request.lang();
    let items = changes(&state, None).await?;
    let https =
        crate::auth::secure_request(&state.config.access, &request.headers, Some(peer.ip()));
    let base = format!("{}{}", site_base(&request, https), state.config.base_path);
    let entries: Vec<Entry> = items
        .iter()
        .map(|(revision, title, has_original)| entry(lang, &base, revision, title, *has_original))
        .collect();
    let feed = Feed {
        title: Text::plain(format!("{} · oomlens", tr(lang, "recent-title"))),
        id: format!("{base}/recent"),
        updated: items
            .first()
            .map_or_else(|| datetime(0), |(r, _, _)| datetime(r.created_at)),
        links: vec![
            Link {
                href: format!("{base}/recent.atom"),
                rel: "self".into(),
                ..Link::default()
            },
            Link {
                href: format!("{base}/recent"),
                rel: "alternate".into(),
                ..Link::default()
            },
        ],
        entries,
        ..Feed::default()
    };
    Ok((
        [(CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.to_string(),
    )
        .into_response())
}

fn entry(lang: Lang, base: &str, revision: &Summary, title: &str, has_original: bool) -> Entry {
    let what = app::history::state_label(lang, revision, has_original);
    let href = match revision.parent {
        Some(parent) => format!(
            "{base}/kb/{}/compare?from={parent}&to={}",
            revision.slug, revision.id
        ),
        None => format!("{base}/kb/{}", revision.slug),
    };
    Entry {
        // A separator, not parentheses: some states already end in one ("edited (merged)").
        title: Text::plain(xml_text(&format!("{title} · {what}"))),
        id: format!("{base}/kb/{}/revisions/{}", revision.slug, revision.id),
        updated: datetime(revision.created_at),
        authors: vec![Person {
            name: xml_text(&revision.author),
            ..Person::default()
        }],
        links: vec![Link {
            href,
            rel: "alternate".into(),
            ..Link::default()
        }],
        summary: (!revision.comment.is_empty()).then(|| Text::plain(xml_text(&revision.comment))),
        ..Entry::default()
    }
}

/// `text` without the characters XML 1.0 does not allow (the C0 controls but tab and line ends,
/// U+FFFE, U+FFFF): the feed writer escapes markup but passes these through, and one of them in a
/// comment or a title makes the whole feed unreadable to every feed reader.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..))
        .collect()
}

/// `http://host` as the request reached us (the `Host` header; `https` when a trusted proxy says
/// the reader came over it), for the feed's absolute links.
fn site_base(request: &PageRequest, https: bool) -> String {
    let host = request
        .headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']'))
        })
        .unwrap_or("localhost");
    let scheme = if https { "https" } else { "http" };
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    use super::xml_text;

    #[test]
    fn characters_xml_refuses_are_left_out_of_the_feed() {
        assert_eq!(xml_text("a\u{7}b\u{1b}c\u{0}d\u{fffe}e"), "abcde");
        assert_eq!(
            xml_text("tab\tline\nend\r 显存 ✓ 𝔘"),
            "tab\tline\nend\r 显存 ✓ 𝔘"
        );
    }
}
