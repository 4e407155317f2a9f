//! Common GPUs and their memory, to answer "will it fit on this card".
//!
//! Each card's memory is the total nvidia-smi lists for it, in MiB (NVIDIA's data sheets give
//! the marketed size; the driver keeps a little for ECC and itself, so CUDA's "total capacity"
//! in an out-of-memory message reads a few hundred MiB less).

use serde::Serialize;

/// A GPU from the embedded list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Gpu {
    /// The name as the list shows it: "A100 80GB".
    pub name: &'static str,
    /// Device memory in bytes.
    pub memory: u64,
}

const MIB: u64 = 1 << 20;

/// (name, memory in MiB).
#[rustfmt::skip]
const GPUS: &[(&str, u64)] = &[
    ("RTX 2080 Ti", 11_264),
    ("RTX 3060", 12_288),
    ("RTX 3080", 10_240),
    ("RTX 3090", 24_576),
    ("RTX 4070", 12_282),
    ("RTX 4080", 16_376),
    ("RTX 4090", 24_564),
    ("RTX 5090", 32_607),
    ("T4", 15_360),
    ("V100 16GB", 16_384),
    ("V100 32GB", 32_768),
    ("A10", 23_028),
    ("A10G", 23_028),
    ("L4", 23_034),
    ("A40", 46_068),
    ("L40S", 46_068),
    ("RTX A6000", 49_140),
    ("RTX 6000 Ada", 49_140),
    ("A100 40GB", 40_960),
    ("A100 80GB", 81_920),
    ("H100 80GB", 81_559),
    ("H200", 143_771),
];

/// Every listed GPU, smallest memory first within the list's order.
pub fn all() -> impl Iterator<Item = Gpu> {
    GPUS.iter().map(|(name, mib)| Gpu {
        name,
        memory: mib * MIB,
    })
}

/// Lower-case letters and digits only: "a100-80gb", "A100 80 GB" and "NVIDIA A100 80GB" meet.
fn folded(name: &str) -> String {
    let name = name.trim();
    let name = name
        .strip_prefix("NVIDIA ")
        .or_else(|| name.strip_prefix("nvidia "))
        .unwrap_or(name);
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect::<String>()
        .replace("geforce", "")
        .replace("tesla", "")
}

/// The listed GPU called `name`, ignoring case, spaces, dashes and an `NVIDIA`/`GeForce`/`Tesla`
/// prefix.
pub fn find(name: &str) -> Option<Gpu> {
    let wanted = folded(name);
    all().find(|gpu| folded(gpu.name) == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_however_they_are_written() {
        assert_eq!(find("a100-80gb").map(|g| g.memory), Some(81_920 * MIB));
        assert_eq!(
            find("NVIDIA GeForce RTX 4090").map(|g| g.name),
            Some("RTX 4090")
        );
        assert_eq!(find("Tesla T4").map(|g| g.name), Some("T4"));
        assert_eq!(find("A100"), None, "ambiguous: 40 or 80 GB");
        assert_eq!(find("quantum 9000"), None);
    }

    #[test]
    fn every_name_is_unique_once_folded() {
        let names: Vec<String> = all().map(|g| folded(g.name)).collect();
        for (i, name) in names.iter().enumerate() {
            assert!(!names[..i].contains(name), "{name} listed twice");
        }
    }
}
