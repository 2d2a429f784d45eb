//! Question 1, "what can be the keys of a dictionary?": hashability, not immutability, decides.
//!
//! `evidence.rs` is the schema of what `python_snippets/dict_keys.py` records and of what the
//! judges derive; `judges.rs` turns that evidence into verdicts.

pub mod evidence;
mod judges;

use evidence::{EqualKeysCollapse, HashEqContract, HashableKeys, HashableMeansImmutable};

use super::{ClaimSpec, Demo};
use crate::report::Source;
use crate::snippet;

pub const DEMO: Demo = Demo::new(snippet!("dict_keys.py"), CLAIMS);

const CLAIMS: &[ClaimSpec] = &[
    ClaimSpec::new::<HashableKeys>(
        "dict_keys.hashable_keys",
        Source::Article,
        "Any hashable object can be the key of a dictionary.",
    ),
    ClaimSpec::new::<HashableMeansImmutable>(
        "dict_keys.hashable_means_immutable",
        Source::Article,
        "Any hashable object is immutable.",
    ),
    ClaimSpec::new::<EqualKeysCollapse>(
        "dict_keys.equal_keys_collapse",
        Source::Senior,
        "Keys that compare equal and hash equal (1, 1.0, True) are one and the same key.",
    ),
    ClaimSpec::new::<HashEqContract>(
        "dict_keys.hash_eq_contract",
        Source::Senior,
        "A key's hash must agree with __eq__ and never change: mutate it inside a dict and it \
         is lost; define __eq__ without __hash__ and the class is unhashable.",
    ),
];
