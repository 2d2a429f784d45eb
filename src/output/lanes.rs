//! Timelines in plain text: one line per thread or task, a character per slice of time, every
//! lane on one time axis, readable in an 80-column terminal and on a projector.
//!
//! Each character cell holds two halves of its slice of time, so that work (`█`) is drawn at
//! twice the terminal's resolution: `▌` is work in the first half only, `▐` in the second. The
//! other kinds of stretch fill whole cells, each with its own character (`▓` `░` `·`): the
//! picture reads the same without colour; with colour each kind also has its tone. A half shows
//! what covers most of it, and an instant (a wake-up) is never lost.

use std::io::{self, Write};

use crate::figures::{
    left_out, time_step_ns, time_tick_label, time_unit, Drawn, Ink, Key, Lanes, Plot, Tone,
};
use crate::output::chart::{tick_axis, tick_label_line};
use crate::output::render::{self, Style};
use crate::output::terminal;

/// Labels longer than this are cut (with `…`): the lanes need the width.
const MAX_LABEL: usize = 18;
/// The fewest cells a lane may have; a narrower terminal gets a wider picture.
const MIN_PLOT: usize = 30;
/// About one tick per this many cells.
const CELLS_PER_TICK: usize = 10;

/// The timelines among a demo's figures (the report's swimlanes), drawn as text in the
/// terminal's width, each with its caption; the other kinds of chart are the report's alone.
pub fn timelines(out: &mut impl Write, style: Style, figures: &[Drawn]) -> io::Result<()> {
    let width = terminal::text_width();
    for figure in figures.iter().flatten().flatten() {
        let Plot::Lanes(chart) = &figure.plot else {
            continue;
        };
        let mut text = match lanes(chart, width, style) {
            Ok(text) => text,
            Err(why) => format!("({})\n", left_out(&chart.title, &why)),
        };
        for line in textwrap::wrap(&figure.caption, width) {
            text.push_str(&style.dim(&line));
            text.push('\n');
        }
        render::picture(out, &text)?;
    }
    Ok(())
}

/// The character that draws a whole cell of `ink`.
pub fn glyph(ink: Ink) -> char {
    match ink {
        Ink::Solid => '█',
        Ink::Dark => '▓',
        Ink::Light => '░',
        Ink::Dotted => '·',
    }
}

/// The ANSI colour of a tone.
fn ansi(tone: Tone) -> &'static str {
    match tone {
        Tone::Blue => "34",
        Tone::Green => "32",
        Tone::Red => "31",
        Tone::Orange => "33",
        Tone::Purple => "35",
    }
}

/// `text` cut to `width` characters, with `…` where it was cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{kept}…")
}

/// Draws the timeline in `width` columns (at least the labels and [`MIN_PLOT`] cells), or says
/// why it cannot (see [`Lanes::check`]).
pub fn lanes(chart: &Lanes, width: usize, style: Style) -> Result<String, String> {
    chart.check()?;
    let label_width = chart
        .lanes()
        .map(|lane| lane.label.chars().count())
        .max()
        .unwrap_or(0)
        .min(MAX_LABEL)
        + 2;
    // "<label> │<cells>│"
    let plot = width.saturating_sub(label_width + 3).max(MIN_PLOT);
    let width = label_width + 3 + plot;
    let (from, to) = chart.window_ns;
    let span = to - from;
    let halves = 2 * plot;
    let half_of = |ns: f64| ((ns - from) / span * halves as f64).clamp(0.0, halves as f64);

    let mut out = String::new();
    out.push_str(&style.bold(&cut(&chart.title, width)));
    out.push('\n');
    for group in &chart.groups {
        if group.lanes.is_empty() {
            continue;
        }
        if !group.title.is_empty() {
            out.push_str(&style.dim(&cut(&format!(" {}", group.title), width)));
            out.push('\n');
        }
        for lane in &group.lanes {
            let drawn = halves_of(chart, lane, halves, &half_of);
            let cells: Vec<(char, Option<Tone>)> = drawn
                .chunks(2)
                .map(|pair| cell(chart, pair[0], pair[1]))
                .collect();
            out.push_str(&format!(
                "{:>label_width$} │{}│\n",
                cut(&lane.label, label_width - 2),
                painted(&cells, style)
            ));
        }
    }

    // The time axis: a tick at each round time, its label centred under it.
    let (unit_ns, unit) = time_unit(span);
    let step = time_step_ns(span, plot / CELLS_PER_TICK);
    let first_tick = (from / step).ceil();
    let ticks: Vec<(usize, String)> = (0..=plot)
        .map(|k| (first_tick + k as f64) * step)
        .take_while(|at| *at <= to)
        .map(|at| {
            let cell = (((at - from) / span * plot as f64) as usize).min(plot - 1);
            (cell, time_tick_label(at, unit_ns, step))
        })
        .collect();
    out.push_str(&format!(
        "{:label_width$} └{}┘\n",
        "",
        tick_axis(&ticks, plot)
    ));
    let labels = tick_label_line(&ticks, label_width + 2, width);
    let axis_label = format!("{unit} {}", chart.x_label);
    let used = labels.trim_end().chars().count();
    if used + 2 + axis_label.chars().count() <= width {
        out.push_str(&format!("{}  {axis_label}\n", labels.trim_end()));
    } else {
        out.push_str(labels.trim_end());
        out.push('\n');
        out.push_str(&format!(
            "{:label_width$}  {}\n",
            "",
            cut(&axis_label, width - label_width - 2)
        ));
    }

    let legend: Vec<String> = chart
        .keys
        .iter()
        .map(|key| {
            let mark = style.paint(ansi(key.tone), &glyph(key.ink).to_string());
            format!("{mark}\u{a0}{}", key.label.replace(' ', "\u{a0}"))
        })
        .collect();
    let indent = " ".repeat(label_width + 2);
    let options = textwrap::Options::new(width)
        .initial_indent(&indent)
        .subsequent_indent(&indent)
        .break_words(false);
    // No-break spaces keep a key's mark with its words while wrapping; plain spaces on screen.
    for line in textwrap::wrap(&legend.join("   "), options) {
        out.push_str(line.trim_end().replace('\u{a0}', " ").as_str());
        out.push('\n');
    }
    Ok(out)
}

/// The key drawn in each half cell of a lane: the stretch that covers most of it (work first,
/// then waiting, then sleep, where two cover as much); a stretch too short to cover most of any
/// half (an instant, such as a wake-up) still takes the half it falls in from a weaker ink.
fn halves_of(
    chart: &Lanes,
    lane: &crate::figures::Lane,
    halves: usize,
    half_of: &dyn Fn(f64) -> f64,
) -> Vec<Option<usize>> {
    let precedence = |key: usize| chart.keys[key].ink.precedence();
    let mut drawn: Vec<Option<(usize, f64)>> = vec![None; halves];
    // Each stretch's key and the halves it falls in, first to last.
    let placed: Vec<(usize, usize, usize)> = chart
        .visible(lane)
        .into_iter()
        .map(|stretch| {
            let (from, to) = (half_of(stretch.from_ns), half_of(stretch.to_ns));
            let first = (from.floor() as usize).min(halves - 1);
            let last = (to.ceil() as usize)
                .saturating_sub(1)
                .clamp(first, halves - 1);
            for (index, half) in drawn.iter_mut().enumerate().take(last + 1).skip(first) {
                let covered = to.min(index as f64 + 1.0) - from.max(index as f64);
                let wins = half.is_none_or(|(held, held_covered)| {
                    covered > held_covered
                        || (covered == held_covered && precedence(stretch.key) > precedence(held))
                });
                if wins && covered > 0.0 {
                    *half = Some((stretch.key, covered));
                }
            }
            (stretch.key, first, last)
        })
        .collect();
    let mut drawn: Vec<Option<usize>> = drawn.into_iter().map(|h| h.map(|(key, _)| key)).collect();
    for (key, first, last) in placed {
        if !drawn[first..=last].contains(&Some(key)) {
            let half = &mut drawn[(first + last) / 2];
            if half.is_none_or(|held| precedence(key) > precedence(held)) {
                *half = Some(key);
            }
        }
    }
    drawn
}

/// The character of a cell whose halves hold these keys, and its tone.
fn cell(chart: &Lanes, left: Option<usize>, right: Option<usize>) -> (char, Option<Tone>) {
    let (left, right) = (
        left.map(|index| &chart.keys[index]),
        right.map(|index| &chart.keys[index]),
    );
    let solid = |key: Option<&Key>| key.is_some_and(|key| key.ink == Ink::Solid);
    let solid = (left.filter(|_| solid(left)), right.filter(|_| solid(right)));
    match solid {
        (Some(key), Some(_)) => ('█', Some(key.tone)),
        (Some(key), None) => ('▌', Some(key.tone)),
        (None, Some(key)) => ('▐', Some(key.tone)),
        // Two kinds of waiting or sleep: the earlier one, so that a change shows where it is.
        (None, None) => left
            .or(right)
            .map_or((' ', None), |key| (glyph(key.ink), Some(key.tone))),
    }
}

/// The cells as text, each run of one tone painted once.
fn painted(cells: &[(char, Option<Tone>)], style: Style) -> String {
    let mut text = String::new();
    let mut run = String::new();
    let mut run_tone = None;
    let flush = |run: &mut String, tone: Option<Tone>, text: &mut String| {
        match tone {
            Some(tone) => text.push_str(&style.paint(ansi(tone), run)),
            None => text.push_str(run),
        }
        run.clear();
    };
    for &(ch, tone) in cells {
        if tone != run_tone && !run.is_empty() {
            flush(&mut run, run_tone, &mut text);
        }
        run_tone = tone;
        run.push(ch);
    }
    flush(&mut run, run_tone, &mut text);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{Lane, LaneGroup, Stretch};
    use crate::output::render::strip_escapes;

    const MS: f64 = 1e6;

    fn keys() -> Vec<Key> {
        vec![
            Key {
                label: "making progress".into(),
                ink: Ink::Solid,
                tone: Tone::Blue,
            },
            Key {
                label: "waiting for the GIL".into(),
                ink: Ink::Light,
                tone: Tone::Orange,
            },
            Key {
                label: "asleep".into(),
                ink: Ink::Dotted,
                tone: Tone::Green,
            },
        ]
    }

    /// Two threads taking turns of `turn_ms` for `total_ms`.
    fn taking_turns(turn_ms: f64, total_ms: f64) -> Lanes {
        let turns = (total_ms / turn_ms) as usize;
        let lane = |me: usize| Lane {
            label: format!("thread {}", me + 1),
            stretches: (0..turns)
                .filter(|turn| turn % 2 == me)
                .map(|turn| Stretch {
                    key: 0,
                    from_ns: turn as f64 * turn_ms * MS,
                    to_ns: (turn + 1) as f64 * turn_ms * MS,
                })
                .collect(),
        };
        Lanes {
            title: "Who ran when".into(),
            x_label: "after the threads were started".into(),
            window_ns: (0.0, total_ms * MS),
            keys: keys(),
            groups: vec![LaneGroup {
                title: "pure Python".into(),
                lanes: vec![lane(0), lane(1)],
            }],
        }
    }

    fn plot_lines(text: &str) -> Vec<&str> {
        text.lines().filter(|line| line.contains(" │")).collect()
    }

    #[test]
    fn turns_alternate_between_the_lanes_on_one_axis() {
        let chart = lanes(&taking_turns(5.0, 80.0), 80, Style::plain()).unwrap();
        for line in chart.lines() {
            assert!(line.chars().count() <= 80, "too wide: {line:?}\n{chart}");
        }
        let rows = plot_lines(&chart);
        assert_eq!(rows.len(), 2, "\n{chart}");
        assert!(rows[0].starts_with("  thread 1 │█"), "\n{chart}");
        assert!(rows[1].starts_with("  thread 2 │ "), "\n{chart}");
        // Where one lane works, the other does not: no column is full in both.
        let cells = |row: &str| -> Vec<char> { row.split('│').nth(1).unwrap().chars().collect() };
        let (one, two) = (cells(rows[0]), cells(rows[1]));
        assert_eq!(one.len(), two.len());
        assert!(one.iter().zip(&two).all(|(a, b)| !(*a == '█' && *b == '█')));
        // Each turn is drawn: 16 turns, 8 a lane, each a run of blocks.
        let runs = |cells: &[char]| {
            cells
                .split(|c| *c == ' ')
                .filter(|run| !run.is_empty())
                .count()
        };
        assert_eq!((runs(&one), runs(&two)), (8, 8), "\n{chart}");
        assert!(chart.contains(" pure Python\n"), "\n{chart}");
        assert!(chart.contains("└┬"), "\n{chart}");
        assert!(
            chart.contains("ms after the threads were started"),
            "\n{chart}"
        );
        assert!(chart.contains("█ making progress"), "\n{chart}");
        assert!(chart.contains("░ waiting for the GIL"), "\n{chart}");
        assert!(!chart.contains('\x1b'));
    }

    #[test]
    fn the_time_scale_names_round_times() {
        let chart = lanes(&taking_turns(5.0, 80.0), 80, Style::plain()).unwrap();
        let axis = chart.lines().position(|line| line.contains('└')).unwrap();
        let labels = chart.lines().nth(axis + 1).unwrap();
        let numbers: Vec<&str> = labels
            .split_whitespace()
            .take_while(|word| word.parse::<f64>().is_ok())
            .collect();
        assert_eq!(numbers, ["0", "20", "40", "60", "80"], "\n{chart}");
        // Each label sits under its tick.
        let ticks: Vec<usize> = chart
            .lines()
            .nth(axis)
            .unwrap()
            .chars()
            .enumerate()
            .filter(|(_, c)| *c == '┬')
            .map(|(at, _)| at)
            .collect();
        assert_eq!(ticks.len(), 5, "\n{chart}");
        let under: String = labels.chars().skip(ticks[2] - 1).take(2).collect();
        assert_eq!(under, "40", "\n{chart}");
    }

    #[test]
    fn half_cells_show_short_work_and_instants_are_never_lost() {
        let mut chart = taking_turns(5.0, 80.0);
        chart.groups[0].lanes = vec![Lane {
            label: "napper".into(),
            stretches: vec![
                Stretch {
                    key: 2,
                    from_ns: 0.0,
                    to_ns: 20.0 * MS,
                },
                Stretch {
                    key: 1,
                    from_ns: 20.0 * MS,
                    to_ns: 40.0 * MS,
                },
                // A wake-up: an instant.
                Stretch {
                    key: 0,
                    from_ns: 40.0 * MS,
                    to_ns: 40.0 * MS,
                },
            ],
        }];
        let text = lanes(&chart, 80, Style::plain()).unwrap();
        let row = plot_lines(&text)[0];
        assert!(row.contains('·') && row.contains('░'), "\n{text}");
        assert!(row.contains('▌') || row.contains('▐'), "\n{text}");
        let dotted = row.find('·').unwrap();
        let light = row.find('░').unwrap();
        assert!(dotted < light, "asleep, then waiting:\n{text}");
    }

    #[test]
    fn colour_paints_each_kind_and_the_text_is_the_same_without_it() {
        let chart = taking_turns(5.0, 80.0);
        let plain = lanes(&chart, 80, Style::plain()).unwrap();
        let coloured = lanes(
            &chart,
            80,
            Style {
                color: true,
                ..Style::plain()
            },
        )
        .unwrap();
        assert!(coloured.contains("\x1b[34m█"), "{coloured}");
        let stripped = strip_escapes(&coloured);
        assert_eq!(stripped, plain);
    }

    #[test]
    fn narrow_terminals_keep_every_lane_and_long_labels_are_cut() {
        let mut chart = taking_turns(5.0, 80.0);
        chart.groups[0].lanes[0].label = "a very long label for one thread".into();
        let text = lanes(&chart, 40, Style::plain()).unwrap();
        assert_eq!(plot_lines(&text).len(), 2, "\n{text}");
        assert!(text.contains("a very long label…"), "\n{text}");
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(widest <= 18 + 2 + 3 + MIN_PLOT, "\n{text}");
    }

    #[test]
    fn timelines_that_cannot_be_drawn_say_why() {
        let mut chart = taking_turns(5.0, 80.0);
        chart.window_ns = (f64::NAN, 1.0);
        assert!(lanes(&chart, 80, Style::plain())
            .unwrap_err()
            .contains("not a stretch of time"));
        chart.window_ns = (0.0, 1e300);
        assert!(lanes(&chart, 80, Style::plain())
            .unwrap_err()
            .contains("longer than the hour"));
        chart.window_ns = (0.0, 1.0);
        chart.groups.clear();
        assert_eq!(
            lanes(&chart, 80, Style::plain()).unwrap_err(),
            "it has no lane"
        );
    }

    #[test]
    fn odd_stretches_are_skipped_not_drawn_wrong() {
        let mut chart = taking_turns(5.0, 80.0);
        chart.groups[0].lanes[0].stretches = vec![
            Stretch {
                key: 7,
                from_ns: 0.0,
                to_ns: 5.0 * MS,
            },
            Stretch {
                key: 0,
                from_ns: f64::NAN,
                to_ns: 5.0 * MS,
            },
            Stretch {
                key: 0,
                from_ns: 9.0 * MS,
                to_ns: 3.0 * MS,
            },
            Stretch {
                key: 0,
                from_ns: -1e300,
                to_ns: 1e300,
            },
        ];
        chart.window_ns = (1e15, 1e15 + 1.0);
        let text = lanes(&chart, 80, Style::plain()).unwrap();
        let row = plot_lines(&text)[0];
        assert!(row.contains("│███"), "\n{text}");
    }
}
