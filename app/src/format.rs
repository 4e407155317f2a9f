//! Numbers in words, shared by pages and the server's error messages.

/// A byte limit as people write it: "4 MiB", "1.0 KiB", "512 bytes".
pub fn byte_limit(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB {
        format!("{:.1} KiB", bytes as f64 / KIB as f64)
    } else {
        format!("{bytes} bytes")
    }
}

/// A size in the largest binary unit that keeps it whole or near: "1 GiB", "512 MiB", "1.5 GiB".
pub fn bytes_in_units(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 || value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// An integer with its thousands grouped by commas, as model cards and papers write shapes:
/// `50,304`, `1,024` (Fluent's own number formatting does not group).
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_in_the_largest_unit() {
        assert_eq!(super::bytes_in_units(1 << 30), "1 GiB");
        assert_eq!(super::bytes_in_units(1536 << 20), "1.5 GiB");
        assert_eq!(super::bytes_in_units(500), "500 bytes");
        assert_eq!(super::bytes_in_units(4 << 20), "4 MiB");
    }

    use super::{byte_limit, grouped};

    #[test]
    fn integers_group_their_thousands() {
        assert_eq!(grouped(50_304), "50,304");
        assert_eq!(grouped(1024), "1,024");
        assert_eq!(grouped(64), "64");
        assert_eq!(grouped(6_593_445_888), "6,593,445,888");
    }

    #[test]
    fn limits_read_in_binary_units() {
        assert_eq!(byte_limit(4 * 1024 * 1024), "4 MiB");
        assert_eq!(byte_limit(1024), "1.0 KiB");
        assert_eq!(byte_limit(1536), "1.5 KiB");
        assert_eq!(byte_limit(512), "512 bytes");
    }
}
