//! reStructuredText to markdown: titles, lists, literal blocks, directives, includes, inline markup.

use super::*;

fn md(src: &str) -> String {
    to_markdown(src, IncludeBase::default())
}

#[test]
fn titles_over_and_underlined() {
    let out = md("=====\nTitle\n=====\n\nIntro.\n\nPart\n====\n\nSub\n---\n\nText.\n");
    assert!(out.starts_with("# Title\n"), "{out}");
    assert!(out.contains("\n## Part\n"), "{out}");
    assert!(out.contains("\n### Sub\n"), "{out}");
    assert!(out.contains("Intro.\n"));
}

#[test]
fn chinese_title_with_short_underline() {
    let out = md("GPT的答复\n==========\n\n正文。\n");
    assert!(out.starts_with("# GPT的答复\n"), "{out}");
}

#[test]
fn lists() {
    let out = md("- one\n- two\n  continued\n\n#. first\n#. second\n\n3) third\n");
    assert!(out.contains("- one\n- two\n  continued\n"), "{out}");
    assert!(out.contains("1. first\n1. second\n"), "{out}");
    assert!(out.contains("3. third\n"), "{out}");
}

#[test]
fn literal_blocks() {
    let out =
        md("Run this::\n\n   python main.py \\\n       --bs 8\n\nAfter.\n\nAlso ::\n\n  x = 1\n");
    assert!(
        out.contains("Run this:\n\n```text\npython main.py \\\n    --bs 8\n```\n"),
        "{out}"
    );
    assert!(out.contains("Also\n\n```text\nx = 1\n```"), "{out}");
    assert!(out.contains("After.\n"));
}

#[test]
fn code_block_directives() {
    let out = md(".. code-block:: python\n   :caption: c\n\n   import torch\n   torch.cuda.empty_cache()\n\n.. code:: bash\n\n   nvidia-smi\n");
    assert!(
        out.contains("```python\nimport torch\ntorch.cuda.empty_cache()\n```"),
        "{out}"
    );
    assert!(out.contains("```bash\nnvidia-smi\n```"), "{out}");
}

#[test]
fn inline_literals_links_and_roles() {
    assert_eq!(
        inline("set ``max_split_size_mb`` now"),
        "set `max_split_size_mb` now"
    );
    assert_eq!(
        inline("see `Docs <https://pytorch.org/docs>`_ here"),
        "see [Docs](https://pytorch.org/docs) here"
    );
    assert_eq!(
        inline("on :ref:`nvidia_a100` cards"),
        "on nvidia\\_a100 cards"
    );
    assert_eq!(inline(":doc:`the guide <guide/x>`"), "the guide");
    assert_eq!(inline("call :func:`empty_cache`"), "call `empty_cache`");
    assert_eq!(inline("a <b> c"), "a &lt;b> c");
}

#[test]
fn missing_include_and_unknown_directive_are_muted_notes() {
    let out = md(".. literalinclude:: cuda_oom/gpu_usage.py\n   :language: python\n   :caption: 获取GPU使用率\n\n.. toctree::\n   :maxdepth: 2\n\n   a\n   b\n\nEnd.\n");
    assert!(
        out.contains("> *Included file not found: 获取GPU使用率 (cuda\\_oom/gpu\\_usage.py)*"),
        "{out}"
    );
    assert!(
        out.contains("> *\\`toctree\\` directive not shown*"),
        "{out}"
    );
    assert!(out.contains("End.\n"));
}

#[test]
fn include_found_inside_the_root() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    std::fs::create_dir_all(dir.path().join("inc")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    std::fs::write(dir.path().join("inc/a.py"), "print(1)\n")
        .unwrap_or_else(|e| panic!("write: {e}"));
    let base = IncludeBase {
        page_dir: Some(dir.path()),
        root: Some(dir.path()),
    };
    let out = to_markdown(".. literalinclude:: inc/a.py\n   :language: python\n", base);
    assert!(out.contains("```python\nprint(1)\n```"), "{out}");
    let out = to_markdown(".. literalinclude:: ../../etc/passwd\n", base);
    assert!(out.contains("Included file not found"), "{out}");
}

/// An include named like a listing but a FIFO or a huge file: nothing blocks, nothing is read.
#[cfg(unix)]
#[test]
fn include_of_a_fifo_or_a_huge_file_is_not_read() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.py"))
        .status()
        .unwrap_or_else(|e| panic!("mkfifo: {e}"));
    assert!(made.success());
    std::fs::write(dir.path().join("big.py"), "#".repeat(300 * 1024))
        .unwrap_or_else(|e| panic!("{e}"));
    let base = IncludeBase {
        page_dir: Some(dir.path()),
        root: Some(dir.path()),
    };
    for name in ["pipe.py", "big.py"] {
        let out = to_markdown(&format!(".. literalinclude:: {name}\n"), base);
        assert!(out.contains("Included file not found"), "{name}: {out}");
    }
}

#[test]
fn never_panics_on_odd_input() {
    const PIECES: &[&str] = &[
        "``",
        "`",
        "_",
        "<",
        ">",
        ":ref:",
        ":",
        "::",
        ".. ",
        "code-block",
        "literalinclude",
        "\n",
        "\n\n",
        "   ",
        "\t",
        "===",
        "---",
        "+-+",
        "- ",
        "1. ",
        "#. ",
        "(",
        ")",
        "显存",
        "é",
        "note",
        " <http://x>`_",
        "|",
        "\\",
        "*",
        "**",
        "a",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..3000 {
        let mut doc = String::new();
        for _ in 0..(seed % 40) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            doc.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
        }
        let out = md(&doc);
        let _ = crate::render::render(&out, 1);
        let _ = crate::lab::txt_to_markdown(&doc);
        let _ = crate::lab::summary_from(&out);
        let _ = crate::lab::clean_title(&doc);
    }
}

#[test]
fn tables_stay_as_drawn() {
    let out =
        md("+-----+-----+\n| a   | b   |\n+=====+=====+\n| 1   | 2   |\n+-----+-----+\n\nAfter.\n");
    assert!(
        out.starts_with("```text\n+-----+-----+\n| a   | b   |\n+=====+=====+\n| 1   | 2   |\n+-----+-----+\n```\n"),
        "{out}"
    );
    let out = md("=====  =====\nA      B\n=====  =====\n1      2\n=====  =====\n\nAfter.\n");
    assert!(
        out.starts_with("```text\n=====  =====\nA      B\n"),
        "{out}"
    );
    assert!(out.contains("1      2\n=====  =====\n```"), "{out}");
    assert!(out.contains("After.\n"), "{out}");
}

#[test]
fn admonitions_targets_comments() {
    let out = md(".. _label:\n\n.. a comment\n   more\n\n.. note::\n\n   Be careful.\n\nText.\n");
    assert!(!out.contains("label"), "{out}");
    assert!(!out.contains("comment"), "{out}");
    assert!(out.contains("> **Note:**\n>\n> Be careful.\n"), "{out}");
}
