//! The numbers for people that demos write ([`crate::numbers`], which the report's charts use
//! too): the rounding of derived values, counted nouns and digit grouping.

pub use crate::numbers::{plural, round, thousands};
