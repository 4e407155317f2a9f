//! A lab's existing notes, loaded as they are: always the sample notes in
//! `tests/fixtures/lab-notes/` (our own words: markdown with and without front matter, TOML front
//! matter, plain text, an .rst with a missing `literalinclude`, Chinese names); with `OOMLENS_SEEDS`
//! set, also `shared/seeds/`, copied into a temporary folder.
//!
//! Run: `OOMLENS_SEEDS=../shared/seeds cargo test -p tests --test lab_seeds -- --nocapture`

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use kb::{KnowledgeBase, PageOrigin, SearchRequest};

/// Where the notes are, and what each query must find (exact lab slugs).
struct Expect {
    dir: PathBuf,
    files: usize,
    /// (query, slugs that must all be among the lab hits, whether the lab hits must be exactly those)
    queries: Vec<(&'static str, Vec<String>, bool)>,
    /// (slug, title)
    titles: Vec<(String, &'static str)>,
    _tmp: Option<tempfile::TempDir>,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // The seeds are read-only; the copy is a lab folder like any other.
            if let Ok(meta) = std::fs::metadata(&target) {
                let mut perms = meta.permissions();
                #[allow(clippy::permissions_set_readonly_false)]
                perms.set_readonly(false);
                let _ = std::fs::set_permissions(&target, perms);
            }
        }
    }
}

/// The shared seeds, copied: what each query must find there.
fn shared_seeds(seeds: &Path) -> Expect {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let dir = tmp.path().join("notes");
    copy_dir(seeds, &dir);
    let s = |n: &str| n.to_string();
    Expect {
        dir,
        files: 5,
        queries: vec![
            // Seed 002 writes 梯度累计, seed 004 梯度累积: both spellings are found.
            (
                "梯度累积",
                vec![s("002-ece1583aebfd9dd9"), s("004-eaa575b58c660430")],
                false,
            ),
            (
                "gradient_accumulation_steps",
                vec![s("002-ece1583aebfd9dd9"), s("004-eaa575b58c660430")],
                true,
            ),
            ("Flask", vec![s("003-cc9cebacd97a1cf7")], true),
            ("nanoGPT", vec![s("004-eaa575b58c660430")], true),
            (
                "expandable_segments",
                vec![s("000-94332065e329499e"), s("004-eaa575b58c660430")],
                true,
            ),
        ],
        titles: vec![
            (s("000-94332065e329499e"), "OutOfMemoryError"),
            (s("001-10d03edce6938ed0"), "CUDA out of memory 排查和优化"),
            (
                s("002-ece1583aebfd9dd9"),
                "torch.cuda.OutOfMemoryError: CUDA out of memory",
            ),
            (
                s("003-cc9cebacd97a1cf7"),
                "Flask部署模型推理的 CUDA out of memory 问题研究",
            ),
            (s("004-eaa575b58c660430"), "CUDA内存不足错误解决方案"),
        ],
        _tmp: Some(tmp),
    }
}

/// Our own sample notes: what each query must find there.
fn own_notes() -> Expect {
    let s = |n: &str| n.to_string();
    Expect {
        dir: Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lab-notes"),
        files: 5,
        queries: vec![
            ("梯度累积", vec![s(GRAD_ACCUM)], false),
            ("Flask", vec![s("serving-flask-inference")], true),
            ("nanoGPT", vec![s("nanogpt-logits")], true),
            (
                "expandable_segments",
                vec![
                    s(FRAGMENTATION),
                    s("nanogpt-logits"),
                    s("serving-flask-inference"),
                ],
                true,
            ),
        ],
        titles: vec![
            (s(GRAD_ACCUM), "用梯度累积代替大批量"),
            (
                s("serving-flask-inference"),
                "Our Flask inference server slowly runs out of GPU memory",
            ),
            (
                s("nanogpt-logits"),
                "nanoGPT: the logits tensor is the biggest single allocation",
            ),
            (s(FRAGMENTATION), "显存碎片的处理记录"),
            (s("multi-gpu"), "Pinning jobs to one GPU"),
        ],
        _tmp: None,
    }
}

/// `training/梯度累积.md`: the ASCII part of the path and a hash of it.
const GRAD_ACCUM: &str = "training-e95eb717";
/// `allocator/碎片整理.rst`.
const FRAGMENTATION: &str = "allocator-234e8bff";

fn is_lab(kb: &KnowledgeBase, slug: &str) -> bool {
    kb.page(slug)
        .is_some_and(|p| matches!(p.origin, PageOrigin::Lab { .. }))
}

#[test]
fn each_of_our_notes_is_a_searchable_page() {
    check(&own_notes());
}

#[test]
fn each_shared_seed_is_a_searchable_page() {
    let test = "each_shared_seed_is_a_searchable_page";
    if let Some(seeds) = tests::shared_folder_or_skip("OOMLENS_SEEDS", test) {
        check(&shared_seeds(&seeds));
    }
}

fn check(expect: &Expect) {
    let (kb, problems) = KnowledgeBase::load(std::slice::from_ref(&expect.dir))
        .unwrap_or_else(|e| panic!("load: {e}"));
    for p in &problems {
        println!("problem: {p}");
    }
    let lab: Vec<_> = kb
        .pages()
        .iter()
        .filter(|p| matches!(p.origin, PageOrigin::Lab { .. }))
        .collect();
    for p in &lab {
        println!(
            "{:<28} {} {:?} tags={:?}\n    summary: {}",
            p.slug, p.lang, p.title, p.tags, p.summary
        );
    }
    assert_eq!(lab.len(), expect.files, "one page per file");
    assert!(
        problems.is_empty(),
        "a lab folder as it is loads without problems"
    );
    for (slug, title) in &expect.titles {
        let page = kb.page(slug).unwrap_or_else(|| panic!("no page {slug}"));
        assert_eq!(page.title, *title, "title of {slug}");
        assert!(!page.summary.is_empty(), "summary of {slug}");
        assert!(page.summary.chars().count() <= 201, "summary of {slug}");
    }

    for (query, want, exact) in &expect.queries {
        let results = kb.search(&SearchRequest {
            query: query.to_string(),
            tag: None,
            lang: None,
            limit: 20,
        });
        let hits: Vec<&str> = results
            .hits
            .iter()
            .map(|h| h.slug.as_str())
            .filter(|s| is_lab(&kb, s))
            .collect();
        println!("{query}: {hits:?}");
        for slug in want {
            assert!(
                hits.contains(&slug.as_str()),
                "{query} finds {slug}: {hits:?}"
            );
        }
        if *exact {
            let got: BTreeSet<&str> = hits.iter().copied().collect();
            let want: BTreeSet<&str> = want.iter().map(String::as_str).collect();
            assert_eq!(got, want, "{query}: exactly these lab notes");
        }
    }
}

#[test]
fn a_missing_literalinclude_is_a_muted_note_and_txt_keeps_its_log() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lab-notes");
    let (kb, _) = KnowledgeBase::load(&[dir]).unwrap_or_else(|e| panic!("load: {e}"));
    let rst = kb
        .page(FRAGMENTATION)
        .unwrap_or_else(|| panic!("no {FRAGMENTATION}"));
    assert!(
        rst.html
            .contains("Included file not found: 碎片探测脚本 (scripts/frag_probe.py)"),
        "{}",
        rst.html
    );
    assert!(rst.html.contains("<blockquote>"), "{}", rst.html);
    assert!(
        rst.html
            .contains(r#"href="https://pytorch.org/docs/stable/notes/cuda.html""#),
        "{}",
        rst.html
    );
    assert!(rst.html.contains("<h2"), "{}", rst.html);
    assert!(!rst.html.contains(":ref:"), "{}", rst.html);
    assert!(!rst.html.contains("literalinclude::"), "{}", rst.html);
    let txt = kb
        .page("nanogpt-logits")
        .unwrap_or_else(|| panic!("no txt"));
    assert!(txt.html.contains("<pre"), "{}", txt.html);
    assert!(txt.html.contains("Traceback (most recent call last)"));
    assert_eq!(txt.tags, Vec::<String>::new(), "no tags at the root");
    let zh = kb.page(GRAD_ACCUM).unwrap_or_else(|| panic!("no zh"));
    assert_eq!(zh.lang, kb::Lang::Zh);
    assert_eq!(zh.tags, vec!["training".to_string()]);
    assert_eq!(
        kb.page("multi-gpu").map(|p| p.tags.clone()),
        Some(vec!["multi-gpu".to_string()])
    );
}

/// Pasting each seed's own error message lists that seed's note among "From your lab's notes".
/// The messages are the machine output copied in `tests/fixtures/seeds/` (file names start with the
/// seed's number); the notes are the seeds themselves, so this runs only with `OOMLENS_SEEDS`.
#[test]
fn each_seed_message_brings_up_its_own_note() {
    let test = "each_seed_message_brings_up_its_own_note";
    let Some(seeds) = tests::shared_folder_or_skip("OOMLENS_SEEDS", test) else {
        return;
    };
    let (kb, problems) = KnowledgeBase::load(std::slice::from_ref(&seeds)).expect("seeds load");
    assert!(problems.is_empty(), "{problems:?}");
    let fixtures = repo_root().join("tests/fixtures/seeds");
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).expect("fixtures").flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let number = &name[..3];
        let text = std::fs::read_to_string(entry.path()).expect("fixture");
        let report = triage::analyze(&text);
        let lead = report
            .events
            .iter()
            .position(|event| event.is_error())
            .expect("an error event");
        let notes = advice::lab_notes::lab_notes(&report, lead, &text, &kb);
        let note_files: Vec<String> = notes
            .iter()
            .filter_map(|hit| match kb.page(&hit.slug).map(|page| &page.origin) {
                Some(PageOrigin::Lab { path }) => {
                    path.file_name().map(|f| f.to_string_lossy().to_string())
                }
                _ => None,
            })
            .collect();
        println!("{name}: lab notes {note_files:?}");
        assert!(
            note_files.iter().any(|file| file.starts_with(number)),
            "{name}: seed {number} not among {note_files:?}"
        );
        checked += 1;
    }
    assert_eq!(checked, 4, "the four seed messages");
}
