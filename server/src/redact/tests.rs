use super::*;

fn redactor() -> Redactor {
    Redactor::new(b"a test installation key")
}

#[test]
fn home_paths_and_prompts_lose_the_user_name_everywhere_it_is_one() {
    let r = redactor();
    let text = "(venv) alice@gpu-node-07:~/proj$ python train.py\n\
        File \"/home/alice/proj/train.py\", line 88, in main\n\
        saved to /scratch/alice/ckpt and C:\\Users\\alice\\cache\n\
        main process done";
    let (out, counts) = r.redact(text);
    let user = r.placeholder("user", "alice");
    let host = r.placeholder("host", "gpu-node-07");
    assert!(!out.contains("alice"), "{out}");
    assert!(!out.contains("gpu-node-07"), "{out}");
    assert!(out.contains(&format!("{user}@{host}:~/proj$")), "{out}");
    assert!(out.contains(&format!("\"/home/{user}/proj/train.py\", line 88, in main")));
    assert!(out.contains(&format!(
        "/scratch/{user}/ckpt and C:\\Users\\{user}\\cache"
    )));
    // a word that is not in a user's place is left alone
    assert!(out.ends_with("main process done"));
    assert_eq!(counts.users, 4);
    assert_eq!(counts.hosts, 1);
}

#[test]
fn the_same_value_gets_the_same_placeholder_and_keys_differ() {
    let (a, b) = (Redactor::new(b"one"), Redactor::new(b"two"));
    let text = "/home/bob/x and /home/bob/y";
    let (first, _) = a.redact(text);
    let (again, _) = a.redact("/home/bob/z");
    let user = a.placeholder("user", "bob");
    assert_eq!(first, format!("/home/{user}/x and /home/{user}/y"));
    assert_eq!(again, format!("/home/{user}/z"));
    assert_ne!(
        b.placeholder("user", "bob"),
        user,
        "another installation, another name"
    );
    assert_eq!(user.len(), "user-".len() + 6);
}

#[test]
fn nccl_prefixes_and_master_addresses_name_hosts() {
    let r = redactor();
    let text = "node-a1:2345:2399 [0] NCCL INFO Bootstrap : Using eth0:10.20.30.40<0>\n\
        MASTER_ADDR=node-a1 MASTER_PORT=29500\n\
        torch.distributed.DistBackendError: NCCL error on node-a1, rank 3";
    let (out, counts) = r.redact(text);
    let host = r.placeholder("host", "node-a1");
    let ip = r.placeholder("ip", "10.20.30.40");
    assert_eq!(
        out,
        format!(
            "{host}:2345:2399 [0] NCCL INFO Bootstrap : Using eth0:{ip}<0>\n\
            MASTER_ADDR={host} MASTER_PORT=29500\n\
            torch.distributed.DistBackendError: NCCL error on {host}, rank 3"
        )
    );
    assert_eq!((counts.hosts, counts.addresses), (3, 1));
}

#[test]
fn addresses_emails_and_secrets_are_replaced_loopback_is_not() {
    let r = redactor();
    let text = "connect to 192.168.1.17:29500 failed; fallback 127.0.0.1 and 0.0.0.0\n\
        peers 10.0.0.1 10.0.0.2 (10.0.0.3).\n\
        peer fe80::1ff:fe23:4567:890a unreachable\n\
        contact carol.smith@lab.example.edu\n\
        WANDB_API_KEY=0123456789abcdef0123456789abcdef01234567\n\
        login with hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n\
        Authorization: Bearer abcdefghijklmnop.qrstuvwx";
    let (out, counts) = r.redact(text);
    for secret in [
        "192.168.1.17",
        "fe80::1ff",
        "carol.smith",
        "lab.example.edu",
        "0123456789abcdef",
        "hf_AbCd",
        "abcdefghijklmnop",
    ] {
        assert!(!out.contains(secret), "{secret} left in {out}");
    }
    assert!(out.contains("127.0.0.1 and 0.0.0.0"));
    let ip = |a: &str| r.placeholder("ip", a);
    assert!(out.contains(&format!(
        "peers {} {} ({}).",
        ip("10.0.0.1"),
        ip("10.0.0.2"),
        ip("10.0.0.3")
    )));
    assert!(out.contains(&format!("{}:29500", r.placeholder("ip", "192.168.1.17"))));
    assert!(out.contains("WANDB_API_KEY=secret-"));
    assert_eq!(
        counts,
        Redacted {
            users: 0,
            hosts: 0,
            addresses: 5,
            emails: 1,
            secrets: 3
        }
    );
}

#[test]
fn tracebacks_amounts_and_cpp_names_are_untouched() {
    let r = redactor();
    let text = "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. \
        GPU 0 has a total capacity of 79.15 GiB of which 3.12 MiB is free.\n\
        Exception raised from malloc at ../c10/cuda/CUDACachingAllocator.cpp:1002 \
        (most recent call first): c10::cuda::CUDACachingAllocator::Native::DeviceCachingAllocator::malloc\n\
        at 12:34:56 step 1.2.3 host memory pinned; cuda 12.1 (v2.1.0)\n\
        Fedora 11 x86_64 Kernel 2.6.29.6-213.fc11, driver 535.104.05, release 1.2.3.4.5";
    let (out, counts) = r.redact(text);
    assert_eq!(out, text);
    assert_eq!(counts.total(), 0);
}

#[test]
fn settings_that_only_mention_tokens_are_not_secrets() {
    let r = redactor();
    let text = "Token indices sequence length is longer than the specified maximum\n\
        max_new_tokens=512 pad_token: <pad> Tokenizer: LlamaTokenizerFast\n\
        --hf-token hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 HF_TOKEN=abcdefgh12345678";
    let (out, counts) = r.redact(text);
    assert!(
        out.starts_with(
            "Token indices sequence length is longer than the specified maximum\n\
        max_new_tokens=512 pad_token: <pad> Tokenizer: LlamaTokenizerFast\n--hf-token secret-"
        ),
        "{out}"
    );
    assert!(out.contains(" HF_TOKEN=secret-"), "{out}");
    assert_eq!(counts.secrets, 2);
}
