//! What the scalability demo's judge and chart tests share.

/// Sizes 100 … 10⁶, two per decade, as the snippet measures them.
pub fn sizes() -> Vec<f64> {
    (0..=8)
        .map(|i| (10f64.powf(2.0 + f64::from(i) / 2.0)).round())
        .collect()
}
