//! pyconcepts: proves or disproves, live, the claims of an article of senior Python interview
//! questions, by running real Python snippets inside an embedded CPython and judging the
//! evidence they leave.
//!
//! The data flows one way:
//! 1. [`python`] runs a demo's snippet in the embedded CPython and returns its `EVIDENCE`;
//! 2. the demo in [`demos`] reads it into its typed schema and judges each claim ([`report`]);
//! 3. [`output`] shows the verdicts on the terminal, [`export`] writes them as a report.

pub mod cli;
pub mod commands;
pub mod complexity;
pub mod demos;
pub mod errors;
pub mod export;
pub mod figures;
pub mod numbers;
pub mod output;
pub mod params;
pub mod python;
pub mod report;
pub mod runtimes;
pub mod snippets;
