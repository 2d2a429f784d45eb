//! `pyconcepts schema` documents the JSON report as it is: real `demo --json` lines validate
//! against it, and evidence of another shape than a claim's does not.

mod common;

use serde_json::{json, Value};

fn schema() -> jsonschema::Validator {
    let output = common::pyconcepts().arg("schema").output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let schema: Value = serde_json::from_slice(&output.stdout).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

fn problems(validator: &jsonschema::Validator, line: &Value) -> Vec<String> {
    validator
        .iter_errors(line)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

#[test]
fn every_field_of_the_schema_is_described() {
    let output = common::pyconcepts().arg("schema").output().unwrap();
    let schema: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut undescribed = Vec::new();
    for (name, definition) in schema["$defs"].as_object().unwrap() {
        for (field, property) in definition["properties"].as_object().into_iter().flatten() {
            let described = property.get("description").is_some()
                || property.get("$ref").is_some()
                || property
                    .get("allOf")
                    .or_else(|| property.get("anyOf"))
                    .is_some_and(|parts| parts.to_string().contains("$ref"));
            if !described {
                undescribed.push(format!("{name}.{field}"));
            }
        }
    }
    assert!(
        undescribed.is_empty(),
        "fields without a description: {undescribed:?}"
    );
}

#[test]
fn real_reports_validate_and_evidence_of_another_shape_does_not() {
    let validator = schema();
    let output = common::pyconcepts()
        .args([
            "demo",
            "dict-keys",
            "legb",
            "nonlocal-global",
            "closures",
            "imports",
            "memory",
        ])
        .args(["cpython", "--json", "--no-others"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 7, "{stdout}");
    for line in &lines {
        let found = problems(&validator, line);
        assert!(found.is_empty(), "{}: {found:#?}", line["demo"]);
    }
    // The same line with one judged claim's evidence replaced by a value of no claim's shape.
    let mut broken = lines[0].clone();
    let claim = broken["claims"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|claim| claim["verdict"] != "skipped")
        .expect("a judged claim");
    claim["evidence"] = json!({"nothing": "of the kind"});
    assert!(
        !problems(&validator, &broken).is_empty(),
        "evidence of another shape validated: the schema checks nothing"
    );
}

#[test]
fn the_timed_demos_reports_validate_timelines_and_all() {
    // Small workloads: their evidence has every field (progress marks, the requests' and the
    // event loop's timelines) at a fraction of the time.
    let validator = schema();
    let output = common::pyconcepts()
        .args(["demo", "gil", "concurrency", "--json", "--no-others"])
        .args([
            "--param",
            "work_ms=20",
            "--param",
            "repeats=1",
            "--param",
            "requests=4",
        ])
        .args(["--param", "block_ms=40", "--param", "start_count=1"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    for line in &lines {
        let found = problems(&validator, line);
        assert!(found.is_empty(), "{}: {found:#?}", line["demo"]);
    }
    // A timeline of another shape does not validate: its moments are numbers.
    let mut broken = lines[1].clone();
    let io = broken["claims"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|claim| claim["id"] == "concurrency.io_bound_threads_or_asyncio")
        .unwrap();
    assert!(io["evidence"]["timeline"]["asyncio"].is_array(), "{io}");
    io["evidence"]["timeline"]["asyncio"] = json!([["began", "sent"]]);
    assert!(!problems(&validator, &broken).is_empty());
}
