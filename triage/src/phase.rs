//! Where the failing code was (`phase`), read from the traceback or log around a message.
//!
//! A table of (phase, pattern) tried on each context line, nearest line first: the innermost
//! frame that names a training step wins (`loss.backward()` → backward, `forward_call` → forward).

use std::sync::LazyLock;

use regex::Regex;

use crate::report::Phase;

/// Patterns per phase, most specific first. A line is tried against them in this order.
static RULES: LazyLock<Vec<(Phase, Regex)>> = LazyLock::new(|| {
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
    table
        .iter()
        .map(|(p, re)| (*p, crate::pattern::re(re)))
        .collect()
});

/// The phase named by one line, if any.
pub fn of_line(line: &str) -> Option<Phase> {
    RULES
        .iter()
        .find(|(_, re)| re.is_match(line))
        .map(|(p, _)| *p)
}

/// The phase for an event: its own text first, then the lines before it, nearest first.
/// `before` yields lines from the nearest to the farthest; a blank line ends the traceback.
pub fn detect<'a>(text: &str, before: impl Iterator<Item = &'a str>) -> Option<Phase> {
    if let Some(p) = of_line(text) {
        return Some(p);
    }
    for line in before {
        if line.trim().is_empty() {
            break;
        }
        if let Some(p) = of_line(line) {
            return Some(p);
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
