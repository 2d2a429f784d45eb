//! How the parts of a claim add up to its verdict, for claims that make two statements at once
//! ("X holds, and Y too"): one rule for each way the two can be related.

use crate::report::Verdict;

/// Two statements that stand on their own: `confirmed` when both hold, `refuted` when neither
/// does, `nuanced` when only one does.
pub fn both_parts(first: bool, second: bool) -> Verdict {
    match (first, second) {
        (true, true) => Verdict::Confirmed,
        (false, false) => Verdict::Refuted,
        _ => Verdict::Nuanced,
    }
}

/// A core statement and a qualification that only matters if the core holds: `refuted` when
/// the core fails, whatever the rest; `confirmed` when both hold; `nuanced` when only the core
/// does.
pub fn core_and_rest(core: bool, rest: bool) -> Verdict {
    match (core, rest) {
        (false, _) => Verdict::Refuted,
        (true, true) => Verdict::Confirmed,
        (true, false) => Verdict::Nuanced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_independent_parts_are_nuanced_when_only_one_holds() {
        assert_eq!(both_parts(true, true), Verdict::Confirmed);
        assert_eq!(both_parts(true, false), Verdict::Nuanced);
        assert_eq!(both_parts(false, true), Verdict::Nuanced);
        assert_eq!(both_parts(false, false), Verdict::Refuted);
    }

    #[test]
    fn without_its_core_a_claim_is_refuted_whatever_the_rest() {
        assert_eq!(core_and_rest(true, true), Verdict::Confirmed);
        assert_eq!(core_and_rest(true, false), Verdict::Nuanced);
        assert_eq!(core_and_rest(false, true), Verdict::Refuted);
        assert_eq!(core_and_rest(false, false), Verdict::Refuted);
    }
}
