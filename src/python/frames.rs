//! `--frames`: a text diagram of the live call frames at the points a snippet marks.
//!
//! With `--frames` the host puts `SHOW_FRAMES(label)` in the snippet's globals; a snippet calls
//! it through `show_frames = globals().get("SHOW_FRAMES") or (lambda label: None)`, so a run
//! without `--frames` (or under plain `python3`) is unaffected. The harness reads the real frames
//! — `sys._getframe` up to the snippet's module frame, each frame's `f_locals`, its code's
//! `co_cellvars`/`co_freevars`, and the cell objects of the closures — and hands plain data to
//! this module, which draws it. Cells are told apart by identity: the same `◆n` in two frames is
//! one cell object, which is what "the closure shares the variable" means.

use std::collections::HashMap;
use std::fmt::Write as _;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::Deserialize;

/// The callable a snippet sees as `SHOW_FRAMES`.
#[pyclass(module = "_pyconcepts", frozen)]
pub struct FrameViewer {
    globals: Py<PyDict>,
    file_name: String,
}

impl FrameViewer {
    pub fn new(globals: Py<PyDict>, file_name: String) -> Self {
        FrameViewer { globals, file_name }
    }
}

#[pymethods]
impl FrameViewer {
    /// `SHOW_FRAMES(label, *names)`: prints the diagram through `sys.stdout`, so it is shown
    /// live and recorded with the rest of the snippet's output. `names` are globals to show as
    /// well (by default only those the functions on the stack use, and, from module level, the
    /// closures the module holds). A failure to read the frames prints a note instead of
    /// breaking the demo.
    #[pyo3(signature = (label = String::new(), *names))]
    fn __call__(&self, py: Python<'_>, label: String, names: Vec<String>) -> PyResult<()> {
        let text = match self.snapshot(py, &label, names) {
            Ok(snapshot) => fit(&draw(&snapshot), crate::output::terminal::columns()),
            Err(err) => format!("[frames view unavailable: {err:#}]\n"),
        };
        py.import("sys")?
            .getattr("stdout")?
            .call_method1("write", (text,))?;
        Ok(())
    }

    fn __repr__(&self) -> &'static str {
        "<SHOW_FRAMES: draws the live call frames (pyconcepts --frames)>"
    }
}

impl FrameViewer {
    fn snapshot(
        &self,
        py: Python<'_>,
        label: &str,
        names: Vec<String>,
    ) -> anyhow::Result<Snapshot> {
        // Called straight from Rust, the harness function's caller frame is the snippet's.
        let data = py.import(crate::python::HARNESS_NAME)?.call_method1(
            "frames_snapshot",
            (self.globals.bind(py), &self.file_name, label, names),
        )?;
        let value = crate::python::convert::to_json(&data, "frames")?;
        Ok(Snapshot::deserialize(value)?)
    }
}

/// The frames at one point, as the harness reads them.
#[derive(Debug, Deserialize)]
pub struct Snapshot {
    pub label: String,
    pub module_line: Option<usize>,
    /// Globals worth showing: those the functions on the stack use, and closures.
    pub module: Vec<Binding>,
    /// Names the functions look up that only the builtins scope has.
    pub builtins: Vec<String>,
    /// Function frames, outermost first.
    pub frames: Vec<Frame>,
}

/// A name and its value (`None`: not assigned yet), with the cells of a closure.
#[derive(Debug, Deserialize)]
pub struct Binding {
    pub name: String,
    pub value: Option<String>,
    #[serde(default)]
    pub closure: Vec<CellView>,
    /// A global that a function on the stack hides behind a name of its own.
    #[serde(default)]
    pub shadowed: bool,
}

/// A variable that lives in a cell; `cell` is the cell's id, `None` when no closure holds it.
#[derive(Debug, Deserialize)]
pub struct CellView {
    pub name: String,
    pub cell: Option<String>,
    pub value: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Frame {
    pub name: String,
    pub line: usize,
    pub file: String,
    /// A frame of another file (the standard library calling back into the snippet).
    pub foreign: bool,
    #[serde(default)]
    pub locals: Vec<Binding>,
    #[serde(default)]
    pub cells: Vec<CellView>,
    #[serde(default)]
    pub free: Vec<CellView>,
    #[serde(default)]
    pub declared_global: Vec<String>,
    #[serde(default)]
    pub declared_nonlocal: Vec<String>,
}

/// Short names for cell ids, `◆1`, `◆2`…, in order of first appearance, and who holds each.
#[derive(Default)]
struct Cells {
    labels: HashMap<String, usize>,
    /// Per label: its id, its value, and the places that reach it.
    order: Vec<(String, Option<String>, Vec<String>)>,
}

impl Cells {
    fn label(&mut self, view: &CellView, holder: String) -> String {
        let Some(id) = &view.cell else {
            return "(a cell no closure holds yet)".to_owned();
        };
        let next = self.order.len() + 1;
        let number = *self.labels.entry(id.clone()).or_insert(next);
        if number == next {
            self.order
                .push((id.clone(), view.value.clone(), Vec::new()));
        }
        let holders = &mut self.order[number - 1].2;
        if !holders.contains(&holder) {
            holders.push(holder);
        }
        format!("◆{number}")
    }
}

fn value_text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("(unassigned)")
}

/// The diagram: builtins, the module, each function frame outermost first with its locals,
/// cell and free variables, then the cells and everyone who shares each one.
pub fn draw(snapshot: &Snapshot) -> String {
    let mut cells = Cells::default();
    let mut text = String::new();
    let title = if snapshot.label.is_empty() {
        "frames".to_owned()
    } else {
        format!("frames · {}", snapshot.label)
    };
    let _ = writeln!(text, "┌─ {title}");
    if !snapshot.builtins.is_empty() {
        let _ = writeln!(
            text,
            "│ builtins  {}   (used here; not local, enclosing or global)",
            snapshot.builtins.join(", ")
        );
    }
    let module_place = snapshot
        .module_line
        .map_or(String::new(), |line| format!("  (line {line})"));
    let _ = writeln!(text, "│ module{module_place}");
    if snapshot.module.is_empty() {
        let _ = writeln!(text, "│     (no globals used here)");
    }
    for binding in &snapshot.module {
        binding_line(&mut text, "│     ", binding, "module", &mut cells);
    }
    for (depth, frame) in snapshot.frames.iter().enumerate() {
        let indent = "  ".repeat(depth + 1);
        if frame.foreign {
            let _ = writeln!(
                text,
                "│ {indent}↳ {}()  line {}  in {}",
                frame.name, frame.line, frame.file
            );
            continue;
        }
        let mut heading = format!("│ {indent}↳ {}()  line {}", frame.name, frame.line);
        if !frame.declared_global.is_empty() {
            let _ = write!(heading, "  · global {}", frame.declared_global.join(", "));
        }
        if !frame.declared_nonlocal.is_empty() {
            let _ = write!(
                heading,
                "  · nonlocal {}",
                frame.declared_nonlocal.join(", ")
            );
        }
        let _ = writeln!(text, "{heading}");
        let body = format!("│ {indent}    ");
        let owner = format!("{}()", short_name(&frame.name));
        if frame.locals.is_empty() && frame.cells.is_empty() && frame.free.is_empty() {
            let _ = writeln!(text, "{body}(no local names)");
        }
        for binding in &frame.locals {
            binding_line(&mut text, &body, binding, &owner, &mut cells);
        }
        let shared = [
            (&frame.cells, "cell variable: inner functions share it"),
            (&frame.free, "free variable: an enclosing function's cell"),
        ];
        for (views, kind) in shared {
            for view in views {
                let label = cells.label(view, format!("{owner} {}", view.name));
                let _ = writeln!(
                    text,
                    "{body}{} ─▶ {label} = {}   {kind}",
                    view.name,
                    value_text(&view.value)
                );
            }
        }
    }
    if !cells.order.is_empty() {
        let _ = writeln!(text, "│ cells: one box each, told apart by identity");
        for (index, (id, value, holders)) in cells.order.iter().enumerate() {
            let shared = if holders.len() > 1 {
                "shared by"
            } else {
                "held by"
            };
            let _ = writeln!(
                text,
                "│     ◆{} = {}   (cell at {id})",
                index + 1,
                value_text(value)
            );
            let _ = writeln!(text, "│         {shared} {}", holders.join(", "));
        }
    }
    let _ = writeln!(text, "└─");
    text
}

/// The diagram with every line that is wider than `width` columns wrapped at spaces, its
/// continuation indented under the line's own gutter (`│` and indent), so that a narrow terminal
/// never splits a name from its `◆` cell.
pub fn fit(diagram: &str, width: usize) -> String {
    let mut fitted = String::with_capacity(diagram.len());
    for line in diagram.lines() {
        if line.chars().count() <= width {
            fitted.push_str(line);
            fitted.push('\n');
            continue;
        }
        let gutter: String = line
            .chars()
            .take_while(|c| *c == '│' || c.is_whitespace())
            .collect();
        let continuation = format!("{gutter}    ");
        let options = textwrap::Options::new(width)
            .subsequent_indent(&continuation)
            .break_words(false);
        for part in textwrap::wrap(line, options) {
            fitted.push_str(&part);
            fitted.push('\n');
        }
    }
    fitted
}

fn binding_line(
    text: &mut String,
    indent: &str,
    binding: &Binding,
    owner: &str,
    cells: &mut Cells,
) {
    let mut line = format!("{indent}{} = {}", binding.name, value_text(&binding.value));
    if !binding.closure.is_empty() {
        let parts: Vec<String> = binding
            .closure
            .iter()
            .map(|view| {
                let holder = format!("{owner} {}.__closure__", binding.name);
                format!("{} ─▶ {}", view.name, cells.label(view, holder))
            })
            .collect();
        let _ = write!(line, "   closure: {}", parts.join(", "));
    }
    if binding.shadowed {
        line.push_str("   (hidden here: a function below has its own name for it)");
    }
    let _ = writeln!(text, "{line}");
}

/// `inner` for `outer.<locals>.inner`: who holds a cell, said briefly.
fn short_name(qualname: &str) -> &str {
    qualname.rsplit('.').next().unwrap_or(qualname)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_line_wraps_at_spaces_under_its_own_gutter() {
        let diagram =
            "┌─ frames\n│     inner = <function outer.<locals>.inner>   closure: x ─▶ ◆1\n└─\n";
        let fitted = fit(diagram, 40);
        for line in fitted.lines() {
            assert!(line.chars().count() <= 40, "{line:?} in\n{fitted}");
        }
        assert!(fitted.contains("│         closure: x ─▶ ◆1"), "{fitted}");
        assert_eq!(fit(diagram, 120), diagram);
    }
    use serde_json::json;

    fn snapshot(value: serde_json::Value) -> Snapshot {
        Snapshot::deserialize(value).unwrap()
    }

    #[test]
    fn one_cell_seen_from_two_frames_gets_one_label_and_both_holders() {
        let drawn = draw(&snapshot(json!({
            "label": "inside inner",
            "module_line": 20,
            "module": [{"name": "x", "value": "'global x'", "closure": [], "shadowed": true}],
            "builtins": ["print"],
            "frames": [
                {"name": "outer", "line": 9, "file": "s.py", "foreign": false,
                 "locals": [{"name": "inner", "value": "<function outer.<locals>.inner>",
                             "closure": [{"name": "x", "cell": "0xa1", "value": "2"}]}],
                 "cells": [{"name": "x", "cell": "0xa1", "value": "2"}],
                 "free": [], "declared_global": [], "declared_nonlocal": []},
                {"name": "outer.<locals>.inner", "line": 13, "file": "s.py", "foreign": false,
                 "locals": [{"name": "y", "value": null, "closure": []}], "cells": [],
                 "free": [{"name": "x", "cell": "0xa1", "value": "2"}],
                 "declared_global": [], "declared_nonlocal": ["x"]}
            ]
        })));
        assert!(drawn.starts_with("┌─ frames · inside inner\n"), "{drawn}");
        assert!(drawn.contains("│ builtins  print"), "{drawn}");
        assert!(
            drawn.contains("│     x = 'global x'   (hidden here"),
            "{drawn}"
        );
        assert!(
            drawn.contains("inner = <function outer.<locals>.inner>   closure: x ─▶ ◆1"),
            "{drawn}"
        );
        assert!(drawn.contains("x ─▶ ◆1 = 2   cell variable"), "{drawn}");
        assert!(
            drawn.contains("↳ outer.<locals>.inner()  line 13  · nonlocal x"),
            "{drawn}"
        );
        assert!(drawn.contains("y = (unassigned)"), "{drawn}");
        assert!(drawn.contains("x ─▶ ◆1 = 2   free variable"), "{drawn}");
        assert!(!drawn.contains("◆2"), "{drawn}");
        assert!(
            drawn.contains(
                "│     ◆1 = 2   (cell at 0xa1)\n│         shared by outer() inner.__closure__, outer() x, inner() x\n"
            ),
            "{drawn}"
        );
        assert!(drawn.ends_with("└─\n"));
    }

    #[test]
    fn different_cells_get_different_labels_and_unheld_cells_say_so() {
        let drawn = draw(&snapshot(json!({
            "label": "", "module_line": null, "builtins": [],
            "module": [
                {"name": "a", "value": "<function f>", "closure": [{"name": "n", "cell": "0x1", "value": "1"}]},
                {"name": "b", "value": "<function f>", "closure": [{"name": "n", "cell": "0x2", "value": "5"}]}
            ],
            "frames": [{"name": "g", "line": 3, "file": "s.py", "foreign": false, "locals": [],
                        "cells": [{"name": "k", "cell": null, "value": "0"}], "free": []}]
        })));
        assert!(drawn.starts_with("┌─ frames\n"));
        assert!(
            drawn.contains("a = <function f>   closure: n ─▶ ◆1"),
            "{drawn}"
        );
        assert!(
            drawn.contains("b = <function f>   closure: n ─▶ ◆2"),
            "{drawn}"
        );
        assert!(
            drawn.contains("k ─▶ (a cell no closure holds yet) = 0"),
            "{drawn}"
        );
        assert!(
            drawn.contains("◆2 = 5   (cell at 0x2)\n│         held by module b.__closure__"),
            "{drawn}"
        );
    }

    #[test]
    fn foreign_frames_are_one_line() {
        let drawn = draw(&snapshot(json!({
            "label": "x", "module_line": 1, "builtins": [], "module": [],
            "frames": [{"name": "sorted_key", "line": 7, "file": "/usr/lib/x.py", "foreign": true}]
        })));
        assert!(
            drawn.contains("↳ sorted_key()  line 7  in /usr/lib/x.py"),
            "{drawn}"
        );
        assert!(drawn.contains("(no globals used here)"));
    }
}
