//! The concurrency demo's charts: each model's speedup and cores used, CPU-bound and I/O-bound;
//! and two timelines, of the I/O-bound requests on threads and on the event loop, and of the
//! event loop's tasks while one of them waits (a blocking call stops every one of them at once).

use super::evidence::{
    request_moments, BlockingCall, BlockingCallDerived, CpuBound, IoBound, IoBoundDerived, Models,
};
use crate::demos::ClaimsEvidence;
use crate::figures::{self, BarRow, Bars, Drawn, Ink, Key, Lane, LaneGroup, Lanes, Stretch, Tone};
use crate::output::chart::format_ns;

/// One bar row per model that ran, its ratios as the judges read them.
fn rows(models: &Models) -> Vec<BarRow> {
    models
        .named()
        .into_iter()
        .filter(|(_, timing)| timing.wall_s > 0.0)
        .map(|(model, timing)| {
            let spread = models.spread(timing);
            BarRow {
                label: format!("{model} ({})", format_ns(timing.wall_s * 1e9)),
                speedup: spread.speedup,
                cores_used: spread.cores_used,
            }
        })
        .collect()
}

pub fn cpu_bound(evidence: &ClaimsEvidence<'_>) -> Drawn {
    let e: CpuBound = evidence.get("cpu_bound_needs_processes")?;
    let possible = e.workers.min(e.cores);
    figures::bars(
        "concurrency-cpu",
        Bars {
            title: format!(
                "CPU-bound: {} tasks, {} workers, {} cores",
                e.tasks, e.workers, e.cores
            ),
            rows: rows(&e.models),
            ideal: (possible > 1).then(|| (f64::from(possible), format!("{possible} cores"))),
        },
        "Each model's wall time in brackets. Speedup = sequential time ÷ the model's time; \
         cores used = CPU time of every process of ours ÷ wall time."
            .to_owned(),
    )
}

pub fn io_bound(evidence: &ClaimsEvidence<'_>) -> Drawn {
    let e: IoBound = evidence.get("io_bound_threads_or_asyncio")?;
    figures::bars(
        "concurrency-io",
        Bars {
            title: format!(
                "I/O-bound: {} requests, {:.0} ms each",
                e.requests, e.delay_ms
            ),
            rows: rows(&e.models),
            ideal: (e.requests > 1).then(|| {
                (
                    f64::from(e.requests),
                    format!("{} waits at once", e.requests),
                )
            }),
        },
        "Each model's wall time in brackets. Waiting needs no core: threads and coroutines \
         overlap the waits while using almost no CPU."
            .to_owned(),
    )
}

/// A stretch of `key` from `from` to `to` ns.
fn stretch(key: usize, from: u64, to: u64) -> Stretch {
    Stretch {
        key,
        from_ns: from as f64,
        to_ns: to as f64,
    }
}

/// The I/O-bound requests on threads and on the event loop: a lane per request, from its
/// start to its end, pale while it waited for the server's answer.
pub fn io_timeline(evidence: &ClaimsEvidence<'_>) -> Drawn {
    let key = "io_bound_threads_or_asyncio";
    let e: IoBound = evidence.get(key)?;
    let judged: Option<IoBoundDerived> = evidence.get(key);
    let timeline = e.timeline.as_ref()?;
    let keys = vec![
        Key {
            label: "connecting, sending; reading, closing".to_owned(),
            ink: Ink::Solid,
            tone: Tone::Blue,
        },
        Key {
            label: "sent, waiting for the answer".to_owned(),
            ink: Ink::Light,
            tone: Tone::Orange,
        },
    ];
    let mut end = 0u64;
    let mut groups = Vec::new();
    for (title, requests, at_once) in [
        (
            "on threads, one per request",
            &timeline.threading,
            judged.as_ref().and_then(|j| j.threads_waiting_at_once),
        ),
        (
            "on one asyncio event loop, one task per request",
            &timeline.asyncio,
            judged.as_ref().and_then(|j| j.asyncio_waiting_at_once),
        ),
    ] {
        let lanes: Vec<Lane> = requests
            .iter()
            .enumerate()
            .map(|(index, moments)| Lane {
                label: format!("request {}", index + 1),
                stretches: request_moments(moments).map_or_else(Vec::new, |at| {
                    end = end.max(at[3]);
                    vec![
                        stretch(0, at[0], at[1]),
                        stretch(1, at[1], at[2]),
                        stretch(0, at[2], at[3]),
                    ]
                }),
            })
            .collect();
        if lanes.is_empty() {
            continue;
        }
        let title = match at_once {
            Some(count) => format!("{title}: {count} waiting at once at most"),
            None => title.to_owned(),
        };
        groups.push(LaneGroup { title, lanes });
    }
    figures::lanes(
        "concurrency-io-timeline",
        Lanes {
            title: format!(
                "{} requests to a server that answers after {:.0} ms",
                e.requests, e.delay_ms
            ),
            x_label: "after the model's run began".to_owned(),
            window_ns: (0.0, end as f64),
            keys,
            groups,
        },
        format!(
            "A lane per request, on threads and then on the event loop, each from the moment it \
             began to connect to the moment its connection was closed: pale while it waited for \
             the answer. The waits lie one above the other: threads and coroutines wait \
             together, so {} requests take about as long as one{}.",
            e.requests,
            match judged.and_then(|j| j.threads_waiting_at_once.zip(j.asyncio_waiting_at_once)) {
                Some((threads, tasks)) => format!(
                    " (at most {threads} requests waited at once on threads, {tasks} on the \
                     event loop)"
                ),
                None => String::new(),
            }
        ),
    )
}

/// The event loop's tasks while one of them waits, each way it waits: the ticking coroutines'
/// naps and wake-ups, and the waiting coroutine's wait.
pub fn loop_timeline(evidence: &ClaimsEvidence<'_>) -> Drawn {
    let key = "blocking_call_stalls_event_loop";
    let e: BlockingCall = evidence.get(key)?;
    let judged: Option<BlockingCallDerived> = evidence.get(key);
    let keys = vec![
        Key {
            label: "running".to_owned(),
            ink: Ink::Solid,
            tone: Tone::Blue,
        },
        Key {
            label: "awaiting, the loop free".to_owned(),
            ink: Ink::Dotted,
            tone: Tone::Green,
        },
        Key {
            label: "due, waiting for the loop".to_owned(),
            ink: Ink::Light,
            tone: Tone::Orange,
        },
        Key {
            label: "time.sleep: blocking the loop".to_owned(),
            ink: Ink::Dark,
            tone: Tone::Red,
        },
    ];
    let v = &e.variants;
    let gaps = judged.as_ref().map(|j| {
        [
            j.time_sleep_longest_gap_ms,
            j.asyncio_sleep_longest_gap_ms,
            j.to_thread_longest_gap_ms,
        ]
    });
    let mut end = 0u64;
    let mut groups = Vec::new();
    for (index, (variant, blocks)) in [
        (&v.time_sleep, true),
        (&v.asyncio_sleep, false),
        (&v.to_thread, false),
    ]
    .into_iter()
    .enumerate()
    {
        let Some(timeline) = &variant.timeline else {
            continue;
        };
        let mut lanes: Vec<Lane> = timeline
            .heartbeats_ns
            .iter()
            .enumerate()
            .map(|(number, wakeups)| Lane {
                label: format!("coroutine {}", number + 1),
                stretches: wakeups
                    .iter()
                    .filter(|&&(asleep, due, woke)| asleep <= due && due <= woke)
                    .flat_map(|&(asleep, due, woke)| {
                        end = end.max(woke);
                        [
                            stretch(1, asleep, due),
                            stretch(2, due, woke),
                            stretch(0, woke, woke),
                        ]
                    })
                    .collect(),
            })
            .collect();
        if let [began, back] = timeline.wait_ns[..] {
            if began <= back {
                end = end.max(back);
                lanes.push(Lane {
                    label: "the waiting one".to_owned(),
                    stretches: vec![stretch(if blocks { 3 } else { 1 }, began, back)],
                });
            }
        }
        let gap = gaps
            .and_then(|gaps| gaps[index])
            .map(|gap| format!(": no coroutine woke for {gap:.0} ms"))
            .unwrap_or_default();
        groups.push(LaneGroup {
            title: format!("{}, {:.0} ms{gap}", variant.call, e.block_ms),
            lanes,
        });
    }
    if groups.is_empty() {
        return None;
    }
    let stall = gaps
        .and_then(|gaps| gaps[0])
        .map(|gap| format!(" (none of them woke up for {gap:.0} ms)"))
        .unwrap_or_default();
    figures::lanes(
        "concurrency-loop-timeline",
        Lanes {
            title: format!(
                "One event loop: {} coroutines ticking, one waiting {:.0} ms",
                e.heartbeats, e.block_ms
            ),
            x_label: "after the loop began".to_owned(),
            window_ns: (0.0, end as f64),
            keys,
            groups,
        },
        format!(
            "Each ticking coroutine awaits asyncio.sleep for {} (dots) and wakes up; pale is one \
             that was due but not yet woken. While the waiting one calls time.sleep, the loop's \
             one thread is blocked: every other coroutine misses its wake-ups at the same \
             moment, a gap across every task of the loop{stall}. Awaiting asyncio.sleep or \
             asyncio.to_thread instead leaves the loop free, and the others keep their beat.",
            e.heartbeat_ms
                .map_or_else(|| "a moment".to_owned(), |ms| format!("{ms} ms")),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::super::judges::tests::{cpu, io};
    use super::super::DEMO;
    use crate::demos::testing;
    use crate::export::charts::Charts;
    use serde_json::{json, Value};

    fn drawn(evidence: &[(&'static str, Value)]) -> Charts {
        testing::drawn(&DEMO, evidence)
    }

    fn models(sequential: f64, threads: f64, processes: f64, asyncio: f64) -> Value {
        let timing = |wall: f64, cores: f64| {
            json!({"wall_s": wall, "cpu_s": wall * cores,
                                                    "cores_used": cores})
        };
        json!({"sequential": timing(sequential, 1.0), "threading": timing(threads, 1.0),
               "multiprocessing": timing(processes, 1.9), "asyncio": timing(asyncio, 1.0)})
    }

    /// The snippet's evidence with these models' timings.
    fn with_models(mut evidence: Value, models: Value) -> Value {
        evidence["models"] = models;
        evidence
    }

    #[test]
    fn the_concurrency_table_becomes_two_bar_charts() {
        let report = drawn(&[
            (
                "concurrency.cpu_bound_needs_processes",
                with_models(
                    cpu(2, true, (0.8, 1.0), (0.42, 1.9)),
                    models(0.8, 0.8, 0.42, 0.8),
                ),
            ),
            (
                "concurrency.io_bound_threads_or_asyncio",
                with_models(io(0.06, 0.055), models(0.8, 0.06, 0.4, 0.055)),
            ),
        ]);
        let charts = report.drawn;
        let names: Vec<&str> = charts.iter().map(|chart| chart.name).collect();
        assert_eq!(names, ["concurrency-cpu", "concurrency-io"]);
        testing::assert_quotes(&charts[0].svg, &["multiprocessing (420 ms)", "1.90×"]);
        testing::assert_quotes(&charts[1].svg, &["16 waits at once", "14.55×"]);
        assert_eq!(charts[1].marks, 8);
    }

    #[test]
    fn no_evidence_no_chart() {
        assert!(drawn(&[]).drawn.is_empty());
        assert!(drawn(&[]).left_out.is_empty());
    }

    fn claimed(id: &'static str, evidence: Value) -> Vec<crate::report::Claim> {
        vec![testing::claim(
            id,
            crate::report::Verdict::Confirmed,
            evidence,
        )]
    }

    /// What `chart` draws from one confirmed claim `id` with this evidence.
    fn drawn_by(
        chart: fn(&crate::demos::ClaimsEvidence<'_>) -> crate::figures::Drawn,
        id: &'static str,
        evidence: Value,
    ) -> crate::figures::Drawn {
        chart(&crate::demos::ClaimsEvidence(&claimed(id, evidence)))
    }

    #[test]
    fn each_request_is_a_lane_pale_while_it_waits() {
        use super::super::judges::tests::requests;
        let mut evidence = io(0.06, 0.055);
        evidence["timeline"] = json!({"threading": requests(16, 100_000),
                                      "asyncio": requests(16, 200_000)});
        // What the judge derives.
        for (field, value) in [
            ("threads_speedup", json!(13.7)),
            ("asyncio_speedup", json!(14.9)),
            ("processes_speedup", json!(2.0)),
            ("threads_waiting_at_once", json!(16)),
            ("asyncio_waiting_at_once", json!(16)),
        ] {
            evidence[field] = value;
        }
        let id = "concurrency.io_bound_threads_or_asyncio";
        let timeline = testing::captioned_timeline(
            drawn_by(super::io_timeline, id, evidence.clone()),
            &["at most 16 requests waited at once on threads"],
        );
        assert_eq!(timeline.groups.len(), 2);
        assert_eq!(timeline.groups[0].lanes.len(), 16);
        assert_eq!(
            timeline.groups[1].title,
            "on one asyncio event loop, one task per request: 16 waiting at once at most"
        );
        let request = &timeline.groups[0].lanes[3];
        assert_eq!(request.label, "request 4");
        let kinds: Vec<usize> = request.stretches.iter().map(|s| s.key).collect();
        assert_eq!(kinds, [0, 1, 0]);
        // The window ends when the last request was closed.
        assert_eq!(timeline.window_ns, (0.0, 54_500_000.0));
        let text = testing::plain_lanes(&timeline);
        let rows: Vec<&str> = text.lines().filter(|l| l.contains("request ")).collect();
        assert_eq!(rows.len(), 32, "\n{text}");
        assert!(
            rows.iter().all(|row| row.contains("░░░░░░░░░░")),
            "\n{text}"
        );
        // In the report: a labelled lane per request of each model.
        let report = drawn_with(id, evidence);
        assert_eq!(report.svg.matches("\nrequest 16\n").count(), 2);
        assert_eq!(report.marks, 32 * 3);
    }

    fn drawn_with(id: &'static str, evidence: Value) -> crate::export::charts::Chart {
        let report = testing::drawn_from_claims(&DEMO, &claimed(id, evidence));
        report
            .drawn
            .into_iter()
            .find(|chart| chart.name.ends_with("-timeline"))
            .expect("a timeline")
    }

    #[test]
    fn a_blocking_call_is_a_gap_across_every_task_at_once() {
        use super::super::judges::tests::ticks;
        let ms = 1_000_000u64;
        let variant = |call: &str, stall: (u64, u64)| {
            json!({"call": call, "median_lateness_ms": 0.3, "max_lateness_ms": 1.0,
                   "timeline": {"heartbeats_ns": [ticks(stall), ticks(stall), ticks(stall)],
                                "wait_ns": [20 * ms, 220 * ms]}})
        };
        let evidence = json!({"block_ms": 200, "heartbeat_ms": 10, "heartbeats": 3,
            "variants": {"time_sleep": variant("time.sleep", (20 * ms, 220 * ms)),
                         "asyncio_sleep": variant("await asyncio.sleep", (0, 0)),
                         "to_thread": variant("asyncio.to_thread", (0, 0))},
            "stall_ratio": 200.0, "time_sleep_longest_gap_ms": 209.9});
        let id = "concurrency.blocking_call_stalls_event_loop";
        let timeline = testing::captioned_timeline(
            drawn_by(super::loop_timeline, id, evidence.clone()),
            &["(none of them woke up for 210 ms)"],
        );
        assert_eq!(timeline.groups.len(), 3);
        assert_eq!(
            timeline.groups[0].title,
            "time.sleep, 200 ms: no coroutine woke for 210 ms"
        );
        let text = testing::plain_lanes(&timeline);
        let rows: Vec<&str> = text.lines().filter(|l| l.contains(" │")).collect();
        assert_eq!(rows.len(), 12, "\n{text}");
        // The same columns are a gap (pale: due, not woken) in every coroutine's lane while the
        // waiting one blocks, and only with time.sleep.
        let cells = |row: &str| {
            row.split('│')
                .nth(1)
                .unwrap()
                .chars()
                .collect::<Vec<char>>()
        };
        let blocked = cells(rows[3]);
        let during: Vec<usize> = (0..blocked.len()).filter(|&i| blocked[i] == '▓').collect();
        assert!(during.len() > 30, "\n{text}");
        for row in &rows[..3] {
            let cells = cells(row);
            let inside = &during[2..during.len() - 2];
            assert!(inside.iter().all(|&i| cells[i] == '░'), "\n{text}");
        }
        for row in &rows[4..7] {
            let cells = cells(row);
            assert!(during.iter().any(|&i| cells[i] != '░'), "\n{text}");
        }
        assert!(!rows[7].contains('▓'), "\n{text}");
        // Without a timeline (an older run): nothing to draw.
        let old = super::super::judges::tests::blocking(200.0, 0.6, 2.9);
        assert!(drawn_by(super::loop_timeline, id, old).is_none());
    }
}
