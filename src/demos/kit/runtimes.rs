//! The comparison with other runtimes that several demos make, written once: the snippets run a
//! probe on each runtime (`runtime_probes.py`: PyPy, Jython, a `--python` interpreter, a Cython
//! build) and record one entry per runtime; this module reads those entries, tells the runtimes
//! that ran from those that did not and says why, tells another CPython from another
//! implementation, and tallies what the others showed into a verdict.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::params::ParamSpec;
use crate::report::Verdict;

/// `--param probe_timeout=SECONDS`, of every demo that runs probes on other runtimes.
pub const PROBE_TIMEOUT: ParamSpec = ParamSpec::float(
    "probe_timeout",
    0.1..=600.0,
    "seconds a probe on another runtime (PyPy, Jython, a Cython build step) may run before it \
     is killed",
)
.with_default("30");

/// The name `runtime_probes.build_with_cython` gives Cython's entry.
const CYTHON: &str = "cython";

/// One runtime in a claim's evidence, as `runtime_probes.py` reports it: whether its probe ran,
/// what the runtime is, and beside these fields what its probe found (`F`, the demo's own).
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[schemars(rename = "RuntimeEntry_for_{F}")]
pub struct RuntimeEntry<F> {
    /// `pypy3`, `jython`, `cython`, or the file name of a `--python` interpreter.
    pub name: String,
    /// Whether its probe ran, and if not, why not.
    pub status: Status,
    /// The executable; absent when the runtime is missing, and for Cython (a package of the
    /// embedded CPython's interpreter).
    #[serde(default)]
    pub path: Option<String>,
    /// Why it did not run (missing, killed at its timeout, failed, left out).
    #[serde(default)]
    pub reason: Option<String>,
    /// For a missing runtime, the command that installs it.
    #[serde(default)]
    pub install: Option<String>,
    /// True when its probe was killed at `probe_timeout`.
    #[serde(default)]
    pub timed_out: Option<bool>,
    /// How long its probe took, start-up included, in seconds.
    #[serde(default)]
    pub wall_seconds: Option<f64>,
    /// What the runtime says it is (`platform.python_implementation()`: `PyPy`, `Jython`,
    /// `CPython`), once it ran; absent for Cython, which compiles for this CPython.
    #[serde(default)]
    pub implementation: Option<String>,
    /// Its own version (PyPy's, not that of the Python it implements; Cython's), once it ran.
    #[serde(default)]
    pub version: Option<String>,
    /// What its probe found: the demo's own fields, beside these.
    #[serde(flatten)]
    pub found: F,
}

/// Whether a runtime's probe ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The probe ran and reported its findings.
    Ran,
    /// Not installed (or a `--python` path that is not there).
    Missing,
    /// Installed, but the probe gave no result: it failed, or was killed at its timeout.
    Failed,
    /// Not started, as asked (`demo --no-others`).
    LeftOut,
}

impl<F> RuntimeEntry<F> {
    pub fn ran(&self) -> bool {
        self.status == Status::Ran
    }

    /// Whether the runtime is CPython too (a `--python` extra can be): then it is shown, never
    /// compared as another implementation. Told by what the runtime says it is, the one way
    /// every comparison tells it; Cython's entry is not CPython, though it builds for it.
    pub fn is_cpython(&self) -> bool {
        self.implementation
            .as_deref()
            .is_some_and(|implementation| implementation.eq_ignore_ascii_case("CPython"))
    }

    /// Whether this is the Cython build: an extension compiled for this CPython, not an
    /// interpreter of its own.
    pub fn is_cython(&self) -> bool {
        self.name == CYTHON
    }

    /// What ran, and which version: "PyPy 7.3.11", "Cython 3.3.1", "python3.10 ?".
    pub fn label(&self) -> String {
        let version = self.version.as_deref().unwrap_or("?");
        match &self.implementation {
            _ if self.is_cython() => format!("Cython {version}"),
            Some(implementation) => format!("{implementation} {version}"),
            None => format!("{} {version}", self.name),
        }
    }

    /// "pypy3 is missing (pypy3 is not on PATH; install it with `apt-get install pypy3`)".
    pub fn why_not_run(&self) -> String {
        let reason = self.reason.as_deref().unwrap_or("no reason given");
        match (self.status, &self.install) {
            (Status::Ran, _) => format!("{} ran", self.name),
            (Status::Missing, Some(install)) => format!(
                "{} is missing ({reason}; install it with `{install}`)",
                self.name
            ),
            (Status::Missing, None) => format!("{} is missing ({reason})", self.name),
            (Status::Failed, _) => format!("{} gave no result ({reason})", self.name),
            (Status::LeftOut, _) => format!("{} was {reason}", self.name),
        }
    }
}

/// The runtimes whose probes ran, in the order listed.
pub fn ran<F>(runtimes: &[RuntimeEntry<F>]) -> Vec<&RuntimeEntry<F>> {
    runtimes.iter().filter(|runtime| runtime.ran()).collect()
}

/// The labels of the runtimes that ran, in the order listed (a comparison's derived `ran`).
pub fn ran_labels<F>(runtimes: &[RuntimeEntry<F>]) -> Vec<String> {
    ran(runtimes)
        .iter()
        .map(|runtime| runtime.label())
        .collect()
}

/// Why the runtimes that did not run did not, in one sentence part. Runtimes left out for one
/// reason are named together: "pypy3, jython and cython were left out with --no-others". When
/// every runtime listed ran, it says so, and whether they all are CPython (so that a comparison
/// still has nothing to compare with).
pub fn why_none_ran<F>(runtimes: &[RuntimeEntry<F>]) -> String {
    let not_run: Vec<&RuntimeEntry<F>> = runtimes.iter().filter(|r| !r.ran()).collect();
    if not_run.is_empty() {
        let names: Vec<&str> = runtimes.iter().map(|r| r.name.as_str()).collect();
        return match names.len() {
            0 => "no runtime was listed".to_owned(),
            _ if runtimes.iter().all(RuntimeEntry::is_cpython) => format!(
                "every runtime listed ran, and {} CPython",
                match names.len() {
                    1 => format!("{} is", names[0]),
                    _ => format!("{} are", together(&names)),
                }
            ),
            _ => "every runtime listed ran".to_owned(),
        };
    }
    let all_left_out_alike = not_run.len() > 1
        && not_run
            .iter()
            .all(|r| r.status == Status::LeftOut && r.reason == not_run[0].reason);
    if all_left_out_alike {
        let names: Vec<&str> = not_run.iter().map(|r| r.name.as_str()).collect();
        return format!(
            "{} were {}",
            together(&names),
            not_run[0].reason.as_deref().unwrap_or("left out")
        );
    }
    not_run
        .iter()
        .map(|runtime| runtime.why_not_run())
        .collect::<Vec<_>>()
        .join("; ")
}

/// " Not compared: <why>." when some runtimes did not run; nothing when all did.
pub fn not_compared<F>(runtimes: &[RuntimeEntry<F>]) -> String {
    if runtimes.iter().all(RuntimeEntry::ran) {
        String::new()
    } else {
        format!(" Not compared: {}.", why_none_ran(runtimes))
    }
}

/// The explanation of a comparison skipped for want of another implementation.
pub fn nothing_to_compare<F>(runtimes: &[RuntimeEntry<F>]) -> String {
    format!(
        "No other implementation ran, so there is nothing to compare: {}.",
        why_none_ran(runtimes)
    )
}

/// "a", "a and b", "a, b and c".
fn together(names: &[&str]) -> String {
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, first)) => format!("{} and {last}", first.join(", ")),
    }
}

/// How one other implementation's run stands against the claim of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// It showed what the claim says (it frees memory, runs Python, takes turns its own way).
    AsClaimed,
    /// It showed the opposite.
    Against,
    /// As the claim says in one way, against it in another.
    Partly,
    /// Its run cannot tell.
    Unclear,
}

/// How many other implementations' runs fell each way; runs that cannot tell are not counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub as_claimed: usize,
    pub against: usize,
    pub partly: usize,
}

impl FromIterator<Finding> for Tally {
    fn from_iter<I: IntoIterator<Item = Finding>>(findings: I) -> Self {
        let mut tally = Tally::default();
        for finding in findings {
            match finding {
                Finding::AsClaimed => tally.as_claimed += 1,
                Finding::Against => tally.against += 1,
                Finding::Partly => tally.partly += 1,
                Finding::Unclear => {}
            }
        }
        tally
    }
}

impl Tally {
    /// Confirmed when runs showed the claim and none the opposite, refuted the other way round,
    /// nuanced when they disagree (or one showed both), inconclusive when none could tell.
    pub fn verdict(&self) -> Verdict {
        match (self.as_claimed, self.against, self.partly) {
            (0, 0, 0) => Verdict::Inconclusive,
            (_, 0, 0) => Verdict::Confirmed,
            (0, _, 0) => Verdict::Refuted,
            _ => Verdict::Nuanced,
        }
    }
}

/// Runtime entries as the snippets write them, for the demos' tests.
#[cfg(test)]
pub mod testing {
    use serde_json::{json, Value};

    /// A runtime whose probe ran and found `findings` (its fields beside name, path, status).
    pub fn ran(name: &str, findings: Value) -> Value {
        let mut entry = json!({"name": name, "path": format!("/usr/bin/{name}"),
                               "status": "ran", "wall_seconds": 0.1});
        if let (Some(fields), Some(found)) = (entry.as_object_mut(), findings.as_object()) {
            fields.extend(found.clone());
        }
        entry
    }

    /// A runtime that is not installed, with the line that installs it.
    pub fn missing(name: &str, install: &str) -> Value {
        json!({"name": name, "status": "missing", "install": install,
               "reason": format!("{name} is not on PATH")})
    }

    /// A runtime whose probe was killed at a 1 s timeout.
    pub fn timed_out(name: &str) -> Value {
        json!({"name": name, "path": format!("/usr/bin/{name}"), "status": "failed",
               "reason": "killed after its 1 s timeout", "timed_out": true})
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{missing, ran, timed_out};
    use super::*;
    use serde_json::json;

    /// Entries with nothing found beyond the common fields.
    fn entries(value: serde_json::Value) -> Vec<RuntimeEntry<serde_json::Value>> {
        serde_json::from_value(value).expect("runtime entries")
    }

    #[test]
    fn runtimes_that_did_not_run_say_why() {
        let runtimes = entries(json!([
            ran("pypy3", json!({"implementation": "PyPy", "version": "7.3.11"})),
            timed_out("jython"),
            {"name": "cython", "status": "missing", "install": "python3 -m pip install cython",
             "reason": "/usr/bin/python3.11 has no Cython package"},
            {"name": "python9", "status": "missing",
             "reason": "--python /no/python9 does not exist"},
        ]));
        assert_eq!(
            why_none_ran(&runtimes),
            "jython gave no result (killed after its 1 s timeout); cython is missing \
             (/usr/bin/python3.11 has no Cython package; install it with `python3 -m pip \
             install cython`); python9 is missing (--python /no/python9 does not exist)"
        );
        assert_eq!(
            not_compared(&runtimes),
            format!(" Not compared: {}.", why_none_ran(&runtimes))
        );
        assert_eq!(ran_labels(&runtimes), ["PyPy 7.3.11"]);
    }

    #[test]
    fn runtimes_left_out_are_named_together() {
        let left_out = |name: &str| json!({"name": name, "status": "left_out", "reason": "left out with --no-others"});
        let runtimes = entries(json!([
            left_out("pypy3"),
            left_out("jython"),
            left_out("cython")
        ]));
        assert_eq!(
            why_none_ran(&runtimes),
            "pypy3, jython and cython were left out with --no-others"
        );
        assert_eq!(
            why_none_ran(&runtimes[..1]),
            "pypy3 was left out with --no-others"
        );
    }

    /// The defect: with every runtime run, the reason read "no runtime was listed", and
    /// a comparison that only CPythons ran for said so in its explanation.
    #[test]
    fn every_runtime_having_run_is_not_no_runtime_listed() {
        let pypy = ran(
            "pypy3",
            json!({"implementation": "PyPy", "version": "7.3.11"}),
        );
        let other_cpython = ran(
            "python3.10",
            json!({"implementation": "CPython", "version": "3.10.12"}),
        );
        let all_ran = entries(json!([pypy, other_cpython.clone()]));
        assert_eq!(why_none_ran(&all_ran), "every runtime listed ran");
        assert_eq!(not_compared(&all_ran), "");
        let only_cpython = entries(json!([other_cpython.clone()]));
        assert_eq!(
            nothing_to_compare(&only_cpython),
            "No other implementation ran, so there is nothing to compare: every runtime listed \
             ran, and python3.10 is CPython."
        );
        let mut python312 = other_cpython;
        python312["name"] = json!("python3.12");
        let two = entries(json!([python312.clone(), python312]));
        assert!(why_none_ran(&two).ends_with("python3.12 and python3.12 are CPython"));
        assert_eq!(why_none_ran(&entries(json!([]))), "no runtime was listed");
    }

    #[test]
    fn cpython_is_told_by_what_the_runtime_says_it_is() {
        let runtimes = entries(json!([
            ran("python3.10", json!({"implementation": "CPython", "version": "3.10.12"})),
            // Whatever the case: a probe may report `sys.implementation.name` instead.
            ran("odd", json!({"implementation": "CPYTHON", "version": "3.12.1"})),
            ran("pypy3", json!({"implementation": "PyPy", "version": "7.3.11"})),
            {"name": "cython", "status": "ran", "version": "3.3.1"},
            missing("jython", "apt-get install jython"),
        ]));
        let cpython: Vec<bool> = runtimes.iter().map(RuntimeEntry::is_cpython).collect();
        assert_eq!(cpython, [true, true, false, false, false]);
        assert_eq!(
            ran_labels(&runtimes),
            [
                "CPython 3.10.12",
                "CPYTHON 3.12.1",
                "PyPy 7.3.11",
                "Cython 3.3.1"
            ]
        );
        assert!(runtimes[3].is_cython());
    }

    #[test]
    fn a_missing_runtime_gives_its_install_line() {
        let runtimes = entries(json!([missing("pypy3", "apt-get install pypy3")]));
        assert_eq!(
            nothing_to_compare(&runtimes),
            "No other implementation ran, so there is nothing to compare: pypy3 is missing \
             (pypy3 is not on PATH; install it with `apt-get install pypy3`)."
        );
        assert_eq!(runtimes[0].label(), "pypy3 ?");
    }

    #[test]
    fn the_tally_weighs_what_the_other_implementations_showed() {
        use Finding::*;
        let verdict = |findings: &[Finding]| findings.iter().copied().collect::<Tally>().verdict();
        assert_eq!(
            verdict(&[AsClaimed, AsClaimed, Unclear]),
            Verdict::Confirmed
        );
        assert_eq!(verdict(&[Against, Unclear]), Verdict::Refuted);
        assert_eq!(verdict(&[AsClaimed, Against]), Verdict::Nuanced);
        assert_eq!(verdict(&[AsClaimed, Partly]), Verdict::Nuanced);
        assert_eq!(verdict(&[Partly]), Verdict::Nuanced);
        assert_eq!(verdict(&[Unclear, Unclear]), Verdict::Inconclusive);
        assert_eq!(verdict(&[]), Verdict::Inconclusive);
        let tally: Tally = [AsClaimed, Against, Against, Unclear].into_iter().collect();
        assert_eq!((tally.as_claimed, tally.against, tally.partly), (1, 2, 0));
    }

    #[test]
    fn findings_of_another_shape_are_kept_beside_the_common_fields() {
        #[derive(Deserialize, JsonSchema, Debug, PartialEq)]
        struct Finding {
            held: bool,
        }
        let entry: RuntimeEntry<Option<Finding>> = serde_json::from_value(ran(
            "pypy3",
            json!({"implementation": "PyPy", "version": "7.3.11", "held": false}),
        ))
        .unwrap();
        assert_eq!(entry.found, Some(Finding { held: false }));
        assert_eq!(entry.wall_seconds, Some(0.1));
        let empty: RuntimeEntry<Option<Finding>> =
            serde_json::from_value(missing("pypy3", "apt-get install pypy3")).unwrap();
        assert_eq!(empty.found, None);
    }
}
