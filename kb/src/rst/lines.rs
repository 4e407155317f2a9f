//! What one line, or a run of lines, of a reStructuredText document is: its indent, a title's
//! adornment, a table border, a list marker; and the markdown fences its literal blocks become.

pub(super) fn indent_of(line: &str) -> usize {
    line.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

pub(super) fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// A line made of one punctuation character repeated (at least 3 times), as rst adornments are.
pub(super) fn adornment(line: &str) -> Option<char> {
    let t = line.trim_end();
    let first = t.chars().next()?;
    if t.chars().count() < 3 || line.starts_with([' ', '\t']) {
        return None;
    }
    let ok = "=-~^\"'`*+#:.<>_!$%&(),/;?@[\\]{|}".contains(first) && t.chars().all(|c| c == first);
    ok.then_some(first)
}

/// `+----+----+` (grid table) or `=====  =====` (simple table with two columns or more).
pub(super) fn is_table_border(t: &str) -> bool {
    let grid = t.starts_with("+-") || t.starts_with("+=");
    let grid = grid && t.ends_with('+') && t.chars().all(|c| matches!(c, '+' | '-' | '='));
    let simple = t.starts_with("==") && t.contains(" =") && t.chars().all(|c| c == '=' || c == ' ');
    grid || simple
}

/// Dedents `lines` by their smallest indentation (blank lines ignored).
pub(super) fn dedent(lines: &[&str]) -> Vec<String> {
    let min = lines
        .iter()
        .filter(|l| !is_blank(l))
        .map(|l| indent_of(l))
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            let expanded = l.replace('\t', "    ");
            let cut = expanded
                .char_indices()
                .take_while(|(_, c)| *c == ' ')
                .count()
                .min(min);
            expanded[cut..].trim_end().to_string()
        })
        .collect()
}

/// The end (exclusive) of the indented block starting at `from` (blank lines inside included,
/// trailing blank lines not).
pub(super) fn indented_end(lines: &[&str], from: usize, deeper_than: usize) -> usize {
    let mut end = from;
    let mut i = from;
    while i < lines.len() {
        let line = lines[i];
        if is_blank(line) {
            i += 1;
            continue;
        }
        if indent_of(line) <= deeper_than {
            break;
        }
        i += 1;
        end = i;
    }
    end
}

/// A fence long enough for `code`.
pub(super) fn fence_for(code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat(longest.max(2) + 1)
}

pub(super) fn push_fence(out: &mut String, lang: &str, code_lines: &[String]) {
    let code = code_lines.join("\n");
    let code = code.trim_matches('\n');
    let fence = fence_for(code);
    let lang = if lang.trim().is_empty() {
        "text"
    } else {
        lang.trim()
    };
    out.push_str(&format!("{fence}{lang}\n{code}\n{fence}\n\n"));
}

/// `- x`, `* x`, `+ x`, `1. x`, `#. x`, `1) x`, `(1) x`: the markdown marker and the rest.
pub(super) fn list_marker(line: &str) -> Option<(String, &str)> {
    for bullet in ["- ", "* ", "+ ", "• "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some(("-".to_string(), rest.trim_start()));
        }
    }
    if let Some(rest) = line.strip_prefix("#. ") {
        return Some(("1.".to_string(), rest.trim_start()));
    }
    let inner = line.strip_prefix('(').unwrap_or(line);
    let digits: String = inner.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    let after = &inner[digits.len()..];
    let rest = after
        .strip_prefix(". ")
        .or_else(|| after.strip_prefix(") "))?;
    Some((format!("{digits}."), rest.trim_start()))
}
