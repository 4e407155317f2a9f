//! Explicit markup (`.. name:: argument`): code blocks, admonitions, `literalinclude` (read only
//! inside the lab folder, only regular files, only so much), targets and comments; a directive
//! that cannot be shown becomes a muted note.

use super::inline::{escape_inline_md, inline, strip_inline};
use super::lines::{dedent, indented_end, is_blank, push_fence};
use super::{Converter, MAX_INCLUDE_BYTES};

/// A muted note for something that is not shown.
fn muted_note(text: &str) -> String {
    format!("> *{}*\n\n", escape_inline_md(text))
}

impl Converter<'_> {
    /// `.. something` at `lines[i]`; returns the index after it and its content.
    pub(super) fn explicit(
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
