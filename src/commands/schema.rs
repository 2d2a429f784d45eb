//! `pyconcepts schema`: the JSON Schema of a line of `demo --json`, generated from the very
//! structs the report is written from and each claim's evidence is read into, so that it
//! documents every field and cannot drift from the code.

use std::io::{self, Write};

use schemars::generate::SchemaSettings;
use schemars::Schema;
use serde_json::{json, Value};

use crate::demos::QUESTIONS;
use crate::errors::Outcome;
use crate::report::Report;

pub fn run() -> anyhow::Result<Outcome> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &report_schema())?;
    writeln!(out)?;
    Ok(Outcome::Success)
}

/// The schema of a report line: the report's fields, and for each claim that was judged (not
/// skipped, its evidence readable) the shape of its evidence, chosen by the claim's id.
pub fn report_schema() -> Schema {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let mut root = generator.root_schema_for::<Report>();
    let by_claim: Vec<Value> = QUESTIONS
        .iter()
        .filter_map(|question| question.demo)
        .flat_map(|demo| demo.claims)
        .map(|spec| {
            let evidence = (spec.schema)(&mut generator);
            json!({
                "if": {
                    "properties": {
                        "id": {"const": spec.id},
                        "verdict": {"not": {"const": "skipped"}},
                    },
                    "required": ["id", "verdict"],
                },
                "then": {"properties": {"evidence": evidence}},
            })
        })
        .collect();
    let definitions = generator.take_definitions(true);
    let object = root.ensure_object();
    object.insert("title".into(), "A line of `pyconcepts demo --json`".into());
    let definitions_of_root = object
        .entry("$defs")
        .or_insert_with(|| Value::Object(Default::default()));
    if let Value::Object(defs) = definitions_of_root {
        defs.extend(definitions);
        defs.insert("JudgedClaim".into(), json!({"allOf": by_claim}));
    }
    if let Some(items) = object
        .get_mut("properties")
        .and_then(|properties| properties.get_mut("claims"))
        .and_then(|claims| claims.get_mut("items"))
    {
        *items = json!({"allOf": [items.take(), {"$ref": "#/$defs/JudgedClaim"}]});
    }
    root
}
