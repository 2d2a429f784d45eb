//! Question 6, "how does Python handle memory management?": names refer to heap objects, each
//! object counts its references and is freed the moment the count reaches zero, and the cyclic
//! garbage collector exists only for the cycles that reference counting cannot free.
//!
//! The true count (`ob_refcnt`) is read independently of `sys.getrefcount`: by the Rust host
//! (`_pyconcepts.refcnt`), or through `ctypes` when the snippet runs on its own, each calibrated
//! at run time. `ctypes` also reads a string's memory field by field, and finds the words that
//! hold a name's reference: in the module's dict, or in a function's frame. The last claim
//! runs the same last-`del` experiment on PyPy and Jython, in child processes: all of this is
//! CPython's.

mod evidence;
mod judges;

use super::kit::runtimes::PROBE_TIMEOUT;
use super::{ClaimSpec, Demo};
use crate::report::Source;
use crate::snippet;

pub const DEMO: Demo = Demo::new(snippet!("memory.py"), CLAIMS).with_params(&[PROBE_TIMEOUT]);

const CLAIMS: &[ClaimSpec] = &[
    ClaimSpec::new::<evidence::NamesAreReferences>(
        "memory.names_are_references",
        Source::Article,
        "Names are references to objects that live on the private heap.",
    ),
    ClaimSpec::new::<evidence::RefcountStartsAtOne>(
        "memory.refcount_starts_at_one",
        Source::Article,
        "After a = \"hello\", the string's reference count is 1.",
    ),
    ClaimSpec::new::<evidence::ObjectHasThreeFields>(
        "memory.object_has_three_fields",
        Source::Article,
        "The string object made by a = \"hello\" contains three fields: its type, its value \
         and its reference count.",
    ),
    ClaimSpec::new::<evidence::ReferenceOnTheStack>(
        "memory.reference_on_the_stack",
        Source::Article,
        "After a = \"hello\" in a script, the reference to the string is stored on the \
         stack, the string itself on the private heap.",
    ),
    ClaimSpec::new::<evidence::RefcountTracks>(
        "memory.refcount_tracks_references",
        Source::Senior,
        "The reference count goes up by one for every new reference (a name, a list \
         element, a function argument) and down by one when it goes away.",
    ),
    ClaimSpec::new::<evidence::ZeroRefcountFrees>(
        "memory.zero_refcount_frees_immediately",
        Source::Senior,
        "When the count reaches zero the object is freed at once, by reference counting \
         alone: no garbage collection is involved.",
    ),
    ClaimSpec::new::<evidence::GcFreesZeroRefcount>(
        "memory.gc_frees_zero_refcount",
        Source::Article,
        "The garbage collector deletes the objects whose reference count reached zero.",
    ),
    ClaimSpec::new::<evidence::SmallIntAndInterning>(
        "memory.small_int_and_interning",
        Source::Senior,
        "Small ints (-5 to 256) and interned strings are shared objects; equal values built \
         at run time otherwise are distinct objects.",
    ),
    ClaimSpec::new::<evidence::RefcountingIsCpythonSpecific>(
        "memory.refcounting_is_cpython_specific",
        Source::Article,
        "This memory management is CPython's; other implementations have different rules: \
         PyPy, for one, has no sys.getrefcount and frees an object when its garbage \
         collector runs, not at the del of its last reference.",
    ),
];
