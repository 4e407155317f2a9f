//! A lab folder gives its own notes and nothing else: no file outside it through a link, no
//! endless walk through link loops, no blocking on a FIFO, no reading of a device or a huge file,
//! and no file name that can forge a log line. Every case is checked at load and through both
//! refresh paths (the watcher's touched paths, and the periodic rescan), links followed or not.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kb::{KnowledgeBase, LabPolicy, LoadOptions, PageOrigin, Problem, SearchRequest};

/// The one real note of every lab folder here, found by this word.
const REAL_WORD: &str = "numbatnote";
/// A word only the files outside the lab folder hold.
const SECRET_WORD: &str = "quolltopsecret";

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn link(target: &Path, at: &Path) {
    if let Some(parent) = at.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    symlink(target, at).unwrap_or_else(|e| panic!("link {}: {e}", at.display()));
}

/// A temporary place with `notes/` (the lab folder, one real note) and `outside/` (secrets).
struct Place {
    tmp: tempfile::TempDir,
}

impl Place {
    fn new() -> Place {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        write(
            &tmp.path().join("notes/real.md"),
            &format!("# The real note\n\nThe {REAL_WORD} job.\n"),
        );
        for name in ["secret.md", "secret.txt", "passwd"] {
            write(
                &tmp.path().join("outside").join(name),
                &format!("# Secret\n\n{SECRET_WORD} root:x:0:0\n"),
            );
        }
        Place { tmp }
    }

    fn notes(&self) -> PathBuf {
        self.tmp.path().join("notes")
    }

    fn outside(&self) -> PathBuf {
        self.tmp.path().join("outside")
    }
}

fn load(dir: &Path, policy: LabPolicy) -> (KnowledgeBase, Vec<Problem>) {
    KnowledgeBase::load_with(LoadOptions {
        builtin: false,
        extra_dirs: vec![dir.to_path_buf()],
        lab: policy,
        ..LoadOptions::default()
    })
    .unwrap_or_else(|e| panic!("load: {e}"))
}

fn follow() -> LabPolicy {
    LabPolicy {
        follow_symlinks: true,
        ..LabPolicy::default()
    }
}

/// How a case reaches the knowledge base.
#[derive(Debug, Clone, Copy)]
enum Way {
    /// Made before the load.
    Load,
    /// Made after it; the watcher names the paths made.
    Touched,
    /// Made after it; the periodic rescan finds them.
    Rescan,
}

const WAYS: [Way; 3] = [Way::Load, Way::Touched, Way::Rescan];

/// The lab pages and the problems after `make` changed the folder, the way `way` sees it. The
/// problems are shown as a log shows them (Display), with the folder's path cut off.
fn after(
    place: &Place,
    policy: LabPolicy,
    way: Way,
    make: impl FnOnce(&Place) -> Vec<PathBuf>,
) -> (KnowledgeBase, Vec<String>) {
    let dir = place.notes();
    let shown = |problems: &[Problem]| -> Vec<String> {
        let mut lines: Vec<String> = problems
            .iter()
            .map(|p| p.to_string().replace(&format!("{}/", dir.display()), ""))
            .collect();
        lines.sort();
        lines
    };
    match way {
        Way::Load => {
            make(place);
            let (kb, problems) = load(&dir, policy);
            (kb, shown(&problems))
        }
        Way::Touched | Way::Rescan => {
            let (kb, problems) = load(&dir, policy);
            assert!(problems.is_empty(), "{problems:?}");
            let made = make(place);
            let touched = if matches!(way, Way::Touched) {
                made
            } else {
                Vec::new()
            };
            let refresh = kb
                .refresh(&touched)
                .unwrap_or_else(|e| panic!("refresh: {e}"));
            let lines = shown(&refresh.problems);
            (refresh.knowledge.unwrap_or(kb), lines)
        }
    }
}

fn lab_slugs(kb: &KnowledgeBase) -> Vec<String> {
    kb.pages()
        .iter()
        .filter(|p| matches!(p.origin, PageOrigin::Lab { .. }))
        .map(|p| p.slug.clone())
        .collect()
}

fn found(kb: &KnowledgeBase, word: &str) -> usize {
    kb.search(&SearchRequest::new(word)).total
}

/// Three ways out: a file link, a folder link, and a link deeper inside climbing out.
fn links_out(place: &Place) -> Vec<PathBuf> {
    let notes = place.notes();
    link(&place.outside().join("passwd"), &notes.join("passwd.md"));
    link(
        &place.outside().join("secret.txt"),
        &notes.join("secret.txt"),
    );
    link(&place.outside(), &notes.join("etc"));
    std::fs::create_dir_all(notes.join("team")).unwrap_or_else(|e| panic!("{e}"));
    link(
        Path::new("../../outside/secret.md"),
        &notes.join("team/inner.rst"),
    );
    vec![
        notes.join("passwd.md"),
        notes.join("secret.txt"),
        notes.join("etc"),
        notes.join("team"),
    ]
}

#[test]
fn links_out_of_the_folder_are_never_pages_nor_found() {
    for way in WAYS {
        let place = Place::new();
        let (kb, problems) = after(&place, LabPolicy::default(), way, links_out);
        assert_eq!(lab_slugs(&kb), ["real"], "{way:?}");
        assert_eq!(found(&kb, SECRET_WORD), 0, "{way:?}");
        assert_eq!(found(&kb, REAL_WORD), 1, "{way:?}");
        let not_followed = ":1: skipped: a symbolic link, not followed (--follow-symlinks follows links that stay inside the folder)";
        assert_eq!(
            problems,
            [
                format!("etc{not_followed}"),
                format!("passwd.md{not_followed}"),
                format!("secret.txt{not_followed}"),
                format!("team/inner.rst{not_followed}"),
            ],
            "{way:?}"
        );
    }
}

#[test]
fn links_out_of_the_folder_are_refused_when_links_are_followed() {
    for way in WAYS {
        let place = Place::new();
        let (kb, problems) = after(&place, follow(), way, links_out);
        assert_eq!(lab_slugs(&kb), ["real"], "{way:?}");
        assert_eq!(found(&kb, SECRET_WORD), 0, "{way:?}");
        let outside = place
            .outside()
            .canonicalize()
            .unwrap_or_else(|e| panic!("{e}"));
        let out = |file: &str, target: &Path| {
            format!(
                "{file}:1: skipped: a symbolic link to {}, outside the folder",
                target.display()
            )
        };
        assert_eq!(
            problems,
            [
                out("etc", &outside),
                out("passwd.md", &outside.join("passwd")),
                out("secret.txt", &outside.join("secret.txt")),
                out("team/inner.rst", &outside.join("secret.md")),
            ],
            "{way:?}"
        );
    }
}

#[test]
fn links_inside_are_followed_only_when_asked_and_add_only_what_is_not_read_already() {
    let place = Place::new();
    let notes = place.notes();
    write(
        &notes.join(".archive/old.md"),
        "# An archived note\n\nThe bilbyarchive job.\n",
    );
    // A hidden folder is not read by itself; a link to it is the way in.
    link(Path::new(".archive"), &notes.join("archive"));
    // An alias of a note read by its own path adds nothing.
    link(Path::new("real.md"), &notes.join("latest.md"));
    let (kb, problems) = load(&notes, LabPolicy::default());
    assert_eq!(lab_slugs(&kb), ["real"]);
    assert_eq!(problems.len(), 2, "{problems:?}");

    let (kb, problems) = load(&notes, follow());
    let mut slugs = lab_slugs(&kb);
    slugs.sort();
    assert_eq!(slugs, ["archive-old", "real"]);
    assert_eq!(found(&kb, "bilbyarchive"), 1);
    let real = notes
        .join("real.md")
        .canonicalize()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        problems
            .iter()
            .map(|p| p.message.clone())
            .collect::<Vec<_>>(),
        [format!(
            "skipped: a symbolic link to {}, which is read by its own path",
            real.display()
        )]
    );
}

#[test]
fn link_loops_load_the_one_real_note() {
    for policy in [LabPolicy::default(), follow()] {
        for way in WAYS {
            let place = Place::new();
            let started = Instant::now();
            let (kb, problems) = after(&place, policy, way, |place| {
                let notes = place.notes();
                let mut made = Vec::new();
                for i in 1..=5 {
                    let at = notes.join(format!("l{i}"));
                    link(Path::new("."), &at);
                    made.push(at);
                }
                // And two folders pointing at each other.
                link(Path::new("../b"), &notes.join("a/to-b"));
                link(Path::new("../a"), &notes.join("b/to-a"));
                made.extend([notes.join("a"), notes.join("b")]);
                made
            });
            // Not asserted (a loaded machine is no benchmark); before the fix, five such links
            // made 488,281 pages in 11.9 s.
            println!(
                "{way:?}, follow {}: {:.1} ms",
                policy.follow_symlinks,
                started.elapsed().as_secs_f64() * 1e3
            );
            assert_eq!(lab_slugs(&kb), ["real"], "{way:?} {policy:?}");
            assert_eq!(problems.len(), 7, "{way:?} {policy:?}: {problems:?}");
            if policy.follow_symlinks {
                assert!(
                    problems
                        .iter()
                        .filter(|p| p.contains("symbolic link loop back to"))
                        .count()
                        == 5,
                    "{problems:?}"
                );
            }
        }
    }
}

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

#[test]
fn a_note_that_becomes_a_link_is_dropped() {
    let place = Place::new();
    let notes = place.notes();
    let (kb, _) = load(&notes, LabPolicy::default());
    std::fs::remove_file(notes.join("real.md")).unwrap_or_else(|e| panic!("{e}"));
    link(&place.outside().join("secret.md"), &notes.join("real.md"));
    let refresh = kb
        .refresh(&[notes.join("real.md")])
        .unwrap_or_else(|e| panic!("refresh: {e}"));
    let kb = refresh.knowledge.unwrap_or(kb);
    assert!(lab_slugs(&kb).is_empty());
    assert_eq!(found(&kb, SECRET_WORD), 0);
    assert_eq!(refresh.problems.len(), 1, "{:?}", refresh.problems);
}
