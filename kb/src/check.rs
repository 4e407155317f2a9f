//! `oomlens check-content DIR`: every rule of content/README.md, as `file:line: problem`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::error::{said, Problem, Said};
use crate::load;
use crate::page::Lang;
use crate::parse::Parsed;

/// Finding ids a page may address, frameworks and backends it may declare: triage's own lists,
/// so a page cannot name what the analysis never gives.
pub use triage::{FINDING_IDS, FRAMEWORKS};

/// Backends a page may declare in `backends` (the spec's `device.backend`).
pub fn backends() -> impl Iterator<Item = &'static str> {
    triage::Backend::ALL
        .into_iter()
        .map(triage::Backend::as_str)
}

/// Tags of the built-in library (lab pages may use others).
pub const TAGS: &[&str] = &[
    "basics",
    "allocator",
    "fragmentation",
    "batch-size",
    "precision",
    "multi-gpu",
    "activations",
    "inference",
    "leaks",
    "host-memory",
    "serving",
    "llm",
    "tools",
    "tensorflow",
    "jax",
    "containers",
    "apple",
    "rocm",
    "debugging",
    "notebooks",
];

/// Parameters a key snippet may use.
pub const SNIPPET_PARAMS: &[&str] = &[
    "max_split_size_mb",
    "batch_size",
    "accum_steps",
    "device_index",
    "requested_mib",
    "free_mib",
    "memory_fraction",
];

/// Checks every page below `dir` (`*.md`, `README.md` skipped) by the rules of the built-in library.
/// Internal links may also point to built-in pages. Sorted by file and line; empty when all is well.
pub fn check_content(dir: &Path) -> Vec<Problem> {
    let mut problems = Vec::new();
    let sources = load::dir_sources(dir, 0, &mut problems);
    let parsed: Vec<(String, Parsed)> = sources
        .iter()
        .zip(load::parse_all(&sources))
        .filter_map(|(source, result)| match result {
            Ok(parsed) => Some((source.file.clone(), parsed)),
            Err(errs) => {
                problems.extend(errs);
                None
            }
        })
        .collect();

    // Slugs: first file of each, and the language of each.
    let mut first: HashMap<&str, &str> = HashMap::new();
    let mut lang_of: HashMap<&str, Lang> = HashMap::new();
    let mut translation_of: HashMap<&str, Option<&str>> = HashMap::new();
    for (file, p) in &parsed {
        let slug = p.page.slug.as_str();
        if let Some(other) = first.get(slug) {
            problems.push(Problem::new(
                file.clone(),
                p.key_line("slug"),
                said(
                    "duplicate-slug",
                    &[("slug", slug.to_string()), ("other", other.to_string())],
                    format!("duplicate slug `{slug}` (also {other})"),
                ),
            ));
        } else {
            first.insert(slug, file);
            lang_of.insert(slug, p.page.lang);
            translation_of.insert(slug, p.page.translation.as_deref());
        }
    }
    let mut builtin_problems = Vec::new();
    let builtin: HashSet<String> = load::builtin_sources(&mut builtin_problems)
        .iter()
        .filter_map(|s| crate::parse::parse_page(&s.file, &s.text, s.origin.clone()).ok())
        .map(|p| p.page.slug)
        .collect();
    let exists = |slug: &str| first.contains_key(slug) || builtin.contains(slug);

    for (file, p) in &parsed {
        problems.extend(p.problems.iter().cloned());
        check_page(file, p, &lang_of, &translation_of, &exists, &mut problems);
    }
    problems.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    problems.dedup();
    problems
}

fn check_page(
    file: &str,
    p: &Parsed,
    lang_of: &HashMap<&str, Lang>,
    translation_of: &HashMap<&str, Option<&str>>,
    exists: &dyn Fn(&str) -> bool,
    problems: &mut Vec<Problem>,
) {
    let page = &p.page;
    let mut report = |line: usize, message: Said| problems.push(Problem::new(file, line, message));

    let stem = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string());
    if stem.as_deref() != Some(page.slug.as_str()) {
        report(
            p.key_line("slug"),
            said(
                "file-name-not-slug",
                &[("slug", page.slug.clone())],
                format!(
                    "file name does not match slug `{}` (expected {}.md)",
                    page.slug, page.slug
                ),
            ),
        );
    }
    let parent = Path::new(file)
        .parent()
        .and_then(|d| d.file_name())
        .map(|d| d.to_string_lossy().to_string());
    if let Some(dir_lang) = parent.as_deref().and_then(|d| d.parse::<Lang>().ok()) {
        if dir_lang != page.lang {
            report(
                p.key_line("lang"),
                said(
                    "lang-not-folder",
                    &[
                        ("lang", page.lang.to_string()),
                        ("folder", dir_lang.to_string()),
                    ],
                    format!("lang `{}` but the file is in {dir_lang}/", page.lang),
                ),
            );
        }
    }
    for (line, key) in &p.unknown_keys {
        let english = format!("unknown front-matter key `{key}`");
        report(*line, said("unknown-key", &[("key", key.clone())], english));
    }
    for framework in &page.frameworks {
        if !FRAMEWORKS.contains(&framework.as_str()) {
            report(
                p.value_line("frameworks", framework),
                said(
                    "unknown-framework",
                    &[
                        ("framework", framework.clone()),
                        ("known", FRAMEWORKS.join(", ")),
                    ],
                    format!(
                        "unknown framework `{framework}` in `frameworks` (known: {})",
                        FRAMEWORKS.join(", ")
                    ),
                ),
            );
        }
    }
    for backend in &page.backends {
        if !backends().any(|known| known == backend) {
            report(
                p.value_line("backends", backend),
                said(
                    "unknown-backend",
                    &[
                        ("backend", backend.clone()),
                        ("known", backends().collect::<Vec<_>>().join(", ")),
                    ],
                    format!(
                        "unknown backend `{backend}` in `backends` (known: {})",
                        backends().collect::<Vec<_>>().join(", ")
                    ),
                ),
            );
        }
    }
    for id in &page.addresses {
        if !FINDING_IDS.contains(&id.as_str()) {
            report(
                p.value_line("addresses", id),
                said(
                    "unknown-finding",
                    &[("id", id.clone())],
                    format!("unknown finding id `{id}` in `addresses`"),
                ),
            );
        }
    }
    if page.summary.chars().count() > 300 {
        report(
            p.key_line("summary"),
            said(
                "summary-too-long",
                &[("max", "300".into())],
                "summary longer than 300 characters".into(),
            ),
        );
    }
    match p.first_heading.as_deref() {
        None => report(
            p.key_line("title"),
            said(
                "no-heading",
                &[],
                "no `#` heading: the page should start with `# {title}`".into(),
            ),
        ),
        Some(h) if h != page.title => report(
            p.key_line("title"),
            said(
                "title-not-heading",
                &[
                    ("title", format!("{:?}", page.title)),
                    ("heading", format!("{h:?}")),
                ],
                format!(
                    "title {:?} differs from the first heading {h:?}",
                    page.title
                ),
            ),
        ),
        Some(_) => {}
    }

    match page.translation.as_deref() {
        None => report(
            if p.had_translation_key {
                p.key_line("translation")
            } else {
                1
            },
            said(
                "missing-translation",
                &[],
                "missing `translation` (required for built-in pages)".into(),
            ),
        ),
        Some(t) if t == page.slug => report(
            p.key_line("translation"),
            said(
                "translation-is-self",
                &[],
                "`translation` names the page itself".into(),
            ),
        ),
        Some(t) => match lang_of.get(t) {
            None if exists(t) => {}
            None => report(
                p.key_line("translation"),
                said(
                    "translation-missing-page",
                    &[("translation", t.to_string())],
                    format!("translation `{t}` does not exist"),
                ),
            ),
            Some(&l) if l == page.lang => report(
                p.key_line("translation"),
                said(
                    "translation-same-lang",
                    &[("translation", t.to_string()), ("lang", l.to_string())],
                    format!("translation `{t}` is in the same language ({l})"),
                ),
            ),
            Some(_) => {
                let back = translation_of.get(t).copied().flatten();
                if back != Some(page.slug.as_str()) {
                    report(p.key_line("translation"), one_sided(t, back));
                }
            }
        },
    }

    for (line, url) in &p.links {
        if let Some(rest) = url.strip_prefix("/kb/") {
            let target = rest.split(['#', '?', '/']).next().unwrap_or("");
            if !target.is_empty() && !exists(target) {
                report(
                    *line,
                    said(
                        "broken-link",
                        &[("url", url.clone()), ("target", target.to_string())],
                        format!("broken internal link `{url}`: no page `{target}`"),
                    ),
                );
            }
        }
    }
    for line in &p.unlabeled_code {
        report(
            *line,
            said(
                "code-without-lang",
                &[],
                "code block without a language (```python, ```bash, ```text, ...)".into(),
            ),
        );
    }
    for line in &p.extra_key_snippets {
        report(
            *line,
            said(
                "extra-key-snippet",
                &[],
                "more than one key snippet: only the first counts".into(),
            ),
        );
    }
    if let Some(snippet) = &page.key_snippet {
        for (name, _) in snippet.params() {
            if !SNIPPET_PARAMS.contains(&name.as_str()) {
                let english = format!("key snippet uses unknown parameter `{name}`");
                report(1, said("unknown-param", &[("name", name.clone())], english));
            }
        }
    }
}

/// `slug`'s translation `t` names another page as its translation, or none.
fn one_sided(t: &str, back: Option<&str>) -> Said {
    match back {
        Some(b) => said(
            "one-sided-other",
            &[("translation", t.to_string()), ("back", b.to_string())],
            format!("one-sided translation: `{t}` names `{b}` as its translation"),
        ),
        None => said(
            "one-sided-none",
            &[("translation", t.to_string())],
            format!("one-sided translation: `{t}` names nothing as its translation"),
        ),
    }
}
