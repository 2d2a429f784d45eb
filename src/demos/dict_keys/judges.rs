//! The dict-keys judges: pure functions from the evidence of `evidence.rs` to a verdict.

use super::evidence::{
    Candidate, Collapse, EqualKeysCollapse, EqualKeysCollapseDerived, HashEqContract, HashableKeys,
    HashableKeysDerived, HashableMeansImmutable, HashableMeansImmutableDerived,
};
use crate::demos::kit::parts::both_parts;
use crate::demos::kit::python::Repr;
use crate::demos::kit::words::capitalised;
use crate::demos::{ClaimEvidence, NothingDerived};
use crate::report::{Judgement, Verdict};

impl ClaimEvidence for HashableKeys {
    type Derived = HashableKeysDerived;

    fn judge(self) -> anyhow::Result<Judgement<HashableKeysDerived>> {
        let (hashable, unhashable): (Vec<&Candidate>, Vec<&Candidate>) =
            self.candidates.iter().partition(|c| c.hashable);
        let refused_hashable: Vec<&str> = hashable
            .iter()
            .filter(|c| !c.usable_as_key)
            .map(|c| c.label.as_str())
            .collect();
        let accepted_unhashable: Vec<&str> = unhashable
            .iter()
            .filter(|c| c.usable_as_key)
            .map(|c| c.label.as_str())
            .collect();
        let rejections: Vec<String> = unhashable
            .iter()
            .filter(|c| !c.usable_as_key)
            .map(|c| {
                format!(
                    "{} ({}: {})",
                    c.label,
                    c.error_type.as_deref().unwrap_or("?"),
                    c.error.as_deref().unwrap_or("")
                )
            })
            .collect();
        let judgement = if hashable.is_empty() {
            Judgement::new(Verdict::Inconclusive, "No hashable candidate was tried.")
        } else if refused_hashable.is_empty() && accepted_unhashable.is_empty() {
            // "All 1 hashable objects" is no English: one of each is named as one.
            let accepted = match hashable.len() {
                1 => format!(
                    "The hashable object tried ({}) was accepted as a key",
                    labels(&hashable)
                ),
                count => format!(
                    "All {count} hashable objects tried ({}) were accepted as keys",
                    labels(&hashable)
                ),
            };
            let refused = match unhashable.len() {
                0 => "no unhashable one was tried".to_owned(),
                1 => format!("the unhashable one was refused: {}", rejections.join("; ")),
                count => format!(
                    "all {count} unhashable ones were refused: {}",
                    rejections.join("; ")
                ),
            };
            Judgement::new(
                Verdict::Confirmed,
                format!("{accepted}, and {refused}. What decides is hash(), not the type."),
            )
        } else {
            Judgement::new(
                Verdict::Refuted,
                format!(
                    "Hashable but refused as keys: [{}]; unhashable yet accepted: [{}].",
                    refused_hashable.join(", "),
                    accepted_unhashable.join(", ")
                ),
            )
        };
        Ok(judgement.with_derived(HashableKeysDerived {
            hashable_count: hashable.len(),
            unhashable_count: unhashable.len(),
        }))
    }
}

fn labels(candidates: &[&Candidate]) -> String {
    candidates
        .iter()
        .map(|c| c.label.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl ClaimEvidence for HashableMeansImmutable {
    type Derived = HashableMeansImmutableDerived;

    fn judge(self) -> anyhow::Result<Judgement<HashableMeansImmutableDerived>> {
        let HashableMeansImmutable {
            mutable_hashable: m,
            immutable_unhashable: t,
        } = self;
        let mut counterexamples = Vec::new();
        if m.value_before != m.value_after && m.hash_before == m.hash_after {
            counterexamples.push(format!(
                "a {} instance was mutated (value {} → {}) while its hash stayed {} and the dict \
                 still found it ({}): hashable and mutable",
                m.type_name,
                m.value_before,
                m.value_after,
                m.hash_before,
                m.lookup_after_mutation.repr()
            ));
        }
        if t.item_assignment_error_type.is_some() && !t.hashable {
            counterexamples.push(format!(
                "the tuple {} refuses item assignment ({}: {}) yet hash() fails ({}: {}): \
                 immutable and unhashable",
                t.repr,
                t.item_assignment_error_type.as_deref().unwrap_or("?"),
                t.item_assignment_error.as_deref().unwrap_or(""),
                t.hash_error_type.as_deref().unwrap_or("?"),
                t.hash_error.as_deref().unwrap_or("")
            ));
        }
        let derived = HashableMeansImmutableDerived {
            counterexamples: counterexamples.len(),
        };
        Ok(if counterexamples.is_empty() {
            Judgement::new(
                Verdict::Inconclusive,
                "Neither counterexample behaved as expected, so this run shows nothing either way.",
            )
        } else {
            Judgement::new(
                Verdict::Refuted,
                format!(
                    "Hashability and immutability are different properties: {}. Hashable means \
                     __hash__ is defined and stable while the object is a key.",
                    counterexamples.join("; and ")
                ),
            )
        }
        .with_derived(derived))
    }
}

impl Collapse {
    /// Whether the key left is the first one given, and the value the last one written.
    fn first_key_last_value(&self) -> (bool, bool) {
        let first = self.insertions.first().is_some_and(|first| {
            first.key == self.surviving_key && first.key_type == self.surviving_key_type
        });
        let last = self
            .insertions
            .last()
            .is_some_and(|last| last.value == self.surviving_value);
        (first, last)
    }

    /// `inserted 1, 1.0, True: one key left, 1 (int), the first given, holding 'bool', the last
    /// value written`, with whatever was really observed.
    fn describe(&self) -> String {
        let (first, last) = self.first_key_last_value();
        let order = self
            .insertions
            .iter()
            .map(|i| i.key.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let key = match self.insertions.first() {
            _ if first => "the first one given".to_owned(),
            Some(given) => format!(
                "not the first one given ({} of type {})",
                given.key, given.key_type
            ),
            None => "no insertion recorded".to_owned(),
        };
        let value = match self.insertions.last() {
            _ if last => "the last value written".to_owned(),
            Some(written) => format!("not the last value written ({})", written.value.repr()),
            None => "no insertion recorded".to_owned(),
        };
        let entries = match self.length {
            1 => "1 entry".to_owned(),
            n => format!("{n} entries"),
        };
        format!(
            "inserted {order}: {entries} left, the key {} of type {}, {key}, holding {}, {value}",
            self.surviving_key,
            self.surviving_key_type,
            self.surviving_value.repr()
        )
    }
}

impl ClaimEvidence for EqualKeysCollapse {
    type Derived = EqualKeysCollapseDerived;

    fn judge(self) -> anyhow::Result<Judgement<EqualKeysCollapseDerived>> {
        let same_hash = self.hashes.windows(2).all(|pair| pair[0] == pair[1]);
        let forward = Collapse {
            insertions: self.insertions,
            length: self.length,
            surviving_key: self.surviving_key,
            surviving_key_type: self.surviving_key_type,
            surviving_value: self.surviving_value,
        };
        let reversed = &self.reversed_order;
        let story = format!(
            "The hashes of 1, 1.0 and True were {:?} and the three compare equal: {}. {}; {}.",
            self.hashes,
            self.all_equal.repr(),
            capitalised(&forward.describe()),
            reversed.describe()
        );
        let one_key = forward.length == 1 && reversed.length == 1;
        let verdict = if one_key && same_hash && self.all_equal {
            Verdict::Confirmed
        } else {
            Verdict::Refuted
        };
        let (forward_first, forward_last) = forward.first_key_last_value();
        let (reversed_first, reversed_last) = reversed.first_key_last_value();
        Ok(
            Judgement::new(verdict, story).with_derived(EqualKeysCollapseDerived {
                first_key_survived: forward_first && reversed_first,
                last_value_survived: forward_last && reversed_last,
            }),
        )
    }
}

impl ClaimEvidence for HashEqContract {
    type Derived = NothingDerived;

    fn judge(self) -> anyhow::Result<Judgement<NothingDerived>> {
        let key_lost = !self.lookup_after_mutation_found
            && !self.in_after_mutation
            && self.iteration_yields_same_object;
        let only_eq = &self.eq_without_hash;
        let eq_only_unhashable = only_eq.hash_attribute_is_none && !only_eq.hashable;
        let lost = format!(
            "After its hash-relevant field changed, looking the key up raised {} and `in` said \
             {}, yet iterating the dict still yields that very object",
            self.lookup_error_type.as_deref().unwrap_or("nothing"),
            self.in_after_mutation.repr()
        );
        let unhashable = format!(
            "a class with __eq__ but no __hash__ gets __hash__ = None, and hash() raises {}: {}",
            only_eq.error_type.as_deref().unwrap_or("nothing"),
            only_eq.error.as_deref().unwrap_or("")
        );
        let verdict = both_parts(key_lost, eq_only_unhashable);
        Ok(Judgement::new(verdict, format!("{lost}; {unhashable}.")))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::demos::testing::{self, judged};

    fn candidate(label: &str, hashable: bool, usable: bool) -> Value {
        json!({"label": label, "type": label, "hashable": hashable, "usable_as_key": usable,
               "error_type": if usable { Value::Null } else { json!("TypeError") },
               "error": if usable { Value::Null } else { json!(format!("unhashable type: '{label}'")) }})
    }

    #[test]
    fn hashable_keys_confirmed_when_hash_decides() {
        let evidence =
            json!({"candidates": [candidate("int", true, true), candidate("list", false, false)]});
        let judgement = judged::<HashableKeys>(evidence);
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("hashable_keys__confirmed", &judgement);
        assert!(judgement.explanation.contains("unhashable type: 'list'"));
        let counts = judgement.derived.unwrap();
        assert_eq!((counts.hashable_count, counts.unhashable_count), (1, 1));
    }

    #[test]
    fn hashable_keys_refuted_when_a_hashable_object_is_refused() {
        let evidence = json!({"candidates": [candidate("int", true, false)]});
        let judgement = judged::<HashableKeys>(evidence);
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("hashable_keys__refuted", &judgement);
    }

    #[test]
    fn hashable_keys_inconclusive_without_a_hashable_candidate() {
        let evidence = json!({"candidates": [candidate("list", false, false)]});
        let judgement = judged::<HashableKeys>(evidence);
        assert_eq!(judgement.verdict, Verdict::Inconclusive);
        testing::assert_explained("hashable_keys__inconclusive", &judgement);
    }

    fn immutability(hash_after: i64, tuple_hashable: bool) -> Value {
        json!({
            "mutable_hashable": {"type": "Plain", "value_before": 1, "value_after": 2,
                                 "hash_before": 5, "hash_after": hash_after,
                                 "lookup_after_mutation": "found"},
            "immutable_unhashable": {"repr": "(1, [2, 3])",
                "item_assignment_error_type": "TypeError",
                "item_assignment_error": "'tuple' object does not support item assignment",
                "hashable": tuple_hashable, "hash_error_type": "TypeError",
                "hash_error": "unhashable type: 'list'"}
        })
    }

    #[test]
    fn immutability_refuted_by_either_counterexample() {
        let both = judged::<HashableMeansImmutable>(immutability(5, false));
        assert_eq!(both.verdict, Verdict::Refuted);
        testing::assert_explained("hashable_means_immutable__refuted_twice", &both);
        assert_eq!(both.derived.unwrap().counterexamples, 2);
        let one = judged::<HashableMeansImmutable>(immutability(6, false));
        assert_eq!(one.verdict, Verdict::Refuted);
        testing::assert_explained("hashable_means_immutable__refuted_once", &one);
        let none = judged::<HashableMeansImmutable>(immutability(6, true));
        assert_eq!(none.verdict, Verdict::Inconclusive);
        testing::assert_explained("hashable_means_immutable__inconclusive", &none);
    }

    fn insertion(key: &str, key_type: &str, value: &str) -> Value {
        json!({"key": key, "key_type": key_type, "value": value})
    }

    /// 1, 1.0 and True inserted both ways round, the dict keeping `forward` and `reversed`
    /// as (key, type, value).
    fn collapse(forward: (&str, &str, &str), reversed: (&str, &str, &str)) -> Value {
        let one_way = [
            insertion("1", "int", "int"),
            insertion("1.0", "float", "float"),
            insertion("True", "bool", "bool"),
        ];
        let other_way = [
            insertion("True", "bool", "bool"),
            insertion("1.0", "float", "float"),
            insertion("1", "int", "int"),
        ];
        json!({"inserted": ["1 -> 'int'", "1.0 -> 'float'", "True -> 'bool'"],
            "hashes": [1, 1, 1], "all_equal": true, "insertions": one_way, "length": 1,
            "surviving_key": forward.0, "surviving_key_type": forward.1,
            "surviving_value": forward.2,
            "reversed_order": {"insertions": other_way, "length": 1,
                "surviving_key": reversed.0, "surviving_key_type": reversed.1,
                "surviving_value": reversed.2}})
    }

    #[test]
    fn collapse_needs_one_entry_and_equal_hashes() {
        let mut evidence = collapse(("1", "int", "bool"), ("True", "bool", "int"));
        let judgement = judged::<EqualKeysCollapse>(evidence.clone());
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("equal_keys_collapse__confirmed", &judgement);
        assert!(
            judgement.explanation.contains(
                "Inserted 1, 1.0, True: 1 entry left, the key 1 of type int, the first one \
                 given, holding 'bool', the last value written"
            ),
            "{}",
            judgement.explanation
        );
        assert!(judgement
            .explanation
            .contains("the key True of type bool, the first one given"));
        let derived = judgement.derived.unwrap();
        assert!(derived.first_key_survived && derived.last_value_survived);
        evidence["length"] = json!(3);
        let judgement = judged::<EqualKeysCollapse>(evidence);
        assert_eq!(judgement.verdict, Verdict::Refuted);
        testing::assert_explained("equal_keys_collapse__refuted", &judgement);
    }

    #[test]
    fn collapse_says_which_key_and_value_survived_as_observed() {
        // A dict that kept the last key and the first value: still one key, told as it was.
        let judgement =
            judged::<EqualKeysCollapse>(collapse(("True", "bool", "int"), ("1", "int", "bool")));
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        testing::assert_explained("equal_keys_collapse__confirmed_last_key_kept", &judgement);
        assert!(
            judgement
                .explanation
                .contains("not the first one given (1 of type int), holding 'int', not the last value written ('bool')"),
            "{}",
            judgement.explanation
        );
        let derived = judgement.derived.unwrap();
        assert!(!derived.first_key_survived && !derived.last_value_survived);
    }

    /// A key lost after its hash changed (or found again), and a class with only `__eq__`
    /// unhashable (or hashable).
    fn contract(key_lost: bool, eq_only_unhashable: bool) -> Value {
        let only_eq = if eq_only_unhashable {
            json!({"hash_attribute_is_none": true, "hashable": false, "error_type": "TypeError",
                   "error": "unhashable type: 'OnlyEq'"})
        } else {
            json!({"hash_attribute_is_none": false, "hashable": true, "error_type": null,
                   "error": null})
        };
        json!({"lookup_after_mutation_found": !key_lost,
               "lookup_error_type": if key_lost { json!("KeyError") } else { Value::Null },
               "in_after_mutation": !key_lost, "iteration_yields_same_object": true,
               "length": 1, "eq_without_hash": only_eq})
    }

    #[test]
    fn contract_is_nuanced_when_only_half_holds() {
        let evidence = json!({"lookup_after_mutation_found": false, "lookup_error_type": "KeyError",
            "in_after_mutation": false, "iteration_yields_same_object": true, "length": 1,
            "eq_without_hash": {"hash_attribute_is_none": false, "hashable": true,
                                "error_type": null, "error": null}});
        let judgement = judged::<HashEqContract>(evidence);
        assert_eq!(judgement.verdict, Verdict::Nuanced);
        testing::assert_explained("hash_eq_contract__nuanced", &judgement);
    }

    #[test]
    fn contract_is_confirmed_when_both_halves_hold_and_refuted_when_neither_does() {
        let both = judged::<HashEqContract>(contract(true, true));
        assert_eq!(both.verdict, Verdict::Confirmed);
        testing::assert_explained("hash_eq_contract__confirmed", &both);
        let neither = judged::<HashEqContract>(contract(false, false));
        assert_eq!(neither.verdict, Verdict::Refuted);
        testing::assert_explained("hash_eq_contract__refuted", &neither);
    }
}
