//! The command line: `oomlens [serve]`, `diagnose`, `search`, `check-content`.

pub mod admin;
pub mod check_content;
pub mod diagnose;
pub mod estimate;
pub mod help;
pub mod search;
pub mod serve;
mod terminal;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::{ContentDirs, LabReading, ServeConfig};

/// Self-hosted GPU out-of-memory diagnosis and troubleshooting wiki.
#[derive(Debug, Parser)]
#[command(name = "oomlens", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// With no subcommand, oomlens serves the site with these flags.
    #[command(flatten)]
    pub serve: ServeConfig,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the site (the default).
    Serve(ServeConfig),
    /// Diagnose a message or log: print the memory events, a capacity bar, findings and guides.
    Diagnose(DiagnoseArgs),
    /// Search the knowledge base.
    Search(SearchArgs),
    /// Estimate a run's peak GPU memory: weights, gradients, optimizer state, activations, logits,
    /// KV cache and the CUDA context; whether it fits a card, and the largest batch that does.
    Estimate(Box<EstimateArgs>),
    /// Validate a folder of pages: front matter, finding ids, translations, links, patterns
    /// (`--lab`: a lab folder, as `--content` loads it).
    CheckContent(CheckContentArgs),
    /// Manage the wiki's local accounts.
    #[command(subcommand)]
    User(admin::UserCommand),
    /// Copy the database (wiki and pastes) to FILE while the server runs.
    Backup(admin::BackupArgs),
    /// Write every wiki page as markdown with front matter (with --history, every revision too).
    Export(admin::ExportArgs),
    /// Bring an export back into the wiki.
    Import(admin::ImportArgs),
}

/// Flags of `oomlens diagnose`.
#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// File to read; `-` or nothing reads standard input.
    #[arg(value_name = "FILE|-")]
    pub file: Option<PathBuf>,
    /// Print the report as JSON (the format of spec/report.md).
    #[arg(long)]
    pub json: bool,
    /// Language of the terminal summary, `en` or `zh` (default: from `LANG`, else English).
    #[arg(long, value_parser = ["en", "zh"])]
    pub lang: Option<String>,
    #[command(flatten)]
    pub content: ContentDirs,
}

/// The language of human output: `given`, else the locale the environment names (`LC_ALL`,
/// `LC_MESSAGES`, `LANG`, in POSIX's order), else English. `zh_CN.UTF-8` and the like are Chinese.
pub fn output_lang(given: Option<&str>) -> app::i18n::Lang {
    let from_env = || {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|var| std::env::var(var).ok())
            .find(|value| !value.is_empty())
    };
    let value = given
        .map(str::to_string)
        .or_else(from_env)
        .unwrap_or_default();
    if value.to_ascii_lowercase().starts_with("zh") {
        app::i18n::Lang::Zh
    } else {
        app::i18n::Lang::En
    }
}

/// Flags of `oomlens estimate`: the fields of `/api/estimate`, checked the same way.
#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// A listed model (llama-2-7b, gpt2, mistral-7b...).
    #[arg(long)]
    pub model: Option<String>,
    /// A parameter count instead (124M, 7B).
    #[arg(long)]
    pub params: Option<String>,
    /// A Hugging Face config.json file instead.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// `training` (default) or `inference`.
    #[arg(long)]
    pub mode: Option<String>,
    /// Weights: `bf16` (default), `fp16`, `fp32` or `nf4`.
    #[arg(long)]
    pub weights: Option<String>,
    /// Mixed precision: fp32 weights under autocast.
    #[arg(long)]
    pub mixed_precision: bool,
    /// `adamw` (default), `adamw-8bit`, `adafactor` or `sgd`.
    #[arg(long)]
    pub optimizer: Option<String>,
    /// Micro-batch per device (default 1).
    #[arg(long, allow_hyphen_values = true)]
    pub batch: Option<String>,
    /// Tokens per sample (default 1024).
    #[arg(long, allow_hyphen_values = true)]
    pub sequence: Option<String>,
    /// Activation checkpointing.
    #[arg(long)]
    pub checkpointing: bool,
    /// `flash` (default) or `eager`.
    #[arg(long)]
    pub attention: Option<String>,
    /// LoRA rank (none by default).
    #[arg(long, allow_hyphen_values = true)]
    pub lora_rank: Option<String>,
    /// Layers LoRA adapts: `qv` (default), `qkvo` or `all-linear`.
    #[arg(long)]
    pub lora_targets: Option<String>,
    /// `none` (default), `zero1`, `zero2`, `zero3` or `fsdp`.
    #[arg(long)]
    pub sharding: Option<String>,
    /// Data-parallel devices (default 1).
    #[arg(long, allow_hyphen_values = true)]
    pub devices: Option<String>,
    /// A listed GPU (RTX 4090, A100 80GB...).
    #[arg(long)]
    pub gpu: Option<String>,
    /// The card's memory instead (24GiB).
    #[arg(long)]
    pub gpu_memory: Option<String>,
    /// The effective batch wanted, for the accumulation steps.
    #[arg(long, allow_hyphen_values = true)]
    pub effective_batch: Option<String>,
    /// Print the estimate as JSON (the object of /api/estimate, docs/estimate.md).
    #[arg(long)]
    pub json: bool,
    /// Language of the terminal summary, `en` or `zh` (default: from `LANG`, else English).
    #[arg(long, value_parser = ["en", "zh"])]
    pub lang: Option<String>,
}

/// Flags of `oomlens search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for, in English or Chinese.
    pub query: String,
    /// Print the results as JSON (the format of spec/search.md).
    #[arg(long)]
    pub json: bool,
    /// Only pages in this language (`en` or `zh`).
    #[arg(long)]
    pub lang: Option<String>,
    /// Only pages with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// At most this many hits.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[command(flatten)]
    pub content: ContentDirs,
}

/// Flags of `oomlens check-content`.
#[derive(Debug, Args)]
pub struct CheckContentArgs {
    /// Folder of pages to check.
    #[arg(value_name = "DIR", default_value = "content")]
    pub dir: PathBuf,
    /// Check DIR as a lab folder given to `--content` (notes as they are: front matter optional,
    /// .md/.markdown/.txt/.rst): report what would be skipped, not the built-in library's rules.
    #[arg(long)]
    pub lab: bool,
    /// With `--lab`: the link and size rules `--content` will be given.
    #[command(flatten)]
    pub reading: LabReading,
}
