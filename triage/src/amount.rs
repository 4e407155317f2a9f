//! Printed amounts ("20.00 MiB", "1900,00 MiB", "25,600,000 bytes", "2.46G") to bytes and back.
//!
//! Every unit is binary (spec: PyTorch, TensorFlow, nvidia-smi all print binary units whatever the
//! label). Arithmetic is exact: amounts are kept in micro-bytes (bytes × 10⁶) so that the sum of two
//! printed amounts rounds once, as the spec asks for the new-style `reserved`.

/// Micro-bytes per byte: six decimals of a printed number are kept exactly.
const MICRO: u128 = 1_000_000;
const MAX_DECIMALS: u32 = 6;

/// Parses one printed amount such as `"7.64 GiB"`, `"0 bytes"`, `"1900,00 MiB"`, `"2.46G"`.
/// Returns `None` when the text is not a number followed by a unit.
pub fn parse_amount(text: &str) -> Option<u64> {
    parse_micro(text.trim()).map(round_micro)
}

/// Formats bytes in binary units with two decimals: `"20.00 MiB"`, `"7.64 GiB"`, `"512 B"`.
///
/// Round trip: `parse_amount(&format_bytes(b))` is within half a unit of the last printed digit of
/// `b` (0.005 × the unit), and exact below 1 KiB.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let hundredths_in = |unit: u128| (u128::from(bytes) * 100 + unit / 2) / unit;
    let mut unit = 1024u128;
    let mut i = 0;
    // the largest unit in which the value still prints as at least 1.00 and below 1024.00
    while i + 1 < UNITS.len() && hundredths_in(unit) >= 102_400 {
        unit *= 1024;
        i += 1;
    }
    let hundredths = hundredths_in(unit);
    format!("{}.{:02} {}", hundredths / 100, hundredths % 100, UNITS[i])
}

/// The size of one unit in bytes (case-insensitive, binary), or None.
fn unit_bytes(unit: &str) -> Option<u128> {
    let u = unit.to_ascii_lowercase();
    let u = u.trim_end_matches("ytes").trim_end_matches("yte");
    let power = match u {
        "b" | "" => 0,
        "k" | "kb" | "kib" => 1,
        "m" | "mb" | "mib" => 2,
        "g" | "gb" | "gib" => 3,
        "t" | "tb" | "tib" => 4,
        "p" | "pb" | "pib" => 5,
        "e" | "eb" | "eib" => 6,
        _ => return None,
    };
    Some(1u128 << (10 * power))
}

/// Parses into micro-bytes. Accepts thousands separators (`25,600,000`) and a decimal comma
/// (`1900,00`), and an optional space before the unit. A bare number means bytes.
pub(crate) fn parse_micro(text: &str) -> Option<u128> {
    let bytes = text.as_bytes();
    let mut end = 0;
    while end < bytes.len()
        && (bytes[end].is_ascii_digit() || bytes[end] == b'.' || bytes[end] == b',')
    {
        end += 1;
    }
    let number = &text[..end];
    let unit = text[end..].trim_start();
    let scale = unit_bytes(unit)?;
    number_micro(number).map(|n| n.saturating_mul(scale))
}

/// A decimal number times 10⁶, exactly; None unless it starts with a digit.
pub(crate) fn number_micro(number: &str) -> Option<u128> {
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let number = number.trim_end_matches(['.', ',']);
    // A single comma followed by one or two digits at the end is a decimal comma (1900,00);
    // otherwise commas group thousands (25,600,000).
    let normalized: String = match number.rfind(',') {
        Some(pos)
            if !number.contains('.')
                && number.matches(',').count() == 1
                && (1..=2).contains(&(number.len() - pos - 1)) =>
        {
            number.replacen(',', ".", 1)
        }
        _ => number.replace(',', ""),
    };
    let (int, frac) = match normalized.split_once('.') {
        Some((i, f)) => (i, f.split('.').next().unwrap_or("")),
        None => (normalized.as_str(), ""),
    };
    let mut value: u128 = 0;
    for d in int.bytes() {
        value = value
            .saturating_mul(10)
            .saturating_add(u128::from(d - b'0'));
    }
    value = value.saturating_mul(MICRO);
    let mut place = MICRO;
    for d in frac.bytes().take(MAX_DECIMALS as usize) {
        if !d.is_ascii_digit() {
            break;
        }
        place /= 10;
        value = value.saturating_add(u128::from(d - b'0') * place);
    }
    Some(value)
}

/// Rounds micro-bytes to bytes (half up), saturating at u64::MAX.
pub(crate) fn round_micro(micro: u128) -> u64 {
    let bytes = micro.saturating_add(MICRO / 2) / MICRO;
    u64::try_from(bytes).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_spelling() {
        assert_eq!(parse_amount("20.00 MiB"), Some(20_971_520));
        assert_eq!(parse_amount("10.76 GiB"), Some(11_553_462_026));
        assert_eq!(parse_amount("0 bytes"), Some(0));
        assert_eq!(parse_amount("0B"), Some(0));
        assert_eq!(parse_amount("5.56 GB"), Some(5_970_004_541));
        assert_eq!(parse_amount("2.46G"), Some(2_641_404_887));
        assert_eq!(parse_amount("1900,00 MiB"), Some(1_992_294_400));
        assert_eq!(parse_amount("25,600,000 bytes"), Some(25_600_000));
        assert_eq!(parse_amount("1024.00 KiB"), Some(1_048_576));
        assert_eq!(parse_amount("3.125000GB"), Some(3_355_443_200));
        assert_eq!(parse_amount("1EB"), Some(1 << 60));
        assert_eq!(
            parse_amount("4585490524328388608 bytes"),
            Some(4_585_490_524_328_388_608)
        );
        assert_eq!(parse_amount("601.000 MB"), Some(630_194_176));
        assert_eq!(parse_amount("%dGB"), None);
        assert_eq!(parse_amount("GiB"), None);
        assert_eq!(parse_amount("12 apples"), None);
    }

    #[test]
    fn formats_two_decimals() {
        assert_eq!(format_bytes(20_971_520), "20.00 MiB");
        assert_eq!(format_bytes(8_203_387_535), "7.64 GiB");
        assert_eq!(format_bytes(0), "0 B");
        assert_eq!(format_bytes(1023), "1023 B");
        assert_eq!(format_bytes(1024), "1.00 KiB");
        assert_eq!(format_bytes(1_073_741_823), "1.00 GiB");
        assert_eq!(format_bytes(u64::MAX), "16.00 EiB");
    }
}
