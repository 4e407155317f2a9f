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

#[cfg(test)]
mod tests {
    use super::byte_limit;

    #[test]
    fn limits_read_in_binary_units() {
        assert_eq!(byte_limit(4 * 1024 * 1024), "4 MiB");
        assert_eq!(byte_limit(1024), "1.0 KiB");
        assert_eq!(byte_limit(1536), "1.5 KiB");
        assert_eq!(byte_limit(512), "512 bytes");
    }
}
