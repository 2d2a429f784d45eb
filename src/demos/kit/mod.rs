//! What several demos share, one rule per concept, each unit-tested once here.

pub mod load;
pub mod numbers;
pub mod parallel;
pub mod parts;
pub mod python;
pub mod runtimes;
pub mod words;
