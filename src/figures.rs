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

/// The kinds of chart there are.
pub enum Plot {
    LogLog(LogLog),
    Bars(Bars),
}

impl Plot {
    pub fn title(&self) -> &str {
        match self {
            Plot::LogLog(chart) => &chart.title,
            Plot::Bars(chart) => &chart.title,
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
