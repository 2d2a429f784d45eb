//! The gil demo's charts: speedup and cores used, per kind of code, CPython's and the other
//! runtimes'; and two timelines drawn from the threads' own progress marks: pure-Python threads
//! taking turns beside native code running at once, and a napping thread waiting for a
//! spinning one to hand over the GIL.

use super::evidence::{
    Comparison, CpuThreads, HandedOver, HandedOverDerived, ImplementationSpecific, IoThreads,
    Measured, NapsBeside, NativeCode, NativeCodeDerived, SwitchLatency,
};
use super::judges::at_work;
use crate::demos::kit::parallel::Spread;
use crate::demos::ClaimsEvidence;
use crate::figures::{self, BarRow, Bars, Drawn, Ink, Key, Lane, LaneGroup, Lanes, Stretch, Tone};

/// A row of two bars, when the run's times allow its ratios.
fn row(
    label: impl Into<String>,
    sequential_s: f64,
    threaded_s: f64,
    spread: Spread,
) -> Option<BarRow> {
    (threaded_s > 0.0 && sequential_s > 0.0).then(|| BarRow {
        label: label.into(),
        speedup: spread.speedup,
        cores_used: spread.cores_used,
    })
}

fn comparison_row(label: impl Into<String>, run: &Comparison) -> Option<BarRow> {
    row(label, run.sequential_s, run.threaded_s, run.spread())
}

pub fn gil(evidence: &ClaimsEvidence<'_>) -> Drawn {
    let cpu: Option<CpuThreads> = evidence.get("cpu_threads_serialised");
    let mut rows = Vec::new();
    if let Some(cpu) = &cpu {
        rows.extend(comparison_row("CPython: pure-Python loop", &cpu.python));
    }
    let runtimes: Option<ImplementationSpecific> = evidence.get("implementation_specific");
    let mut native = Vec::new();
    for runtime in runtimes
        .iter()
        .flat_map(|r| r.runtimes.iter())
        .filter(|r| r.ran())
    {
        let name = runtime.label();
        let found = &runtime.found;
        match (&found.holding_gil, &found.nogil) {
            (None, None) => {
                let run = found.run.as_ref();
                rows.extend(
                    run.and_then(|run| comparison_row(format!("{name}: pure-Python loop"), run)),
                );
            }
            (holding, nogil) => {
                native.extend(
                    holding
                        .as_ref()
                        .and_then(|run| comparison_row(format!("{name}: C loop, GIL held"), run)),
                );
                native.extend(
                    nogil
                        .as_ref()
                        .and_then(|run| comparison_row(format!("{name}: C loop, nogil"), run)),
                );
            }
        }
    }
    rows.extend(native);
    if let Some(native) = evidence.get::<NativeCode>("released_by_native_code") {
        for (label, measured) in [
            ("hashlib.sha256 (C, releases the GIL)", &native.hashlib),
            ("Rust, GIL released (_pyconcepts.burn)", &native.burn),
        ] {
            if let Measured::Run(run) = measured {
                rows.extend(comparison_row(label, run));
            }
        }
    }
    let cpu_rows = rows.len();
    if let Some(io) = evidence.get::<IoThreads>("io_threads_overlap") {
        rows.extend(row(
            format!("time.sleep on {} threads (I/O)", io.threads),
            io.sequential_s,
            io.threaded_s,
            io.spread(),
        ));
    }
    if rows.is_empty() {
        return None;
    }
    let (threads, cores) = cpu.map_or((0, 0), |cpu| (cpu.threads, cpu.cores));
    let possible = threads.min(cores);
    let title = if possible > 0 {
        format!("The GIL: {threads} threads on {cores} cores")
    } else {
        "The GIL: threads against one".to_owned()
    };
    let io_note = if rows.len() > cpu_rows {
        " The last row waits instead of computing: its threads overlap without using a core."
    } else {
        ""
    };
    figures::bars(
        "gil",
        Bars {
            title,
            rows,
            ideal: (possible > 1).then(|| (f64::from(possible), format!("{possible} cores"))),
        },
        format!(
            "The same work done in turn, then split over threads. Speedup = time in turn ÷ time \
             on threads; cores used = CPU time ÷ wall time. Code that holds the GIL stays near 1 \
             core whatever the threads; code that releases it can use every core the machine \
             gives it.{io_note}"
        ),
    )
}

const MS: f64 = 1e6;
/// Threads that waited for a core this share of their time or more were crowded by other
/// programs: the caption says so.
const CROWDED_SHARE: f64 = 0.2;
/// The timeline of the naps shows about this many default switch intervals.
const CONVOY_WINDOW_INTERVALS: f64 = 8.0;

/// A lane per thread: a stretch of `key` wherever its progress marks came close together.
fn progress_lanes(marks: &[Vec<u64>], key: usize, origin: f64) -> Vec<Lane> {
    marks
        .iter()
        .enumerate()
        .map(|(thread, own)| Lane {
            label: format!("thread {}", thread + 1),
            stretches: at_work(own)
                .into_iter()
                .map(|(from, to)| Stretch {
                    key,
                    from_ns: from as f64 - origin,
                    to_ns: to as f64 - origin,
                })
                .collect(),
        })
        .collect()
}

/// The latest mark of any thread, in ns.
fn last_mark(marks: &[Vec<u64>]) -> f64 {
    marks
        .iter()
        .filter_map(|own| own.iter().max())
        .max()
        .map_or(0.0, |&last| last as f64)
}

/// Turns of about this many switch intervals fill the timeline of the threads' turns: enough
/// to see the pattern, few enough that each turn is several characters wide on a terminal.
const WINDOW_INTERVALS: f64 = 16.0;
/// ... or this many median turns, when turns are longer than the interval (a busy machine).
const WINDOW_TURNS: f64 = 8.0;

/// Pure-Python threads taking turns with the GIL (part 9's marks) beside native code whose
/// threads ran at once (part 3's), on one time axis from each experiment's start.
pub fn turns(evidence: &ClaimsEvidence<'_>) -> Drawn {
    let key = "handed_over_when_thread_finishes";
    let python: Option<HandedOver> = evidence.get(key);
    let judged: Option<HandedOverDerived> = evidence.get(key);
    let native: Option<NativeCode> = evidence.get("released_by_native_code");
    let native_judged: Option<NativeCodeDerived> = evidence.get("released_by_native_code");
    let keys = vec![
        Key {
            label: "Python bytecode, holding the GIL".to_owned(),
            ink: Ink::Solid,
            tone: Tone::Blue,
        },
        Key {
            label: "native code, GIL released".to_owned(),
            ink: Ink::Solid,
            tone: Tone::Green,
        },
    ];
    let mut groups = Vec::new();
    let mut said = Vec::new();
    let mut end: f64 = 0.0;
    let mut window = f64::INFINITY;
    let mut threads = 0;
    if let Some(python) = &python {
        threads = python.marks_ns.len();
        let interval_ms = python.switch_interval_s * 1e3;
        end = end.max(last_mark(&python.marks_ns));
        let turn_ms = judged.as_ref().and_then(|j| j.median_turn_ms);
        window = (WINDOW_INTERVALS * interval_ms).max(WINDOW_TURNS * turn_ms.unwrap_or(0.0)) * MS;
        let title = match (&judged, turn_ms) {
            (Some(judged), Some(turn)) if python.gil_enabled => format!(
                "pure Python: turns of {turn:.1} ms (switch interval {interval_ms} ms), {} \
                 hand-offs",
                judged.hand_offs_before_first_finish
            ),
            (Some(judged), _) => format!(
                "pure Python{}: progress overlapped {:.0}%",
                if python.gil_enabled { "" } else { ", no GIL" },
                100.0 * judged.overlap_share
            ),
            (None, _) => "pure Python".to_owned(),
        };
        if let (Some(judged), Some(turn)) = (&judged, turn_ms) {
            let waiting = python
                .thread_time
                .as_ref()
                .map(|t| t.share(t.waiting_for_core_s));
            let crowded = match waiting {
                Some(waiting) if waiting >= CROWDED_SHARE => format!(
                    " Where neither lane has a bar, neither thread ran: they waited for a core \
                     {:.0}% of their time, while other programs had the cores, which also \
                     stretches the turns.",
                    100.0 * waiting
                ),
                _ => String::new(),
            };
            said.push(format!(
                "The pure-Python threads (part 9) {}: the median turn lasted {turn:.2} ms, {:.1} × \
                 sys.getswitchinterval() ({interval_ms} ms), and progress changed hands {} \
                 times before the first thread finished, at {:.1} ms (their marks cost \
                 {}).{crowded}",
                if python.gil_enabled {
                    "took turns"
                } else {
                    "ran without a GIL"
                },
                turn / interval_ms,
                judged.hand_offs_before_first_finish,
                judged.first_finish_ms,
                cost_text(judged.recording_cost_percent),
            ));
        }
        groups.push(LaneGroup {
            title,
            lanes: progress_lanes(&python.marks_ns, 0, 0.0),
        });
    }
    if let Some(native) = &native {
        let judged = native_judged.as_ref();
        for (name, measured, overlap, cost) in [
            (
                "Rust, _pyconcepts.burn",
                &native.burn,
                judged.and_then(|j| j.burn_overlap_share),
                judged.and_then(|j| j.burn_recording_cost_percent),
            ),
            (
                "hashlib.sha256",
                &native.hashlib,
                judged.and_then(|j| j.hashlib_overlap_share),
                judged.and_then(|j| j.hashlib_recording_cost_percent),
            ),
        ] {
            let Measured::Run(run) = measured else {
                continue;
            };
            let Some(marks) = &run.marks_ns else {
                continue;
            };
            threads = threads.max(marks.len());
            end = end.max(last_mark(marks));
            let title = match overlap {
                Some(share) => format!(
                    "{name}, GIL released: progress overlapped {:.0}%",
                    100.0 * share
                ),
                None => format!("{name}, GIL released"),
            };
            if let Some(share) = overlap {
                let crowded = match run.waiting_share() {
                    Some(waiting) if waiting >= CROWDED_SHARE => format!(
                        " (its threads waited for a core {:.0}% of their time: other programs \
                         had the cores)",
                        100.0 * waiting
                    ),
                    _ => String::new(),
                };
                said.push(format!(
                    "{name} (part 3) released the GIL: its threads' progress overlapped {:.0}% of \
                     the time until the first finished{crowded}; the marks cost {}.",
                    100.0 * share,
                    cost.map_or_else(|| "nothing measured".to_owned(), cost_text),
                ));
            }
            groups.push(LaneGroup {
                title,
                lanes: progress_lanes(marks, 1, 0.0),
            });
        }
    }
    if groups.is_empty() {
        return None;
    }
    let shown = end.min(window);
    let title = if shown < end {
        format!(
            "Who ran when: {}, the first {:.0} ms",
            threads_text(threads),
            shown / MS
        )
    } else {
        format!("Who ran when: {}", threads_text(threads))
    };
    figures::lanes(
        "gil-turns",
        Lanes {
            title,
            x_label: "after the threads were started".to_owned(),
            window_ns: (0.0, shown),
            keys,
            groups,
        },
        format!(
            "Each lane is one thread of one experiment, every experiment on the same time axis \
             from its threads' start: a bar where the thread's progress marks (a timestamp after \
             each chunk of its work) came close together, a gap where it made none. {}",
            said.join(" ")
        )
        .trim_end()
        .to_owned(),
    )
}

fn threads_text(threads: usize) -> String {
    if threads == 1 {
        "1 thread".to_owned()
    } else {
        format!("{threads} threads")
    }
}

/// "0.4% more time", or "no measurable time" for a cost lost in the noise.
fn cost_text(percent: f64) -> String {
    if percent.is_finite() && percent >= 0.05 {
        format!("{percent:.1}% more time")
    } else {
        "no measurable time".to_owned()
    }
}

/// A napping thread beside the spinning one, at each switch interval: asleep, then waiting for
/// the GIL until the spinner hands it over, then running; the spinner's progress meanwhile.
pub fn convoy(evidence: &ClaimsEvidence<'_>) -> Drawn {
    let latency: SwitchLatency = evidence.get("switch_interval_latency")?;
    let timeline = latency.timeline.as_ref()?;
    let nap = latency.nap_ms.map(|ms| ms * MS);
    let keys = vec![
        Key {
            label: "running Python".to_owned(),
            ink: Ink::Solid,
            tone: Tone::Blue,
        },
        Key {
            label: "asleep in time.sleep".to_owned(),
            ink: Ink::Dotted,
            tone: Tone::Green,
        },
        Key {
            label: "awake, waiting for the GIL".to_owned(),
            ink: Ink::Light,
            tone: Tone::Orange,
        },
    ];
    let mut end: f64 = 0.0;
    let mut groups = Vec::new();
    let mut naps_drawn = 0;
    for (interval_ms, late, naps) in [
        (
            latency.default_interval_ms,
            latency.loaded_default.p50_ms,
            &timeline.loaded_default,
        ),
        (
            latency.small_interval_ms,
            latency.loaded_small.p50_ms,
            &timeline.loaded_small,
        ),
    ] {
        let Some(&(origin, _)) = naps.naps_ns.first() else {
            continue;
        };
        let origin = origin as f64;
        naps_drawn = naps_drawn.max(naps.naps_ns.len());
        end = end.max(
            naps.naps_ns
                .iter()
                .map(|nap| nap.1 as f64)
                .fold(0.0, f64::max)
                - origin,
        );
        groups.push(LaneGroup {
            title: format!("switch interval {interval_ms} ms: each nap {late:.2} ms late (median)"),
            lanes: vec![
                Lane {
                    label: "spinning thread".to_owned(),
                    stretches: progress_lanes(
                        std::slice::from_ref(&naps.spinner_marks_ns),
                        0,
                        origin,
                    )
                    .remove(0)
                    .stretches,
                },
                Lane {
                    label: "napping thread".to_owned(),
                    stretches: nap_stretches(naps, nap, origin),
                },
            ],
        });
    }
    if groups.is_empty() {
        return None;
    }
    let shown = end.min(CONVOY_WINDOW_INTERVALS * latency.default_interval_ms * MS);
    let title = if shown < end {
        format!(
            "A thread napping beside a spinning one: the first {:.0} ms",
            shown / MS
        )
    } else {
        format!("A thread napping beside a spinning one: its first {naps_drawn} naps")
    };
    figures::lanes(
        "gil-convoy",
        Lanes {
            title,
            x_label: "after the first nap began".to_owned(),
            window_ns: (0.0, shown),
            keys,
            groups,
        },
        format!(
            "The napping thread sleeps {} (dots), wakes up and then waits (pale) until the \
             spinning thread hands the GIL over, which it does only when asked to, once the \
             switch interval has passed: each nap ends about one interval late, {:.2} ms at {} \
             ms, {:.2} ms at {} ms. The spinner noted the time every {} loops; the marks cost \
             {}.",
            nap.map_or_else(|| "a moment".to_owned(), |nap| format!("{} ms", nap / MS)),
            latency.loaded_default.p50_ms,
            latency.default_interval_ms,
            latency.loaded_small.p50_ms,
            latency.small_interval_ms,
            timeline.spin_chunk_loops,
            cost_text(timeline.recording.percent()),
        ),
    )
}

/// The napping thread's lane: each nap asleep for `nap` ns (all of it when the nap's length is
/// unknown), then awake and waiting until it was back, then running until its next nap.
fn nap_stretches(naps: &NapsBeside, nap: Option<f64>, origin: f64) -> Vec<Stretch> {
    let mut stretches = Vec::new();
    for (index, &(start, woke)) in naps.naps_ns.iter().enumerate() {
        let (start, woke) = (start as f64 - origin, woke as f64 - origin);
        let due = nap.map_or(woke, |nap| (start + nap).min(woke));
        stretches.push(Stretch {
            key: 1,
            from_ns: start,
            to_ns: due,
        });
        if woke > due {
            stretches.push(Stretch {
                key: 2,
                from_ns: due,
                to_ns: woke,
            });
        }
        let next = naps
            .naps_ns
            .get(index + 1)
            .map_or(woke, |next| next.0 as f64 - origin);
        stretches.push(Stretch {
            key: 0,
            from_ns: woke,
            to_ns: next.max(woke),
        });
    }
    stretches
}

#[cfg(test)]
mod tests {
    use super::super::DEMO;
    use crate::demos::testing;
    use crate::export::charts::Charts;
    use serde_json::{json, Value};

    fn drawn(evidence: &[(&'static str, Value)]) -> Charts {
        testing::drawn(&DEMO, evidence)
    }

    fn comparison(sequential: f64, threaded: f64, cpu: f64) -> Value {
        json!({"sequential_s": sequential, "threaded_s": threaded, "threaded_cpu_s": cpu,
               "rounds": []})
    }

    /// Part 2's evidence: pure-Python threads, GIL enabled.
    fn cpu(python: Value) -> Value {
        json!({"threads": 2, "cores": 2, "gil_enabled": true, "python": python,
               "parallel_control": null})
    }

    /// Part 7's evidence: CPython here, and these runtimes.
    fn specific(runtimes: Value) -> Value {
        json!({"threads": 2, "cores": 2, "runtimes": runtimes,
               "cpython": {"version": "3.11.7", "sequential_s": 0.2, "threaded_s": 0.2,
                           "threaded_cpu_s": 0.2}})
    }

    #[test]
    fn bars_that_cannot_be_drawn_are_named_and_the_rest_drawn() {
        let report = drawn(&[
            ("gil.cpu_threads_serialised", cpu(comparison(0.2, 0.2, 0.2))),
            (
                "gil.released_by_native_code",
                json!({"threads": 2, "cores": 2, "burn": comparison(1e308, 5e-324, 0.2),
                       "hashlib": comparison(0.2, 0.1, 0.2)}),
            ),
        ]);
        let charts = report;
        assert_eq!(charts.drawn.len(), 1);
        let chart = &charts.drawn[0];
        assert_eq!(chart.marks, 4, "{}", chart.svg);
        assert!(
            chart.caption.contains("Not drawn: Rust, GIL released"),
            "{}",
            chart.caption
        );
        let only_bad = drawn(&[(
            "gil.cpu_threads_serialised",
            cpu(comparison(1e308, 1e-300, 0.2)),
        )]);
        let charts = only_bad;
        assert!(charts.drawn.is_empty());
        assert!(
            charts.left_out[0].contains("is left out: CPython: pure-Python loop"),
            "{:?}",
            charts.left_out
        );
    }

    #[test]
    fn the_gil_chart_has_a_row_per_kind_of_code_that_ran() {
        let report = drawn(&[
            ("gil.cpu_threads_serialised", cpu(comparison(0.2, 0.2, 0.2))),
            (
                "gil.released_by_native_code",
                json!({"threads": 2, "cores": 2, "burn": comparison(0.2, 0.1, 0.2),
                           "hashlib": {"skipped": "no hashlib"}}),
            ),
            (
                "gil.io_threads_overlap",
                json!({"threads": 4, "wait_s": 0.1, "sequential_s": 0.4,
                           "threaded_s": 0.1, "threaded_cpu_s": 0.001}),
            ),
            (
                "gil.implementation_specific",
                specific(json!([
                    {"name": "jython", "implementation": "Jython", "version": "2.7.3",
                     "status": "ran", "sequential_s": 0.2, "threaded_s": 0.1,
                     "threaded_cpu_s": 0.2},
                    {"name": "pypy3", "status": "missing", "reason": "pypy3 is not on PATH"},
                    {"name": "cython", "version": "3.3.1", "status": "ran",
                     "nogil": comparison(0.2, 0.1, 0.2),
                     "holding_gil": comparison(0.2, 0.2, 0.2)}])),
            ),
        ]);
        let charts = report.drawn;
        assert_eq!(charts.len(), 1);
        let chart = &charts[0];
        assert_eq!(chart.name, "gil");
        // CPython, Jython, Cython ×2, burn, time.sleep: six rows of two bars.
        assert_eq!(chart.marks, 12, "{}", chart.svg);
        testing::assert_quotes(
            &chart.svg,
            &[
                "CPython: pure-Python loop",
                "Jython 2.7.3: pure-Python loop",
                "Cython 3.3.1: C loop, nogil",
                "Rust, GIL released",
                "time.sleep on 4 threads (I/O)",
                "2.00×",
                "4.00×",
                "2 cores",
            ],
        );
        assert!(!chart.svg.contains("hashlib"));
        assert!(!chart.svg.contains("pypy"));
    }

    #[test]
    fn labels_from_evidence_are_escaped_in_the_svg() {
        let report = drawn(&[(
            "gil.implementation_specific",
            specific(json!([{"name": "pypy&", "implementation": "<Py&Py>",
                             "version": "7.3", "status": "ran", "sequential_s": 0.2,
                             "threaded_s": 0.2, "threaded_cpu_s": 0.2}])),
        )]);
        let svg = &report.drawn[0].svg;
        assert!(svg.contains("&lt;Py&amp;Py&gt;"), "{svg}");
        assert!(!svg.contains("<Py&"));
    }

    #[test]
    fn no_evidence_no_chart() {
        assert!(drawn(&[]).drawn.is_empty());
        assert!(drawn(&[]).left_out.is_empty());
    }

    /// Who made progress when, and what the judges derived, as a judged claim's evidence.
    fn turns_evidence() -> Vec<(&'static str, Value)> {
        use super::super::judges::tests::{at_once, taking_turns};
        // Pure Python: turns of 50 chunks of 0.1 ms (5 ms), 1000 chunks a thread.
        let python = json!({"threads": 2, "cores": 2, "gil_enabled": true,
            "switch_interval_s": 0.005, "chunks_per_thread": 1000, "loops_per_chunk": 900,
            "marks_ns": taking_turns(2, 1000, 50), "thread_time": null,
            "recording": {"chunks": 10, "with_marks_s": 0.001, "without_marks_s": 0.001,
                          "rounds": 40},
            "hand_offs": 39, "hand_offs_before_first_finish": 38, "first_finish_ms": 195.0,
            "median_turn_ms": 5.0, "turn_per_switch_interval": 1.0, "mark_spacing_ms": 0.1,
            "overlap_share": 0.0, "recording_cost_percent": 0.0});
        let mut burn = comparison(0.2, 0.1, 0.2);
        burn["marks_ns"] = json!(at_once(2, 1000));
        let native = json!({"threads": 2, "cores": 2, "burn": burn,
                            "hashlib": {"skipped": "no hashlib"}, "burn_overlap_share": 0.99});
        vec![
            ("gil.handed_over_when_thread_finishes", python),
            ("gil.released_by_native_code", native),
        ]
    }

    fn judged(evidence: &[(&'static str, Value)]) -> Vec<crate::report::Claim> {
        evidence
            .iter()
            .map(|(id, value)| testing::claim(id, crate::report::Verdict::Refuted, value.clone()))
            .collect()
    }

    #[test]
    fn pure_python_threads_alternate_and_native_ones_overlap_on_one_axis() {
        let claims = judged(&turns_evidence());
        let timeline = testing::timeline_of(super::turns(&crate::demos::ClaimsEvidence(&claims)));
        // 16 switch intervals of the 200 ms the threads took.
        assert_eq!(timeline.window_ns, (0.0, 80e6));
        assert_eq!(timeline.title, "Who ran when: 2 threads, the first 80 ms");
        assert_eq!(timeline.groups.len(), 2);
        assert_eq!(
            timeline.groups[0].title,
            "pure Python: turns of 5.0 ms (switch interval 5 ms), 38 hand-offs"
        );
        assert!(timeline.groups[1].title.contains("overlapped 99%"));
        // Pure Python: one stretch a turn, each 5 ms, thread 2's beginning as thread 1's ends.
        let python = &timeline.groups[0].lanes;
        assert_eq!(python[0].stretches.len(), 20);
        let (first, second) = (&python[0].stretches[0], &python[1].stretches[0]);
        assert_eq!((first.from_ns, first.to_ns), (0.0, 5e6));
        assert_eq!(second.from_ns, 5e6);
        // Native code: each thread at work all along.
        for lane in &timeline.groups[1].lanes {
            assert_eq!(lane.stretches.len(), 1, "{lane:?}");
        }
        let text = testing::plain_lanes(&timeline);
        assert!(
            text.lines().all(|line| line.chars().count() <= 80),
            "\n{text}"
        );
        let rows: Vec<&str> = text.lines().filter(|l| l.contains(" │")).collect();
        assert_eq!(rows.len(), 4, "\n{text}");
        let cells = |row: &str| row.split('│').nth(1).unwrap().to_owned();
        assert!(cells(rows[0]).contains("   "), "gaps in turn:\n{text}");
        assert!(
            !cells(rows[2]).contains(' '),
            "native code all along:\n{text}"
        );
        let caption = &super::turns(&crate::demos::ClaimsEvidence(&claims))
            .unwrap()
            .unwrap()
            .caption;
        testing::assert_quotes(
            caption,
            &[
                "the median turn lasted 5.00 ms, 1.0 × sys.getswitchinterval()",
                "progress changed hands 38 times",
            ],
        );
        // In the report: an SVG with a labelled lane per thread of each experiment.
        let report = drawn(&turns_evidence());
        let chart = report
            .drawn
            .iter()
            .find(|chart| chart.name == "gil-turns")
            .expect("the timeline is drawn");
        assert_eq!(
            chart.svg.matches("\nthread 1\n").count(),
            2,
            "{}",
            chart.svg
        );
        // Eight turns a thread in the 80 ms shown, and one stretch each for native code.
        assert_eq!(chart.marks, 8 + 8 + 2);
    }

    #[test]
    fn a_free_threaded_build_or_no_marks_draw_accordingly() {
        let mut evidence = turns_evidence();
        // Without the judges' derived values the lanes are drawn all the same, untitled.
        let python = evidence[0].1.as_object_mut().unwrap();
        python.remove("median_turn_ms");
        python.remove("hand_offs");
        let claims = judged(&evidence);
        let timeline = testing::timeline_of(super::turns(&crate::demos::ClaimsEvidence(&claims)));
        assert_eq!(timeline.groups[0].title, "pure Python");
        // Only native code without marks: nothing to draw.
        let claims = judged(&evidence[1..]);
        let mut native = claims[0].evidence.clone();
        native["burn"].as_object_mut().unwrap().remove("marks_ns");
        let claims = vec![testing::claim(
            "gil.released_by_native_code",
            crate::report::Verdict::Confirmed,
            native,
        )];
        assert!(super::turns(&crate::demos::ClaimsEvidence(&claims)).is_none());
    }

    /// Naps of 1 ms that end `late_ms` late, beside a spinner marking every 0.1 ms.
    fn naps(late_ms: f64, count: usize) -> Value {
        let mut naps = Vec::new();
        let mut at = 10_000_000u64;
        for _ in 0..count {
            let woke = at + 1_000_000 + (late_ms * 1e6) as u64;
            naps.push(json!([at, woke]));
            at = woke + 20_000;
        }
        let marks: Vec<u64> = (0..at / 100_000).map(|k| k * 100_000).collect();
        json!({"naps_ns": naps, "spinner_marks_ns": marks})
    }

    #[test]
    fn the_napping_thread_waits_for_the_gil_after_each_nap() {
        let latency = json!({"default_interval_ms": 5.0, "small_interval_ms": 0.5,
            "idle": {"p50_ms": 0.05, "p99_ms": 0.1},
            "loaded_default": {"p50_ms": 5.1, "p99_ms": 5.3},
            "loaded_small": {"p50_ms": 0.6, "p99_ms": 0.7}, "nap_ms": 1.0,
            "timeline": {"spin_chunk_loops": 10000, "loaded_default": naps(5.0, 10),
                         "loaded_small": naps(0.5, 10),
                         "recording": {"chunks": 10, "with_marks_s": 0.0016,
                                       "without_marks_s": 0.0016, "rounds": 20}}});
        let claims = judged(&[("gil.switch_interval_latency", latency)]);
        let timeline = testing::captioned_timeline(
            super::convoy(&crate::demos::ClaimsEvidence(&claims)),
            &["5.10 ms at 5 ms, 0.60 ms at 0.5 ms"],
        );
        // Eight default intervals: the first 40 ms of the 60 the naps took.
        assert_eq!(timeline.window_ns, (0.0, 40e6));
        let napping = &timeline.groups[0].lanes[1];
        assert_eq!(napping.label, "napping thread");
        // Each nap: asleep 1 ms, waiting 5 ms, then running until the next.
        let kinds: Vec<usize> = napping.stretches.iter().map(|s| s.key).collect();
        assert_eq!(&kinds[..6], [1, 2, 0, 1, 2, 0]);
        let waiting = &napping.stretches[1];
        assert_eq!((waiting.from_ns, waiting.to_ns), (1e6, 6e6));
        let text = testing::plain_lanes(&timeline);
        let row = text.lines().find(|l| l.contains("napping thread")).unwrap();
        assert!(row.contains('·') && row.contains("░░░░"), "\n{text}");
        assert!(text.contains("switch interval 0.5 ms"), "\n{text}");
        // No timeline in the evidence (an older run): no chart.
        let old = json!({"default_interval_ms": 5.0, "small_interval_ms": 0.5,
            "idle": {"p50_ms": 0.05, "p99_ms": 0.1},
            "loaded_default": {"p50_ms": 5.1, "p99_ms": 5.3},
            "loaded_small": {"p50_ms": 0.6, "p99_ms": 0.7}});
        let claims = judged(&[("gil.switch_interval_latency", old)]);
        assert!(super::convoy(&crate::demos::ClaimsEvidence(&claims)).is_none());
    }
}
