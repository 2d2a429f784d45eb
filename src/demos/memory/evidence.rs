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

// --- the true-count reader, shared by the counting claims -------------------------------------

/// How the reader of true counts was calibrated: passing an object to a function adds
/// references while the call runs (how many depends on how the caller's bytecode loads it), so
/// the reader measured that on a fresh object and subtracts it from every reading.
#[derive(Deserialize, JsonSchema)]
pub struct Calibration {
    /// The fresh object's count read in place, while no call held it: the references its name
    /// holds (1).
    pub probe_count_in_place: i64,
    /// Its count read while it was passed to the reader.
    pub probe_count_in_the_call: i64,
    /// The difference, subtracted from every reading.
    pub argument_references: i64,
}

impl Calibration {
    /// "calibrated on a fresh object: count 1 in place, 2 inside the call, so each reading
    /// subtracts 1".
    pub fn describe(&self) -> String {
        format!(
            "calibrated on a fresh object: count {} in place, {} inside the call, so each \
             reading subtracts {}",
            self.probe_count_in_place, self.probe_count_in_the_call, self.argument_references
        )
    }
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
    /// How the reader measured the references its own argument adds.
    pub calibration: Calibration,
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

// --- memory.object_has_three_fields ---------------------------------------------------------

/// What the article would call a field: one of its three, or something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldRole {
    /// Holds the reference count (`ob_refcnt`; `ob_ref_local`, `ob_ref_shared` on a
    /// free-threaded build).
    Count,
    /// The pointer to the type object (`ob_type`), found equal to `id(str)`.
    Type,
    /// The value itself: the text's bytes.
    Value,
    /// Anything else: the length, the cached hash, the state bits, a thread id, a terminator.
    Other,
}

/// One field found in the string's memory, by the value it holds.
#[derive(Deserialize, JsonSchema)]
pub struct Field {
    /// Its C name where the value identified it (`ob_refcnt`, `length`, `hash`, `text`…).
    pub name: String,
    /// Which of the article's three it is, if any.
    pub role: FieldRole,
    /// Where it starts, in bytes from the object's address `id(text)`.
    pub offset: u64,
    /// How many bytes it takes.
    pub size: u64,
    /// What it held, and what identified it, e.g. `5, len(text)`.
    pub value: String,
}

/// A run of the object's bytes that no field was found in (padding, or a field the snippet
/// does not look for).
#[derive(Deserialize, JsonSchema)]
pub struct Gap {
    /// Where it starts, in bytes from `id(text)`.
    pub offset: u64,
    /// How many bytes.
    pub size: u64,
}

/// The bytes of a fresh string equal to `"hello"`, read at its address, and what they hold.
#[derive(Deserialize, JsonSchema)]
pub struct ObjectHasThreeFields {
    /// How the memory was read (`ctypes.string_at(id(text), text.__sizeof__())`).
    pub method: String,
    /// The object header's layout, as the type pointer's offset showed: `classic` or
    /// `free-threaded`.
    pub layout: String,
    /// The string read.
    pub text: String,
    /// `sys.getsizeof` of that string, in bytes: all of its memory.
    pub size: u64,
    /// `sys.getsizeof("hello")`, the article's literal.
    pub literal_size: u64,
    /// `object().__sizeof__()`: the header every object starts with, and all a bare object has.
    pub bare_object_size: u64,
    /// The string's header: up to and including its type pointer.
    pub header_size: u64,
    /// The fields found, by offset.
    pub fields: Vec<Field>,
    /// The bytes no field was found in.
    pub unidentified: Vec<Gap>,
}

/// What the judge derives from the fields found.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ObjectHasThreeFieldsDerived {
    /// Fields found in the string's memory, all roles.
    pub fields_found: usize,
    /// The fields that are none of the article's three, by name (a second count field too).
    pub beyond_the_three: Vec<String>,
    /// Bytes in no field found.
    pub unidentified_bytes: u64,
}

// --- memory.reference_on_the_stack -----------------------------------------------------------

/// Where an address lies: in which mapping of the process, and whether on this thread's C stack.
#[derive(Deserialize, JsonSchema)]
pub struct Place {
    /// The address.
    pub address: u64,
    /// Whether it lies within the running thread's C stack (`pthread_attr_getstack`).
    pub on_c_stack: bool,
    /// The mapping it lies in, as `/proc/self/maps` names it (`[heap]`, `anonymous`…).
    pub mapping: Option<String>,
    /// Where that mapping starts: two places in one mapping share it.
    pub mapping_start: Option<u64>,
}

/// `a = "hello"` at the snippet's top level.
#[derive(Deserialize, JsonSchema)]
pub struct ModuleLevel {
    /// `'a' in globals()` and `globals()['a'] is a`.
    pub in_globals: bool,
    /// `globals() is sys.modules[__name__].__dict__`: false where the host runs the snippet in a
    /// dict of its own.
    pub globals_is_module_dict: bool,
    /// `sys._getframe().f_locals is globals()`: at a module's top level the frame's locals are
    /// its globals.
    pub frame_locals_is_globals: bool,
    /// Whether `gc.get_referrers(a)` lists the globals dict.
    pub dict_refers_to_it: bool,
    /// The opcodes naming `a` in `compile('a = "hello"', …, "exec")`: `STORE_NAME`.
    pub opcodes: Vec<String>,
    /// `type(globals()).__name__`.
    pub namespace_type: String,
    /// `sys.getsizeof(globals())`, in bytes; absent where the implementation cannot say.
    pub namespace_size: Option<u64>,
    /// Where the globals dict is; absent where addresses can't be read.
    pub namespace: Option<Place>,
    /// The word that holds `a`'s reference, in the dict's entry whose key is `'a'`.
    pub entry: Option<Place>,
    /// How that word was reached from the dict object.
    pub entry_found: Option<String>,
    /// Whether rebinding `a` changed that very word.
    pub entry_follows_rebinding: Option<bool>,
}

/// `a = "hello"` inside a function (built at run time, so no other word holds its address).
#[derive(Deserialize, JsonSchema)]
pub struct FunctionLocal {
    /// `'a' in frame.f_code.co_varnames`: a local variable, given a slot number by the compiler.
    pub in_co_varnames: bool,
    /// The opcodes naming `a` in the function: `LOAD_FAST`, `STORE_FAST` (by slot number).
    pub opcodes: Vec<String>,
    /// `frame.f_locals['a'] is a`.
    pub in_f_locals: bool,
    /// `type(sys._getframe()).__name__`: `frame`.
    pub frame_type: String,
    /// `sys.getsizeof` of the frame object, in bytes.
    pub frame_size: u64,
    /// Where the frame object is.
    pub frame: Place,
    /// The word that holds `a`'s reference, looked for in the frame object and one pointer away.
    pub slot: Option<Place>,
    /// How that word was reached from the frame object.
    pub slot_found: Option<String>,
    /// Whether it lies inside the frame object itself (before 3.11) rather than one pointer away.
    pub slot_in_frame_object: Option<bool>,
    /// Whether rebinding `a` changed that very word.
    pub slot_follows_rebinding: bool,
    /// The same word for a local of a function it called.
    pub callee_slot: Option<Place>,
    /// How far above `a`'s slot the callee's local lies, in bytes.
    pub callee_above_by: Option<i64>,
}

/// Where `a`'s reference lives, at the top level and in a function.
#[derive(Deserialize, JsonSchema)]
pub struct ReferenceOnTheStack {
    /// At the snippet's top level, as in the article.
    pub module_level: ModuleLevel,
    /// Inside a function; absent where addresses can't be read.
    pub function: Option<FunctionLocal>,
    /// The running thread's C stack, `[low, high)`; absent where it can't be asked.
    pub c_stack: Option<[u64; 2]>,
    /// Why no address was read, where none was.
    pub addresses_unknown: Option<String>,
}

/// What the judge derives from where the references were found.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReferenceOnTheStackDerived {
    /// The top-level `a` is an entry of the module's dict.
    pub module_name_in_dict: bool,
    /// Its word lies on the C stack.
    pub module_entry_on_c_stack: bool,
    /// A function's local sits in a stack of frames the interpreter keeps (not inside the frame
    /// object, not on the C stack, a callee's frame just above it in the same mapping).
    pub local_on_interpreter_stack: bool,
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
    /// How the reader measured the references its own argument adds.
    pub calibration: Calibration,
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
    /// Whether it was gone after `gc.collect()`.
    pub acyclic_freed_by_collect: bool,
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

/// The run of ints around 0 that `int(text) is int(text)` holds for, walking out from 0.
#[derive(Deserialize, JsonSchema)]
pub struct ProbedCache {
    /// Whether 0 itself is shared: the walk starts there.
    pub zero_shared: bool,
    /// The lowest n reached before sharing stopped.
    pub lowest: i64,
    /// The highest n reached before sharing stopped.
    pub highest: i64,
    /// How far the walk went at most each way: reaching it means sharing never stopped.
    pub scan_limit: i64,
}

impl ProbedCache {
    /// Whether the walk stopped at its limit, either way, rather than at an int not shared.
    pub fn reached_limit(&self) -> bool {
        self.lowest <= self.scan_limit.saturating_neg() || self.highest >= self.scan_limit
    }
}

/// Which values built at run time are shared objects.
#[derive(Deserialize, JsonSchema)]
pub struct SmallIntAndInterning {
    /// A few ints from -6 to 1000, around the claim's -5..=256.
    pub ints: Vec<IntRow>,
    /// The boundaries of the shared run, probed.
    pub cache: ProbedCache,
    /// Equal strings built at run time, and interned.
    pub strings: Strings,
}

/// What the judge derives from the ints.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SmallIntAndInterningDerived {
    /// The values shared where the claim's -5..=256 says they are not, or the reverse.
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
    /// The embedded CPython (part 6's experiment again).
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
