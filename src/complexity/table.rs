//! The time-complexity table of CPython's built-in containers, measured: `pyconcepts complexity`
//! and `cargo bench --bench complexity`. The rows are the claims ([`rows`]); the snippet
//! `python_snippets/complexity_table.py` measures each inside the embedded interpreter
//! ([`evidence`]); the engine fits them and [`judge`] gives each its verdict; [`terminal`] and
//! [`report`] show them, and [`runs`] tells whether repeated runs kept each row's class.

pub mod evidence;
pub mod judge;
pub mod report;
pub mod rows;
pub mod runs;
pub mod terminal;

use crate::snippets::Snippet;

/// The snippet that measures the rows, one or more per run (`PARAMS["operations"]`).
pub const SNIPPET: Snippet = crate::snippet!("complexity_table.py");
