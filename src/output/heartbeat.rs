//! While a demo's code works in silence on a terminal, a spinner after the last thing it printed
//! says how long it has been quiet, so that nobody in the room wonders whether it hangs. The next
//! output wipes it: what the snippet prints, and the transcript, are left as they are.
//!
//! Only on a terminal, and only while demo code runs: a pipe, `--json` and `run` never see it.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use unicode_width::UnicodeWidthChar;

/// Quiet for this long, the spinner appears.
const QUIET: Duration = Duration::from_millis(1000);
/// How often it is redrawn: often enough to look alive, rarely enough to cost nothing.
const TICK: Duration = Duration::from_millis(250);
const FRAMES: [char; 4] = ['◐', '◓', '◑', '◒'];
/// The widest spinner text: `  ◐ 1234.5 s`.
const SPINNER_WIDTH: usize = 14;

/// What the writers and the spinner share: whether the spinner is on screen, when the code last
/// printed, and the cursor's column on its line.
struct Screen {
    shown: bool,
    last_output: Option<Instant>,
    column: usize,
    width: usize,
}

static SCREEN: Mutex<Screen> = Mutex::new(Screen {
    shown: false,
    last_output: None,
    column: 0,
    width: 0,
});

fn screen() -> MutexGuard<'static, Screen> {
    // A panic while drawing leaves a screen state that is still a fine one.
    SCREEN
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `write` (a write of the code's output to the terminal) with the spinner wiped first,
/// and notes what it wrote. Every writer of a demo's live output goes through here.
pub fn around_write<R>(written: &[u8], write: impl FnOnce() -> R) -> R {
    let mut screen = screen();
    if screen.shown {
        // The cursor was put back where the output ended: erase what follows it.
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(b"\x1b[K").and_then(|()| out.flush());
        screen.shown = false;
    }
    let result = write();
    screen.last_output = Some(Instant::now());
    screen.column = column_after(screen.column, written);
    result
}

/// The cursor's column after `written`, from `column`: what follows the last line break.
fn column_after(column: usize, written: &[u8]) -> usize {
    let text = String::from_utf8_lossy(written);
    match text.rfind(['\n', '\r']) {
        Some(at) => width_of(&text[at + 1..]),
        None => column + width_of(&text),
    }
}

fn width_of(text: &str) -> usize {
    let mut in_escape = false;
    text.chars()
        .map(|c| {
            if c == '\x1b' {
                in_escape = true;
            } else if in_escape {
                in_escape = !c.is_ascii_alphabetic();
                return 0;
            }
            if in_escape {
                0
            } else {
                c.width().unwrap_or(0)
            }
        })
        .sum()
}

/// The spinner while one piece of code runs; dropping it stops and wipes it.
pub struct Heartbeat {
    stop: Arc<(Mutex<bool>, Condvar)>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Heartbeat {
    /// Starts watching for silence; `None` when the output is not a terminal.
    pub fn start(width: usize) -> Option<Heartbeat> {
        if !std::io::stdout().is_terminal() {
            return None;
        }
        {
            let mut screen = screen();
            screen.last_output = Some(Instant::now());
            screen.width = width;
        }
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let watching = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("heartbeat".into())
            .spawn(move || beat(&watching))
            .ok()?;
        Some(Heartbeat {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Heartbeat {
    fn drop(&mut self) {
        let (stopped, wake) = &*self.stop;
        *stopped
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = true;
        wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        around_write(b"", || ());
    }
}

/// Redraws the spinner every tick while the code has been quiet long enough.
fn beat(stop: &(Mutex<bool>, Condvar)) {
    let (stopped, wake) = stop;
    let mut frame = 0;
    loop {
        let guard = stopped
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (guard, _) = wake
            .wait_timeout_while(guard, TICK, |stopped| !*stopped)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if *guard {
            return;
        }
        drop(guard);
        let mut screen = screen();
        let Some(quiet) = screen.last_output.map(|at| at.elapsed()) else {
            continue;
        };
        // Drawn only where it fits on the line: a spinner that wrapped would scroll the screen
        // and could not be wiped.
        if quiet < QUIET || screen.column + SPINNER_WIDTH >= screen.width {
            continue;
        }
        frame = (frame + 1) % FRAMES.len();
        let gap = if screen.column == 0 { "" } else { "  " };
        let text = format!(
            "\x1b7\x1b[K{gap}{} {:.1} s\x1b8",
            FRAMES[frame],
            quiet.as_secs_f64()
        );
        let mut out = std::io::stdout().lock();
        if out
            .write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .is_ok()
        {
            screen.shown = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_follows_the_last_line_break_and_ignores_colour_codes() {
        assert_eq!(column_after(0, b"abc"), 3);
        assert_eq!(column_after(3, b"de"), 5);
        assert_eq!(column_after(5, b"x\nyz"), 2);
        assert_eq!(column_after(2, b"12345\r"), 0);
        assert_eq!(column_after(0, "\x1b[31m日本\x1b[0m".as_bytes()), 4);
    }
}
