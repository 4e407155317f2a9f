//! The "try an example" messages on the home page, embedded from `app/examples/`.

/// One example: a button label and the text it diagnoses.
pub struct Example {
    /// Stable id, sent by the example button.
    pub id: &'static str,
    /// What the button says.
    pub label: &'static str,
    /// The pasted text.
    pub text: &'static str,
}

/// One real message per major kind, in the order the buttons show.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "pytorch-cuda",
        label: "PyTorch CUDA",
        text: include_str!("../examples/pytorch-cuda.txt"),
    },
    Example {
        id: "pytorch-other-process",
        label: "Another process",
        text: include_str!("../examples/pytorch-other-process.txt"),
    },
    Example {
        id: "pytorch-legacy",
        label: "PyTorch 1.x",
        text: include_str!("../examples/pytorch-legacy.txt"),
    },
    Example {
        id: "mps",
        label: "Apple MPS",
        text: include_str!("../examples/mps.txt"),
    },
    Example {
        id: "tensorflow",
        label: "TensorFlow",
        text: include_str!("../examples/tensorflow.txt"),
    },
    Example {
        id: "jax",
        label: "JAX",
        text: include_str!("../examples/jax.txt"),
    },
    Example {
        id: "vllm",
        label: "vLLM",
        text: include_str!("../examples/vllm.txt"),
    },
    Example {
        id: "llamacpp",
        label: "llama.cpp",
        text: include_str!("../examples/llamacpp.txt"),
    },
    Example {
        id: "host-ram",
        label: "Host RAM",
        text: include_str!("../examples/host-ram.txt"),
    },
    Example {
        id: "dataloader",
        label: "DataLoader worker",
        text: include_str!("../examples/dataloader.txt"),
    },
];

/// The example with this id, if there is one.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|example| example.id == id)
}
