//! The wiki's own pages, drawn from what the server hands over: sign-in, the edit form (with
//! preview, merge notice and conflict), a page's history, a comparison of two revisions, and the
//! wiki's recent changes.

pub mod compare;
pub mod edit;
pub mod history;
pub mod recent;
pub mod signin;
pub mod tools;

use leptos::prelude::*;

/// Which wiki page the server chose, with its data.
#[derive(Debug, Clone)]
pub enum WikiView {
    SignIn(signin::SignInView),
    Edit(Box<edit::EditView>),
    History(history::HistoryView),
    Compare(Box<compare::CompareView>),
    Recent(recent::RecentView),
}

/// Draws the wiki page the server chose.
#[component]
pub fn WikiPage(view: WikiView) -> impl IntoView {
    match view {
        WikiView::SignIn(data) => view! { <signin::SignInPage data/> }.into_any(),
        WikiView::Edit(data) => view! { <edit::EditPage data=*data/> }.into_any(),
        WikiView::History(data) => view! { <history::HistoryPage data/> }.into_any(),
        WikiView::Compare(data) => view! { <compare::ComparePage data=*data/> }.into_any(),
        WikiView::Recent(data) => view! { <recent::RecentPage data/> }.into_any(),
    }
}

/// A hidden input with the reader's CSRF token, for every form that changes something.
#[component]
pub fn CsrfField() -> impl IntoView {
    let token = crate::viewer::viewer().csrf;
    view! { <input type="hidden" name="csrf" value=token/> }
}

/// A time as UTC, `2026-11-30 14:05 UTC` (the server's clock; both languages read it).
pub fn when(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil, inverted).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_read_as_utc_dates() {
        assert_eq!(super::when(0), "1970-01-01 00:00 UTC");
        assert_eq!(super::when(1_796_000_000), "2026-11-30 00:53 UTC");
        assert_eq!(super::when(951_782_400), "2000-02-29 00:00 UTC");
    }
}
