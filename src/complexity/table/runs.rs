//! Stability over repeated runs (`complexity --runs N`): a row is stable when no two runs named
//! different classes (a run may be inconclusive). big_O's answers from the same medians are
//! counted beside ours: how often it agreed with the class we named, and which rows it flipped.

use super::judge::Judged;

/// One row over every run.
#[derive(Debug, Clone, PartialEq)]
pub struct RowRuns {
    pub operation: &'static str,
    /// The class each run named (`O(n)`), or `inconclusive`, or `skipped`.
    pub classes: Vec<String>,
    /// No two runs named different classes.
    pub stable: bool,
    /// big_O's class in each run, or why it gave none (`crashed`, `skipped`).
    pub big_o: Vec<String>,
    /// big_O gave two different classes.
    pub big_o_flipped: bool,
    /// Runs where big_O and we both named a class, and where those were the same.
    pub big_o_compared: usize,
    pub big_o_agreed: usize,
}

/// What a series of runs showed.
#[derive(Debug, Clone, PartialEq)]
pub struct Stability {
    pub runs: usize,
    pub rows: Vec<RowRuns>,
}

impl Stability {
    /// `runs[i]` holds run i's judged rows, every run the same rows in the same order.
    pub fn of(runs: &[Vec<Judged>]) -> Stability {
        let Some(first) = runs.first() else {
            return Stability {
                runs: 0,
                rows: Vec::new(),
            };
        };
        let rows = (0..first.len())
            .map(|index| {
                let row: Vec<&Judged> = runs.iter().filter_map(|run| run.get(index)).collect();
                let classes = row
                    .iter()
                    .map(|judged| {
                        judged
                            .fitted
                            .as_ref()
                            .map_or("skipped".to_owned(), |fitted| fitted.class.clone())
                    })
                    .collect();
                let mut named: Vec<_> = row.iter().filter_map(|judged| judged.class).collect();
                named.sort_by_key(|class| class.label());
                named.dedup();
                let big_o: Vec<String> = row
                    .iter()
                    .map(|judged| match &judged.big_o {
                        Some(side) => side.class.clone().unwrap_or_else(|| {
                            if side.answer.skipped.is_some() {
                                "skipped".to_owned()
                            } else {
                                "crashed".to_owned()
                            }
                        }),
                        None => "skipped".to_owned(),
                    })
                    .collect();
                let mut answered: Vec<&String> = row
                    .iter()
                    .filter_map(|judged| judged.big_o.as_ref()?.class.as_ref())
                    .collect();
                answered.sort();
                answered.dedup();
                let compared: Vec<bool> = row
                    .iter()
                    .filter_map(|judged| judged.big_o.as_ref()?.agrees)
                    .collect();
                RowRuns {
                    operation: first[index].operation,
                    classes,
                    stable: named.len() <= 1,
                    big_o,
                    big_o_flipped: answered.len() > 1,
                    big_o_compared: compared.len(),
                    big_o_agreed: compared.iter().filter(|agreed| **agreed).count(),
                }
            })
            .collect();
        Stability {
            runs: runs.len(),
            rows,
        }
    }

    /// Rows that never named two different classes.
    pub fn stable(&self) -> usize {
        self.rows.iter().filter(|row| row.stable).count()
    }

    /// Rows for which big_O gave two different classes.
    pub fn big_o_flips(&self) -> usize {
        self.rows.iter().filter(|row| row.big_o_flipped).count()
    }

    /// (agreements, comparisons) with big_O over every row and run.
    pub fn big_o_agreement(&self) -> (usize, usize) {
        self.rows.iter().fold((0, 0), |(agreed, compared), row| {
            (agreed + row.big_o_agreed, compared + row.big_o_compared)
        })
    }

    /// Whether big_O answered at all in any run.
    pub fn big_o_ran(&self) -> bool {
        self.rows
            .iter()
            .any(|row| row.big_o.iter().any(|answer| answer != "skipped"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::complexity::table::evidence::BigO;
    use crate::complexity::table::judge::{BigOSide, Fitted};
    use crate::complexity::table::rows::ROWS;
    use crate::complexity::Class;
    use crate::report::Verdict;

    fn judged(class: Option<Class>, big_o: &str) -> Judged {
        let row = &ROWS[0];
        let label = class.map_or("inconclusive".to_owned(), |c| row.class_label(c));
        Judged {
            operation: row.operation,
            container: "list",
            documented: row.documented,
            timing: "per call",
            size: row.size,
            beyond_the_table: false,
            fitted: Some(Fitted {
                class: label,
                slope: 1.0,
                slope_ci: [0.99, 1.01],
                r2: 1.0,
                ns_per_op: 1.0,
                unit: "ns per element".to_owned(),
                best_fit: "O(n)".to_owned(),
                smaller_sizes: None,
                larger_sizes: None,
            }),
            verdict: Verdict::Confirmed,
            explanation: String::new(),
            big_o: Some(BigOSide {
                class: Some(big_o.to_owned()),
                agrees: class.map(|c| row.class_label(c) == big_o),
                answer: BigO {
                    class: Some(big_o.to_owned()),
                    ..Default::default()
                },
            }),
            measured: None,
            run: None,
            class,
        }
    }

    #[test]
    fn an_inconclusive_run_does_not_make_a_row_unstable_but_two_classes_do() {
        let linear = Some(Class::Linear);
        let runs = vec![
            vec![judged(linear, "O(n)"), judged(linear, "O(n)")],
            vec![
                judged(None, "O(n)"),
                judged(Some(Class::Linearithmic), "O(n²)"),
            ],
            vec![judged(linear, "O(n)"), judged(linear, "O(n)")],
        ];
        let stability = Stability::of(&runs);
        assert_eq!(stability.runs, 3);
        assert_eq!(stability.stable(), 1);
        assert!(stability.rows[0].stable);
        assert_eq!(stability.rows[0].classes, ["O(n)", "inconclusive", "O(n)"]);
        assert!(!stability.rows[1].stable);
        assert_eq!(stability.big_o_flips(), 1);
        // Row 0: two comparisons (the inconclusive run has none), both agreeing; row 1: three
        // comparisons, one disagreeing.
        assert_eq!(stability.big_o_agreement(), (4, 5));
        assert!(stability.big_o_ran());
    }
}
