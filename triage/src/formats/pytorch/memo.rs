//! The fields of a message read once per distinct message: a log that repeats one failure
//! thousands of times (a retry loop, a sweep) gives the same text to [`fields::finish`] each time,
//! and reading a message's seven amounts is most of what it costs (12 µs of 18 for PyTorch 1.x's
//! one-line message, `perf record` on it repeated to 4 MiB).
//!
//! [`fields::finish`] reads only the event's text, its pieces and its device, so what it writes is
//! kept by exactly those and given back on the next identical message. Bounded: emptied when it
//! holds [`MAX_MESSAGES`].

use std::cell::RefCell;
use std::collections::HashMap;

use super::fields;
use crate::report::{Device, Event, OtherProcess};

/// Distinct messages kept at most (each a few hundred bytes, cut at 4,000).
const MAX_MESSAGES: usize = 64;

/// What `fields::finish` reads.
#[derive(PartialEq, Eq, Hash)]
struct Read {
    text: String,
    pieces: Vec<String>,
    device: Device,
}

/// What `fields::finish` writes.
#[derive(Clone)]
struct Written {
    text: String,
    device: Device,
    requested: Option<u64>,
    total: Option<u64>,
    free: Option<u64>,
    allocated: Option<u64>,
    reserved: Option<u64>,
    process: Option<u64>,
    private_pools: Option<u64>,
    other_processes: Vec<OtherProcess>,
}

impl Written {
    fn of(event: &Event) -> Self {
        Written {
            text: event.text.clone(),
            device: event.device,
            requested: event.requested,
            total: event.total,
            free: event.free,
            allocated: event.allocated,
            reserved: event.reserved,
            process: event.process,
            private_pools: event.private_pools,
            other_processes: event.other_processes.clone(),
        }
    }

    fn apply(self, event: &mut Event) {
        event.text = self.text;
        event.device = self.device;
        event.requested = self.requested;
        event.total = self.total;
        event.free = self.free;
        event.allocated = self.allocated;
        event.reserved = self.reserved;
        event.process = self.process;
        event.private_pools = self.private_pools;
        event.other_processes = self.other_processes;
    }
}

thread_local! {
    static MEMO: RefCell<HashMap<Read, Written>> = RefCell::new(HashMap::new());
}

/// [`fields::finish`], or what it wrote for the same message before.
pub(super) fn finish(event: &mut Event, pieces: &[String]) {
    let read = Read {
        text: event.text.clone(),
        pieces: pieces.to_vec(),
        device: event.device,
    };
    if let Some(written) = MEMO.with(|memo| memo.borrow().get(&read).cloned()) {
        written.apply(event);
        return;
    }
    fields::finish(event, pieces);
    let written = Written::of(event);
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.len() >= MAX_MESSAGES {
            memo.clear();
        }
        memo.insert(read, written);
    });
}
