//! Whether work spread over several workers ran in parallel: the two ratios every parallel
//! timing is judged by, and the one rule that reads them.
//!
//! - speedup = the wall time of the work done one piece at a time ÷ the wall time of the same
//!   work spread over the workers (threads, processes, a cluster);
//! - cores used = the CPU time of every process of ours during the spread-out run ÷ its wall
//!   time.
//!
//! Both are about 1 when the workers ran one at a time (a GIL, one core), and about the
//! parallelism (the workers that could run at once: no more than the cores) when they all ran at
//! once. Speedup alone is not enough: a noisy baseline makes one core look faster, and threads
//! that spin on every core without finishing sooner (Jython's) are no speedup either. So the rule
//! asks both ratios, and its levels are shares of what the extra workers allow, so that they
//! follow the machine: two workers must reach 1.3, eight 3.1.

/// Work that gains at least this share of each worker beyond the first, in speedup *and* in cores
/// used, ran in parallel: 1.3 on two cores, 3.1 on eight. Well below the ideal because a real
/// machine never gives it (process start-up, a terminal and the odd daemon on the same cores),
/// and well above 1 so that timing noise on one core never passes for it.
pub const SCALES_SHARE: f64 = 0.3;

/// Work that gains less than this share of each worker beyond the first, in speedup *or* in cores
/// used, did not scale: below 1.15 on two cores. Between this and [`SCALES_SHARE`] a single run
/// cannot tell, and no definite verdict rests on it.
pub const FLAT_SHARE: f64 = 0.15;

/// At most this many cores busy counts as one at a time, however many threads there were: one
/// core's work plus timer, scheduler and measurement noise. Below the 1.3 that two workers need
/// to count as parallel, so no run is both.
pub const ONE_AT_A_TIME: f64 = 1.2;

/// How many times faster the spread-out run was than the one-at-a-time run.
pub fn speedup(sequential_s: f64, parallel_s: f64) -> f64 {
    sequential_s / parallel_s
}

/// How many cores were busy on average during a run: its CPU time ÷ its wall time.
pub fn cores_used(cpu_s: f64, wall_s: f64) -> f64 {
    cpu_s / wall_s
}

/// `1 + share · (parallel − 1)`: the ratio reached when each worker beyond the first adds
/// `share` of one worker's rate (the levels of [`SCALES_SHARE`] and [`FLAT_SHARE`], or a demo's
/// own).
pub fn of_each_extra(parallel: f64, share: f64) -> f64 {
    1.0 + share * (parallel - 1.0)
}

/// The speedup and cores used from which `parallel` workers count as running in parallel.
pub fn scales_at(parallel: f64) -> f64 {
    of_each_extra(parallel, SCALES_SHARE)
}

/// How a ratio stands against the parallelism it could have had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scaling {
    /// It reached the level that counts as parallel.
    Scales,
    /// It stayed below the level under which nothing scaled.
    Flat,
    /// In between: too close to call on one run.
    TooClose,
}

impl Scaling {
    /// One ratio against the level from which it `scales_at` and the one it is flat below.
    pub fn of(value: f64, scales_at: f64, flat_below: f64) -> Scaling {
        if value >= scales_at {
            Scaling::Scales
        } else if value < flat_below {
            Scaling::Flat
        } else {
            Scaling::TooClose
        }
    }
}

/// The same work done one piece at a time and spread over workers, as its two ratios.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub speedup: f64,
    pub cores_used: f64,
}

impl Spread {
    /// The ratios of a spread-out run from its wall and CPU times and the one-at-a-time wall time.
    pub fn timed(sequential_s: f64, parallel_s: f64, parallel_cpu_s: f64) -> Spread {
        Spread {
            speedup: speedup(sequential_s, parallel_s),
            cores_used: cores_used(parallel_cpu_s, parallel_s),
        }
    }

    /// The rule: parallel when both ratios reach [`scales_at`]; flat when either stays below
    /// [`FLAT_SHARE`] of each extra worker; too close to call in between.
    pub fn scaling(self, parallel: f64) -> Scaling {
        let scales_at = scales_at(parallel);
        let flat_below = of_each_extra(parallel, FLAT_SHARE);
        if self.speedup >= scales_at && self.cores_used >= scales_at {
            Scaling::Scales
        } else if self.speedup < flat_below || self.cores_used < flat_below {
            Scaling::Flat
        } else {
            Scaling::TooClose
        }
    }

    /// The workers kept the cores busy that running in parallel needs (whether or not it made
    /// them faster).
    pub fn used_the_cores(self, parallel: f64) -> bool {
        self.cores_used >= scales_at(parallel)
    }

    /// Several workers could have run at once, yet about one core was busy: something serialised
    /// them (a GIL, a lock) or kept them off the cores.
    pub fn serialised(self, parallel: f64) -> bool {
        parallel >= 2.0 && self.cores_used <= ONE_AT_A_TIME
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(speedup: f64, cores_used: f64) -> Spread {
        Spread {
            speedup,
            cores_used,
        }
    }

    #[test]
    fn the_ratios_come_from_the_timings() {
        assert_eq!(
            Spread::timed(1.0, 0.5, 0.95),
            Spread {
                speedup: 2.0,
                cores_used: 1.9
            }
        );
    }

    #[test]
    fn the_levels_follow_the_available_parallelism() {
        assert_eq!(scales_at(2.0), 1.3);
        assert!((scales_at(8.0) - 3.1).abs() < 1e-12);
        assert_eq!(spread(1.35, 1.9).scaling(2.0), Scaling::Scales);
        assert_eq!(spread(1.35, 1.9).scaling(8.0), Scaling::Flat);
        assert_eq!(spread(2.5, 2.6).scaling(8.0), Scaling::TooClose);
        assert_eq!(spread(3.5, 7.5).scaling(8.0), Scaling::Scales);
    }

    #[test]
    fn both_ratios_must_scale_and_either_one_flat_is_flat() {
        // Jython's threads: every core busy, no speedup.
        assert_eq!(spread(0.16, 1.98).scaling(2.0), Scaling::Flat);
        // A noisy baseline: 1.4× faster on one core's worth of CPU.
        assert_eq!(spread(1.4, 1.0).scaling(2.0), Scaling::Flat);
        assert_eq!(spread(1.21, 1.25).scaling(2.0), Scaling::TooClose);
    }

    #[test]
    fn one_ratio_is_judged_against_levels_of_its_own() {
        assert_eq!(Scaling::of(4.75, 4.75, 2.5), Scaling::Scales);
        assert_eq!(Scaling::of(2.4, 4.75, 2.5), Scaling::Flat);
        assert_eq!(Scaling::of(3.0, 4.75, 2.5), Scaling::TooClose);
    }

    #[test]
    fn about_one_core_busy_for_several_threads_is_serialised() {
        assert!(spread(1.0, 1.02).serialised(2.0));
        assert!(spread(1.1, 1.2).serialised(4.0));
        assert!(!spread(1.9, 1.95).serialised(2.0));
        // One thread or one core: there was nothing to serialise.
        assert!(!spread(1.0, 1.0).serialised(1.0));
        // No run is both serialised and parallel.
        assert!(ONE_AT_A_TIME < scales_at(2.0));
    }

    #[test]
    fn workers_that_kept_the_cores_busy_used_them_even_without_a_speedup() {
        assert!(spread(1.0, 1.9).used_the_cores(2.0));
        assert!(!spread(1.9, 1.25).used_the_cores(2.0));
    }
}
