//! Numbers the log states about the run: `batch_size = 64`, `block_size: 1024`, `vocab_size=50304`,
//! `n_head = 12`, `dtype = 'bfloat16'`, as configuration dumps, argument parsers and training
//! scripts print them. The last statement of a key before the event counts.

use std::sync::LazyLock;

use regex::Regex;

use crate::pattern::re;

/// What a stated number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Batch,
    /// Tokens per sequence (`block_size`, `max_seq_len`, ...).
    Sequence,
    Vocab,
    Heads,
    /// Key/value heads of grouped-query attention (`num_key_value_heads`).
    KvHeads,
    /// The model's width (`hidden_size`, `n_embd`, `d_model`).
    Hidden,
    /// The MLP's inner width (`intermediate_size`, `n_inner`, `ffn_dim`).
    Intermediate,
    /// One attention head's width (`head_dim`).
    HeadDim,
}

/// One stated number: its key, the name written, the value, the 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    pub key: Key,
    pub name: String,
    pub value: u64,
    pub line: u64,
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    // A key, `=` or `:`, maybe quotes, then digits (with `,` or `_` groups).
    re(
        r#"(?i)(?:^|[^a-z0-9_])["']?(batch_size|micro_batch_size|per_device_train_batch_size|per_device_eval_batch_size|train_micro_batch_size_per_gpu|eval_batch_size|block_size|max_seq_len|max_seq_length|seq_len|seq_length|sequence_length|max_length|context_length|n_ctx|vocab_size|padded_vocab_size|n_head|num_attention_heads|num_heads|num_key_value_heads|n_kv_heads|num_kv_heads|hidden_size|n_embd|d_model|intermediate_size|n_inner|ffn_dim|head_dim)["']?\s*[=:]\s*(\d[\d,_]*)\b"#,
    )
});

/// A command-line flag with the number after a space or `=`: `--batch-size 64`, `--block_size=1024`.
static FLAG: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)--(batch[-_]size|micro[-_]batch[-_]size|per[-_]device[-_]train[-_]batch[-_]size|block[-_]size|max[-_]seq[-_]len(?:gth)?|seq[-_]len(?:gth)?|max[-_]length|vocab[-_]size|n[-_]head|num[-_]heads)(?:=|\s+)(\d[\d,_]*)\b",
    )
});

static DTYPE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)\b(?:dtype|torch_dtype|precision|mixed_precision)["']?\s*[=:]\s*["']?(?:torch\.)?(bfloat16|bf16|float16|fp16|half|float32|fp32|float)\b"#,
    )
});

fn key_of(name: &str) -> Key {
    match name.to_ascii_lowercase().as_str() {
        "vocab_size" | "padded_vocab_size" => Key::Vocab,
        "num_key_value_heads" | "n_kv_heads" | "num_kv_heads" => Key::KvHeads,
        "hidden_size" | "n_embd" | "d_model" => Key::Hidden,
        "intermediate_size" | "n_inner" | "ffn_dim" => Key::Intermediate,
        "head_dim" => Key::HeadDim,
        "n_head" | "num_attention_heads" | "num_heads" => Key::Heads,
        n if n.contains("batch") => Key::Batch,
        _ => Key::Sequence,
    }
}

/// Every number stated in `lines` (1-based line numbers from `first`).
pub fn numbers<'a>(
    lines: impl Iterator<Item = (u64, &'a str)>,
) -> (Vec<Stated>, Option<(&'static str, u64)>) {
    let mut out = Vec::new();
    let mut dtype = None;
    for (line, text) in lines {
        // Cheap gate: most log lines state nothing.
        if !text.contains('=') && !text.contains(':') && !text.contains("--") {
            continue;
        }
        let mut found: Vec<(usize, String, u64)> = Vec::new();
        for caps in NUMBER.captures_iter(text).chain(FLAG.captures_iter(text)) {
            let digits: String = caps[2].chars().filter(char::is_ascii_digit).collect();
            let Ok(value) = digits.parse::<u64>() else {
                continue;
            };
            let at = caps.get(2).map_or(0, |m| m.start());
            // `--batch_size=64` matches both patterns: one statement.
            if value == 0 || found.iter().any(|(start, _, _)| *start == at) {
                continue;
            }
            found.push((at, caps[1].replace('-', "_"), value));
        }
        found.sort_by_key(|(at, _, _)| *at);
        for (_, name, value) in found {
            out.push(Stated {
                key: key_of(&name),
                name,
                value,
                line,
            });
        }
        if let Some(caps) = DTYPE.captures(text) {
            let name = match caps[1].to_ascii_lowercase().as_str() {
                "bfloat16" | "bf16" => "bf16",
                "float16" | "fp16" | "half" => "fp16",
                _ => "fp32",
            };
            dtype = Some((name, line));
        }
    }
    (out, dtype)
}

/// The batch size the text states last (`batch_size = 64`, `--batch-size 64`,
/// `"per_device_train_batch_size": 8`), if any.
pub fn batch_size_in(text: &str) -> Option<u64> {
    let (stated, _) = numbers(text.lines().enumerate().map(|(i, l)| (i as u64 + 1, l)));
    stated
        .iter()
        .rev()
        .find(|s| s.key == Key::Batch)
        .map(|s| s.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_lines_of_several_styles_state_numbers() {
        let lines = [
            "batch_size = 64",
            "  \"block_size\": 1024,",
            "Namespace(per_device_train_batch_size=8, max_seq_length=2048)",
            "vocab_size=50_304 n_head: 12",
            "dtype = 'bfloat16'",
            "the batch_size is large",
        ];
        let (stated, dtype) = numbers(lines.iter().enumerate().map(|(i, l)| (i as u64 + 1, *l)));
        let got: Vec<(Key, u64, u64)> = stated.iter().map(|s| (s.key, s.value, s.line)).collect();
        assert_eq!(
            got,
            vec![
                (Key::Batch, 64, 1),
                (Key::Sequence, 1024, 2),
                (Key::Batch, 8, 3),
                (Key::Sequence, 2048, 3),
                (Key::Vocab, 50_304, 4),
                (Key::Heads, 12, 4),
            ]
        );
        assert_eq!(dtype, Some(("bf16", 5)));
    }

    #[test]
    fn command_line_flags_state_numbers_too() {
        let (stated, _) = numbers(std::iter::once((
            7,
            "python train.py --batch-size 32 --block_size=256 --compile=False",
        )));
        let got: Vec<(Key, &str, u64)> = stated
            .iter()
            .map(|s| (s.key, s.name.as_str(), s.value))
            .collect();
        assert_eq!(
            got,
            vec![
                (Key::Batch, "batch_size", 32),
                (Key::Sequence, "block_size", 256)
            ]
        );
    }
}
