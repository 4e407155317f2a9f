//! The inputs of an estimate as people give them (a form, a query string, a JSON object, the
//! command line's flags), every value a string, read into a [`Plan`] or into errors that name
//! the field at fault.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::gpus;
use crate::memory::{Dtype, Lora, LoraTargets, Optimizer, Run};
use crate::model::{Model, ModelError};
use crate::models;
use crate::plan::{Plan, Sharding, DEFAULT_CONTEXT, MAX_BATCH};

/// The fields, by their names in forms, JSON and flags (`--lora-rank` for `lora_rank`).
pub const FIELDS: &[&str] = &[
    "model",
    "params",
    "config",
    "mode",
    "weights",
    "mixed_precision",
    "optimizer",
    "batch",
    "sequence",
    "checkpointing",
    "attention",
    "lora_rank",
    "lora_targets",
    "sharding",
    "devices",
    "gpu",
    "gpu_memory",
    "effective_batch",
];

/// An estimate's inputs, as typed. Empty means "the default" (see [`Request::plan`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Request {
    /// A listed model's name ([`models::all`]).
    pub model: String,
    /// A parameter count: `7B`, `124M`, `6738415616`.
    pub params: String,
    /// A Hugging Face `config.json`, pasted.
    pub config: String,
    /// `training` (default) or `inference`.
    pub mode: String,
    /// `fp32`, `bf16` (default), `fp16` or `nf4`.
    pub weights: String,
    /// Checkbox: fp32 weights under autocast.
    pub mixed_precision: String,
    /// `adamw` (default), `adamw-8bit`, `adafactor` or `sgd`.
    pub optimizer: String,
    /// Micro-batch per device (default 1).
    pub batch: String,
    /// Tokens per sample (default 1024).
    pub sequence: String,
    /// Checkbox: activation checkpointing.
    pub checkpointing: String,
    /// `flash` (default; SDPA's memory-efficient kernels) or `eager`.
    pub attention: String,
    /// LoRA rank; empty or 0 for none.
    pub lora_rank: String,
    /// `qv` (default), `qkvo` or `all-linear`.
    pub lora_targets: String,
    /// `none` (default), `zero1`, `zero2`, `zero3` or `fsdp` (= zero3).
    pub sharding: String,
    /// Data-parallel devices (default 1).
    pub devices: String,
    /// A listed GPU's name ([`gpus::all`]).
    pub gpu: String,
    /// A card's memory instead: `24 GiB`, `23.69 GiB`, `80` (GiB).
    pub gpu_memory: String,
    /// The wanted effective batch, for the accumulation steps.
    pub effective_batch: String,
}

/// One field's problem. `code` and `values` let an interface say it in its own language;
/// `message` says it in English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub code: &'static str,
    #[serde(skip)]
    pub values: Vec<(&'static str, String)>,
    pub message: String,
}

fn error(
    field: &'static str,
    code: &'static str,
    values: &[(&'static str, String)],
    message: String,
) -> FieldError {
    FieldError {
        field,
        code,
        values: values.to_vec(),
        message,
    }
}

/// Where the model's shape came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelSource {
    List,
    Config,
    /// A parameter count, with the shape of the listed model nearest in size.
    Params,
}

/// A request read: the plan, and what the answer reports about its inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub plan: Plan,
    pub source: ModelSource,
    /// The listed GPU, when one was named.
    pub gpu: Option<&'static str>,
}

impl Request {
    /// A JSON object's values as the strings a form would send (numbers and booleans written
    /// out). An unknown key is an error naming it, so a typo is not silently ignored.
    ///
    /// # Errors
    /// The unknown or non-scalar fields.
    pub fn from_json(object: &Map<String, Value>) -> Result<Request, Vec<FieldError>> {
        let mut strings = Map::new();
        let mut errors = Vec::new();
        for (key, value) in object {
            let Some(field) = FIELDS.iter().find(|f| **f == key.as_str()) else {
                errors.push(error(
                    "request",
                    "unknown-field",
                    &[("field", key.clone())],
                    format!(
                        "`{key}` is not a field of an estimate; the fields are {}",
                        FIELDS.join(", ")
                    ),
                ));
                continue;
            };
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Null => String::new(),
                _ => {
                    errors.push(error(
                        field,
                        "not-scalar",
                        &[],
                        format!("`{field}` must be a string, a number or a boolean"),
                    ));
                    continue;
                }
            };
            strings.insert(key.clone(), Value::String(text));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        serde_json::from_value(Value::Object(strings))
            .map_err(|e| vec![error("request", "bad-request", &[], e.to_string())])
    }

    /// Reads every field, checks them together, and answers the plan or every problem found.
    ///
    /// # Errors
    /// One [`FieldError`] per wrong field.
    pub fn plan(&self) -> Result<Planned, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = |result: Result<(), FieldError>| {
            if let Err(e) = result {
                errors.push(e);
            }
        };
        let mut model = None;
        let mut source = ModelSource::List;
        check(self.model_shape().map(|(m, s)| {
            model = Some(m);
            source = s;
        }));
        let mut training = true;
        check(
            choice(
                &self.mode,
                "mode",
                &[("training", true), ("inference", false)],
                true,
            )
            .map(|v| training = v),
        );
        let mut weights = Dtype::Bf16;
        check(
            choice(
                &self.weights,
                "weights",
                &[
                    ("fp32", Dtype::Fp32),
                    ("bf16", Dtype::Bf16),
                    ("fp16", Dtype::Fp16),
                    ("nf4", Dtype::Nf4),
                ],
                Dtype::Bf16,
            )
            .map(|v| weights = v),
        );
        let mut mixed = false;
        check(flag(&self.mixed_precision, "mixed_precision").map(|v| mixed = v));
        let mut optimizer = Optimizer::Adamw;
        check(
            choice(
                &self.optimizer,
                "optimizer",
                &[
                    ("adamw", Optimizer::Adamw),
                    ("adamw-8bit", Optimizer::Adamw8bit),
                    ("adafactor", Optimizer::Adafactor),
                    ("sgd", Optimizer::Sgd),
                ],
                Optimizer::Adamw,
            )
            .map(|v| optimizer = v),
        );
        let mut batch = 1;
        check(whole(&self.batch, "batch", 1, MAX_BATCH, 1).map(|v| batch = v));
        let mut sequence = 1024;
        check(whole(&self.sequence, "sequence", 1, 1 << 20, 1024).map(|v| sequence = v));
        let mut checkpointing = false;
        check(flag(&self.checkpointing, "checkpointing").map(|v| checkpointing = v));
        let mut flash = true;
        check(
            choice(
                &self.attention,
                "attention",
                &[("flash", true), ("sdpa", true), ("eager", false)],
                true,
            )
            .map(|v| flash = v),
        );
        let mut rank = 0;
        check(whole(&self.lora_rank, "lora_rank", 0, 1 << 16, 0).map(|v| rank = v));
        let mut targets = LoraTargets::Qv;
        check(
            choice(
                &self.lora_targets,
                "lora_targets",
                &[
                    ("qv", LoraTargets::Qv),
                    ("qkvo", LoraTargets::Qkvo),
                    ("all-linear", LoraTargets::AllLinear),
                ],
                LoraTargets::Qv,
            )
            .map(|v| targets = v),
        );
        let mut sharding = Sharding::None;
        check(
            choice(
                &self.sharding,
                "sharding",
                &[
                    ("none", Sharding::None),
                    ("zero1", Sharding::Zero1),
                    ("zero2", Sharding::Zero2),
                    ("zero3", Sharding::Zero3),
                    ("fsdp", Sharding::Zero3),
                ],
                Sharding::None,
            )
            .map(|v| sharding = v),
        );
        let mut devices = 1;
        check(whole(&self.devices, "devices", 1, 1 << 16, 1).map(|v| devices = v));
        let mut effective_batch = None;
        check(
            whole(
                &self.effective_batch,
                "effective_batch",
                1,
                1_000_000_000,
                0,
            )
            .map(|v| effective_batch = (v > 0).then_some(v)),
        );
        let mut capacity = None;
        let mut gpu = None;
        check(self.card().map(|(name, bytes)| {
            gpu = name;
            capacity = bytes;
        }));
        if mixed && weights != Dtype::Fp32 {
            errors.push(error("mixed_precision", "mixed-needs-fp32", &[], "mixed precision keeps fp32 weights and computes in 16 bits: choose fp32 weights, or leave mixed precision off for bf16 or fp16 weights".into()));
        }
        if training && weights == Dtype::Nf4 && rank == 0 {
            errors.push(error(
                "lora_rank",
                "nf4-needs-lora",
                &[],
                "4-bit weights train only through adapters (QLoRA): give a LoRA rank".into(),
            ));
        }
        let Some(model) = model.filter(|_| errors.is_empty()) else {
            return Err(errors);
        };
        let run = Run {
            training,
            weights,
            mixed_precision: mixed,
            optimizer,
            batch,
            sequence,
            checkpointing,
            flash,
            lora: (rank > 0).then_some(Lora { rank, targets }),
        };
        Ok(Planned {
            plan: Plan {
                model,
                run,
                sharding,
                devices,
                context: DEFAULT_CONTEXT,
                capacity,
                effective_batch,
            },
            source,
            gpu,
        })
    }

    fn model_shape(&self) -> Result<(Model, ModelSource), FieldError> {
        let given = [
            !self.model.trim().is_empty(),
            !self.params.trim().is_empty(),
            !self.config.trim().is_empty(),
        ];
        match given {
            [true, false, false] => models::find(&self.model)
                .map(|m| (m, ModelSource::List))
                .ok_or_else(|| {
                    error(
                        "model",
                        "unknown-model",
                        &[("value", self.model.trim().to_string())],
                        format!(
                            "\"{}\" is not a listed model; the list: {}",
                            self.model.trim(),
                            models::all().map(|m| m.name).collect::<Vec<_>>().join(", ")
                        ),
                    )
                }),
            [false, true, false] => {
                let count = parse_count(&self.params).ok_or_else(|| {
                    error(
                        "params",
                        "bad-count",
                        &[("value", self.params.trim().to_string())],
                        format!(
                            "\"{}\" is not a parameter count: write 124M, 7B or 6738415616",
                            self.params.trim()
                        ),
                    )
                })?;
                if !(1_000_000..=10_000_000_000_000).contains(&count) {
                    return Err(error(
                        "params",
                        "out-of-range",
                        &[("min", "1M".into()), ("max", "10T".into())],
                        "a parameter count between 1M and 10T".into(),
                    ));
                }
                let nearest = models::all()
                    .min_by_key(|m| m.params().abs_diff(count))
                    .ok_or_else(|| {
                        error(
                            "params",
                            "bad-count",
                            &[],
                            "no listed model to take a shape from".into(),
                        )
                    })?;
                let name = format!("{count} parameters ({} shape)", nearest.name);
                Ok((
                    Model {
                        name,
                        stated_params: Some(count),
                        ..nearest
                    },
                    ModelSource::Params,
                ))
            }
            [false, false, true] => Model::from_config("config.json", &self.config)
                .map(|m| (m, ModelSource::Config))
                .map_err(|e| {
                    let code = match e {
                        ModelError::NotJson(_) => "config-not-json",
                        ModelError::Missing(_) => "config-missing",
                        ModelError::NotPositive { .. } => "config-not-positive",
                        ModelError::Unsupported(_) => "config-unsupported",
                        ModelError::TooLarge { .. } => "config-too-large",
                    };
                    error("config", code, &[("detail", e.to_string())], e.to_string())
                }),
            [false, false, false] => Err(error(
                "model",
                "no-model",
                &[],
                "choose a listed model, give a parameter count or paste a config.json".into(),
            )),
            _ => Err(error(
                "model",
                "two-models",
                &[],
                "give one model: a listed one, a parameter count or a config.json, not several"
                    .into(),
            )),
        }
    }

    fn card(&self) -> Result<(Option<&'static str>, Option<u64>), FieldError> {
        match (self.gpu.trim(), self.gpu_memory.trim()) {
            ("", "") => Ok((None, None)),
            (name, "") => gpus::find(name)
                .map(|g| (Some(g.name), Some(g.memory)))
                .ok_or_else(|| error("gpu", "unknown-gpu", &[("value", name.to_string())], format!("\"{name}\" is not a listed GPU; the list: {}; or give its memory in gpu_memory", gpus::all().map(|g| g.name).collect::<Vec<_>>().join(", ")))),
            ("", memory) => parse_memory(memory)
                .filter(|bytes| (1 << 20..=16 << 40).contains(bytes))
                .map(|bytes| (None, Some(bytes)))
                .ok_or_else(|| error("gpu_memory", "bad-memory", &[("value", memory.to_string())], format!("\"{memory}\" is not a card's memory: write 24 GiB, 23.69 GiB or 80 (GiB), between 1 MiB and 16 TiB"))),
            _ => Err(error("gpu_memory", "two-cards", &[], "give a listed GPU or its memory, not both".into())),
        }
    }
}

/// One of `options` by name (case and surrounding spaces ignored); `default` when empty.
fn choice<T: Copy>(
    value: &str,
    field: &'static str,
    options: &[(&str, T)],
    default: T,
) -> Result<T, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(default);
    }
    options
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(value))
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
            error(
                field,
                "unknown-choice",
                &[("value", value.to_string()), ("choices", names.join(", "))],
                format!(
                    "`{field}` is \"{value}\"; it takes one of {}",
                    names.join(", ")
                ),
            )
        })
}

/// A checkbox: empty, `off`, `false`, `0`, `no` are off; `on`, `true`, `1`, `yes` on.
fn flag(value: &str, field: &'static str) -> Result<bool, FieldError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "off" | "false" | "0" | "no" => Ok(false),
        "on" | "true" | "1" | "yes" => Ok(true),
        other => Err(error(
            field,
            "not-a-flag",
            &[("value", other.to_string())],
            format!("`{field}` is \"{other}\"; it takes true or false"),
        )),
    }
}

/// A whole number in `min..=max`; `default` when empty.
fn whole(
    value: &str,
    field: &'static str,
    min: u64,
    max: u64,
    default: u64,
) -> Result<u64, FieldError> {
    let text = value.trim().replace(['_', ','], "");
    if text.is_empty() {
        return Ok(default);
    }
    let range = || {
        vec![
            ("value", value.trim().to_string()),
            ("min", min.to_string()),
            ("max", max.to_string()),
        ]
    };
    match text.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        Ok(_) => Err(error(
            field,
            "out-of-range",
            &range(),
            format!(
                "`{field}` is {}; it must be between {min} and {max}",
                value.trim()
            ),
        )),
        Err(_) if text.parse::<f64>().is_ok() => Err(error(
            field,
            "out-of-range",
            &range(),
            format!(
                "`{field}` is {}; it must be a whole number between {min} and {max}",
                value.trim()
            ),
        )),
        Err(_) => Err(error(
            field,
            "not-a-number",
            &[("value", value.trim().to_string())],
            format!("`{field}` is \"{}\", which is not a number", value.trim()),
        )),
    }
}

/// `124M`, `1.3B`, `7b`, `6738415616`, `1.3e9`, `350k` as a count.
pub fn parse_count(text: &str) -> Option<u64> {
    let text = text.trim().replace(['_', ',', ' '], "");
    let (number, scale) = match text.chars().last()?.to_ascii_lowercase() {
        'k' => (&text[..text.len() - 1], 1e3),
        'm' => (&text[..text.len() - 1], 1e6),
        'b' | 'g' => (&text[..text.len() - 1], 1e9),
        't' => (&text[..text.len() - 1], 1e12),
        _ => (text.as_str(), 1.0),
    };
    let value = number.parse::<f64>().ok()? * scale;
    (1.0..1e18).contains(&value).then(|| value.round() as u64)
}

/// `24 GiB`, `23.69GiB`, `40 GB`, `16384 MiB`, `80` (GiB) in bytes. GB and MB are read as
/// the binary units, as PyTorch and nvidia-smi print them.
pub fn parse_memory(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let number: f64 = text[..split].trim().parse().ok()?;
    let shift = match text[split..].trim().to_ascii_lowercase().as_str() {
        "" | "g" | "gb" | "gib" => 30,
        "m" | "mb" | "mib" => 20,
        "t" | "tb" | "tib" => 40,
        _ => return None,
    };
    let bytes = number * (1u64 << shift) as f64;
    (1.0..1e18).contains(&bytes).then(|| bytes.round() as u64)
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
