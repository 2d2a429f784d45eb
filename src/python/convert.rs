//! Python values to JSON and back: the snippet's `EVIDENCE` and the harness's answers become
//! `serde_json` values, bounded so that no snippet's data can overflow or hang the host; the
//! demo's `PARAMS` go the other way.

use anyhow::anyhow;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Value};

/// How deep `EVIDENCE` may nest. Real evidence nests a handful of levels; the limit keeps a
/// snippet's accidental (or deliberate) 10,000-deep list from overflowing the host's stack.
const MAX_EVIDENCE_DEPTH: usize = 200;

/// How many values `EVIDENCE` may hold in all. The largest real evidence holds a few thousand;
/// the limit stops a list shared at every level (`x = [x, x]`, 100 times: 2¹⁰⁰ values once
/// written out) from running forever.
const MAX_EVIDENCE_VALUES: usize = 1_000_000;

/// Converts the snippet's evidence to JSON, naming the place of anything that is not plain data:
/// a value JSON cannot hold, nesting deeper than [`MAX_EVIDENCE_DEPTH`], a container that holds
/// itself, or more than [`MAX_EVIDENCE_VALUES`] values.
pub fn to_json(value: &Bound<'_, PyAny>, place: &str) -> anyhow::Result<Value> {
    let mut walk = Walk {
        path: Vec::new(),
        values: 0,
    };
    walk.convert(value, place)
}

/// Where the conversion is: the containers being converted, outermost first, to tell a cycle by
/// identity, and the values converted so far.
struct Walk {
    path: Vec<(*mut pyo3::ffi::PyObject, String)>,
    values: usize,
}

impl Walk {
    fn convert(&mut self, value: &Bound<'_, PyAny>, place: &str) -> anyhow::Result<Value> {
        self.values += 1;
        if self.values > MAX_EVIDENCE_VALUES {
            let entry = self
                .path
                .get(1)
                .or(self.path.first())
                .map_or(place, |(_, entry)| entry.as_str());
            return Err(anyhow!(
                "{entry} holds more than {MAX_EVIDENCE_VALUES} values; record a summary instead"
            ));
        }
        if value.is_none() {
            return Ok(Value::Null);
        }
        if value.is_instance_of::<PyBool>() {
            return Ok(Value::Bool(value.extract()?));
        }
        if value.is_instance_of::<PyInt>() {
            return if let Ok(n) = value.extract::<i64>() {
                Ok(Value::from(n))
            } else if let Ok(n) = value.extract::<u64>() {
                Ok(Value::from(n))
            } else {
                Err(anyhow!(
                    "{place} is an integer too large for JSON; record it as a string"
                ))
            };
        }
        if value.is_instance_of::<PyFloat>() {
            // NaN and infinities have no JSON form; null says "no number" honestly.
            return Ok(
                serde_json::Number::from_f64(value.extract()?).map_or(Value::Null, Value::Number)
            );
        }
        if let Ok(text) = value.cast::<PyString>() {
            return Ok(Value::String(text_of(text, place)?));
        }
        let is_dict = value.is_instance_of::<PyDict>();
        if !is_dict && !value.is_instance_of::<PyList>() && !value.is_instance_of::<PyTuple>() {
            return Err(anyhow!(
                "{place} holds a {} ({}); EVIDENCE may hold only str, int, float, bool, None, \
                 lists and dicts",
                value.get_type().name()?,
                short_repr(value)
            ));
        }
        let identity = value.as_ptr();
        if let Some((_, outer)) = self.path.iter().find(|(seen, _)| *seen == identity) {
            return Err(anyhow!(
                "{place} is {outer} itself: the evidence holds itself (a cycle), which JSON \
                 cannot write"
            ));
        }
        if self.path.len() >= MAX_EVIDENCE_DEPTH {
            let (_, entry) = self.path.get(1).unwrap_or(&self.path[0]);
            return Err(anyhow!(
                "{entry} nests more than {MAX_EVIDENCE_DEPTH} levels deep; record flatter evidence"
            ));
        }
        self.path.push((identity, place.to_owned()));
        let converted = if let Ok(dict) = value.cast::<PyDict>() {
            let mut fields = Map::new();
            for (key, item) in dict.iter() {
                let key = match key.cast::<PyString>() {
                    Ok(key) => text_of(key, &format!("a key of {place}"))?,
                    Err(_) => {
                        return Err(anyhow!(
                            "{place} has a key that is not a string: {} ({}); use string keys",
                            short_repr(&key),
                            key.get_type().name()?
                        ))
                    }
                };
                let item = self.convert(&item, &format!("{place}[{key:?}]"))?;
                fields.insert(key, item);
            }
            Value::Object(fields)
        } else {
            let mut items = Vec::new();
            for (index, item) in value.try_iter()?.enumerate() {
                items.push(self.convert(&item?, &format!("{place}[{index}]"))?);
            }
            Value::Array(items)
        };
        self.path.pop();
        Ok(converted)
    }
}

/// A Python string as UTF-8: a lone surrogate (`"\ud800"`) has no UTF-8 form.
fn text_of(text: &Bound<'_, PyString>, place: &str) -> anyhow::Result<String> {
    text.to_str().map(str::to_owned).map_err(|_| {
        anyhow!(
            "{place} is a string holding a lone surrogate ({}), which JSON text cannot hold; \
             record it escaped, e.g. with ascii()",
            short_repr(text.as_any())
        )
    })
}

/// `reprlib.repr(value)`, for error messages: short even for a huge or self-holding object.
fn short_repr(value: &Bound<'_, PyAny>) -> String {
    value
        .py()
        .import("reprlib")
        .and_then(|reprlib| reprlib.call_method1("repr", (value,)))
        .and_then(|repr| repr.extract::<String>())
        .unwrap_or_else(|_| "<unprintable>".to_owned())
}

/// Converts `PARAMS` (plain JSON values) to Python objects.
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(number) => match number.as_i64() {
            Some(n) => n.into_pyobject(py)?.into_any(),
            None => number
                .as_f64()
                .unwrap_or(f64::NAN)
                .into_pyobject(py)?
                .into_any(),
        },
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let items = items
                .iter()
                .map(|item| to_python(py, item))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Object(fields) => {
            let dict = PyDict::new(py);
            for (key, item) in fields {
                dict.set_item(key, to_python(py, item)?)?;
            }
            dict.into_any()
        }
    })
}
