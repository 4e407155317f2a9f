//! Vocabulary sizes of common model families: the last dimension of their logits. Each is the
//! `vocab_size` of the family's published `config.json` on the Hugging Face Hub (checked
//! 2026-11), or the figure its training code prints (nanoGPT).

/// (vocabulary size, the models that use it).
pub const VOCABULARIES: &[(u64, &str)] = &[
    (50_257, "GPT-2"),
    // nanoGPT: "defaulting to vocab_size of GPT-2 to 50304 (50257 rounded up for efficiency)"
    (50_304, "GPT-2, padded to a multiple of 64 (nanoGPT)"),
    (32_000, "Llama 2 / Mistral 7B v0.1"),
    (32_768, "Mistral v0.3 / Mixtral 8x22B"),
    (128_256, "Llama 3"),
    (151_936, "Qwen2 / Qwen2.5"),
    (152_064, "Qwen2.5 7B and larger"),
    (256_000, "Gemma / Gemma 2"),
    (262_144, "Gemma 3"),
    (49_152, "StarCoder2 / SmolLM"),
    (65_024, "Falcon"),
    (32_064, "Phi-3 mini"),
    (30_522, "BERT (uncased)"),
    (250_002, "XLM-RoBERTa"),
    (32_128, "T5"),
    (102_400, "DeepSeek LLM / DeepSeek-V2"),
    (129_280, "DeepSeek-V3 / R1"),
];

/// The models using vocabulary `size`, if it is in the table.
pub fn family(size: u64) -> Option<&'static str> {
    VOCABULARIES
        .iter()
        .find(|(v, _)| *v == size)
        .map(|(_, name)| *name)
}
