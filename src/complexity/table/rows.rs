//! The rows of the table: each operation, the class the Python wiki's "TimeComplexity" page (or,
//! beyond it, CPython's known behaviour) gives it, and how it is timed. These are the claims;
//! `python_snippets/complexity_table.py` holds the statements that measure them, under the same
//! names, and the judge compares what it measured with what is written here.

use std::fmt;

use crate::complexity::Class;

/// The container an operation works on: the terminal groups the table by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    List,
    Deque,
    Dict,
    Set,
    Str,
}

impl Container {
    /// In the table's order.
    pub const ALL: [Container; 5] = [
        Container::List,
        Container::Deque,
        Container::Dict,
        Container::Set,
        Container::Str,
    ];

    /// As the JSON's `container` and the command line name it.
    pub fn name(self) -> &'static str {
        match self {
            Container::List => "list",
            Container::Deque => "deque",
            Container::Dict => "dict",
            Container::Set => "set",
            Container::Str => "str",
        }
    }

    /// The heading of its group in the terminal.
    pub fn title(self) -> &'static str {
        match self {
            Container::List => "list",
            Container::Deque => "collections.deque",
            Container::Dict => "dict",
            Container::Set => "set",
            Container::Str => "str",
        }
    }
}

impl fmt::Display for Container {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a row's claim is timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// Each call costs the class: the time of one call (a loop of calls, divided).
    PerCall,
    /// Only the average over many calls does (`append` resizes now and then): the total time of
    /// n operations from an empty container, divided by n.
    Amortised,
}

impl Timing {
    pub fn label(self) -> &'static str {
        match self {
            Timing::PerCall => "per call",
            Timing::Amortised => "amortised",
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// What `pyconcepts complexity` takes and the JSON's `operation`, e.g. `list.pop(0)`.
    pub operation: &'static str,
    pub container: Container,
    /// The class as the table writes it: `O(n)`, `O(k)`, `O(len(s)+len(t))`.
    pub documented: &'static str,
    /// That class as a function of the size this row varies.
    pub class: Class,
    /// The size varied, and what it is: `n = len(s)`.
    pub size: &'static str,
    pub timing: Timing,
    /// Not on the wiki's page: where CPython's behaviour surprises (`sorted` of sorted data, `+=`
    /// on a string) or a module the page leaves out (heapq, bisect).
    pub beyond_the_table: bool,
}

impl Row {
    /// The letter of the varied size: `k` for `k = len(t)`.
    pub fn symbol(&self) -> &'static str {
        self.size.split_whitespace().next().unwrap_or("n")
    }

    /// `class` written in this row's size: `O(k)` for a linear class in k.
    pub fn class_label(&self, class: Class) -> String {
        class.label().replace('n', self.symbol())
    }
}

const fn row(
    operation: &'static str,
    container: Container,
    documented: &'static str,
    class: Class,
    size: &'static str,
) -> Row {
    Row {
        operation,
        container,
        documented,
        class,
        size,
        timing: Timing::PerCall,
        beyond_the_table: false,
    }
}

const fn amortised(row: Row) -> Row {
    Row {
        timing: Timing::Amortised,
        ..row
    }
}

const fn beyond(row: Row) -> Row {
    Row {
        beyond_the_table: true,
        ..row
    }
}

use Class::{Constant, Linear, Linearithmic, Logarithmic};
use Container::{Deque, Dict, List, Set, Str};

/// Every row, grouped by container, the wiki's rows first in each group.
pub const ROWS: &[Row] = &[
    row("list.copy()", List, "O(n)", Linear, "n = len(s)"),
    amortised(row("list.append(x)", List, "O(1)", Constant, "n appends")),
    row("list.pop()", List, "O(1)", Constant, "n = len(s)"),
    row("list.pop(0)", List, "O(n)", Linear, "n = len(s)"),
    row("list.insert(0, x)", List, "O(n)", Linear, "n = len(s)"),
    row("list[i]", List, "O(1)", Constant, "n = len(s)"),
    row("list[i] = x", List, "O(1)", Constant, "n = len(s)"),
    row("del list[0]", List, "O(n)", Linear, "n = len(s)"),
    row("for x in list", List, "O(n)", Linear, "n = len(s)"),
    row("list[a:a+k]", List, "O(k)", Linear, "k = len of the slice"),
    row("list.extend(t)", List, "O(k)", Linear, "k = len(t)"),
    row(
        "list.sort()",
        List,
        "O(n log n)",
        Linearithmic,
        "n = len(s)",
    ),
    row("x in list", List, "O(n)", Linear, "n = len(s)"),
    row("min(list)", List, "O(n)", Linear, "n = len(s)"),
    row("max(list)", List, "O(n)", Linear, "n = len(s)"),
    row("len(list)", List, "O(1)", Constant, "n = len(s)"),
    beyond(row(
        "sorted(list), already sorted",
        List,
        "O(n)",
        Linear,
        "n = len(s)",
    )),
    beyond(row(
        "heapq.heappush",
        List,
        "O(log n)",
        Logarithmic,
        "n = len(h)",
    )),
    beyond(row(
        "heapq.heappop",
        List,
        "O(log n)",
        Logarithmic,
        "n = len(h)",
    )),
    beyond(row(
        "bisect.bisect_left",
        List,
        "O(log n)",
        Logarithmic,
        "n = len(s)",
    )),
    row("deque.append(x)", Deque, "O(1)", Constant, "n = len(d)"),
    row("deque.appendleft(x)", Deque, "O(1)", Constant, "n = len(d)"),
    row("deque.pop()", Deque, "O(1)", Constant, "n = len(d)"),
    row("deque.popleft()", Deque, "O(1)", Constant, "n = len(d)"),
    row("deque.rotate(k)", Deque, "O(k)", Linear, "k = the rotation"),
    row("deque[n//2]", Deque, "O(n)", Linear, "n = len(d)"),
    row("dict[k]", Dict, "O(1)", Constant, "n = len(d)"),
    row("dict[k] = v", Dict, "O(1)", Constant, "n = len(d)"),
    row("del dict[k]", Dict, "O(1)", Constant, "n = len(d)"),
    row("k in dict", Dict, "O(1)", Constant, "n = len(d)"),
    row("for k in dict", Dict, "O(n)", Linear, "n = len(d)"),
    row("dict.copy()", Dict, "O(n)", Linear, "n = len(d)"),
    row(
        "dict[k], colliding keys",
        Dict,
        "O(n)",
        Linear,
        "n = len(d)",
    ),
    row(
        "dict[k] = v, colliding keys",
        Dict,
        "O(n)",
        Linear,
        "n = len(d)",
    ),
    row(
        "del dict[k], colliding keys",
        Dict,
        "O(n)",
        Linear,
        "n = len(d)",
    ),
    row("x in set", Set, "O(1)", Constant, "n = len(s)"),
    row(
        "x in set, colliding keys",
        Set,
        "O(n)",
        Linear,
        "n = len(s)",
    ),
    amortised(row("set.add(x)", Set, "O(1)", Constant, "n adds")),
    row(
        "s | t",
        Set,
        "O(len(s)+len(t))",
        Linear,
        "n = len(s) = len(t)",
    ),
    row(
        "s & t",
        Set,
        "O(min(len(s), len(t)))",
        Linear,
        "k = len(s) ≤ len(t)",
    ),
    row(
        "s & t, the larger grows",
        Set,
        "O(min(len(s), len(t)))",
        Constant,
        "n = len(t) ≥ len(s)",
    ),
    row("s - t", Set, "O(len(s))", Linear, "n = len(s)"),
    row("s - t, t grows", Set, "O(len(s))", Constant, "n = len(t)"),
    beyond(amortised(row(
        "s += \"x\"",
        Str,
        "O(1)",
        Constant,
        "n steps",
    ))),
    beyond(row(
        "s += \"x\", another reference",
        Str,
        "O(n)",
        Linear,
        "n = len(s)",
    )),
];

/// The rows an operation or a container names (`list.pop(0)`, `dict`), or `None`.
pub fn named(name: &str) -> Option<Vec<&'static Row>> {
    if let Some(row) = ROWS.iter().find(|row| row.operation == name) {
        return Some(vec![row]);
    }
    let container = Container::ALL
        .into_iter()
        .find(|container| container.name() == name || container.title() == name)?;
    Some(
        ROWS.iter()
            .filter(|row| row.container == container)
            .collect(),
    )
}

/// The names closest to `name`, for "did you mean": at most two, the closest first.
pub fn closest(name: &str) -> Vec<&'static str> {
    let names = ROWS
        .iter()
        .map(|row| row.operation)
        .chain(Container::ALL.into_iter().map(Container::name));
    let mut scored: Vec<(f64, &'static str)> = names
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(2).map(|(_, name)| name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_named_once_and_groups_follow_the_containers() {
        let mut names: Vec<&str> = ROWS.iter().map(|row| row.operation).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ROWS.len());
        let order: Vec<usize> = ROWS
            .iter()
            .map(|row| {
                Container::ALL
                    .iter()
                    .position(|c| *c == row.container)
                    .unwrap()
            })
            .collect();
        assert!(order.windows(2).all(|pair| pair[0] <= pair[1]), "{order:?}");
    }

    #[test]
    fn a_class_is_written_in_the_rows_own_size() {
        let slice = named("list[a:a+k]").unwrap()[0];
        assert_eq!(slice.symbol(), "k");
        assert_eq!(slice.class_label(Class::Linear), "O(k)");
        assert_eq!(slice.class_label(Class::Linearithmic), "O(k log k)");
        let append = named("list.append(x)").unwrap()[0];
        assert_eq!(append.symbol(), "n");
        assert_eq!(append.class_label(Class::Quadratic), "O(n²)");
    }

    #[test]
    fn a_container_names_its_group_and_typos_get_suggestions() {
        assert_eq!(named("deque").unwrap().len(), 6);
        assert_eq!(named("collections.deque").unwrap().len(), 6);
        assert!(named("list.pop(1)").is_none());
        assert!(closest("list.pop(1)").contains(&"list.pop(0)"));
        assert!(closest("zzz").is_empty());
    }
}
