//! pyconcepts: proves or disproves, live, the claims of an article of senior Python interview
//! questions, by running real Python snippets inside an embedded CPython and judging the
//! evidence they leave.
//!
//! The data flows one way: [`interpreter`] runs a snippet and returns its evidence, a demo in
//! [`demos`] judges it, and [`render`] shows the [`report`].

pub mod cli;
pub mod commands;
pub mod complexity;
pub mod demos;
pub mod errors;
pub mod export;
pub mod figures;
pub mod output;
pub mod params;
pub mod python;
pub mod report;
pub mod runtimes;
pub mod snippets;
