//! The "try an example" messages on the home page, embedded from `app/examples/`.

/// One example: the text it diagnoses (its button's label is `example-{id}` in the catalogues).
pub struct Example {
    /// Stable id, sent by the example button.
    pub id: &'static str,
    /// The pasted text.
    pub text: &'static str,
}

/// One real message per major kind, in the order the buttons show.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "pytorch-cuda",
        text: include_str!("../examples/pytorch-cuda.txt"),
    },
    Example {
        id: "pytorch-other-process",
        text: include_str!("../examples/pytorch-other-process.txt"),
    },
    Example {
        id: "pytorch-legacy",
        text: include_str!("../examples/pytorch-legacy.txt"),
    },
    Example {
        id: "mps",
        text: include_str!("../examples/mps.txt"),
    },
    Example {
        id: "tensorflow",
        text: include_str!("../examples/tensorflow.txt"),
    },
    Example {
        id: "jax",
        text: include_str!("../examples/jax.txt"),
    },
    Example {
        id: "vllm",
        text: include_str!("../examples/vllm.txt"),
    },
    Example {
        id: "llamacpp",
        text: include_str!("../examples/llamacpp.txt"),
    },
    Example {
        id: "host-ram",
        text: include_str!("../examples/host-ram.txt"),
    },
    Example {
        id: "dataloader",
        text: include_str!("../examples/dataloader.txt"),
    },
];

/// The example with this id, if there is one.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|example| example.id == id)
}
