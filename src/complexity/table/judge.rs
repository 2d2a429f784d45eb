//! Judging a row: its measurements fitted by the engine, the class compared with the documented
//! one, and an explanation that quotes the figures. Pure: measurements in, a judged row out, so
//! it is tested on synthetic measurements with known slopes and noise.

use serde::Serialize;

use super::evidence::{BigO, Measured};
use super::rows::{Row, Timing};
use crate::complexity::halves::{median_step, slower, Halves};
use crate::complexity::{Class, Fit};
use crate::numbers::{format_ns, round, thousands};
use crate::report::Verdict;

/// One row of the table, judged: a line of `complexity --json`.
#[derive(Debug, Clone, Serialize)]
pub struct Judged {
    /// The operation, e.g. `list.pop(0)`.
    pub operation: &'static str,
    /// `list`, `deque`, `dict`, `set` or `str`.
    pub container: &'static str,
    /// The class the table gives, as it writes it: `O(n)`, `O(k)`.
    pub documented: &'static str,
    /// `per call`, or `amortised` (the total of n operations, divided by n).
    pub timing: &'static str,
    /// The size varied: `n = len(s)`.
    pub size: &'static str,
    /// Not on the wiki's page: CPython's surprises and the heapq and bisect modules.
    pub beyond_the_table: bool,
    /// The growth fitted to the measurements; null when there are none.
    pub fitted: Option<Fitted>,
    /// `confirmed`, `refuted` (another class was measured), `inconclusive` (the evidence cannot
    /// tell the classes apart) or `skipped` (nothing was measured).
    pub verdict: Verdict,
    /// Why, quoting the figures.
    pub explanation: String,
    /// big_O's class for the same medians, beside ours.
    pub big_o: Option<BigOSide>,
    /// The measurements, as the snippet recorded them.
    pub measured: Option<Measured>,
    /// Which run of `--runs N` this is, from 1; absent for a single run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<u32>,
    /// The class named, none when inconclusive or skipped (not serialised: `fitted.class`).
    #[serde(skip)]
    pub class: Option<Class>,
}

/// The growth fitted to a row's measurements by [`crate::complexity`].
#[derive(Debug, Clone, Serialize)]
pub struct Fitted {
    /// The class named, in the row's size (`O(k)`), or `inconclusive`.
    pub class: String,
    /// The exponent of time ∝ n^slope, by least squares on the log-log medians (4 decimals).
    pub slope: f64,
    /// The slope's 95% bootstrap interval, from resampling whole rounds (4 decimals).
    pub slope_ci: [f64; 2],
    /// How much of the variation of ln(time) that power law explains (4 decimals).
    pub r2: f64,
    /// The constant c of time = c · f(n) of the class named (of the best fit when none is):
    /// ns per operation for O(1), per element for O(n), per step of log₂ n for O(log n).
    pub ns_per_op: f64,
    /// What `ns_per_op` counts: `ns per operation`, `ns per element`, `ns × log n`.
    pub unit: String,
    /// The class whose shape fits the medians best, named even when the evidence is
    /// inconclusive.
    pub best_fit: String,
    /// The slope over the smaller half of the sizes alone, and the class it names.
    pub smaller_sizes: Option<HalfFit>,
    /// The slope over the larger half of the sizes alone, and the class it names.
    pub larger_sizes: Option<HalfFit>,
}

/// One half of the sizes, fitted alone.
#[derive(Debug, Clone, Serialize)]
pub struct HalfFit {
    /// From the smallest size of the half to its largest.
    pub sizes: [f64; 2],
    /// Its slope (4 decimals).
    pub slope: f64,
    /// The class it names, or `inconclusive`.
    pub class: String,
}

/// big_O's answer beside ours.
#[derive(Debug, Clone, Serialize)]
pub struct BigOSide {
    /// Its class in our notation (`O(n)`), or its own name when we have no such class
    /// (`Cubic`); null when it gave none.
    pub class: Option<String>,
    /// Whether that is the class we named; null when either named none.
    pub agrees: Option<bool>,
    /// What it answered, as it says it.
    #[serde(flatten)]
    pub answer: BigO,
}

/// big_O's name of a class we have, or `None`.
pub fn big_o_class(name: &str) -> Option<Class> {
    match name {
        "Constant" => Some(Class::Constant),
        "Logarithmic" => Some(Class::Logarithmic),
        "Linear" => Some(Class::Linear),
        "Linearithmic" => Some(Class::Linearithmic),
        "Quadratic" => Some(Class::Quadratic),
        _ => None,
    }
}

/// What the class's constant counts, after its "ns": `per element` for O(n).
fn unit(row: &Row, class: Class) -> String {
    match class {
        Class::Constant => "per operation".to_owned(),
        Class::Linear => "per element".to_owned(),
        other => format!(
            "× {}",
            row.class_label(other)
                .trim_start_matches("O(")
                .trim_end_matches(')')
        ),
    }
}

/// The class just beyond `fit`'s band on the side its interval leaves it.
fn neighbour(fit: &Fit) -> Option<Class> {
    let best = fit.best();
    let index = Class::ALL.iter().position(|c| *c == best.class)?;
    if fit.slope_ci.1 > best.band.1 {
        Class::ALL.get(index + 1).copied()
    } else {
        index.checked_sub(1).map(|below| Class::ALL[below])
    }
}

/// How far the time per item of one row drifted across its sizes from the memory alone, in
/// this table's runs on the development machine: slices of one list of 80,000 ran 1.3 to 1.4
/// times as fast per item at one end of their range as at the other, after some rows and not
/// after others, as copies below 10,000 items did against those above. The bootstrap interval
/// cannot see such a drift (every round of a row drifts alike), so a refutation must lie beyond
/// what it makes of the documented class.
const MEMORY_DRIFT: f64 = 1.4;

/// Why the class the interval names is not named after all.
enum Doubt<'a> {
    /// The `which` ("smaller" or "larger") half of the sizes, fitted alone (`half`), names
    /// another class or fits a slower one (`other`) best: the curve bends.
    Bend {
        which: &'static str,
        half: &'a Fit,
        other: Class,
    },
    /// Most steps between neighbouring sizes grow like a slower class (`pointed`), their
    /// `median` slope: one jump makes the whole slope.
    Jump { median: f64, pointed: Class },
    /// Another class than the documented one, but sizes only `range` times apart, over which a
    /// [`MEMORY_DRIFT`] is a slope of `margin`: the documented band `widened` by it still
    /// reaches the interval.
    Drift {
        range: f64,
        margin: f64,
        widened: (f64, f64),
    },
}

/// [`Doubt::Drift`] when `fit`'s interval reaches the band of the `documented` class widened by
/// the slope a [`MEMORY_DRIFT`] makes over `fit`'s range of sizes.
fn within_drift(fit: &Fit, documented: Class) -> Option<Doubt<'static>> {
    let band = fit.fits.iter().find(|f| f.class == documented)?.band;
    let range = fit.sizes.last()? / fit.sizes.first()?;
    let margin = MEMORY_DRIFT.ln() / range.ln();
    let widened = (band.0 - margin, band.1 + margin);
    (fit.slope_ci.0 <= widened.1 && fit.slope_ci.1 >= widened.0).then_some(Doubt::Drift {
        range,
        margin,
        widened,
    })
}

/// Judges one row from its measurements (`None` when the snippet recorded none, with why).
pub fn judge(row: &'static Row, measured: Result<Measured, String>) -> Judged {
    let mut judged = Judged {
        operation: row.operation,
        container: row.container.name(),
        documented: row.documented,
        timing: row.timing.label(),
        size: row.size,
        beyond_the_table: row.beyond_the_table,
        fitted: None,
        verdict: Verdict::Skipped,
        explanation: String::new(),
        big_o: None,
        measured: None,
        run: None,
        class: None,
    };
    let measured = match measured {
        Ok(measured) => measured,
        Err(why) => {
            judged.explanation = format!("{}: not measured: {why}.", row.operation);
            return judged;
        }
    };
    let fitting = measured.points().and_then(|(points, resampling)| {
        let fit = Fit::with_resampling(&points, resampling)
            .map_err(|err| format!("cannot fit the measurements: {err}"))?;
        Ok((fit, Halves::of(&points, resampling)))
    });
    let (fit, halves) = match fitting {
        Ok(fitted) => fitted,
        Err(why) => {
            judged.explanation = format!("{}: {why}.", row.operation);
            judged.measured = Some(measured);
            return judged;
        }
    };
    let doubt = fit.class.and_then(|class| {
        if let Some((which, half, other)) = halves.as_ref().and_then(|h| h.contradicting(class)) {
            return Some(Doubt::Bend { which, half, other });
        }
        // A jump the halves split between them: most neighbouring steps grow more slowly.
        if let Some((median, pointed)) =
            median_step(&fit).filter(|(_, pointed)| slower(*pointed, class))
        {
            return Some(Doubt::Jump { median, pointed });
        }
        if class == row.class {
            return None;
        }
        within_drift(&fit, row.class)
    });
    let class = if doubt.is_some() { None } else { fit.class };
    let named = class.unwrap_or(fit.best().class);
    let constant = fit
        .fits
        .iter()
        .find(|candidate| candidate.class == named)
        .map_or(fit.best().constant, |candidate| candidate.constant);
    let label = |class: Class| row.class_label(class);
    let half = |half: &Fit| HalfFit {
        sizes: [half.sizes[0], half.sizes[half.sizes.len() - 1]],
        slope: round(half.slope, 4),
        class: half.class.map_or("inconclusive".to_owned(), label),
    };

    let stated = format!(
        "{}{}: {}. Log-log slope {:.2} (95% CI {:.2}…{:.2}, R² {:.3})",
        row.operation,
        how_timed(row, &measured),
        fit.range(row.symbol()),
        fit.slope,
        fit.slope_ci.0,
        fit.slope_ci.1,
        fit.r2
    );
    let documented = label(row.class);
    let interval_names = label(fit.class.unwrap_or(named));
    let (verdict, verdict_clause) = match (class, &doubt) {
        (Some(class), _) if class == row.class => (
            Verdict::Confirmed,
            format!(
                ": {}, {} {}, as documented.",
                label(class),
                format_ns(constant),
                unit(row, class)
            ),
        ),
        (Some(class), _) => (
            Verdict::Refuted,
            format!(
                ": {}, {} {}, not the documented {documented}.",
                label(class),
                format_ns(constant),
                unit(row, class)
            ),
        ),
        (None, Some(Doubt::Bend { which, half, other })) => {
            let gives = if half.class.is_some() {
                "give"
            } else {
                "name no class and fit best"
            };
            (
                Verdict::Inconclusive,
                format!(
                    ": {interval_names} over the whole range, but the {which} sizes alone \
                     ({} … {}) {gives} {} (slope {:.2}): the curve bends, and no one class \
                     describes it.",
                    thousands(half.sizes[0]),
                    thousands(half.sizes[half.sizes.len() - 1]),
                    label(*other),
                    half.slope
                ),
            )
        }
        (None, Some(Doubt::Jump { median, pointed })) => (
            Verdict::Inconclusive,
            format!(
                ": {interval_names} over the whole range, but most steps between neighbouring \
                 sizes grow like {} (their median slope {median:.2}): the whole slope comes \
                 from a jump, and no one class describes the curve.",
                label(*pointed)
            ),
        ),
        (
            None,
            Some(Doubt::Drift {
                range,
                margin,
                widened,
            }),
        ) => (
            Verdict::Inconclusive,
            format!(
                ": the interval lies in the band of {interval_names}, but over sizes only {} \
                 times apart the memory alone (caches, the allocator's state) can make the time \
                 per item {MEMORY_DRIFT} times as high at one end as at the other, a slope of \
                 {margin:.2}: the documented {documented}'s band so widened ({:.2}…{:.2}) still \
                 reaches the interval, so the evidence does not refute it.",
                thousands(range.round()),
                widened.0,
                widened.1
            ),
        ),
        (None, None) => {
            let best = fit.best();
            let beyond =
                neighbour(&fit).map_or(String::new(), |other| format!(" from {}", label(other)));
            (
                Verdict::Inconclusive,
                format!(
                    ": the interval reaches beyond the band of {} ({:.2}…{:.2}), so the \
                     evidence cannot tell it{beyond}.",
                    label(best.class),
                    best.band.0,
                    best.band.1
                ),
            )
        }
    };
    let mut explanation = format!("{stated}{verdict_clause}");
    // An amortised row's fresh containers are empty ones: nothing worth leaving out.
    if let (Some(fresh), Timing::PerCall) = (&measured.fresh, row.timing) {
        let last = fresh.setup_ns_per_op.len().min(fresh.loop_ns_per_op.len());
        if last > 0 && measured.sizes.len() >= last {
            explanation.push_str(&format!(
                " Each fresh container (`{}`) was built outside the clock: {} per operation at \
                 {} = {}, left out of the figure; the timed loop around the statement, {}, is \
                 in it.",
                fresh.container,
                format_ns(fresh.setup_ns_per_op[last - 1]),
                row.symbol(),
                thousands(measured.sizes[last - 1]),
                format_ns(fresh.loop_ns_per_op[last - 1])
            ));
        }
    }
    if let Some(cores) = measured.others_cores.filter(|cores| *cores >= 0.1) {
        explanation.push_str(&format!(
            " Other programs kept {cores:.2} cores busy meanwhile."
        ));
    }

    judged.big_o = measured.big_o.clone().map(|answer| {
        let ours = answer.class.as_deref().and_then(big_o_class);
        BigOSide {
            class: match (ours, &answer.class) {
                (Some(class), _) => Some(label(class)),
                (None, name) => name.clone(),
            },
            // Only when both named a class: a class we do not have (`Cubic`) disagrees.
            agrees: answer
                .class
                .as_ref()
                .zip(class)
                .map(|(_, named)| ours == Some(named)),
            answer,
        }
    });
    judged.fitted = Some(Fitted {
        class: class.map_or("inconclusive".to_owned(), label),
        slope: round(fit.slope, 4),
        slope_ci: [round(fit.slope_ci.0, 4), round(fit.slope_ci.1, 4)],
        r2: round(fit.r2, 4),
        ns_per_op: round(constant, 4),
        unit: format!("ns {}", unit(row, named)),
        best_fit: label(fit.best().class),
        smaller_sizes: halves.as_ref().map(|h| half(&h.smaller)),
        larger_sizes: halves.as_ref().map(|h| half(&h.larger)),
    });
    judged.verdict = verdict;
    judged.explanation = explanation;
    judged.class = class;
    judged.measured = Some(measured);
    judged
}

/// " (amortised: n appends to an empty list, total time ÷ n)", " (per call: x absent)".
fn how_timed(row: &Row, measured: &Measured) -> String {
    let timing = row.timing.label();
    if measured.note.is_empty() {
        format!(" ({timing})")
    } else {
        format!(" ({timing}: {})", measured.note)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complexity::table::rows::named;

    /// Asserts that `judged` is `verdict` and its explanation says `quoted` (showing the
    /// explanation when either fails).
    #[track_caller]
    fn assert_judged(judged: &Judged, verdict: Verdict, quoted: &str) {
        assert_eq!(judged.verdict, verdict, "{}", judged.explanation);
        assert!(
            judged.explanation.contains(quoted),
            "{}",
            judged.explanation
        );
    }

    /// SplitMix64, as the engine's tests use: noise from a fixed seed.
    struct Noise(u64);

    impl Noise {
        fn unit(&mut self) -> f64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        }

        /// A factor e^(spread · u), u uniform in [-1, 1).
        fn factor(&mut self, spread: f64) -> f64 {
            (spread * (2.0 * self.unit() - 1.0)).exp()
        }
    }

    const SIZES: [f64; 9] = [
        100.0, 316.0, 1e3, 3162.0, 1e4, 31_623.0, 1e5, 316_228.0, 1e6,
    ];

    /// Measurements of `time(n)` with multiplicative noise of `spread` and, in round 3, a burst
    /// of load that slows every size by half.
    fn measured(time: impl Fn(f64) -> f64, spread: f64, seed: u64) -> Measured {
        measured_at(&SIZES, time, spread, seed)
    }

    fn measured_at(sizes: &[f64], time: impl Fn(f64) -> f64, spread: f64, seed: u64) -> Measured {
        let mut noise = Noise(seed);
        let repeats: Vec<Vec<f64>> = sizes
            .iter()
            .map(|&n| {
                (0..7)
                    .map(|round| {
                        let burst = if round == 3 { 1.5 } else { 1.0 };
                        time(n) * burst * noise.factor(spread)
                    })
                    .collect()
            })
            .collect();
        Measured {
            statement: "s.pop(0)".to_owned(),
            setup: "base = list(range(n))".to_owned(),
            note: String::new(),
            clock: "time.thread_time".to_owned(),
            sizes: sizes.to_vec(),
            ns_per_op: repeats
                .iter()
                .map(|r| crate::complexity::median(r))
                .collect(),
            repeats_ns_per_op: repeats,
            loops_per_repeat: vec![1; sizes.len()],
            repeat_seconds: 0.002,
            interleaved: true,
            others_cores: Some(1.2),
            fresh: None,
            timeit: None,
            big_o: None,
        }
    }

    fn row(name: &str) -> &'static Row {
        named(name).unwrap()[0]
    }

    #[test]
    fn a_linear_row_measured_linear_is_confirmed_with_its_constant() {
        let judged = judge(
            row("list.pop(0)"),
            Ok(measured(|n| 30.0 + 0.5 * n, 0.05, 1)),
        );
        assert_eq!(judged.verdict, Verdict::Confirmed, "{}", judged.explanation);
        let fitted = judged.fitted.unwrap();
        assert_eq!(fitted.class, "O(n)");
        assert!((fitted.ns_per_op - 0.5).abs() < 0.1, "{}", fitted.ns_per_op);
        assert_eq!(fitted.unit, "ns per element");
        assert!(judged.explanation.contains("as documented"));
        assert!(judged.explanation.contains("1.20 cores busy"));
    }

    #[test]
    fn a_constant_row_that_grows_linearly_is_refuted_with_the_class_observed() {
        let judged = judge(row("s += \"x\""), Ok(measured(|n| 0.3 * n, 0.05, 2)));
        assert_judged(&judged, Verdict::Refuted, "not the documented O(1)");
        assert_eq!(judged.class, Some(Class::Linear));
    }

    #[test]
    fn every_class_with_known_slope_and_noise_gets_its_own_verdict() {
        for (class, seed) in Class::ALL.into_iter().zip(10..) {
            let judged = judge(
                row("list.sort()"),
                Ok(measured(|n| 2.0 * class.shape(n), 0.04, seed)),
            );
            let expected = if class == Class::Linearithmic {
                Verdict::Confirmed
            } else {
                Verdict::Refuted
            };
            assert_eq!(judged.verdict, expected, "{class}: {}", judged.explanation);
            assert_eq!(judged.class, Some(class));
        }
    }

    #[test]
    fn heavy_noise_is_inconclusive_and_names_the_neighbour_it_cannot_rule_out() {
        // A slope of 0.06 lies on the border of O(1) and O(log n) over these sizes.
        let judged = judge(
            row("dict[k]"),
            Ok(measured(|n| 40.0 * n.powf(0.06), 0.3, 3)),
        );
        assert_judged(&judged, Verdict::Inconclusive, "cannot tell");
        assert_eq!(judged.fitted.unwrap().class, "inconclusive");
    }

    #[test]
    fn a_linear_cost_that_jumps_when_the_data_outgrows_a_cache_is_not_called_n_log_n() {
        let judged = judge(
            row("list.copy()"),
            Ok(measured(
                |n| if n < 5e4 { 2.0 * n } else { 6.0 * n },
                0.02,
                4,
            )),
        );
        assert_judged(&judged, Verdict::Inconclusive, "the curve bends");
    }

    #[test]
    fn a_linear_cost_that_jumps_once_in_the_middle_is_not_called_n_log_n() {
        // 1.8 ns an item up to 5,623 items, 2.7 from 10,000: the jump lies between the two
        // sizes that the halves share.
        let sizes = [
            1e3, 1778.0, 3162.0, 5623.0, 1e4, 17_783.0, 31_623.0, 56_234.0,
        ];
        let jumping = measured_at(
            &sizes,
            |n| if n < 8e3 { 1.8 * n } else { 2.7 * n },
            0.01,
            11,
        );
        let judged = judge(row("list.copy()"), Ok(jumping));
        assert_eq!(
            judged.verdict,
            Verdict::Inconclusive,
            "{}",
            judged.explanation
        );
        assert_ne!(judged.class, Some(Class::Linearithmic));
    }

    #[test]
    fn a_drift_the_memory_makes_over_a_narrow_range_refutes_nothing_a_real_class_still_does() {
        // The slice row's sizes: k from 10,000 to 80,000. Its time per item rose from 1.75 to
        // 2.3 ns across them in one run of the whole table (slope 1.14, in n log n's band), and
        // stayed flat when the row ran alone.
        let sizes = [1e4, 15_849.0, 25_119.0, 39_811.0, 63_096.0, 8e4];
        let tilted = measured_at(&sizes, |n| 1.75 * n * (n / 1e4).powf(0.13), 0.01, 21);
        let judged = judge(row("list[a:a+k]"), Ok(tilted));
        assert_eq!(
            judged.verdict,
            Verdict::Inconclusive,
            "{}",
            judged.explanation
        );
        assert_eq!(judged.class, None);
        assert!(
            judged.explanation.contains("only 8 times apart")
                && judged.explanation.contains("does not refute"),
            "{}",
            judged.explanation
        );
        // A quadratic cost over the same sizes is far beyond any such drift.
        let quadratic = measured_at(&sizes, |n| 1e-3 * n * n, 0.01, 22);
        let judged = judge(row("list[a:a+k]"), Ok(quadratic));
        assert_eq!(judged.verdict, Verdict::Refuted, "{}", judged.explanation);
        assert_eq!(judged.class, Some(Class::Quadratic));
        // Over four decades the same drift is a slope of 0.04: a constant row whose time grows
        // like n^0.08 (1.8 times from n = 100 to 1,000,000) is not refuted as O(log n); one that
        // grows linearly still is (a_constant_row_that_grows_linearly_is_refuted_…).
        let creeping = measured(|n| 30.0 * (n / 100.0).powf(0.08), 0.01, 23);
        let judged = judge(row("dict[k]"), Ok(creeping));
        assert_judged(&judged, Verdict::Inconclusive, "does not refute");
    }

    #[test]
    fn a_row_with_no_measurements_is_skipped_with_why() {
        let judged = judge(
            row("len(list)"),
            Err("the snippet has no such row".to_owned()),
        );
        assert_judged(&judged, Verdict::Skipped, "the snippet has no such row");
        assert!(judged.fitted.is_none());
    }

    #[test]
    fn mismatched_measurements_are_skipped_not_fitted() {
        let mut broken = measured(|n| n, 0.01, 5);
        broken.repeats_ns_per_op.pop();
        let judged = judge(row("x in list"), Ok(broken));
        assert_judged(&judged, Verdict::Skipped, "9 sizes but 8");
    }

    #[test]
    fn garbage_measurements_are_skipped_with_why_never_a_panic() {
        let mut empty = measured(|n| n, 0.01, 8);
        empty.sizes.clear();
        empty.repeats_ns_per_op.clear();
        let mut nan = measured(|n| n, 0.01, 9);
        nan.repeats_ns_per_op[3][0] = f64::NAN;
        let mut fresh = measured(|n| n, 0.01, 10);
        fresh.fresh = Some(crate::complexity::table::evidence::Fresh {
            container: "s = []".to_owned(),
            ops_per_container: "1".to_owned(),
            setup_ns_per_op: vec![],
            loop_ns_per_op: vec![1.0; 40],
        });
        for (garbage, why) in [(empty, "0 distinct sizes"), (nan, "positive")] {
            let judged = judge(row("x in list"), Ok(garbage));
            assert_judged(&judged, Verdict::Skipped, why);
        }
        // Setup figures that do not match the sizes are left out of the explanation.
        let judged = judge(row("x in list"), Ok(fresh));
        assert!(!judged.explanation.contains("outside the clock"));
    }

    #[test]
    fn big_o_is_set_beside_ours_in_our_notation() {
        let mut linear = measured(|n| 3.0 * n, 0.02, 6);
        linear.big_o = Some(BigO {
            class: Some("Linear".to_owned()),
            crashed: Some("IndexError: index 0 is out of bounds".to_owned()),
            crashing_classes: vec!["Cubic".to_owned()],
            ..Default::default()
        });
        let judged = judge(row("list[a:a+k]"), Ok(linear));
        let side = judged.big_o.unwrap();
        assert_eq!(side.class.as_deref(), Some("O(k)"));
        assert_eq!(side.agrees, Some(true));
        let mut other = measured(|n| 3.0 * n, 0.02, 7);
        other.big_o = Some(BigO {
            class: Some("Cubic".to_owned()),
            ..Default::default()
        });
        let side = judge(row("x in list"), Ok(other)).big_o.unwrap();
        assert_eq!(side.class.as_deref(), Some("Cubic"));
        assert_eq!(side.agrees, Some(false));
    }
}
