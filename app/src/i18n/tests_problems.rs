//! A page file's problems read in English exactly as kb writes them, and every problem id kb can
//! give has a sentence in both languages.

use std::collections::BTreeSet;
use std::path::Path;

use super::{problem_line, problem_message, Lang};

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A library folder and a lab folder with one of each kind of mistake.
fn broken_folders(root: &Path) -> Vec<kb::Problem> {
    let lib = root.join("library");
    let page = |slug: &str, lang: &str, extra: &str, body: &str| {
        format!(
            "---\ntitle: \"T {slug}\"\nslug: {slug}\nlang: {lang}\ntags: [basics]\n\
             addresses: [fragmentation]\nsummary: \"s\"\n{extra}---\n\n{body}\n"
        )
    };
    write(&lib.join("en/no-front.md"), "# No front matter\n");
    write(&lib.join("en/open.md"), "---\ntitle: x\n");
    write(&lib.join("en/yaml.md"), "---\ntitle: \"x\n---\n");
    write(
        &lib.join("en/keys.md"),
        "---\ntitle: K\nslug: Bad Slug\n---\n",
    );
    write(
        &lib.join("en/lang.md"),
        "---\ntitle: K\nslug: lang\nlang: fr\n---\n",
    );
    let many = format!(
        "---\ntitle: \"T many\"\nslug: many\nlang: zh\ntags: [basics]\nsummary: \"{}\"\n\
         translation: many\nframeworks: [caffe]\nbackends: [abacus]\naddresses: [no-such]\n\
         patterns: [\"(unclosed\"]\ncolour: blue\n---\n\n# Another title\n\n[x](/kb/nowhere)\n\n\
         ```\nplain\n```\n\n```python key\nx = {{{{ nope }}}}\n```\n\n```python key\ny = 1\n```\n",
        "s".repeat(301)
    );
    write(&lib.join("en/many.md"), &many);
    write(
        &lib.join("en/lone.md"),
        &page("lone", "en", "translation: lone-zh\n", "# T lone"),
    );
    write(
        &lib.join("zh/lone-zh.md"),
        &page("lone-zh", "zh", "", "# T lone-zh"),
    );
    write(
        &lib.join("en/alone.md"),
        &page("alone", "en", "", "# T alone"),
    );
    write(
        &lib.join("en/gone.md"),
        &page("gone", "en", "translation: nobody\n", "# T gone"),
    );
    write(
        &lib.join("en/same.md"),
        &page("same", "en", "translation: alone\n", "# T same"),
    );
    write(
        &lib.join("en/side.md"),
        &page("side", "en", "translation: side-zh\n", "# T side"),
    );
    write(
        &lib.join("zh/side-zh.md"),
        &page("side-zh", "zh", "translation: other\n", "# T side-zh"),
    );
    write(
        &lib.join("en/heading.md"),
        &page("heading", "en", "", "text"),
    );
    write(
        &lib.join("en/dup.md"),
        &page("alone", "en", "", "# T alone"),
    );
    write(
        &lib.join("en/tags.md"),
        &page("tags", "en", "", "# T tags").replace("tags: [basics]", "tags: []"),
    );
    std::fs::write(lib.join("en/bytes.md"), b"\xff\xfe").unwrap_or_else(|e| panic!("{e}"));
    let mut problems = kb::check_content(&lib);

    let lab = root.join("lab");
    write(&lab.join("toml.md"), "+++\ntitle = \n+++\n# x\n");
    write(&lab.join("slug.md"), "---\nslug: Not Ok\n---\n# x\n");
    write(&lab.join("dup-a.md"), "---\nslug: same\n---\n# a\n");
    write(&lab.join("dup-b.md"), "---\nslug: same\n---\n# b\n");
    write(&lab.join("big.md"), &"x".repeat(2048));
    write(&root.join("secret.md"), "# secret\n");
    let mut deep = lab.clone();
    for level in 0..10 {
        deep.push(format!("d{level}"));
    }
    write(&deep.join("deep.md"), "# deep\n");
    #[cfg(unix)]
    {
        let link = |to: &Path, at: &Path| {
            std::os::unix::fs::symlink(to, at).unwrap_or_else(|e| panic!("{e}"));
        };
        link(&root.join("secret.md"), &lab.join("out.md"));
        link(&lab.join("toml.md"), &lab.join("in.md"));
        link(&lab, &lab.join("again"));
        link(&lab.join("nowhere.md"), &lab.join("dangling.md"));
        write(&lab.join(".hidden/x.md"), "# x\n");
        link(&lab.join(".hidden/x.md"), &lab.join("first.md"));
        link(&lab.join(".hidden/x.md"), &lab.join("second.md"));
        let fifo = std::process::Command::new("mkfifo")
            .arg(lab.join("pipe.md"))
            .status();
        assert!(fifo.is_ok_and(|s| s.success()), "mkfifo");
    }
    let policy = |follow_symlinks| kb::LabPolicy {
        max_note_size: 1024,
        follow_symlinks,
    };
    problems.extend(kb::check_lab(&lab, policy(false)).1);
    problems.extend(kb::check_lab(&lab, policy(true)).1);
    problems
}

#[test]
fn problems_read_in_english_as_kb_writes_them_and_in_chinese() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let problems = broken_folders(tmp.path());
    let mut ids = BTreeSet::new();
    for problem in &problems {
        let key = format!("problem-{}", problem.says.id);
        let args: Vec<(&'static str, _)> = problem
            .says
            .args
            .iter()
            .map(|(name, value)| (*name, super::text(value.clone())))
            .collect();
        assert_eq!(
            super::tr_args(Lang::En, &key, &args),
            problem.message,
            "{key}"
        );
        let chinese = problem_message(Lang::Zh, problem);
        assert_ne!(chinese, key, "{key} has no Chinese");
        assert_ne!(chinese, problem.message, "{key} reads in English");
        assert_eq!(problem_line(Lang::En, problem), problem.to_string());
        ids.insert(problem.says.id);
    }
    // The folders above make 40 kinds; the ones they cannot (a read error, a file that grows
    // while read, a panic) are held to the catalogue by `every_problem_id_has_a_sentence_in_both`.
    assert!(ids.len() >= 40, "{} kinds: {ids:?}", ids.len());
}

#[test]
fn every_problem_id_has_a_sentence_in_both() {
    let said = regex::Regex::new(r#"said\(\s*"([a-z0-9-]+)""#).unwrap_or_else(|e| panic!("{e}"));
    let (en, zh) = (super::tests::catalogue("en"), super::tests::catalogue("zh"));
    let mut ids = BTreeSet::new();
    let kb_src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../kb/src");
    for path in super::tests::rust_files(&[kb_src]) {
        let code = std::fs::read_to_string(&path).unwrap_or_default();
        ids.extend(said.captures_iter(&code).map(|c| c[1].to_string()));
    }
    assert!(ids.len() >= 40, "{ids:?}");
    for id in ids {
        let key = format!("problem-{id}");
        assert!(en.contains_key(&key), "{key} missing in en");
        assert!(zh.contains_key(&key), "{key} missing in zh");
    }
}
