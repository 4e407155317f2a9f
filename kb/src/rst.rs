//! reStructuredText to markdown, best effort: section titles (over- and underlined), paragraphs,
//! bullet and enumerated lists, literal blocks after `::`, `code-block` / `code` directives,
//! admonitions, `literalinclude` (read when the file is there), inline literals, links and roles.
//! A directive that cannot be rendered becomes a muted note; nothing here ever fails.

use std::path::Path;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// Largest file `literalinclude` shows: a listing, not a data file.
const MAX_INCLUDE_BYTES: u64 = 256 * 1024;

/// Where `literalinclude` may read from: the folder of the page and the lab folder it must stay in.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct IncludeBase<'a> {
    pub page_dir: Option<&'a Path>,
    pub root: Option<&'a Path>,
}

/// Converts a reStructuredText document to markdown.
pub(crate) fn to_markdown(source: &str, base: IncludeBase<'_>) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut conv = Converter {
        styles: Vec::new(),
        out: String::with_capacity(source.len() + 64),
        base,
    };
    conv.block(&lines, 0);
    conv.out
}

struct Converter<'a> {
    /// Heading styles in order of first use: (underline char, overlined). Index + 1 is the level.
    styles: Vec<(char, bool)>,
    out: String,
    base: IncludeBase<'a>,
}

fn indent_of(line: &str) -> usize {
    line.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// A line made of one punctuation character repeated (at least 3 times), as rst adornments are.
fn adornment(line: &str) -> Option<char> {
    let t = line.trim_end();
    let first = t.chars().next()?;
    if t.chars().count() < 3 || line.starts_with([' ', '\t']) {
        return None;
    }
    let ok = "=-~^\"'`*+#:.<>_!$%&(),/;?@[\\]{|}".contains(first) && t.chars().all(|c| c == first);
    ok.then_some(first)
}

/// `+----+----+` (grid table) or `=====  =====` (simple table with two columns or more).
fn is_table_border(t: &str) -> bool {
    let grid = t.starts_with("+-") || t.starts_with("+=");
    let grid = grid && t.ends_with('+') && t.chars().all(|c| matches!(c, '+' | '-' | '='));
    let simple = t.starts_with("==") && t.contains(" =") && t.chars().all(|c| c == '=' || c == ' ');
    grid || simple
}

/// Dedents `lines` by their smallest indentation (blank lines ignored).
fn dedent(lines: &[&str]) -> Vec<String> {
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
fn indented_end(lines: &[&str], from: usize, deeper_than: usize) -> usize {
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
fn fence_for(code: &str) -> String {
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

fn push_fence(out: &mut String, lang: &str, code_lines: &[String]) {
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

/// A muted note for something that is not shown.
pub(crate) fn muted_note(text: &str) -> String {
    format!("> *{}*\n\n", escape_inline_md(text))
}

fn escape_inline_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Converter<'_> {
    fn level(&mut self, style: (char, bool)) -> usize {
        let at = match self.styles.iter().position(|s| *s == style) {
            Some(at) => at,
            None => {
                self.styles.push(style);
                self.styles.len() - 1
            }
        };
        (at + 1).min(6)
    }

    fn heading(&mut self, style: (char, bool), title: &str) {
        let level = self.level(style);
        self.out.push_str(&"#".repeat(level));
        self.out.push(' ');
        self.out.push_str(&inline(title.trim()));
        self.out.push_str("\n\n");
    }

    /// Converts a run of lines (already dedented to `base` = 0 for the document).
    fn block(&mut self, lines: &[&str], depth: usize) {
        let mut i = 0;
        let mut in_list = false;
        while i < lines.len() {
            let line = lines[i];
            if is_blank(line) {
                i += 1;
                continue;
            }
            let indent = indent_of(line);
            let trimmed = line.trim();

            // Overlined title: ===, title, ===.
            if let Some(c) = adornment(line) {
                if i + 2 < lines.len()
                    && !is_blank(lines[i + 1])
                    && adornment(lines[i + 2]) == Some(c)
                {
                    self.heading((c, true), lines[i + 1]);
                    in_list = false;
                    i += 3;
                    continue;
                }
                // A lone adornment line: a transition.
                self.out.push_str("---\n\n");
                i += 1;
                continue;
            }
            // Underlined title.
            if indent == 0 && i + 1 < lines.len() && !trimmed.starts_with("..") {
                if let Some(c) = adornment(lines[i + 1]) {
                    if lines[i + 1].trim_end().chars().count() >= 3 {
                        self.heading((c, false), line);
                        in_list = false;
                        i += 2;
                        continue;
                    }
                }
            }
            // Explicit markup: directives, targets, comments.
            if let Some(rest) = trimmed.strip_prefix("..") {
                if rest.is_empty() || rest.starts_with(' ') {
                    i = self.explicit(lines, i, indent, rest.trim(), depth);
                    in_list = false;
                    continue;
                }
            }
            // Indented block outside a list: a block quote.
            if indent > 0 && !in_list {
                let end = indented_end(lines, i, 0).max(i + 1);
                let inner = dedent(&lines[i..end]);
                let inner_refs: Vec<&str> = inner.iter().map(String::as_str).collect();
                let md = self.nested(&inner_refs, depth);
                for l in md.trim_end().lines() {
                    self.out.push_str("> ");
                    self.out.push_str(l);
                    self.out.push('\n');
                }
                self.out.push('\n');
                i = end;
                continue;
            }
            // Grid and simple tables: kept as they are drawn.
            if is_table_border(trimmed) {
                let mut end = i + 1;
                while end < lines.len() && !is_blank(lines[end]) {
                    end += 1;
                }
                let rows = dedent(&lines[i..end]);
                push_fence(&mut self.out, "text", &rows);
                in_list = false;
                i = end;
                continue;
            }
            // A paragraph (or list item): lines up to a blank line.
            let start = i;
            let mut end = i + 1;
            while end < lines.len() && !is_blank(lines[end]) {
                // A list item starts a new block at the same indentation.
                if indent_of(lines[end]) == indent && list_marker(lines[end].trim()).is_some() {
                    break;
                }
                end += 1;
            }
            let para: Vec<&str> = lines[start..end].to_vec();
            let is_item = list_marker(trimmed).is_some();
            if indent == 0 {
                in_list = is_item;
            }
            let ends_literal = para
                .last()
                .is_some_and(|l| l.trim_end().ends_with("::") && !l.trim().starts_with(".."));
            let tight = end < lines.len() && !is_blank(lines[end]);
            self.paragraph(&para, !tight);
            i = end;
            if ends_literal {
                // The literal block: the next indented lines (after blank lines).
                let mut j = i;
                while j < lines.len() && is_blank(lines[j]) {
                    j += 1;
                }
                if j < lines.len() && indent_of(lines[j]) > indent {
                    let lend = indented_end(lines, j, indent);
                    let code = dedent(&lines[j..lend]);
                    let mut fenced = String::new();
                    push_fence(&mut fenced, "text", &code);
                    for l in fenced.lines() {
                        if indent > 0 {
                            self.out.push_str(&" ".repeat(indent));
                        }
                        self.out.push_str(l);
                        self.out.push('\n');
                    }
                    self.out.push('\n');
                    i = lend;
                }
            }
        }
    }

    fn nested(&mut self, lines: &[&str], depth: usize) -> String {
        if depth > 8 {
            return lines.join("\n");
        }
        let saved = std::mem::take(&mut self.out);
        self.block(lines, depth + 1);
        std::mem::replace(&mut self.out, saved)
    }

    fn paragraph(&mut self, para: &[&str], blank_after: bool) {
        let last = para.len().saturating_sub(1);
        for (k, raw) in para.iter().enumerate() {
            let indent = indent_of(raw);
            let mut text = raw.trim().to_string();
            if k == last {
                if text == "::" {
                    continue;
                }
                if let Some(stripped) = text.strip_suffix("::") {
                    text = if stripped.ends_with([' ', '\t']) {
                        stripped.trim_end().to_string()
                    } else {
                        format!("{stripped}:")
                    };
                }
            }
            let text = match list_marker(&text) {
                Some((marker, rest)) => format!("{marker} {}", inline(rest)),
                None => {
                    let converted = inline(&text);
                    // A line that markdown would read as a heading, quote or rule stays text.
                    if converted.starts_with(['#', '>', '|']) || converted.starts_with("---") {
                        format!("\\{converted}")
                    } else {
                        converted
                    }
                }
            };
            self.out.push_str(&" ".repeat(indent));
            self.out.push_str(&text);
            self.out.push('\n');
        }
        if blank_after {
            self.out.push('\n');
        }
    }

    /// `.. something` at `lines[i]`; returns the index after it and its content.
    fn explicit(
        &mut self,
        lines: &[&str],
        i: usize,
        indent: usize,
        rest: &str,
        depth: usize,
    ) -> usize {
        let end = indented_end(lines, i + 1, indent).max(i + 1);
        // Hyperlink targets (`.. _name:`) and substitution definitions say nothing to a reader.
        if rest.starts_with('_') || rest.starts_with('|') || rest.starts_with('[') {
            return end;
        }
        let Some((name, args)) = rest.split_once("::") else {
            // A comment.
            return end;
        };
        let name = name.trim().to_ascii_lowercase();
        let args = args.trim();
        // Options (`:language: python`) then content.
        let body: Vec<&str> = lines[i + 1..end].to_vec();
        let mut options: Vec<(String, String)> = Vec::new();
        let mut k = 0;
        while k < body.len() && !is_blank(body[k]) {
            let t = body[k].trim();
            if let Some(opt) = t.strip_prefix(':') {
                if let Some((key, value)) = opt.split_once(':') {
                    options.push((key.trim().to_ascii_lowercase(), value.trim().to_string()));
                    k += 1;
                    continue;
                }
            }
            break;
        }
        let content = dedent(&body[k..]);
        let option = |key: &str| {
            options
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        match name.as_str() {
            "code-block" | "code" | "sourcecode" => {
                let lang = if args.is_empty() {
                    option("language").unwrap_or("text")
                } else {
                    args
                };
                if let Some(caption) = option("caption") {
                    self.out.push_str(&format!("*{}*\n\n", inline(caption)));
                }
                push_fence(&mut self.out, lang, &content);
            }
            "literalinclude" => {
                let lang = option("language").unwrap_or("text");
                let caption = option("caption");
                match self.read_include(args) {
                    Some(code) => {
                        if let Some(caption) = caption {
                            self.out.push_str(&format!("*{}*\n\n", inline(caption)));
                        }
                        let code: Vec<String> = code.lines().map(str::to_string).collect();
                        push_fence(&mut self.out, lang, &code);
                    }
                    None => {
                        let what = match caption {
                            Some(c) => format!("{} ({args})", strip_inline(c)),
                            None => args.to_string(),
                        };
                        self.out
                            .push_str(&muted_note(&format!("Included file not found: {what}")));
                    }
                }
            }
            "note" | "warning" | "tip" | "hint" | "important" | "attention" | "caution"
            | "danger" | "error" | "seealso" | "todo" | "admonition" => {
                let label = if name == "admonition" && !args.is_empty() {
                    inline(args)
                } else {
                    let mut l = name.clone();
                    if let Some(first) = l.get_mut(0..1) {
                        first.make_ascii_uppercase();
                    }
                    if name == "seealso" {
                        l = "See also".into();
                    }
                    l
                };
                let mut inner_lines: Vec<String> = Vec::new();
                if name != "admonition" && !args.is_empty() {
                    inner_lines.push(args.to_string());
                    inner_lines.push(String::new());
                }
                inner_lines.extend(content);
                let refs: Vec<&str> = inner_lines.iter().map(String::as_str).collect();
                let md = self.nested(&refs, depth);
                self.out.push_str(&format!("> **{label}:**\n>\n"));
                for l in md.trim_end().lines() {
                    if l.is_empty() {
                        self.out.push_str(">\n");
                    } else {
                        self.out.push_str("> ");
                        self.out.push_str(l);
                        self.out.push('\n');
                    }
                }
                self.out.push('\n');
            }
            _ => {
                let what = if args.is_empty() {
                    format!("`{name}` directive not shown")
                } else {
                    format!("`{name}` directive not shown: {args}")
                };
                self.out.push_str(&muted_note(&what));
            }
        }
        end
    }

    /// The text of an included file, when it exists inside the lab folder and is UTF-8.
    fn read_include(&self, arg: &str) -> Option<String> {
        let page_dir = self.base.page_dir?;
        let arg = arg.trim();
        if arg.is_empty() {
            return None;
        }
        let path = page_dir.join(arg);
        let real = path.canonicalize().ok()?;
        let root = self.base.root.unwrap_or(page_dir).canonicalize().ok()?;
        if !real.starts_with(&root) {
            return None;
        }
        // `real` has no links left in it: read it as a note is read (a regular file, bounded).
        let (bytes, _) = crate::folder::read_regular(&real, MAX_INCLUDE_BYTES).ok()?;
        String::from_utf8(bytes).ok()
    }
}

/// `- x`, `* x`, `+ x`, `1. x`, `#. x`, `1) x`, `(1) x`: the markdown marker and the rest.
fn list_marker(line: &str) -> Option<(String, &str)> {
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

/// Inline markup with the markup removed (for captions shown as plain text).
fn strip_inline(text: &str) -> String {
    text.replace("``", "")
}

/// Inline rst to inline markdown: ``literal``, `text <url>`_, :role:`text`, and `<` kept as text.
/// Reads `text` in place (byte offsets into it, never a copy of the rest of the line).
pub(crate) fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let rest = &text[i + c.len_utf8()..];
        // ``literal``
        if c == '`' && rest.starts_with('`') {
            if let Some(end) = rest[1..].find("``") {
                out.push_str(&md_code(&rest[1..1 + end]));
                i += 2 + end + 2;
                continue;
            }
        }
        // :role:`text`
        let after_word = text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if c == ':' && !after_word {
            if let Some((shown, consumed)) = role(rest) {
                out.push_str(&shown);
                i += 1 + consumed;
                continue;
            }
        }
        // `text <url>`_ , `text`_ , `text`
        if c == '`' {
            if let Some(end) = rest.find('`') {
                let inner = &rest[..end];
                let underscores = rest[end + 1..]
                    .bytes()
                    .take_while(|&u| u == b'_')
                    .count()
                    .min(2);
                if underscores > 0 {
                    out.push_str(&reference(inner));
                } else {
                    out.push_str(&md_code(inner));
                }
                i += 1 + end + 1 + underscores;
                continue;
            }
        }
        match c {
            '<' => out.push_str("&lt;"),
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += c.len_utf8();
    }
    out
}

/// A role after its leading `:` (`ref:`target``): the markdown for it and the bytes it took. Cross
/// references show their text; other roles (`:func:`, `:envvar:`) show as code.
fn role(rest: &str) -> Option<(String, usize)> {
    let name_len = rest.find(":`").filter(|&n| {
        n > 0
            && rest[..n]
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || "-_:+.".contains(ch))
    })?;
    let name = &rest[..name_len];
    let after = &rest[name_len + 2..];
    let end = after.find('`')?;
    let target = &after[..end];
    // `text <target>` shows the text.
    let shown = match (target.rfind('<'), target.ends_with('>')) {
        (Some(lt), true) if lt > 0 => target[..lt].trim(),
        _ => target.trim_start_matches('~').trim(),
    };
    let markdown = if matches!(name, "ref" | "doc" | "term" | "numref" | "any" | "abbr") {
        escape_text(shown)
    } else {
        md_code(shown)
    };
    Some((markdown, name_len + 2 + end + 1))
}

/// The inside of a hyperlink reference (`text <url>` or `text`): a markdown link for a URL or a
/// site path, the text alone for a name defined elsewhere in the document.
fn reference(inner: &str) -> String {
    match (inner.rfind('<'), inner.ends_with('>')) {
        (Some(lt), true) => {
            let label = inner[..lt].trim();
            let url = inner[lt + 1..inner.len() - 1].trim();
            let label = if label.is_empty() { url } else { label };
            if url.contains("://") || url.starts_with('/') {
                let url = utf8_percent_encode(url, LINK_UNSAFE);
                format!("[{}]({url})", escape_text(label))
            } else {
                escape_text(label)
            }
        }
        _ => escape_text(inner),
    }
}

/// What a URL may not hold inside a markdown link's parentheses: a space would end it, `)` close it.
const LINK_UNSAFE: &AsciiSet = &CONTROLS.add(b' ').add(b')');

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '[' | ']' | '*' | '_' | '`' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A markdown code span for `code`, whatever backticks it holds.
fn md_code(code: &str) -> String {
    if code.is_empty() {
        return String::new();
    }
    let fence = fence_for(code);
    let ticks = &fence[..fence.len() - 1];
    let ticks = if code.contains('`') { ticks } else { "`" };
    if code.starts_with('`') || code.ends_with('`') {
        format!("{ticks} {code} {ticks}")
    } else {
        format!("{ticks}{code}{ticks}")
    }
}

#[cfg(test)]
mod tests {
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
        let out = md(
            "Run this::\n\n   python main.py \\\n       --bs 8\n\nAfter.\n\nAlso ::\n\n  x = 1\n",
        );
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
        let out = md(
            "+-----+-----+\n| a   | b   |\n+=====+=====+\n| 1   | 2   |\n+-----+-----+\n\nAfter.\n",
        );
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
        let out =
            md(".. _label:\n\n.. a comment\n   more\n\n.. note::\n\n   Be careful.\n\nText.\n");
        assert!(!out.contains("label"), "{out}");
        assert!(!out.contains("comment"), "{out}");
        assert!(out.contains("> **Note:**\n>\n> Be careful.\n"), "{out}");
    }
}
