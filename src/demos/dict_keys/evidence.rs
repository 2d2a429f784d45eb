//! The one schema of the dict-keys evidence: what `python_snippets/dict_keys.py` records under
//! each claim's key of `EVIDENCE`, and what the judges derive from it. Field names are the
//! snippet's own (the JSON report is a public interface).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `hashable_keys`: each candidate object, asked for its hash and then tried as a key.
#[derive(Deserialize, JsonSchema)]
pub struct HashableKeys {
    /// Every object tried, in the order tried: hashable ones first, then unhashable ones.
    pub candidates: Vec<Candidate>,
}

/// One object tried as a dictionary key.
#[derive(Deserialize, JsonSchema)]
pub struct Candidate {
    /// What the object is, in words (`tuple containing a list`).
    pub label: String,
    /// Its type's name (`type(obj).__name__`).
    #[serde(rename = "type")]
    pub type_name: String,
    /// Whether `hash(obj)` returned.
    pub hashable: bool,
    /// Whether `{obj: "value"}` could be built.
    pub usable_as_key: bool,
    /// The exception's type name when either step raised (`TypeError`), else null.
    pub error_type: Option<String>,
    /// The exception's message when either step raised (`unhashable type: 'list'`), else null.
    pub error: Option<String>,
}

/// What the `hashable_keys` judge counts.
#[derive(Serialize, JsonSchema)]
pub struct HashableKeysDerived {
    /// How many candidates were hashable.
    pub hashable_count: usize,
    /// How many candidates were not.
    pub unhashable_count: usize,
}

/// `hashable_means_immutable`: two counterexamples, one for each direction.
#[derive(Deserialize, JsonSchema)]
pub struct HashableMeansImmutable {
    /// A plain object mutated after it was hashed: hashable and mutable.
    pub mutable_hashable: MutableHashable,
    /// A tuple holding a list: immutable and unhashable.
    pub immutable_unhashable: ImmutableUnhashable,
}

/// An instance of a class with no `__eq__` or `__hash__`, mutated in place.
#[derive(Deserialize, JsonSchema)]
pub struct MutableHashable {
    /// The class's name.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The attribute's value before the mutation.
    pub value_before: Value,
    /// The attribute's value after it.
    pub value_after: Value,
    /// `hash(obj)` before the mutation.
    pub hash_before: i64,
    /// `hash(obj)` after it.
    pub hash_after: i64,
    /// The value a dict holding the object as a key still found under it after the mutation.
    pub lookup_after_mutation: String,
}

/// A tuple that contains a list.
#[derive(Deserialize, JsonSchema)]
pub struct ImmutableUnhashable {
    /// `repr()` of the tuple.
    pub repr: String,
    /// The exception's type name when assigning an item raised (`TypeError`), else null.
    pub item_assignment_error_type: Option<String>,
    /// Its message, else null.
    pub item_assignment_error: Option<String>,
    /// Whether `hash()` of the tuple returned.
    pub hashable: bool,
    /// The exception's type name when `hash()` raised, else null.
    pub hash_error_type: Option<String>,
    /// Its message, else null.
    pub hash_error: Option<String>,
}

/// What the `hashable_means_immutable` judge counts.
#[derive(Serialize, JsonSchema)]
pub struct HashableMeansImmutableDerived {
    /// How many of the two counterexamples behaved as one (0 to 2).
    pub counterexamples: usize,
}

/// `equal_keys_collapse`: 1, 1.0 and True inserted, in that order, into one dict, and then in
/// the reverse order into another.
#[derive(Deserialize, JsonSchema)]
pub struct EqualKeysCollapse {
    /// The insertions, as `key -> value` in words.
    pub inserted: Vec<String>,
    /// `hash()` of each key, in insertion order.
    pub hashes: Vec<i64>,
    /// Whether `1 == 1.0 == True`.
    pub all_equal: bool,
    /// Each insertion, in order: the key given and the value stored under it.
    pub insertions: Vec<Insertion>,
    /// The dict's length afterwards.
    pub length: usize,
    /// `repr()` of the one key left (the first entry's, when more than one is left).
    pub surviving_key: String,
    /// Its type's name.
    pub surviving_key_type: String,
    /// The value left under it.
    pub surviving_value: String,
    /// The same keys inserted the other way round (True, 1.0, 1).
    pub reversed_order: Collapse,
}

/// One key given to the dict, with its value.
#[derive(Deserialize, JsonSchema)]
pub struct Insertion {
    /// `repr()` of the key.
    pub key: String,
    /// Its type's name.
    pub key_type: String,
    /// The value stored under it.
    pub value: String,
}

/// Equal keys inserted into one dict, and what the dict kept.
#[derive(Deserialize, JsonSchema)]
pub struct Collapse {
    /// Each insertion, in order.
    pub insertions: Vec<Insertion>,
    /// The dict's length afterwards.
    pub length: usize,
    /// `repr()` of the key left (the first entry's).
    pub surviving_key: String,
    /// Its type's name.
    pub surviving_key_type: String,
    /// The value left under it.
    pub surviving_value: String,
}

/// What the `equal_keys_collapse` judge observed, for each order of insertion.
#[derive(Serialize, JsonSchema)]
pub struct EqualKeysCollapseDerived {
    /// In both orders, the key left was the first key inserted (same repr and type).
    pub first_key_survived: bool,
    /// In both orders, the value left was the last value written.
    pub last_value_survived: bool,
}

/// `hash_eq_contract`: a key whose hash follows a field that changes while it is in a dict, and
/// a class with `__eq__` but no `__hash__`.
#[derive(Deserialize, JsonSchema)]
pub struct HashEqContract {
    /// Whether `owners[badge]` still found the entry after the key's field changed.
    pub lookup_after_mutation_found: bool,
    /// The exception's type name that lookup raised (`KeyError`), else null.
    pub lookup_error_type: Option<String>,
    /// What `badge in owners` said after the change.
    pub in_after_mutation: bool,
    /// Whether iterating the dict still yields that very key object, and only it.
    pub iteration_yields_same_object: bool,
    /// The dict's length after the change (the entry is still there).
    pub length: usize,
    /// The class defining `__eq__` without `__hash__`.
    pub eq_without_hash: EqWithoutHash,
}

/// A class that defines `__eq__` and not `__hash__`.
#[derive(Deserialize, JsonSchema)]
pub struct EqWithoutHash {
    /// Whether Python set the class's `__hash__` to None.
    pub hash_attribute_is_none: bool,
    /// Whether `hash()` of an instance returned.
    pub hashable: bool,
    /// The exception's type name when `hash()` raised (`TypeError`), else null.
    pub error_type: Option<String>,
    /// Its message, else null.
    pub error: Option<String>,
}
