//! Question 1, "what can be the keys of a dictionary?": hashability, not immutability, decides.

use serde::Deserialize;
use serde_json::Value;

use super::{read, ClaimSpec, Demo};
use crate::report::{Judgement, Source, Verdict};
use crate::snippet;

pub const DEMO: Demo = Demo {
    snippet: snippet!("dict_keys.py"),
    picture: None,
    charts: &[],
    draws_frames: false,
    params: &[],
    claims: &[
        ClaimSpec {
            id: "dict_keys.hashable_keys",
            source: Source::Article,
            claim: "Any hashable object can be the key of a dictionary.",
            judge: hashable_keys,
            schema: crate::demos::untyped,
        },
        ClaimSpec {
            id: "dict_keys.hashable_means_immutable",
            source: Source::Article,
            claim: "Any hashable object is immutable.",
            judge: hashable_means_immutable,
            schema: crate::demos::untyped,
        },
        ClaimSpec {
            id: "dict_keys.equal_keys_collapse",
            source: Source::Senior,
            claim:
                "Keys that compare equal and hash equal (1, 1.0, True) are one and the same key.",
            judge: equal_keys_collapse,
            schema: crate::demos::untyped,
        },
        ClaimSpec {
            id: "dict_keys.hash_eq_contract",
            source: Source::Senior,
            claim: "A key's hash must agree with __eq__ and never change: mutate it inside a dict \
                    and it is lost; define __eq__ without __hash__ and the class is unhashable.",
            judge: hash_eq_contract,
            schema: crate::demos::untyped,
        },
    ],
};

#[derive(Deserialize)]
struct Candidate {
    label: String,
    hashable: bool,
    usable_as_key: bool,
    error_type: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct HashableKeys {
    candidates: Vec<Candidate>,
}

fn hashable_keys(evidence: &Value) -> anyhow::Result<Judgement> {
    let HashableKeys { candidates } = read(evidence)?;
    let (hashable, unhashable): (Vec<&Candidate>, Vec<&Candidate>) =
        candidates.iter().partition(|c| c.hashable);
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
        Judgement::new(
            Verdict::Confirmed,
            format!(
                "All {} hashable objects tried ({}) were accepted as keys, and all {} unhashable \
                 ones were refused: {}. What decides is hash(), not the type.",
                hashable.len(),
                labels(&hashable),
                unhashable.len(),
                rejections.join("; ")
            ),
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
    Ok(judgement
        .with("hashable_count", hashable.len())
        .with("unhashable_count", unhashable.len()))
}

fn labels(candidates: &[&Candidate]) -> String {
    candidates
        .iter()
        .map(|c| c.label.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Deserialize)]
struct MutableHashable {
    #[serde(rename = "type")]
    type_name: String,
    value_before: Value,
    value_after: Value,
    hash_before: i64,
    hash_after: i64,
    lookup_after_mutation: String,
}

#[derive(Deserialize)]
struct ImmutableUnhashable {
    repr: String,
    item_assignment_error_type: Option<String>,
    item_assignment_error: Option<String>,
    hashable: bool,
    hash_error_type: Option<String>,
    hash_error: Option<String>,
}

#[derive(Deserialize)]
struct HashableMeansImmutable {
    mutable_hashable: MutableHashable,
    immutable_unhashable: ImmutableUnhashable,
}

fn hashable_means_immutable(evidence: &Value) -> anyhow::Result<Judgement> {
    let HashableMeansImmutable {
        mutable_hashable: m,
        immutable_unhashable: t,
    } = read(evidence)?;
    let mut counterexamples = Vec::new();
    if m.value_before != m.value_after && m.hash_before == m.hash_after {
        counterexamples.push(format!(
            "a {} instance was mutated (value {} → {}) while its hash stayed {} and the dict still \
             found it ({:?}): hashable and mutable",
            m.type_name, m.value_before, m.value_after, m.hash_before, m.lookup_after_mutation
        ));
    }
    if t.item_assignment_error_type.is_some() && !t.hashable {
        counterexamples.push(format!(
            "the tuple {} refuses item assignment ({}: {}) yet hash() fails ({}: {}): immutable \
             and unhashable",
            t.repr,
            t.item_assignment_error_type.as_deref().unwrap_or("?"),
            t.item_assignment_error.as_deref().unwrap_or(""),
            t.hash_error_type.as_deref().unwrap_or("?"),
            t.hash_error.as_deref().unwrap_or("")
        ));
    }
    let count = counterexamples.len();
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
    .with("counterexamples", count))
}

#[derive(Deserialize)]
struct EqualKeysCollapse {
    hashes: Vec<i64>,
    all_equal: bool,
    length: usize,
    surviving_key: String,
    surviving_key_type: String,
    surviving_value: String,
}

fn equal_keys_collapse(evidence: &Value) -> anyhow::Result<Judgement> {
    let e: EqualKeysCollapse = read(evidence)?;
    let same_hash = e.hashes.windows(2).all(|pair| pair[0] == pair[1]);
    let story = format!(
        "Inserting 1, 1.0 and True left a dict of length {}; the hashes were {:?} and the three \
         compare equal: {}. The surviving key is the first one inserted ({} of type {}) and the \
         value the last one written ({:?}).",
        e.length, e.hashes, e.all_equal, e.surviving_key, e.surviving_key_type, e.surviving_value
    );
    let verdict = if e.length == 1 && same_hash && e.all_equal {
        Verdict::Confirmed
    } else {
        Verdict::Refuted
    };
    Ok(Judgement::new(verdict, story))
}

#[derive(Deserialize)]
struct EqWithoutHash {
    hash_attribute_is_none: bool,
    hashable: bool,
    error_type: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct HashEqContract {
    lookup_after_mutation_found: bool,
    lookup_error_type: Option<String>,
    in_after_mutation: bool,
    iteration_yields_same_object: bool,
    eq_without_hash: EqWithoutHash,
}

fn hash_eq_contract(evidence: &Value) -> anyhow::Result<Judgement> {
    let e: HashEqContract = read(evidence)?;
    let key_lost =
        !e.lookup_after_mutation_found && !e.in_after_mutation && e.iteration_yields_same_object;
    let eq_only_unhashable =
        e.eq_without_hash.hash_attribute_is_none && !e.eq_without_hash.hashable;
    let lost = format!(
        "After its hash-relevant field changed, looking the key up raised {} and `in` said {}, \
         yet iterating the dict still yields that very object",
        e.lookup_error_type.as_deref().unwrap_or("nothing"),
        e.in_after_mutation
    );
    let unhashable = format!(
        "a class with __eq__ but no __hash__ gets __hash__ = None, and hash() raises {}: {}",
        e.eq_without_hash.error_type.as_deref().unwrap_or("nothing"),
        e.eq_without_hash.error.as_deref().unwrap_or("")
    );
    let verdict = match (key_lost, eq_only_unhashable) {
        (true, true) => Verdict::Confirmed,
        (false, false) => Verdict::Refuted,
        _ => Verdict::Nuanced,
    };
    Ok(Judgement::new(verdict, format!("{lost}; {unhashable}.")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn candidate(label: &str, hashable: bool, usable: bool) -> Value {
        json!({"label": label, "type": label, "hashable": hashable, "usable_as_key": usable,
               "error_type": if usable { Value::Null } else { json!("TypeError") },
               "error": if usable { Value::Null } else { json!(format!("unhashable type: '{label}'")) }})
    }

    #[test]
    fn hashable_keys_confirmed_when_hash_decides() {
        let evidence =
            json!({"candidates": [candidate("int", true, true), candidate("list", false, false)]});
        let judgement = hashable_keys(&evidence).unwrap();
        assert_eq!(judgement.verdict, Verdict::Confirmed);
        assert!(judgement.explanation.contains("unhashable type: 'list'"));
    }

    #[test]
    fn hashable_keys_refuted_when_a_hashable_object_is_refused() {
        let evidence = json!({"candidates": [candidate("int", true, false)]});
        assert_eq!(hashable_keys(&evidence).unwrap().verdict, Verdict::Refuted);
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
        let both = hashable_means_immutable(&immutability(5, false)).unwrap();
        assert_eq!(both.verdict, Verdict::Refuted);
        assert_eq!(both.derived.as_ref().unwrap()["counterexamples"], 2);
        let one = hashable_means_immutable(&immutability(6, false)).unwrap();
        assert_eq!(one.verdict, Verdict::Refuted);
        let none = hashable_means_immutable(&immutability(6, true)).unwrap();
        assert_eq!(none.verdict, Verdict::Inconclusive);
    }

    #[test]
    fn collapse_needs_one_entry_and_equal_hashes() {
        let mut evidence = json!({"hashes": [1, 1, 1], "all_equal": true, "length": 1,
            "surviving_key": "1", "surviving_key_type": "int", "surviving_value": "bool"});
        assert_eq!(
            equal_keys_collapse(&evidence).unwrap().verdict,
            Verdict::Confirmed
        );
        evidence["length"] = json!(3);
        assert_eq!(
            equal_keys_collapse(&evidence).unwrap().verdict,
            Verdict::Refuted
        );
    }

    #[test]
    fn contract_is_nuanced_when_only_half_holds() {
        let evidence = json!({"lookup_after_mutation_found": false, "lookup_error_type": "KeyError",
            "in_after_mutation": false, "iteration_yields_same_object": true,
            "eq_without_hash": {"hash_attribute_is_none": false, "hashable": true,
                                "error_type": null, "error": null}});
        assert_eq!(
            hash_eq_contract(&evidence).unwrap().verdict,
            Verdict::Nuanced
        );
    }
}
