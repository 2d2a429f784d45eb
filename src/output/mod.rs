//! What people see on a terminal: reports rendered, text charts and timelines, highlighted code,
//! the presenter's pacing and the prompts that read their replies.

pub mod chart;
pub mod heartbeat;
pub mod highlight;
pub mod lanes;
pub mod matrix;
pub mod pager;
pub mod presenter;
pub mod prompt;
pub mod render;
pub mod soft_wrap;
pub mod terminal;
pub mod theme;
