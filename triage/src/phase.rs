//! Where the failing code was (`phase`), read from the traceback or log around a message.
//!
//! A table of (phase, pattern) tried on each context line, nearest line first: the innermost
//! frame that names a training step wins (`loss.backward()` → backward, `forward_call` → forward).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use crate::report::Phase;

/// Patterns per phase, most specific first: a line that names two phases takes the first. Also
/// as one set, searched once per line to skip the lines that name none (an event looks at up to
/// 30 lines above it).
static RULES: LazyLock<(Vec<(Phase, Regex)>, RegexSet)> = LazyLock::new(|| {
    let table: &[(Phase, &str)] = &[
        (
            Phase::Compile,
            r"torch/_dynamo|torch/_inductor|compile_fx|XLA:TPU compile|Compilation failure|hlo_rematerialization|torch\.compile",
        ),
        (
            Phase::Backward,
            r"\.backward\(|run_backward|in backward\b|autograd/__init__|_engine_run_backward|backward_pass",
        ),
        (
            Phase::OptimizerStep,
            r"optimizer\.step\(|in step\b.*optim|optim/\w+\.py|_multi_tensor_adam|_single_tensor_adam|zero_grad",
        ),
        (
            Phase::ModelLoading,
            r"from_pretrained|load_state_dict|caching_allocator_warmup|load_model|llama_model_load|load_tensors|Loading model|_load_checkpoint|model\.to\(|\.cuda\(\)|DeepSpeedEngine\(|deepspeed\.initialize|_prepare_deepspeed|LlamaCpp\(",
        ),
        (
            Phase::DataLoading,
            r"(?i)dataloader\.py|_next_data|__getitem__|collate_fn|_try_get_data|reduce_storage",
        ),
        (
            Phase::Evaluation,
            r"(?i)\bevaluat|estimate_loss|eval_loop|evaluation_loop|validation_step|\bvalidate\b|interrogate",
        ),
        (
            Phase::Generation,
            r"in generate\b|\.generate\(|in sample\b|_forward_generate|sampler\(|in decode\b|generation",
        ),
        (
            Phase::Forward,
            r"in forward\b|forward_call|\.forward\(|in _call_impl\b|_wrapped_call_impl|F\.linear|functional\.py|in __call__\b",
        ),
    ];
    let rules = table
        .iter()
        .map(|(p, re)| (*p, crate::pattern::re(re)))
        .collect();
    let patterns: Vec<&str> = table.iter().map(|(_, re)| *re).collect();
    (rules, crate::pattern::set(&patterns))
});

/// The phase named by one line, if any.
pub fn of_line(line: &str) -> Option<Phase> {
    let (rules, set) = &*RULES;
    // Most lines name no phase: one search of the set says so and stops at the first match;
    // only a line that names one is tried rule by rule for the first.
    if !set.is_match(line) {
        return None;
    }
    rules
        .iter()
        .find(|(_, re)| re.is_match(line))
        .map(|(p, _)| *p)
}

/// What a line above an event says to [`detect_said`]: it ends the traceback (blank), or names a
/// phase or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineSays {
    Blank,
    Names(Option<Phase>),
}

/// What `line` (cleaned) says to [`detect_said`].
pub(crate) fn line_says(line: &str) -> LineSays {
    if line.trim().is_empty() {
        LineSays::Blank
    } else {
        LineSays::Names(of_line(line))
    }
}

/// [`detect_said`] over cleaned lines (the tests' way in).
#[cfg(test)]
fn detect<S: AsRef<str>>(text: &str, before: impl Iterator<Item = S>) -> Option<Phase> {
    detect_said(text, before.map(|line| line_says(line.as_ref())))
}

/// What context lines said, by their raw bytes: a line sits above up to 30 events, and a
/// repeated failure repeats the same lines, so each distinct line is cleaned and searched once.
/// Bounded: emptied when [`LineSaysMemo::MAX_LINES`] lines are held.
#[derive(Debug, Default)]
pub(crate) struct LineSaysMemo {
    said: HashMap<Box<[u8]>, LineSays>,
}

impl LineSaysMemo {
    /// Lines held at most (each at most `CONTEXT_LINE_BYTES`).
    const MAX_LINES: usize = 256;

    /// What the raw context line `raw` says (cleaned as every context reader cleans it).
    pub(crate) fn get(&mut self, raw: &[u8]) -> LineSays {
        if let Some(says) = self.said.get(raw) {
            return *says;
        }
        let says = line_says(&crate::context::clean(raw));
        if self.said.len() >= Self::MAX_LINES {
            self.said.clear();
        }
        self.said.insert(raw.into(), says);
        says
    }
}

/// The phase for an event: its own text first, then what the lines before it say, nearest
/// first; a blank line ends the traceback. What they say is read already: the engine keeps what
/// a line said, since each line is above many events of a repeated failure.
pub(crate) fn detect_said(text: &str, before: impl Iterator<Item = LineSays>) -> Option<Phase> {
    if let Some(p) = of_line(text) {
        return Some(p);
    }
    for says in before {
        match says {
            LineSays::Blank => break,
            LineSays::Names(Some(p)) => return Some(p),
            LineSays::Names(None) => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_frame_wins() {
        let before = [
            "    return Variable._execution_engine.run_backward(",
            "  File \"/x/torch/autograd/graph.py\", line 825, in _engine_run_backward",
            "    tr_loss_step = self.training_step(model, inputs)",
        ];
        assert_eq!(
            detect("MPS backend out of memory", before.into_iter()),
            Some(Phase::Backward)
        );
        assert_eq!(
            detect("x", ["    return forward_call(*args)"].into_iter()),
            Some(Phase::Forward)
        );
        assert_eq!(
            detect("x", ["", "    return forward_call(*args)"].into_iter()),
            None
        );
        assert_eq!(
            of_line("XLA:TPU compile permanent error"),
            Some(Phase::Compile)
        );
        assert_eq!(
            of_line("  File \"t.py\", line 4810, in caching_allocator_warmup"),
            Some(Phase::ModelLoading)
        );
    }
}
