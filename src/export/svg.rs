//! Drawing the report's charts as SVG with plotters: a log-log chart of curves with fitted
//! lines, horizontal bars of speedup and cores used, and timelines (swimlanes: one lane per
//! thread or task on one time axis). Only the drawing lives here; what to draw comes from the
//! demos' [`crate::figures`].
//!
//! The charts are drawn at a fixed size with large text, then scaled by the page: at a phone's
//! width (about 360 px for the chart) their text is still about 10 px high. Text is left to the
//! browser (no fonts are embedded), so every label is plain, escaped, selectable SVG text.

use std::ops::Range;

use anyhow::anyhow;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::figures::{
    power_of_ten_label, time_step_ns, time_tick_label, time_unit, Bars, Ink, Lanes, LogLog, Scale,
    Tone,
};
use crate::numbers;
use crate::output::chart::MAX_DECADES;

/// Width of every chart, in SVG units (pixels at 100 %).
const WIDTH: u32 = 560;
const FONT: &str = "sans-serif";

const BLUE: RGBColor = RGBColor(0x1f, 0x6f, 0xb4);
const GREEN: RGBColor = RGBColor(0x1a, 0x8a, 0x3a);
const RED: RGBColor = RGBColor(0xc8, 0x2a, 0x2a);
const ORANGE: RGBColor = RGBColor(0xe0, 0x7b, 0x1a);
const PURPLE: RGBColor = RGBColor(0x7a, 0x3d, 0xb8);
const INK: RGBColor = RGBColor(0x24, 0x29, 0x2f);
const MUTED: RGBColor = RGBColor(0x57, 0x60, 0x6a);
const GRID: RGBColor = RGBColor(0xe4, 0xe7, 0xeb);

/// A text style of `px` pixels: plotters writes `font-size` as its size ÷ 1.24.
fn font(px: f64) -> TextStyle<'static> {
    (FONT, px * 1.24).into_font().color(&INK)
}

/// The shade of each tone.
fn color(tone: Tone) -> RGBColor {
    match tone {
        Tone::Blue => BLUE,
        Tone::Green => GREEN,
        Tone::Red => RED,
        Tone::Orange => ORANGE,
        Tone::Purple => PURPLE,
    }
}

/// The shade of a tone, darkened: a blocking stretch.
fn darker(tone: Tone) -> RGBColor {
    let RGBColor(r, g, b) = color(tone);
    let dark = |c: u8| (f64::from(c) * 0.55) as u8;
    RGBColor(dark(r), dark(g), dark(b))
}

/// Turns plotters' drawing errors (which borrow the backend) into ours.
fn drawing<T, E: std::fmt::Display>(result: Result<T, E>) -> anyhow::Result<T> {
    result.map_err(|err| anyhow!("drawing a chart: {err}"))
}

/// A part of a chart's SVG document.
type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Draws with a fresh SVG backend of `height` and returns the document.
fn draw_svg(
    height: u32,
    draw: impl FnOnce(&Area<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        drawing(root.fill(&WHITE))?;
        draw(&root)?;
        drawing(root.present())?;
    }
    Ok(svg)
}

/// A chart's title, centred at the top of its strip.
fn title_text(strip: &Area<'_>, text: &str) -> anyhow::Result<()> {
    drawing(strip.draw(&Text::new(
        text,
        (WIDTH as i32 / 2, 10),
        font(22.0).pos(Pos::new(HPos::Center, VPos::Top)),
    )))?;
    Ok(())
}

/// The words of a legend entry, starting at `at` and centred on its line.
fn legend_text(legend: &Area<'_>, text: &str, at: (i32, i32)) -> anyhow::Result<()> {
    drawing(legend.draw(&Text::new(
        text,
        at,
        font(18.0).pos(Pos::new(HPos::Left, VPos::Center)),
    )))?;
    Ok(())
}

/// The powers of ten around `values`: 10^floor(min) .. 10^ceil(max), at least one decade.
fn decades(values: impl Iterator<Item = f64>) -> Option<Range<f64>> {
    let (low, high) = values.filter(|v| *v > 0.0 && v.is_finite()).fold(
        None,
        |range: Option<(f64, f64)>, v| {
            let log = v.log10();
            Some(range.map_or((log, log), |(lo, hi)| (lo.min(log), hi.max(log))))
        },
    )?;
    let (low, high) = (low.floor(), high.ceil().max(low.floor() + 1.0));
    Some(10f64.powf(low)..10f64.powf(high))
}

/// A log axis plotters can draw: both ends normal positive numbers (a subnormal end rounds to
/// a power of ten of 0, on which plotters' tick search never ends) and at most
/// [`MAX_DECADES`] apart. The number of decades it spans, or why not.
fn drawable_log_axis(axis: &str, range: &Range<f64>) -> anyhow::Result<usize> {
    let span = (range.end / range.start).log10().round();
    if !(range.start >= f64::MIN_POSITIVE && range.end.is_finite() && span.is_finite()) {
        return Err(anyhow!(
            "its {axis} values ({:e} to {:e}) are too close to 0 or too large to draw",
            range.start,
            range.end
        ));
    }
    if span > f64::from(MAX_DECADES) {
        return Err(anyhow!(
            "its {axis} values span {span} decades, more than the {MAX_DECADES} a chart of \
             measurements can show"
        ));
    }
    Ok(span as usize)
}

/// Whether `value` is a power of ten (as log-scale ticks compute them).
fn power_of_ten(value: f64) -> Option<i32> {
    let log = value.log10();
    ((log - log.round()).abs() < 1e-6).then_some(log.round() as i32)
}

/// An axis tick's label: at a power of ten, its name on `scale`; nothing between them.
fn tick(value: f64, scale: Scale) -> String {
    power_of_ten(value).map_or_else(String::new, |power| power_of_ten_label(power, scale))
}

/// The log-log chart: each curve's points as dots, its fit as a dashed line, a legend on top.
pub fn loglog(chart: &LogLog) -> anyhow::Result<String> {
    let all = || chart.curves.iter().flat_map(|curve| curve.points.iter());
    let x_range = decades(all().map(|p| p.0)).ok_or_else(|| anyhow!("no positive n"))?;
    let y_range = decades(all().map(|p| p.1)).ok_or_else(|| anyhow!("no positive time"))?;
    let x_decades = drawable_log_axis("n", &x_range)?;
    let y_decades = drawable_log_axis("time", &y_range)?;
    // The axes end at powers of ten that points may sit on exactly.
    let within = |n: f64, t: f64| {
        (x_range.start..=x_range.end).contains(&n) && (y_range.start..=y_range.end).contains(&t)
    };
    let legend_height = 10 + 28 * chart.curves.len() as u32;
    draw_svg(TITLE_H + legend_height + 400, |root| {
        let (title, rest) = root.split_vertically(TITLE_H);
        title_text(&title, &chart.title)?;
        let (legend, plot) = rest.split_vertically(legend_height);
        for (index, curve) in chart.curves.iter().enumerate() {
            let y = 14 + 28 * index as i32;
            drawing(legend.draw(&Circle::new((24, y), 6, color(curve.tone).filled())))?;
            drawing(legend.draw(&PathElement::new(
                vec![(36, y), (60, y)],
                color(curve.tone).stroke_width(3),
            )))?;
            legend_text(&legend, &curve.label, (68, y))?;
        }
        let mut area = drawing(
            ChartBuilder::on(&plot)
                .margin_left(4)
                .margin_right(36)
                .margin_top(10)
                .margin_bottom(4)
                .x_label_area_size(56)
                .y_label_area_size(92)
                .build_cartesian_2d(x_range.clone().log_scale(), y_range.clone().log_scale()),
        )?;
        drawing(
            area.configure_mesh()
                .x_labels(x_decades + 1)
                .y_labels(y_decades + 1)
                .x_label_formatter(&|value| tick(*value, Scale::Count))
                .y_label_formatter(&|value| tick(*value, Scale::Nanoseconds))
                .x_desc(chart.x_label.as_str())
                .y_desc(chart.y_label.as_str())
                .label_style(font(17.0))
                .axis_desc_style(font(17.0).color(&MUTED))
                .bold_line_style(GRID)
                .light_line_style(TRANSPARENT)
                .axis_style(MUTED)
                .draw(),
        )?;
        for curve in &chart.curves {
            if let Some(fitted) = &curve.fitted {
                const STEPS: usize = 48;
                let ratio = fitted.to / fitted.from;
                let line = (0..=STEPS)
                    .map(|step| fitted.from * ratio.powf(step as f64 / STEPS as f64))
                    .map(|n| (n, (fitted.at)(n)))
                    .filter(|&(n, t)| within(n, t));
                drawing(area.draw_series(DashedLineSeries::new(
                    line,
                    9,
                    6,
                    color(curve.tone).mix(0.8).stroke_width(2),
                )))?;
            }
            drawing(
                area.draw_series(
                    curve
                        .points
                        .iter()
                        .filter(|&&(n, t)| within(n, t))
                        .map(|&point| Circle::new(point, 5, color(curve.tone).filled())),
                ),
            )?;
        }
        Ok(())
    })
}

// A bar chart's rows, in SVG units (pixels at 100 %): the label, then two bars.
const LABEL_H: f64 = 30.0;
const BAR_H: f64 = 22.0;
const BAR_GAP: f64 = 4.0;
const ROW_GAP: f64 = 16.0;
const ROW_H: f64 = LABEL_H + BAR_H + BAR_GAP + BAR_H + ROW_GAP;
/// Above the rows: room for the reference lines' labels.
const TOP_H: f64 = 28.0;
const TITLE_H: u32 = 44;
const LEGEND_H: u32 = 36;
const X_LABELS_H: u32 = 40;
/// Text size of the values written after the bars.
const VALUE_PX: f64 = 17.0;

/// Horizontal bars, two per row (speedup, cores used), with the row's label above them so the
/// bars keep the chart's whole width even on a phone; dashed lines mark 1 and the ideal.
pub fn bars(chart: &Bars) -> anyhow::Result<String> {
    let largest = chart
        .rows
        .iter()
        .flat_map(|row| [row.speedup, row.cores_used])
        .chain(chart.ideal.as_ref().map(|(ideal, _)| *ideal))
        .filter(|v| v.is_finite())
        .fold(1.0, f64::max);
    // Room on the right for the value written after the longest bar.
    let x_max = largest * 1.25;
    // The plot's y axis counts pixels down from its top edge (so row 0 is at the top).
    let total = chart.rows.len() as f64 * ROW_H + TOP_H;
    let height = TITLE_H + LEGEND_H + X_LABELS_H + 8 + total.ceil() as u32;
    draw_svg(height, |root| {
        let (title, rest) = root.split_vertically(TITLE_H);
        title_text(&title, &chart.title)?;
        let (legend, plot) = rest.split_vertically(LEGEND_H);
        for (index, (name, color)) in [("speedup", BLUE), ("cores used", ORANGE)]
            .into_iter()
            .enumerate()
        {
            let x = 16 + 170 * index as i32;
            drawing(legend.draw(&Rectangle::new([(x, 8), (x + 28, 26)], color.filled())))?;
            legend_text(&legend, name, (x + 36, 17))?;
        }
        let mut area = drawing(
            ChartBuilder::on(&plot)
                .margin_left(12)
                .margin_right(22)
                .margin_bottom(8)
                .x_label_area_size(X_LABELS_H)
                .build_cartesian_2d(0.0..x_max, total..0.0),
        )?;
        let tick = |value: &f64| format!("{}", numbers::round(*value, 1));
        drawing(
            area.configure_mesh()
                .disable_y_mesh()
                .disable_y_axis()
                .x_labels(7)
                .x_label_formatter(&tick)
                .label_style(font(17.0))
                .bold_line_style(GRID)
                .light_line_style(TRANSPARENT)
                .axis_style(MUTED)
                .draw(),
        )?;
        let mut references = vec![(1.0, "1".to_owned())];
        references.extend(chart.ideal.clone());
        for (x, label) in &references {
            drawing(
                area.draw_series(std::iter::once(
                    EmptyElement::at((*x, TOP_H - 4.0))
                        + Text::new(
                            label.clone(),
                            (0, 0),
                            font(16.0)
                                .color(&MUTED)
                                .pos(Pos::new(HPos::Center, VPos::Bottom)),
                        ),
                )),
            )?;
        }
        for (index, row) in chart.rows.iter().enumerate() {
            let top = TOP_H + index as f64 * ROW_H;
            drawing(area.draw_series(std::iter::once(
                EmptyElement::at((0.0, top + LABEL_H / 2.0))
                    + Text::new(
                        row.label.clone(),
                        (2, 0),
                        font(19.0).pos(Pos::new(HPos::Left, VPos::Center)),
                    ),
            )))?;
            let bars = [
                (
                    row.speedup,
                    BLUE,
                    format!("{:.2}×", row.speedup),
                    top + LABEL_H,
                ),
                (
                    row.cores_used,
                    ORANGE,
                    format!("{:.2} cores", row.cores_used),
                    top + LABEL_H + BAR_H + BAR_GAP,
                ),
            ];
            for (value, color, _, upper) in &bars {
                drawing(area.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, *upper), (value.max(0.0), upper + BAR_H)],
                    color.filled(),
                ))))?;
            }
            // The reference lines cross the bars, never the row's label.
            for (x, _) in &references {
                drawing(area.draw_series(DashedLineSeries::new(
                    [(*x, top + LABEL_H - 3.0), (*x, top + ROW_H - ROW_GAP + 3.0)],
                    6,
                    4,
                    MUTED.stroke_width(2),
                )))?;
            }
            // Each value on a white ground, so that a reference line behind it does not cross it.
            for (value, _, text, upper) in bars {
                let width = (VALUE_PX * 0.6 * text.chars().count() as f64).ceil() as i32;
                let half = (BAR_H / 2.0) as i32;
                drawing(area.draw_series(std::iter::once(
                    EmptyElement::at((value.max(0.0), upper + BAR_H / 2.0))
                        + Rectangle::new([(3, -half + 1), (width + 9, half - 1)], WHITE.filled())
                        + Text::new(
                            text,
                            (6, 0),
                            font(VALUE_PX).pos(Pos::new(HPos::Left, VPos::Center)),
                        ),
                )))?;
            }
        }
        Ok(())
    })
}

// A timeline's rows, in SVG units (pixels at 100 %).
const GROUP_H: i32 = 30;
const LANE_H: i32 = 30;
const STRETCH_H: i32 = 20;
/// A sleep's thin line.
const DOTTED_H: i32 = 4;
const LEGEND_ROW_H: i32 = 28;
/// Below the lanes: the ticks, their labels and the axis label.
const TIME_AXIS_H: i32 = 70;
const LANES_RIGHT: i32 = 20;
/// The narrowest a stretch is drawn, so that an instant (a wake-up) still shows.
const NARROWEST: f64 = 2.0;

/// Text of `px` pixels is about this wide per character (sans-serif, mixed case).
fn text_width(text: &str, px: f64) -> i32 {
    (text.chars().count() as f64 * px * 0.55).ceil() as i32
}

/// The text size, up to `px`, at which `text` fits in `width` pixels.
fn fitting(text: &str, px: f64, width: i32) -> f64 {
    let wanted = f64::from(text_width(text, px));
    if wanted <= f64::from(width) {
        px
    } else {
        (px * f64::from(width) / wanted).max(8.0)
    }
}

/// The legend's swatches, laid out in rows across the chart: each key's (x, row).
fn legend_places(labels: &[&str]) -> Vec<(i32, i32)> {
    let (mut x, mut row) = (16, 0);
    labels
        .iter()
        .map(|label| {
            let width = 36 + text_width(label, 17.0) + 24;
            if x > 16 && x + width > WIDTH as i32 - 8 {
                x = 16;
                row += 1;
            }
            let place = (x, row);
            x += width;
            place
        })
        .collect()
}

/// Draws a stretch of `ink` in `tone` from `x0` to `x1` on the lane whose middle is at `y`.
fn stretch_shape(x0: i32, x1: i32, y: i32, ink: Ink, tone: Tone) -> Vec<Rectangle<(i32, i32)>> {
    let half = STRETCH_H / 2;
    match ink {
        Ink::Solid => vec![Rectangle::new(
            [(x0, y - half), (x1, y + half)],
            color(tone).filled(),
        )],
        // Dark, and struck through with a white line: told from work without colour too.
        Ink::Dark => vec![
            Rectangle::new([(x0, y - half), (x1, y + half)], darker(tone).filled()),
            Rectangle::new([(x0, y - 1), (x1, y + 1)], WHITE.filled()),
        ],
        Ink::Light => vec![Rectangle::new(
            [(x0, y - half), (x1, y + half)],
            color(tone).mix(0.3).filled(),
        )],
        Ink::Dotted => vec![Rectangle::new(
            [(x0, y - DOTTED_H / 2), (x1, y + DOTTED_H / 2)],
            color(tone).mix(0.7).filled(),
        )],
    }
}

/// Swimlanes: a lane per thread or task, grouped under headings, on one time axis with ticks
/// at round times; a legend of the kinds of stretch on top. Returns the document and the
/// number of stretches drawn (stretches of one kind closer than a pixel are drawn as one).
pub fn lanes(chart: &Lanes) -> anyhow::Result<(String, usize)> {
    chart.check().map_err(|why| anyhow!(why))?;
    let labels: Vec<&str> = chart.keys.iter().map(|key| key.label.as_str()).collect();
    let places = legend_places(&labels);
    let legend_h = LEGEND_ROW_H * (places.last().map_or(0, |p| p.1) + 1) + 8;
    let label_w = chart
        .lanes()
        .map(|lane| text_width(&lane.label, 16.0))
        .max()
        .unwrap_or(0)
        .clamp(48, 200)
        + 20;
    let groups: Vec<_> = chart
        .groups
        .iter()
        .filter(|group| !group.lanes.is_empty())
        .collect();
    let rows_h: i32 = groups
        .iter()
        .map(|group| {
            let heading = if group.title.is_empty() { 0 } else { GROUP_H };
            heading + LANE_H * group.lanes.len() as i32
        })
        .sum();
    let top = TITLE_H as i32 + legend_h;
    let height = top + rows_h + TIME_AXIS_H + 8;
    let (from, to) = chart.window_ns;
    let span = to - from;
    let left = label_w;
    let right = WIDTH as i32 - LANES_RIGHT;
    let x_of = |ns: f64| left as f64 + (ns - from) / span * f64::from(right - left);
    let mut stretches_drawn = 0;
    let svg = draw_svg(height.max(1) as u32, |root| {
        drawing(
            root.draw(&Text::new(
                chart.title.as_str(),
                (WIDTH as i32 / 2, 10),
                font(fitting(&chart.title, 22.0, WIDTH as i32 - 16))
                    .pos(Pos::new(HPos::Center, VPos::Top)),
            )),
        )?;
        for (key, (x, row)) in chart.keys.iter().zip(&places) {
            let y = TITLE_H as i32 + 4 + LEGEND_ROW_H * row + LEGEND_ROW_H / 2;
            for shape in stretch_shape(*x, x + 28, y, key.ink, key.tone) {
                drawing(root.draw(&shape))?;
            }
            drawing(root.draw(&Text::new(
                key.label.as_str(),
                (x + 36, y),
                font(17.0).pos(Pos::new(HPos::Left, VPos::Center)),
            )))?;
        }
        // The ticks' grid behind the lanes.
        let (unit_ns, unit) = time_unit(span);
        let step = time_step_ns(span, 6);
        let first_tick = (from / step).ceil();
        let ticks: Vec<f64> = (0..=64)
            .map(|k| (first_tick + f64::from(k)) * step)
            .take_while(|at| *at <= to)
            .collect();
        let bottom = top + rows_h;
        for at in &ticks {
            let x = x_of(*at).round() as i32;
            drawing(root.draw(&PathElement::new(
                vec![(x, top), (x, bottom + 6)],
                GRID.stroke_width(1),
            )))?;
            drawing(
                root.draw(&Text::new(
                    time_tick_label(*at, unit_ns, step),
                    (x, bottom + 10),
                    font(15.0)
                        .color(&MUTED)
                        .pos(Pos::new(HPos::Center, VPos::Top)),
                )),
            )?;
        }
        drawing(root.draw(&PathElement::new(
            vec![(left, bottom), (right, bottom)],
            MUTED.stroke_width(1),
        )))?;
        drawing(
            root.draw(&Text::new(
                format!("{unit} {}", chart.x_label),
                ((left + right) / 2, bottom + 40),
                font(16.0)
                    .color(&MUTED)
                    .pos(Pos::new(HPos::Center, VPos::Top)),
            )),
        )?;
        let mut y = top;
        for group in &groups {
            if !group.title.is_empty() {
                drawing(
                    root.draw(&Text::new(
                        group.title.as_str(),
                        (12, y + GROUP_H / 2 + 2),
                        font(fitting(&group.title, 17.0, WIDTH as i32 - 24))
                            .color(&MUTED)
                            .pos(Pos::new(HPos::Left, VPos::Center)),
                    )),
                )?;
                y += GROUP_H;
            }
            for lane in &group.lanes {
                let middle = y + LANE_H / 2;
                drawing(root.draw(&Text::new(
                    lane.label.as_str(),
                    (left - 10, middle),
                    font(16.0).pos(Pos::new(HPos::Right, VPos::Center)),
                )))?;
                // The lane itself, pale, so that its empty stretches read as nothing done.
                drawing(root.draw(&Rectangle::new(
                    [
                        (left, middle - STRETCH_H / 2),
                        (right, middle + STRETCH_H / 2),
                    ],
                    GRID.mix(0.5).filled(),
                )))?;
                // In pixels, stretches of a kind that touch are one: a long run of marks is
                // one bar, not thousands.
                let mut pixels: Vec<(usize, f64, f64)> = Vec::new();
                let mut visible = chart.visible(lane);
                visible.sort_by_key(|s| chart.keys[s.key].ink.precedence());
                for stretch in visible {
                    let (x0, x1) = (x_of(stretch.from_ns), x_of(stretch.to_ns));
                    let x1 = x1.max(x0 + NARROWEST);
                    match pixels.last_mut() {
                        Some(last) if last.0 == stretch.key && x0 <= last.2 + 0.5 => {
                            last.2 = last.2.max(x1);
                        }
                        _ => pixels.push((stretch.key, x0, x1)),
                    }
                }
                for (key, x0, x1) in pixels {
                    let key = &chart.keys[key];
                    let (x0, x1) = (x0.round() as i32, (x1.round() as i32).min(right + 1));
                    for shape in stretch_shape(x0, x1.max(x0 + 1), middle, key.ink, key.tone) {
                        drawing(root.draw(&shape))?;
                    }
                    stretches_drawn += 1;
                }
                y += LANE_H;
            }
        }
        Ok(())
    })?;
    Ok((svg, stretches_drawn))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::BarRow;

    #[test]
    fn ticks_name_powers_of_ten_only() {
        assert_eq!(tick(100.0, Scale::Count), "100");
        assert_eq!(tick(10_000.0, Scale::Count), "10k");
        assert_eq!(tick(1e6, Scale::Count), "1M");
        assert_eq!(tick(300.0, Scale::Count), "");
        assert_eq!(tick(10.0, Scale::Nanoseconds), "10 ns");
        assert_eq!(tick(1e3, Scale::Nanoseconds), "1 µs");
        assert_eq!(tick(1e7, Scale::Nanoseconds), "10 ms");
    }

    #[test]
    fn decades_round_outwards() {
        let range = decades([15.0, 6.1e6].into_iter()).unwrap();
        assert_eq!((range.start, range.end), (10.0, 1e7));
        let flat = decades([15.0, 16.0].into_iter()).unwrap();
        assert_eq!((flat.start, flat.end), (10.0, 100.0));
        assert!(decades([0.0, -1.0].into_iter()).is_none());
    }

    #[test]
    fn an_svg_document_with_a_view_box_for_scaling() {
        let svg = bars(&Bars {
            title: "t".into(),
            rows: vec![BarRow {
                label: "a".into(),
                speedup: 1.5,
                cores_used: 0.9,
            }],
            ideal: Some((2.0, "2 cores".into())),
        })
        .unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("viewBox=\"0 0 560 "), "{svg}");
        assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("1.50×") && svg.contains("0.90 cores"));
    }

    #[test]
    fn swimlanes_label_each_lane_and_draw_each_stretch() {
        use crate::figures::{Key, Lane, LaneGroup, Stretch};
        let lane = |label: &str, from_ms: f64| Lane {
            label: label.to_owned(),
            stretches: vec![
                Stretch {
                    key: 0,
                    from_ns: from_ms * 1e6,
                    to_ns: (from_ms + 5.0) * 1e6,
                },
                // An instant, and a stretch beyond the window: drawn narrow, cut.
                Stretch {
                    key: 1,
                    from_ns: 30e6,
                    to_ns: 30e6,
                },
                Stretch {
                    key: 0,
                    from_ns: 35e6,
                    to_ns: 90e6,
                },
            ],
        };
        let chart = Lanes {
            title: "Who ran when".into(),
            x_label: "after the start".into(),
            window_ns: (0.0, 40e6),
            keys: vec![
                Key {
                    label: "working".into(),
                    ink: Ink::Solid,
                    tone: Tone::Blue,
                },
                Key {
                    label: "blocking <everyone>".into(),
                    ink: Ink::Dark,
                    tone: Tone::Red,
                },
            ],
            groups: vec![LaneGroup {
                title: "two threads".into(),
                lanes: vec![lane("thread 1", 0.0), lane("thread 2", 5.0)],
            }],
        };
        let (svg, stretches) = lanes(&chart).unwrap();
        assert_eq!(stretches, 6);
        assert!(
            svg.starts_with("<svg") && svg.contains("viewBox=\"0 0 560 "),
            "{svg}"
        );
        for text in [
            "\nthread 1\n",
            "\nthread 2\n",
            "\ntwo threads\n",
            "\nms after the start\n",
        ] {
            assert!(svg.contains(text), "no {text:?} in {svg}");
        }
        assert!(svg.contains("blocking &lt;everyone&gt;"), "{svg}");
        for tick in ["\n0\n", "\n10\n", "\n20\n", "\n30\n", "\n40\n"] {
            assert!(svg.contains(tick), "no tick {tick:?} in {svg}");
        }
        // A lane's pale ground, then its stretches; the dark one struck through: two shapes.
        assert!(svg.matches("<rect").count() >= 1 + 2 + 2 * 4 + 3, "{svg}");
        let mut empty = chart.clone();
        empty.window_ns = (5.0, 5.0);
        assert!(lanes(&empty).is_err());
    }
}
