//! SIGTERM, what `timeout`, systemd and CI send: the run ends with exit 143 and leaves no process
//! behind.
//!
//! The embedded Python's handler (installed by the harness's `bootstrap`) raises `Terminated`, a
//! `KeyboardInterrupt`, so the snippet unwinds as on Ctrl-C: its `with Pool()` blocks terminate
//! their workers, its `finally` blocks kill its probes. The handler also records the signal here,
//! and once the command has returned, `main` stops whatever is still running below this process
//! before it exits 143: processes a snippet forgot, a JVM that a launcher script left behind.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static TERMINATED: AtomicBool = AtomicBool::new(false);

/// How long the processes left get to end after SIGTERM before they are killed.
const GRACE: Duration = Duration::from_millis(1000);

/// Called by the Python handler of SIGTERM, in the host process only.
pub fn note_terminated() {
    TERMINATED.store(true, Ordering::SeqCst);
}

/// Whether SIGTERM arrived.
pub fn terminated() -> bool {
    TERMINATED.load(Ordering::SeqCst)
}

/// One line of `/proc/PID/stat`, the fields that matter here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Process {
    pid: i32,
    parent: i32,
    group: i32,
    zombie: bool,
}

/// `pid (command) state ppid pgrp ...`: the command may hold spaces and parentheses.
fn parse_stat(stat: &str) -> Option<Process> {
    let (pid, rest) = stat.split_once(" (")?;
    let mut fields = rest.rsplit_once(") ")?.1.split_whitespace();
    let state = fields.next()?;
    Some(Process {
        pid: pid.trim().parse().ok()?,
        parent: fields.next()?.parse().ok()?,
        group: fields.next()?.parse().ok()?,
        zombie: state == "Z" || state == "X",
    })
}

fn all_processes() -> Vec<Process> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|entry| std::fs::read_to_string(entry.path().join("stat")).ok())
        .filter_map(|stat| parse_stat(&stat))
        .collect()
}

/// The live processes `root` started, directly or not, and those in the process groups they
/// lead or belong to: a child that started its own group (a probe does) may have died and left
/// its children to init, but they are still in its group. `root`'s own group is not followed:
/// it may hold the shell that started pyconcepts.
fn left_behind(processes: &[Process], root: i32) -> Vec<i32> {
    let own_group = processes
        .iter()
        .find(|process| process.pid == root)
        .map(|process| process.group);
    let mut below: HashSet<i32> = HashSet::from([root]);
    loop {
        let before = below.len();
        for process in processes {
            if below.contains(&process.parent) {
                below.insert(process.pid);
            }
        }
        if below.len() == before {
            break;
        }
    }
    let groups: HashSet<i32> = processes
        .iter()
        .filter(|process| below.contains(&process.pid) && Some(process.group) != own_group)
        .map(|process| process.group)
        .collect();
    let mut found: Vec<i32> = processes
        .iter()
        .filter(|process| process.pid != root && !process.zombie)
        .filter(|process| below.contains(&process.pid) || groups.contains(&process.group))
        .map(|process| process.pid)
        .collect();
    found.sort_unstable();
    found
}

/// Ends every process this one left running: SIGTERM first, so that multiprocessing's helpers
/// clean up after themselves, then SIGKILL for those still there after a second; its own
/// children are reaped.
pub fn stop_descendants() {
    // SAFETY: getpid has no preconditions.
    let me = unsafe { libc::getpid() };
    let mut signal = libc::SIGTERM;
    let deadline = Instant::now() + GRACE;
    loop {
        let left = left_behind(&all_processes(), me);
        if left.is_empty() {
            break;
        }
        for pid in left {
            // SAFETY: kill(2) on a pid that was running below this process a moment ago.
            unsafe { libc::kill(pid, signal) };
        }
        reap_children();
        if signal == libc::SIGKILL {
            // SIGKILL cannot be caught: what is left now is only waiting to be reaped.
            std::thread::sleep(Duration::from_millis(20));
            reap_children();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
        if Instant::now() >= deadline {
            signal = libc::SIGKILL;
        }
    }
}

/// Collects the exit status of every child that has ended, so none stays a zombie.
fn reap_children() {
    loop {
        let mut status = 0;
        // SAFETY: waitpid with WNOHANG on any child; `status` is a valid out-parameter.
        let reaped = unsafe { libc::waitpid(-1, &mut status, libc::WNOHANG) };
        if reaped <= 0 {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn process(pid: i32, parent: i32, group: i32) -> Process {
        Process {
            pid,
            parent,
            group,
            zombie: false,
        }
    }

    #[test]
    fn stat_lines_are_read_even_with_odd_command_names() {
        assert_eq!(
            parse_stat("4242 (a) b (c)) S 17 4242 17 0 -1"),
            Some(process(4242, 17, 4242))
        );
        assert!(parse_stat("4243 (defunct) Z 1 4243 1").unwrap().zombie);
        assert_eq!(parse_stat("garbage"), None);
    }

    #[test]
    fn descendants_and_their_groups_are_left_behind_but_not_the_shells_group() {
        let processes = [
            process(10, 1, 10),  // the shell
            process(20, 10, 10), // pyconcepts, in the shell's group
            process(21, 20, 10), // a fork worker
            process(22, 21, 10), // its child
            process(30, 20, 30), // a probe in its own group
            process(31, 1, 30),  // the probe's orphan, reparented to init
            process(40, 1, 40),  // a stranger
            Process {
                zombie: true,
                ..process(23, 20, 10)
            },
        ];
        assert_eq!(left_behind(&processes, 20), [21, 22, 30, 31]);
    }
}
