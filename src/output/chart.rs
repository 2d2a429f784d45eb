//! Log-log charts in plain text: time per operation against n, readable in an 80-column terminal
//! and on a projector.
//!
//! On log scales a power law is a straight line whose steepness is its exponent, so O(1) is flat
//! and O(n) climbs one decade of time per decade of n: the picture shows the complexity class
//! that the numbers (`complexity::Fit`) state.

use crate::figures::{power_of_ten_label, Scale};
// The charts' readers (the demos' legends and explanations) find it beside the charts.
pub use crate::numbers::format_ns;

/// One curve: its name in the legend, the character marking its measured points, and the points
/// as (n, nanoseconds per operation).
pub struct Series<'a> {
    pub label: &'a str,
    pub marker: char,
    pub points: Vec<(f64, f64)>,
}

/// Marks a cell where points of two curves fall together.
const OVERLAP: char = '*';
/// Dots between a curve's measured points, so the eye follows its slope.
const PATH: char = '·';
/// Width of the y-axis labels ("100 µs"), right-aligned before the axis.
const LABEL_WIDTH: usize = 7;
/// Rows the plot aims for, whatever the number of decades.
const TARGET_ROWS: usize = 18;

/// The most decades an axis may span: real curves span a handful (n from 100 to 10⁷, times
/// from nanoseconds to seconds); beyond this the points are garbage, not a curve.
pub const MAX_DECADES: i32 = 15;

/// Draws the series on log-log axes in `width` columns (at least 40), or says why it cannot:
/// no point with a positive, finite n and time, or values spanning more than [`MAX_DECADES`].
pub fn loglog(title: &str, series: &[Series<'_>], width: usize) -> Result<String, String> {
    let width = width.max(40);
    let points: Vec<(f64, f64)> = series.iter().flat_map(|s| positive(&s.points)).collect();
    if points.is_empty() {
        return Err("no point has a positive, finite n and time".to_owned());
    }
    let decades = |values: &mut dyn Iterator<Item = f64>| {
        let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v.log10()), hi.max(v.log10()))
        });
        // Finite: the points are positive and finite, so their logarithms lie within ±324.
        let (low, high) = (low.floor() as i32, high.ceil() as i32);
        (low, high.max(low + 1))
    };
    let (x_low, x_high) = decades(&mut points.iter().map(|p| p.0));
    let (y_low, y_high) = decades(&mut points.iter().map(|p| p.1));
    for (axis, low, high) in [("n", x_low, x_high), ("time", y_low, y_high)] {
        if high - low > MAX_DECADES {
            return Err(format!(
                "its {axis} values span {} decades (10^{low} to 10^{high}), more than the \
                 {MAX_DECADES} a chart of measurements can show",
                high - low
            ));
        }
    }

    let plot_width = width - LABEL_WIDTH - 2;
    let y_decades = (y_high - y_low) as usize;
    let rows_per_decade = (TARGET_ROWS / y_decades).clamp(1, 4);
    let rows = y_decades * rows_per_decade + 1;
    let column = |n: f64| {
        let fraction = (n.log10() - f64::from(x_low)) / f64::from(x_high - x_low);
        ((fraction * (plot_width - 1) as f64).round() as usize).min(plot_width - 1)
    };
    let row_of_log = |log_t: f64| {
        let from_top = (f64::from(y_high) - log_t) * rows_per_decade as f64;
        (from_top.round().max(0.0) as usize).min(rows - 1)
    };

    let mut grid = vec![vec![' '; plot_width]; rows];
    // Paths first, so that measured points drawn afterwards are never hidden by a dot.
    for curve in series {
        let mut sorted = positive(&curve.points);
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        for pair in sorted.windows(2) {
            let (c0, c1) = (column(pair[0].0), column(pair[1].0));
            let (l0, l1) = (pair[0].1.log10(), pair[1].1.log10());
            let path: Vec<(usize, usize)> = (c0 + 1..c1)
                .map(|c| {
                    let along = (c - c0) as f64 / (c1 - c0) as f64;
                    (row_of_log(l0 + (l1 - l0) * along), c)
                })
                .collect();
            for (row, c) in path {
                if grid[row][c] == ' ' {
                    grid[row][c] = PATH;
                }
            }
        }
    }
    let mut overlapped = false;
    for curve in series {
        for (n, t) in positive(&curve.points) {
            let cell = &mut grid[row_of_log(t.log10())][column(n)];
            if *cell != ' ' && *cell != PATH && *cell != curve.marker {
                *cell = OVERLAP;
                overlapped = true;
            } else if *cell != OVERLAP {
                *cell = curve.marker;
            }
        }
    }

    let mut out = String::new();
    out.push_str(title);
    out.push('\n');
    for (index, cells) in grid.iter().enumerate() {
        let on_tick = index % rows_per_decade == 0;
        let label = if on_tick {
            power_of_ten_label(
                y_high - (index / rows_per_decade) as i32,
                Scale::Nanoseconds,
            )
        } else {
            String::new()
        };
        let line: String = cells.iter().collect();
        let axis = if on_tick { '┤' } else { '│' };
        out.push_str(format!("{label:>LABEL_WIDTH$} {axis}{line}").trim_end());
        out.push('\n');
    }

    let ticks: Vec<(usize, String)> = (x_low..=x_high)
        .map(|power| {
            (
                column(10f64.powi(power)),
                power_of_ten_label(power, Scale::Count),
            )
        })
        .collect();
    out.push_str(&format!(
        "{:>LABEL_WIDTH$} └{}\n",
        "",
        tick_axis(&ticks, plot_width)
    ));
    out.push_str(tick_label_line(&ticks, LABEL_WIDTH + 2, width).trim_end());
    out.push('\n');

    let mut legend: Vec<String> = series
        .iter()
        .map(|s| format!("{} {}", s.marker, s.label))
        .collect();
    if overlapped {
        legend.push(format!("{OVERLAP} overlap"));
    }
    let indent = " ".repeat(LABEL_WIDTH + 2);
    let options = textwrap::Options::new(width)
        .initial_indent(&indent)
        .subsequent_indent(&indent);
    for line in textwrap::wrap(&legend.join("   "), options) {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    Ok(out)
}

fn positive(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    points
        .iter()
        .copied()
        .filter(|&(n, t)| n > 0.0 && t > 0.0 && n.is_finite() && t.is_finite())
        .collect()
}

/// An axis `cells` wide, a `┬` at the cell of each tick (as `ticks` holds them, within the
/// plot); the caller adds its corners.
pub(crate) fn tick_axis(ticks: &[(usize, String)], cells: usize) -> String {
    let mut axis = vec!['─'; cells];
    for (cell, _) in ticks {
        axis[*cell] = '┬';
    }
    axis.into_iter().collect()
}

/// The line under an axis that names its ticks, `width` cells wide: each label centred under
/// its tick (`ticks` holds the tick's cell within the plot, which starts `margin` cells in),
/// pushed right past the one before, and dropped where it would not fit.
pub(crate) fn tick_label_line(ticks: &[(usize, String)], margin: usize, width: usize) -> String {
    let mut labels = vec![' '; width];
    let mut free_from = 0;
    for (cell, text) in ticks {
        let length = text.chars().count();
        let start = (margin + cell).saturating_sub(length / 2).max(free_from);
        if start + length > width {
            // No room left on the line: a missing tick label is better than a wrong one.
            continue;
        }
        for (offset, ch) in text.chars().enumerate() {
            labels[start + offset] = ch;
        }
        free_from = start + length + 1;
    }
    labels.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes() -> Vec<f64> {
        (0..=8)
            .map(|i| 10f64.powf(2.0 + f64::from(i) / 2.0))
            .collect()
    }

    fn three_curves() -> Vec<Series<'static>> {
        let list = sizes().iter().map(|&n| (n, 7.0 * n)).collect();
        let set = sizes().iter().map(|&n| (n, 15.0)).collect();
        let colliding = [100.0, 200.0, 400.0, 800.0, 1600.0, 3200.0]
            .iter()
            .map(|&n| (n, 48.0 * n))
            .collect();
        vec![
            Series {
                label: "list",
                marker: '●',
                points: list,
            },
            Series {
                label: "set",
                marker: '■',
                points: set,
            },
            Series {
                label: "set, colliding hashes",
                marker: '▲',
                points: colliding,
            },
        ]
    }

    #[test]
    fn fits_in_80_columns_with_axes_and_legend() {
        let chart = loglog("ns per lookup", &three_curves(), 80).unwrap();
        for line in chart.lines() {
            assert!(line.chars().count() <= 80, "too wide: {line:?}");
        }
        assert!(chart.starts_with("ns per lookup\n"));
        for needle in [
            "10 ms ┤",
            "10 ns ┤",
            "1 µs ┤",
            "└",
            "100",
            "10k",
            "1M",
            "● list",
            "■ set",
        ] {
            assert!(chart.contains(needle), "no {needle:?} in\n{chart}");
        }
        assert!(chart.contains("▲ set, colliding hashes"));
        assert!(!chart.contains(OVERLAP), "nothing overlaps here:\n{chart}");
    }

    #[test]
    fn a_constant_is_flat_and_a_linear_curve_climbs_to_the_top_right() {
        let chart = loglog("t", &three_curves(), 80).unwrap();
        let plot: Vec<&str> = chart
            .lines()
            .skip(1)
            .take_while(|l| !l.contains('└'))
            .collect();
        // The set's squares all sit on one row, the lowest one used.
        let set_rows: Vec<usize> = plot
            .iter()
            .enumerate()
            .filter(|(_, line)| line.contains('■'))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(set_rows.len(), 1, "\n{chart}");
        assert_eq!(plot[set_rows[0]].matches('■').count(), 9);
        // The list's largest point (7 ms) is on the top rows and at the right end.
        let top = plot.iter().position(|line| line.contains('●')).unwrap();
        assert!(top <= 1, "\n{chart}");
        assert!(plot[top].trim_end().ends_with('●'));
        // Its first point (700 ns) is far lower than its last.
        let bottom = plot.iter().rposition(|line| line.contains('●')).unwrap();
        assert!(bottom - top >= 10, "\n{chart}");
    }

    #[test]
    fn overlapping_points_are_marked_and_explained() {
        let series = [
            Series {
                label: "a",
                marker: 'a',
                points: vec![(10.0, 5.0), (100.0, 50.0)],
            },
            Series {
                label: "b",
                marker: 'b',
                points: vec![(10.0, 5.0), (100.0, 5.0)],
            },
        ];
        let chart = loglog("t", &series, 60).unwrap();
        assert!(chart.contains(OVERLAP), "\n{chart}");
        assert!(chart.contains("* overlap"));
        assert!(chart.lines().all(|line| line.chars().count() <= 60));
    }

    #[test]
    fn nothing_to_draw_is_an_error() {
        let empty = Series {
            label: "x",
            marker: 'x',
            points: vec![(0.0, 1.0), (10.0, f64::NAN)],
        };
        assert!(loglog("t", &[empty], 80).is_err());
        assert!(loglog("t", &[], 80).is_err());
    }

    #[test]
    fn sizes_it_did_not_expect_draw_within_the_width() {
        // Once a panic (`min > max` placing the labels) for sizes [100, 1e15].
        let wide = Series {
            label: "x",
            marker: 'x',
            points: vec![(100.0, 10.0), (1e15, 1e6)],
        };
        let chart = loglog("t", &[wide], 80).unwrap();
        assert!(
            chart.lines().all(|line| line.chars().count() <= 80),
            "\n{chart}"
        );
        assert!(chart.contains("100G  1e12 1e13"), "\n{chart}");
        let tiny = Series {
            label: "x",
            marker: 'x',
            points: vec![(1e-3, 5e-324), (1e-2, 1e-320)],
        };
        let chart = loglog("t", &[tiny], 80).unwrap();
        assert!(chart.contains("1e-324 ns"), "\n{chart}");
    }

    #[test]
    fn values_spanning_absurd_ranges_are_left_out_with_the_reason() {
        let absurd = Series {
            label: "x",
            marker: 'x',
            points: vec![(100.0, 5e-324), (1000.0, 1e300)],
        };
        let why = loglog("t", &[absurd], 80).unwrap_err();
        assert!(why.contains("time values span 624 decades"), "{why}");
    }

    #[test]
    fn labels_read_naturally() {
        assert_eq!(power_of_ten_label(1, Scale::Nanoseconds), "10 ns");
        assert_eq!(power_of_ten_label(3, Scale::Nanoseconds), "1 µs");
        assert_eq!(power_of_ten_label(8, Scale::Nanoseconds), "100 ms");
        assert_eq!(power_of_ten_label(10, Scale::Nanoseconds), "10 s");
        assert_eq!(power_of_ten_label(2, Scale::Count), "100");
        assert_eq!(power_of_ten_label(4, Scale::Count), "10k");
        assert_eq!(power_of_ten_label(6, Scale::Count), "1M");
        assert_eq!(power_of_ten_label(15, Scale::Count), "1e15");
        assert_eq!(power_of_ten_label(-5, Scale::Count), "1e-5");
        assert_eq!(power_of_ten_label(-2, Scale::Nanoseconds), "0.01 ns");
        assert_eq!(power_of_ten_label(12, Scale::Nanoseconds), "1e12 ns");
    }
}
