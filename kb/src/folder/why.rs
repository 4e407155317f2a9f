//! Why an entry of a folder was skipped or could not be read, each as a sentence with its message
//! id (`problem-{id}` in the interface's catalogues) and its English.

use std::path::Path;

use crate::error::{escaped, said, Said};

/// A path as shown in a problem: escaped, so that a file name cannot forge a log line.
fn shown(path: &Path) -> String {
    escaped(&path.display().to_string()).into_owned()
}

pub(crate) fn not_followed() -> Said {
    said(
        "link-not-followed",
        &[],
        "skipped: a symbolic link, not followed (--follow-symlinks follows links that stay inside \
         the folder)"
            .into(),
    )
}

pub(crate) fn outside(target: &Path) -> Said {
    let target = shown(target);
    let english = format!("skipped: a symbolic link to {target}, outside the folder");
    said("link-outside", &[("target", target)], english)
}

pub(crate) fn unresolved(error: &std::io::Error) -> Said {
    let error = error.to_string();
    let english = format!("skipped: a symbolic link that cannot be resolved ({error})");
    said("link-unresolved", &[("error", error)], english)
}

pub(crate) fn loop_back(target: &Path) -> Said {
    let target = shown(target);
    let english = format!("skipped: a symbolic link loop back to {target}");
    said("link-loop", &[("target", target)], english)
}

pub(crate) fn own_path(target: &Path) -> Said {
    let target = shown(target);
    let english = format!("skipped: a symbolic link to {target}, which is read by its own path");
    said("link-own-path", &[("target", target)], english)
}

pub(crate) fn already_read(target: &Path, first: &Path) -> Said {
    let (target, first) = (shown(target), shown(first));
    let english = format!("skipped: a symbolic link to {target}, already read through {first}");
    said(
        "link-already-read",
        &[("target", target), ("first", first)],
        english,
    )
}

/// What a file that is not a regular file is: `fifo`, `socket`, `char-device`, `block-device`,
/// `folder` or `other` (the catalogues word each).
pub(crate) fn special_kind(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "fifo";
        }
        if file_type.is_socket() {
            return "socket";
        }
        if file_type.is_char_device() {
            return "char-device";
        }
        if file_type.is_block_device() {
            return "block-device";
        }
    }
    if file_type.is_dir() {
        return "folder";
    }
    "other"
}

/// A file that is not a regular file ([`special_kind`]), not opened: opening a FIFO or a device
/// could block or read forever.
pub(crate) fn special(kind: &'static str) -> Said {
    let what = match kind {
        "fifo" => "a FIFO",
        "socket" => "a socket",
        "char-device" => "a character device",
        "block-device" => "a block device",
        "folder" => "a folder",
        _ => "not a regular file",
    };
    let english = format!("skipped: {what}, not opened");
    said("special-file", &[("kind", kind.into())], english)
}

pub(crate) fn too_large(len: u64, max: u64) -> Said {
    let english =
        format!("skipped: {len} bytes, over the note size limit of {max} bytes (--max-note-size)");
    said(
        "too-large",
        &[("size", len.to_string()), ("max", max.to_string())],
        english,
    )
}

pub(crate) fn grew(max: u64) -> Said {
    let english = format!(
        "skipped: grew past the note size limit of {max} bytes while read (--max-note-size)"
    );
    said("grew", &[("max", max.to_string())], english)
}

pub(crate) fn too_deep(levels: usize) -> Said {
    let english = format!("skipped: a folder more than {levels} levels deep, not read");
    said("too-deep", &[("levels", levels.to_string())], english)
}

pub(crate) fn cannot_read(error: &dyn std::fmt::Display) -> Said {
    let error = error.to_string();
    let english = format!("cannot read: {error}");
    said("cannot-read", &[("error", error)], english)
}

pub(crate) fn not_a_file_path() -> Said {
    said(
        "not-a-file-path",
        &[],
        "cannot read: not a file path".into(),
    )
}
