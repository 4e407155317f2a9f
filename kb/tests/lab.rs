//! Lab folders as they are: every note format, optional front matter, broken files reported and
//! skipped, a lab note replacing the built-in page of the same slug. The folder is written into a
//! temporary directory (kb/tests/fixtures is loaded whole by other tests).

use std::path::Path;

use kb::{KnowledgeBase, Lang, PageOrigin, SearchRequest};

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn lab_folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let root = tmp.path();
    write(
        root,
        "README.md",
        b"# How this folder is organised\n\nOne file per incident, under notes/.\n",
    );
    write(
        root,
        "activation-memory.md",
        b"# Activation memory on our cluster\n\nCheckpoint every second block on the V100 nodes.\n",
    );
    write(root, "notes/broken.md", b"+++\ntitle = \"never closed\"\n");
    write(
        root,
        "notes/bad-yaml.md",
        b"---\ntitle: [unclosed\n---\n# x\n",
    );
    write(root, "notes/latin1.md", b"# Bad bytes \xff\xfe here\n");
    write(root, "notes/ignored.json", b"{\"not\": \"a note\"}\n");
    write(
        root,
        "notes/host/plain.txt",
        b"Checkpoint shards filled host RAM\n\nThe loader mapped every shard at once and the kernel OOM killer ended the job.\nLoading shards one at a time fixed it.\n",
    );
    write(
        root,
        "notes/host/plain-copy.TXT",
        b"Another plain note about zstd shards.\n",
    );
    write(
        root,
        "notes/rst/guide.rst",
        b"Pinned memory\n=============\n\nUse ``pin_memory=False`` when host RAM is short::\n\n    DataLoader(ds, pin_memory=False)\n\n.. unknowndirective:: x\n",
    );
    write(
        root,
        "notes/显存.markdown",
        "显存不够时先看 nvidia-smi，再减小批量。\n".as_bytes(),
    );
    tmp
}

#[test]
fn lab_folder_loads_every_note_format() {
    let tmp = lab_folder();
    let (kb, problems) =
        KnowledgeBase::load(&[tmp.path().to_path_buf()]).unwrap_or_else(|e| panic!("load: {e}"));
    let lab: Vec<&kb::Page> = kb
        .pages()
        .iter()
        .map(|p| p.as_ref())
        .filter(|p| matches!(p.origin, PageOrigin::Lab { .. }))
        .collect();
    let mut slugs: Vec<&str> = lab.iter().map(|p| p.slug.as_str()).collect();
    slugs.sort_unstable();
    let zh_slug = slugs.get(1).copied().unwrap_or("");
    assert!(
        zh_slug.len() == "notes-".len() + 8,
        "a Chinese file name gets a hash: {slugs:?}"
    );
    assert_eq!(
        slugs,
        [
            "activation-memory",
            zh_slug,
            "notes-host-plain",
            "notes-host-plain-copy",
            "notes-rst-guide",
            "readme",
        ]
    );

    // Broken files: reported with their file and skipped, never fatal.
    let messages: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 3, "{messages:#?}");
    assert!(messages.iter().any(|m| m.contains("broken.md:1:")));
    assert!(messages.iter().any(|m| m.contains("bad-yaml.md:2:")));
    assert!(messages
        .iter()
        .any(|m| m.contains("latin1.md:1: not valid UTF-8")));

    let readme = kb.page("readme").map(|p| p.title.as_str());
    assert_eq!(readme, Some("How this folder is organised"));
    let txt = kb.page("notes-host-plain");
    assert_eq!(
        txt.map(|p| (p.title.as_str(), p.tags.clone(), p.lang)),
        Some((
            "Checkpoint shards filled host RAM",
            vec!["notes".to_string(), "host".to_string()],
            Lang::En
        ))
    );
    let rst = kb
        .page("notes-rst-guide")
        .unwrap_or_else(|| panic!("rst page"));
    assert_eq!(rst.title, "Pinned memory");
    assert!(
        rst.html.contains("<code>pin_memory=False</code>"),
        "{}",
        rst.html
    );
    assert!(rst.html.contains("DataLoader(ds, pin_memory=False)"));
    assert!(rst.html.contains("unknowndirective"), "{}", rst.html);
    let zh = kb.page(zh_slug).unwrap_or_else(|| panic!("zh page"));
    assert_eq!((zh.lang, zh.title.as_str()), (Lang::Zh, "显存"));
    assert_eq!(zh.summary, "显存不够时先看 nvidia-smi，再减小批量。");

    let hits = kb.search(&SearchRequest {
        query: "shards".into(),
        tag: None,
        lang: None,
        limit: 20,
    });
    let found: Vec<&str> = hits.hits.iter().map(|h| h.slug.as_str()).collect();
    assert!(found.contains(&"notes-host-plain"), "{found:?}");
}

#[test]
fn a_lab_note_replaces_the_builtin_page_of_its_slug() {
    let (builtin, _) = KnowledgeBase::load(&[]).unwrap_or_else(|e| panic!("load: {e}"));
    let original = builtin
        .page("activation-memory")
        .unwrap_or_else(|| panic!("the built-in page exists"));
    assert_eq!(original.origin, PageOrigin::BuiltIn);

    let tmp = lab_folder();
    let (kb, _) =
        KnowledgeBase::load(&[tmp.path().to_path_buf()]).unwrap_or_else(|e| panic!("load: {e}"));
    let page = kb
        .page("activation-memory")
        .unwrap_or_else(|| panic!("replaced page"));
    assert!(matches!(page.origin, PageOrigin::Lab { .. }));
    assert_eq!(page.title, "Activation memory on our cluster");
    assert_eq!(
        kb.pages()
            .iter()
            .filter(|p| p.slug == "activation-memory")
            .count(),
        1
    );
    assert_eq!(kb.pages().len(), builtin.pages().len() + 5);
}

#[test]
fn check_lab_reports_what_loading_would_skip() {
    let tmp = lab_folder();
    let root = tmp.path();
    let (pages, problems) = kb::check_lab(root, kb::LabPolicy::default());
    let lines: Vec<String> = problems
        .iter()
        .map(|p| p.to_string().replace(&format!("{}/", root.display()), ""))
        .collect();
    assert_eq!(
        lines,
        [
            "notes/bad-yaml.md:2: invalid front matter: title: invalid type: sequence, expected a string at line 1 column 8",
            "notes/broken.md:1: front matter is not closed by a `+++` line",
            "notes/latin1.md:1: not valid UTF-8",
        ]
    );
    // Ten files: `ignored.json` is not a note, three are skipped above, six are pages.
    assert_eq!(pages, 6);
}

#[test]
fn lab_pages_with_any_of_some_words() {
    let tmp = lab_folder();
    let (kb, _) =
        KnowledgeBase::load(&[tmp.path().to_path_buf()]).unwrap_or_else(|e| panic!("load: {e}"));
    let slugs = |words: &[&str]| -> Vec<String> {
        kb.lab_pages_with_any(words, 10)
            .into_iter()
            .map(|p| p.slug.clone())
            .collect()
    };
    // The built-in library has pages on the OOM killer and pinned memory too: only lab pages come.
    assert_eq!(
        slugs(&["killer", "shards"]),
        ["notes-host-plain", "notes-host-plain-copy"]
    );
    assert_eq!(slugs(&["pin_memory"]), ["notes-rst-guide"]);
    assert_eq!(slugs(&["显存"]).len(), 1);
    assert!(slugs(&["nccl"]).is_empty());
    assert!(slugs(&[]).is_empty());
}
