//! What `python_snippets/complexity_table.py` records for one row (`EVIDENCE[operation]`), read
//! with serde: the timed statement, the sizes and every repeat, how setup was kept out of the
//! clock, and big_O's answer on the same figures.

use serde::{Deserialize, Serialize};

use crate::complexity::{points_from_repeats, Point, Resampling};

/// One row's measurements.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct Measured {
    /// The statement timed, e.g. `s.pop(0)` (several lines for a loop).
    pub statement: String,
    /// What runs once per size n, outside the clock, to make what the statement uses.
    pub setup: String,
    /// How the row was measured, for people: "n/10 pops from a list of n".
    #[serde(default)]
    pub note: String,
    /// The clock: `time.thread_time`, CPU time of the measuring thread.
    #[serde(default)]
    pub clock: String,
    /// The sizes, ascending.
    pub sizes: Vec<f64>,
    /// The median of each size's repeats, in ns per operation.
    pub ns_per_op: Vec<f64>,
    /// Every repeat of each size, in ns per operation: what the fit resamples.
    pub repeats_ns_per_op: Vec<Vec<f64>>,
    /// Loops (timeit) or fresh containers per repeat, at each size: calibrated to
    /// `repeat_seconds`.
    #[serde(default)]
    pub loops_per_repeat: Vec<u64>,
    /// The shortest a repeat is calibrated to last, in seconds.
    #[serde(default)]
    pub repeat_seconds: f64,
    /// Repeat i of every size was taken in the same pass over the sizes (round i).
    #[serde(default)]
    pub interleaved: bool,
    /// Cores that other programs kept busy while the repeats ran (None where unknown).
    #[serde(default)]
    pub others_cores: Option<f64>,
    /// How the setup was kept out of the clock, for a statement that changes its container.
    #[serde(default)]
    pub fresh: Option<Fresh>,
    /// `python3 -m timeit` arguments that time the same statement at the largest size, for a
    /// statement that leaves its container as it was.
    #[serde(default)]
    pub timeit: Option<Vec<String>>,
    /// What big_O inferred from the same medians.
    #[serde(default)]
    pub big_o: Option<BigO>,
}

/// A statement run on fresh containers, one run each, built outside the clock.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct Fresh {
    /// How each fresh container is made, e.g. `s = base.copy()`.
    pub container: String,
    /// Operations one run of the statement makes: `1`, `n`, `len(steps)`.
    pub ops_per_container: String,
    /// The time building the containers took, per operation, at each size: left out of the
    /// figures.
    pub setup_ns_per_op: Vec<f64>,
    /// The timed loop over the containers with an empty body, per operation, at each size: in
    /// the figures, as timeit's own loop is in timeit's.
    pub loop_ns_per_op: Vec<f64>,
}

/// big_O's answer: its class, and how it failed if it did.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct BigO {
    /// The name of its best class (`Linear`), when it gave one.
    #[serde(default)]
    pub class: Option<String>,
    /// Its fitted function as it prints it.
    #[serde(default)]
    pub fitted: Option<String>,
    /// Its class with its default simplicity bias (1e-6 s²), which outweighs every squared error
    /// of times per operation: `class` is with none.
    #[serde(default)]
    pub default_class: Option<String>,
    /// The exception its default call raised, `IndexError: …`.
    #[serde(default)]
    pub crashed: Option<String>,
    /// The classes that raise when fitted alone: left out of the second call that gave `class`.
    #[serde(default)]
    pub crashing_classes: Vec<String>,
    /// Why it was not run: not installed (with the install line).
    #[serde(default)]
    pub skipped: Option<String>,
}

impl Measured {
    /// The points as the engine reads them, and how to resample them; or why these
    /// measurements are not one curve.
    pub fn points(&self) -> Result<(Vec<Point>, Resampling), String> {
        points_from_repeats(&self.sizes, &self.repeats_ns_per_op, self.interleaved)
    }
}
