//! Numbers for people, the same wherever they are written: the rounding of derived values in
//! the report and of a chart's ticks, counted nouns, digit grouping and durations in
//! explanations. Demos reach them through [`crate::demos::kit::numbers`]; the report's drawing
//! uses them directly.

/// `value` rounded to `decimals` places (half away from zero): how derived values go into the
/// JSON report, so that a speedup reads 1.9, not 1.9047619047619047, and how a chart's ticks
/// are labelled.
pub fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// "1 worker", "2 workers", "2 processes": the count and its noun, plural when it is not one.
/// Any whole count will do, signed or not (a snippet's counts are `i64`, a length `u64`).
pub fn plural(count: impl Into<i128>, noun: &str) -> String {
    match (count.into(), noun.ends_with('s')) {
        (1, _) => format!("1 {noun}"),
        (count, true) => format!("{count} {noun}es"),
        (count, false) => format!("{count} {noun}s"),
    }
}

/// 1000000 → "1,000,000": rounded to a whole number, the digits grouped by three.
pub fn thousands(n: f64) -> String {
    group_digits(&format!("{:.0}", n.round()))
}

/// "-1234567" → "-1,234,567": a whole number already written in digits, grouped by three.
pub fn group_digits(whole: &str) -> String {
    let (sign, digits) = whole
        .strip_prefix('-')
        .map_or(("", whole), |rest| ("-", rest));
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped}")
}

/// A duration in nanoseconds for people: "14.9 ns", "730 ns", "65.0 µs", "7.03 ms", "1.20 s".
pub fn format_ns(ns: f64) -> String {
    let (value, unit) = if ns < 1e3 {
        (ns, "ns")
    } else if ns < 1e6 {
        (ns / 1e3, "µs")
    } else if ns < 1e9 {
        (ns / 1e6, "ms")
    } else {
        (ns / 1e9, "s")
    };
    if value >= 100.0 {
        format!("{value:.0} {unit}")
    } else if value >= 10.0 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.2} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_keeps_the_places_asked_for() {
        assert_eq!(round(1.904_761_9, 2), 1.9);
        assert_eq!(round(6.785_714, 2), 6.79);
        assert_eq!(round(0.123_456, 4), 0.1235);
        assert_eq!(round(12_800.04, 1), 12_800.0);
        assert_eq!(round(-1.005_1, 2), -1.01);
        assert!(round(f64::NAN, 2).is_nan());
    }

    #[test]
    fn a_count_of_one_is_singular() {
        assert_eq!(plural(1u32, "worker"), "1 worker");
        assert_eq!(plural(2u32, "worker"), "2 workers");
        assert_eq!(plural(0u32, "round"), "0 rounds");
        assert_eq!(plural(4u64, "process"), "4 processes");
        assert_eq!(plural(1u64, "process"), "1 process");
        assert_eq!(plural(1i64, "time"), "1 time");
        assert_eq!(plural(-2i64, "time"), "-2 times");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(1e6), "1,000,000");
        assert_eq!(thousands(316.0), "316");
        assert_eq!(thousands(3162.3), "3,162");
        assert_eq!(thousands(-12_345.0), "-12,345");
        assert_eq!(group_digits("-1234567"), "-1,234,567");
        assert_eq!(group_digits("123"), "123");
    }

    #[test]
    fn durations_keep_three_figures_in_their_unit() {
        assert_eq!(format_ns(14.93), "14.9 ns");
        assert_eq!(format_ns(730.2), "730 ns");
        assert_eq!(format_ns(65_040.0), "65.0 µs");
        assert_eq!(format_ns(7_031_000.0), "7.03 ms");
    }
}
