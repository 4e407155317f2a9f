//! A lab folder gives only regular files of bounded size, and names nothing that can forge a log
//! line: no blocking on a FIFO, no reading of a device or a huge file; `check-content --lab`
//! lists every entry left out with its reason.

#![cfg(unix)]

mod confinement;

use std::path::Path;
use std::time::Duration;

use confinement::*;
use kb::LabPolicy;

/// Runs `f` on another thread and fails the test if it has not finished in `limit` (a FIFO
/// opened for reading waits for a writer forever).
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(f());
    });
    result
        .recv_timeout(limit)
        .unwrap_or_else(|_| panic!("blocked for more than {limit:?}"))
}

fn mkfifo(at: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(at)
        .status()
        .unwrap_or_else(|e| panic!("mkfifo: {e}"));
    assert!(status.success(), "mkfifo failed");
}

#[test]
fn a_fifo_is_skipped_without_being_opened() {
    for policy in [LabPolicy::default(), follow()] {
        for way in WAYS {
            let (slugs, problems) = within(Duration::from_secs(30), move || {
                let place = Place::new();
                let (kb, problems) = after(&place, policy, way, |place| {
                    let at = place.notes().join("pipe.md");
                    mkfifo(&at);
                    vec![at]
                });
                (lab_slugs(&kb), problems)
            });
            assert_eq!(slugs, ["real"], "{way:?}");
            assert_eq!(
                problems,
                ["pipe.md:1: skipped: a FIFO, not opened"],
                "{way:?} {policy:?}"
            );
        }
    }
}

#[test]
fn a_device_and_a_huge_note_are_skipped_with_a_message() {
    for policy in [LabPolicy::default(), follow()] {
        for way in WAYS {
            let (slugs, problems) = within(Duration::from_secs(30), move || {
                let place = Place::new();
                let (kb, problems) = after(&place, policy, way, |place| {
                    let notes = place.notes();
                    link(Path::new("/dev/zero"), &notes.join("zero.md"));
                    write(&notes.join("huge.md"), &"x".repeat(2 << 20));
                    vec![notes.join("zero.md"), notes.join("huge.md")]
                });
                (lab_slugs(&kb), problems)
            });
            assert_eq!(slugs, ["real"], "{way:?}");
            let zero = if policy.follow_symlinks {
                "zero.md:1: skipped: a symbolic link to /dev/zero, outside the folder"
            } else {
                "zero.md:1: skipped: a symbolic link, not followed (--follow-symlinks follows links that stay inside the folder)"
            };
            assert_eq!(
                problems,
                [
                    "huge.md:1: skipped: 2097152 bytes, over the note size limit of 1048576 bytes (--max-note-size)",
                    zero,
                ],
                "{way:?} {policy:?}"
            );
        }
    }
}

#[test]
fn the_note_size_limit_is_a_setting() {
    let place = Place::new();
    write(
        &place.notes().join("long.md"),
        &format!(
            "# A long log\n\n{}\n",
            "The kowarilog line.\n".repeat(100_000)
        ),
    );
    let (kb, problems) = load(&place.notes(), LabPolicy::default());
    assert_eq!(lab_slugs(&kb), ["real"]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let roomy = LabPolicy {
        max_note_size: 4 << 20,
        ..LabPolicy::default()
    };
    let (kb, problems) = load(&place.notes(), roomy);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(found(&kb, "kowarilog"), 1);
}

#[test]
fn a_file_name_cannot_forge_a_log_line() {
    for way in WAYS {
        let place = Place::new();
        let (kb, problems) = after(&place, LabPolicy::default(), way, |place| {
            let notes = place.notes();
            let forged = "x\n2026-11-29T10:00:00.000000Z ERROR oomlens: forged.md";
            // Two things a log reports: a link it skips and a note it cannot parse.
            link(&place.outside().join("passwd"), &notes.join(forged));
            let broken = notes.join("bad\r\u{1b}[2K.md");
            write(&broken, "---\ntitle: [unclosed\n---\n");
            vec![notes.join(forged), broken]
        });
        assert_eq!(lab_slugs(&kb), ["real"], "{way:?}");
        assert_eq!(problems.len(), 2, "{way:?}: {problems:?}");
        for line in &problems {
            assert!(!line.contains(['\n', '\r', '\u{1b}']), "{way:?}: {line:?}");
        }
        assert!(
            problems.iter().any(|l| l.starts_with(
                "x\\n2026-11-29T10:00:00.000000Z ERROR oomlens: forged.md:1: skipped:"
            )),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|l| l.starts_with("bad\\r\\u{1b}[2K.md:")),
            "{problems:?}"
        );
    }
}

#[test]
fn check_lab_lists_every_skipped_entry_with_its_reason() {
    let place = Place::new();
    links_out(&place);
    mkfifo(&place.notes().join("pipe.md"));
    write(&place.notes().join("huge.txt"), &"y".repeat(2 << 20));
    let dir = place.notes();
    let (pages, problems) = within(Duration::from_secs(30), move || {
        kb::check_lab(&dir, LabPolicy::default())
    });
    assert_eq!(pages, 1);
    let reasons: Vec<String> = problems
        .iter()
        .map(|p| {
            let file = Path::new(&p.file)
                .strip_prefix(place.notes())
                .map(|f| f.display().to_string())
                .unwrap_or_default();
            format!("{file}: {}", p.message.split(',').next().unwrap_or(""))
        })
        .collect();
    assert_eq!(
        reasons,
        [
            "etc: skipped: a symbolic link",
            "huge.txt: skipped: 2097152 bytes",
            "passwd.md: skipped: a symbolic link",
            "pipe.md: skipped: a FIFO",
            "secret.txt: skipped: a symbolic link",
            "team/inner.rst: skipped: a symbolic link",
        ]
    );
}
