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
    use Verdict::{Confirmed, Nuanced, Refuted};

    /// What `rule` decides for (true, true), (true, false), (false, true) and (false, false).
    fn truth_table(rule: fn(bool, bool) -> Verdict) -> [Verdict; 4] {
        [(true, true), (true, false), (false, true), (false, false)].map(|(a, b)| rule(a, b))
    }

    #[test]
    fn two_independent_parts_are_nuanced_when_only_one_holds() {
        assert_eq!(
            truth_table(both_parts),
            [Confirmed, Nuanced, Nuanced, Refuted]
        );
    }

    #[test]
    fn without_its_core_a_claim_is_refuted_whatever_the_rest() {
        assert_eq!(
            truth_table(core_and_rest),
            [Confirmed, Nuanced, Refuted, Refuted]
        );
    }
}
