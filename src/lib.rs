//! pyconcepts: proves or disproves, live, the claims of an article of senior Python interview
//! questions, by running real Python snippets inside an embedded CPython and judging the
//! evidence they leave.
//!
//! The data flows one way: [`interpreter`] runs a snippet and returns its evidence, a demo in
//! [`demos`] judges it, and [`render`] shows the [`report`].

pub mod capture;
pub mod chart;
pub mod cli;
pub mod commands;
pub mod complexity;
pub mod demos;
pub mod errors;
pub mod export;
pub mod frames;
pub mod highlight;
pub mod host;
pub mod interpreter;
pub mod params;
pub mod presenter;
pub mod prompt;
pub mod quiz;
pub mod render;
pub mod report;
pub mod runtimes;
pub mod script;
pub mod sections;
pub mod signals;
pub mod snippets;
pub mod timeout;
