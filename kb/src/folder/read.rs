//! Reading one page file the scan found, under the scan's rules, through one handle.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::why::{self, special_kind};
use super::{skipped, Folder, Stamp};
use crate::error::Problem;

impl Folder<'_> {
    /// Where to open `path` so that nothing but the file the scan meant is read: with links
    /// followed, its canonical path, which must lie inside; without, its folder's canonical path
    /// (inside) joined with its own name, which the open refuses if it has become a link.
    fn confined(&self, path: &Path) -> Result<PathBuf, Problem> {
        let cannot = |e: std::io::Error| skipped(path, why::cannot_read(&e));
        let target = if self.policy.follow_symlinks {
            path.canonicalize().map_err(cannot)?
        } else {
            let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
                return Err(skipped(path, why::not_a_file_path()));
            };
            parent.canonicalize().map_err(cannot)?.join(name)
        };
        if target.starts_with(&self.canonical) {
            Ok(target)
        } else {
            Err(skipped(path, why::outside(&target)))
        }
    }

    /// Reads a page file the scan found, under the same rules: a regular file, inside the folder,
    /// not larger than the limit, read through one handle (see [`read_regular`]). The text and
    /// what the file looked like, or the problem.
    pub fn read(&self, path: &Path) -> Result<(String, Stamp), Problem> {
        let target = self.confined(path)?;
        let max = self.policy.max_note_size;
        let (bytes, meta) = read_regular(&target, max).map_err(|refusal| {
            let why = match refusal {
                Refusal::Link => why::not_followed(),
                Refusal::Special(kind) => why::special(kind),
                Refusal::TooLarge(len) => why::too_large(len, max),
                Refusal::Grew => why::grew(max),
                Refusal::Io(e) => why::cannot_read(&e),
            };
            skipped(path, why)
        })?;
        let text = String::from_utf8(bytes).map_err(|_| skipped(path, crate::error::not_utf8()))?;
        Ok((text, Stamp::from_metadata(&meta)))
    }
}

/// Why [`read_regular`] read nothing.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// The last part of the path is a symbolic link.
    Link,
    /// Not a regular file (`a FIFO`, `a character device`, ...): opened without blocking, never
    /// read.
    Special(&'static str),
    /// The open file says it holds this many bytes, over the limit.
    TooLarge(u64),
    /// It said less, but gave more than the limit when read.
    Grew,
    Io(std::io::Error),
}

/// The bytes of the regular file at `path`, at most `max` of them, and its metadata. One handle
/// does it all: opened without following a link in the last part and without waiting for a FIFO's
/// writer, then asked what it is and how large, then read up to `max + 1` bytes, so that a file
/// swapped or grown since anyone looked at it cannot get more than `max` bytes in.
///
/// The metadata (the note's [`Stamp`]) is taken before the first byte is read: an edit landing
/// while the note is read leaves a stamp older than the file, so the next refresh reads it again.
/// Taken after, it would stamp the edit as seen although the text read may predate it.
pub(crate) fn read_regular(path: &Path, max: u64) -> Result<(Vec<u8>, std::fs::Metadata), Refusal> {
    read_regular_paused(path, max, || {})
}

/// [`read_regular`], running `between` after the metadata is taken and before the bytes are read
/// (tests put an edit there).
fn read_regular_paused(
    path: &Path,
    max: u64,
    between: impl FnOnce(),
) -> Result<(Vec<u8>, std::fs::Metadata), Refusal> {
    let file = open_no_follow(path).map_err(|e| {
        if is_link_refused(&e) {
            Refusal::Link
        } else {
            Refusal::Io(e)
        }
    })?;
    let meta = file.metadata().map_err(Refusal::Io)?;
    if !meta.is_file() {
        return Err(Refusal::Special(special_kind(meta.file_type())));
    }
    if meta.len() > max {
        return Err(Refusal::TooLarge(meta.len()));
    }
    between();
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Refusal::Io)?;
    if bytes.len() as u64 > max {
        return Err(Refusal::Grew);
    }
    Ok((bytes, meta))
}

/// Opens `path` for reading without following a link in its last part and without blocking on a
/// FIFO put there since the scan (`O_NOFOLLOW | O_NONBLOCK`; the handle is then checked to be a
/// regular file before a byte is read).
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Whether an open failed because the last part of the path is a link (`ELOOP` under
/// `O_NOFOLLOW`).
fn is_link_refused(error: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        error.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;

    /// An edit between the stamp and the read: whatever text was read, the stamp is the one from
    /// before the edit, which the file no longer has, so a refresh sees a change and reads again.
    #[test]
    fn an_edit_during_the_read_leaves_the_note_stamped_as_changed() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let note = tmp.path().join("note.md");
        std::fs::write(&note, "# Old\n").unwrap_or_else(|e| panic!("write: {e}"));
        let edit = || {
            std::fs::write(&note, "# New, and longer\n").unwrap_or_else(|e| panic!("write: {e}"));
            // A coarse clock must not hide the edit: its time is a minute on.
            let file = std::fs::File::options()
                .write(true)
                .open(&note)
                .unwrap_or_else(|e| panic!("open: {e}"));
            file.set_modified(SystemTime::now() + Duration::from_secs(60))
                .unwrap_or_else(|e| panic!("set time: {e}"));
        };
        let (_, meta) =
            read_regular_paused(&note, 1 << 20, edit).unwrap_or_else(|e| panic!("read: {e:?}"));
        let read_with = Stamp::from_metadata(&meta);
        let now = std::fs::metadata(&note).unwrap_or_else(|e| panic!("stat: {e}"));
        assert_ne!(read_with, Stamp::from_metadata(&now));
        assert_eq!(meta.len(), 6, "the stamp is the old file's");
    }
}
