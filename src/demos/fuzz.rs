//! Mutated evidence through every judge, every terminal picture, every report chart and every
//! timeline as the terminal draws it: none may panic or hang, whatever a snippet (or an edited
//! one) records.
//!
//! The evidence to mutate is what each demo recorded in a real run (each demo folder's `sample_evidence.json`,
//! from `demo all --json` with small parameters). The mutations are deterministic: every
//! number replaced at once by each odd value (NaN as JSON null, the largest and smallest floats,
//! 0, negatives, subnormals, huge integers), every array emptied or cut short (mismatched
//! lengths), every field holding numbers in turn set to odd values (all the times subnormal,
//! the sizes left alone), then sixty single and multiple mutations per demo at places a
//! fixed-seed generator picks: wrong types, missing keys, odd numbers, arrays cut or doubled.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use serde_json::{json, Value};

use super::testing::sample_evidence;
use super::{ClaimsEvidence, Demo, QUESTIONS};
use crate::export::charts;
use crate::figures::Plot;
use crate::output::lanes;
use crate::output::render::Style;

/// Far more than any case needs (milliseconds, a bootstrap fit in a debug build on a busy
/// machine), far less than forever.
const CASE_TIME_LIMIT: Duration = Duration::from_secs(20);

/// Random mutation cases per demo, besides the systematic ones.
const RANDOM_CASES: usize = 60;

/// Numbers a snippet could record that a chart or judge might not expect. NaN (and infinity)
/// reach the Rust side as JSON null.
fn odd_numbers() -> Vec<Value> {
    vec![
        Value::Null,
        json!(0),
        json!(0.0),
        json!(-1),
        json!(-1e308),
        json!(1e308),
        json!(f64::MAX),
        json!(f64::MIN_POSITIVE),
        json!(5e-324),
        json!(1e15),
        json!(i64::MAX),
        json!(u64::MAX),
        json!(i64::MIN),
    ]
}

/// A deterministic xorshift64* generator: the same cases on every run, no crate needed.
struct Generator(u64);

impl Generator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

/// Replaces every number in `value` by `number`.
fn every_number(value: &Value, number: &Value) -> Value {
    match value {
        Value::Number(_) => number.clone(),
        other => with_children(other, |_, child| every_number(child, number)),
    }
}

/// Replaces every number held under a field named `key`, at any depth, by `number`.
fn every_number_under(value: &Value, key: &str, number: &Value) -> Value {
    with_children(value, |field, child| {
        if field == Some(key) {
            every_number(child, number)
        } else {
            every_number_under(child, key, number)
        }
    })
}

/// `value` with each of its children (an array's items, an object's fields, none for a leaf)
/// replaced by `mutate(field name, child)`: the one walk of the tree that the mutations share.
fn with_children(value: &Value, mutate: impl Fn(Option<&str>, &Value) -> Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(|v| mutate(None, v)).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), mutate(Some(k), v)))
                .collect(),
        ),
        leaf => leaf.clone(),
    }
}

/// The names of the fields that hold numbers, at any depth.
fn numeric_fields(value: &Value, names: &mut Vec<String>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| numeric_fields(v, names)),
        Value::Object(fields) => {
            for (key, v) in fields {
                if has_number(v) && !names.contains(key) {
                    names.push(key.clone());
                }
                numeric_fields(v, names);
            }
        }
        _ => {}
    }
}

fn has_number(value: &Value) -> bool {
    match value {
        Value::Number(_) => true,
        Value::Array(items) => items.iter().any(has_number),
        Value::Object(fields) => fields.values().any(has_number),
        _ => false,
    }
}

/// Applies `cut` to every array in `value` (after its items are mutated).
fn every_array(value: &Value, cut: &dyn Fn(Vec<Value>) -> Vec<Value>) -> Value {
    match with_children(value, |_, child| every_array(child, cut)) {
        Value::Array(items) => Value::Array(cut(items)),
        other => other,
    }
}

/// The number of nodes in `value`, itself included.
fn size(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(size).sum(),
        Value::Object(fields) => fields.values().map(size).sum(),
        _ => 0,
    }
}

/// The node numbered `index` in depth-first order.
fn node_mut(value: &mut Value, mut index: usize) -> &mut Value {
    if index == 0 {
        return value;
    }
    index -= 1;
    let children: Vec<&mut Value> = match value {
        Value::Array(items) => items.iter_mut().collect(),
        Value::Object(fields) => fields.values_mut().collect(),
        _ => unreachable!("index within size"),
    };
    for child in children {
        let span = size(child);
        if index < span {
            return node_mut(child, index);
        }
        index -= span;
    }
    unreachable!("index within size")
}

/// One random change at a random place of `evidence`.
fn mutate_once(evidence: &mut Value, generator: &mut Generator) {
    let odd = odd_numbers();
    let place = generator.below(size(evidence));
    let node = node_mut(evidence, place);
    let choice = generator.below(4);
    *node = match (node.clone(), choice) {
        (Value::Array(mut items), 0) => {
            items.pop();
            Value::Array(items)
        }
        (Value::Array(items), 1) => Value::Array(items.iter().chain(&items).cloned().collect()),
        (Value::Object(mut fields), 0 | 1) if !fields.is_empty() => {
            let key = fields.keys().nth(generator.below(fields.len())).cloned();
            fields.remove(&key.expect("a key"));
            Value::Object(fields)
        }
        (_, 2) => [json!("x"), json!([]), json!({}), json!(true), json!([null])]
            [generator.below(5)]
        .clone(),
        _ => odd[generator.below(odd.len())].clone(),
    };
}

/// The evidence of `demo`'s sample, mutated every way this test knows.
fn cases(sample: &Value) -> Vec<(String, Value)> {
    let mut cases = vec![("as recorded".to_owned(), sample.clone())];
    for number in odd_numbers() {
        cases.push((
            format!("every number {number}"),
            every_number(sample, &number),
        ));
        if let Value::Object(claims) = sample {
            for (key, evidence) in claims {
                let mut one = claims.clone();
                one.insert(key.clone(), every_number(evidence, &number));
                cases.push((
                    format!("every number of {key} {number}"),
                    Value::Object(one),
                ));
            }
        }
    }
    // One field at a time (all the times subnormal, the sizes left alone: once a hang in
    // plotters' log axis).
    let mut fields = Vec::new();
    numeric_fields(sample, &mut fields);
    for field in &fields {
        for number in [
            json!(null),
            json!(0),
            json!(-1),
            json!(1e308),
            json!(5e-324),
        ] {
            cases.push((
                format!("every number under {field:?} {number}"),
                every_number_under(sample, field, &number),
            ));
        }
    }
    cases.push((
        "every array empty".to_owned(),
        every_array(sample, &|_| Vec::new()),
    ));
    cases.push((
        "every array one short".to_owned(),
        every_array(sample, &|mut items| {
            items.pop();
            items
        }),
    ));
    cases.push((
        "every array of one".to_owned(),
        every_array(sample, &|items| items.into_iter().take(1).collect()),
    ));
    if let Value::Object(claims) = sample {
        for key in claims.keys() {
            let mut without = claims.clone();
            without.remove(key);
            cases.push((format!("no {key}"), Value::Object(without)));
            let mut wrong = claims.clone();
            wrong.insert(key.clone(), json!([1, 2]));
            cases.push((format!("{key} a list"), Value::Object(wrong)));
        }
    }
    cases.push(("empty".to_owned(), json!({})));
    let mut generator = Generator(0x9e37_79b9_7f4a_7c15);
    for case in 0..RANDOM_CASES {
        let mut evidence = sample.clone();
        let changes = if case % 2 == 0 {
            1
        } else {
            1 + generator.below(6)
        };
        for _ in 0..changes {
            mutate_once(&mut evidence, &mut generator);
        }
        cases.push((format!("random case {case} ({changes} changes)"), evidence));
    }
    cases
}

/// Judges, draws the terminal picture of, and builds the report charts of `evidence`, and
/// draws the timelines among them as the terminal does (at two widths, with colour).
fn exercise(demo: &'static Demo, evidence: &Value) {
    let verdicts = demo.judge(evidence, None);
    if let Some(draw) = demo.picture {
        let _ = draw(evidence);
    }
    let evidence = ClaimsEvidence(&verdicts.claims);
    let figures: Vec<_> = demo.charts.iter().map(|chart| chart(&evidence)).collect();
    let _ = charts::draw(&figures);
    let coloured = Style {
        color: true,
        ..Style::plain()
    };
    for figure in figures.iter().flatten().flatten() {
        if let Plot::Lanes(timeline) = &figure.plot {
            let _ = lanes::lanes(timeline, 80, Style::plain());
            let _ = lanes::lanes(timeline, 40, coloured);
        }
    }
}

#[test]
fn no_mutated_evidence_makes_a_judge_picture_or_chart_panic_or_hang() {
    let mut failures = Vec::new();
    let mut total = 0;
    for question in &QUESTIONS {
        let Some(demo) = question.demo else { continue };
        let sample = sample_evidence(question.name);
        for (label, evidence) in cases(&sample) {
            total += 1;
            let (done, finished) = mpsc::channel();
            let name = question.name;
            let worker = thread::spawn(move || {
                exercise(demo, &evidence);
                let _ = done.send(());
            });
            match finished.recv_timeout(CASE_TIME_LIMIT) {
                Ok(()) => {
                    let _ = worker.join();
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    // The thread cannot be stopped; it is left behind and the test fails.
                    failures.push(format!(
                        "{name}, {label}: still running after {CASE_TIME_LIMIT:?}"
                    ));
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    let panic = worker
                        .join()
                        .expect_err("the worker ended without finishing");
                    let message = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_default();
                    failures.push(format!("{name}, {label}: panicked: {message}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
