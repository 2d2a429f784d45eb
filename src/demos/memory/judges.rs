//! The memory demo's judges: each claim's verdict and explanation from its typed evidence.

use super::evidence::*;
use crate::demos::kit::numbers::{plural, thousands};
use crate::demos::kit::parts;
use crate::demos::kit::python::Repr;
use crate::demos::kit::runtimes::{self, Finding, RuntimeEntry, Tally};
use crate::demos::{ClaimEvidence, NothingDerived};
use crate::report::{Judgement, Verdict};

impl ClaimEvidence for NamesAreReferences {
    type Derived = NothingDerived;

    fn judge(self) -> anyhow::Result<Judgement<NothingDerived>> {
        let e = self;
        let aliasing = e.same_object && e.ids_equal && e.mutation_visible && !e.copy_is_same_object;
        let names = format!(
            "`alias = numbers` made a second name for one object (alias is numbers: {}, same id: \
         {}); appending through alias shows through numbers ({}), while list(numbers) is a new \
         object (is: {})",
            e.same_object.repr(),
            e.ids_equal.repr(),
            e.seen_through_other_name.repr(),
            e.copy_is_same_object.repr()
        );
        let (holds_references, sizes) =
            match (e.big_str_size, e.list_holding_it_size, e.empty_list_size) {
                (Some(big), Some(list), Some(empty)) => (
                    list < big,
                    format!(
                        "sys.getsizeof counts an object's own memory: a list holding a {big}-byte \
                 string takes {list} bytes, {} more than an empty list ({empty}): one {}-byte \
                 reference, not the string",
                        list.saturating_sub(empty),
                        e.reference_size
                    ),
                ),
                // Without sizes, aliasing alone decides.
                _ => (
                    true,
                    "sys.getsizeof gave no sizes on this implementation".to_owned(),
                ),
            };
        let verdict = parts::both_parts(aliasing, holds_references);
        Ok(Judgement::new(verdict, format!("{names}; {sizes}.")))
    }
}

impl ClaimEvidence for RefcountStartsAtOne {
    type Derived = RefcountStartsAtOneDerived;

    fn judge(self) -> anyhow::Result<Judgement<RefcountStartsAtOneDerived>> {
        let RefcountStartsAtOne {
            method,
            calibration,
            fresh,
            literal,
        } = self;
        let argument_reference = fresh.getrefcount.saturating_sub(fresh.true_refcount);
        let fresh_is_one = !fresh.immortal && fresh.true_refcount == 1;
        let literal_is_one = !literal.immortal && literal.true_refcount == 1;
        let fresh_story = format!(
            "A string built at run time and bound to one name has a true count of {}, read by \
         {method}, {}; sys.getrefcount reports {}: its own argument is {} more reference",
            fresh.true_refcount,
            calibration.describe(),
            fresh.getrefcount,
            argument_reference
        );
        let literal_story = if literal.immortal {
            format!(
            "the article's literal \"hello\" is immortal (PEP 683; {}): its count is pinned at \
             {}, a marker that never changes, not a count of references",
            literal.immortal_check, literal.getrefcount
        )
        } else {
            format!(
                "the article's literal \"hello\" has a true count of {} (getrefcount {}): besides \
             the name, the compiled code's constants hold it, and so does any other loaded code \
             using the same interned literal",
                literal.true_refcount, literal.getrefcount
            )
        };
        let verdict = parts::core_and_rest(fresh_is_one, literal_is_one);
        Ok(
            Judgement::new(verdict, format!("{fresh_story}; {literal_story}.")).with_derived(
                RefcountStartsAtOneDerived {
                    getrefcount_extra: argument_reference,
                },
            ),
        )
    }
}

impl ClaimEvidence for ObjectHasThreeFields {
    type Derived = ObjectHasThreeFieldsDerived;

    fn judge(self) -> anyhow::Result<Judgement<ObjectHasThreeFieldsDerived>> {
        let e = self;
        let named = |role: FieldRole| -> Vec<&str> {
            e.fields
                .iter()
                .filter(|field| field.role == role)
                .map(|field| field.name.as_str())
                .collect()
        };
        let (counts, types, values) = (
            named(FieldRole::Count),
            named(FieldRole::Type),
            named(FieldRole::Value),
        );
        // A second field holding the count is one more than the article's one.
        let beyond: Vec<String> = e
            .fields
            .iter()
            .filter(|field| {
                field.role == FieldRole::Other
                    || (field.role == FieldRole::Count && counts.first() != Some(&&*field.name))
            })
            .map(|field| field.name.clone())
            .collect();
        let unidentified_bytes: u64 = e.unidentified.iter().map(|gap| gap.size).sum();
        let listing: Vec<String> = e
            .fields
            .iter()
            .map(|field| {
                format!(
                    "+{} {} ({}: {})",
                    field.offset,
                    field.name,
                    plural(field.size, "byte"),
                    field.value
                )
            })
            .collect();
        let gaps = if unidentified_bytes == 0 {
            String::new()
        } else {
            let runs: Vec<String> = e
                .unidentified
                .iter()
                .map(|gap| format!("+{} ({})", gap.offset, plural(gap.size, "byte")))
                .collect();
            format!(
                "; {} matched no field: {}",
                plural(unidentified_bytes, "byte"),
                runs.join(", ")
            )
        };
        let memory = format!(
            "sys.getsizeof(\"hello\") is {} bytes, for {} bytes of text. The {} bytes of a fresh \
             {}, read at its address with {}, hold {} fields: {}{gaps}",
            e.literal_size,
            e.text.len(),
            e.size,
            e.text.repr(),
            e.method,
            e.fields.len(),
            listing.join("; ")
        );
        let header = format!(
            "the count ({}) and the type (ob_type) make the object's {}-byte {} header{}",
            counts.join(", "),
            e.header_size,
            e.layout,
            if e.header_size == e.bare_object_size {
                format!(
                    ", all that a bare object() has (object().__sizeof__() = {})",
                    e.bare_object_size
                )
            } else {
                format!(" (object().__sizeof__() = {})", e.bare_object_size)
            }
        );
        let missing: Vec<&str> = [
            (counts.is_empty(), "no reference count"),
            (values.is_empty(), "no text"),
        ]
        .into_iter()
        .filter_map(|(absent, what)| absent.then_some(what))
        .collect();
        let judgement = if types.is_empty() {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{memory}. No word of the header held id(str), so the header was not read \
                     and the fields say nothing."
                ),
            )
        } else if !missing.is_empty() {
            Judgement::new(
                Verdict::Refuted,
                format!(
                    "{memory}. The object holds {} where the article puts it.",
                    missing.join(" and ")
                ),
            )
        } else if beyond.is_empty() && unidentified_bytes == 0 {
            Judgement::new(
                Verdict::Confirmed,
                format!("{memory}. Those are the article's three, and nothing else."),
            )
        } else {
            Judgement::new(
                Verdict::Nuanced,
                format!(
                    "{memory}. The article's three are there: {header}, and the value is the \
                     text; but the object holds {} more besides: {}.",
                    beyond.len(),
                    beyond.join(", ")
                ),
            )
        };
        Ok(judgement.with_derived(ObjectHasThreeFieldsDerived {
            fields_found: e.fields.len(),
            beyond_the_three: beyond,
            unidentified_bytes,
        }))
    }
}

/// "at 0x55d0c2a1b2c8 ([heap] memory, not on the C stack)".
fn describe_place(place: &Place, c_stack_known: bool) -> String {
    let stack = match (c_stack_known, place.on_c_stack) {
        (false, _) => "the C stack's bounds unknown",
        (true, true) => "on this thread's C stack",
        (true, false) => "not on the C stack",
    };
    format!(
        "at {:#x} ({} memory, {stack})",
        place.address,
        place.mapping.as_deref().unwrap_or("unmapped")
    )
}

impl FunctionLocal {
    /// The local's slot sits in a stack of frames the interpreter keeps: not inside the frame
    /// object, not on the C stack, with a callee's local just above it in the same mapping.
    fn on_interpreter_stack(&self, c_stack_known: bool) -> bool {
        let Some(slot) = &self.slot else {
            return false;
        };
        let callee_beside = self.callee_slot.as_ref().is_some_and(|callee| {
            callee.mapping_start.is_some() && callee.mapping_start == slot.mapping_start
        });
        c_stack_known
            && !slot.on_c_stack
            && self.slot_in_frame_object == Some(false)
            && self.slot_follows_rebinding
            && self.callee_above_by.is_some_and(|above| above > 0)
            && callee_beside
    }
}

impl ClaimEvidence for ReferenceOnTheStack {
    type Derived = ReferenceOnTheStackDerived;

    fn judge(self) -> anyhow::Result<Judgement<ReferenceOnTheStackDerived>> {
        let e = self;
        let m = &e.module_level;
        let c_stack_known = e.c_stack.is_some();
        let stack = e.c_stack.map_or_else(
            || "this thread's C stack could not be asked for its bounds".to_owned(),
            |[low, high]| format!("this thread's C stack is {low:#x}..{high:#x}"),
        );
        let module_in_dict = m.in_globals && m.dict_refers_to_it;
        let entry_on_c_stack = m.entry.as_ref().is_some_and(|entry| entry.on_c_stack);
        let size = m
            .namespace_size
            .map_or_else(String::new, |bytes| format!(" of {bytes} bytes"));
        let at = m.namespace.as_ref().map_or_else(String::new, |namespace| {
            format!(" {}", describe_place(namespace, c_stack_known))
        });
        let entry = match (&m.entry, &m.entry_found) {
            (Some(entry), Some(found)) => format!(
                "; the word holding a's reference, in the dict's entry for 'a' ({found}), is {}, \
                 and rebinding a changed it: {}",
                describe_place(entry, c_stack_known),
                m.entry_follows_rebinding.unwrap_or(false).repr()
            ),
            _ => String::new(),
        };
        let module = format!(
            "At the top level, a = \"hello\" compiles to {}: the reference goes into the module's \
             namespace, a {}{size}{at} ('a' in globals(): {}; gc.get_referrers(a) lists that \
             dict: {}; sys._getframe().f_locals is globals(): {}; globals() is \
             sys.modules[__name__].__dict__: {}){entry}",
            m.opcodes.join(", "),
            m.namespace_type,
            m.in_globals.repr(),
            m.dict_refers_to_it.repr(),
            m.frame_locals_is_globals.repr(),
            m.globals_is_module_dict.repr()
        );
        let local_on_stack = e
            .function
            .as_ref()
            .is_some_and(|function| function.on_interpreter_stack(c_stack_known));
        let function = match &e.function {
            None => format!(
                "Where a function's local lives was not read: {}",
                e.addresses_unknown
                    .as_deref()
                    .unwrap_or("no reason recorded")
            ),
            Some(f) => {
                let slot = match (&f.slot, &f.slot_found) {
                    (Some(slot), Some(found)) => format!(
                        "; a's slot, found {found}, is {}; rebinding a changed it: {}{}",
                        describe_place(slot, c_stack_known),
                        f.slot_follows_rebinding.repr(),
                        f.callee_above_by.map_or_else(String::new, |above| format!(
                            "; a callee's local lies {above} bytes above it{}",
                            if f.callee_slot.as_ref().is_some_and(|callee| {
                                callee.mapping_start.is_some()
                                    && callee.mapping_start == slot.mapping_start
                            }) {
                                ", in the same mapping"
                            } else {
                                ", in another mapping"
                            }
                        ))
                    ),
                    _ => "; no word reachable from the frame held its reference".to_owned(),
                };
                format!(
                    "Inside a function, a is a local ({}; in co_varnames: {}; frame.f_locals['a'] \
                     is a: {}); the call's {} object, which sys._getframe() returns, is {} \
                     bytes {}{slot}",
                    f.opcodes.join(", "),
                    f.in_co_varnames.repr(),
                    f.in_f_locals.repr(),
                    f.frame_type,
                    f.frame_size,
                    describe_place(&f.frame, c_stack_known)
                )
            }
        };
        let story = format!("{module}. {function}; {stack}.");
        let judgement = if !module_in_dict {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{story} The top-level a was not shown to be in the module's dict, so where \
                     its reference lives is not shown either."
                ),
            )
        } else if entry_on_c_stack {
            Judgement::new(
                Verdict::Confirmed,
                format!("{story} The top-level a's reference lies on the C stack."),
            )
        } else if local_on_stack {
            Judgement::new(
                Verdict::Nuanced,
                format!(
                    "{story} So the article's a, at a script's top level, is not on a stack: its \
                     reference is an entry of a dict on the heap. Only a function's locals sit on \
                     a stack, and it is the interpreter's own stack of frames, not the C stack."
                ),
            )
        } else {
            Judgement::new(
                Verdict::Refuted,
                format!(
                    "{story} The article's a, at a script's top level, is not on a stack: its \
                     reference is an entry of a dict on the heap, and no stack of frames holding \
                     a function's locals was seen either."
                ),
            )
        };
        Ok(judgement.with_derived(ReferenceOnTheStackDerived {
            module_name_in_dict: module_in_dict,
            module_entry_on_c_stack: entry_on_c_stack,
            local_on_interpreter_stack: local_on_stack,
        }))
    }
}

impl ClaimEvidence for RefcountTracks {
    type Derived = RefcountTracksDerived;

    fn judge(self) -> anyhow::Result<Judgement<RefcountTracksDerived>> {
        let RefcountTracks {
            method,
            calibration,
            rows,
            shared_objects,
        } = self;
        let matches = |row: &Row| {
            row.true_refcount == row.expected || (row.at_least && row.true_refcount > row.expected)
        };
        let mismatches: Vec<String> = rows
            .iter()
            .filter(|row| !matches(row))
            .map(|row| {
                format!(
                    "{:?} read {} where {}{} was expected",
                    row.step,
                    row.true_refcount,
                    if row.at_least { "at least " } else { "" },
                    row.expected
                )
            })
            .collect();
        let table: Vec<String> = rows
            .iter()
            .map(|row| format!("{} → {}", row.step, row.true_refcount))
            .collect();
        let getrefcount_extra: Vec<i64> = rows
            .iter()
            .map(|row| row.getrefcount.saturating_sub(row.true_refcount))
            .collect();
        let call_extras: Vec<String> = rows
            .iter()
            .filter(|row| row.at_least && row.true_refcount > row.expected)
            .map(|row| {
                format!(
                    " (during {:?} the call held {} beyond its parameter)",
                    row.step,
                    plural(
                        row.true_refcount
                            .saturating_sub(row.expected)
                            .unsigned_abs(),
                        "reference"
                    )
                )
            })
            .collect();
        let story = format!(
            "True counts, read by {method}, {}: {}{}. sys.getrefcount read {} more at each \
         step (its own argument)",
            calibration.describe(),
            table.join("; "),
            call_extras.concat(),
            getrefcount_extra.repr()
        );
        let never_moved = rows
            .windows(2)
            .all(|pair| pair[0].true_refcount == pair[1].true_refcount);
        let judgement = if rows.is_empty() {
            Judgement::new(Verdict::Inconclusive, "No step was recorded.")
        } else if never_moved && rows.len() > 1 {
            Judgement::new(
                Verdict::Refuted,
                format!(
                    "{story}; the count never moved, whatever references came and went (the mark \
                 of an immortal object, PEP 683).",
                ),
            )
        } else if mismatches.is_empty() {
            Judgement::new(
                Verdict::Confirmed,
                format!(
                    "{story}; at all {} steps the count equalled the references held: each name, \
                 list element and argument added one, each removal took one away.",
                    rows.len()
                ),
            )
        } else if mismatches.len() < rows.len() {
            Judgement::new(
                Verdict::Nuanced,
                format!(
                    "{story}; but {} of {} steps did not match the references held: {}.",
                    mismatches.len(),
                    rows.len(),
                    mismatches.join("; ")
                ),
            )
        } else {
            Judgement::new(
                Verdict::Refuted,
                format!(
                    "{story}; no step matched the references held: {}.",
                    mismatches.join("; ")
                ),
            )
        };
        let immortal_objects: Vec<String> = shared_objects
            .iter()
            .filter(|object| object.immortal)
            .map(|object| object.expression.clone())
            .collect();
        let judgement = with_shared_objects(judgement, &shared_objects, &immortal_objects);
        Ok(judgement.with_derived(RefcountTracksDerived {
            steps_checked: rows.len(),
            steps_mismatched: mismatches.len(),
            immortal_objects,
        }))
    }
}

/// The payload's verdict, told beside the objects every program shares: where some of them are
/// immortal (3.12+, PEP 683), their counts do not follow references, and a confirmed claim is
/// only part of the story.
fn with_shared_objects<D>(
    judgement: Judgement<D>,
    shared: &[SharedObject],
    immortal: &[String],
) -> Judgement<D> {
    if shared.is_empty() {
        return judgement;
    }
    let counts: Vec<String> = shared
        .iter()
        .map(|object| {
            format!(
                "{}: {} → {}",
                object.expression,
                thousands(object.getrefcount as f64),
                thousands(object.getrefcount_with_3_more as f64)
            )
        })
        .collect();
    let story = format!(
        "sys.getrefcount of objects every program shares, before and with 3 more references: {}",
        counts.join(", ")
    );
    let Judgement {
        verdict,
        explanation,
        derived,
    } = judgement;
    let explanation = explanation.trim_end_matches('.');
    let (verdict, ending) = if immortal.is_empty() {
        let moved: Vec<String> = shared
            .iter()
            .map(|object| object.moved().to_string())
            .collect();
        (
            verdict,
            format!(
                "{story}: they moved by {} too, so no object here is exempt.",
                moved.join(", ")
            ),
        )
    } else {
        let check = shared
            .iter()
            .find(|object| object.immortal)
            .map_or("", |object| object.immortal_check.as_str());
        let verdict = if verdict == Verdict::Confirmed {
            Verdict::Nuanced
        } else {
            verdict
        };
        (
            verdict,
            format!(
                "{story}. But not every object counts: {} {} immortal here ({check}), {} count \
                 pinned at a marker that no reference moves (PEP 683).",
                immortal.join(", "),
                if immortal.len() == 1 { "is" } else { "are" },
                if immortal.len() == 1 { "its" } else { "their" }
            ),
        )
    };
    Judgement {
        verdict,
        explanation: format!("{explanation}. {ending}"),
        derived,
    }
}

impl ClaimEvidence for ZeroRefcountFrees {
    type Derived = NothingDerived;

    fn judge(self) -> anyhow::Result<Judgement<NothingDerived>> {
        let e = self;
        let collections = match e.collections_between {
            Some(n) => format!("ran {} meanwhile", plural(n, "collection")),
            None => "does not report its collections here".to_owned(),
        };
        let story = format!(
            "Events in order: {}; the garbage collector was {} at the del and {collections}",
            e.events.repr(),
            if e.gc_enabled_at_del {
                "enabled"
            } else {
                "disabled"
            }
        );
        let no_collection = !e.gc_enabled_at_del && e.collections_between.unwrap_or(0) == 0;
        let verdict = match (e.freed_at_del, no_collection) {
            (true, true) => Verdict::Confirmed,
            // Freed at the del, but a collection could have done it: this run can't tell.
            (true, false) => Verdict::Inconclusive,
            (false, _) => Verdict::Refuted,
        };
        let ending = match verdict {
        Verdict::Confirmed => {
            ": the finalizer ran inside the del statement, so reference counting alone freed it."
        }
        Verdict::Refuted => ": the object outlived its last reference until a collection.",
        _ => ": a collection may have freed it, so this run shows nothing either way.",
    };
        Ok(Judgement::new(verdict, format!("{story}{ending}")))
    }
}

/// The glossary's entry "garbage collection" (docs.python.org), where Python "performs" it
/// this way: the broad reading of the article's "garbage collector".
const GLOSSARY_GARBAGE_COLLECTION: &str =
    "performs garbage collection via reference counting and a cyclic garbage collector";

impl ClaimEvidence for GcFreesZeroRefcount {
    type Derived = GcFreesZeroRefcountDerived;

    fn judge(self) -> anyhow::Result<Judgement<GcFreesZeroRefcountDerived>> {
        let e = self;
        let refcounting_frees = e.acyclic_freed_at_del;
        let cycle_needs_collector = e.cycle_alive_after_del
            && e.cycle_alive_past_threshold
            && e.cycle_freed_by_collect
            && e.collected.is_none_or(|n| n >= 2);
        let acyclic = format!(
            "with the collector disabled, an acyclic object {}",
            match (refcounting_frees, e.acyclic_freed_by_collect) {
                (true, _) => "was freed at its del",
                (false, true) => "outlived its del and was freed by gc.collect()",
                (false, false) => "outlived both its del and gc.collect()",
            }
        );
        let counts = match (e.cycle_count_before_del, e.cycle_count_after_del) {
            (Some(before), Some(after)) => {
                format!(" kept a count of {before} → {after} across their del (never zero) and")
            }
            _ => String::new(),
        };
        let generations = match (&e.thresholds, &e.counts_with_clutter) {
            (Some(thresholds), Some(counts)) => {
                format!(
                    " (generation thresholds {}, counts then {})",
                    thresholds.repr(),
                    counts.repr()
                )
            }
            _ => String::new(),
        };
        let collected = e
            .collected
            .map_or_else(String::new, |n| format!(", which returned {n}"));
        let allocations = plural(e.allocations_while_disabled, "allocation");
        let cycle = format!(
            "two objects referring to each other{counts} {}{generations} and were {} by \
             gc.collect(){collected}",
            match (e.cycle_alive_after_del, e.cycle_alive_past_threshold) {
                (true, true) => {
                    format!("stayed alive with the collector disabled through {allocations}")
                }
                (true, false) => format!("outlived their del but not {allocations}"),
                _ => format!("were gone at their del, before {allocations}"),
            },
            if e.cycle_freed_by_collect {
                "freed only"
            } else {
                "not freed"
            }
        );
        let counts_readable = e.cycle_count_before_del.is_some();
        let judgement = match (refcounting_frees, cycle_needs_collector) {
            (true, true) => Judgement::new(
                Verdict::Nuanced,
                format!(
                    "It depends on what \"the garbage collector\" is. Read as the gc module's \
                     collector, the claim is wrong: reference counting, not the collector, frees \
                     an object whose count reaches zero ({acyclic}). Read as the whole memory \
                     manager, as in the glossary, where Python \
                     \"{GLOSSARY_GARBAGE_COLLECTION}\", it holds for those objects, but they are \
                     not all it frees: the cyclic collector frees what counting never brings to \
                     zero: {cycle}."
                ),
            ),
            (false, _) if e.acyclic_freed_by_collect && counts_readable => Judgement::new(
                Verdict::Confirmed,
                format!(
                    "Here the collector is what frees an object once nothing refers to it: \
                     {acyclic}; and {cycle}."
                ),
            ),
            (false, _) if e.acyclic_freed_by_collect => Judgement::new(
                Verdict::Nuanced,
                format!(
                    "Here the collector does free unreferenced objects ({acyclic}), as a tracing \
                 collector such as PyPy's does, but it counts no references: {cycle}."
                ),
            ),
            _ => Judgement::new(
                Verdict::Inconclusive,
                format!("The two cases did not separate: {acyclic}; {cycle}."),
            ),
        };
        Ok(judgement.with_derived(GcFreesZeroRefcountDerived {
            cycle_needed_collector: cycle_needs_collector,
        }))
    }
}

/// CPython's shared small ints, as the claim states them ("-5 to 256"): what the probed
/// boundaries are held against.
const CLAIMED_SMALL_INTS: std::ops::RangeInclusive<i64> = -5..=256;

impl ClaimEvidence for SmallIntAndInterning {
    type Derived = SmallIntAndInterningDerived;

    fn judge(self) -> anyhow::Result<Judgement<SmallIntAndInterningDerived>> {
        let SmallIntAndInterning {
            ints,
            cache,
            strings: s,
        } = self;
        let values = |shared: bool| -> String {
            let values: Vec<String> = ints
                .iter()
                .filter(|row| row.shared == shared)
                .map(|row| row.value.to_string())
                .collect();
            if values.is_empty() {
                "none".to_owned()
            } else {
                format!("[{}]", values.join(", "))
            }
        };
        let unexpected: Vec<i64> = ints
            .iter()
            .filter(|row| row.shared != CLAIMED_SMALL_INTS.contains(&row.value))
            .map(|row| row.value)
            .collect();
        let probed_as_claimed = cache.zero_shared
            && !cache.reached_limit()
            && cache.lowest == *CLAIMED_SMALL_INTS.start()
            && cache.highest == *CLAIMED_SMALL_INTS.end();
        let ints_ok = !ints.is_empty() && unexpected.is_empty() && probed_as_claimed;
        let strings_ok = s.built_equal && !s.built_same_object && s.interned_same_object;
        let probe = if !cache.zero_shared {
            "Even two ints built from \"0\" were distinct objects: no int is cached".to_owned()
        } else if cache.reached_limit() {
            format!(
                "Walking out from 0, every int from {} to {} was one shared object, and the walk \
                 stopped at its limit of {}: sharing here follows no cached range",
                cache.lowest,
                cache.highest,
                thousands(cache.scan_limit as f64)
            )
        } else {
            format!(
                "Walking out from 0, every int from {} to {} was one shared object and {} and {} \
                 were not: the cached range is {}..={}, {}",
                cache.lowest,
                cache.highest,
                cache.lowest.saturating_sub(1),
                cache.highest.saturating_add(1),
                cache.lowest,
                cache.highest,
                if probed_as_claimed {
                    "as the claim says"
                } else {
                    "not the claim's -5 to 256"
                }
            )
        };
        let ints_story = format!(
            "{probe}; spot checks of int(text) built twice at run time gave one shared object \
             for {} and two distinct objects for {}{}",
            values(true),
            values(false),
            if unexpected.is_empty() {
                String::new()
            } else {
                format!(" (against the claim's -5 to 256: {})", unexpected.repr())
            }
        );
        let strings_story =
            format!(
            "two equal strings joined at run time were {} object{}; after sys.intern they were \
             {}; the literal \"hello\" {} that interned object",
            if s.built_same_object {
                "the same"
            } else {
                "two distinct"
            },
            if s.built_same_object { "" } else { "s" },
            if s.interned_same_object {
                "one object"
            } else {
                "still two"
            },
            if s.literal_is_interned { "is" } else { "is not" }
        );
        let verdict = parts::both_parts(ints_ok, strings_ok);
        Ok(
            Judgement::new(verdict, format!("{ints_story}; {strings_story}.")).with_derived(
                SmallIntAndInterningDerived {
                    unexpected_ints: unexpected,
                },
            ),
        )
    }
}

/// Where in the sequence of events the object's callback ran.
fn when_freed(events: &[String]) -> &'static str {
    let Some(at) = events.iter().position(|event| event == "finalizer ran") else {
        return "never, within the 2 s the probe waited";
    };
    match at.checked_sub(1).map(|before| events[before].as_str()) {
        Some("before del") => "inside the del",
        Some("after del") => "during gc.collect()",
        Some("after gc.collect()") => {
            "only after gc.collect() had returned, on a thread of its own,"
        }
        _ => "at an unexpected point",
    }
}

/// "Here, CPython 3.11.7 has sys.getrefcount and its weakref.finalize callback ran inside the
/// del (…)".
fn describe_freeing(place: &str, implementation: &str, version: &str, freeing: &Freeing) -> String {
    format!(
        "{place}, {implementation} {version} {} sys.getrefcount and its {} callback ran {} ({})",
        if freeing.has_getrefcount {
            "has"
        } else {
            "has no"
        },
        freeing.callback,
        when_freed(&freeing.events),
        freeing.events.join(" → ")
    )
}

/// A runtime that ran, with what it is and what it found.
struct Ran<'a> {
    name: &'a str,
    implementation: &'a str,
    version: &'a str,
    is_cpython: bool,
    freeing: &'a Freeing,
}

impl<'a> Ran<'a> {
    fn of(runtime: &'a RuntimeEntry<Option<Freeing>>) -> anyhow::Result<Self> {
        let name = runtime.name.as_str();
        let shape =
            || anyhow::anyhow!("{name} ran but its findings do not have the expected shape");
        Ok(Ran {
            name,
            implementation: runtime.implementation.as_deref().ok_or_else(shape)?,
            version: runtime.version.as_deref().ok_or_else(shape)?,
            is_cpython: runtime.is_cpython(),
            freeing: runtime.found.as_ref().ok_or_else(shape)?,
        })
    }

    /// Another implementation differs from CPython when it neither counts references nor frees
    /// at the del; it is like CPython when it does both.
    fn finding(&self) -> Finding {
        match (self.freeing.has_getrefcount, self.freeing.freed_at_del) {
            (false, false) => Finding::AsClaimed,
            (true, true) => Finding::Against,
            _ => Finding::Partly,
        }
    }
}

impl ClaimEvidence for RefcountingIsCpythonSpecific {
    type Derived = RefcountingIsCpythonSpecificDerived;

    fn judge(self) -> anyhow::Result<Judgement<RefcountingIsCpythonSpecificDerived>> {
        let e = self;
        let ran: Vec<Ran> = runtimes::ran(&e.runtimes)
            .into_iter()
            .map(Ran::of)
            .collect::<anyhow::Result<_>>()?;
        let (also_cpython, others): (Vec<&Ran>, Vec<&Ran>) =
            ran.iter().partition(|runtime| runtime.is_cpython);
        let here = &e.cpython;
        let counts_and_frees_at_del = here.freeing.has_getrefcount && here.freeing.freed_at_del;
        let story = std::iter::once(describe_freeing(
            "Here",
            &here.implementation,
            &here.version,
            &here.freeing,
        ))
        .chain(ran.iter().map(|runtime| {
            describe_freeing(
                &format!("on {}", runtime.name),
                runtime.implementation,
                runtime.version,
                runtime.freeing,
            )
        }))
        .collect::<Vec<_>>()
        .join("; ");
        let missing = runtimes::not_compared(&e.runtimes);
        let judgement = if others.is_empty() {
            let only = if also_cpython.is_empty() {
                String::new()
            } else {
                format!(" Only CPython ran: {story}.")
            };
            Judgement::new(
                Verdict::Skipped,
                format!("{}{only}", runtimes::nothing_to_compare(&e.runtimes)),
            )
        } else if !counts_and_frees_at_del {
            Judgement::new(
                Verdict::Inconclusive,
                format!(
                    "{story}.{missing} CPython itself did not show reference counting at work \
                     here, so the comparison shows nothing."
                ),
            )
        } else {
            let tally: Tally = others.iter().map(|runtime| runtime.finding()).collect();
            let verdict = tally.verdict();
            let ending = match verdict {
                Verdict::Confirmed => {
                    " Reference counts are CPython's: the others count nothing and free an \
                     object only when their collector runs."
                }
                Verdict::Refuted => {
                    " The other implementations counted references and freed at the del, as \
                     CPython does."
                }
                _ => " The other implementations do not all differ from CPython in both ways.",
            };
            Judgement::new(verdict, format!("{story}.{missing}{ending}"))
        };
        Ok(judgement.with_derived(RefcountingIsCpythonSpecificDerived {
            ran: runtimes::ran_labels(&e.runtimes),
            other_implementations_ran: others.len(),
        }))
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::kit::runtimes::testing::{missing, ran, timed_out};
    use crate::demos::testing::{self, judge};
    use serde_json::{json, Value};

    fn names(same: bool, list_size: u64) -> Value {
        json!({"same_object": same, "ids_equal": same, "seen_through_other_name": [1, 2, 3, 4],
               "mutation_visible": same, "copy_is_same_object": false,
               "big_str_size": 100_049, "list_holding_it_size": list_size,
               "empty_list_size": 56, "reference_size": 8})
    }

    #[test]
    fn names_confirmed_by_aliasing_and_sizes() {
        let judgement = judge::<NamesAreReferences>(&names(true, 64)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("names_are_references__confirmed", &judgement);
        assert!(judgement.explanation.contains("takes 64 bytes, 8 more"));
        let judgement = judge::<NamesAreReferences>(&names(true, 200_000)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("names_are_references__nuanced", &judgement);
        let judgement = judge::<NamesAreReferences>(&names(false, 200_000)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("names_are_references__refuted", &judgement);
        let mut no_sizes = names(true, 64);
        for key in ["big_str_size", "list_holding_it_size", "empty_list_size"] {
            no_sizes[key] = Value::Null;
        }
        let judgement = judge::<NamesAreReferences>(&no_sizes).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("names_are_references__confirmed_2", &judgement);
        assert!(judgement.explanation.contains("gave no sizes"));
    }

    fn calibration() -> Value {
        json!({"probe_count_in_place": 1, "probe_count_in_the_call": 2,
               "argument_references": 1})
    }

    fn counts(fresh: (i64, i64), literal: (i64, i64, bool)) -> Value {
        json!({"method": "host: _pyconcepts.refcnt", "calibration": calibration(),
               "fresh": {"getrefcount": fresh.0, "true_refcount": fresh.1, "immortal": false,
                         "immortal_check": "count moved by 3 when 3 references were added"},
               "literal": {"getrefcount": literal.0, "true_refcount": literal.1,
                           "immortal": literal.2,
                           "immortal_check": if literal.2 { "sys._is_immortal()" }
                                             else { "count moved by 3" }}})
    }

    #[test]
    fn starts_at_one_nuanced_by_the_literal() {
        let judgement = judge::<RefcountStartsAtOne>(&counts((2, 1), (4, 3, false))).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("refcount_starts_at_one__nuanced", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &["true count of 1", "sys.getrefcount reports 2"],
        );
        assert!(judgement.explanation.contains(
            "read by host: _pyconcepts.refcnt, calibrated on a fresh object: count 1 in place, 2 \
             inside the call, so each reading subtracts 1; sys.getrefcount reports 2"
        ));
        assert!(judgement
            .explanation
            .contains("true count of 3 (getrefcount 4)"));
        assert_eq!(judgement.derived.unwrap().getrefcount_extra, 1);
    }

    #[test]
    fn starts_at_one_explains_immortal_literals() {
        // What 3.12 reports for an interned literal: a pinned count, immortal by PEP 683.
        let evidence = counts((2, 1), (4_294_967_295, 4_294_967_294, true));
        let judgement = judge::<RefcountStartsAtOne>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("refcount_starts_at_one__nuanced_2", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "immortal (PEP 683; sys._is_immortal())",
                "pinned at 4294967295",
            ],
        );
    }

    #[test]
    fn starts_at_one_confirmed_or_refuted_by_the_counts() {
        let judgement = judge::<RefcountStartsAtOne>(&counts((2, 1), (2, 1, false))).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("refcount_starts_at_one__confirmed", &judgement);
        let judgement = judge::<RefcountStartsAtOne>(&counts((3, 2), (4, 3, false))).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("refcount_starts_at_one__refuted", &judgement);
    }

    fn table(inside_the_call: i64) -> Value {
        let rows: Vec<Value> = [
            ("payload = Payload()", 1, 1),
            ("other_name = payload", 2, 2),
            ("box = [payload]", 3, 3),
            ("inside counted_inside(payload)", 4, inside_the_call),
            ("after the call returned", 3, 3),
            ("del other_name", 2, 2),
            ("box.clear()", 1, 1),
        ]
        .iter()
        .map(|(step, expected, count)| {
            json!({"step": step, "expected": expected,
                   "at_least": step.starts_with("inside"), "getrefcount": count + 1,
                   "true_refcount": count})
        })
        .collect();
        json!({"method": "ctypes", "calibration": calibration(), "rows": rows})
    }

    #[test]
    fn tracking_without_a_step_is_inconclusive() {
        let mut evidence = table(4);
        evidence["rows"] = json!([]);
        let judgement = judge::<RefcountTracks>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("refcount_tracks_references__inconclusive", &judgement);
    }

    #[test]
    fn tracking_confirmed_when_every_step_matches_the_references_held() {
        let judgement = judge::<RefcountTracks>(&table(4)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("refcount_tracks_references__confirmed", &judgement);
        assert!(judgement.explanation.contains("box = [payload] → 3"));
        assert_eq!(judgement.derived.unwrap().steps_checked, 7);
    }

    #[test]
    fn tracking_confirmed_when_a_call_holds_its_argument_twice() {
        // 3.10: the caller's stack keeps the argument while the parameter holds it too.
        let judgement = judge::<RefcountTracks>(&table(5)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("refcount_tracks_references__confirmed_2", &judgement);
        assert!(judgement
            .explanation
            .contains("held 1 reference beyond its parameter"));
    }

    #[test]
    fn tracking_nuanced_when_an_argument_is_borrowed() {
        // An interpreter that passes arguments as borrowed references: no change in the call.
        let judgement = judge::<RefcountTracks>(&table(3)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("refcount_tracks_references__nuanced", &judgement);
        assert!(judgement
            .explanation
            .contains("read 3 where at least 4 was expected"));
        assert_eq!(judgement.derived.unwrap().steps_mismatched, 1);
    }

    #[test]
    fn tracking_refuted_when_the_count_never_moves() {
        let mut evidence = table(1);
        for row in evidence["rows"].as_array_mut().unwrap() {
            row["true_refcount"] = json!(3_221_225_472_i64); // an immortal object (3.14)
        }
        let judgement = judge::<RefcountTracks>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("refcount_tracks_references__refuted", &judgement);
        assert!(judgement.explanation.contains("never moved"));
    }

    /// `None`, `True`, `0` and `()` as the snippet records them: (before, with 3 more) each.
    fn shared_objects(counts: [(i64, i64); 4]) -> Value {
        let rows: Vec<Value> = ["None", "True", "0", "()"]
            .iter()
            .zip(counts)
            .map(|(expression, (before, after))| {
                json!({"expression": expression, "getrefcount": before,
                       "getrefcount_with_3_more": after, "immortal": before == after,
                       "immortal_check": format!("count moved by {} when 3 references were \
                                                  added", after - before)})
            })
            .collect();
        Value::Array(rows)
    }

    #[test]
    fn tracking_stays_confirmed_where_every_shared_object_counts_too() {
        // 3.11: None's count moves like any other; 0 and () start above a billion, and move.
        let mut evidence = table(4);
        evidence["shared_objects"] = shared_objects([
            (5948, 5951),
            (542, 545),
            (1_000_000_608, 1_000_000_611),
            (1_000_000_617, 1_000_000_620),
        ]);
        let judgement = judge::<RefcountTracks>(&evidence).unwrap();
        testing::assert_judged(
            "refcount_tracks_references__confirmed_3",
            Verdict::Confirmed,
            &judgement,
        );
        testing::assert_quotes(
            &judgement.explanation,
            &["None: 5,948 → 5,951", "moved by 3, 3, 3, 3 too"],
        );
        assert!(judgement.derived.unwrap().immortal_objects.is_empty());
    }

    #[test]
    fn tracking_nuanced_where_shared_objects_are_immortal() {
        // 3.12 and 3.13 (classic or free-threaded): the payload counts, None and the others
        // are pinned at 4294967295 (3.14 pins them at 3221225472).
        let mut evidence = table(4);
        evidence["shared_objects"] = shared_objects([(4_294_967_295, 4_294_967_295); 4]);
        let judgement = judge::<RefcountTracks>(&evidence).unwrap();
        testing::assert_judged(
            "refcount_tracks_references__nuanced_2",
            Verdict::Nuanced,
            &judgement,
        );
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "None: 4,294,967,295 → 4,294,967,295",
                "None, True, 0, () are immortal here (count moved by 0",
                "box.clear() → 1",
            ],
        );
        assert_eq!(
            judgement.derived.unwrap().immortal_objects,
            ["None", "True", "0", "()"]
        );
        let mut on_314 = table(4);
        on_314["shared_objects"] = shared_objects([(3_221_225_472, 3_221_225_472); 4]);
        let judgement = judge::<RefcountTracks>(&on_314).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("refcount_tracks_references__nuanced_3", &judgement);
    }

    #[test]
    fn zero_refcount_needs_the_finalizer_inside_the_del() {
        let now = json!({"events": ["before del", "finalizer ran", "after del"],
                         "freed_at_del": true, "gc_enabled_at_del": false,
                         "collections_between": 0});
        let judgement = judge::<ZeroRefcountFrees>(&now).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("zero_refcount_frees_immediately__confirmed", &judgement);
        // PyPy: the finalizer runs only once the collector does.
        let later = json!({"events": ["before del", "after del", "finalizer ran",
                                      "after gc.collect()"],
                           "freed_at_del": false, "gc_enabled_at_del": false,
                           "collections_between": 0});
        let judgement = judge::<ZeroRefcountFrees>(&later).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("zero_refcount_frees_immediately__refuted", &judgement);
        assert!(judgement.explanation.contains("'after gc.collect()'"));
        let pypy = json!({"events": ["before del", "after del", "finalizer ran",
                                     "after gc.collect()"],
                          "freed_at_del": false, "gc_enabled_at_del": false,
                          "collections_between": null});
        let judgement = judge::<ZeroRefcountFrees>(&pypy).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("zero_refcount_frees_immediately__refuted_2", &judgement);
        assert!(judgement
            .explanation
            .contains("does not report its collections"));
        let noisy = json!({"events": ["before del", "finalizer ran", "after del"],
                           "freed_at_del": true, "gc_enabled_at_del": true,
                           "collections_between": 1});
        let judgement = judge::<ZeroRefcountFrees>(&noisy).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("zero_refcount_frees_immediately__inconclusive", &judgement);
    }

    fn collector(acyclic_freed: bool, alive_after_del: bool) -> Value {
        json!({"acyclic_freed_at_del": acyclic_freed, "acyclic_freed_by_collect": true,
               "cycle_count_before_del": 2,
               "cycle_count_after_del": 1, "cycle_alive_after_del": alive_after_del,
               "allocations_while_disabled": 2100, "cycle_alive_past_threshold": alive_after_del,
               "collected": 3, "cycle_freed_by_collect": true, "thresholds": [700, 10, 10],
               "counts_at_start": [5, 0, 0], "counts_with_clutter": [2113, 0, 0],
               "counts_after_collect": [1, 0, 0], "gc_enabled_restored": true})
    }

    #[test]
    fn collector_claim_nuanced_when_counting_frees_and_cycles_need_gc() {
        let judgement = judge::<GcFreesZeroRefcount>(&collector(true, true)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("gc_frees_zero_refcount__nuanced", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "Read as the gc module's collector, the claim is wrong",
                "an acyclic object was freed at its del",
                "\"performs garbage collection via reference counting and a cyclic garbage \
                 collector\"",
                "count of 2 → 1",
                "which returned 3",
                "[700, 10, 10]",
            ],
        );
        assert!(judgement.derived.unwrap().cycle_needed_collector);
    }

    #[test]
    fn collector_claim_confirmed_where_only_the_collector_frees() {
        // A counting implementation whose collector, not the del, frees an acyclic object.
        let judgement = judge::<GcFreesZeroRefcount>(&collector(false, true)).unwrap();
        testing::assert_judged(
            "gc_frees_zero_refcount__confirmed",
            Verdict::Confirmed,
            &judgement,
        );
        assert!(judgement
            .explanation
            .contains("an acyclic object outlived its del and was freed by gc.collect()"));
        let mut never = collector(false, true);
        never["acyclic_freed_by_collect"] = json!(false);
        let judgement = judge::<GcFreesZeroRefcount>(&never).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("gc_frees_zero_refcount__inconclusive", &judgement);
    }

    #[test]
    fn collector_claim_nuanced_on_a_tracing_collector() {
        // What PyPy reports: no counts, no thresholds, collect() returns None.
        let mut pypy = collector(false, true);
        for key in [
            "cycle_count_before_del",
            "cycle_count_after_del",
            "collected",
            "thresholds",
            "counts_with_clutter",
        ] {
            pypy[key] = Value::Null;
        }
        let judgement = judge::<GcFreesZeroRefcount>(&pypy).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("gc_frees_zero_refcount__nuanced_2", &judgement);
        assert!(!judgement.explanation.contains("count of"));
        assert!(judgement.explanation.contains("stayed alive"));
        let judgement = judge::<GcFreesZeroRefcount>(&collector(true, false)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("gc_frees_zero_refcount__inconclusive_2", &judgement);
    }

    fn sharing(shared: &[(i64, bool)], built_same: bool) -> Value {
        let ints: Vec<Value> = shared
            .iter()
            .map(|(value, shared)| json!({"value": value, "shared": shared}))
            .collect();
        json!({"ints": ints,
               "cache": {"zero_shared": true, "lowest": -5, "highest": 256,
                         "scan_limit": 100_000},
               "strings": {"built_equal": true, "built_same_object": built_same,
                           "interned_same_object": true, "literal_is_interned": true}})
    }

    #[test]
    fn small_ints_follow_the_range() {
        let cpython = [
            (-6, false),
            (-5, true),
            (256, true),
            (257, false),
            (1000, false),
        ];
        let judgement = judge::<SmallIntAndInterning>(&sharing(&cpython, false)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("small_int_and_interning__confirmed", &judgement);
        assert!(judgement.explanation.contains("[-5, 256]"));
        assert!(judgement.explanation.contains(
            "every int from -5 to 256 was one shared object and -6 and 257 were not: the cached \
             range is -5..=256, as the claim says"
        ));
        // PyPy answers `is` for equal ints by value: every int looks shared.
        let by_value = [
            (-6, true),
            (-5, true),
            (256, true),
            (257, true),
            (1000, true),
        ];
        let judgement = judge::<SmallIntAndInterning>(&sharing(&by_value, false)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("small_int_and_interning__nuanced", &judgement);
        assert!(judgement.explanation.contains("[-6, 257, 1000]"));
        let judgement = judge::<SmallIntAndInterning>(&sharing(&by_value, true)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("small_int_and_interning__refuted", &judgement);
    }

    #[test]
    fn small_ints_quote_the_probed_boundaries_against_the_claim() {
        let cpython = [(-6, false), (-5, true), (256, true), (257, false)];
        // An interpreter whose cache reaches 1024: the spot checks agree, the walk does not.
        let mut wider = sharing(&cpython, false);
        wider["cache"]["highest"] = json!(1024);
        let judgement = judge::<SmallIntAndInterning>(&wider).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("small_int_and_interning__nuanced_2", &judgement);
        assert!(judgement.explanation.contains(
            "every int from -5 to 1024 was one shared object and -6 and 1025 were not: the \
             cached range is -5..=1024, not the claim's -5 to 256"
        ));
        // Sharing by value (PyPy): the walk runs to its limit.
        let mut by_value = sharing(&cpython, false);
        by_value["cache"]["lowest"] = json!(-100_000);
        by_value["cache"]["highest"] = json!(100_000);
        let judgement = judge::<SmallIntAndInterning>(&by_value).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("small_int_and_interning__nuanced_3", &judgement);
        assert!(judgement
            .explanation
            .contains("stopped at its limit of 100,000"));
        let mut none = sharing(&cpython, false);
        none["cache"]["zero_shared"] = json!(false);
        assert!(judge::<SmallIntAndInterning>(&none)
            .unwrap()
            .explanation
            .starts_with("Even two ints built from \"0\" were distinct"));
    }

    /// A fresh "hello" as 3.12 and 3.13 lay it out: 46 bytes, a classic 16-byte header.
    fn classic_str() -> Value {
        json!({"method": "ctypes.string_at(id(text), text.__sizeof__())", "layout": "classic",
               "text": "hello", "size": 46, "literal_size": 46, "bare_object_size": 16,
               "header_size": 16,
               "fields": [
                   {"name": "ob_refcnt", "role": "count", "offset": 0, "size": 8, "value": "1"},
                   {"name": "ob_type", "role": "type", "offset": 8, "size": 8,
                    "value": "0x7f0a97b63c20, id(str)"},
                   {"name": "length", "role": "other", "offset": 16, "size": 8,
                    "value": "5, len(text)"},
                   {"name": "hash", "role": "other", "offset": 24, "size": 8,
                    "value": "-5867618539637892291, hash(text) (-1 until hash() was called)"},
                   {"name": "state", "role": "other", "offset": 32, "size": 4,
                    "value": "kind 1 (bytes a character), compact True, ascii True"},
                   {"name": "text", "role": "value", "offset": 40, "size": 5,
                    "value": "b'hello'"},
                   {"name": "NUL", "role": "other", "offset": 45, "size": 1,
                    "value": "0, a C string's terminator"}],
               "unidentified": [{"offset": 36, "size": 4}]})
    }

    #[test]
    fn three_fields_nuanced_by_what_else_a_str_carries() {
        let judgement = judge::<ObjectHasThreeFields>(&classic_str()).unwrap();
        testing::assert_judged(
            "object_has_three_fields__nuanced",
            Verdict::Nuanced,
            &judgement,
        );
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "sys.getsizeof(\"hello\") is 46 bytes, for 5 bytes of text",
                "+0 ob_refcnt (8 bytes: 1); +8 ob_type (8 bytes: 0x7f0a97b63c20, id(str))",
                "4 bytes matched no field: +36 (4 bytes)",
                "the count (ob_refcnt) and the type (ob_type) make the object's 16-byte classic \
                 header, all that a bare object() has (object().__sizeof__() = 16)",
                "holds 4 more besides: length, hash, state, NUL",
            ],
        );
        let derived = judgement.derived.unwrap();
        assert_eq!(derived.fields_found, 7);
        assert_eq!(derived.unidentified_bytes, 4);
    }

    #[test]
    fn three_fields_on_a_free_threaded_header() {
        // 3.13t: a 32-byte header, the count split in two, the owning thread's id first.
        let mut evidence = classic_str();
        evidence["layout"] = json!("free-threaded");
        evidence["header_size"] = json!(32);
        evidence["bare_object_size"] = json!(32);
        evidence["size"] = json!(62);
        let fields = evidence["fields"].as_array_mut().unwrap();
        fields.remove(0);
        for field in fields.iter_mut() {
            let offset = field["offset"].as_u64().unwrap();
            field["offset"] = json!(offset + 16);
        }
        fields.splice(
            0..0,
            [
                json!({"name": "ob_tid", "role": "other", "offset": 0, "size": 8,
                       "value": "0x7f3d05861c40, threading.get_ident(): the thread that made it"}),
                json!({"name": "ob_ref_local", "role": "count", "offset": 12, "size": 4,
                       "value": "1"}),
                json!({"name": "ob_ref_shared", "role": "count", "offset": 16, "size": 8,
                       "value": "0"}),
            ],
        );
        let judgement = judge::<ObjectHasThreeFields>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("object_has_three_fields__nuanced_2", &judgement);
        assert!(judgement.explanation.contains(
            "the count (ob_ref_local, ob_ref_shared) and the type (ob_type) make the object's \
             32-byte free-threaded header"
        ));
        assert!(judgement
            .explanation
            .contains("6 more besides: ob_tid, ob_ref_shared, length, hash, state, NUL"));
    }

    #[test]
    fn three_fields_confirmed_refuted_or_unread() {
        // An object of exactly the three: a header of count and type, then the text.
        let mut bare = classic_str();
        let keep = |field: &Value| {
            ["ob_refcnt", "ob_type", "text"].contains(&field["name"].as_str().unwrap())
        };
        let fields: Vec<Value> = bare["fields"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| keep(f))
            .cloned()
            .collect();
        bare["fields"] = Value::Array(fields);
        bare["unidentified"] = json!([]);
        let judgement = judge::<ObjectHasThreeFields>(&bare).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("object_has_three_fields__confirmed", &judgement);
        assert!(judgement
            .explanation
            .ends_with("the article's three, and nothing else."));

        let mut no_text = classic_str();
        no_text["fields"]
            .as_array_mut()
            .unwrap()
            .retain(|field| field["role"] != "value");
        let judgement = judge::<ObjectHasThreeFields>(&no_text).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("object_has_three_fields__refuted", &judgement);
        assert!(judgement.explanation.contains("The object holds no text"));

        let mut unread = classic_str();
        unread["fields"]
            .as_array_mut()
            .unwrap()
            .retain(|field| field["role"] != "type");
        let judgement = judge::<ObjectHasThreeFields>(&unread).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("object_has_three_fields__inconclusive", &judgement);
    }

    fn place(address: u64, mapping: &str, start: u64) -> Value {
        json!({"address": address, "on_c_stack": false, "mapping": mapping,
               "mapping_start": start})
    }

    /// What 3.11 to 3.13 show: the dict entry on the heap, the local in the interpreter's stack
    /// of frames, one pointer from the frame object.
    fn where_references_live() -> Value {
        json!({
            "module_level": {
                "in_globals": true, "globals_is_module_dict": true,
                "frame_locals_is_globals": true, "dict_refers_to_it": true,
                "opcodes": ["STORE_NAME"], "namespace_type": "dict", "namespace_size": 1584,
                "namespace": place(0x7f45_a4d3_2940, "anonymous", 0x7f45_a4c0_0000),
                "entry": place(0x5645_5c87_df88, "[heap]", 0x5645_5c70_0000),
                "entry_found": "one pointer away, from the object's word at +32",
                "entry_follows_rebinding": true},
            "function": {
                "in_co_varnames": true, "opcodes": ["LOAD_FAST", "STORE_FAST"],
                "in_f_locals": true, "frame_type": "frame",
                "frame_size": 296,
                "frame": place(0x7f45_a472_9930, "anonymous", 0x7f45_a460_0000),
                "slot": place(0x7f45_a55b_b128, "anonymous", 0x7f45_a55b_0000),
                "slot_found": "one pointer away, from the object's word at +24",
                "slot_in_frame_object": false, "slot_follows_rebinding": true,
                "callee_slot": place(0x7f45_a55b_b210, "anonymous", 0x7f45_a55b_0000),
                "callee_above_by": 232},
            "c_stack": [0x7ffd_bacf_5000_u64, 0x7ffd_bb4f_3000_u64],
            "addresses_unknown": null})
    }

    #[test]
    fn stack_claim_nuanced_where_locals_sit_in_the_interpreters_stack_of_frames() {
        let judgement = judge::<ReferenceOnTheStack>(&where_references_live()).unwrap();
        testing::assert_judged(
            "reference_on_the_stack__nuanced",
            Verdict::Nuanced,
            &judgement,
        );
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "At the top level, a = \"hello\" compiles to STORE_NAME",
                "a dict of 1584 bytes at 0x7f45a4d32940 (anonymous memory, not on the C stack)",
                "is at 0x56455c87df88 ([heap] memory, not on the C stack), and rebinding a changed \
                 it: True",
                "a is a local (LOAD_FAST, STORE_FAST; in co_varnames: True",
                "a callee's local lies 232 bytes above it, in the same mapping",
                "this thread's C stack is 0x7ffdbacf5000..0x7ffdbb4f3000",
                "Only a function's locals sit on a stack",
            ],
        );
        let derived = judgement.derived.unwrap();
        assert!(derived.module_name_in_dict && derived.local_on_interpreter_stack);
    }

    #[test]
    fn stack_claim_refuted_where_frames_are_heap_objects() {
        // 3.10: the local's slot is inside the frame object; its callee's frame is elsewhere.
        let mut evidence = where_references_live();
        let function = &mut evidence["function"];
        function["slot"] = place(0x7f37_4849_8da0, "anonymous", 0x7f37_4840_0000);
        function["slot_found"] = json!("inside the object");
        function["slot_in_frame_object"] = json!(true);
        function["callee_slot"] = place(0x7f37_4850_f0e0, "anonymous", 0x7f37_4840_0000);
        function["callee_above_by"] = json!(484_160);
        let judgement = judge::<ReferenceOnTheStack>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("reference_on_the_stack__refuted", &judgement);
        assert!(judgement
            .explanation
            .contains("a's slot, found inside the object, is at 0x7f3748498da0"));
        // Without addresses, only the top level speaks.
        let mut unread = where_references_live();
        unread["function"] = Value::Null;
        unread["c_stack"] = Value::Null;
        unread["addresses_unknown"] = json!(
            "no /proc/self/maps to tell which memory an \
                                             address is in"
        );
        for key in [
            "namespace",
            "entry",
            "entry_found",
            "entry_follows_rebinding",
        ] {
            unread["module_level"].as_object_mut().unwrap().remove(key);
        }
        let judgement = judge::<ReferenceOnTheStack>(&unread).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("reference_on_the_stack__refuted_2", &judgement);
        assert!(judgement
            .explanation
            .contains("Where a function's local lives was not read: no /proc/self/maps"));
        assert!(!judgement.explanation.contains("not on the C stack"));
    }

    #[test]
    fn stack_claim_confirmed_or_inconclusive_by_the_top_level_name() {
        let mut on_stack = where_references_live();
        on_stack["module_level"]["entry"]["on_c_stack"] = json!(true);
        let judgement = judge::<ReferenceOnTheStack>(&on_stack).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("reference_on_the_stack__confirmed", &judgement);
        let mut elsewhere = where_references_live();
        elsewhere["module_level"]["in_globals"] = json!(false);
        let judgement = judge::<ReferenceOnTheStack>(&elsewhere).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("reference_on_the_stack__inconclusive", &judgement);
    }

    fn freeing(implementation: &str, getrefcount: bool, events: &[&str]) -> Value {
        json!({"implementation": implementation, "version": "7.3.11",
               "has_getrefcount": getrefcount, "callback": "weakref.finalize",
               "events": events, "freed_at_del": events.get(1) == Some(&"finalizer ran")})
    }

    const AT_DEL: [&str; 3] = ["before del", "finalizer ran", "after del"];
    const AT_COLLECT: [&str; 4] = [
        "before del",
        "after del",
        "finalizer ran",
        "after gc.collect()",
    ];
    const AFTER_COLLECT: [&str; 4] = [
        "before del",
        "after del",
        "after gc.collect()",
        "finalizer ran",
    ];

    fn specific(runtimes: Vec<Value>) -> Value {
        let mut here = freeing("CPython", true, &AT_DEL);
        here["version"] = json!("3.11.7");
        json!({"cpython": here, "runtimes": runtimes})
    }

    #[test]
    fn refcounting_specific_confirmed_by_pypy_and_jython() {
        let mut jython = freeing("Jython", false, &AFTER_COLLECT);
        jython["callback"] = json!("weakref.ref");
        let evidence = specific(vec![
            ran("pypy3", freeing("PyPy", false, &AT_COLLECT)),
            ran("jython", jython),
        ]);
        let judgement = judge::<RefcountingIsCpythonSpecific>(&evidence).unwrap();
        testing::assert_judged(
            "refcounting_is_cpython_specific__confirmed",
            Verdict::Confirmed,
            &judgement,
        );
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "Here, CPython 3.11.7 has sys.getrefcount and its weakref.finalize callback ran \
                 inside the del (before del → finalizer ran → after del)",
                "on pypy3, PyPy 7.3.11 has no sys.getrefcount and its weakref.finalize callback \
                 ran during gc.collect()",
                "its weakref.ref callback ran only after gc.collect() had returned, on a thread of \
                 its own, (before del",
            ],
        );
        let derived = judgement.derived.unwrap();
        assert_eq!(derived.other_implementations_ran, 2);
        assert_eq!(derived.ran, ["PyPy 7.3.11", "Jython 7.3.11"]);
    }

    #[test]
    fn refcounting_specific_skipped_when_no_other_implementation_ran() {
        let evidence = specific(vec![
            json!({"name": "pypy3", "status": "missing", "install": "apt-get install pypy3",
                   "reason": "--python /nonexistent/pypy3 does not exist"}),
            timed_out("jython"),
        ]);
        let judgement = judge::<RefcountingIsCpythonSpecific>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Skipped);
        testing::assert_explained("refcounting_is_cpython_specific__skipped", &judgement);
        assert!(judgement.explanation.contains(
            "pypy3 is missing (--python /nonexistent/pypy3 does not exist; install it with \
             `apt-get install pypy3`)"
        ));
        assert!(judgement
            .explanation
            .contains("killed after its 1 s timeout"));

        // Another CPython (given with --python) is not another implementation.
        let other_cpython = specific(vec![ran("python3.10", freeing("CPython", true, &AT_DEL))]);
        let judgement = judge::<RefcountingIsCpythonSpecific>(&other_cpython).unwrap();
        assert_eq!(judgement.verdict, Verdict::Skipped);
        testing::assert_explained("refcounting_is_cpython_specific__skipped_2", &judgement);
        assert!(judgement.explanation.contains("Only CPython ran"));
        // Every runtime listed ran: the reason is not that none was listed (a defect).
        assert!(
            judgement.explanation.starts_with(
                "No other implementation ran, so there is nothing to compare: every runtime \
                 listed ran, and python3.10 is CPython. Only CPython ran: Here, CPython"
            ),
            "{}",
            judgement.explanation
        );
        assert_eq!(judgement.derived.unwrap().other_implementations_ran, 0);
        let nothing_listed = judge::<RefcountingIsCpythonSpecific>(&specific(vec![])).unwrap();
        assert_eq!(
            nothing_listed.explanation,
            "No other implementation ran, so there is nothing to compare: no runtime was listed."
        );
        let pypy_missing = specific(vec![missing("pypy3", "apt-get install pypy3")]);
        let judgement = judge::<RefcountingIsCpythonSpecific>(&pypy_missing).unwrap();
        assert!(judgement
            .explanation
            .contains("pypy3 is not on PATH; install it with `apt-get install pypy3`"));
    }

    #[test]
    fn refcounting_specific_refuted_or_nuanced_by_an_implementation_that_counts() {
        // An imaginary implementation that counts references and frees at the del.
        let counting = ran("othery", freeing("OtherPy", true, &AT_DEL));
        let judgement =
            judge::<RefcountingIsCpythonSpecific>(&specific(vec![counting.clone()])).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("refcounting_is_cpython_specific__refuted", &judgement);
        let mixed = specific(vec![
            counting,
            ran("pypy3", freeing("PyPy", false, &AT_COLLECT)),
        ]);
        let judgement = judge::<RefcountingIsCpythonSpecific>(&mixed).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("refcounting_is_cpython_specific__nuanced", &judgement);
        // Counts exposed but freed late: differs in one way only.
        let half = specific(vec![ran("halfpy", freeing("HalfPy", true, &AT_COLLECT))]);
        let judgement = judge::<RefcountingIsCpythonSpecific>(&half).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("refcounting_is_cpython_specific__nuanced_2", &judgement);
    }

    #[test]
    fn refcounting_specific_flags_a_runtime_that_ran_without_findings() {
        let evidence = specific(vec![json!({"name": "pypy3", "status": "ran", "events": 3})]);
        let err = judge::<RefcountingIsCpythonSpecific>(&evidence).unwrap_err();
        assert!(
            err.to_string().contains("pypy3 ran but its findings"),
            "{err}"
        );
    }

    #[test]
    fn refcounting_specific_inconclusive_when_cpython_did_not_free_at_del() {
        let mut evidence = specific(vec![ran("pypy3", freeing("PyPy", false, &AT_COLLECT))]);
        evidence["cpython"] = freeing("CPython", true, &AT_COLLECT);
        let judgement = judge::<RefcountingIsCpythonSpecific>(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("refcounting_is_cpython_specific__inconclusive", &judgement);
        testing::assert_quotes(
            &judgement.explanation,
            &[
                "during gc.collect()",
                "did not show reference counting at work here, so the comparison shows nothing.",
            ],
        );
    }
}
