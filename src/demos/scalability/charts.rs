//! The scalability demo's chart: the lookup curves measured, on log-log axes, with the class
//! fitted to each.

use serde::Deserialize;

use crate::complexity::{Class, Fit, Point, Resampling};
use crate::demos::ClaimsEvidence;
use crate::figures::{left_out, Curve, Drawn, Figure, FittedLine, LogLog, Plot, Tone};
use crate::output::chart::format_ns;

/// A lookup curve as the scalability snippet records it.
#[derive(Deserialize)]
struct LookupCurve {
    sizes: Vec<f64>,
    repeats_ns_per_op: Vec<Vec<f64>>,
    #[serde(default)]
    interleaved: bool,
}

impl LookupCurve {
    /// The same fit the demo's judge made (same engine, same resampling, fixed seed), or why
    /// there is none.
    fn fit(&self) -> Result<Fit, String> {
        if self.sizes.len() != self.repeats_ns_per_op.len() {
            return Err(format!(
                "{} sizes but {} sets of repeats",
                self.sizes.len(),
                self.repeats_ns_per_op.len()
            ));
        }
        let points: Vec<Point> = self
            .sizes
            .iter()
            .zip(&self.repeats_ns_per_op)
            .map(|(&n, repeats)| Point::new(n, repeats.clone()))
            .collect();
        let resampling = if self.interleaved {
            Resampling::Rounds
        } else {
            Resampling::Independent
        };
        Fit::with_resampling(&points, resampling).map_err(|err| format!("{err:#}"))
    }
}

pub fn complexity(evidence: &ClaimsEvidence<'_>) -> Drawn {
    let mut curves = Vec::new();
    let mut unfit = Vec::new();
    for (key, label, tone) in [
        ("list_in_linear", "list", Tone::Blue),
        ("set_in_constant", "set", Tone::Green),
        ("set_worst_case_linear", "set, equal hashes", Tone::Red),
    ] {
        let Some(curve) = evidence.get::<LookupCurve>(key) else {
            continue;
        };
        let fit = match curve.fit() {
            Ok(fit) => fit,
            Err(why) => {
                unfit.push(format!("{label} ({why})"));
                continue;
            }
        };
        let best = fit.best();
        let unit = match best.class {
            Class::Constant => String::new(),
            Class::Linear => " per element".to_owned(),
            other => format!(
                " × {}",
                other.label().trim_start_matches("O(").trim_end_matches(')')
            ),
        };
        let fitted = match fit.class {
            Some(class) => format!("{class}, {}{unit}", format_ns(best.constant)),
            None => format!("closest {}, inconclusive", best.class),
        };
        curves.push(Curve {
            label: format!("{label}: {fitted}"),
            tone,
            points: fit
                .sizes
                .iter()
                .copied()
                .zip(fit.medians.iter().copied())
                .collect(),
            fitted: Some(FittedLine {
                from: fit.sizes[0],
                to: fit.sizes[fit.sizes.len() - 1],
                at: Box::new(move |n| best.constant * best.class.shape(n)),
            }),
        });
    }
    let title = "Time per lookup of an absent value";
    if curves.is_empty() {
        return (!unfit.is_empty()).then(|| Err(left_out(title, &unfit.join("; "))));
    }
    let chart = LogLog {
        title: title.to_owned(),
        x_label: "n (elements), logarithmic".to_owned(),
        y_label: "time per lookup".to_owned(),
        curves,
    };
    let mut caption = "Both axes are logarithmic, so a power law is a straight line whose \
                       steepness is its exponent: O(1) is flat, O(n) climbs one decade of time \
                       per decade of n. Dots: the median of the repeats at each size; dashed: the \
                       fitted class."
        .to_owned();
    if !unfit.is_empty() {
        caption.push_str(&format!(" Not drawn: {}.", unfit.join("; ")));
    }
    Some(Ok(Figure {
        name: "complexity",
        caption,
        plot: Plot::LogLog(chart),
    }))
}

#[cfg(test)]
mod tests {
    use super::super::DEMO;
    use crate::demos::testing;
    use crate::export::charts::Charts;
    use crate::report::{Claim, Verdict};
    use serde_json::{json, Value};

    fn drawn(claims: &[Claim]) -> Charts {
        testing::drawn_from_claims(&DEMO, claims)
    }

    /// Sizes 100 … 10⁶, two per decade, as the snippet measures them.
    fn curve(structure: &str, time: impl Fn(f64) -> f64) -> Value {
        let sizes: Vec<f64> = (0..=8)
            .map(|i| (10f64.powf(2.0 + f64::from(i) / 2.0)).round())
            .collect();
        let jitter = [1.0, 1.03, 0.97, 1.01, 0.99];
        json!({
            "structure": structure,
            "statement": "absent in data",
            "sizes": sizes,
            "ns_per_op": sizes.iter().map(|&n| time(n)).collect::<Vec<_>>(),
            "repeats_ns_per_op": sizes.iter().map(|&n| jitter.iter().map(|j| time(n) * j)
                .collect::<Vec<_>>()).collect::<Vec<_>>(),
            "interleaved": true,
        })
    }

    /// Synthetic curves as judged, the colliding one skipped.
    fn measured() -> Vec<Claim> {
        let claim = |id, verdict, evidence| testing::claim(id, verdict, evidence);
        vec![
            claim(
                "scalability.list_in_linear",
                Verdict::Confirmed,
                curve("list", |n| 20.0 + 7.0 * n),
            ),
            claim(
                "scalability.set_in_constant",
                Verdict::Confirmed,
                curve("set", |_| 15.0),
            ),
            claim(
                "scalability.set_worst_case_linear",
                Verdict::Skipped,
                json!({"skipped": "not today"}),
            ),
        ]
    }

    #[test]
    fn the_complexity_chart_draws_the_curves_measured_and_their_fits() {
        let charts = drawn(&measured()).drawn;
        assert_eq!(charts.len(), 1);
        let chart = &charts[0];
        assert_eq!(chart.name, "complexity");
        // Two curves of nine sizes; the skipped colliding set is not drawn.
        assert_eq!(chart.marks, 18);
        // The dots, and one in the legend per curve.
        assert_eq!(
            chart.svg.matches("<circle").count(),
            18 + 2,
            "{}",
            chart.svg
        );
        assert!(
            chart.svg.contains("list: O(n), 7.03 ns per element"),
            "{}",
            chart.svg
        );
        assert!(chart.svg.contains("set: O(1), 15.0 ns"), "{}", chart.svg);
        assert!(!chart.svg.contains("hashes equal"));
    }

    #[test]
    fn subnormal_times_leave_the_complexity_chart_out_with_a_note_instead_of_hanging() {
        // Once an endless loop in plotters' log axis: the axis started at 10^-324 = 0.
        let mut claims = measured();
        for claim in &mut claims[..2] {
            let sizes = claim.evidence["sizes"].as_array().unwrap().len();
            claim.evidence["repeats_ns_per_op"] = json!(vec![vec![5e-324; 5]; sizes]);
        }
        let charts = drawn(&claims);
        assert!(charts.drawn.is_empty());
        assert_eq!(charts.left_out.len(), 1, "{:?}", charts.left_out);
        let note = &charts.left_out[0];
        assert!(
            note.starts_with("The chart “Time per lookup of an absent value” is left out:"),
            "{note}"
        );
    }

    #[test]
    fn a_curve_that_cannot_be_fitted_is_named_under_the_chart() {
        let mut claims = measured();
        claims[1].evidence["sizes"] = json!([100.0, 1000.0]);
        let charts = drawn(&claims);
        assert_eq!(charts.drawn.len(), 1);
        assert!(
            charts.drawn[0]
                .caption
                .contains("Not drawn: set (2 sizes but 9 sets of repeats)."),
            "{}",
            charts.drawn[0].caption
        );
    }

    #[test]
    fn no_evidence_no_chart() {
        let mut skipped = measured();
        for claim in &mut skipped {
            claim.evidence = json!({"skipped": "no time"});
        }
        assert!(drawn(&skipped).drawn.is_empty());
        assert!(drawn(&[]).drawn.is_empty());
    }
}
