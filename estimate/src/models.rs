//! Common models and their `config.json` shapes (the fields [`crate::Model`] reads), as published
//! on the Hugging Face Hub.

use crate::model::{Arch, Model};

/// (name, arch, layers, hidden, heads, kv heads, intermediate, vocab, positions, tied).
type Row = (&'static str, Arch, u64, u64, u64, u64, u64, u64, u64, bool);

#[rustfmt::skip]
const MODELS: &[Row] = &[
    ("gpt2", Arch::Gpt2, 12, 768, 12, 12, 3072, 50_257, 1024, true),
    // nanoGPT's GPT-2 124M: the vocabulary padded to 50,304
    ("nanogpt-124m", Arch::Gpt2, 12, 768, 12, 12, 3072, 50_304, 1024, true),
    ("gpt2-medium", Arch::Gpt2, 24, 1024, 16, 16, 4096, 50_257, 1024, true),
    ("gpt2-large", Arch::Gpt2, 36, 1280, 20, 20, 5120, 50_257, 1024, true),
    ("gpt2-xl", Arch::Gpt2, 48, 1600, 25, 25, 6400, 50_257, 1024, true),
    ("bert-base-uncased", Arch::Bert, 12, 768, 12, 12, 3072, 30_522, 512, true),
    ("bert-base-cased", Arch::Bert, 12, 768, 12, 12, 3072, 28_996, 512, true),
    ("bert-large-uncased", Arch::Bert, 24, 1024, 16, 16, 4096, 30_522, 512, true),
    ("llama-2-7b", Arch::Llama, 32, 4096, 32, 32, 11_008, 32_000, 0, false),
    ("llama-2-13b", Arch::Llama, 40, 5120, 40, 40, 13_824, 32_000, 0, false),
    ("llama-3-8b", Arch::Llama, 32, 4096, 32, 8, 14_336, 128_256, 0, false),
    ("mistral-7b", Arch::Llama, 32, 4096, 32, 8, 14_336, 32_000, 0, false),
    ("qwen2.5-7b", Arch::Llama, 28, 3584, 28, 4, 18_944, 152_064, 0, false),
    // phi-1.5: GPT-2-style blocks (biased projections, GELU MLP 4h wide), rotary positions,
    // untied head
    ("phi-1.5", Arch::Gpt2, 24, 2048, 32, 32, 8192, 51_200, 0, false),
];

/// The embedded models, by name.
pub fn all() -> impl Iterator<Item = Model> {
    MODELS.iter().map(|row| Model {
        name: row.0.to_string(),
        arch: row.1,
        layers: row.2,
        hidden: row.3,
        heads: row.4,
        kv_heads: row.5,
        intermediate: row.6,
        vocab: row.7,
        positions: row.8,
        tied_embeddings: row.9,
        stated_params: None,
    })
}

/// The embedded model called `name` (case does not matter).
pub fn find(name: &str) -> Option<Model> {
    all().find(|m| m.name.eq_ignore_ascii_case(name.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_counts_as_the_model_cards_do() {
        let count = |name: &str| find(name).map(|m| m.params());
        assert_eq!(count("gpt2"), Some(124_439_808));
        assert_eq!(count("GPT2-Medium"), Some(354_823_168));
        assert_eq!(count("bert-large-uncased"), Some(335_141_888));
        assert_eq!(count("llama-2-13b"), Some(13_015_864_320));
        assert_eq!(count("mistral-7b"), Some(7_241_732_096));
        assert_eq!(count("nope"), None);
    }
}
