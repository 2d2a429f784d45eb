//! What several demos share, one rule per concept, each unit-tested once here.

pub mod load;
pub mod parallel;
pub mod runtimes;
