//! The folder rules where a file changes under them: a note swapped for a link, a file longer
//! than it said, a tree deeper than the scan goes.

use std::path::Path;

use super::*;

fn lab(dir: &Path, policy: LabPolicy) -> Folder<'_> {
    let mut problems = Vec::new();
    Folder::open(dir, policy, Kind::Lab, &mut problems)
        .unwrap_or_else(|| panic!("open: {problems:?}"))
}

#[test]
fn a_note_that_became_a_link_since_the_scan_is_not_read() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().join("notes");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("a.md"), "# A\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(tmp.path().join("secret"), "hunter2\n").unwrap_or_else(|e| panic!("{e}"));
    let folder = lab(&dir, LabPolicy::default());
    let found = folder.scan(&mut Vec::new());
    assert_eq!(found.len(), 1);
    // Swapped between the scan and the read.
    std::fs::remove_file(dir.join("a.md")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(tmp.path().join("secret"), dir.join("a.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    let refused = folder.read(&found[0].path).map(|(text, _)| text);
    assert_eq!(
        refused.map_err(|p| p.message),
        Err(why::not_followed().english),
        "the secret was read"
    );
}

/// A file whose size the open handle under-reports (`/proc` says 0 bytes): the read itself
/// stops at the limit.
#[cfg(target_os = "linux")]
#[test]
fn the_read_stops_at_the_limit_whatever_the_file_said_its_size_was() {
    let proc_self = Path::new("/proc/self");
    let policy = LabPolicy {
        max_note_size: 64,
        ..LabPolicy::default()
    };
    let folder = lab(proc_self, policy);
    let result = folder.read(&proc_self.join("status"));
    assert_eq!(
        result.map(|(text, _)| text.len()).map_err(|p| p.message),
        Err(
            "skipped: grew past the note size limit of 64 bytes while read \
             (--max-note-size)"
                .to_string()
        )
    );
}

#[test]
fn notes_up_to_nine_levels_down_are_read_and_a_deeper_folder_is_reported() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().to_path_buf();
    let mut at = dir.clone();
    for level in 1..=10 {
        std::fs::write(at.join(format!("n{level}.md")), "# n\n").unwrap_or_else(|e| panic!("{e}"));
        at.push(format!("d{level}"));
        std::fs::create_dir_all(&at).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut problems = Vec::new();
    let found = lab(&dir, LabPolicy::default()).scan(&mut problems);
    // n1.md sits in the folder itself (depth 1), n9.md eight folders down (depth 9).
    assert_eq!(found.len(), 9);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].file.ends_with("d9"), "{problems:?}");
    assert_eq!(
        problems[0].message,
        "skipped: a folder more than 8 levels deep, not read"
    );
}
