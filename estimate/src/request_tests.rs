use super::*;

fn req(pairs: &[(&str, &str)]) -> Request {
    let object: Map<String, Value> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
        .collect();
    Request::from_json(&object).unwrap_or_else(|e| panic!("{e:?}"))
}

fn fields(result: Result<Planned, Vec<FieldError>>) -> Vec<(&'static str, &'static str)> {
    match result {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|e| (e.field, e.code)).collect(),
    }
}

#[test]
fn defaults_fill_what_is_left_empty() {
    let planned = req(&[("model", "gpt2")])
        .plan()
        .unwrap_or_else(|e| panic!("{e:?}"));
    let run = &planned.plan.run;
    assert!(run.training && run.flash && !run.checkpointing && !run.mixed_precision);
    assert_eq!(
        (run.batch, run.sequence, run.weights),
        (1, 1024, Dtype::Bf16)
    );
    assert_eq!((planned.plan.devices, planned.plan.capacity), (1, None));
    assert_eq!(planned.source, ModelSource::List);
}

#[test]
fn bad_values_name_their_field() {
    assert_eq!(
        fields(req(&[("model", "gpt2"), ("batch", "-4")]).plan()),
        [("batch", "out-of-range")]
    );
    assert_eq!(
        fields(req(&[("model", "gpt2"), ("batch", "0")]).plan()),
        [("batch", "out-of-range")]
    );
    assert_eq!(
        fields(req(&[("model", "gpt2"), ("sequence", "1000000000000")]).plan()),
        [("sequence", "out-of-range")]
    );
    assert_eq!(
        fields(req(&[("model", "gpt2"), ("gpu", "RTX 9999")]).plan()),
        [("gpu", "unknown-gpu")]
    );
    assert_eq!(
        fields(req(&[("config", "{\"model_type\": \"gpt2\",")]).plan()),
        [("config", "config-not-json")]
    );
    assert_eq!(
        fields(req(&[("model", "gpt-5")]).plan()),
        [("model", "unknown-model")]
    );
    assert_eq!(fields(req(&[]).plan()), [("model", "no-model")]);
    assert_eq!(
        fields(req(&[("model", "gpt2"), ("params", "7B")]).plan()),
        [("model", "two-models")]
    );
    assert_eq!(
        fields(req(&[("model", "gpt2"), ("optimizer", "lion")]).plan()),
        [("optimizer", "unknown-choice")]
    );
    assert_eq!(
        fields(req(&[("model", "gpt2"), ("mixed_precision", "on")]).plan()),
        [("mixed_precision", "mixed-needs-fp32")]
    );
    assert_eq!(
        fields(req(&[("model", "llama-2-7b"), ("weights", "nf4")]).plan()),
        [("lora_rank", "nf4-needs-lora")]
    );
    // every wrong field at once, not the first only
    assert_eq!(
        fields(
            req(&[
                ("model", "gpt2"),
                ("batch", "x"),
                ("devices", "0"),
                ("gpu_memory", "lots")
            ])
            .plan()
        ),
        [
            ("batch", "not-a-number"),
            ("devices", "out-of-range"),
            ("gpu_memory", "bad-memory")
        ]
    );
}

#[test]
fn json_values_may_be_numbers_and_booleans_and_unknown_keys_are_named() {
    let object = serde_json::json!({"model": "gpt2", "batch": 8, "checkpointing": true});
    let planned = Request::from_json(object.as_object().unwrap_or_else(|| panic!("object")))
        .and_then(|r| r.plan())
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(planned.plan.run.batch, 8);
    assert!(planned.plan.run.checkpointing);
    let typo = serde_json::json!({"model": "gpt2", "batch_size": 8});
    let errors = Request::from_json(typo.as_object().unwrap_or_else(|| panic!("object")))
        .err()
        .unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.starts_with("`batch_size` is not a field"),
        "{}",
        errors[0].message
    );
}

#[test]
fn counts_and_memory_read_as_people_write_them() {
    assert_eq!(parse_count("124M"), Some(124_000_000));
    assert_eq!(parse_count("1.3B"), Some(1_300_000_000));
    assert_eq!(parse_count("6,738,415,616"), Some(6_738_415_616));
    assert_eq!(parse_count("7e9"), Some(7_000_000_000));
    assert_eq!(parse_count("seven"), None);
    assert_eq!(parse_memory("24 GiB"), Some(24 << 30));
    assert_eq!(parse_memory("16384MiB"), Some(16 << 30));
    assert_eq!(parse_memory("80"), Some(80 << 30));
    assert_eq!(
        parse_memory("23.69 GiB"),
        Some((23.69 * (1u64 << 30) as f64).round() as u64)
    );
    assert_eq!(parse_memory("24 parsecs"), None);
}

#[test]
fn a_parameter_count_borrows_the_nearest_shape_and_keeps_its_count() {
    let planned = req(&[("params", "7B")])
        .plan()
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(planned.source, ModelSource::Params);
    assert_eq!(planned.plan.model.params(), 7_000_000_000);
    assert_eq!(
        planned.plan.model.hidden, 4096,
        "a 7B model has the shape of one"
    );
    assert_eq!(
        req(&[("params", "12")]).plan().err().map(|e| e[0].code),
        Some("out-of-range")
    );
}

#[test]
fn a_card_by_name_or_by_memory() {
    let named = req(&[("model", "gpt2"), ("gpu", "NVIDIA A100 80GB")])
        .plan()
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        (named.gpu, named.plan.capacity),
        (Some("A100 80GB"), Some(81_920 << 20))
    );
    let sized = req(&[("model", "gpt2"), ("gpu_memory", "11.69 GiB")])
        .plan()
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(sized.gpu, None);
    assert_eq!(
        fields(req(&[("model", "gpt2"), ("gpu", "T4"), ("gpu_memory", "16")]).plan()),
        [("gpu_memory", "two-cards")]
    );
}
