//! The lexer: one pass over the code, spans with `hl-` classes for keywords, strings, comments,
//! numbers, functions, builtins, variables, keys, options and decorators; everything escaped.

use super::escape_into;

const KW_PYTHON: &[&str] = &[
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match",
    "case",
];
const LIT_PYTHON: &[&str] = &["True", "False", "None", "self"];
const BUILTIN_PYTHON: &[&str] = &[
    "print",
    "len",
    "range",
    "enumerate",
    "zip",
    "min",
    "max",
    "sum",
    "int",
    "float",
    "str",
    "list",
    "dict",
    "set",
    "tuple",
    "isinstance",
    "getattr",
    "setattr",
    "open",
    "super",
    "type",
    "iter",
    "next",
    "sorted",
    "round",
    "abs",
    "any",
    "all",
    "map",
    "filter",
    "object",
    "bytes",
];
const KW_SHELL: &[&str] = &[
    "if", "then", "else", "elif", "fi", "for", "in", "do", "done", "while", "until", "case",
    "esac", "function", "return", "export", "local", "set", "unset", "source", "exit", "sudo",
];
const LIT_DATA: &[&str] = &[
    "true", "false", "null", "yes", "no", "on", "off", "True", "False", "None", "~",
];
const KW_GENERIC: &[&str] = &[
    "fn", "let", "mut", "pub", "use", "struct", "enum", "impl", "const", "static", "function",
    "var", "return", "if", "else", "for", "while", "import", "export", "from", "class", "def",
    "new", "true", "false", "null", "None", "True", "False",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    Python,
    Shell,
    Yaml,
    Json,
    Toml,
    Generic,
    Plain,
}

pub(crate) fn lang_of(name: &str) -> Lang {
    match name.to_ascii_lowercase().as_str() {
        "py" | "python" | "python3" | "pycon" | "ipython" => Lang::Python,
        "sh" | "bash" | "shell" | "zsh" | "console" | "shell-session" | "dockerfile" => Lang::Shell,
        "yml" | "yaml" => Lang::Yaml,
        "json" | "jsonc" => Lang::Json,
        "toml" | "ini" | "cfg" | "conf" => Lang::Toml,
        "" | "text" | "txt" | "plain" | "plaintext" | "log" | "output" => Lang::Plain,
        _ => Lang::Generic,
    }
}

/// Loads nothing: kept so callers may warm the highlighter before the first page.
fn span(out: &mut String, class: &str, text: &str) {
    out.push_str("<span class=\"hl-");
    out.push_str(class);
    out.push_str("\">");
    escape_into(out, text);
    out.push_str("</span>");
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Byte length of the string literal starting at `s` (quote included), or of the rest of the text
/// when it is not closed. Python triple quotes span lines; other strings end at the line.
fn string_len(s: &str, lang: Lang) -> usize {
    let quote = s.chars().next().unwrap_or('"');
    if lang == Lang::Python && (s.starts_with("\"\"\"") || s.starts_with("'''")) {
        let delim = &s[..3];
        return s[3..].find(delim).map_or(s.len(), |i| i + 6);
    }
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        if c == '\n' {
            return i;
        }
        if escaped {
            escaped = false;
        } else if c == '\\' && (quote != '\'' || lang != Lang::Shell) {
            escaped = true;
        } else if c == quote {
            return i + c.len_utf8();
        }
    }
    s.len()
}

fn number_len(s: &str) -> usize {
    let mut prev = ' ';
    s.char_indices()
        .find(|&(_, c)| {
            let keep = c.is_ascii_alphanumeric()
                || c == '_'
                || c == '.'
                || ((c == '-' || c == '+') && (prev == 'e' || prev == 'E'));
            prev = c;
            !keep
        })
        .map_or(s.len(), |(i, _)| i)
}

fn comment_start(rest: &str, lang: Lang, at_word_start: bool) -> bool {
    match lang {
        Lang::Python | Lang::Yaml | Lang::Toml => rest.starts_with('#'),
        Lang::Shell => rest.starts_with('#') && at_word_start,
        Lang::Generic => rest.starts_with("//") || (rest.starts_with('#') && at_word_start),
        Lang::Json | Lang::Plain => false,
    }
}

/// Highlights `code` as `lang` into HTML (spans with `hl-` classes, everything escaped).
pub(crate) fn highlight(code: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    if lang == Lang::Plain {
        escape_into(&mut out, code);
        return out;
    }
    let mut i = 0;
    let mut line_start = true; // only whitespace (and `- ` in YAML) so far on this line
    let mut after_def = false;
    while i < code.len() {
        let rest = &code[i..];
        let Some(c) = rest.chars().next() else { break };
        let prev = code[..i].chars().next_back().unwrap_or(' ');
        let word_start = prev.is_whitespace() || matches!(prev, ';' | '(' | '|' | '&');
        // Comments run to the end of the line.
        if comment_start(rest, lang, word_start || i == 0) {
            let len = rest.find('\n').unwrap_or(rest.len());
            span(&mut out, "com", &rest[..len]);
            i += len;
            continue;
        }
        // Strings (with Python prefixes like f"..." handled as part of the identifier check below).
        if c == '"' || c == '\'' {
            let len = string_len(rest, lang).max(1);
            let text = &rest[..len];
            let tail = &code[i + len..];
            let is_key = matches!(lang, Lang::Json | Lang::Yaml)
                && tail.trim_start_matches([' ', '\t']).starts_with(':');
            span(&mut out, if is_key { "key" } else { "str" }, text);
            i += len;
            line_start = false;
            continue;
        }
        if c.is_ascii_digit() && !is_ident(prev) {
            let len = number_len(rest);
            span(&mut out, "num", &rest[..len]);
            i += len;
            line_start = false;
            continue;
        }
        if lang == Lang::Shell && c == '$' {
            let len = if rest.starts_with("${") {
                rest.find('}').map_or(rest.len(), |e| e + 1)
            } else {
                1 + rest[1..]
                    .find(|ch: char| !is_ident(ch))
                    .unwrap_or(rest.len() - 1)
            };
            span(&mut out, "var", &rest[..len.max(1)]);
            i += len.max(1);
            line_start = false;
            continue;
        }
        if lang == Lang::Shell && c == '-' && word_start && !line_start {
            let len = rest
                .find(|ch: char| ch.is_whitespace() || ch == '=')
                .unwrap_or(rest.len());
            span(&mut out, "opt", &rest[..len.max(1)]);
            i += len.max(1);
            continue;
        }
        if lang == Lang::Python && c == '@' && line_start {
            let len = rest
                .find(|ch: char| ch.is_whitespace() || ch == '(')
                .unwrap_or(rest.len());
            span(&mut out, "dec", &rest[..len.max(1)]);
            i += len.max(1);
            line_start = false;
            continue;
        }
        if lang == Lang::Toml && c == '[' && line_start {
            let len = rest.find('\n').unwrap_or(rest.len());
            span(&mut out, "key", &rest[..len]);
            i += len;
            line_start = false;
            continue;
        }
        let word_like = is_ident_start(c) || (lang == Lang::Shell && c == '.' && line_start);
        if word_like {
            let len = rest
                .find(|ch: char| {
                    !(is_ident(ch) || (lang != Lang::Python && matches!(ch, '-' | '.')))
                })
                .unwrap_or(rest.len());
            let word = &rest[..len];
            let next = code[i + len..].chars().next().unwrap_or(' ');
            // Python string prefixes: f"...", rb'...'
            if lang == Lang::Python
                && (next == '"' || next == '\'')
                && len <= 2
                && word.chars().all(|ch| "rRbBfFuU".contains(ch))
            {
                let slen = string_len(&code[i + len..], lang).max(1);
                span(&mut out, "str", &rest[..len + slen]);
                i += len + slen;
                line_start = false;
                continue;
            }
            let after = code[i + len..].trim_start_matches([' ', '\t']);
            let class = match lang {
                Lang::Python if after_def => Some("fn"),
                Lang::Python if KW_PYTHON.contains(&word) => Some("kw"),
                Lang::Python if LIT_PYTHON.contains(&word) => Some("lit"),
                Lang::Python if BUILTIN_PYTHON.contains(&word) => Some("bi"),
                Lang::Python if next == '(' => Some("fn"),
                Lang::Shell if KW_SHELL.contains(&word) => Some("kw"),
                Lang::Shell if line_start => Some("fn"),
                Lang::Yaml | Lang::Toml
                    if line_start && (after.starts_with(':') || after.starts_with('=')) =>
                {
                    Some("key")
                }
                Lang::Yaml | Lang::Toml | Lang::Json if LIT_DATA.contains(&word) => Some("lit"),
                Lang::Generic if KW_GENERIC.contains(&word) => Some("kw"),
                Lang::Generic if next == '(' => Some("fn"),
                _ => None,
            };
            after_def = lang == Lang::Python && matches!(word, "def" | "class");
            match class {
                Some(class) => span(&mut out, class, word),
                None => escape_into(&mut out, word),
            }
            i += len;
            line_start = false;
            continue;
        }
        // Anything else: one character.
        let ch_len = c.len_utf8();
        escape_into(&mut out, &rest[..ch_len]);
        if c == '\n' {
            line_start = true;
        } else if !(c == ' ' || c == '\t' || (lang == Lang::Yaml && c == '-' && line_start)) {
            line_start = false;
        }
        i += ch_len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(html: &str) -> Vec<(String, String)> {
        html.split("<span class=\"hl-")
            .skip(1)
            .filter_map(|s| {
                let (class, rest) = s.split_once("\">")?;
                let text = rest.split("</span>").next()?;
                Some((class.to_string(), text.to_string()))
            })
            .collect()
    }

    #[test]
    fn python() {
        let html = highlight(
            "import os\n@torch.no_grad()\ndef evaluate(model, n=4):  # eval\n    x = f\"{n}\" + 'a\\'b' + \"\"\"doc\n\"\"\"\n    return print(len(x), None, 1e-3)\n",
            Lang::Python,
        );
        let c = classes(&html);
        let has = |class: &str, text: &str| c.iter().any(|(k, t)| k == class && t == text);
        assert!(
            has("kw", "import") && has("kw", "def") && has("kw", "return"),
            "{c:?}"
        );
        assert!(has("dec", "@torch.no_grad"), "{c:?}");
        assert!(
            has("fn", "evaluate") && has("bi", "print") && has("lit", "None"),
            "{c:?}"
        );
        assert!(
            has("com", "# eval") && has("num", "4") && has("num", "1e-3"),
            "{c:?}"
        );
        assert!(
            has("str", "f&quot;{n}&quot;") && has("str", "&#x27;a\\&#x27;b&#x27;"),
            "{c:?}"
        );
        assert!(
            has("str", "&quot;&quot;&quot;doc\n&quot;&quot;&quot;"),
            "{c:?}"
        );
    }

    #[test]
    fn shell_yaml_json_toml() {
        let c = classes(&highlight(
            "export PYTORCH_CUDA_ALLOC_CONF=\"expandable_segments:True\"  # note\nnvidia-smi --query-gpu=memory.used -i $DEV ${X}\n",
            Lang::Shell,
        ));
        let has = |c: &[(String, String)], class: &str, text: &str| {
            c.iter().any(|(k, t)| k == class && t == text)
        };
        assert!(
            has(&c, "kw", "export") && has(&c, "fn", "nvidia-smi"),
            "{c:?}"
        );
        assert!(
            has(&c, "opt", "--query-gpu") && has(&c, "var", "$DEV") && has(&c, "var", "${X}"),
            "{c:?}"
        );
        assert!(has(&c, "com", "# note"), "{c:?}");
        let c = classes(&highlight(
            "services:\n  - name: x\n    shm_size: 8gb\n    ok: true\n",
            Lang::Yaml,
        ));
        assert!(
            has(&c, "key", "services") && has(&c, "key", "name") && has(&c, "lit", "true"),
            "{c:?}"
        );
        let c = classes(&highlight(
            "{\"a\": 1, \"b\": \"s\", \"c\": null}",
            Lang::Json,
        ));
        assert!(
            has(&c, "key", "&quot;a&quot;")
                && has(&c, "str", "&quot;s&quot;")
                && has(&c, "lit", "null"),
            "{c:?}"
        );
        let c = classes(&highlight("[tool.x]\nkey = \"v\"\n", Lang::Toml));
        assert!(has(&c, "key", "[tool.x]") && has(&c, "key", "key"), "{c:?}");
    }
}
