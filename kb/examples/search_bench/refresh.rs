//! How long a refresh takes after one note of a large lab folder changes, next to the full load.

use std::path::{Path, PathBuf};
use std::time::Instant;

use kb::{KnowledgeBase, SearchRequest};

/// The first page file below `dir`, in name order.
fn first_file(dir: &Path) -> Option<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    entries.into_iter().find_map(|path| {
        if path.is_dir() {
            first_file(&path)
        } else {
            path.extension().is_some_and(|e| e == "md").then_some(path)
        }
    })
}

fn timed(kb: &KnowledgeBase, touched: &Path, what: &str) -> Result<KnowledgeBase, String> {
    let started = Instant::now();
    let refresh = kb
        .refresh(&[touched.to_path_buf()])
        .map_err(|e| e.to_string())?;
    let stats = refresh.stats;
    let fresh = refresh
        .knowledge
        .ok_or_else(|| format!("{what}: the refresh saw no change"))?;
    println!(
        "refresh, {what}: {:.1} ms (read again {}, index -{} +{}, {} pages)",
        started.elapsed().as_secs_f64() * 1e3,
        stats.reread,
        stats.removed,
        stats.added,
        stats.pages
    );
    Ok(fresh)
}

fn found(kb: &KnowledgeBase, word: &str) -> usize {
    kb.search(&SearchRequest::new(word)).total
}

/// Edits, adds and deletes one note of `dir` (the folder `kb` was loaded from), timing each
/// refresh and checking that search follows. Leaves the folder as it found it.
pub fn edit_add_delete(kb: &KnowledgeBase, dir: &Path) -> Result<(), String> {
    let edited = first_file(dir).ok_or("no page to edit")?;
    let original = std::fs::read_to_string(&edited).map_err(|e| e.to_string())?;
    let io = |e: std::io::Error| e.to_string();
    std::fs::write(&edited, format!("{original}\nwombatrefresh marker\n")).map_err(io)?;
    let kb = timed(kb, &edited, "one page edited")?;
    if found(&kb, "wombatrefresh") != 1 {
        return Err("search does not find the edited note".into());
    }
    let added = dir.join("zz-refresh-bench.md");
    std::fs::write(
        &added,
        "---\ntitle: Added by the benchmark\nslug: zz-refresh-bench\nlang: en\ntags: []\n\
         addresses: []\nsummary: numbatrefresh\n---\n# Added\n\nnumbatrefresh marker\n",
    )
    .map_err(io)?;
    let kb = timed(&kb, &added, "one page added")?;
    if found(&kb, "numbatrefresh") != 1 {
        return Err("search does not find the added note".into());
    }
    std::fs::remove_file(&added).map_err(io)?;
    let kb = timed(&kb, &added, "one page deleted")?;
    std::fs::write(&edited, original).map_err(io)?;
    let kb = timed(&kb, &edited, "edit undone")?;
    if found(&kb, "wombatrefresh") != 0 || found(&kb, "numbatrefresh") != 0 {
        return Err("search still finds a note that is gone".into());
    }
    Ok(())
}
