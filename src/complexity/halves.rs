//! Whether a growth keeps its class over the whole range of sizes. The class is named from the
//! slope over every size; a curve that bends (flat, then steep, where a working set outgrows a
//! cache, or steep only at small sizes where a fixed cost fades) has a slope between two classes
//! that may well fall in a third one's band. Fitting the smaller and the larger half of the sizes
//! alone shows the bend: a half that names a different class than the whole, or names none but
//! fits a slower-growing class best, says that no one class describes these points. (A half
//! that only fits a faster class best is not enough: caches and noise make one end a few
//! hundredths steeper as a matter of course. A half flatter than the whole's class is what an
//! inflated whole looks like.) A single jump between two middle sizes may be split between the
//! halves; the median of the slopes between neighbouring sizes ([`median_step`]) shows it.

use super::{Class, Fit, Point, Resampling, MIN_SIZES};

/// The median of the log-log slopes between neighbouring sizes of `fit`, and the class whose
/// band (over the whole range) holds it; `None` with fewer than three sizes. A curve with one
/// jump (a working set that stops fitting a cache between two sizes) has a whole-range slope
/// inflated by that one step: its neighbouring steps mostly grow more slowly, and their median
/// says so where halves, which may split the jump between them, do not.
pub fn median_step(fit: &Fit) -> Option<(f64, Class)> {
    if fit.sizes.len() < MIN_SIZES {
        return None;
    }
    let steps: Vec<f64> = fit
        .sizes
        .windows(2)
        .zip(fit.medians.windows(2))
        .map(|(n, t)| (t[1] / t[0]).ln() / (n[1] / n[0]).ln())
        .collect();
    let median = super::median(&steps);
    let class = fit
        .fits
        .iter()
        .find(|candidate| candidate.band.0 <= median && median <= candidate.band.1)?
        .class;
    Some((median, class))
}

/// Whether `lower` grows more slowly than `class`.
pub fn slower(lower: Class, class: Class) -> bool {
    let rank = |class: Class| Class::ALL.iter().position(|c| *c == class);
    rank(lower) < rank(class)
}

/// The same points fitted over the smaller and over the larger half of their sizes.
#[derive(Debug, Clone, PartialEq)]
pub struct Halves {
    pub smaller: Fit,
    pub larger: Fit,
}

impl Halves {
    /// The fits of each half of `points`' sizes (they share the middle sizes when there are too
    /// few for two halves of [`MIN_SIZES`]), or `None` when the points cannot be fitted or hold
    /// too few sizes to halve.
    pub fn of(points: &[Point], resampling: Resampling) -> Option<Halves> {
        let mut sorted = points.to_vec();
        sorted.sort_by(|a, b| a.n.total_cmp(&b.n));
        let count = sorted.len();
        let half = count.div_ceil(2).max(MIN_SIZES);
        if half >= count {
            return None;
        }
        Some(Halves {
            smaller: Fit::with_resampling(&sorted[..half], resampling).ok()?,
            larger: Fit::with_resampling(&sorted[count - half..], resampling).ok()?,
        })
    }

    /// The first half that, fitted alone, contradicts `class`: it names another, or names none
    /// and fits a slower-growing class best. Which half it is ("smaller" or "larger"), its fit
    /// and that class.
    pub fn contradicting(&self, class: Class) -> Option<(&'static str, &Fit, Class)> {
        [("smaller", &self.smaller), ("larger", &self.larger)]
            .into_iter()
            .find_map(|(which, fit)| match fit.class {
                Some(other) => (other != class).then_some((which, fit, other)),
                None => {
                    let best = fit.best().class;
                    slower(best, class).then_some((which, fit, best))
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(sizes: &[f64], time: impl Fn(f64) -> f64) -> Vec<Point> {
        sizes
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                // A small fixed pattern of noise, the same in every round.
                let repeats = [1.0, 1.01, 0.99, 1.005, 0.995]
                    .iter()
                    .map(|wobble| time(n) * wobble * (1.0 + 0.001 * i as f64))
                    .collect();
                Point::new(n, repeats)
            })
            .collect()
    }

    const SIZES: [f64; 9] = [
        100.0, 316.0, 1e3, 3162.0, 1e4, 31_623.0, 1e5, 316_228.0, 1e6,
    ];

    #[test]
    fn a_straight_line_keeps_its_class_in_both_halves() {
        let halves = Halves::of(&points(&SIZES, |n| 2.0 * n), Resampling::Rounds).unwrap();
        assert_eq!(halves.smaller.sizes.len(), 5);
        assert_eq!(halves.larger.sizes[0], 1e4);
        assert_eq!(halves.contradicting(Class::Linear), None);
    }

    #[test]
    fn a_linear_curve_whose_cost_per_element_triples_at_large_sizes_bends() {
        // 2 ns per element while the data fits in a cache, 6 ns once it does not: the whole
        // slope (about 1.12) lies in O(n log n)'s band, but the halves disagree.
        let time = |n: f64| if n < 5e4 { 2.0 * n } else { 6.0 * n };
        let pts = points(&SIZES, time);
        let whole = Fit::with_resampling(&pts, Resampling::Rounds).unwrap();
        let halves = Halves::of(&pts, Resampling::Rounds).unwrap();
        let class = whole.class.expect("the whole range names a class");
        let (which, _, other) = halves.contradicting(class).expect("a half disagrees");
        assert_ne!(other, class, "{which}");
    }

    #[test]
    fn a_half_too_noisy_to_name_a_class_still_contradicts_when_it_fits_another_best() {
        // The smaller half grows like n, the larger like n^1.3: the whole range's slope lies in
        // O(n log n)'s band, and a noisy smaller half that names nothing still fits O(n) best.
        let time = |n: f64| {
            if n < 1e4 {
                3.0 * n
            } else {
                3.0 * n * (n / 1e4).powf(0.3)
            }
        };
        let mut pts = points(&SIZES, time);
        for (i, point) in pts.iter_mut().enumerate().take(5) {
            let wobble = [1.3, 0.75, 1.0, 1.2, 0.8];
            for (repeat, factor) in point.repeats.iter_mut().zip(wobble.iter().cycle().skip(i)) {
                *repeat *= factor;
            }
        }
        let halves = Halves::of(&pts, Resampling::Rounds).unwrap();
        assert_eq!(halves.smaller.class, None, "{}", halves.smaller.summary());
        let (which, _, pointed) = halves.contradicting(Class::Linearithmic).unwrap();
        assert_eq!((which, pointed), ("smaller", Class::Linear));
    }

    #[test]
    fn a_noisy_half_that_only_fits_a_faster_class_best_does_not_contradict() {
        // Flat, but the larger sizes 6% slower per decade and noisy: a slope of about 0.05 there,
        // which O(log n) fits best over those sizes without its interval naming it.
        let time = |n: f64| {
            if n < 1e4 {
                20.0
            } else {
                20.0 * (n / 1e4).powf(0.05)
            }
        };
        let mut pts = points(&SIZES, time);
        for point in pts.iter_mut().skip(4) {
            for (repeat, factor) in point.repeats.iter_mut().zip([1.1, 0.9, 1.05, 0.95, 1.0]) {
                *repeat *= factor;
            }
        }
        let halves = Halves::of(&pts, Resampling::Independent).unwrap();
        assert_eq!(halves.larger.class, None, "{}", halves.larger.summary());
        assert_eq!(halves.larger.best().class, Class::Logarithmic);
        assert_eq!(halves.contradicting(Class::Constant), None);
    }

    #[test]
    fn one_jump_in_the_middle_shows_in_the_median_step_not_in_the_halves() {
        // 1.8 ns per item up to 3,162 items, 2.7 from 5,623: a linear cost that jumps once,
        // between the halves' shared middle sizes.
        let sizes = [
            1e3, 1778.0, 3162.0, 5623.0, 1e4, 17_783.0, 31_623.0, 50_000.0,
        ];
        let time = |n: f64| if n < 4e3 { 1.8 * n } else { 2.7 * n };
        let pts = points(&sizes, time);
        let fit = Fit::with_resampling(&pts, Resampling::Rounds).unwrap();
        assert_eq!(fit.class, Some(Class::Linearithmic), "{}", fit.summary());
        let (median, class) = median_step(&fit).unwrap();
        assert!((median - 1.0).abs() < 0.05, "{median}");
        assert_eq!(class, Class::Linear);
        assert!(slower(class, Class::Linearithmic));
        // A true n log n has every step above n's band.
        let pts = points(&SIZES, |n| n * n.log2());
        let fit = Fit::with_resampling(&pts, Resampling::Rounds).unwrap();
        assert_eq!(median_step(&fit).unwrap().1, Class::Linearithmic);
    }

    #[test]
    fn too_few_sizes_have_no_halves() {
        let three = points(&SIZES[..3], |n| n);
        assert_eq!(Halves::of(&three, Resampling::Rounds), None);
        let four = Halves::of(&points(&SIZES[..4], |n| n), Resampling::Rounds).unwrap();
        assert_eq!(four.smaller.sizes, SIZES[..3]);
        assert_eq!(four.larger.sizes, SIZES[1..4]);
    }
}
