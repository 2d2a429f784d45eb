//! The charts of a report, drawn: the demos' figures (chart data read from their evidence) as
//! SVG. A figure that cannot be drawn (no positive time, values spanning absurd ranges, rows of
//! infinite speedup) is left out with a note saying why; a report never fails, panics or hangs
//! for want of a picture.

use super::svg;
use crate::figures::{left_out, BarRow, Bars, Drawn, Figure, Lanes, LogLog, Plot};

/// One chart of a report, drawn.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Names the chart's file beside a Markdown report (`<stem>-<name>.svg`) and its anchor.
    pub name: &'static str,
    pub title: String,
    /// What to look for in it: the caption, and the text for readers who cannot see it.
    pub caption: String,
    /// The data marks drawn (points or bars): the SVG holds at least this many.
    pub marks: usize,
    /// A standalone SVG document (`<svg xmlns=…>`), also fit to be inlined in HTML.
    pub svg: String,
}

/// The charts of a report: those drawn, in the order they are shown, and a sentence for each
/// one left out.
#[derive(Debug, Clone, Default)]
pub struct Charts {
    pub drawn: Vec<Chart>,
    /// "The chart … is left out: <why>." for each chart whose evidence could not be drawn.
    pub left_out: Vec<String>,
}

/// The largest speedup or core count a bar may show; beyond it the evidence is garbage.
const LARGEST_BAR: f64 = 10_000.0;

/// The charts of one demo's figures.
pub fn draw(figures: &[Drawn]) -> Charts {
    let mut charts = Charts::default();
    for figure in figures.iter().flatten() {
        let drawn = match figure {
            Ok(figure) => chart(figure),
            Err(note) => Err(note.clone()),
        };
        match drawn {
            Ok(chart) => charts.drawn.push(chart),
            Err(note) => charts.left_out.push(note),
        }
    }
    charts
}

fn chart(figure: &Figure) -> Result<Chart, String> {
    match &figure.plot {
        Plot::LogLog(plot) => loglog(figure.name, plot, &figure.caption),
        Plot::Bars(plot) => bars(figure.name, plot.clone(), figure.caption.clone()),
        Plot::Lanes(plot) => lanes(figure.name, plot, &figure.caption),
    }
}

fn lanes(name: &'static str, plot: &Lanes, caption: &str) -> Result<Chart, String> {
    let (svg, marks) =
        svg::lanes(plot).map_err(|err| left_out(&plot.title, &format!("{err:#}")))?;
    Ok(Chart {
        name,
        title: plot.title.clone(),
        caption: caption.to_owned(),
        marks,
        svg,
    })
}

fn loglog(name: &'static str, plot: &LogLog, caption: &str) -> Result<Chart, String> {
    let svg = svg::loglog(plot).map_err(|err| left_out(&plot.title, &format!("{err:#}")))?;
    Ok(Chart {
        name,
        title: plot.title.clone(),
        caption: caption.to_owned(),
        marks: plot.curves.iter().map(|curve| curve.points.len()).sum(),
        svg,
    })
}

/// A bar chart of the rows whose values can be drawn (finite, 0 to [`LARGEST_BAR`]); the
/// others are named in the caption, and with none left the chart is left out.
fn bars(name: &'static str, mut bars: Bars, mut caption: String) -> Result<Chart, String> {
    let drawable = |value: f64| (0.0..=LARGEST_BAR).contains(&value);
    let (rows, undrawable): (Vec<BarRow>, Vec<BarRow>) = bars
        .rows
        .into_iter()
        .partition(|row| drawable(row.speedup) && drawable(row.cores_used));
    bars.rows = rows;
    bars.ideal = bars.ideal.filter(|(ideal, _)| drawable(*ideal));
    let undrawable: Vec<String> = undrawable
        .iter()
        .map(|row| {
            format!(
                "{} (speedup {}, cores used {})",
                row.label, row.speedup, row.cores_used
            )
        })
        .collect();
    let why = format!(
        "{} not a number from 0 to {LARGEST_BAR}",
        undrawable.join("; ")
    );
    if bars.rows.is_empty() {
        return Err(left_out(&bars.title, &why));
    }
    if !undrawable.is_empty() {
        caption.push_str(&format!(" Not drawn: {why}."));
    }
    let svg = match svg::bars(&bars) {
        Ok(svg) => svg,
        Err(err) => return Err(left_out(&bars.title, &format!("{err:#}"))),
    };
    Ok(Chart {
        name,
        marks: 2 * bars.rows.len(),
        title: bars.title,
        caption,
        svg,
    })
}
