//! The memory demo's judges: each claim's verdict and explanation from its typed evidence.

use super::evidence::*;
use crate::demos::kit::numbers::thousands;
use crate::demos::kit::parts;
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
            e.same_object, e.ids_equal, e.seen_through_other_name, e.copy_is_same_object
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
            fresh,
            literal,
        } = self;
        let argument_reference = fresh.getrefcount.saturating_sub(fresh.true_refcount);
        let fresh_is_one = !fresh.immortal && fresh.true_refcount == 1;
        let literal_is_one = !literal.immortal && literal.true_refcount == 1;
        let fresh_story = format!(
            "A string built at run time and bound to one name has a true count of {}, read by \
         {method}, while sys.getrefcount reports {}: its own argument is {} more reference",
            fresh.true_refcount, fresh.getrefcount, argument_reference
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

impl ClaimEvidence for RefcountTracks {
    type Derived = RefcountTracksDerived;

    fn judge(self) -> anyhow::Result<Judgement<RefcountTracksDerived>> {
        let RefcountTracks {
            method,
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
                    " (during {:?} the call held {} reference(s) beyond its parameter)",
                    row.step,
                    row.true_refcount.saturating_sub(row.expected)
                )
            })
            .collect();
        let story = format!(
            "True counts, read by {method}: {}{}. sys.getrefcount read {:?} more at each step \
         (its own argument)",
            table.join("; "),
            call_extras.concat(),
            getrefcount_extra
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
            Some(n) => format!("ran {n} collections meanwhile"),
            None => "does not report its collections here".to_owned(),
        };
        let story = format!(
            "Events in order: {:?}; the garbage collector was {} at the del and {collections}",
            e.events,
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
            "with the collector disabled, an acyclic object {} at its del",
            if refcounting_frees {
                "was freed"
            } else {
                "was not freed"
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
                format!(" (generation thresholds {thresholds:?}, counts then {counts:?})")
            }
            _ => String::new(),
        };
        let collected = e
            .collected
            .map_or_else(String::new, |n| format!(", which returned {n}"));
        let cycle = format!(
            "two objects referring to each other{counts} {} through {} allocations{generations} \
         and were {} by gc.collect(){collected}",
            match (e.cycle_alive_after_del, e.cycle_alive_past_threshold) {
                (true, true) => "stayed alive with the collector disabled",
                (true, false) => "outlived their del but not",
                _ => "were gone at their del, before",
            },
            e.allocations_while_disabled,
            if e.cycle_freed_by_collect {
                "freed only"
            } else {
                "not freed"
            }
        );
        let judgement = match (refcounting_frees, cycle_needs_collector) {
            (true, true) => Judgement::new(
                Verdict::Refuted,
                format!(
                    "Reference counting, not the garbage collector, frees objects whose count \
                 reaches zero: {acyclic}. The collector is for what counting can't free: \
                 {cycle}."
                ),
            ),
            (false, _) if e.cycle_freed_by_collect => Judgement::new(
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

/// CPython's preallocated small ints, as the claim states them.
const SMALL_INTS: std::ops::RangeInclusive<i64> = -5..=256;

impl ClaimEvidence for SmallIntAndInterning {
    type Derived = SmallIntAndInterningDerived;

    fn judge(self) -> anyhow::Result<Judgement<SmallIntAndInterningDerived>> {
        let SmallIntAndInterning { ints, strings: s } = self;
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
            .filter(|row| row.shared != SMALL_INTS.contains(&row.value))
            .map(|row| row.value)
            .collect();
        let ints_ok = !ints.is_empty() && unexpected.is_empty();
        let strings_ok = s.built_equal && !s.built_same_object && s.interned_same_object;
        let ints_story = format!(
            "int(text) built twice at run time gave one shared object for {} and two distinct \
         objects for {}{}",
            values(true),
            values(false),
            if unexpected.is_empty() {
                String::new()
            } else {
                format!(" (against the -5..256 rule: {unexpected:?})")
            }
        );
        let strings_story = format!(
        "two equal strings joined at run time were {} object{}; after sys.intern they were {}; \
         the literal \"hello\" {} that interned object",
        if s.built_same_object { "the same" } else { "two distinct" },
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
    use crate::demos::testing::judge;
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
        assert!(judgement.explanation.contains("takes 64 bytes, 8 more"));
        assert_eq!(
            judge::<NamesAreReferences>(&names(true, 200_000))
                .unwrap()
                .verdict,
            Verdict::Nuanced
        );
        assert_eq!(
            judge::<NamesAreReferences>(&names(false, 200_000))
                .unwrap()
                .verdict,
            Verdict::Refuted
        );
        let mut no_sizes = names(true, 64);
        for key in ["big_str_size", "list_holding_it_size", "empty_list_size"] {
            no_sizes[key] = Value::Null;
        }
        let judgement = judge::<NamesAreReferences>(&no_sizes).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        assert!(judgement.explanation.contains("gave no sizes"));
    }

    fn counts(fresh: (i64, i64), literal: (i64, i64, bool)) -> Value {
        json!({"method": "host: _pyconcepts.refcnt",
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
        assert!(judgement.explanation.contains("true count of 1"));
        assert!(judgement.explanation.contains("sys.getrefcount reports 2"));
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
        assert!(judgement
            .explanation
            .contains("immortal (PEP 683; sys._is_immortal())"));
        assert!(judgement.explanation.contains("pinned at 4294967295"));
    }

    #[test]
    fn starts_at_one_confirmed_or_refuted_by_the_counts() {
        assert_eq!(
            judge::<RefcountStartsAtOne>(&counts((2, 1), (2, 1, false)))
                .unwrap()
                .verdict,
            Verdict::Confirmed
        );
        assert_eq!(
            judge::<RefcountStartsAtOne>(&counts((3, 2), (4, 3, false)))
                .unwrap()
                .verdict,
            Verdict::Refuted
        );
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
        json!({"method": "ctypes", "rows": rows})
    }

    #[test]
    fn tracking_confirmed_when_every_step_matches_the_references_held() {
        let judgement = judge::<RefcountTracks>(&table(4)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        assert!(judgement.explanation.contains("box = [payload] → 3"));
        assert_eq!(judgement.derived.unwrap().steps_checked, 7);
    }

    #[test]
    fn tracking_confirmed_when_a_call_holds_its_argument_twice() {
        // 3.10: the caller's stack keeps the argument while the parameter holds it too.
        let judgement = judge::<RefcountTracks>(&table(5)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        assert!(judgement
            .explanation
            .contains("held 1 reference(s) beyond its parameter"));
    }

    #[test]
    fn tracking_nuanced_when_an_argument_is_borrowed() {
        // An interpreter that passes arguments as borrowed references: no change in the call.
        let judgement = judge::<RefcountTracks>(&table(3)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Nuanced);
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
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        assert!(judgement.explanation.contains("None: 5,948 → 5,951"));
        assert!(judgement.explanation.contains("moved by 3, 3, 3, 3 too"));
        assert!(judgement.derived.unwrap().immortal_objects.is_empty());
    }

    #[test]
    fn tracking_nuanced_where_shared_objects_are_immortal() {
        // 3.12 and 3.13 (classic or free-threaded): the payload counts, None and the others
        // are pinned at 4294967295 (3.14 pins them at 3221225472).
        let mut evidence = table(4);
        evidence["shared_objects"] = shared_objects([(4_294_967_295, 4_294_967_295); 4]);
        let judgement = judge::<RefcountTracks>(&evidence).unwrap();
        assert_eq!(
            judgement.verdict,
            Verdict::Nuanced,
            "{}",
            judgement.explanation
        );
        assert!(judgement
            .explanation
            .contains("None: 4,294,967,295 → 4,294,967,295"));
        assert!(judgement
            .explanation
            .contains("None, True, 0, () are immortal here (count moved by 0"));
        assert!(judgement.explanation.contains("box.clear() → 1"));
        assert_eq!(
            judgement.derived.unwrap().immortal_objects,
            ["None", "True", "0", "()"]
        );
        let mut on_314 = table(4);
        on_314["shared_objects"] = shared_objects([(3_221_225_472, 3_221_225_472); 4]);
        assert_eq!(
            judge::<RefcountTracks>(&on_314).unwrap().verdict,
            Verdict::Nuanced
        );
    }

    #[test]
    fn zero_refcount_needs_the_finalizer_inside_the_del() {
        let now = json!({"events": ["before del", "finalizer ran", "after del"],
                         "freed_at_del": true, "gc_enabled_at_del": false,
                         "collections_between": 0});
        assert_eq!(
            judge::<ZeroRefcountFrees>(&now).unwrap().verdict,
            Verdict::Confirmed
        );
        // PyPy: the finalizer runs only once the collector does.
        let later = json!({"events": ["before del", "after del", "finalizer ran",
                                      "after gc.collect()"],
                           "freed_at_del": false, "gc_enabled_at_del": false,
                           "collections_between": 0});
        let judgement = judge::<ZeroRefcountFrees>(&later).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        assert!(judgement.explanation.contains("\"after gc.collect()\""));
        let pypy = json!({"events": ["before del", "after del", "finalizer ran",
                                     "after gc.collect()"],
                          "freed_at_del": false, "gc_enabled_at_del": false,
                          "collections_between": null});
        let judgement = judge::<ZeroRefcountFrees>(&pypy).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        assert!(judgement
            .explanation
            .contains("does not report its collections"));
        let noisy = json!({"events": ["before del", "finalizer ran", "after del"],
                           "freed_at_del": true, "gc_enabled_at_del": true,
                           "collections_between": 1});
        assert_eq!(
            judge::<ZeroRefcountFrees>(&noisy).unwrap().verdict,
            Verdict::Inconclusive
        );
    }

    fn collector(acyclic_freed: bool, alive_after_del: bool) -> Value {
        json!({"acyclic_freed_at_del": acyclic_freed, "cycle_count_before_del": 2,
               "cycle_count_after_del": 1, "cycle_alive_after_del": alive_after_del,
               "allocations_while_disabled": 2100, "cycle_alive_past_threshold": alive_after_del,
               "collected": 3, "cycle_freed_by_collect": true, "thresholds": [700, 10, 10],
               "counts_at_start": [5, 0, 0], "counts_with_clutter": [2113, 0, 0],
               "counts_after_collect": [1, 0, 0], "gc_enabled_restored": true})
    }

    #[test]
    fn collector_claim_refuted_when_counting_frees_and_cycles_need_gc() {
        let judgement = judge::<GcFreesZeroRefcount>(&collector(true, true)).unwrap();
        assert_eq!(judgement.verdict, Verdict::Refuted);
        assert!(judgement.explanation.contains("count of 2 → 1"));
        assert!(judgement.explanation.contains("which returned 3"));
        assert!(judgement.explanation.contains("[700, 10, 10]"));
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
        assert!(!judgement.explanation.contains("count of"));
        assert!(judgement.explanation.contains("stayed alive"));
        assert_eq!(
            judge::<GcFreesZeroRefcount>(&collector(true, false))
                .unwrap()
                .verdict,
            Verdict::Inconclusive
        );
    }

    fn sharing(shared: &[(i64, bool)], built_same: bool) -> Value {
        let ints: Vec<Value> = shared
            .iter()
            .map(|(value, shared)| json!({"value": value, "shared": shared}))
            .collect();
        json!({"ints": ints, "strings": {"built_equal": true, "built_same_object": built_same,
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
        assert!(judgement.explanation.contains("[-5, 256]"));
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
        assert!(judgement.explanation.contains("[-6, 257, 1000]"));
        assert_eq!(
            judge::<SmallIntAndInterning>(&sharing(&by_value, true))
                .unwrap()
                .verdict,
            Verdict::Refuted
        );
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
        assert_eq!(
            judgement.verdict,
            Verdict::Confirmed,
            "{}",
            judgement.explanation
        );
        for quoted in [
            "Here, CPython 3.11.7 has sys.getrefcount and its weakref.finalize callback ran \
             inside the del (before del → finalizer ran → after del)",
            "on pypy3, PyPy 7.3.11 has no sys.getrefcount and its weakref.finalize callback \
             ran during gc.collect()",
            "its weakref.ref callback ran only after gc.collect() had returned, on a thread of \
             its own, (before del",
        ] {
            assert!(
                judgement.explanation.contains(quoted),
                "{quoted:?} not in {}",
                judgement.explanation
            );
        }
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
        let mixed = specific(vec![
            counting,
            ran("pypy3", freeing("PyPy", false, &AT_COLLECT)),
        ]);
        assert_eq!(
            judge::<RefcountingIsCpythonSpecific>(&mixed)
                .unwrap()
                .verdict,
            Verdict::Nuanced
        );
        // Counts exposed but freed late: differs in one way only.
        let half = specific(vec![ran("halfpy", freeing("HalfPy", true, &AT_COLLECT))]);
        assert_eq!(
            judge::<RefcountingIsCpythonSpecific>(&half)
                .unwrap()
                .verdict,
            Verdict::Nuanced
        );
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
        assert!(judgement.explanation.contains("during gc.collect()"));
        assert!(
            judgement.explanation.contains(
                "did not show reference counting at work here, so the comparison shows nothing."
            ),
            "{}",
            judgement.explanation
        );
    }
}
