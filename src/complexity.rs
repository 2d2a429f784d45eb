//! How a running time grows with the input size, fitted from measurements: the one engine behind
//! the scalability demo's judges and `cargo bench --bench complexity`.
//!
//! The input is, for each size n (spaced geometrically), several repeated measurements of the
//! time of one operation. The output:
//! - the log-log slope (time ∝ n^slope) and its R²;
//! - the best of the usual classes (O(1), O(log n), O(n), O(n log n), O(n²)) by least squares,
//!   with its fitted constant;
//! - a 95 % bootstrap confidence interval on the slope, from resampling each size's repeats;
//! - the class, or none (*inconclusive*) when that interval cannot tell the classes apart.
//!
//! Everything is fitted in log space because timings spread multiplicatively: a busy core makes a
//! run 30 % slower, not 30 ns slower, and a least-squares fit on raw times would let the largest
//! n decide alone. Each class is fitted as `time = c · f(n)` with one free constant, so the five
//! compete on equal terms: the one whose *shape* matches the points wins.
//!
//! A class is only named when the whole confidence interval lies in that class's band: the
//! slopes closer to its own reference slope than to any other class's. Classes whose slopes are
//! close (O(n) and O(n log n) differ by about 0.1 over four decades) are thus never told apart on
//! noisy evidence by luck, which is how curve-fitting tools end up flipping between classes on a
//! busy machine.
//!
//! [`halves`] checks that a named class holds over both halves of the sizes; [`table`] measures
//! and judges the whole time-complexity table of list, deque, dict and set with this engine.

pub mod halves;
pub mod table;

use std::fmt;

use crate::numbers::{format_ns, thousands};

/// Resamples drawn for the bootstrap interval: enough for stable 2.5 % and 97.5 % percentiles.
const RESAMPLES: usize = 2000;
/// The confidence of the slope's interval.
pub const CONFIDENCE: f64 = 0.95;
/// A fixed seed: the same measurements always give the same interval.
const SEED: u64 = 0x05CA_1AB1_E0DD_BA11;
/// Below this, log n is too close to zero (log 2 ≈ 0.7) for the logarithmic classes to have the
/// shape they have at real sizes.
pub const SMALLEST_SIZE: f64 = 4.0;
/// Resampling fewer repeats than this gives an interval that means nothing.
pub const MIN_REPEATS: usize = 3;
/// A slope needs a range: at least this many distinct sizes.
pub const MIN_SIZES: usize = 3;
/// The most timings (all sizes' repeats together) a fit accepts. Real curves hold a few hundred;
/// each bootstrap resample reads them all, so a million would take minutes.
pub const MAX_TIMINGS: usize = 10_000;

/// One size and the times measured for it, repeat by repeat (any time unit, the same for all).
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub n: f64,
    pub repeats: Vec<f64>,
}

impl Point {
    pub fn new(n: f64, repeats: Vec<f64>) -> Point {
        Point { n, repeats }
    }

    /// The median of the repeats: one slow repeat (a context switch) does not move it.
    pub fn median(&self) -> f64 {
        median(&self.repeats)
    }
}

/// How the bootstrap redraws the repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resampling {
    /// Each size's repeats on their own: for repeats of different sizes taken at unrelated
    /// times (criterion's samples, one benchmark after another).
    Independent,
    /// Whole rounds: repeat i of every size was taken in the same pass over the sizes, so a
    /// burst of load from another program slowed them all alike. Redrawing rounds keeps that
    /// pairing, and the interval reflects what such bursts do to the *slope*, which is little.
    /// Needs the same number of repeats at every size.
    Rounds,
}

/// The points a snippet's curve records as parallel lists (`sizes` and every size's
/// `repeats`, in any unit), and how to resample them: whole rounds when the repeats were
/// `interleaved`. Or why the lists are not one curve (their lengths differ).
pub fn points_from_repeats(
    sizes: &[f64],
    repeats: &[Vec<f64>],
    interleaved: bool,
) -> Result<(Vec<Point>, Resampling), String> {
    if sizes.len() != repeats.len() {
        return Err(format!(
            "{} sizes but {} sets of repeats",
            sizes.len(),
            repeats.len()
        ));
    }
    let points = sizes
        .iter()
        .zip(repeats)
        .map(|(&n, repeats)| Point::new(n, repeats.clone()))
        .collect();
    let resampling = if interleaved {
        Resampling::Rounds
    } else {
        Resampling::Independent
    };
    Ok((points, resampling))
}

/// A complexity class, as `time = c · f(n)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Constant,
    Logarithmic,
    Linear,
    Linearithmic,
    Quadratic,
}

impl Class {
    /// From the slowest-growing to the fastest: their log-log slopes are in this order too.
    pub const ALL: [Class; 5] = [
        Class::Constant,
        Class::Logarithmic,
        Class::Linear,
        Class::Linearithmic,
        Class::Quadratic,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Class::Constant => "O(1)",
            Class::Logarithmic => "O(log n)",
            Class::Linear => "O(n)",
            Class::Linearithmic => "O(n log n)",
            Class::Quadratic => "O(n²)",
        }
    }

    /// f(n), with log base 2 as is usual for algorithms (the base only scales the constant).
    pub fn shape(self, n: f64) -> f64 {
        match self {
            Class::Constant => 1.0,
            Class::Logarithmic => n.log2(),
            Class::Linear => n,
            Class::Linearithmic => n * n.log2(),
            Class::Quadratic => n * n,
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How well one class fits: `time ≈ constant · f(n)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassFit {
    pub class: Class,
    /// In the unit of the measurements per unit of f(n): e.g. ns per element for O(n).
    pub constant: f64,
    /// Root-mean-square error of the fit in natural-log units: 0.05 means about ±5 %.
    pub log_rms_error: f64,
    /// The log-log slope this class has over the measured sizes (0 for O(1), 1 for O(n), about
    /// 0.1 for O(log n)): the centre of its band.
    pub reference_slope: f64,
    /// The slopes this class stands for: those nearer its reference slope than any other's.
    pub band: (f64, f64),
}

/// The growth fitted from a set of points.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The sizes, ascending, and the median time at each.
    pub sizes: Vec<f64>,
    pub medians: Vec<f64>,
    /// The exponent k of time ∝ n^k, by least squares on (ln n, ln median).
    pub slope: f64,
    /// How much of the variation of ln(time) the power law explains. Near 1 for anything that
    /// grows; near 0 (and meaningless) for a flat line, which has no variation to explain.
    pub r2: f64,
    /// The 95 % bootstrap interval of the slope.
    pub slope_ci: (f64, f64),
    /// Every class's fit, the best (smallest error) first.
    pub fits: Vec<ClassFit>,
    /// The class, when the slope's interval lies within the best fit's band; `None` means
    /// inconclusive: the evidence cannot tell this class from its neighbour.
    pub class: Option<Class>,
}

impl Fit {
    /// Fits the growth of `points` (at least three sizes, each at least 4, with at least three
    /// positive repeats each), resampling each size's repeats independently.
    pub fn from_points(points: &[Point]) -> Result<Fit, FitError> {
        Fit::with_resampling(points, Resampling::Independent)
    }

    /// Fits the growth of `points`, drawing the bootstrap resamples as `resampling` says.
    pub fn with_resampling(points: &[Point], resampling: Resampling) -> Result<Fit, FitError> {
        let mut points = points.to_vec();
        points.sort_by(|a, b| a.n.total_cmp(&b.n));
        check(&points, resampling)?;
        let sizes: Vec<f64> = points.iter().map(|p| p.n).collect();
        let medians: Vec<f64> = points.iter().map(Point::median).collect();
        let log_n: Vec<f64> = sizes.iter().map(|n| n.ln()).collect();
        let log_t: Vec<f64> = medians.iter().map(|t| t.ln()).collect();
        let (slope, intercept) = least_squares(&log_n, &log_t);
        let r2 = r_squared(&log_n, &log_t, slope, intercept);

        let references: Vec<f64> = Class::ALL
            .iter()
            .map(|class| {
                let shape: Vec<f64> = sizes.iter().map(|&n| class.shape(n).ln()).collect();
                least_squares(&log_n, &shape).0
            })
            .collect();
        let mut fits: Vec<ClassFit> = Class::ALL
            .iter()
            .enumerate()
            .map(|(index, &class)| {
                let (constant, log_rms_error) = fit_class(class, &sizes, &log_t);
                ClassFit {
                    class,
                    constant,
                    log_rms_error,
                    reference_slope: references[index],
                    band: band(&references, index),
                }
            })
            .collect();
        fits.sort_by(|a, b| a.log_rms_error.total_cmp(&b.log_rms_error));

        let slope_ci = bootstrap_interval(&points, &log_n, resampling);
        let best = fits[0];
        let inside = |slope: f64| best.band.0 <= slope && slope <= best.band.1;
        let class = (inside(slope_ci.0) && inside(slope_ci.1)).then_some(best.class);
        Ok(Fit {
            sizes,
            medians,
            slope,
            r2,
            slope_ci,
            fits,
            class,
        })
    }

    /// Why `points` cannot be fitted as `resampling` draws them, without fitting them: the
    /// checks [`Fit::with_resampling`] makes first. For a reader of a fit made elsewhere (a
    /// chart of a judge's fit) that must say why there is none.
    pub fn check(points: &[Point], resampling: Resampling) -> Result<(), FitError> {
        let mut points = points.to_vec();
        points.sort_by(|a, b| a.n.total_cmp(&b.n));
        check(&points, resampling)
    }

    /// The least-squares best class, named even when the evidence is inconclusive.
    pub fn best(&self) -> ClassFit {
        self.fits[0]
    }

    /// "O(n)", or "inconclusive".
    pub fn class_label(&self) -> &'static str {
        self.class.map_or("inconclusive", Class::label)
    }

    /// The medians at the ends of the sizes, for an explanation: "145 ns at n = 100 … 544 µs at
    /// n = 1,000,000", the size written as `symbol`.
    pub fn range(&self, symbol: &str) -> String {
        let last = self.sizes.len() - 1;
        format!(
            "{} at {symbol} = {} … {} at {symbol} = {}",
            format_ns(self.medians[0]),
            thousands(self.sizes[0]),
            format_ns(self.medians[last]),
            thousands(self.sizes[last])
        )
    }

    /// One line for people: slope, interval, R², and the class or why none was named.
    pub fn summary(&self) -> String {
        let best = self.best();
        let verdict = match self.class {
            Some(class) => format!("class {class}"),
            None => format!(
                "inconclusive: the interval leaves {}'s band {:.2}…{:.2}",
                best.class, best.band.0, best.band.1
            ),
        };
        format!(
            "slope {:.2} (95% CI {:.2}…{:.2}, R² {:.3}), {verdict}",
            self.slope, self.slope_ci.0, self.slope_ci.1, self.r2
        )
    }
}

/// Why a set of points cannot be fitted.
#[derive(Debug, Clone, PartialEq)]
pub enum FitError {
    TooFewSizes(usize),
    SizeTooSmall(f64),
    TooFewRepeats {
        n: f64,
        repeats: usize,
    },
    NotPositive {
        n: f64,
        time: f64,
    },
    UnequalRounds {
        n: f64,
        repeats: usize,
        rounds: usize,
    },
    TooManyTimings(usize),
}

impl fmt::Display for FitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FitError::TooFewSizes(count) => write!(
                f,
                "{count} distinct sizes measured; a growth rate needs at least {MIN_SIZES}"
            ),
            FitError::SizeTooSmall(n) => write!(
                f,
                "size {n} is below {SMALLEST_SIZE}, too small for log n to mean anything"
            ),
            FitError::TooFewRepeats { n, repeats } => write!(
                f,
                "size {n} has {repeats} repeats; a confidence interval needs at least \
                 {MIN_REPEATS}"
            ),
            FitError::NotPositive { n, time } => {
                write!(f, "size {n} has a time of {time}; times must be positive")
            }
            FitError::UnequalRounds { n, repeats, rounds } => write!(
                f,
                "size {n} has {repeats} repeats where the first size has {rounds}; resampling \
                 by rounds needs one repeat per round at every size"
            ),
            FitError::TooManyTimings(count) => write!(
                f,
                "{count} timings in all, more than the {MAX_TIMINGS} a fit accepts"
            ),
        }
    }
}

impl std::error::Error for FitError {}

/// The checks of [`Fit::check`], on points sorted by size.
fn check(sorted: &[Point], resampling: Resampling) -> Result<(), FitError> {
    let timings: usize = sorted.iter().map(|point| point.repeats.len()).sum();
    if timings > MAX_TIMINGS {
        return Err(FitError::TooManyTimings(timings));
    }
    let distinct = 1 + sorted.windows(2).filter(|w| w[0].n != w[1].n).count();
    if sorted.is_empty() || distinct < MIN_SIZES {
        return Err(FitError::TooFewSizes(if sorted.is_empty() {
            0
        } else {
            distinct
        }));
    }
    for point in sorted {
        if point.n.is_nan() || point.n < SMALLEST_SIZE {
            return Err(FitError::SizeTooSmall(point.n));
        }
        if point.repeats.len() < MIN_REPEATS {
            return Err(FitError::TooFewRepeats {
                n: point.n,
                repeats: point.repeats.len(),
            });
        }
        if let Some(&time) = point.repeats.iter().find(|&&t| !(t > 0.0 && t.is_finite())) {
            return Err(FitError::NotPositive { n: point.n, time });
        }
    }
    if resampling == Resampling::Rounds {
        let rounds = sorted[0].repeats.len();
        if let Some(point) = sorted.iter().find(|p| p.repeats.len() != rounds) {
            return Err(FitError::UnequalRounds {
                n: point.n,
                repeats: point.repeats.len(),
                rounds,
            });
        }
    }
    Ok(())
}

/// (slope, intercept) of the least-squares line of y on x.
fn least_squares(x: &[f64], y: &[f64]) -> (f64, f64) {
    let count = x.len() as f64;
    let mean_x = x.iter().sum::<f64>() / count;
    let mean_y = y.iter().sum::<f64>() / count;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (xi, yi) in x.iter().zip(y) {
        sxy += (xi - mean_x) * (yi - mean_y);
        sxx += (xi - mean_x) * (xi - mean_x);
    }
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (slope, mean_y - slope * mean_x)
}

fn r_squared(x: &[f64], y: &[f64], slope: f64, intercept: f64) -> f64 {
    let mean_y = y.iter().sum::<f64>() / y.len() as f64;
    let total: f64 = y.iter().map(|yi| (yi - mean_y).powi(2)).sum();
    let residual: f64 = x
        .iter()
        .zip(y)
        .map(|(xi, yi)| (yi - (intercept + slope * xi)).powi(2))
        .sum();
    if total > 0.0 {
        1.0 - residual / total
    } else if residual > 0.0 {
        0.0
    } else {
        1.0
    }
}

/// The constant c of `time = c · f(n)` minimising the squared log error, and that error (RMS).
fn fit_class(class: Class, sizes: &[f64], log_t: &[f64]) -> (f64, f64) {
    let residuals: Vec<f64> = sizes
        .iter()
        .zip(log_t)
        .map(|(&n, &lt)| lt - class.shape(n).ln())
        .collect();
    let log_constant = residuals.iter().sum::<f64>() / residuals.len() as f64;
    let mean_square = residuals
        .iter()
        .map(|r| (r - log_constant).powi(2))
        .sum::<f64>()
        / residuals.len() as f64;
    (log_constant.exp(), mean_square.sqrt())
}

/// The band of the class at `index`: from the midpoint with the slower class's reference slope
/// to the midpoint with the faster one's (open-ended at both extremes).
fn band(references: &[f64], index: usize) -> (f64, f64) {
    let low = match index {
        0 => f64::NEG_INFINITY,
        _ => (references[index - 1] + references[index]) / 2.0,
    };
    let high = match references.get(index + 1) {
        Some(next) => (references[index] + next) / 2.0,
        None => f64::INFINITY,
    };
    (low, high)
}

/// The percentile interval of the slope over resamples that redraw the repeats.
fn bootstrap_interval(points: &[Point], log_n: &[f64], resampling: Resampling) -> (f64, f64) {
    let mut rng = SplitMix64::new(SEED);
    let mut drawn = Vec::new();
    let mut rounds = Vec::new();
    let mut log_t = vec![0.0; points.len()];
    let mut slopes: Vec<f64> = (0..RESAMPLES)
        .map(|_| {
            if resampling == Resampling::Rounds {
                let count = points[0].repeats.len();
                rounds.clear();
                rounds.extend((0..count).map(|_| rng.below(count)));
                for (slot, point) in log_t.iter_mut().zip(points) {
                    drawn.clear();
                    drawn.extend(rounds.iter().map(|&round| point.repeats[round]));
                    *slot = median(&drawn).ln();
                }
                return least_squares(log_n, &log_t).0;
            }
            for (slot, point) in log_t.iter_mut().zip(points) {
                drawn.clear();
                drawn.extend(
                    (0..point.repeats.len()).map(|_| point.repeats[rng.below(point.repeats.len())]),
                );
                *slot = median(&drawn).ln();
            }
            least_squares(log_n, &log_t).0
        })
        .collect();
    slopes.sort_by(f64::total_cmp);
    let tail = (1.0 - CONFIDENCE) / 2.0;
    (percentile(&slopes, tail), percentile(&slopes, 1.0 - tail))
}

/// The median of `values` (not empty); the mean of the middle two for an even count.
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[middle]
    } else {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    }
}

/// Linear interpolation between the closest ranks of an ascending slice.
fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    let rank = fraction * (sorted.len() - 1) as f64;
    let (below, above) = (rank.floor() as usize, rank.ceil() as usize);
    sorted[below] + (sorted[above] - sorted[below]) * (rank - below as f64)
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fast, well-mixed generator. Statistical
/// quality is ample for resampling, and a fixed seed makes every fit reproducible.
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (Lemire's multiply-shift; the bias is negligible for small bounds).
    fn below(&mut self, bound: usize) -> usize {
        ((u128::from(self.next_u64()) * bound as u128) >> 64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl SplitMix64 {
        /// Uniform in [0, 1).
        fn unit(&mut self) -> f64 {
            (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
        }

        /// Standard normal, by Box–Muller.
        fn normal(&mut self) -> f64 {
            let u = 1.0 - self.unit();
            let v = self.unit();
            (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
        }
    }

    /// Sizes 10^from … 10^to, `per_decade` per decade, like the demo's.
    fn geometric(from: f64, to: f64, per_decade: usize) -> Vec<f64> {
        let steps = ((to - from) * per_decade as f64).round() as usize;
        (0..=steps)
            .map(|i| 10f64.powf(from + i as f64 / per_decade as f64).round())
            .collect()
    }

    /// `repeats` measurements of `time(n)` at each size, with multiplicative noise of `spread`
    /// (the standard deviation of ln(time)), from a fixed seed.
    fn measure(
        sizes: &[f64],
        repeats: usize,
        spread: f64,
        seed: u64,
        time: impl Fn(f64) -> f64,
    ) -> Vec<Point> {
        let mut rng = SplitMix64::new(seed);
        sizes
            .iter()
            .map(|&n| {
                let repeats = (0..repeats)
                    .map(|_| time(n) * (spread * rng.normal()).exp())
                    .collect();
                Point::new(n, repeats)
            })
            .collect()
    }

    fn fit(points: &[Point]) -> Fit {
        Fit::from_points(points).expect("fits")
    }

    #[test]
    fn a_list_scan_is_linear_with_its_cost_per_element() {
        // 20 ns of fixed cost plus 5.6 ns per element, as `x in list` measures, 5 % noise.
        let points = measure(&geometric(2.0, 6.0, 2), 5, 0.05, 1, |n| 20.0 + 5.6 * n);
        let fit = fit(&points);
        assert_eq!(fit.class, Some(Class::Linear), "{}", fit.summary());
        assert!((fit.slope - 1.0).abs() < 0.03, "{}", fit.summary());
        assert!(fit.slope_ci.0 <= fit.slope && fit.slope <= fit.slope_ci.1);
        assert!(fit.r2 > 0.999);
        let constant = fit.best().constant;
        assert!((constant - 5.6).abs() < 0.5, "constant {constant}");
    }

    #[test]
    fn a_hash_lookup_is_constant() {
        let points = measure(&geometric(2.0, 6.0, 2), 5, 0.08, 2, |_| 13.0);
        let fit = fit(&points);
        assert_eq!(fit.class, Some(Class::Constant), "{}", fit.summary());
        assert!(fit.slope.abs() < 0.03);
        assert!((fit.best().constant - 13.0).abs() < 1.0);
    }

    #[test]
    fn every_class_is_recognised_from_noisy_data() {
        for (class, seed) in Class::ALL.iter().zip(10..) {
            let points = measure(&geometric(2.0, 6.0, 3), 7, 0.03, seed, |n| {
                3.0 * class.shape(n)
            });
            let fit = fit(&points);
            assert_eq!(fit.class, Some(*class), "{class}: {}", fit.summary());
            let relative = fit.best().constant / 3.0;
            assert!(
                (0.95..1.05).contains(&relative),
                "{class}: constant ×{relative}"
            );
        }
    }

    #[test]
    fn reference_slopes_and_bands_are_ordered_and_tile_the_line() {
        let points = measure(&geometric(2.0, 6.0, 2), 3, 0.0, 3, |n| n);
        let mut fits = fit(&points).fits;
        fits.sort_by(|a, b| a.reference_slope.total_cmp(&b.reference_slope));
        let order: Vec<Class> = fits.iter().map(|f| f.class).collect();
        assert_eq!(order, Class::ALL);
        assert_eq!(fits[0].reference_slope, 0.0);
        assert!((fits[2].reference_slope - 1.0).abs() < 1e-12);
        assert!((0.05..0.2).contains(&fits[1].reference_slope));
        assert_eq!(fits[0].band.0, f64::NEG_INFINITY);
        assert_eq!(fits[4].band.1, f64::INFINITY);
        for pair in fits.windows(2) {
            assert_eq!(pair[0].band.1, pair[1].band.0);
        }
    }

    #[test]
    fn noise_over_a_narrow_range_is_inconclusive_not_a_guess() {
        // Sizes 100…400, 40 % noise, 3 repeats: the interval spans several classes.
        let points = measure(&[100.0, 200.0, 400.0], 3, 0.4, 4, |n| 5.0 * n);
        let fit = fit(&points);
        assert_eq!(fit.class, None, "{}", fit.summary());
        assert_eq!(fit.class_label(), "inconclusive");
        assert!(fit.slope_ci.1 - fit.slope_ci.0 > 0.3, "{}", fit.summary());
        assert!(fit.summary().contains("inconclusive"));
    }

    #[test]
    fn a_slope_between_two_classes_is_inconclusive() {
        // n^1.06 lies on the border of O(n) and O(n log n) over these sizes.
        let points = measure(&geometric(2.0, 4.0, 4), 5, 0.05, 5, |n| n.powf(1.06));
        assert_eq!(fit(&points).class, None, "{}", fit(&points).summary());
    }

    #[test]
    fn one_slow_repeat_does_not_move_the_fit() {
        let mut points = measure(&geometric(2.0, 6.0, 2), 5, 0.02, 6, |n| 5.6 * n);
        points[0].repeats[0] *= 30.0; // a context switch in the first repeat
        let fit = fit(&points);
        assert_eq!(fit.class, Some(Class::Linear), "{}", fit.summary());
    }

    #[test]
    fn the_interval_is_reproducible_and_narrows_with_less_noise() {
        let sizes = geometric(2.0, 5.0, 2);
        let noisy = fit(&measure(&sizes, 5, 0.2, 7, |n| n));
        assert_eq!(noisy, fit(&measure(&sizes, 5, 0.2, 7, |n| n)));
        let quiet = fit(&measure(&sizes, 5, 0.02, 7, |n| n));
        let width = |f: &Fit| f.slope_ci.1 - f.slope_ci.0;
        assert!(width(&quiet) < width(&noisy) / 3.0);
    }

    #[test]
    fn resampling_whole_rounds_sees_through_load_that_hits_every_size() {
        // Round 3 of 5 ran while another program took half the core: every size is 1.8× slower
        // in that round, and in round 0 every size is 1.5× slower.
        let load = [1.5, 1.0, 1.0, 1.8, 1.0];
        let mut rng = SplitMix64::new(9);
        let points: Vec<Point> = geometric(2.0, 6.0, 2)
            .into_iter()
            .map(|n| {
                let repeats = load
                    .iter()
                    .map(|slowdown| 6.0 * n * slowdown * (0.01 * rng.normal()).exp())
                    .collect();
                Point::new(n, repeats)
            })
            .collect();
        let independent = Fit::from_points(&points).unwrap();
        let rounds = Fit::with_resampling(&points, Resampling::Rounds).unwrap();
        let width = |f: &Fit| f.slope_ci.1 - f.slope_ci.0;
        assert_eq!(rounds.class, Some(Class::Linear), "{}", rounds.summary());
        assert!(
            width(&rounds) < width(&independent) / 2.0,
            "{} vs {}",
            rounds.summary(),
            independent.summary()
        );
        assert_eq!(rounds.slope, independent.slope);
    }

    #[test]
    fn resampling_rounds_needs_one_repeat_per_round() {
        let points = [
            Point::new(10.0, vec![1.0, 1.0, 1.0]),
            Point::new(100.0, vec![10.0, 10.0, 10.0, 10.0]),
            Point::new(1000.0, vec![100.0, 100.0, 100.0]),
        ];
        let err = Fit::with_resampling(&points, Resampling::Rounds).unwrap_err();
        assert!(matches!(
            err,
            FitError::UnequalRounds {
                repeats: 4,
                rounds: 3,
                ..
            }
        ));
        assert!(Fit::from_points(&points).is_ok());
    }

    #[test]
    fn points_are_sorted_by_size_first() {
        let mut points = measure(&geometric(2.0, 5.0, 2), 3, 0.01, 8, |n| n);
        points.reverse();
        let fit = fit(&points);
        assert!(fit.sizes.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(fit.class, Some(Class::Linear));
    }

    #[test]
    fn unusable_evidence_is_refused_with_a_reason() {
        let good = |n: f64| Point::new(n, vec![1.0, 1.1, 0.9]);
        let err = |points: &[Point]| Fit::from_points(points).unwrap_err();
        assert_eq!(err(&[good(10.0), good(100.0)]), FitError::TooFewSizes(2));
        assert_eq!(err(&[]), FitError::TooFewSizes(0));
        assert_eq!(
            err(&[good(10.0), good(10.0), good(10.0)]),
            FitError::TooFewSizes(1)
        );
        assert_eq!(
            err(&[good(2.0), good(10.0), good(100.0)]),
            FitError::SizeTooSmall(2.0)
        );
        let short = Point::new(100.0, vec![1.0, 2.0]);
        assert!(matches!(
            err(&[good(10.0), short, good(1e3)]),
            FitError::TooFewRepeats { .. }
        ));
        let zero = Point::new(100.0, vec![1.0, 0.0, 1.0]);
        assert!(err(&[good(10.0), zero, good(1e3)])
            .to_string()
            .contains("positive"));
        // A snippet's million timings would keep the bootstrap busy for minutes.
        let huge = Point::new(100.0, vec![1.0; MAX_TIMINGS]);
        assert_eq!(
            err(&[good(10.0), huge, good(1e3)]),
            FitError::TooManyTimings(MAX_TIMINGS + 6)
        );
    }

    #[test]
    fn median_and_percentile() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(percentile(&[0.0, 10.0], 0.25), 2.5);
        assert_eq!(percentile(&[5.0], 0.975), 5.0);
    }

    #[test]
    fn the_generator_is_uniform_enough() {
        let mut rng = SplitMix64::new(42);
        let mut counts = [0usize; 5];
        for _ in 0..50_000 {
            counts[rng.below(5)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (9_500..10_500).contains(&c)),
            "{counts:?}"
        );
    }
}
