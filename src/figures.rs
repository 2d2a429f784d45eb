//! Chart data: what a demo's charts show, as plain values that the report draws in SVG and the
//! terminal in text. Demos build figures from their evidence; nothing here knows any demo.

/// A line's colour, by meaning rather than by value: the drawing picks the shade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Blue,
    Green,
    Red,
    Orange,
    Purple,
}

/// A line of the log-log chart: its points, and the class fitted to them.
pub struct Curve {
    /// The legend's text, e.g. "list: O(n), 5.97 ns per element".
    pub label: String,
    pub tone: Tone,
    /// (n, time in ns), ascending n.
    pub points: Vec<(f64, f64)>,
    pub fitted: Option<FittedLine>,
}

/// The fitted class as a function of n, drawn dashed over the measured range.
pub struct FittedLine {
    pub from: f64,
    pub to: f64,
    pub at: Box<dyn Fn(f64) -> f64>,
}

/// Curves of time against n, both axes logarithmic.
pub struct LogLog {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub curves: Vec<Curve>,
}

/// One row of a bar chart: two bars, the speedup and the cores used.
#[derive(Debug, Clone, PartialEq)]
pub struct BarRow {
    pub label: String,
    pub speedup: f64,
    pub cores_used: f64,
}

/// Rows of speedup and cores used.
#[derive(Clone)]
pub struct Bars {
    pub title: String,
    pub rows: Vec<BarRow>,
    /// The best a row could do (e.g. the cores), drawn as a dashed line with this label.
    pub ideal: Option<(f64, String)>,
}

/// How a kind of stretch is drawn, so that kinds differ without colour too: the terminal's
/// character and the report's fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    /// At work (making progress, holding a lock): a full block, `█`; a solid bar.
    Solid,
    /// Holding everybody else up (a blocking call): `▓`; a dark, hatched bar.
    Dark,
    /// Ready but held back (waiting for a lock, a core, an answer): `░`; a pale bar.
    Light,
    /// Asleep by choice (a sleep, an idle wait): `·`; a thin line.
    Dotted,
}

impl Ink {
    /// Which ink shows when two fall on the same spot: work over waiting over sleep.
    pub fn precedence(self) -> u8 {
        match self {
            Ink::Solid => 3,
            Ink::Dark => 2,
            Ink::Light => 1,
            Ink::Dotted => 0,
        }
    }
}

/// A kind of stretch in a timeline: its name in the legend, its ink and its colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub label: String,
    pub ink: Ink,
    pub tone: Tone,
}

/// What a lane did from `from_ns` to `to_ns` (on the figure's time axis): the key at index
/// `key` of its figure. An instant (`from_ns == to_ns`, e.g. a wake-up) is drawn as the
/// narrowest stretch there is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stretch {
    pub key: usize,
    pub from_ns: f64,
    pub to_ns: f64,
}

/// One thread's or task's lane.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub label: String,
    pub stretches: Vec<Stretch>,
}

/// Lanes that belong together (one experiment), under a heading.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneGroup {
    pub title: String,
    pub lanes: Vec<Lane>,
}

/// Swimlanes: who did what when, one lane per thread or task, every lane on one time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Lanes {
    pub title: String,
    /// What the time axis counts from, after its unit (which the drawing picks to suit the
    /// window): "after the threads were started" reads "ms after the threads were started".
    pub x_label: String,
    /// The stretch of time drawn, in ns: stretches beyond it are cut at its ends.
    pub window_ns: (f64, f64),
    pub keys: Vec<Key>,
    pub groups: Vec<LaneGroup>,
}

/// The longest window a timeline may show: an hour of nanoseconds. Real timelines last
/// milliseconds; beyond this the timestamps are garbage, not a run.
pub const LONGEST_WINDOW_NS: f64 = 3.6e12;

impl Lanes {
    /// Whether there is a timeline to draw: a window of positive, finite length up to
    /// [`LONGEST_WINDOW_NS`], and a lane.
    pub fn check(&self) -> Result<(), String> {
        let (from, to) = self.window_ns;
        if !(from.is_finite() && to.is_finite() && to > from) {
            return Err(format!(
                "its time window ({from} ns to {to} ns) is not a stretch of time"
            ));
        }
        if to - from > LONGEST_WINDOW_NS {
            return Err(format!(
                "its time window lasts {:.3e} ns, longer than the hour a timeline of one run \
                 can show",
                to - from
            ));
        }
        if self.lanes().next().is_none() {
            return Err("it has no lane".to_owned());
        }
        Ok(())
    }

    /// Every lane, group after group.
    pub fn lanes(&self) -> impl Iterator<Item = &Lane> {
        self.groups.iter().flat_map(|group| group.lanes.iter())
    }

    /// A lane's stretches that can be drawn, cut to the window: a known key, finite ends in
    /// order, some of it inside the window. Consecutive ones of one key that touch are joined.
    pub fn visible(&self, lane: &Lane) -> Vec<Stretch> {
        let (from, to) = self.window_ns;
        let mut shown: Vec<Stretch> = lane
            .stretches
            .iter()
            .filter(|s| s.key < self.keys.len())
            .filter(|s| s.from_ns.is_finite() && s.to_ns.is_finite() && s.from_ns <= s.to_ns)
            .filter(|s| s.to_ns >= from && s.from_ns <= to)
            .map(|s| Stretch {
                from_ns: s.from_ns.max(from),
                to_ns: s.to_ns.min(to),
                ..*s
            })
            .collect();
        shown.sort_by(|a, b| a.from_ns.total_cmp(&b.from_ns));
        let mut joined: Vec<Stretch> = Vec::with_capacity(shown.len());
        for stretch in shown {
            match joined.last_mut() {
                Some(last) if last.key == stretch.key && stretch.from_ns <= last.to_ns => {
                    last.to_ns = last.to_ns.max(stretch.to_ns);
                }
                _ => joined.push(stretch),
            }
        }
        joined
    }
}

/// A round step for a time axis of `span_ns` with about `ticks` ticks: 1, 2 or 5 × a power of
/// ten, in ns.
pub fn time_step_ns(span_ns: f64, ticks: usize) -> f64 {
    let rough = span_ns / ticks.max(1) as f64;
    if !(rough.is_finite() && rough > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|step| *step >= rough)
        .unwrap_or(10.0 * power)
}

/// A time on a timeline's axis, in the unit its step reads best in: "0", "20", "1.5"; the unit
/// is the axis label's.
pub fn time_tick_label(ns: f64, unit_ns: f64, step_ns: f64) -> String {
    let value = ns / unit_ns;
    let step = step_ns / unit_ns;
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    let text = format!("{value:.decimals$}");
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        "0".to_owned()
    } else {
        text
    }
}

/// The unit a window of `span_ns` reads best in: (ns per unit, its name).
pub fn time_unit(span_ns: f64) -> (f64, &'static str) {
    if span_ns >= 1e10 {
        (1e9, "s")
    } else if span_ns >= 1e7 {
        (1e6, "ms")
    } else if span_ns >= 1e4 {
        (1e3, "µs")
    } else {
        (1.0, "ns")
    }
}

/// The kinds of chart there are.
pub enum Plot {
    LogLog(LogLog),
    Bars(Bars),
    Lanes(Lanes),
}

impl Plot {
    pub fn title(&self) -> &str {
        match self {
            Plot::LogLog(chart) => &chart.title,
            Plot::Bars(chart) => &chart.title,
            Plot::Lanes(chart) => &chart.title,
        }
    }
}

/// One chart of a demo: its data and what to look for in it.
pub struct Figure {
    /// Names the chart's file beside a Markdown report (`<stem>-<name>.svg`) and its anchor;
    /// unique among all demos' figures.
    pub name: &'static str,
    /// What to look for in it: the caption, and the text for readers who cannot see it.
    pub caption: String,
    pub plot: Plot,
}

/// What a demo made of its evidence for one chart: nothing to draw (`None`: the evidence is
/// missing or of another shape), a figure, or the note of a chart left out (see [`left_out`]).
pub type Drawn = Option<Result<Figure, String>>;

/// A bar chart, or nothing to draw when it has no rows.
pub fn bars(name: &'static str, bars: Bars, caption: String) -> Drawn {
    (!bars.rows.is_empty()).then(|| {
        Ok(Figure {
            name,
            caption,
            plot: Plot::Bars(bars),
        })
    })
}

/// A timeline, or nothing to draw when it has no lane.
pub fn lanes(name: &'static str, lanes: Lanes, caption: String) -> Drawn {
    let any = lanes.lanes().next().is_some();
    any.then(|| {
        Ok(Figure {
            name,
            caption,
            plot: Plot::Lanes(lanes),
        })
    })
}

/// The note of a chart left out: "The chart “…” is left out: <why>."
pub fn left_out(title: &str, why: &str) -> String {
    format!("The chart “{title}” is left out: {why}.")
}

/// What an axis of powers of ten counts, for its labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Plain numbers: "100", "10k", "1M".
    Count,
    /// Nanoseconds: "100 ns", "1 µs", "10 ms".
    Nanoseconds,
}

/// The label of 10^`power` on a `scale` axis: "100", "10k", "1 µs"; "0.01 ns" just below one
/// and "1e15", "1e-5 ns" far outside the named units.
pub fn power_of_ten_label(power: i32, scale: Scale) -> String {
    let (units, space, unit_of_plain): (&[&str], &str, &str) = match scale {
        Scale::Count => (&["", "k", "M", "G"], "", ""),
        Scale::Nanoseconds => (&["ns", "µs", "ms", "s"], " ", " ns"),
    };
    match power {
        -3..=-1 => format!("{}{unit_of_plain}", 10f64.powi(power)),
        0..=11 => {
            let group = (power / 3) as usize;
            let value = 10u64.pow((power - 3 * group as i32) as u32);
            format!("{value}{space}{}", units[group])
        }
        _ => format!("1e{power}{unit_of_plain}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_axes_step_in_round_numbers() {
        assert_eq!(time_step_ns(80e6, 6), 20e6);
        assert_eq!(time_step_ns(280e6, 6), 50e6);
        assert_eq!(time_step_ns(16e6, 6), 5e6);
        assert_eq!(time_step_ns(f64::NAN, 6), 1.0);
        assert_eq!(time_unit(80e6), (1e6, "ms"));
        assert_eq!(time_unit(400e3), (1e3, "µs"));
        assert_eq!(time_tick_label(40e6, 1e6, 20e6), "40");
        assert_eq!(time_tick_label(1.5e6, 1e6, 0.5e6), "1.5");
        assert_eq!(time_tick_label(0.0, 1e6, 0.5e6), "0");
    }

    #[test]
    fn a_lane_shows_its_drawable_stretches_cut_and_joined() {
        let stretch = |key, from_ns, to_ns| Stretch {
            key,
            from_ns,
            to_ns,
        };
        let chart = Lanes {
            title: String::new(),
            x_label: String::new(),
            window_ns: (0.0, 100.0),
            keys: vec![Key {
                label: "work".into(),
                ink: Ink::Solid,
                tone: Tone::Blue,
            }],
            groups: vec![LaneGroup {
                title: String::new(),
                lanes: vec![Lane {
                    label: "a".into(),
                    stretches: vec![
                        stretch(0, 20.0, 30.0),
                        stretch(0, -50.0, 10.0),
                        stretch(0, 10.0, 20.0),
                        stretch(0, 90.0, 1e300),
                        stretch(3, 40.0, 50.0),
                        stretch(0, f64::NAN, 50.0),
                        stretch(0, 60.0, 55.0),
                        stretch(0, 200.0, 300.0),
                    ],
                }],
            }],
        };
        let shown = chart.visible(&chart.groups[0].lanes[0]);
        assert_eq!(shown, [stretch(0, 0.0, 30.0), stretch(0, 90.0, 100.0)]);
        assert!(chart.check().is_ok());
    }
}
