//! Host RAM: `DefaultCPUAllocator`, the kernel OOM killer, a process killed by SIGKILL (-9 / 137),
//! pinned host memory, the Windows paging file; DataLoader workers killed by a signal; `/dev/shm`
//! too small.

use std::sync::LazyLock;

use regex::Regex;

use super::{message_from, number, re, Cx, Found, Reader, AMOUNT};
use crate::report::{Backend, Event, Kind};

/// An `invoked oom-killer` report is closed by its `Killed process` line within this many lines
/// (the task table in between can be long).
const OOM_KILLER_REPORT_LINES: u64 = 2000;
/// A bare `Killed process` line right after `Out of memory: Kill process` is the same kill.
const KILLED_FOLLOW_UP_LINES: u64 = 3;
/// The elastic agent prints one SIGKILL several times within this many lines.
const SIGKILL_REPORT_LINES: u64 = 12;
/// Lines searched for a sign that `No space left on device` is about shared memory.
const SHM_CONTEXT_LINES: usize = 12;

static CPU_ALLOCATOR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"DefaultCPUAllocator: (?:can't allocate memory|not enough memory)|(?:^|[^\w.])MemoryError\b|Unable to allocate [\d.]+ ?\w+ for an array|\[Errno 12\] Cannot allocate memory|(?i)failed to allocate (?:cpu|host) memory|\b\w*malloc\w*: failed to allocate memory",
    )
});
static CPU_REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"you tried to allocate (\d+) bytes|Unable to allocate {AMOUNT} for an array"
    ))
});
/// The shell's notice that a job was killed by SIGKILL (bash's `Killed`, localized by glibc's
/// strsignal: zh_CN `已杀死`; zsh's `killed`; macOS `Killed: 9`): on its own line, after the
/// script line and pid, or after the job number.
static SHELL_KILLED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:Killed(?::\s*9)?|已杀死)$|^(?:.*: line \d+:\s*)?\d+\s+(?:Killed|已杀死)\s+\S|^\[\d+\][+-]?\s+(?:Killed|已杀死)\s+\S|^zsh: killed\s+\S",
    )
});
/// A container killed at its memory limit: kubectl's `OOMKilled` status or reason, docker's
/// `"OOMKilled": true` (not `false`).
static OOM_KILLED: LazyLock<Regex> = LazyLock::new(|| re(r"\bOOMKilled\b"));
static NOT_OOM_KILLED: LazyLock<Regex> = LazyLock::new(|| re(r#"OOMKilled"?\s*[:=]\s*false"#));
/// The lines of one kill that kubectl or docker print (status, reason, exit code) come within
/// this many lines.
const CONTAINER_REPORT_LINES: u64 = 12;
/// A shell's `Killed` and the kernel's report of the same kill (pasted from `dmesg` before or
/// after it) come within this many lines.
const SAME_KILL_LINES: u64 = 60;
static OOM_KILLER: LazyLock<Regex> = LazyLock::new(|| re(r"invoked oom-killer"));
static KILLED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:Out of memory|Memory cgroup out of memory): Kill(?:ed)? process (\d+)")
});
static BARE_KILLED: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:kernel: )?Killed process (\d+)"));
/// A process that ended by SIGKILL: exit code 137 (128 + 9) or -9, however the tool words it
/// (`exitcode: -9`, `exited with code 137`, `exits with return code = -9`, `exit status 137`).
static SIGKILL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:exit|exited|exits|return)\s*(?:with\s+)?(?:return\s+)?(?:code|status)\s*[:=]?\s*(?:-9\b|137\b)|\bexitcode\s*[:=]?\s*(?:-9\b|137\b)|signal 9\b|\bSIGKILL\b",
    )
});
static PID: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bpid:? (\d+)"));
/// Pinned (page-locked) host memory, whatever runtime names it.
static HOST_PINNED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"failed to alloc (\d+) bytes on host: CUDA_ERROR_OUT_OF_MEMORY|(?i)(?:cudaHostAlloc|cuMemHostAlloc|cudaMallocHost|hipHostMalloc)\b.*?\b(?:fail\w*|error)\b.*?out of memory",
    )
});
/// Windows' ERROR_COMMITMENT_LIMIT (1455): the paging file cannot back the allocation, however
/// the runtime prints it (`[WinError 1455]`, Go's `VirtualAlloc ... failed with errno=1455`,
/// Rust's `os error 1455`).
static PAGING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:WinError|errno|os error|error)\s*[=:]?\s*1455\b|paging file is too? small|页面文件太小",
    )
});

static DATALOADER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"DataLoader worker \(pid[^)]*\) is killed by signal|DataLoader worker \(pid\(s\)[^)]*\) exited unexpectedly",
    )
});
static SHM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)insufficient shared memory|out of shared memory|unable to write to file </torch_|Bus error.*shared memory",
    )
});
static NO_SPACE: LazyLock<Regex> = LazyLock::new(|| re(r"No space left on device"));
static SHM_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)/dev/shm|\bshm\b|SemLock|multiprocessing|torch_\d|share_memory|_share_fd")
});

/// PyTorch's DataLoader message, read on where a tool wrapped it: a worker killed by SIGBUS
/// (`signal: Bus error. It is possible that dataloader's workers are out of shared memory`) ran
/// out of shared memory, which is a kind of its own.
static DATALOADER_MESSAGE: Reader = Reader {
    continues: |text, next| {
        let t = next.trim_start();
        !text.trim_end().ends_with("limit.")
            && (t.starts_with("error")
                || t.starts_with("It is possible")
                || t.starts_with("memory")
                || t.starts_with("Please try")
                || t.starts_with("shared"))
    },
    complete: |text| text.trim_end().ends_with("limit.") || text.trim_end().ends_with("Killed."),
    finish: |event, pieces| {
        let glued = pieces.join(" ");
        if glued.contains("signal: Bus") || glued.contains("out of shared") {
            event.kind = Kind::ShmExhausted;
        }
    },
    max_lines: 4,
};

/// The CPU allocator's message wrapped by a terminal: one more line, glued where the wrap split a
/// word, until it names its request.
static CPU_ALLOCATOR_MESSAGE: Reader = Reader {
    continues: |text, next| {
        !CPU_REQUEST.is_match(text)
            && next.starts_with(|c: char| c.is_ascii_alphanumeric())
            && text.ends_with(|c: char| c.is_ascii_alphanumeric())
    },
    complete: |text| CPU_REQUEST.is_match(text),
    finish: read_request,
    max_lines: 2,
};

/// The request of a CPU allocator message, from its text or, where a wrap split a word, from
/// its pieces glued.
fn read_request(event: &mut Event, pieces: &[String]) {
    let glued: String = pieces.iter().map(|p| p.trim()).collect();
    event.requested = [event.text.as_str(), glued.as_str()].iter().find_map(|t| {
        let c = CPU_REQUEST.captures(t)?;
        match (c.get(1), c.get(2)) {
            (Some(bytes), _) => bytes.as_str().parse().ok(),
            (None, Some(printed)) => crate::amount::parse_amount(printed.as_str()),
            _ => None,
        }
    });
}

fn host_event(line: &str, start: usize, line_no: u64) -> Event {
    let mut event = Event::new(Kind::HostOom, line_no, message_from(line, start));
    event.device.backend = Some(Backend::Cpu);
    event
}

pub(crate) fn detect(line: &str, cx: &mut Cx) -> Option<Found> {
    let line_no = cx.line_no;
    let st = &mut *cx.state;
    if let Some(m) = CPU_ALLOCATOR.find(line) {
        let mut event = host_event(line, m.start(), line_no);
        read_request(&mut event, &[]);
        if event.requested.is_none() && line.contains("DefaultCPUAllocator") {
            // `you trie` / `d to allocate N bytes`: read on for the wrapped request
            return Some(Found::Open(event, &CPU_ALLOCATOR_MESSAGE));
        }
        return Some(Found::Event(event));
    }
    if let Some(m) = SHELL_KILLED.find(line) {
        // the kernel's report of this kill came first
        if st.within(Kind::HostOom, line_no, SAME_KILL_LINES) && st.shell_kill_line == 0 {
            return Some(Found::Absorb(Kind::HostOom));
        }
        st.shell_kill_line = line_no;
        return Some(Found::Event(host_event(line, m.start(), line_no)));
    }
    if let Some(m) = OOM_KILLED
        .find(line)
        .filter(|_| !NOT_OOM_KILLED.is_match(line))
    {
        if st.within(Kind::HostOom, line_no, CONTAINER_REPORT_LINES) {
            return Some(Found::Absorb(Kind::HostOom));
        }
        return Some(Found::Event(host_event(line, m.start(), line_no)));
    }
    if let Some(c) = HOST_PINNED.captures(line) {
        let mut event = host_event(line, c.get(0).map_or(0, |m| m.start()), line_no);
        event.requested = c.get(1).and_then(|m| m.as_str().parse().ok());
        return Some(Found::Event(event));
    }
    if let Some(m) = OOM_KILLER.find(line) {
        st.oom_killer_open = true;
        return Some(Found::Event(host_event(line, m.start(), line_no)));
    }
    if let Some(m) = KILLED.find(line) {
        if st.oom_killer_open && st.within(Kind::HostOom, line_no, OOM_KILLER_REPORT_LINES) {
            st.oom_killer_open = false;
            return Some(Found::Absorb(Kind::HostOom));
        }
        st.oom_killer_open = false;
        let event = host_event(line, m.start(), line_no);
        // the shell said `Killed` first: this report is that kill, and says more
        if st.shell_kill_line > 0 && line_no.saturating_sub(st.shell_kill_line) <= SAME_KILL_LINES {
            st.shell_kill_line = 0;
            return Some(Found::Replace(Kind::HostOom, event));
        }
        return Some(Found::Event(event));
    }
    if let Some(m) = BARE_KILLED.find(line) {
        if st.within(Kind::HostOom, line_no, KILLED_FOLLOW_UP_LINES) || st.oom_killer_open {
            st.oom_killer_open = false;
            return Some(Found::Absorb(Kind::HostOom));
        }
        return Some(Found::Event(host_event(line, m.start(), line_no)));
    }
    if let Some(m) = PAGING.find(line) {
        return Some(Found::Event(host_event(line, m.start(), line_no)));
    }
    if let Some(m) = SIGKILL.find(line) {
        if line.contains("SIGTERM") {
            return None;
        }
        let pid: Option<u64> = number(&PID, line);
        if st.within(Kind::HostOom, line_no, SIGKILL_REPORT_LINES)
            && (pid.is_none() || st.sigkill_pid.is_none() || pid == st.sigkill_pid)
        {
            return Some(Found::Absorb(Kind::HostOom));
        }
        st.sigkill_pid = pid;
        let start = line[..m.start()].rfind([':', ']']).map_or(0, |i| i + 1);
        let mut event = host_event(line, start, line_no);
        event.text = line[start..].trim().to_string();
        return Some(Found::Event(event));
    }
    None
}

/// DataLoader workers killed by a signal, and shared memory (`/dev/shm`) too small.
pub(crate) fn detect_dataloader(line: &str, cx: &mut Cx) -> Option<Found> {
    if let Some(m) = SHM.find(line) {
        let start = DATALOADER
            .find(line)
            .map_or(m.start(), |d| d.start().min(m.start()));
        let mut event = Event::new(Kind::ShmExhausted, cx.line_no, message_from(line, start));
        event.device.backend = Some(Backend::Cpu);
        return Some(Found::Event(event));
    }
    if let Some(m) = DATALOADER.find(line) {
        let mut event = Event::new(
            Kind::DataloaderKilled,
            cx.line_no,
            message_from(line, m.start()),
        );
        event.device.backend = Some(Backend::Cpu);
        return Some(Found::Open(event, &DATALOADER_MESSAGE));
    }
    if let Some(m) = NO_SPACE.find(line) {
        let about_shm = SHM_CONTEXT.is_match(line)
            || cx
                .before(SHM_CONTEXT_LINES)
                .iter()
                .any(|l| SHM_CONTEXT.is_match(l));
        if about_shm {
            let start = line[..m.start()].find("OSError").unwrap_or(m.start());
            let mut event = Event::new(Kind::ShmExhausted, cx.line_no, message_from(line, start));
            event.device.backend = Some(Backend::Cpu);
            return Some(Found::Event(event));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::report::Kind;

    fn kinds(text: &str) -> Vec<Kind> {
        analyze(text).events.iter().map(|e| e.kind).collect()
    }

    #[test]
    fn cpu_allocator() {
        let r = analyze("RuntimeError: [enforce fail at alloc_cpu.cpp:73] . DefaultCPUAllocator: can't allocate memory: you tried to allocate 116813856768 bytes. Error code 12 (Cannot allocate memory)");
        assert_eq!(r.events[0].kind, Kind::HostOom);
        assert_eq!(r.events[0].requested, Some(116_813_856_768));
        let r = analyze(
            "DefaultCPUAllocator: not enough memory: you tried to allocate %dGB. Buy new RAM!27",
        );
        assert_eq!(r.events[0].requested, None);
    }

    #[test]
    fn kernel_oom_killer_report_is_one_event() {
        let text = "pool invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0\n oom_kill_process.cold.33+0xb/0x10\noom-kill:constraint=CONSTRAINT_NONE\nOut of memory: Killed process 1440763 (perl) total-vm:87033376kB\noom_reaper: reaped process 1440763 (perl)";
        assert_eq!(kinds(text), [Kind::HostOom]);
        let text = "[Thu Mar 14 01:57:54 2019] Out of memory: Kill process 89746 (python) score 1031 or sacrifice child\n[Thu Mar 14 01:57:54 2019] Killed process 89879 (python) total-vm:146328kB\n[Thu Mar 14 01:57:55 2019] Out of memory: Kill process 89746 (python) score 1031 or sacrifice child\n[Thu Mar 14 01:57:55 2019] Killed process 89746 (python)";
        assert_eq!(kinds(text), [Kind::HostOom, Kind::HostOom]);
    }

    #[test]
    fn sigkill_report_is_one_event() {
        let text = "  exitcode  : -9 (pid: 14750)\n  error_file: <N/A>\n  traceback : Signal 9 (SIGKILL) received by PID 14750";
        assert_eq!(kinds(text), [Kind::HostOom]);
        assert_eq!(
            kinds("Process finished with exit code 137 (interrupted by signal 9:SIGKILL)"),
            [Kind::HostOom]
        );
        assert_eq!(kinds("Sending process 812914 closing signal SIGTERM"), []);
    }

    #[test]
    fn dataloader_and_shm() {
        assert_eq!(
            kinds("RuntimeError: DataLoader worker (pid 1022) is killed by signal: Killed."),
            [Kind::DataloaderKilled]
        );
        assert_eq!(kinds("ERROR: Unexpected bus error encountered in worker. This might be caused by insufficient shared memory (shm)."), [Kind::ShmExhausted]);
        assert_eq!(
            kinds("sl = _multiprocessing.SemLock(\nOSError: [Errno 28] No space left on device"),
            [Kind::ShmExhausted]
        );
        assert_eq!(
            kinds("OSError: [Errno 28] No space left on device: 'checkpoint.pt'"),
            []
        );
    }

    #[test]
    fn kills_and_host_limits_however_worded() {
        use crate::report::Kind;
        for text in [
            "[ERROR] [launch.py:434:sigkill_handler] ['/usr/bin/python3', '-u', 'main.py'] exits with return code = -9",
            "scalellm exited with code 137",
            "./entrypoint.sh: line 28:     7 Killed                  /app/bin/scalellm",
            "**VirtualAlloc of bytes failed with errno=1455**",
            "mkl_malloc: failed to allocate memory",
        ] {
            let r = crate::analyze(text);
            assert_eq!(r.events.first().map(|e| e.kind), Some(Kind::HostOom), "{text}");
        }
        // PyTorch's DataLoader message for SIGBUS, wrapped by a tool: shared memory
        let r = crate::analyze("RuntimeError: DataLoader worker (pid 47) is killed by signal: Bus\nerror. It is possible that dataloader's workers are out of shared\nmemory. Please try to raise your shared memory limit.");
        assert_eq!(
            r.events.iter().map(|e| e.kind).collect::<Vec<_>>(),
            [Kind::ShmExhausted]
        );
    }
}
