//! Plain text as markdown: a `.txt` note keeps its paragraphs, its logs and code are fenced, and
//! nothing in it is read as markup it did not mean.

/// Whether a block of plain text reads as code or a log rather than prose.
fn looks_like_code(block: &[&str]) -> bool {
    let indented = block
        .iter()
        .all(|l| l.starts_with("    ") || l.starts_with('\t'));
    if indented {
        return true;
    }
    block.iter().any(|l| {
        let t = l.trim();
        t.starts_with("Traceback (most recent call last)")
            || (t.starts_with("File \"") && t.contains("line "))
            || t.starts_with("$ ")
            || t.starts_with(">>> ")
            || t.starts_with("#!")
            || error_line(t)
    })
}

/// `SomethingError: ...` / `SomethingException: ...` at the start of a line, as logs print them.
fn error_line(t: &str) -> bool {
    let Some((head, _)) = t.split_once(": ") else {
        return false;
    };
    !head.contains(' ')
        && (head.ends_with("Error") || head.ends_with("Exception"))
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_'))
}

/// Plain text as markdown: paragraphs stay paragraphs, code and log blocks are fenced, the first
/// line becomes the title when it stands alone and is short.
pub(crate) fn txt_to_markdown(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in lines {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut code: Vec<String> = Vec::new();
    let flush = |out: &mut String, code: &mut Vec<String>| {
        if code.is_empty() {
            return;
        }
        let body = code.join("\n");
        let ticks = if body.contains("```") { "~~~~" } else { "```" };
        out.push_str(&format!("{ticks}text\n{}\n{ticks}\n\n", body.trim_end()));
        code.clear();
    };
    for (i, block) in blocks.iter().enumerate() {
        if looks_like_code(block) {
            if !code.is_empty() {
                code.push(String::new());
            }
            code.extend(block.iter().map(|l| l.to_string()));
            continue;
        }
        flush(&mut out, &mut code);
        let is_title =
            i == 0 && block.len() == 1 && block[0].chars().count() <= 80 && blocks.len() > 1;
        if is_title {
            out.push_str("# ");
            out.push_str(&escape_text_line(block[0].trim(), false));
            out.push_str("\n\n");
            continue;
        }
        for line in block {
            out.push_str(&escape_text_line(line.trim(), true));
            out.push('\n');
        }
        out.push('\n');
    }
    flush(&mut out, &mut code);
    out
}

/// One line of plain text made safe for markdown: no markup is interpreted, except simple list
/// items (`- x`, `1. x`) when `keep_lists`.
fn escape_text_line(line: &str, keep_lists: bool) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let is_list = keep_lists
        && (line.starts_with("- ")
            || line.starts_with("* ")
            || line.split_once(". ").is_some_and(|(n, _)| {
                !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())
            }));
    let (prefix, rest) = if is_list {
        let cut = line.find(' ').map_or(0, |i| i + 1);
        line.split_at(cut)
    } else {
        ("", line)
    };
    out.push_str(prefix);
    for (i, c) in rest.chars().enumerate() {
        let at_start = i == 0 && prefix.is_empty();
        let special = matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '!' | '&')
            || (at_start && matches!(c, '#' | '>' | '|' | '=' | '-' | '+' | '~'));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    // `1. x` at the start of a line that was not meant as a list.
    if !is_list {
        if let Some((n, _)) = out.split_once(". ") {
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
                return out.replacen(". ", "\\. ", 1);
            }
        }
    }
    out
}
