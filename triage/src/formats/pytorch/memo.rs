//! The fields of a message read once per distinct message: a log that repeats one failure
//! thousands of times (a retry loop, a sweep) gives the same text to [`fields::finish`] each time,
//! and reading a message's seven amounts is most of what it costs (12 µs of 18 for PyTorch 1.x's
//! one-line message, `perf record` on it repeated to 4 MiB).
//!
//! [`fields::finish`] reads only the event's text, its pieces and its device, so what it writes is
//! kept by exactly those and given back on the next identical message. Bounded: only messages of
//! at most [`MAX_MESSAGE_BYTES`] are kept (a line may be a megabyte, and a message 16 lines), and
//! it is emptied when it holds [`MAX_MESSAGES`]: at most about 300 KiB a thread, and the server
//! analyses on its blocking threads, which may be dozens.

use std::cell::RefCell;
use std::collections::HashMap;

use super::fields;
use crate::report::{Device, Event, OtherProcess};

/// Distinct messages kept at most.
const MAX_MESSAGES: usize = 32;
/// The longest message kept, text and pieces together (a whole 2.x message is about 600 bytes,
/// 1,200 with its pieces).
const MAX_MESSAGE_BYTES: usize = 4 * 1024;

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
    let bytes = event.text.len() + pieces.iter().map(String::len).sum::<usize>();
    if bytes > MAX_MESSAGE_BYTES {
        fields::finish(event, pieces);
        return;
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Backend, Kind};

    fn event(text: &str, device: Device) -> Event {
        let mut e = Event::new(Kind::PytorchOom, 1, text);
        e.device = device;
        e
    }

    /// A kept reading is given back only for the same text, pieces and device, and equals a
    /// fresh reading in every field.
    #[test]
    fn a_kept_reading_equals_a_fresh_one() {
        let text = "CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 7.80 GiB total capacity; 6.91 GiB already allocated; 9.56 MiB free; 7.05 GiB reserved in total by PyTorch)";
        let cuda = Device {
            backend: Some(Backend::Cuda),
            index: None,
        };
        let pinned = Device {
            backend: Some(Backend::Cuda),
            index: Some(3),
        };
        for (device, pieces) in [
            (cuda, vec![text.to_string()]),
            (cuda, vec![text.to_string()]),
            (pinned, vec![text.to_string()]),
            (cuda, vec![text[..60].to_string(), text[60..].to_string()]),
        ] {
            let mut fresh = event(text, device);
            fields::finish(&mut fresh, &pieces);
            let mut kept = event(text, device);
            finish(&mut kept, &pieces);
            assert_eq!(kept, fresh);
        }
        // a message past the bound is read, not kept
        let long = format!("{text} {}", "x".repeat(MAX_MESSAGE_BYTES));
        let mut fresh = event(&long, cuda);
        fields::finish(&mut fresh, std::slice::from_ref(&long));
        let mut read = event(&long, cuda);
        finish(&mut read, std::slice::from_ref(&long));
        assert_eq!(read, fresh);
        let kept = MEMO.with(|memo| memo.borrow().keys().any(|r| r.text == long));
        assert!(!kept, "a long message is not kept");
        let mut pinned_event = event(text, pinned);
        finish(&mut pinned_event, &[text.to_string()]);
        assert_eq!(pinned_event.device.index, Some(3));
        assert_eq!(pinned_event.requested, Some(20 * 1024 * 1024));
    }
}
