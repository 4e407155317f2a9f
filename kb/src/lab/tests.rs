//! Parsing lab notes: titles, languages, slugs, tags, summaries, plain text and format sniffing.

use super::format::sniff;
use super::*;
use crate::page::Page;
use std::path::PathBuf;

fn lab(name: &str, text: &str) -> Option<Page> {
    let root = PathBuf::from("/lab");
    let path = root.join(name);
    parse_lab_page(
        name,
        text,
        &path,
        &root,
        PageOrigin::Lab { path: path.clone() },
    )
    .ok()
    .map(|p| p.page)
}

#[test]
fn title_from_heading_file_name_or_front_matter() {
    let p = lab("a/b/note.md", "Intro line.\n\n## 2. 显存碎片\n\nText.\n");
    assert_eq!(p.as_ref().map(|p| p.title.as_str()), Some("显存碎片"));
    let p = lab("plain-note.md", "Just a sentence, no heading at all.\n");
    assert_eq!(p.as_ref().map(|p| p.title.as_str()), Some("plain-note"));
    let p = lab("x.md", "---\ntitle: Given\n---\n# Other\n");
    assert_eq!(p.as_ref().map(|p| p.title.as_str()), Some("Given"));
    let p = lab(
        "x.md",
        "+++\ntitle = \"Toml title\"\nlang = \"zh\"\n+++\n# Other\n",
    );
    assert_eq!(
        p.as_ref().map(|p| (p.title.as_str(), p.lang)),
        Some(("Toml title", Lang::Zh))
    );
    let p = lab("r.rst", "减小批量\n========\n\n正文 ``bs`` 说明。\n");
    assert_eq!(p.as_ref().map(|p| p.title.as_str()), Some("减小批量"));
}

#[test]
fn clean_titles() {
    assert_eq!(clean_title("1.OutOfMemoryError"), "OutOfMemoryError");
    assert_eq!(
        clean_title("1. torch.cuda.OutOfMemoryError"),
        "torch.cuda.OutOfMemoryError"
    );
    assert_eq!(clean_title("06-Flask部署"), "Flask部署");
    assert_eq!(clean_title("3.2 accelerate"), "accelerate");
    assert_eq!(clean_title("3090 tips"), "3090 tips");
    assert_eq!(clean_title("2024"), "2024");
    assert_eq!(clean_title("A100 notes"), "A100 notes");
}

#[test]
fn lang_from_cjk_share() {
    assert_eq!(detect_lang("显存不够时先减小 batch size。"), Lang::Zh);
    assert_eq!(detect_lang("Reduce the batch size first."), Lang::En);
    let code = "中文说明很少。\n\n```python\nthis_is_a_lot_of_code_that_does_not_count = 1\nmore_code_here_too()\n```\n";
    assert_eq!(detect_lang(code), Lang::Zh);
    assert_eq!(
        detect_lang("One 词 in a long English sentence with many words."),
        Lang::En
    );
    assert_eq!(detect_lang(""), Lang::En);
}

#[test]
fn slugs_from_paths() {
    assert_eq!(
        slug_from_path(Path::new("Serving/Flask OOM.md")),
        "serving-flask-oom"
    );
    assert_eq!(slug_from_path(Path::new("000_abc.txt")), "000-abc");
    let zh = slug_from_path(Path::new("梯度累积.md"));
    assert!(zh.starts_with("note-") && zh.len() == 13, "{zh}");
    assert_eq!(zh, slug_from_path(Path::new("梯度累积.md")));
    assert_ne!(zh, slug_from_path(Path::new("显存碎片.md")));
    let mixed = slug_from_path(Path::new("训练/oom 笔记.rst"));
    assert!(mixed.starts_with("oom-"), "{mixed}");
    assert!(valid_slug(&mixed), "{mixed}");
    assert!(valid_slug(&slug_from_path(Path::new("--.md"))));
}

#[test]
fn tags_from_folders() {
    assert!(tags_from_path(Path::new("note.md")).is_empty());
    assert_eq!(
        tags_from_path(Path::new("Serving/推理/note.md")),
        vec!["serving".to_string(), "推理".to_string()]
    );
}

#[test]
fn summary_is_first_prose() {
    let md = "- [1. A](#a)\n- [2. B](#b)\n\n# T\n\n```text\nlog\n```\n\nFirst paragraph here.\n\nSecond one, which also counts until the summary is long enough.\n";
    assert_eq!(
        summary_from(md),
        "First paragraph here. Second one, which also counts until the summary is long enough."
    );
    let nested = "**问题描述：**\n\n- Total: 11GB\n  - reserved: 80MB\n  - free: 9GB\n";
    assert_eq!(summary_from(nested), "Total: 11GB reserved: 80MB free: 9GB");
    let long = "字".repeat(500);
    assert_eq!(summary_from(&long).chars().count(), 201);
}

#[test]
fn txt_paragraphs_and_code() {
    let txt = "OOM while training\n\nThe job died at step 40.\nIt had run fine before.\n\nTraceback (most recent call last):\n  File \"train.py\", line 3, in <module>\ntorch.OutOfMemoryError: CUDA out of memory.\n\n    indented = code\n\nA *literal* <b>tag</b> and # sign.\n";
    let md = txt_to_markdown(txt);
    assert!(md.starts_with("# OOM while training\n\n"), "{md}");
    assert!(
        md.contains("The job died at step 40.\nIt had run fine before.\n\n"),
        "{md}"
    );
    assert!(
        md.contains("```text\nTraceback (most recent call last):\n  File \"train.py\", line 3, in <module>\ntorch.OutOfMemoryError: CUDA out of memory.\n\n    indented = code\n```"),
        "{md}"
    );
    let r = render::render(&md, 1);
    assert!(r.html.contains("<pre"), "{}", r.html);
    assert!(
        r.html
            .contains("A *literal* &lt;b&gt;tag&lt;/b&gt; and # sign."),
        "{}",
        r.html
    );
}

#[test]
fn txt_formats_are_sniffed() {
    assert_eq!(sniff("# Title\n\n```python\nx\n```\n"), Format::Markdown);
    assert_eq!(
        sniff(".. _x:\n\nTitle\n=====\n\n.. literalinclude:: a.py\n"),
        Format::Rst
    );
    assert_eq!(sniff("Just words.\n\nMore words.\n"), Format::Text);
}

#[test]
fn broken_front_matter_is_a_problem() {
    let root = PathBuf::from("/lab");
    let path = root.join("bad.md");
    let r = parse_lab_page(
        "bad.md",
        "---\ntitle: [unclosed\n---\n# x\n",
        &path,
        &root,
        PageOrigin::BuiltIn,
    );
    assert!(r.is_err());
}
