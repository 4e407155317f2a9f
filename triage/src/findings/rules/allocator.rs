//! Causes from a caching allocator's own figures (PyTorch, Paddle, a memory summary): the
//! workload filling the card, fragmentation of the cache, a message cut before its figures.

use crate::amount::format_bytes as b;
use crate::findings::Candidate;
use crate::report::{Event, Says};

use super::outside::outside;
use super::{pct, share};

/// The live tensors plus the request filling this share of the card mean the workload does not
/// fit ("three quarters of the card": cause-corpus 011, 012, 015 at 80–90% were fixed by smaller
/// batches or inputs; context and slack take the rest).
const FILLS_CARD: f64 = 0.75;

/// ...and this share leaves no doubt.
const FILLS_CARD_SURELY: f64 = 0.90;

/// One allocation this large a share of the card is a large input, batch or attention matrix by
/// itself (cause-corpus 013: a 2.6 GiB request on a 7.8 GiB card, fixed with smaller inputs).
const LARGE_REQUEST: f64 = 0.25;

/// The allocator's cache covering this share of the card: the workload once needed nearly all of
/// it (its peak), whatever is live now (cause-corpus 022: 10.5 of 11.8 GiB reserved, 4.5 live,
/// fixed with smaller batches).
const CACHE_FILLS_CARD: f64 = 0.85;

/// Cached-but-unused memory counts as fragmentation only above this share of the card (a cache of
/// a few dozen MiB "could hold" a 2 MiB request, and says nothing: cause-corpus 009, 011).
const FRAGMENT_MIN_SHARE: f64 = 0.05;

/// Without holding the request, a cache this large a share of `reserved`...
const FRAGMENT_SHARE: f64 = 0.20;

/// ...and this large is still fragmentation worth fixing.
const FRAGMENT_MIN_BYTES: u64 = 512 << 20;

/// The caching allocator's message (PyTorch, and the printouts and frameworks that give the same
/// figures).
pub(super) fn allocator(e: &Event, out: &mut Vec<Candidate>) {
    let Some(total) = e.total else {
        // a message cut before its figures: the usual causes, in the usual order
        unknown_numbers(out);
        return;
    };
    let allocated = e.allocated.unwrap_or(0);
    let used = allocated.saturating_add(e.other.unwrap_or(0));
    let request = e.requested.filter(|&r| r <= total).unwrap_or(0);
    let need = used.saturating_add(request);
    let fills = share(need, total);
    let mut near = 0.0;
    if e.allocated.is_some() && fills >= FILLS_CARD {
        near = if fills >= FILLS_CARD_SURELY { 0.9 } else { 0.8 };
        let (evidence, says) = if request > 0 && share(used, total) < FILLS_CARD {
            let args = [
                ("used", b(used)),
                ("requested", b(request)),
                ("share", pct(need, total)),
                ("total", b(total)),
            ];
            let english = format!(
                "{} allocated plus the {} requested is {} of the {} device",
                args[0].1, args[1].1, args[2].1, args[3].1
            );
            (english, ("near-capacity-with-request", args.to_vec()))
        } else {
            let more = if request > 0 {
                format!(", and {} more was requested", b(request))
            } else {
                String::new()
            };
            let english = format!(
                "{} of the {} device is allocated ({}){more}",
                b(used),
                b(total),
                pct(used, total)
            );
            let mut args = vec![
                ("used", b(used)),
                ("total", b(total)),
                ("share", pct(used, total)),
            ];
            let id = if request > 0 {
                args.push(("requested", b(request)));
                "near-capacity-allocated-more"
            } else {
                "near-capacity-allocated"
            };
            (english, (id, args))
        };
        out.push(
            Candidate::new(
                "near-capacity",
                near,
                evidence,
                format!(
                    "the live tensors and the request need {} of the card",
                    pct(need, total)
                ),
            )
            .because_saying("need-share", &[("share", pct(need, total))])
            .saying(says.0, &says.1),
        );
    } else if request > 0 && share(request, total) >= LARGE_REQUEST {
        near = 0.72;
        out.push(
            Candidate::new(
                "near-capacity",
                near,
                format!(
                    "one allocation of {} is {} of the {} device: a large input, batch or attention matrix",
                    b(request),
                    pct(request, total),
                    b(total)
                ),
                format!("one tensor of {} is {} of the card", b(request), pct(request, total)),
            ).because_saying("one-tensor", &[("requested", b(request)), ("share", pct(request, total))])
            .saying(
                "near-capacity-large-request",
                &[
                    ("requested", b(request)),
                    ("share", pct(request, total)),
                    ("total", b(total)),
                ],
            ),
        );
    } else if let (Some(reserved), Some(free)) = (e.reserved, e.free) {
        if share(reserved, total) >= CACHE_FILLS_CARD && request > free {
            near = 0.4;
            out.push(
                Candidate::new(
                    "near-capacity",
                    near,
                    format!(
                        "the allocator had reserved {} of the {} device: at its peak the workload used nearly all of it",
                        b(reserved),
                        b(total)
                    ),
                    "the allocator's cache grew to fill the card",
                ).because_saying("cache-grew-to-fill-card", &[])
                .saying(
                    "near-capacity-cache-peak",
                    &[("reserved", b(reserved)), ("total", b(total))],
                ),
            );
        }
    }
    let before = out.len();
    fragmentation(e, total, near, out);
    outside(e, total, allocated, out);
    if out.len() == before && near == 0.0 && e.allocated.is_none() {
        // the total, but not what the allocator held: a message cut in the middle
        unknown_numbers(out);
    }
}

fn fragmentation(e: &Event, total: u64, near: f64, out: &mut Vec<Candidate>) {
    let Some(segments) = e.segments else { return };
    let (Some(unallocated), Some(allocated)) = (segments.reserved_unallocated, segments.allocated)
    else {
        return;
    };
    let reserved = unallocated.saturating_add(allocated);
    let significant = share(unallocated, total) >= FRAGMENT_MIN_SHARE;
    let (score, evidence, says): (f64, String, Says) = match e.requested {
        Some(req) if req > 0 && unallocated >= req && significant => (
            0.75,
            format!(
                "{} reserved but unallocated could have held the {} requested",
                b(unallocated),
                b(req)
            ),
            Says::new(
                "fragmentation-could-hold",
                &[("unallocated", b(unallocated)), ("requested", b(req))],
            ),
        ),
        _ if unallocated >= FRAGMENT_MIN_BYTES
            && share(unallocated, reserved) >= FRAGMENT_SHARE =>
        {
            (
                0.45,
                format!(
                    "{} of the {} reserved ({}) is unallocated",
                    b(unallocated),
                    b(reserved),
                    pct(unallocated, reserved)
                ),
                Says::new(
                    "fragmentation-share",
                    &[
                        ("unallocated", b(unallocated)),
                        ("reserved", b(reserved)),
                        ("share", pct(unallocated, reserved)),
                    ],
                ),
            )
        }
        _ => return,
    };
    // when the tensors fill the card, a defragmented cache would only postpone the failure
    let score = if near >= 0.8 { score.min(0.5) } else { score };
    let mut candidate = Candidate::new(
        "fragmentation",
        score,
        evidence,
        format!(
            "{} of the allocator's cache was free but in pieces",
            b(unallocated)
        ),
    )
    .because_saying("cache-in-pieces", &[("unallocated", b(unallocated))]);
    candidate.says = Some(says);
    out.push(candidate);
}

/// A PyTorch message cut before its figures.
fn unknown_numbers(out: &mut Vec<Candidate>) {
    let ask =
        "; the message was cut before its figures: paste it whole for a diagnosis with numbers";
    out.push(
        Candidate::new(
            "near-capacity",
            0.35,
            format!("the workload is the most common cause{ask}"),
            "the workload not fitting is the most common cause",
        )
        .because_saying("workload-most-common-cause", &[])
        .saying("cut-near-capacity", &[]),
    );
    out.push(
        Candidate::new(
            "other-processes",
            0.3,
            format!("another process may hold part of the device{ask}"),
            "another process may hold part of the device",
        )
        .because_saying("another-process-may-hold", &[])
        .saying("cut-other-processes", &[]),
    );
    out.push(
        Candidate::new(
            "fragmentation",
            0.28,
            format!("the allocator's cache may be free but in pieces{ask}"),
            "the allocator's cache may be fragmented",
        )
        .because_saying("cache-may-be-fragmented", &[])
        .saying("cut-fragmentation", &[]),
    );
}
