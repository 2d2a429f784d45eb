//! The size of the terminal the output goes to, and the width text is wrapped to.

use std::io::IsTerminal;

/// Wider lines are hard to read, even on a wide screen: text stops here.
pub const MAX_TEXT_WIDTH: usize = 100;
/// The width when the output is no terminal (a pipe, a file): what most readers have.
pub const DEFAULT_WIDTH: usize = 80;
/// Narrower than this, wrapping makes text worse, not better.
const MIN_WIDTH: usize = 40;

/// Columns and rows of the terminal on standard output; `None` when it is not one.
/// `COLUMNS`/`LINES` win when set, as they do for other programs (and for tests).
pub fn size() -> Option<(usize, usize)> {
    let from_env = |name: &str| {
        std::env::var(name)
            .ok()
            .and_then(|value| value.trim().parse::<usize>().ok())
            .filter(|&value| value > 0)
    };
    let measured = measured_size();
    if measured.is_none() && !std::io::stdout().is_terminal() {
        return from_env("COLUMNS").map(|columns| (columns, from_env("LINES").unwrap_or(24)));
    }
    let (columns, rows) = measured.unwrap_or((DEFAULT_WIDTH, 24));
    Some((
        from_env("COLUMNS").unwrap_or(columns),
        from_env("LINES").unwrap_or(rows),
    ))
}

/// The width to wrap text to: the terminal's, at most [`MAX_TEXT_WIDTH`]; 80 off a terminal.
pub fn text_width() -> usize {
    size().map_or(DEFAULT_WIDTH, |(columns, _)| {
        columns.clamp(MIN_WIDTH, MAX_TEXT_WIDTH)
    })
}

/// The full width of the terminal (for code and tables, which are not wrapped); 80 off one.
pub fn columns() -> usize {
    size().map_or(DEFAULT_WIDTH, |(columns, _)| columns.max(MIN_WIDTH))
}

/// The width a demo's live output is folded to: the whole screen's; `None` off a terminal
/// (unless `COLUMNS` says otherwise), where the output stays exactly as printed.
pub fn fold_width() -> Option<usize> {
    size().map(|(columns, _)| columns)
}

fn measured_size() -> Option<(usize, usize)> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ fills the winsize it is given; descriptor 1 is a terminal (checked).
    let done = unsafe { libc::ioctl(1, libc::TIOCGWINSZ, &mut size) };
    (done == 0 && size.ws_col > 0)
        .then(|| (usize::from(size.ws_col), usize::from(size.ws_row.max(1))))
}
