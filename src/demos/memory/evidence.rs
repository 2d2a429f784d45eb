//! The memory demo's evidence, the one schema its snippet writes (`EVIDENCE[<claim key>]`), its
//! judges read and the report documents, and the values the judges derive from it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::demos::kit::runtimes::RuntimeEntry;

// --- memory.names_are_references -------------------------------------------------------------

/// Two names bound to one list (`alias = numbers`), a copy of it, and what `sys.getsizeof` says
/// a list holding a large string takes.
#[derive(Deserialize, JsonSchema)]
pub struct NamesAreReferences {
    /// `alias is numbers`.
    pub same_object: bool,
    /// `id(alias) == id(numbers)`.
    pub ids_equal: bool,
    /// `numbers` after `alias.append(4)`, as a list.
    pub seen_through_other_name: Value,
    /// Whether that append shows through `numbers`.
    pub mutation_visible: bool,
    /// `list(numbers) is numbers`: a copy is a new object, so false.
    pub copy_is_same_object: bool,
    /// `sys.getsizeof` of a 100,000-character string, in bytes; absent where the implementation
    /// cannot say (PyPy).
    pub big_str_size: Option<u64>,
    /// `sys.getsizeof` of a list holding that string, in bytes.
    pub list_holding_it_size: Option<u64>,
    /// `sys.getsizeof([])`, in bytes.
    pub empty_list_size: Option<u64>,
    /// The size of one reference (a C pointer), in bytes.
    pub reference_size: u64,
}

// --- memory.refcount_starts_at_one -----------------------------------------------------------

/// One object's reference count, read two ways, and whether it is immortal (PEP 683).
#[derive(Deserialize, JsonSchema)]
pub struct Counted {
    /// What `sys.getrefcount` returned: one more than the references, for its own argument.
    pub getrefcount: i64,
    /// `ob_refcnt`, read without holding a reference of the reader's own.
    pub true_refcount: i64,
    /// Whether the object is immortal: its count pinned at a marker value (3.12+).
    pub immortal: bool,
    /// How that was told: `sys._is_immortal()`, or whether the count moved when references were
    /// added.
    pub immortal_check: String,
}

/// The count of a string built at run time and of the article's literal `"hello"`, each bound
/// to one name.
#[derive(Deserialize, JsonSchema)]
pub struct RefcountStartsAtOne {
    /// How the true counts were read (the host's `_pyconcepts.refcnt`, or `ctypes`).
    pub method: String,
    /// `"".join(["hel", "lo"])`: a brand-new string.
    pub fresh: Counted,
    /// The literal `"hello"`, also held by the compiled code's constants.
    pub literal: Counted,
}

/// What the judge derives from the two counts.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RefcountStartsAtOneDerived {
    /// How many more `sys.getrefcount` reported for the fresh string than its true count: the
    /// reference its own argument holds.
    pub getrefcount_extra: i64,
}

// --- memory.refcount_tracks_references -------------------------------------------------------

/// One step of the table: a reference made or removed, and the counts read after it.
#[derive(Deserialize, JsonSchema)]
pub struct Row {
    /// The statement, e.g. `box = [payload]`.
    pub step: String,
    /// The count the references the snippet made predict.
    pub expected: i64,
    /// The prediction is a lower bound: a call may hold its argument more than once.
    #[serde(default)]
    pub at_least: bool,
    /// What `sys.getrefcount` returned.
    pub getrefcount: i64,
    /// `ob_refcnt`, read without holding a reference of the reader's own.
    pub true_refcount: i64,
}

/// An object every program shares (`None`, `True`, `0`, `()`): whether its count moves when
/// references to it are added, or is pinned because the object is immortal (PEP 683, 3.12+).
#[derive(Deserialize, JsonSchema)]
pub struct SharedObject {
    /// The expression, e.g. `None`.
    pub expression: String,
    /// What `sys.getrefcount` returned (4294967295 for an immortal object on 3.12 and 3.13,
    /// 3221225472 on 3.14; over a billion on 3.11 for the statically allocated ones).
    pub getrefcount: i64,
    /// What it returned while a list held 3 more references to it.
    pub getrefcount_with_3_more: i64,
    /// Whether the object is immortal.
    pub immortal: bool,
    /// How that was told: `sys._is_immortal()`, or whether the count moved when references were
    /// added.
    pub immortal_check: String,
}

impl SharedObject {
    /// How far the count moved when 3 references were added.
    pub fn moved(&self) -> i64 {
        self.getrefcount_with_3_more
            .saturating_sub(self.getrefcount)
    }
}

/// The count of one object as names, a list element and a call's parameter come and go, and of
/// the objects every program shares.
#[derive(Deserialize, JsonSchema)]
pub struct RefcountTracks {
    /// How the true counts were read.
    pub method: String,
    /// The steps, in order.
    pub rows: Vec<Row>,
    /// `None`, `True`, `0` and `()` before and with 3 more references; absent from evidence
    /// recorded before the snippet looked.
    #[serde(default)]
    pub shared_objects: Vec<SharedObject>,
}

/// What the judge derives from the table.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RefcountTracksDerived {
    /// Steps in the table.
    pub steps_checked: usize,
    /// Steps whose true count was not the references held.
    pub steps_mismatched: usize,
    /// The shared objects whose count stayed pinned: immortal.
    pub immortal_objects: Vec<String>,
}

// --- memory.zero_refcount_frees_immediately --------------------------------------------------

/// An object's last reference deleted with the garbage collector disabled, and when its
/// `weakref.finalize` callback ran.
#[derive(Deserialize, JsonSchema)]
pub struct ZeroRefcountFrees {
    /// What happened, in order: "before del", "finalizer ran", "after del", and "after
    /// gc.collect()" where a collection was needed.
    pub events: Vec<String>,
    /// Whether the callback ran inside the `del` statement.
    pub freed_at_del: bool,
    /// Whether the garbage collector was enabled at the `del` (it should not be).
    pub gc_enabled_at_del: bool,
    /// Collections run between before and after the `del`; absent where `gc.get_stats()` does
    /// not count them (PyPy).
    pub collections_between: Option<u64>,
}

// --- memory.gc_frees_zero_refcount -----------------------------------------------------------

/// An acyclic object and a two-object reference cycle, each deleted with the collector disabled,
/// then `gc.collect()`.
#[derive(Deserialize, JsonSchema)]
pub struct GcFreesZeroRefcount {
    /// Whether the acyclic object was gone right after its `del`.
    pub acyclic_freed_at_del: bool,
    /// The true count of one node of the cycle before its `del`; absent where no count can be
    /// read (PyPy).
    pub cycle_count_before_del: Option<i64>,
    /// Its true count after the `del`: its partner still refers to it.
    pub cycle_count_after_del: Option<i64>,
    /// Whether the cycle outlived its `del`.
    pub cycle_alive_after_del: bool,
    /// Objects allocated with the collector disabled, well past generation 0's threshold.
    pub allocations_while_disabled: u64,
    /// Whether the cycle was still alive after those allocations.
    pub cycle_alive_past_threshold: bool,
    /// What `gc.collect()` returned: CPython counts the unreachable objects it found.
    pub collected: Option<i64>,
    /// Whether `gc.collect()` freed the cycle.
    pub cycle_freed_by_collect: bool,
    /// `gc.get_threshold()`, per generation; absent where there is none.
    pub thresholds: Option<Vec<i64>>,
    /// `gc.get_count()` after the allocations: allocations less deallocations per generation.
    pub counts_with_clutter: Option<Vec<i64>>,
}

/// What the judge derives from the two cases.
#[derive(Debug, Serialize, JsonSchema)]
pub struct GcFreesZeroRefcountDerived {
    /// Whether the cycle survived its `del` and the allocations and was freed only by
    /// `gc.collect()`, which found both its objects.
    pub cycle_needed_collector: bool,
}

// --- memory.small_int_and_interning ----------------------------------------------------------

/// Whether `int(text) is int(text)` for one value.
#[derive(Deserialize, JsonSchema)]
pub struct IntRow {
    /// The int, built twice from its decimal text.
    pub value: i64,
    /// Whether the two ints built from the same text at run time were one object.
    pub shared: bool,
}

/// Two equal strings joined at run time, before and after `sys.intern`.
#[derive(Deserialize, JsonSchema)]
pub struct Strings {
    /// Whether they compare equal.
    pub built_equal: bool,
    /// Whether they are one object.
    pub built_same_object: bool,
    /// Whether `sys.intern` made them one object.
    pub interned_same_object: bool,
    /// Whether that interned object is the literal `"hello"`.
    pub literal_is_interned: bool,
}

/// Which values built at run time are shared objects.
#[derive(Deserialize, JsonSchema)]
pub struct SmallIntAndInterning {
    /// Ints from -6 to 1000, around CPython's preallocated -5..=256.
    pub ints: Vec<IntRow>,
    /// Equal strings built at run time, and interned.
    pub strings: Strings,
}

/// What the judge derives from the ints.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SmallIntAndInterningDerived {
    /// The values shared where the -5..=256 rule says they are not, or the reverse.
    pub unexpected_ints: Vec<i64>,
}

// --- memory.refcounting_is_cpython_specific --------------------------------------------------

/// One object's last `del` on one implementation: whether it counts references, and when the
/// object's callback ran.
#[derive(Deserialize, JsonSchema)]
pub struct Freeing {
    /// Whether `sys.getrefcount` exists there.
    pub has_getrefcount: bool,
    /// `weakref.finalize`, or `weakref.ref` on Python 2.7.
    pub callback: String,
    /// What happened, in order, as in `zero_refcount_frees_immediately`.
    pub events: Vec<String>,
    /// Whether the callback ran inside the `del` statement.
    pub freed_at_del: bool,
}

/// The embedded CPython's own run of the experiment, and which CPython it is.
#[derive(Deserialize, JsonSchema)]
pub struct HereFreeing {
    /// `platform.python_implementation()`: `CPython`.
    pub implementation: String,
    /// `platform.python_version()`.
    pub version: String,
    /// What it showed.
    #[serde(flatten)]
    pub freeing: Freeing,
}

/// The last-`del` experiment here and on each other runtime (a probe in a child process).
#[derive(Deserialize, JsonSchema)]
pub struct RefcountingIsCpythonSpecific {
    /// The embedded CPython (part 4's experiment again).
    pub cpython: HereFreeing,
    /// Each other runtime: whether it ran and, when it did, its findings beside.
    pub runtimes: Vec<RuntimeEntry<Option<Freeing>>>,
}

/// What the judge derives from the comparison.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RefcountingIsCpythonSpecificDerived {
    /// The runtimes that ran, e.g. "PyPy 7.3.11".
    pub ran: Vec<String>,
    /// How many of them are not CPython.
    pub other_implementations_ran: usize,
}
