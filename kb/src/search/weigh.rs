//! What a page is, on top of what its words score: the lab's own notes weigh more, and the
//! second language of a page already listed weighs less.

use std::collections::HashMap;
use std::sync::Arc;

use crate::page::{Lang, Page};
use crate::text::is_cjk;

/// How much more the lab's own pages weigh than built-in guides of the same relevance. A lab
/// writes a note because the guides did not answer its case: when both match the words, the
/// note is the likelier answer, but a note that merely mentions the words must not bury the
/// guide that is about them (1.5: a note needs two thirds of the guide's relevance to lead).
pub const LAB_WEIGHT: f32 = 1.5;

/// What the second language of a page keeps of its relevance when both are found. It is the same
/// guide, one click away on the page itself: it stays in the hits, but below other pages unless
/// they are much weaker, so that one guide does not take two of the first places.
pub const TWIN_WEIGHT: f32 = 0.4;

/// Hits fetched beyond the limit, at least, for weighed pages to rise from.
pub(crate) const HEADROOM: usize = 10;

/// How many hits to fetch by relevance for `limit` weighed ones.
pub(crate) fn fetched(limit: usize) -> usize {
    limit.saturating_mul(2).max(limit + HEADROOM)
}

/// The language a query is written in, for choosing between a page and its translation: Chinese
/// when it has any CJK character (a Chinese query names settings in Latin letters too), English
/// otherwise.
pub(crate) fn query_lang(query: &str) -> Lang {
    if query.chars().any(is_cjk) {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// Weighs `found` (page index into `pages`, relevance), orders it best first (equal scores keep
/// the page order: language, then title) and keeps the first `limit`.
///
/// Of a page and its translation, both found, the one in `lead` (the query's language; the
/// better scored when neither or both are) takes the pair's better score and the other
/// [`TWIN_WEIGHT`] of its own.
pub(crate) fn weigh(found: &mut Vec<(usize, f32)>, pages: &[Arc<Page>], limit: usize, lead: Lang) {
    for (i, score) in found.iter_mut() {
        if pages.get(*i).is_some_and(|p| p.origin.is_lab()) {
            *score *= LAB_WEIGHT;
        }
    }
    let at: HashMap<&str, usize> = found
        .iter()
        .enumerate()
        .filter_map(|(k, (i, _))| pages.get(*i).map(|p| (p.slug.as_str(), k)))
        .collect();
    for k in 0..found.len() {
        let Some(page) = pages.get(found[k].0) else {
            continue;
        };
        let twin = page.translation.as_deref().and_then(|t| at.get(t).copied());
        // each pair once, from its first member in `found`
        let Some(j) = twin.filter(|&j| j > k) else {
            continue;
        };
        let Some(other) = pages.get(found[j].0) else {
            continue;
        };
        let (a, b) = (found[k].1, found[j].1);
        let leads = match (page.lang == lead, other.lang == lead) {
            (true, false) => true,
            (false, true) => false,
            _ => a >= b,
        };
        let (leader, follower) = if leads { (k, j) } else { (j, k) };
        let follower_score = found[follower].1;
        found[leader].1 = a.max(b);
        found[follower].1 = follower_score * TWIN_WEIGHT;
    }
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    found.truncate(limit);
}
