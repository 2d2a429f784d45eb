//! Question 10, "how do you write scalable code in Python?": the complexity of `in` measured and
//! fitted (list and tuple, set and dict, a set whose keys all collide), then caching, a process
//! pool and the distributed engines the article names (Dask, Ray, Spark), each judged from what
//! it did on this machine.
//!
//! The snippet only measures; the growth curves are fitted by the judges (`judges.rs`), with
//! [`crate::complexity`], the same engine `cargo bench --bench complexity` uses, and the fit is
//! recorded in each claim's evidence (`evidence.rs`), where the report's chart reads it.

mod charts;
pub mod evidence;
mod judges;
#[cfg(test)]
mod testing;

use evidence::{Caching, CollidingCurve, Distributed, ListCurve, Parallelism, SetCurve};

use super::{ClaimSpec, Demo};
use crate::params::ParamSpec;
use crate::report::Source;
use crate::snippet;

pub const DEMO: Demo = Demo::new(snippet!("scalability.py"), CLAIMS)
    .with_params(PARAMS)
    .with_charts(&[charts::complexity, charts::spread_out])
    .with_picture(charts::picture);

const PARAMS: &[ParamSpec] = &[
    ParamSpec::int(
        "max_n",
        1_000..=10_000_000,
        "largest list, tuple, set and dict; sizes run from 100, two per decade (10⁶ \
         peaks near 180 MB of memory, 10⁷ near 1.5 GB)",
    )
    .with_default("1000000"),
    ParamSpec::int(
        "colliding_max_n",
        1_000..=50_000,
        "largest set of colliding keys; sizes run from 100, four per decade, and \
         building one is quadratic (10,000 keys take about 0.6 s, 50,000 about 15 s)",
    )
    .with_default("10000"),
    ParamSpec::int(
        "repeats",
        3..=50,
        "timed repeats per size; the median is kept and the confidence interval \
         resamples them",
    )
    .with_default("9"),
    ParamSpec::int(
        "repeat_ms",
        1..=1_000,
        "shortest duration of one timed repeat; the loop count is calibrated to it",
    )
    .with_default("5"),
    ParamSpec::int(
        "workers",
        1..=256,
        "processes in the pool, the Dask LocalCluster, Ray's local cluster and Spark's \
         local[N] (default: the cores this process may use)",
    ),
    ParamSpec::choices(
        "engines",
        &["dask", "ray", "spark"],
        "the distributed engines to run the job on (default: all three; one that is \
         not installed is skipped with its install line)",
    ),
    ParamSpec::address(
        "scheduler",
        &["tcp://", "tls://", ""],
        "tcp://HOST:PORT of a running Dask scheduler to use instead of a LocalCluster",
    ),
    ParamSpec::address(
        "ray_address",
        &["", "ray://"],
        "HOST:PORT of a running Ray cluster (its GCS; ray://HOST:PORT for its client \
         server) to use instead of a local one",
    ),
    ParamSpec::address(
        "spark_master",
        &["spark://"],
        "spark://HOST:PORT of a running Spark standalone master to use instead of \
         local[N]",
    ),
];

const CLAIMS: &[ClaimSpec] = &[
    ClaimSpec::new::<ListCurve>(
        "scalability.list_in_linear",
        Source::Article,
        "`x in list` (and tuple) is O(n): the time grows linearly with the length.",
    ),
    ClaimSpec::new::<SetCurve>(
        "scalability.set_in_constant",
        Source::Article,
        "`x in set` (and dict) is O(1) on average: the time does not grow with the \
         size.",
    ),
    ClaimSpec::new::<CollidingCurve>(
        "scalability.set_worst_case_linear",
        Source::Article,
        "O(n) is the worst case of `x in set`: when every key's hash collides, a \
         lookup compares with every key.",
    ),
    ClaimSpec::new::<Caching>(
        "scalability.caching",
        Source::Article,
        "Caching the results of expensive calls (functools.lru_cache) helps code \
         scale.",
    ),
    ClaimSpec::new::<Parallelism>(
        "scalability.parallelism",
        Source::Article,
        "Parallelism helps CPU-bound code scale: a process pool runs it on several \
         cores at once.",
    ),
    ClaimSpec::new::<Distributed>(
        "scalability.distributed",
        Source::Article,
        "Distributed engines (Spark, Ray, Dask) scale a job out over worker \
         processes that talk over the network.",
    ),
];
