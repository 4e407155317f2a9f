//! The catalogues are complete: every key is in both languages with the same variables, every key
//! the code looks up exists, and every key is looked up somewhere (keys built at run time name
//! their family in [`DYNAMIC`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{text, tr, tr_args, Lang};

/// Key prefixes looked up with a computed name (`kind-pytorch-oom`), with where they are built.
const DYNAMIC: &[&str] = &[
    // examples.rs: each example button's label
    "example-",
    // diagnosis/labels.rs `evidence` and `because`: by the message ids triage gives
    "evidence-",
    "why-",
    "short-",
    // i18n/problem.rs: by the message ids kb gives a page file's problems
    "problem-",
    // server/src/cli/help.rs: by the command's and the flag's names
    "help-",
    // components/tensor.rs: by the tensor's name and each dimension's role (triage::naming)
    // pages/estimate: each field's label, choice, part, formula and error code
    "estimate-field-",
    "estimate-mode-",
    "estimate-weights-",
    "estimate-optimizer-",
    "estimate-attention-",
    "estimate-lora_targets-",
    "estimate-sharding-",
    "estimate-part-",
    "estimate-source-",
    "estimate-error-",
    "tensor-name-",
    "tensor-role-",
    // components/tensor.rs: by the what-if's change (held to the catalogue by its own test)
    "whatif-",
    // i18n/tags.rs: by the tag's id (held to the library's tags by its own test)
    "tag-",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Every `.rs` file below `dirs`.
pub(crate) fn rust_files(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut stack = dirs.to_vec();
    let mut out = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out
}

/// Every message of one language: key → its variables.
pub(super) fn catalogue(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let message =
        regex::Regex::new(r"^([a-zA-Z][a-zA-Z0-9_-]*)\s*=").unwrap_or_else(|e| panic!("{e}"));
    let variable =
        regex::Regex::new(r"\{\s*\$([a-zA-Z][a-zA-Z0-9_-]*)").unwrap_or_else(|e| panic!("{e}"));
    let dir = root().join("locales").join(lang);
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut current: Option<String> = None;
        for line in text.lines() {
            if let Some(caps) = message.captures(line) {
                let key = caps[1].to_string();
                assert!(!out.contains_key(&key), "{}: {key} twice", path.display());
                out.insert(key.clone(), BTreeSet::new());
                current = Some(key);
            } else if !line.starts_with([' ', '\t', '}']) {
                current = None;
            }
            if let Some(key) = &current {
                let vars = out.entry(key.clone()).or_default();
                vars.extend(variable.captures_iter(line).map(|c| c[1].to_string()));
            }
        }
    }
    out
}

/// The keys the code looks up (`tr(lang, "key")`, `tr_args(lang, "key", ..)`, `t("key")`), each
/// with a file it is in; and every string literal shaped like a key (keys chosen by a `match`
/// before the lookup count as used).
fn keys_in_code() -> (BTreeMap<String, String>, BTreeSet<String>) {
    let literal = regex::Regex::new(r#""([a-z][a-z0-9-]*)""#).unwrap_or_else(|e| panic!("{e}"));
    let mut literals = BTreeSet::new();
    let call = regex::Regex::new(r#"\b(?:tr|tr_args)\(\s*[\w.:]+(?:\(\))?\s*,\s*"([a-z0-9-]+)""#)
        .unwrap_or_else(|e| panic!("{e}"));
    let short =
        regex::Regex::new(r#"\bt\(\s*"([a-z0-9-]+)"\s*\)"#).unwrap_or_else(|e| panic!("{e}"));
    let mut out = BTreeMap::new();
    // the views, and the command line, which prints with the same catalogues
    let mut stack = vec![root().join("src"), root().join("../server/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.ends_with("i18n/tests.rs")
            {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for caps in call.captures_iter(&text).chain(short.captures_iter(&text)) {
                    out.insert(caps[1].to_string(), path.display().to_string());
                }
                literals.extend(literal.captures_iter(&text).map(|c| c[1].to_string()));
            }
        }
    }
    (out, literals)
}

#[test]
fn both_languages_have_every_key_with_the_same_variables() {
    let en = catalogue("en");
    let zh = catalogue("zh");
    assert!(!en.is_empty());
    let only_en: Vec<&String> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    let only_zh: Vec<&String> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty(), "missing in zh: {only_en:?}");
    assert!(only_zh.is_empty(), "missing in en: {only_zh:?}");
    for (key, vars) in &en {
        assert_eq!(Some(vars), zh.get(key), "{key}: the same variables in both");
    }
}

#[test]
fn every_key_in_the_code_exists_and_every_key_is_used() {
    let en = catalogue("en");
    let (used, literals) = keys_in_code();
    let missing: Vec<String> = used
        .iter()
        .filter(|(k, _)| !en.contains_key(*k))
        .map(|(k, file)| format!("{k} ({file})"))
        .collect();
    assert!(
        missing.is_empty(),
        "looked up but not in the catalogue: {missing:?}"
    );
    let unused: Vec<&String> = en
        .keys()
        .filter(|k| !literals.contains(*k) && !DYNAMIC.iter().any(|p| k.starts_with(p)))
        .collect();
    assert!(
        unused.is_empty(),
        "in the catalogue but never looked up: {unused:?}"
    );
}

#[test]
fn lookups_give_each_language_and_no_isolation_marks() {
    assert_eq!(tr(Lang::En, "nav-search"), "Search");
    assert_eq!(tr(Lang::Zh, "nav-search"), "搜索");
    let home = tr_args(Lang::Zh, "product-home", &[("product", text("oomlens"))]);
    assert_eq!(home, "oomlens 首页");
    assert!(!home.contains('\u{2068}') && !home.contains('\u{2069}'));
    assert_eq!(tr(Lang::Zh, "no-such-key"), "no-such-key");
    // plural rules and selectors
    let one = [("total", super::number(1.0)), ("ms", text("0.41"))];
    assert_eq!(
        tr_args(Lang::En, "search-summary", &one),
        "1 result in 0.41 ms"
    );
    let many = [("total", super::number(12.0)), ("ms", text("3.10"))];
    assert_eq!(
        tr_args(Lang::En, "search-summary", &many),
        "12 results in 3.10 ms"
    );
    assert_eq!(
        tr_args(Lang::Zh, "search-summary", &many),
        "12 条结果，用时 3.10 毫秒"
    );
    let zh_only = [("lang", text("zh"))];
    assert_eq!(
        tr_args(Lang::En, "kb-only-in", &zh_only),
        "This guide is only in Chinese."
    );
}

#[test]
fn error_texts_keep_their_english_and_read_in_chinese() {
    use super::ErrorText;
    let big = ErrorText::TextTooLarge { limit: 1000 };
    assert_eq!(big.code(), "too-large");
    assert_eq!(
        big.message(Lang::En),
        "the text is larger than this server's limit of 1000 bytes"
    );
    assert_eq!(
        big.message(Lang::Zh),
        "文本超过了这台服务器的上限 1000 字节"
    );
    let json = ErrorText::UnsupportedType {
        got: "no content type".into(),
    };
    assert_eq!(
        json.message(Lang::En),
        "send the text as `text/plain` or as JSON `{\"text\": ...}` with `application/json`; got no content type"
    );
    assert_eq!(ErrorText::PasteEmpty.title(Lang::Zh), "没有可诊断的内容");
}

/// Quoted text a person could read, outside the catalogues: a literal with a word of letters that
/// starts a sentence ("Search") or holds a space between words ("see all tags"). Attribute values
/// that are names (`class="chip"`, `type="submit"`), code, comments and tests are left out; the
/// few literals that are not prose in any language are listed with why.
#[test]
fn no_sentence_is_written_outside_the_catalogues() {
    /// Machine text shown as it is in every language.
    const ALLOWED: &[&str] = &[
        // the paste box's placeholder is a real PyTorch message
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 7.64 GiB of which 59.44 MiB is free. …",
        // key names on a keyboard
        "Ctrl",
        "Enter",
        // the color-scheme meta tag's value
        "light dark",
    ];
    let literal = regex::Regex::new(r#""((?:[^"\\]|\\.)*)""#).unwrap_or_else(|e| panic!("{e}"));
    let prose = regex::Regex::new(r"^[A-Z][a-z]+(\W|$)|[a-zA-Z]{2,} [a-zA-Z]{2,}|\p{Han}")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut found = Vec::new();
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("i18n") {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (n, line) in code.lines().enumerate() {
                let trimmed = line.trim_start();
                if trimmed.starts_with("//") || trimmed.starts_with("#[") {
                    continue;
                }
                for caps in literal.captures_iter(line) {
                    let value = &caps[1];
                    let before = &line[..caps.get(0).map_or(0, |m| m.start())];
                    // `name="value"` attributes that are names, keys and paths, not text
                    let attribute = before.trim_end().ends_with('=')
                        && !["aria-label=", "title=", "placeholder=", "alt=", "content="]
                            .iter()
                            .any(|a| before.trim_end().ends_with(a));
                    // class lists: lower-case names on a line that sets a class
                    let classes = line.contains("class")
                        && value.split_whitespace().all(|w| {
                            w.chars()
                                .all(|c| c.is_ascii_lowercase() || "-{}".contains(c))
                        });
                    if attribute || classes || ALLOWED.contains(&value) || !prose.is_match(value) {
                        continue;
                    }
                    // format strings and panics are not shown; keys are lower-case with dashes
                    if value.contains("{}") && !value.contains(' ') {
                        continue;
                    }
                    found.push(format!("{}:{}: {value}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "prose outside the catalogues:\n{}",
        found.join("\n")
    );
}

/// The English catalogue reads each evidence sentence exactly as triage writes it, on every real
/// message kept in the repository; every message id triage gives has a Chinese sentence.
#[test]
fn evidence_reads_as_triage_writes_it() {
    let en = catalogue("en");
    let zh = catalogue("zh");
    let mut checked = 0;
    for folder in ["unseen", "unseen2", "corpus-sample"] {
        let dir = root().join("../tests/fixtures").join(folder).join("cases");
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap_or_default();
            for finding in triage::analyze_bytes(&bytes).findings {
                if finding.because.is_some() {
                    // every lead sentence has its clauses' ids, and reads the same in English
                    assert!(finding.because_says.is_some(), "{}", path.display());
                    let english = crate::diagnosis::labels::because(Lang::En, &finding);
                    assert_eq!(english, finding.because);
                    let mut copy = finding.clone();
                    copy.because = Some("fallback".into());
                    let chinese = crate::diagnosis::labels::because(Lang::Zh, &copy);
                    assert_ne!(chinese.as_deref(), Some("fallback"), "{}", path.display());
                    let en = render_because_en(&finding);
                    assert_eq!(Some(en), finding.because, "{}", path.display());
                }
                let Some(says) = &finding.says else { continue };
                let key = format!("evidence-{}", says.id);
                assert!(en.contains_key(&key) && zh.contains_key(&key), "{key}");
                let args: Vec<(&'static str, _)> = says
                    .args
                    .iter()
                    .map(|(name, value)| (*name, text(value.clone())))
                    .collect();
                assert_eq!(
                    tr_args(Lang::En, &key, &args),
                    finding.evidence,
                    "{}",
                    path.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 50, "{checked} sentences checked");
    // and every id the rules can give, seen in the corpus or not
    let id = regex::Regex::new(r#"(?:\.saying\(|Says::new\()\s*"([a-z0-9-]+)""#)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut ids = BTreeSet::new();
    for path in rust_files(&[root().join("../triage/src"), root().join("../advice/src")]) {
        let code = std::fs::read_to_string(&path).unwrap_or_default();
        ids.extend(id.captures_iter(&code).map(|c| c[1].to_string()));
    }
    assert!(ids.len() >= 8, "{ids:?}");
    for id in ids {
        let key = format!("evidence-{id}");
        assert!(
            en.contains_key(&key) && zh.contains_key(&key),
            "{key} missing"
        );
    }
}

/// The English lead sentence built from the catalogue, as the Chinese one is built.
fn render_because_en(finding: &triage::Finding) -> String {
    let because = finding
        .because_says
        .as_ref()
        .unwrap_or_else(|| panic!("ids"));
    let clause = |says: &triage::Says| {
        let args: Vec<(&'static str, _)> = says
            .args
            .iter()
            .map(|(name, value)| (*name, text(value.clone())))
            .collect();
        tr_args(Lang::En, &format!("why-{}", says.id), &args)
    };
    match (&because.second, because.shape) {
        (Some((id, second)), "second") => tr_args(
            Lang::En,
            "because-second",
            &[
                ("why", text(clause(&because.why))),
                ("second", text(tr(Lang::En, &format!("short-{id}")))),
                ("second_why", text(clause(second))),
            ],
        ),
        (_, "common") => tr_args(
            Lang::En,
            "because-common",
            &[("why", text(clause(&because.why)))],
        ),
        _ => tr_args(
            Lang::En,
            "because-plain",
            &[("why", text(clause(&because.why)))],
        ),
    }
}
