//! Memory held outside this process's allocator: other processes (listed, or the difference the
//! figures leave), and this process's own non-framework memory.

use crate::amount::format_bytes as b;
use crate::findings::Candidate;
use crate::report::{Event, OtherProcess};

use super::{pct, share};

/// Memory outside this process's allocator up to this size, with no other process listed, is most
/// likely its own CUDA context and libraries (300 MiB to 1.5 GiB depending on the card, CUDA and
/// the libraries loaded: cause-corpus 009, where the maintainer named the context).
const CONTEXT_MAX_BYTES: u64 = 1536 << 20;

/// Three amounts printed to two decimals of GiB are each off by up to 5 MiB: a list that holds
/// more than the figures leave for others by less than this may be rounding.
const ROUNDING_SLACK_BYTES: u64 = 32 << 20;

/// Other processes holding this share of the device matter.
const OTHERS_SHARE: f64 = 0.10;

/// Non-framework memory of this process above this size (the context is 300–800 MiB)...
const NON_FRAMEWORK_MIN_BYTES: u64 = 1 << 30;

/// ...and above this share of the device.
const NON_FRAMEWORK_SHARE: f64 = 0.10;

/// Memory outside this process's allocator: other processes listed, this process's own
/// non-framework memory, or, with neither stated, the difference that only one of them explains.
pub(super) fn outside(e: &Event, total: u64, allocated: u64, out: &mut Vec<Candidate>) {
    let (others, me) = split_this_process(e, total);
    let listed = held(others.iter().copied());
    if listed > 0 {
        listed_processes(e, total, &others, me, out);
    }
    if let (Some(process), Some(reserved)) = (e.process, e.reserved) {
        let outside = process.saturating_sub(reserved);
        if outside >= NON_FRAMEWORK_MIN_BYTES && share(outside, total) >= NON_FRAMEWORK_SHARE {
            out.push(Candidate::new(
                "non-framework-memory",
                0.6,
                format!(
                    "this process holds {} outside the allocator ({} of the device): CUDA context, libraries, other allocators",
                    b(outside),
                    pct(outside, total)
                ),
                format!("this process holds {} outside the allocator", b(outside)),
            ).because_saying("holds-outside", &[("outside", b(outside))])
            .saying(
                "non-framework-held",
                &[("outside", b(outside)), ("share", pct(outside, total))],
            ));
        }
    }
    if listed > 0 {
        return;
    }
    // Not listed: total - free - this process (or, without it, - reserved) is somebody's.
    let Some(others) = e.segments.and_then(|s| s.other_processes) else {
        return;
    };
    if e.process.is_some() {
        // this process's whole use is known, so the rest is other programs: a display server and
        // desktop applications take a few hundred MiB to a GiB on a card that drives a screen
        if share(others, total) >= OTHERS_SHARE && room_missing(e) {
            let small = others <= CONTEXT_MAX_BYTES;
            out.push(Candidate::new(
                "other-processes",
                if small { 0.3 } else { 0.55 },
                format!(
                    "{} of the device ({} of {}) is used by other programs, none of them listed (other containers, a desktop session)",
                    b(others),
                    pct(others, total),
                    b(total)
                ),
                format!("other programs hold {} of the card", pct(others, total)),
            ).because_saying("programs-share", &[("share", pct(others, total))])
            .saying(
                "other-programs-unlisted",
                &[("others", b(others)), ("share", pct(others, total)), ("total", b(total))],
            ));
        }
        return;
    }
    if others <= CONTEXT_MAX_BYTES {
        if others >= 256 << 20 {
            out.push(Candidate::new(
                "non-framework-memory",
                0.35,
                format!(
                    "{} of the device is outside the allocator: about what the CUDA context and its libraries take",
                    b(others)
                ),
                "the memory outside the allocator is about the size of the CUDA context",
            ).because_saying("outside-about-context-size", &[])
            .saying("non-framework-context", &[("others", b(others))]));
        }
        return;
    }
    if share(others, total) < OTHERS_SHARE {
        return;
    }
    if !room_missing(e) {
        return;
    }
    // The less this process itself holds, the more the rest must be someone else's
    // (cause-corpus 003: 530 MiB reserved on an 11 GiB card that was full).
    let score = if share(allocated, total) < 0.25 && share(others, total) >= 0.5 {
        0.7
    } else if share(allocated, total) < 0.5 {
        0.5
    } else {
        0.4
    };
    out.push(Candidate::new(
        "other-processes",
        score,
        format!(
            "{} of the device ({} of {}) is used outside this process's allocator though no other process is listed: processes in other containers, the driver, or this process's own non-framework memory",
            b(others),
            pct(others, total),
            b(total)
        ),
        format!(
            "{} of the card is held outside this process's allocator",
            pct(others, total)
        ),
    ).because_saying("outside-share", &[("share", pct(others, total))])
    .saying(
        "outside-allocator-unlisted",
        &[("others", b(others)), ("share", pct(others, total)), ("total", b(total))],
    ));
}

/// What the listed processes hold together, saturating: the amounts come from the input, and
/// two absurd ones must not overflow.
fn held<'a>(processes: impl Iterator<Item = &'a OtherProcess>) -> u64 {
    processes
        .filter_map(|p| p.bytes)
        .fold(0, u64::saturating_add)
}

/// The processes listed, less the one that is this process when the figures prove it: without the
/// "this process has" clause (a container, whose pid namespace hides which pid is ours), a list
/// holding more than total − free − reserved leaves for others must count this process too. Ours
/// is the smallest entry that holds at least what the allocator reserved and without which the
/// rest fits that room; slack covers the rounding of three printed amounts. When no entry
/// explains it, the list is taken as it is.
fn split_this_process(e: &Event, total: u64) -> (Vec<&OtherProcess>, Option<&OtherProcess>) {
    // no process holds more than the device: such a figure is a misreading, not evidence
    let all: Vec<&OtherProcess> = e
        .other_processes
        .iter()
        .filter(|p| p.bytes.is_some_and(|bytes| bytes <= total))
        .collect();
    let (None, Some(free), Some(reserved)) = (e.process, e.free, e.reserved) else {
        return (all, None);
    };
    let listed = held(all.iter().copied());
    let slack = ROUNDING_SLACK_BYTES.max(total / 200);
    let room = total.saturating_sub(free).saturating_sub(reserved);
    if listed <= room.saturating_add(slack) {
        return (all, None);
    }
    let me = all
        .iter()
        .copied()
        .filter(|p| {
            let bytes = p.bytes.unwrap_or(0);
            bytes.saturating_add(slack) >= reserved && listed - bytes <= room.saturating_add(slack)
        })
        .min_by_key(|p| p.bytes);
    match me {
        Some(me) => (
            all.into_iter().filter(|p| !std::ptr::eq(*p, me)).collect(),
            Some(me),
        ),
        None => (all, None),
    }
}

/// Whether the request found too little free: with more free than requested, what others hold
/// did not take the room this request needed.
fn room_missing(e: &Event) -> bool {
    match (e.requested, e.free) {
        (Some(r), Some(f)) => r > f,
        _ => true,
    }
}

fn listed_processes(
    e: &Event,
    total: u64,
    others: &[&OtherProcess],
    me: Option<&OtherProcess>,
    out: &mut Vec<Candidate>,
) {
    let listed = held(others.iter().copied());
    if share(listed, total) < OTHERS_SHARE {
        return;
    }
    let would_fit = match (e.requested, e.free) {
        (Some(r), Some(f)) => f.saturating_add(listed) >= r,
        _ => false,
    };
    // without the "this process has" clause (containers), one listed process holding at least
    // what the allocator reserved is most likely this process under another pid namespace
    let maybe_self = me.is_none()
        && e.process.is_none()
        && others.len() == 1
        && e.reserved.is_some_and(|r| listed >= r);
    let score = match (would_fit, maybe_self) {
        (_, true) => 0.4,
        (true, false) => 0.85,
        (false, false) => 0.55,
    };
    let yes = |flag: bool| if flag { "yes" } else { "no" }.to_string();
    let mut says = vec![
        ("listed", b(listed)),
        ("share", pct(listed, total)),
        ("total", b(total)),
        ("fits", yes(would_fit)),
        ("requested", b(e.requested.unwrap_or(0))),
        ("maybe_self", yes(maybe_self)),
    ];
    let mut evidence = format!(
        "other processes hold {} ({} of {})",
        b(listed),
        pct(listed, total),
        b(total)
    );
    let largest = others
        .iter()
        .max_by_key(|p| p.bytes)
        .and_then(|p| p.bytes.map(|bytes| (p.pid, bytes)));
    if let Some((pid, bytes)) = largest {
        evidence.push_str(&format!("; pid {} alone holds {}", pid, b(bytes)));
    }
    says.push(("has_pid", yes(largest.is_some())));
    says.push((
        "pid",
        largest.map(|(pid, _)| pid.to_string()).unwrap_or_default(),
    ));
    says.push((
        "pid_bytes",
        largest.map(|(_, bytes)| b(bytes)).unwrap_or_default(),
    ));
    if would_fit {
        evidence.push_str(&format!(
            ", enough to serve the {} requested",
            b(e.requested.unwrap_or(0))
        ));
    }
    if maybe_self {
        evidence
            .push_str(" (in a container this may be this very process, seen under another pid)");
    }
    if let Some(me) = me {
        evidence.push_str(&format!(
            " (pid {}, {}, is this process: the figures leave others less than the whole list)",
            me.pid,
            b(me.bytes.unwrap_or(0))
        ));
    }
    says.push(("has_me", yes(me.is_some())));
    says.push(("me_pid", me.map(|m| m.pid.to_string()).unwrap_or_default()));
    says.push(("me_bytes", b(me.and_then(|m| m.bytes).unwrap_or(0))));
    out.push(
        Candidate::new(
            "other-processes",
            score,
            evidence,
            format!("other processes hold {} of the card", pct(listed, total)),
        )
        .because_saying("processes-share", &[("share", pct(listed, total))])
        .saying("other-processes-listed", &says),
    );
}
