//! Property tests: `analyze` never panics, chunking never changes the report, and printed
//! amounts re-parse to the same bytes within the printed precision.

use proptest::prelude::*;
use triage::{analyze, analyze_bytes, format_bytes, parse_amount, Scanner};

/// Messages like the corpus's, to be mutated.
const TEMPLATES: &[&str] = &[
    "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB. GPU 0 has a total capacity of 7.64 GiB of which 59.44 MiB is free. Process 123 has 1.00 GiB memory in use. Including non-PyTorch memory, this process has 6.41 GiB memory in use. Of the allocated memory 6.12 GiB is allocated by PyTorch, with 2.00 MiB allocated in private pools (e.g., CUDA Graphs), and 120.15 MiB is reserved by PyTorch but unallocated.",
    "RuntimeError: CUDA out of memory. Tried to allocate 1.72 GiB (GPU 0; 10.76 GiB total capacity; 4.01 GiB already allocated; 356.00 MiB free; 5.54 GiB cached)",
    "RuntimeError: MPS backend out of memory (MPS allocated: 5.56 GB, other allocations: 1.10 GB, max allowed: 6.80 GB). Tried to allocate 768.00 MB on private pool.",
    "[rank1]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB. \n    GPU 1 has a total capacity of 47.41 GiB of which 270.69 MiB is free. Including non-PyTorch memory, \n    this process has 47.10 GiB memory in use.",
    "2017-07-31 11:36:02.748450: I tensorflow/core/common_runtime/bfc_allocator.cc:700] Sum Total of in-use chunks: 64.00GiB\nLimit:                 68719476736\nW op_kernel.cc:1192] Resource exhausted: OOM when allocating tensor with shape[1000,1000,250,4]",
    "| NVIDIA-SMI 470.161.03   Driver Version: 470.161.03   CUDA Version: 11.4     |\n|   0  NVIDIA GeForce ...  Off  | 00000000:01:00.0  On |                  N/A |\n| 50%   25C    P8     8W /  75W |   1155MiB /  3911MiB |      5%      Default |\n| Processes:                                                                  |\n|    0   N/A  N/A     10734      C   python                             160MiB |",
    "|                  PyTorch CUDA memory summary, device ID 0                 |\n|            CUDA OOMs: 1            |        cudaMalloc retries: 1         |\n| Allocated memory      |    1062 MB |    4877 MB |   89299 MB |   88237 MB |",
    "pool invoked oom-killer: gfp_mask=0x6200ca\nOut of memory: Killed process 1440763 (perl) total-vm:87033376kB\n  exitcode  : -9 (pid: 14750)\nERROR: Unexpected bus error encountered in worker. This might be caused by insufficient shared memory (shm).",
    "ggml_backend_cuda_buffer_type_alloc_buffer: allocating 144.00 MiB on device 4: cudaMalloc failed: out of memory\nggml_gallocr_reserve_n: failed to allocate CUDA4 buffer of size 150995968",
    "GPU:0\nprocess      79749 uses      601.000 MB GPU memory\nGPU:1\nno processes are running",
];

fn chunked(bytes: &[u8], step: usize) -> triage::Report {
    let mut scanner = Scanner::new();
    for chunk in bytes.chunks(step.max(1)) {
        scanner.push(chunk);
    }
    scanner.finish()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048), step in 1usize..64) {
        let whole = analyze_bytes(&bytes);
        prop_assert_eq!(chunked(&bytes, step), whole);
    }

    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,400}") {
        let _ = analyze(&text);
    }

    #[test]
    fn never_panics_on_mutated_messages(
        template in 0..TEMPLATES.len(),
        edits in proptest::collection::vec((any::<usize>(), 0u8..4, any::<char>()), 0..24),
        step in 1usize..97,
    ) {
        let mut text: Vec<char> = TEMPLATES[template].chars().collect();
        for (at, op, c) in edits {
            let at = if text.is_empty() { 0 } else { at % text.len() };
            match op {
                0 => text.insert(at, c),
                1 if !text.is_empty() => { text.remove(at); }
                2 if !text.is_empty() => text[at] = if c.is_ascii_digit() { c } else { '\n' },
                _ => text.insert(at, ['\n', ' ', '.', ',', '|', '\0'][at % 6]),
            }
        }
        let text: String = text.into_iter().collect();
        let report = analyze(&text);
        prop_assert_eq!(chunked(text.as_bytes(), step), report.clone());
        for event in &report.events {
            if let (Some(s), Some(total)) = (event.segments, event.total) {
                let known = [s.allocated, s.reserved_unallocated, s.non_framework, s.other_processes, s.free]
                    .iter().flatten().map(|&v| u128::from(v)).sum::<u128>();
                prop_assert!(known <= u128::from(total), "segments exceed total: {:?}", s);
            }
        }
    }

    /// Printing then parsing gives back the bytes within the printed precision: half a
    /// hundredth of the unit printed (exactly, below 1 KiB); and printing the parsed value
    /// prints the same text.
    #[test]
    fn amounts_round_trip(bytes in any::<u64>()) {
        let printed = format_bytes(bytes);
        let parsed = parse_amount(&printed).expect("parses what it prints");
        let unit: u128 = match printed.rsplit(' ').next() {
            Some("B") => 1,
            Some("KiB") => 1 << 10,
            Some("MiB") => 1 << 20,
            Some("GiB") => 1 << 30,
            Some("TiB") => 1 << 40,
            Some("PiB") => 1 << 50,
            _ => 1 << 60,
        };
        let error = (i128::from(parsed) - i128::from(bytes)).unsigned_abs();
        if unit == 1 {
            prop_assert_eq!(parsed, bytes);
        } else {
            prop_assert!(error * 200 <= unit + 200, "{} -> {} -> {} (error {})", bytes, printed, parsed, error);
        }
        prop_assert_eq!(format_bytes(parsed), printed);
    }

    /// A printed amount "N.DD UNIT" parses to round((N + DD/100) × unit), in every spelling.
    #[test]
    fn printed_amounts_parse_exactly(int in 0u64..100_000, hundredths in 0u64..100, unit in 0usize..4, space in any::<bool>()) {
        let (names, size): (&[&str], u128) = [
            (&["KiB", "KB", "K"][..], 1u128 << 10),
            (&["MiB", "MB", "M"][..], 1 << 20),
            (&["GiB", "GB", "G"][..], 1 << 30),
            (&["TiB", "TB", "T"][..], 1 << 40),
        ][unit];
        for name in names {
            let text = format!("{int}.{hundredths:02}{}{name}", if space { " " } else { "" });
            let exact = (u128::from(int * 100 + hundredths) * size * 2 + 100) / 200;
            prop_assert_eq!(parse_amount(&text).map(u128::from), Some(exact), "{}", text);
        }
    }
}

/// A line longer than the context keeps (4 KiB) reads the same whether it stood in the chunk
/// being parsed or in an earlier one: each template is put after, and joined onto the end of, a
/// long line made of templates (the fuzzer found a report that depended on where chunks ended).
#[test]
fn long_lines_read_the_same_in_any_chunks() {
    let filler: String = TEMPLATES
        .iter()
        .flat_map(|t| t.lines())
        .collect::<Vec<_>>()
        .join(" ");
    let long = filler.repeat(1 + 6000 / filler.len());
    for template in TEMPLATES {
        // a message wrapped in the middle of a word past the kept part of a long line
        let head = &template[..template.len() / 2];
        let tail = &template[template.len() / 2..];
        for text in [
            format!("{}{head}\n{tail}\n", " ".repeat(5000)),
            format!("{long}{head}\n{tail}\n"),
            format!("{long}\n{template}\n"),
            format!("{long}{template}\n{template}\n"),
            format!("{template}\n{long}\n{long}\n{template}\n"),
        ] {
            let whole = analyze_bytes(text.as_bytes());
            for step in [1, 13, 17, 4097, 5000, 9000] {
                assert_eq!(
                    chunked(text.as_bytes(), step),
                    whole,
                    "step {step}:\n{template}"
                );
            }
        }
    }
}
