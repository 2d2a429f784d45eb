//! The scalability demo's pictures: the lookup curves measured, on log-log axes — on the terminal
//! from the snippet's medians, in the report with the class each judge fitted — and, in the
//! report, the Mandelbrot job on the pool and on each distributed engine.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::evidence::{
    CollidingCurve, CollidingDerived, Curve, Distributed, EngineRun, Growth, ListCurve,
    ListDerived, Parallelism, Part, SetCurve, SetDerived,
};
use crate::demos::kit::parallel::Spread;
use crate::demos::{ClaimsEvidence, Judged};
use crate::figures::{
    self, left_out, BarRow, Bars, Curve as Line, Drawn, Figure, FittedLine, LogLog, Plot, Tone,
};
use crate::output::chart::{self, format_ns, Series};

/// How one lookup curve is drawn: its name, its colour and its marker on the terminal.
struct Style {
    label: &'static str,
    tone: Tone,
    marker: char,
}

/// The five lookup curves, in the order they are drawn: each claim's own curve, then the
/// structure measured beside it (the list's tuple, the set's dict).
const STYLES: [Style; 5] = [
    Style {
        label: "list",
        tone: Tone::Blue,
        marker: '●',
    },
    Style {
        label: "tuple",
        tone: Tone::Orange,
        marker: '○',
    },
    Style {
        label: "set",
        tone: Tone::Green,
        marker: '■',
    },
    Style {
        label: "dict",
        tone: Tone::Purple,
        marker: '□',
    },
    Style {
        label: "set, equal hashes",
        tone: Tone::Red,
        marker: '▲',
    },
];

/// A claim whose evidence holds a second lookup curve beside its own, and the fit of each.
trait Paired: DeserializeOwned {
    type Derived: DeserializeOwned;
    /// Its own curve, and the second structure's.
    fn curves(self) -> (Curve, Curve);
    /// Their fits, in that order.
    fn fits(derived: Self::Derived) -> (Growth, Growth);
}

impl Paired for ListCurve {
    type Derived = ListDerived;
    fn curves(self) -> (Curve, Curve) {
        (self.curve, self.tuple)
    }
    fn fits(derived: ListDerived) -> (Growth, Growth) {
        (derived.growth, derived.tuple_fit)
    }
}

impl Paired for SetCurve {
    type Derived = SetDerived;
    fn curves(self) -> (Curve, Curve) {
        (self.curve, self.dict)
    }
    fn fits(derived: SetDerived) -> (Growth, Growth) {
        (derived.growth, derived.dict_fit)
    }
}

/// A claim's curves as the snippet measured them: its own and the second structure's. Evidence
/// without a whole second structure (an edited snippet's) still shows its own curve, which is
/// the claim's top level.
fn measured_pair<P: Paired>(claim: Option<&Value>) -> [Option<Curve>; 2] {
    let Some(claim) = claim else {
        return [None, None];
    };
    match P::deserialize(claim) {
        Ok(paired) => {
            let (own, second) = paired.curves();
            [Some(own), Some(second)]
        }
        Err(_) => [Curve::deserialize(claim).ok(), None],
    }
}

/// A curve, and the fit its judge derived from it (none when the claim could not be judged).
type Fitted = (Curve, Option<Growth>);

/// A judged claim's curves, each with its fit, as [`measured_pair`] reads them.
fn judged_pair<P: Paired>(evidence: &ClaimsEvidence<'_>, key: &str) -> [Option<Fitted>; 2] {
    match evidence.get::<Judged<P, P::Derived>>(key) {
        Some(Judged { observed, derived }) => {
            let (own, second) = observed.curves();
            let (own_fit, second_fit) = derived.map(P::fits).unzip();
            [Some((own, own_fit)), Some((second, second_fit))]
        }
        None => [
            evidence
                .get::<Judged<Curve, Growth>>(key)
                .map(|judged| (judged.observed, judged.derived)),
            None,
        ],
    }
}

/// The lookup curves of the judged claims, in the order of [`STYLES`].
fn judged_curves(evidence: &ClaimsEvidence<'_>) -> [Option<Fitted>; 5] {
    let [list, tuple] = judged_pair::<ListCurve>(evidence, "list_in_linear");
    let [set, dict] = judged_pair::<SetCurve>(evidence, "set_in_constant");
    let colliding = evidence
        .get::<Judged<CollidingCurve, CollidingDerived>>("set_worst_case_linear")
        .map(|judged| (judged.observed.curve, judged.derived.map(|d| d.growth)));
    [list, tuple, set, dict, colliding]
}

/// The lookup curves of the snippet's `EVIDENCE`, in the order of [`STYLES`].
fn measured_curves(evidence: &Value) -> [Option<Curve>; 5] {
    let claim = |key: &str| evidence.get(key);
    let [list, tuple] = measured_pair::<ListCurve>(claim("list_in_linear"));
    let [set, dict] = measured_pair::<SetCurve>(claim("set_in_constant"));
    let colliding = claim("set_worst_case_linear")
        .and_then(|claim| CollidingCurve::deserialize(claim).ok())
        .map(|colliding| colliding.curve);
    [list, tuple, set, dict, colliding]
}

pub fn complexity(evidence: &ClaimsEvidence<'_>) -> Drawn {
    let mut curves = Vec::new();
    let mut unfit = Vec::new();
    for (style, fitted) in STYLES.iter().zip(judged_curves(evidence)) {
        let Some((curve, fit)) = fitted else {
            continue;
        };
        let Some(growth) = fit else {
            // No fit to draw: say why the curve could not be fitted.
            let why = curve
                .unfit()
                .unwrap_or_else(|| "its claim could not be judged".to_owned());
            unfit.push(format!("{} ({why})", style.label));
            continue;
        };
        let fitted = growth.fitted;
        let best = growth.best_fit;
        let constant = fitted.constant_ns;
        let unit = best.per().map(|per| format!(" {per}")).unwrap_or_default();
        let class = match growth.class.0 {
            Some(class) => format!("{class}, {}{unit}", format_ns(constant)),
            None => format!("closest {}, inconclusive", best.0),
        };
        let (Some(&from), Some(&to)) = (fitted.sizes.first(), fitted.sizes.last()) else {
            continue;
        };
        curves.push(Line {
            label: format!("{}: {class}", style.label),
            tone: style.tone,
            points: fitted
                .sizes
                .iter()
                .copied()
                .zip(fitted.medians_ns.iter().copied())
                .collect(),
            fitted: Some(FittedLine {
                from,
                to,
                at: Box::new(move |n| constant * best.0.shape(n)),
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

/// "1.34 s" for a duration in seconds.
fn seconds(value: f64) -> String {
    format_ns(value * 1e9)
}

/// A row of two bars: a run's ratios, as the judges read them.
fn bar(label: String, spread: Spread) -> BarRow {
    BarRow {
        label,
        speedup: spread.speedup,
        cores_used: spread.cores_used,
    }
}

/// The bar of an engine's run: its ratios against the one process, and in its label what it
/// added to the demo's time.
fn engine_row(name: &str, run: &EngineRun, local_seconds: f64) -> BarRow {
    bar(
        format!(
            "{name}: start {}, job {}, stop {}",
            seconds(run.start_seconds),
            seconds(run.wall_seconds),
            seconds(run.close_seconds)
        ),
        run.spread(local_seconds),
    )
}

/// The Mandelbrot job on the process pool and on each distributed engine that ran it.
pub fn spread_out(evidence: &ClaimsEvidence<'_>) -> Drawn {
    let pool: Option<Parallelism> = evidence.get("parallelism");
    let engines: Option<Distributed> = evidence.get("distributed");
    let mut rows = Vec::new();
    if let Some(pool) = &pool {
        rows.push(bar(
            format!(
                "process pool: start {}, job {}",
                seconds(pool.start_seconds),
                seconds(pool.parallel_seconds)
            ),
            pool.spread(),
        ));
    }
    let mut cores = pool.as_ref().map(|pool| pool.cores_available);
    let mut tasks = pool.as_ref().map(|pool| pool.tasks);
    if let Some(e) = &engines {
        if let Some(dask) = &e.dask {
            rows.push(engine_row("Dask", &dask.run, e.local_seconds));
        }
        if let Some(Part::Ran(ray)) = &e.ray {
            rows.push(engine_row("Ray", &ray.run, e.local_seconds));
        }
        if let Some(Part::Ran(spark)) = &e.spark {
            rows.push(engine_row("Spark", &spark.run, e.local_seconds));
        }
        cores = cores.or(e.cores_available);
        tasks = tasks.or(Some(e.tasks));
    }
    let tasks = tasks.map_or(String::new(), |tasks| format!(": {tasks} tasks"));
    figures::bars(
        "scalability-engines",
        Bars {
            title: format!("The Mandelbrot job spread out{tasks}"),
            rows,
            ideal: cores
                .filter(|cores| *cores > 1)
                .map(|cores| (cores as f64, format!("{cores} cores"))),
        },
        "Speedup = the job's time in one process ÷ its time on the workers; cores used = the \
         workers' CPU time ÷ that time. Neither counts starting or stopping the workers: each \
         label says what they added to the demo's time."
            .to_owned(),
    )
}

/// The log-log chart of the lookup curves in the snippet's `EVIDENCE`, for the terminal (80
/// columns), drawn before the judges run: the snippet's own medians, no fit. `None` when none of
/// the curves was measured.
pub fn picture(evidence: &Value) -> Option<String> {
    let series: Vec<Series> = STYLES
        .iter()
        .zip(measured_curves(evidence))
        .map(|(style, curve)| Series {
            label: style.label,
            marker: style.marker,
            points: curve
                .map(|curve| curve.sizes.into_iter().zip(curve.ns_per_op).collect())
                .unwrap_or_default(),
        })
        .collect();
    if series.iter().all(|curve| curve.points.is_empty()) {
        return None;
    }
    let drawn = chart::loglog(
        "Time per `absent in data` against n (both axes logarithmic)",
        &series,
        80,
    );
    Some(drawn.unwrap_or_else(|why| format!("(The chart of the lookups is left out: {why}.)\n")))
}

#[cfg(test)]
mod tests {
    use super::super::testing::sizes;
    use super::super::DEMO;
    use super::picture;
    use crate::demos::testing;
    use crate::export::charts::Charts;
    use crate::report::Claim;
    use serde_json::{json, Value};

    fn curve(structure: &str, time: impl Fn(f64) -> f64) -> Value {
        curve_at(structure, &sizes(), time)
    }

    fn curve_at(structure: &str, sizes: &[f64], time: impl Fn(f64) -> f64) -> Value {
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

    /// The snippet's `EVIDENCE`: synthetic curves, the colliding one skipped.
    fn measured() -> Value {
        let mut list = curve("list", |n| 20.0 + 7.0 * n);
        list["tuple"] = curve("tuple", |n| 20.0 + 6.0 * n);
        let mut set = curve("set", |_| 15.0);
        set["dict"] = curve("dict", |_| 17.0);
        set["small_sizes"] = json!({"sizes": [0, 1], "list_ns_per_op": [10.0, 16.0],
                                    "set_ns_per_op": [15.0, 15.0]});
        json!({
            "list_in_linear": list,
            "set_in_constant": set,
            "set_worst_case_linear": {"skipped": "not today"},
        })
    }

    /// The claims as the demo judged them from `evidence`: the charts read the judges' fits.
    fn judged(evidence: &Value) -> Vec<Claim> {
        DEMO.judge(evidence, None).claims
    }

    fn drawn(evidence: &Value) -> Charts {
        testing::drawn_from_claims(&DEMO, &judged(evidence))
    }

    #[test]
    fn the_complexity_chart_draws_the_curves_measured_and_their_fits() {
        let charts = drawn(&measured()).drawn;
        assert_eq!(charts.len(), 1);
        let chart = &charts[0];
        assert_eq!(chart.name, "complexity");
        // Four curves of nine sizes; the skipped colliding set is not drawn.
        assert_eq!(chart.marks, 36);
        // The dots, and one in the legend per curve.
        assert_eq!(
            chart.svg.matches("<circle").count(),
            36 + 4,
            "{}",
            chart.svg
        );
        testing::assert_quotes(
            &chart.svg,
            &[
                "list: O(n), 7.03 ns per element",
                "tuple: O(n), 6.03 ns per element",
                "set: O(1), 15.0 ns",
                "dict: O(1), 17.0 ns",
            ],
        );
        assert!(!chart.svg.contains("hashes equal"));
    }

    #[test]
    fn an_inconclusive_fit_is_drawn_with_its_closest_class() {
        // Repeats that scatter by a factor of two: the slope's interval spans several classes.
        let mut evidence = measured();
        let tuple = evidence["list_in_linear"]["tuple"].take();
        evidence["list_in_linear"] = curve_at("list", &[100.0, 200.0, 400.0], |n| 7.0 * n);
        evidence["list_in_linear"]["tuple"] = tuple;
        evidence["list_in_linear"]["repeats_ns_per_op"] =
            json!([[700, 1400, 350], [1400, 2800, 700], [2800, 1400, 5600]]);
        let charts = drawn(&evidence).drawn;
        assert!(
            charts[0].svg.contains("list: closest O(n), inconclusive"),
            "{}",
            charts[0].svg
        );
    }

    #[test]
    fn subnormal_times_leave_the_complexity_chart_out_with_a_note_instead_of_hanging() {
        // Once an endless loop in plotters' log axis: the axis started at 10^-324 = 0.
        let mut evidence = measured();
        for key in ["list_in_linear", "set_in_constant"] {
            let sizes = evidence[key]["sizes"].as_array().unwrap().len();
            evidence[key]["repeats_ns_per_op"] = json!(vec![vec![5e-324; 5]; sizes]);
        }
        let charts = drawn(&evidence);
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
        let mut evidence = measured();
        evidence["set_in_constant"]["sizes"] = json!([100.0, 1000.0]);
        let charts = drawn(&evidence);
        assert_eq!(charts.drawn.len(), 1);
        assert!(
            charts.drawn[0].caption.contains(
                "Not drawn: set (2 sizes but 9 sets of repeats); dict (its claim could not \
                     be judged)."
            ),
            "{}",
            charts.drawn[0].caption
        );
        // Points the fitting engine refuses are named by its own reason.
        let dict = evidence["set_in_constant"]["dict"].take();
        evidence["set_in_constant"] = curve_at("set", &[100.0, 1000.0], |_| 15.0);
        evidence["set_in_constant"]["dict"] = dict;
        let charts = drawn(&evidence);
        assert!(
            charts.drawn[0]
                .caption
                .contains("Not drawn: set (2 distinct sizes measured;"),
            "{}",
            charts.drawn[0].caption
        );
    }

    #[test]
    fn the_engines_chart_has_a_bar_for_the_pool_and_each_engine_that_ran() {
        let pool = json!({"start_method": "spawn", "cores_available": 2, "workers": 2,
                          "tasks": 8, "sequential_seconds": 1.0, "sequential_cores_used": 0.99,
                          "start_seconds": 0.27, "parallel_seconds": 0.52, "cores_used": 1.9,
                          "worker_pids": [5, 6], "results_equal": true,
                          "leftover_processes": []});
        let ray = json!({"engine": "ray 2.60.0", "cluster": "local", "workers": 2,
                         "worker_pids": [21, 22], "start_seconds": 2.5, "wall_seconds": 0.53,
                         "close_seconds": 1.1, "cores_used": 1.9, "results_equal": true,
                         "leftover_processes": [], "listening_after_close": [],
                         "address": "127.0.0.1:41775", "node_addresses": ["127.0.0.1"],
                         "private_dir": "/tmp/pyconcepts-ray-abc",
                         "checked_places": ["~/.ray"], "written_outside": []});
        let engines = json!({"tasks": 8, "local_seconds": 1.0, "local_cores_used": 0.99,
                             "cores_available": 2, "dask_skipped": "not chosen", "ray": ray,
                             "spark": {"skipped": "not chosen"}});
        let charts = testing::drawn(
            &DEMO,
            &[
                ("scalability.parallelism", pool),
                ("scalability.distributed", engines.clone()),
            ],
        );
        let chart = charts
            .drawn
            .iter()
            .find(|chart| chart.name == "scalability-engines")
            .expect("the engines chart");
        testing::assert_quotes(
            &chart.svg,
            &[
                "The Mandelbrot job spread out: 8 tasks",
                "process pool: start 270 ms, job 520 ms",
                "Ray: start 2.50 s, job 530 ms, stop 1.10 s",
                "1.89×",
                "2 cores",
            ],
        );
        assert!(!chart.svg.contains("Dask") && !chart.svg.contains("Spark"));
        // Without the pool's claim the engines are still drawn.
        let charts = testing::drawn(&DEMO, &[("scalability.distributed", engines)]);
        assert_eq!(charts.drawn.len(), 1);
    }

    #[test]
    fn no_evidence_no_chart() {
        let skipped = json!({
            "list_in_linear": {"skipped": "no time"},
            "set_in_constant": {"skipped": "no time"},
            "set_worst_case_linear": {"skipped": "no time"},
        });
        assert!(drawn(&skipped).drawn.is_empty());
        assert!(testing::drawn_from_claims(&DEMO, &[]).drawn.is_empty());
    }

    #[test]
    fn the_terminal_picture_draws_what_was_measured() {
        let chart = picture(&measured()).unwrap();
        testing::assert_quotes(&chart, &["● list", "○ tuple", "■ set", "□ dict"]);
        assert!(chart.lines().all(|line| line.chars().count() <= 80));
        assert!(picture(&json!({})).is_none());
    }

    #[test]
    fn a_terminal_picture_it_cannot_draw_is_left_out_with_a_note() {
        // Sizes [100, 1e15] once panicked placing the axis labels; times from 5e-324 to 1e300
        // span more decades than any measurement.
        let medians = |curve: Value, ns: [f64; 2]| {
            let mut curve = curve;
            curve["ns_per_op"] = json!(ns);
            curve
        };
        let wide = json!({"list_in_linear": medians(curve_at("list", &[100.0, 1e15], |n| n),
                                                     [10.0, 1e6])});
        let drawn = picture(&wide).unwrap();
        assert!(drawn.contains("● list"), "{drawn}");
        let absurd = json!({"list_in_linear": medians(curve_at("list", &[100.0, 1000.0], |n| n),
                                                       [5e-324, 1e300])});
        assert_eq!(
            picture(&absurd).unwrap(),
            "(The chart of the lookups is left out: its time values span 624 decades \
             (10^-324 to 10^300), more than the 15 a chart of measurements can show.)\n"
        );
        let nothing = json!({"set_in_constant": medians(curve_at("set", &[100.0, 1000.0], |n| n),
                                                        [0.0, -1.0])});
        assert!(picture(&nothing)
            .unwrap()
            .contains("no point has a positive, finite n and time"));
    }
}
