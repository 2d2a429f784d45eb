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

/// The command that installs big_O, as the snippet names it in its skip reason
/// (`BIG_O_INSTALL = "…"`): one place for the product and the tests.
pub fn big_o_install() -> &'static str {
    SNIPPET
        .embedded
        .lines()
        .find_map(|line| line.strip_prefix("BIG_O_INSTALL = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("python_snippets/complexity_table.py names BIG_O_INSTALL")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_install_line_of_big_o_is_the_snippets() {
        assert_eq!(super::big_o_install(), "python3 -m pip install big-O");
    }
}
