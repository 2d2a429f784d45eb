//! The embedded CPython: starting it, running code in it, and what the host adds to it (the
//! harness, captured streams, `--frames`, `--timeout`, SIGTERM).

pub mod capture;
pub mod child;
pub mod convert;
pub mod frames;
pub mod host;
pub mod interpreter;
pub mod signals;
pub mod timeout;

/// The name the host gives its harness module (`harness.py`) in `sys.modules`.
pub const HARNESS_NAME: &str = "_pyconcepts_harness";
