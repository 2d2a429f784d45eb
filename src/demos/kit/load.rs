//! Whether other programs left room for a parallel measurement: the one rule by which every
//! parallel claim tells "the machine was busy" (`inconclusive`) from "it did not scale".
//!
//! The snippets measure the cores other programs kept busy during each timed run (the shared
//! `machine_load.py`: all the machine's CPU time less that of the snippet's process tree, over
//! the run's wall time).

/// How much of a core other programs may keep busy before a timing stops counting: a terminal,
/// timer ticks and the odd daemon always take a little.
pub const TOLERATED: f64 = 0.25;

/// The cores other programs kept busy, when they left fewer than `needed` of the machine's
/// `cores` to the measurement (with [`TOLERATED`] to spare); `None` when there was room, or
/// when the load is unknown (`others` missing: no /proc here, or a cluster elsewhere).
pub fn crowded(cores: f64, others: Option<f64>, needed: f64) -> Option<f64> {
    let others = others.filter(|others| others.is_finite())?;
    (cores - others < needed - TOLERATED).then_some(others)
}

/// CPU time that grows by at least this factor when the same work runs on several cores at once
/// says the cores slowed each other down (hyper-threads of one core, a virtual machine's host):
/// a property of the machine, which hides whatever the model of parallelism costs or saves.
pub const SLOWED_EACH_OTHER: f64 = 1.25;

/// How many times the CPU time of the sequential run the parallel run's work took, when that is
/// at least [`SLOWED_EACH_OTHER`]; `None` otherwise (or when either time is unusable).
pub fn cores_slowed_each_other(parallel_cpu_s: f64, sequential_cpu_s: f64) -> Option<f64> {
    let inflation = parallel_cpu_s / sequential_cpu_s;
    (inflation.is_finite() && inflation >= SLOWED_EACH_OTHER).then_some(inflation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_work_costing_half_as_much_cpu_again_is_cores_slowing_each_other() {
        assert_eq!(cores_slowed_each_other(1.5, 1.0), Some(1.5));
        assert_eq!(cores_slowed_each_other(1.1, 1.0), None);
        assert_eq!(cores_slowed_each_other(1.0, 0.0), None);
    }

    #[test]
    fn two_cores_with_one_taken_leave_no_room_for_two_workers() {
        assert_eq!(crowded(2.0, Some(1.0), 2.0), Some(1.0));
        assert_eq!(crowded(2.0, Some(0.3), 2.0), Some(0.3));
        assert_eq!(crowded(2.0, Some(0.2), 2.0), None);
    }

    #[test]
    fn one_process_needs_only_one_core() {
        assert_eq!(crowded(2.0, Some(0.9), 1.0), None);
        assert_eq!(crowded(2.0, Some(1.3), 1.0), Some(1.3));
    }

    #[test]
    fn an_unknown_load_is_not_a_busy_machine() {
        assert_eq!(crowded(2.0, None, 2.0), None);
        assert_eq!(crowded(2.0, Some(f64::NAN), 2.0), None);
    }
}
