//! The one schema of the scalability evidence: what `python_snippets/scalability.py` records
//! under each claim's key of `EVIDENCE`, and what the judges derive from it. Field names are the
//! snippet's own (the JSON report is a public interface). The judges, the terminal picture and
//! the report's chart all read these types.
//!
//! Fields the judges do not need (the timeit setup, the loop counts) default when absent, so an
//! edited snippet that leaves them out is still judged.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::complexity::{points_from_repeats, Class, Fit, Point, Resampling};
use crate::demos::kit::parallel::{self, Spread};
use crate::report::Verdict;

// --- the three lookup curves ------------------------------------------------------------------

/// `list_in_linear` (and the base of both set claims): the time of `absent in data` measured over
/// a range of sizes, each size repeated.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Curve {
    /// What was searched: `list`, `set`, `set of colliding keys`.
    pub structure: String,
    /// The statement timed: `absent in data`.
    pub statement: String,
    /// What `python3 -m timeit -p -s` runs to build the same `data` and `absent` (n is the size).
    #[serde(default)]
    pub setup: String,
    /// The clock the repeats were timed by: `time.thread_time`, the CPU time of the timing thread.
    #[serde(default)]
    pub clock: String,
    /// The sizes n (elements), ascending.
    pub sizes: Vec<f64>,
    /// The median of each size's repeats, in ns per lookup: the snippet's table and the terminal
    /// picture show these; the fit computes them again from the repeats.
    pub ns_per_op: Vec<f64>,
    /// Every repeat of each size, in ns per lookup: what the fit resamples.
    pub repeats_ns_per_op: Vec<Vec<f64>>,
    /// The timeit loop count of each size's repeats, calibrated to `repeat_seconds`.
    #[serde(default)]
    pub loops_per_repeat: Vec<u64>,
    /// The shortest duration of one repeat, in seconds.
    #[serde(default)]
    pub repeat_seconds: Option<f64>,
    /// Repeat i of every size was taken in the same pass over the sizes (round i), so the fit
    /// resamples whole rounds; false (or absent) when each size was repeated on its own.
    #[serde(default)]
    pub interleaved: bool,
}

impl Curve {
    /// The curve as the fitting engine reads it, and how to resample it; or why the evidence is
    /// not one curve (lists of different lengths).
    pub fn points(&self) -> Result<(Vec<Point>, Resampling), String> {
        let curve = points_from_repeats(&self.sizes, &self.repeats_ns_per_op, self.interleaved)?;
        if self.sizes.len() != self.ns_per_op.len() {
            return Err(format!(
                "{} sizes but {} medians",
                self.sizes.len(),
                self.ns_per_op.len()
            ));
        }
        Ok(curve)
    }

    /// Why this curve has no fit, without fitting it: its lists differ in length, or the fitting
    /// engine refuses its points; `None` when it could be fitted.
    pub fn unfit(&self) -> Option<String> {
        match self.points() {
            Err(why) => Some(why),
            Ok((points, resampling)) => Fit::check(&points, resampling)
                .err()
                .map(|err| err.to_string()),
        }
    }
}

/// `list_in_linear`: the list's lookup curve (at the top level, as before the tuple joined), and
/// the tuple's, measured in the same pass over the same sizes.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ListCurve {
    #[serde(flatten)]
    pub curve: Curve,
    /// The same lookups in a tuple of the same ints.
    pub tuple: Curve,
}

/// `set_in_constant`: the set's lookup curve, the dict's (measured in the same pass over the same
/// sizes), and the list and the set at tiny sizes.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SetCurve {
    #[serde(flatten)]
    pub curve: Curve,
    /// The same lookups in a dict whose keys are the same ints (`dict.fromkeys`).
    pub dict: Curve,
    /// The list and the set at sizes 0 to 16, where the list may still be as fast.
    pub small_sizes: SmallSizes,
}

/// Lookups in a list and a set of the same tiny sizes.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SmallSizes {
    /// The sizes n, ascending (from 0).
    pub sizes: Vec<u64>,
    /// The list's median time at each size, in ns per lookup.
    pub list_ns_per_op: Vec<f64>,
    /// The set's median time at each size, in ns per lookup.
    pub set_ns_per_op: Vec<f64>,
}

/// `set_worst_case_linear`: the lookup curve of a set whose keys all hash to 42, and an
/// ordinary set of the same sizes.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct CollidingCurve {
    #[serde(flatten)]
    pub curve: Curve,
    /// An ordinary set of ints at each size: its median time, in ns per lookup.
    pub normal_set_ns_per_op: Vec<f64>,
    /// How many times one missed lookup called `__eq__` at each size.
    pub comparisons_per_lookup: Vec<u64>,
    /// How long building the colliding set took at each size, in seconds (quadratic).
    #[serde(default)]
    pub build_seconds: Vec<f64>,
}

/// What a growth judge derived from a lookup curve: the fitted class, for the report and for its
/// chart, which draws exactly this fit instead of fitting again.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct Growth {
    /// The exponent k of time ∝ n^k, by least squares on the log-log medians (4 decimals).
    pub slope: f64,
    /// How much of the variation of ln(time) that power law explains (4 decimals); meaningless
    /// for a flat curve, which has no variation to explain.
    pub r2: f64,
    /// The class whose band holds the slope's whole 95% interval, or `inconclusive`.
    pub class: FittedClass,
    /// The slope's 95% bootstrap interval (4 decimals).
    pub slope_ci: [f64; 2],
    /// The class with the smallest error, named even when `class` is inconclusive.
    pub best_fit: GrowthClass,
    /// That class's constant c of time = c · f(n), in ns per unit of f(n) — per lookup for O(1),
    /// per element for O(n) (3 decimals).
    pub constant_ns: f64,
    /// The curve as fitted, unrounded: what the chart draws.
    pub fitted: FittedCurve,
}

/// The points a fit was made from, and its constant unrounded.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct FittedCurve {
    /// The sizes n, ascending.
    pub sizes: Vec<f64>,
    /// The median of the repeats at each size, in ns per lookup.
    pub medians_ns: Vec<f64>,
    /// `best_fit`'s constant, in ns per unit of f(n): the fitted line is `constant_ns · f(n)`.
    pub constant_ns: f64,
}

/// What the `list_in_linear` judge derived: the list's fit, and the tuple's.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct ListDerived {
    #[serde(flatten)]
    pub growth: Growth,
    /// The tuple's fit, as the list's.
    pub tuple_fit: Growth,
}

/// What the `set_in_constant` judge derived.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct SetDerived {
    #[serde(flatten)]
    pub growth: Growth,
    /// The dict's fit, as the set's.
    pub dict_fit: Growth,
    /// The first tiny size at which the list took more than 10% longer than the set; null when
    /// it kept up at every size tried.
    pub crossover_n: Option<u64>,
}

/// What the `set_worst_case_linear` judge derived.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct CollidingDerived {
    #[serde(flatten)]
    pub growth: Growth,
    /// How many times slower a lookup in the colliding set was than in the ordinary one, at the
    /// largest size (1 decimal).
    pub slowdown_at_largest: f64,
}

/// A complexity class, written as its label: `O(1)`, `O(log n)`, `O(n)`, `O(n log n)`, `O(n²)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GrowthClass(pub Class);

impl GrowthClass {
    /// The unit of the class's constant after "ns": `per element` for O(n), `× log n` for
    /// O(log n) and the like; none for O(1), whose constant is the time itself.
    pub fn per(self) -> Option<String> {
        match self.0 {
            Class::Constant => None,
            Class::Linear => Some("per element".to_owned()),
            other => Some(format!(
                "× {}",
                other.label().trim_start_matches("O(").trim_end_matches(')')
            )),
        }
    }
}

/// A fitted class, or none (`inconclusive`): the evidence cannot tell it from its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FittedClass(pub Option<Class>);

/// The label of a fitted class that is none.
const INCONCLUSIVE: &str = "inconclusive";

impl Serialize for GrowthClass {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.label())
    }
}

impl Serialize for FittedClass {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.map_or(INCONCLUSIVE, Class::label))
    }
}

impl<'de> Deserialize<'de> for GrowthClass {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let label = String::deserialize(deserializer)?;
        Class::ALL
            .into_iter()
            .find(|class| class.label() == label)
            .map(GrowthClass)
            .ok_or_else(|| serde::de::Error::custom(format!("no complexity class {label:?}")))
    }
}

impl<'de> Deserialize<'de> for FittedClass {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let label = String::deserialize(deserializer)?;
        if label == INCONCLUSIVE {
            return Ok(FittedClass(None));
        }
        let class = GrowthClass::deserialize(serde::de::value::StrDeserializer::new(&label))?;
        Ok(FittedClass(Some(class.0)))
    }
}

fn labels() -> Vec<&'static str> {
    Class::ALL.into_iter().map(Class::label).collect()
}

impl JsonSchema for GrowthClass {
    fn schema_name() -> Cow<'static, str> {
        "GrowthClass".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "A complexity class.",
            "type": "string",
            "enum": labels(),
        })
    }
}

impl JsonSchema for FittedClass {
    fn schema_name() -> Cow<'static, str> {
        "FittedClass".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut labels = labels();
        labels.push(INCONCLUSIVE);
        schemars::json_schema!({
            "description": "A complexity class, or `inconclusive`.",
            "type": "string",
            "enum": labels,
        })
    }
}

// --- caching ----------------------------------------------------------------------------------

/// `caching`: the same calls to an expensive pure function, without a cache and with two sizes
/// of `functools.lru_cache`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Caching {
    /// How many calls were made.
    pub calls: u64,
    /// How many distinct arguments they cycled over.
    pub distinct_arguments: u64,
    /// CPU time of the calls without a cache, in seconds.
    pub uncached_seconds: f64,
    /// A cache that holds every distinct argument.
    pub fitting: CacheRun,
    /// A cache smaller than the cycle of arguments.
    pub too_small: CacheRun,
}

/// The calls through one `lru_cache`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct CacheRun {
    /// The cache's `maxsize`.
    pub maxsize: u64,
    /// CPU time of the calls, in seconds.
    pub seconds: f64,
    /// Calls answered from the cache (`cache_info().hits`).
    pub hits: u64,
    /// Calls that ran the function (`cache_info().misses`).
    pub misses: u64,
    /// Whether every cached result equalled the uncached one.
    pub results_equal: bool,
}

/// What the `caching` judge derived.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CachingDerived {
    /// Uncached time ÷ time with the fitting cache (2 decimals).
    pub speedup_fitting: f64,
    /// Uncached time ÷ time with the cache that is too small (2 decimals).
    pub speedup_too_small: f64,
    /// The share of calls the fitting cache answered (3 decimals).
    pub hit_rate_fitting: f64,
    /// The share of calls the small cache answered (3 decimals).
    pub hit_rate_too_small: f64,
}

// --- a process pool and a cluster --------------------------------------------------------------

/// `parallelism`: a CPU-bound job in one process, then on a process pool.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Parallelism {
    /// The pool's multiprocessing start method (`spawn`).
    pub start_method: String,
    /// The cores this process may run on.
    pub cores_available: u64,
    /// The cores of the machine (`os.cpu_count()`; null when unknown).
    #[serde(default)]
    pub cpu_count: Option<u64>,
    /// Processes in the pool.
    pub workers: u64,
    /// Tasks the job was cut into.
    pub tasks: u64,
    /// Wall time of the job in one process, in seconds.
    pub sequential_seconds: f64,
    /// Cores that one process kept busy (its CPU time ÷ its wall time).
    pub sequential_cores_used: f64,
    /// Wall time until every worker had started, in seconds.
    pub start_seconds: f64,
    /// Wall time of the job on the started pool, in seconds.
    pub parallel_seconds: f64,
    /// Cores the workers kept busy during it (their CPU time ÷ its wall time).
    pub cores_used: f64,
    /// Cores other programs kept busy during the one-process run (absent in evidence from before
    /// it was measured, null where /proc is not there).
    #[serde(default)]
    pub sequential_others_cores: Option<f64>,
    /// Cores other programs kept busy during the pool's run (as `sequential_others_cores`).
    #[serde(default)]
    pub others_cores: Option<f64>,
    /// The process ids that ran tasks.
    pub worker_pids: Vec<u64>,
    /// Whether the pool computed the one-process result.
    pub results_equal: bool,
    /// Child processes still alive after the pool was closed.
    pub leftover_processes: Vec<u64>,
    /// The same job on as many threads of this process, for comparison (absent in evidence
    /// from before it was measured).
    #[serde(default)]
    pub threads: Option<ThreadsRun>,
}

impl Parallelism {
    /// The pool's ratios (the kit's): the one-process time ÷ the pool's, and its cores used.
    pub fn spread(&self) -> Spread {
        Spread {
            speedup: parallel::speedup(self.sequential_seconds, self.parallel_seconds),
            cores_used: self.cores_used,
        }
    }
}

/// The job on a thread pool of this process.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ThreadsRun {
    /// Wall time of the job on the threads, in seconds.
    pub seconds: f64,
    /// Cores the threads kept busy (their CPU time ÷ the wall time).
    pub cores_used: f64,
    /// Cores other programs kept busy meanwhile (null where /proc is not there).
    #[serde(default)]
    pub others_cores: Option<f64>,
    /// Whether the threads computed the one-process result.
    pub results_equal: bool,
    /// Whether the GIL was on (`sys._is_gil_enabled()`; always before 3.13).
    pub gil_enabled: bool,
}

impl ThreadsRun {
    /// The threads' ratios against the one-process run that took `sequential_seconds`.
    pub fn spread(&self, sequential_seconds: f64) -> Spread {
        Spread {
            speedup: parallel::speedup(sequential_seconds, self.seconds),
            cores_used: self.cores_used,
        }
    }
}

/// What the `parallelism` judge derived.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ParallelismDerived {
    /// One-process time ÷ pool time (2 decimals).
    pub speedup: f64,
    /// The speedup per worker that could run at once (2 decimals).
    pub efficiency: f64,
    /// One-process time ÷ (start-up + pool time) (2 decimals).
    pub end_to_end_speedup: f64,
    /// How many worker processes ran tasks.
    pub worker_processes: usize,
    /// One-process time ÷ the threads' time (2 decimals), when they were timed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threads_speedup: Option<f64>,
}

/// `distributed`: the same job on each distributed engine chosen (Dask, Ray, Spark), against the
/// one-process run. Dask's run keeps the top level, where it was before Ray and Spark joined.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Distributed {
    /// Tasks the job was cut into.
    pub tasks: u64,
    /// Wall time of the job in one process, in seconds.
    pub local_seconds: f64,
    /// Cores that one process kept busy.
    pub local_cores_used: f64,
    /// The cores this process may run on (absent in older evidence).
    #[serde(default)]
    pub cores_available: Option<u64>,
    /// Cores other programs kept busy during the one-process run (absent in older evidence,
    /// null where /proc is not there).
    #[serde(default)]
    pub local_others_cores: Option<f64>,
    /// Dask's run, its fields at this level; absent when it did not run.
    #[serde(flatten)]
    pub dask: Option<DaskRun>,
    /// Why Dask did not run (not installed, with its install line; not chosen; a scheduler
    /// that did not answer), instead of its fields.
    #[serde(default)]
    pub dask_skipped: Option<String>,
    /// Ray's part (absent in evidence from before Ray joined).
    #[serde(default)]
    pub ray: Option<Part<RayRun>>,
    /// Spark's part (absent in evidence from before Spark joined).
    #[serde(default)]
    pub spark: Option<Part<SparkRun>>,
}

/// An engine's part of `distributed`: its run, or why it did not run.
#[derive(Debug)]
pub enum Part<T> {
    Ran(T),
    /// Not installed (the reason names the install line), not chosen, or failed to start.
    Skipped(String),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Part<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        if let Some(reason) = value.get("skipped") {
            let reason = reason
                .as_str()
                .ok_or_else(|| serde::de::Error::custom("`skipped` is not a string"))?;
            return Ok(Part::Skipped(reason.to_owned()));
        }
        T::deserialize(value)
            .map(Part::Ran)
            .map_err(serde::de::Error::custom)
    }
}

impl<T: JsonSchema> JsonSchema for Part<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Part_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let ran = generator.subschema_for::<T>();
        schemars::json_schema!({
            "description": "The engine's run, or why it did not run.",
            "anyOf": [
                ran,
                {
                    "type": "object",
                    "properties": {"skipped": {
                        "description": "Why it did not run: not installed (with the install \
                                        line), not chosen, or it failed to start.",
                        "type": "string",
                    }},
                    "required": ["skipped"],
                },
            ],
        })
    }
}

/// What every engine's run records: the job on its workers, and what was left afterwards.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct EngineRun {
    /// The engine and its version: `dask.distributed 2026.8.0`, `ray 2.60.0`,
    /// `pyspark 4.3.0 on Java 17.0.15`.
    pub engine: String,
    /// What ran the job: Dask's `LocalCluster`, Ray's `local` cluster, Spark's `local[N]`, or
    /// `existing` for a cluster given as a parameter.
    pub cluster: String,
    /// How many workers (Dask), CPUs (Ray) or task slots (Spark) the cluster had.
    pub workers: u64,
    /// The process ids that ran tasks.
    pub worker_pids: Vec<u64>,
    /// Wall time until the cluster was ready, every worker having run a first task, in seconds.
    pub start_seconds: f64,
    /// Wall time of the job on the cluster, in seconds.
    pub wall_seconds: f64,
    /// Wall time of closing the cluster, in seconds (for Ray and Spark: until every process it
    /// started had ended, at most 5 s more).
    pub close_seconds: f64,
    /// Cores the workers kept busy during the job (their CPU time ÷ its wall time).
    pub cores_used: f64,
    /// Cores other programs kept busy during the cluster's run: null for an existing cluster,
    /// whose workers are not this process's (absent in older evidence).
    #[serde(default)]
    pub others_cores: Option<f64>,
    /// Whether the cluster computed the one-process result.
    pub results_equal: bool,
    /// Processes still alive after the cluster was closed: this process's children and, for Ray
    /// and Spark, any process naming the engine's private directory.
    pub leftover_processes: Vec<u64>,
    /// TCP ports this process listened on while the cluster ran (null where psutil is missing).
    #[serde(default)]
    pub listening_while_running: Option<Vec<u64>>,
    /// TCP ports this process still listened on after closing (null where psutil is missing).
    pub listening_after_close: Option<Vec<u64>>,
    /// Threads left after closing (Dask keeps one idle `Dask-Offload` thread per process).
    #[serde(default)]
    pub threads_after_close: Vec<String>,
}

impl EngineRun {
    /// The cluster's ratios against the one-process run that took `local_seconds`.
    pub fn spread(&self, local_seconds: f64) -> Spread {
        Spread {
            speedup: parallel::speedup(local_seconds, self.wall_seconds),
            cores_used: self.cores_used,
        }
    }
}

/// Dask's run: a LocalCluster, or one given as `scheduler`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct DaskRun {
    #[serde(flatten)]
    pub run: EngineRun,
    /// The scheduler's address (`tcp://HOST:PORT`).
    pub scheduler_address: String,
    /// The workers' addresses.
    #[serde(default)]
    pub worker_addresses: Vec<String>,
}

/// Where an engine started here kept its files, and what it wrote elsewhere.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct PrivateFiles {
    /// The private temporary directory the engine's files went to (removed afterwards); its path
    /// is also how its processes are found.
    pub private_dir: String,
    /// How many files were in it after the engine stopped, just before it was removed (absent in
    /// older evidence).
    #[serde(default)]
    pub files_in_private_dir: Option<u64>,
    /// The places the engine writes to by default, as glob patterns (`~/.ray`, `/tmp/ray`).
    pub checked_places: Vec<String>,
    /// What appeared or changed there while it ran.
    pub written_outside: Vec<String>,
}

/// Ray's run: a local head node (GCS, raylet, workers), or the cluster given as `ray_address`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct RayRun {
    #[serde(flatten)]
    pub run: EngineRun,
    /// The cluster's GCS address (`HOST:PORT`).
    pub address: String,
    /// The addresses of its live nodes (127.0.0.1 for the local one).
    pub node_addresses: Vec<String>,
    #[serde(flatten)]
    pub files: PrivateFiles,
}

/// Spark's run: PySpark's `local[N]`, or the standalone master given as `spark_master`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SparkRun {
    #[serde(flatten)]
    pub run: EngineRun,
    /// The master URL: `local[2]`, `spark://HOST:PORT`.
    pub master: String,
    /// Where the driver listened (`spark.driver.host:spark.driver.port`).
    pub driver_address: String,
    /// The Java version of the driver's JVM.
    pub java_version: String,
    /// The process id of the driver's JVM.
    pub jvm_pid: u64,
    #[serde(flatten)]
    pub files: PrivateFiles,
}

/// What the `distributed` judge derived.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DistributedDerived {
    /// Dask's speedup: one-process time ÷ cluster time (2 decimals); absent when Dask did not
    /// run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speedup: Option<f64>,
    /// How many of Dask's worker processes ran tasks; absent when Dask did not run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workers_used: Option<u64>,
    /// Each engine's part as judged, in the order they ran: the claim's verdict combines them.
    pub parts: Vec<EngineVerdict>,
}

/// One engine's part of `distributed`, judged.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EngineVerdict {
    /// `dask`, `ray` or `spark`.
    pub engine: &'static str,
    /// What its run shows, by the rule the pool is judged by; `skipped` when it did not run.
    pub verdict: Verdict,
    /// One-process time ÷ its time (2 decimals), when it ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speedup: Option<f64>,
    /// How many worker processes ran tasks, when it ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workers_used: Option<u64>,
}
