//! `--timeout SECONDS`: a watchdog thread that stops a runaway snippet.
//!
//! When the time is up it marks itself as fired and sends SIGINT to the main thread. A signal,
//! not just Python's pending-call flag, because it also wakes a blocking call (`time.sleep`,
//! `lock.acquire`) with EINTR; Python's handler then raises `KeyboardInterrupt` in the snippet,
//! which unwinds through its `finally` blocks. The host sees the flag and reports a timeout
//! (exit 1) rather than a Ctrl-C (exit 130). A snippet that swallows the interrupt, or sits in C
//! code that never checks for signals, gets a few more signals during a grace period and then a
//! hard exit with a one-line message.

use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a snippet has, after the first SIGINT, to unwind before the process exits.
pub const GRACE: Duration = Duration::from_secs(3);
/// Interval between repeated SIGINTs during the grace period.
const NUDGE_EVERY: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Armed,
    Fired,
    Disarmed,
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

/// A running watchdog; disarm it when the snippet returns.
pub struct Watchdog {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Watchdog {
    /// Starts counting. Must be called on the thread that runs the snippet (the main thread,
    /// where Python handles signals): that thread is the one the signal is sent to.
    pub fn arm(limit: Duration, what: String) -> Watchdog {
        let shared = Arc::new(Shared {
            state: Mutex::new(State::Armed),
            wake: Condvar::new(),
        });
        // SAFETY: pthread_self has no preconditions.
        let target = unsafe { libc::pthread_self() };
        // The watchdog is born with SIGINT blocked (a thread inherits its creator's mask), so a
        // Ctrl-C always lands on a thread that can act on it. CPython 3.11 only wakes its eval
        // loop when its C handler runs on the main thread; one that ran here, in a thread that
        // had not yet started, left the snippet running forever.
        let unblocked = block_sigint();
        let thread = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("pyconcepts-watchdog".into())
                .spawn(move || watch(&shared, target, limit, &what))
                .expect("spawning the watchdog thread")
        };
        restore_signal_mask(&unblocked);
        Watchdog {
            shared,
            thread: Some(thread),
        }
    }

    /// Stops the watchdog; true when it had fired (the snippet was stopped by the timeout).
    /// After it returns, no further signal is sent.
    pub fn disarm(mut self) -> bool {
        self.stop()
    }

    fn stop(&mut self) -> bool {
        let fired = {
            let mut state = lock(&self.shared.state);
            let fired = *state == State::Fired;
            *state = State::Disarmed;
            fired
        };
        self.shared.wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        fired
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.stop();
    }
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn watch(shared: &Shared, target: libc::pthread_t, limit: Duration, what: &str) {
    let deadline = Instant::now() + limit;
    let mut state = lock(&shared.state);
    // Wait for the deadline unless disarmed first.
    loop {
        if *state == State::Disarmed {
            return;
        }
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        state = shared
            .wake
            .wait_timeout(state, deadline - now)
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .0;
    }
    *state = State::Fired;
    let give_up = Instant::now() + GRACE;
    loop {
        // Sent while holding the lock, so `disarm` returning means no signal is in flight.
        // SAFETY: `target` is the main thread, alive for the whole process.
        unsafe { libc::pthread_kill(target, libc::SIGINT) };
        let now = Instant::now();
        if now >= give_up {
            break;
        }
        state = shared
            .wake
            .wait_timeout(state, NUDGE_EVERY.min(give_up - now))
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .0;
        if *state == State::Disarmed {
            return;
        }
    }
    hard_exit(what, limit);
}

/// The snippet ignored every interrupt: leave the terminal clean and exit 1 at once. Neither
/// Rust's stdout (the main thread may hold its lock) nor Python (the main thread holds the GIL)
/// can be used from here, so this writes to the descriptors directly.
/// Blocks SIGINT in the calling thread; returns the mask to restore.
fn block_sigint() -> libc::sigset_t {
    // SAFETY: plain libc calls on local, zero-initialised signal sets.
    unsafe {
        let mut blocked: libc::sigset_t = std::mem::zeroed();
        let mut previous: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut blocked);
        libc::sigaddset(&mut blocked, libc::SIGINT);
        libc::pthread_sigmask(libc::SIG_BLOCK, &blocked, &mut previous);
        previous
    }
}

/// Puts back the calling thread's mask; a SIGINT that arrived meanwhile is delivered now.
fn restore_signal_mask(previous: &libc::sigset_t) {
    // SAFETY: `previous` came from pthread_sigmask.
    unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, previous, std::ptr::null_mut()) };
}

fn hard_exit(what: &str, limit: Duration) -> ! {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        write_fd(1, "\x1b[0m\n");
    }
    let message = format!(
        "pyconcepts: {what} ran past --timeout {} and ignored the interrupt for {} s; exiting\n",
        seconds(limit),
        GRACE.as_secs()
    );
    write_fd(2, &message);
    // SAFETY: _exit ends the process without running destructors, which is the point: the main
    // thread is stuck and owns locks that normal exit paths would wait for.
    unsafe { libc::_exit(1) }
}

fn write_fd(fd: i32, text: &str) {
    // SAFETY: writing a valid buffer to a descriptor; a failure only loses the message.
    unsafe { libc::write(fd, text.as_ptr().cast(), text.len()) };
}

/// `1.5 s`, `2 s`: how a limit is quoted in messages.
pub fn seconds(limit: Duration) -> String {
    let secs = limit.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0} s")
    } else {
        format!("{secs} s")
    }
}

/// clap's parser for `--timeout`: positive seconds, fractions allowed.
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    match text.trim().parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs.is_finite() && secs <= 86_400.0 => {
            Ok(Duration::from_secs_f64(secs))
        }
        _ => Err(format!(
            "expected a number of seconds greater than 0 (at most a day), got {text:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeout_values_are_positive_seconds() {
        assert_eq!(parse_timeout("1"), Ok(Duration::from_secs(1)));
        assert_eq!(parse_timeout("0.25"), Ok(Duration::from_millis(250)));
        assert!(parse_timeout("0").is_err());
        assert!(parse_timeout("-3").is_err());
        assert!(parse_timeout("soon").is_err());
        assert!(parse_timeout("inf").is_err());
    }

    #[test]
    fn limits_are_quoted_without_noise() {
        assert_eq!(seconds(Duration::from_secs(2)), "2 s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
    }

    #[test]
    fn a_watchdog_disarmed_in_time_never_fires() {
        let watchdog = Watchdog::arm(Duration::from_secs(60), "test".into());
        assert!(!watchdog.disarm());
    }
}
