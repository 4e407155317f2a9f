//! A transformer's shape and its parameter count.
//!
//! The count is the sum of the weight matrices and vectors of the architecture, as the reference
//! implementations define them (Hugging Face `transformers`' GPT-2, BERT and Llama modules;
//! nanoGPT's `model.py`): embeddings `V × h` (and learned positions `P × h`), per layer the
//! attention projections `h × h` for queries and output and `h × (kv_heads × head_dim)` for keys
//! and values, the MLP (`2 × h × f`, or `3 × h × f` for a gated one: SwiGLU), the norms, and the
//! output head unless it is tied to the embeddings.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The kind of transformer, for the parts only some have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Arch {
    /// GPT-2 style: learned positions, LayerNorm with bias, biased projections, GELU MLP.
    Gpt2,
    /// BERT style encoder: learned positions and token types, LayerNorm, a pooler.
    Bert,
    /// Llama style: rotary positions (no weights), RMSNorm without bias, unbiased projections,
    /// gated MLP, grouped-query attention.
    Llama,
}

/// A model's shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Model {
    pub name: String,
    pub arch: Arch,
    pub layers: u64,
    pub hidden: u64,
    pub heads: u64,
    /// Key/value heads (grouped-query attention); `heads` without it.
    pub kv_heads: u64,
    /// The MLP's inner width.
    pub intermediate: u64,
    pub vocab: u64,
    /// Learned positions (GPT-2, BERT); 0 for rotary ones.
    pub positions: u64,
    /// The output head shares the embedding matrix.
    pub tied_embeddings: bool,
    /// A parameter count given instead of a shape: it replaces the count the shape gives
    /// ([`Model::params`]), and the shape still sizes activations, logits and the KV cache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_params: Option<u64>,
}

/// Why a `config.json` could not be read as a model.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("config.json is not JSON: {0}")]
    NotJson(String),
    #[error("config.json lacks `{0}`")]
    Missing(&'static str),
    #[error("config.json has `{key}` = {value}, which is not a positive whole number")]
    NotPositive { key: &'static str, value: String },
    #[error(
        "`{0}` models are not covered: oomlens estimates GPT-2, BERT and Llama-style transformers"
    )]
    Unsupported(String),
    #[error("config.json's `{key}` = {value} is out of range (at most {max})")]
    TooLarge {
        key: &'static str,
        value: u64,
        max: u64,
    },
}

/// The first of `keys` present in `config`, as a positive integer.
fn number(config: &Value, keys: &[&'static str]) -> Result<Option<u64>, ModelError> {
    for key in keys {
        if let Some(value) = config.get(*key) {
            return match value.as_u64() {
                Some(n) if n > 0 => Ok(Some(n)),
                _ => Err(ModelError::NotPositive {
                    key,
                    value: value.to_string(),
                }),
            };
        }
    }
    Ok(None)
}

fn required(config: &Value, keys: &[&'static str]) -> Result<u64, ModelError> {
    number(config, keys)?.ok_or(ModelError::Missing(keys[0]))
}

/// Bounds that keep the arithmetic in range (and catch a mistyped config).
const LIMITS: &[(&str, u64)] = &[
    ("layers", 1_000),
    ("hidden", 1 << 17),
    ("heads", 1 << 12),
    ("intermediate", 1 << 20),
    ("vocab", 1 << 24),
];

impl Model {
    /// Reads a Hugging Face `config.json` (`model_type` picks the architecture: `gpt2`, `bert`,
    /// or a Llama-style one: `llama`, `mistral`, `qwen2`, `phi3`, `gemma`...).
    ///
    /// # Errors
    /// [`ModelError`] naming the key that is missing or wrong.
    pub fn from_config(name: &str, json: &str) -> Result<Model, ModelError> {
        let config: Value =
            serde_json::from_str(json).map_err(|e| ModelError::NotJson(e.to_string()))?;
        let model_type = config
            .get("model_type")
            .and_then(Value::as_str)
            .ok_or(ModelError::Missing("model_type"))?
            .to_ascii_lowercase();
        let arch = match model_type.as_str() {
            "gpt2" => Arch::Gpt2,
            "bert" | "roberta" => Arch::Bert,
            "llama" | "mistral" | "qwen2" | "qwen3" | "phi3" | "gemma" | "gemma2" | "olmo2"
            | "granite" => Arch::Llama,
            other => return Err(ModelError::Unsupported(other.to_string())),
        };
        let hidden = required(&config, &["hidden_size", "n_embd", "d_model"])?;
        let heads = required(&config, &["num_attention_heads", "n_head"])?;
        let model = Model {
            name: name.to_string(),
            arch,
            layers: required(&config, &["num_hidden_layers", "n_layer"])?,
            hidden,
            heads,
            kv_heads: number(&config, &["num_key_value_heads"])?.unwrap_or(heads),
            intermediate: number(&config, &["intermediate_size", "n_inner"])?.unwrap_or(4 * hidden),
            vocab: required(&config, &["vocab_size"])?,
            positions: match arch {
                Arch::Llama => 0,
                _ => number(&config, &["max_position_embeddings", "n_positions"])?.unwrap_or(0),
            },
            tied_embeddings: config
                .get("tie_word_embeddings")
                .and_then(Value::as_bool)
                .unwrap_or(arch != Arch::Llama),
            stated_params: None,
        };
        for (key, max) in LIMITS {
            let value = match *key {
                "layers" => model.layers,
                "hidden" => model.hidden,
                "heads" => model.heads,
                "intermediate" => model.intermediate,
                _ => model.vocab,
            };
            if value > *max {
                return Err(ModelError::TooLarge {
                    key,
                    value,
                    max: *max,
                });
            }
        }
        Ok(model)
    }

    /// Width of one attention head.
    pub fn head_dim(&self) -> u64 {
        self.hidden / self.heads.max(1)
    }

    /// Parameters in the weight matrices of the transformer layers (attention and MLP), the ones
    /// 4-bit quantization replaces (bitsandbytes and the QLoRA recipes quantize these linear
    /// layers and keep embeddings, the output head, norms and biases in 16 bits).
    pub fn layer_matrix_params(&self) -> u64 {
        let h = self.hidden;
        let f = self.intermediate;
        let kv = self.kv_heads * self.head_dim();
        let per_layer = match self.arch {
            Arch::Gpt2 => 4 * h * h + 2 * h * f,
            Arch::Bert => 4 * h * h + 2 * h * f,
            Arch::Llama => 2 * h * h + 2 * h * kv + 3 * h * f,
        };
        let shaped = self.layers * per_layer;
        match self.stated_params {
            // the same share of a stated count as of the shape's own count
            Some(stated) => {
                (u128::from(shaped) * u128::from(stated) / u128::from(self.shape_params().max(1)))
                    as u64
            }
            None => shaped,
        }
    }

    /// The number of parameters: the stated count, or the shape's (see the module's sources).
    pub fn params(&self) -> u64 {
        self.stated_params.unwrap_or_else(|| self.shape_params())
    }

    /// The number of parameters of the shape.
    fn shape_params(&self) -> u64 {
        let h = self.hidden;
        let f = self.intermediate;
        let kv = self.kv_heads * self.head_dim();
        let embeddings = self.vocab * h + self.positions * h;
        let per_layer = match self.arch {
            // c_attn (h × 3h + 3h), c_proj (h × h + h), ln_1 and ln_2 (2h each),
            // mlp c_fc (h × f + f), c_proj (f × h + h)
            Arch::Gpt2 => (h * 3 * h + 3 * h) + (h * h + h) + 4 * h + (h * f + f) + (f * h + h),
            // query, key, value, output (h × h + h each), two LayerNorms (2h each),
            // intermediate (h × f + f), output (f × h + h)
            Arch::Bert => 4 * (h * h + h) + 4 * h + (h * f + f) + (f * h + h),
            // q (h × h), k and v (h × kv each), o (h × h), gate, up, down (h × f each), two RMSNorms
            Arch::Llama => 2 * h * h + 2 * h * kv + 3 * h * f + 2 * h,
        };
        let extra = match self.arch {
            // final LayerNorm
            Arch::Gpt2 => 2 * h,
            // token types (2 × h), embedding LayerNorm (2h), pooler (h × h + h)
            Arch::Bert => 2 * h + 2 * h + h * h + h,
            // final RMSNorm
            Arch::Llama => h,
        };
        let head = if self.tied_embeddings {
            0
        } else {
            self.vocab * h
        };
        embeddings + self.layers * per_layer + extra + head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_counts_match_the_published_ones() {
        // GPT-2 small: 124,439,808 (transformers' GPT2LMHeadModel, tied head)
        let gpt2 = r#"{"model_type":"gpt2","n_embd":768,"n_head":12,"n_layer":12,"vocab_size":50257,"n_positions":1024}"#;
        assert_eq!(
            Model::from_config("gpt2", gpt2).map(|m| m.params()),
            Ok(124_439_808)
        );
        // bert-base-uncased: 109,482,240 with its pooler
        let bert = r#"{"model_type":"bert","hidden_size":768,"num_attention_heads":12,"num_hidden_layers":12,"intermediate_size":3072,"vocab_size":30522,"max_position_embeddings":512}"#;
        assert_eq!(
            Model::from_config("bert", bert).map(|m| m.params()),
            Ok(109_482_240)
        );
        // Llama-2-7B: 6,738,415,616
        let llama = r#"{"model_type":"llama","hidden_size":4096,"num_attention_heads":32,"num_key_value_heads":32,"num_hidden_layers":32,"intermediate_size":11008,"vocab_size":32000,"tie_word_embeddings":false}"#;
        assert_eq!(
            Model::from_config("llama", llama).map(|m| m.params()),
            Ok(6_738_415_616)
        );
        // Llama-3-8B (grouped-query attention, 8 KV heads): 8,030,261,248
        let llama3 = r#"{"model_type":"llama","hidden_size":4096,"num_attention_heads":32,"num_key_value_heads":8,"num_hidden_layers":32,"intermediate_size":14336,"vocab_size":128256,"tie_word_embeddings":false}"#;
        assert_eq!(
            Model::from_config("llama3", llama3).map(|m| m.params()),
            Ok(8_030_261_248)
        );
    }

    #[test]
    fn a_bad_config_names_what_is_wrong() {
        assert!(matches!(
            Model::from_config("x", "{not json"),
            Err(ModelError::NotJson(_))
        ));
        assert_eq!(
            Model::from_config(
                "x",
                r#"{"model_type":"gpt2","n_head":12,"n_layer":12,"vocab_size":5}"#
            ),
            Err(ModelError::Missing("hidden_size"))
        );
        assert_eq!(
            Model::from_config(
                "x",
                r#"{"model_type":"gpt2","n_embd":-5,"n_head":12,"n_layer":12,"vocab_size":5}"#
            ),
            Err(ModelError::NotPositive {
                key: "n_embd",
                value: "-5".into()
            })
        );
        assert_eq!(
            Model::from_config("x", r#"{"model_type":"t5"}"#),
            Err(ModelError::Unsupported("t5".into()))
        );
        assert!(matches!(
            Model::from_config(
                "x",
                r#"{"model_type":"gpt2","n_embd":768,"n_head":12,"n_layer":1000000,"vocab_size":5}"#
            ),
            Err(ModelError::TooLarge { key: "layers", .. })
        ));
    }
}
