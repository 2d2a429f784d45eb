//! Values written in Python's notation, as `repr` shows them, for explanations that quote what a
//! snippet observed: `True` not `true`, `None` not `null`, `'Hello'`, `('i',)` for a tuple.
//!
//! Evidence reaches the host as JSON, which has no tuples: a judge that quotes a tuple says so
//! with [`tuple`]; everything else follows from the value's type.

use serde_json::Value;

/// A value as Python's `repr` writes it.
pub trait Repr {
    fn repr(&self) -> String;
}

/// `items` as a Python tuple: `()`, `('i',)`, `(1, 2)`.
pub fn tuple<T: Repr>(items: &[T]) -> String {
    match items {
        [] => "()".to_owned(),
        [only] => format!("({},)", only.repr()),
        _ => format!("({})", joined(items)),
    }
}

fn joined<T: Repr>(items: &[T]) -> String {
    items.iter().map(Repr::repr).collect::<Vec<_>>().join(", ")
}

impl Repr for bool {
    fn repr(&self) -> String {
        if *self { "True" } else { "False" }.to_owned()
    }
}

impl Repr for str {
    /// Python's rule: single quotes, unless the text holds a `'` and no `"`.
    fn repr(&self) -> String {
        let quote = if self.contains('\'') && !self.contains('"') {
            '"'
        } else {
            '\''
        };
        let mut text = String::with_capacity(self.len() + 2);
        text.push(quote);
        for c in self.chars() {
            match c {
                '\\' => text.push_str("\\\\"),
                '\n' => text.push_str("\\n"),
                '\r' => text.push_str("\\r"),
                '\t' => text.push_str("\\t"),
                c if c == quote => {
                    text.push('\\');
                    text.push(c);
                }
                c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                    text.push_str(&format!("\\x{:02x}", c as u32));
                }
                c => text.push(c),
            }
        }
        text.push(quote);
        text
    }
}

impl Repr for String {
    fn repr(&self) -> String {
        self.as_str().repr()
    }
}

impl<T: Repr + ?Sized> Repr for &T {
    fn repr(&self) -> String {
        (**self).repr()
    }
}

macro_rules! integer_repr {
    ($($integer:ty),*) => {$(
        impl Repr for $integer {
            fn repr(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
integer_repr!(i32, i64, u32, u64, usize, isize);

impl Repr for f64 {
    /// The shortest text that reads back as the same float, as Python writes it: `1.0`,
    /// `0.1`, `1e-07`, `1e+16`, `inf`, `nan`.
    fn repr(&self) -> String {
        if self.is_nan() {
            return "nan".to_owned();
        }
        if self.is_infinite() {
            return if *self > 0.0 { "inf" } else { "-inf" }.to_owned();
        }
        let magnitude = self.abs();
        if magnitude != 0.0 && !(1e-4..1e16).contains(&magnitude) {
            // Rust's shortest `{:e}` is `1e-7`; Python pads the exponent to two digits.
            let text = format!("{self:e}");
            let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
            let (sign, digits) = match exponent.strip_prefix('-') {
                Some(digits) => ('-', digits),
                None => ('+', exponent),
            };
            return format!("{mantissa}e{sign}{digits:0>2}");
        }
        let text = self.to_string();
        if text.contains('.') {
            text
        } else {
            format!("{text}.0")
        }
    }
}

impl<T: Repr> Repr for [T] {
    fn repr(&self) -> String {
        format!("[{}]", joined(self))
    }
}

impl<T: Repr> Repr for Vec<T> {
    fn repr(&self) -> String {
        self.as_slice().repr()
    }
}

impl<T: Repr> Repr for Option<T> {
    fn repr(&self) -> String {
        self.as_ref().map_or_else(|| "None".to_owned(), Repr::repr)
    }
}

impl Repr for Value {
    /// JSON as the Python value it came from: arrays as lists, objects as dicts.
    fn repr(&self) -> String {
        match self {
            Value::Null => "None".to_owned(),
            Value::Bool(flag) => flag.repr(),
            Value::Number(number) => match (number.as_i64(), number.as_u64(), number.as_f64()) {
                (Some(integer), _, _) => integer.to_string(),
                (None, Some(integer), _) => integer.to_string(),
                (None, None, Some(float)) => float.repr(),
                _ => number.to_string(),
            },
            Value::String(text) => text.repr(),
            Value::Array(items) => items.repr(),
            Value::Object(fields) => {
                let entries: Vec<String> = fields
                    .iter()
                    .map(|(key, value)| format!("{}: {}", key.repr(), value.repr()))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_read_as_python_writes_them() {
        assert_eq!(true.repr(), "True");
        assert_eq!(None::<i64>.repr(), "None");
        assert_eq!("Hello".repr(), "'Hello'");
        assert_eq!("it's".repr(), "\"it's\"");
        assert_eq!("a'b\"c\n".repr(), "'a\\'b\"c\\n'");
        assert_eq!(3.0.repr(), "3.0");
        assert_eq!(0.1.repr(), "0.1");
        assert_eq!(1e-7.repr(), "1e-07");
        assert_eq!(1.5e16.repr(), "1.5e+16");
        assert_eq!(f64::INFINITY.repr(), "inf");
    }

    #[test]
    fn containers_are_lists_dicts_and_tuples_when_told() {
        assert_eq!(vec![0, 1, 2].repr(), "[0, 1, 2]");
        assert_eq!(tuple(&["i"]), "('i',)");
        assert_eq!(tuple(&[1, 2]), "(1, 2)");
        assert_eq!(tuple::<i64>(&[]), "()");
        assert_eq!(
            json!({"mode": "fast", "on": true, "none": null, "n": [1, 2.5]}).repr(),
            "{'mode': 'fast', 'n': [1, 2.5], 'none': None, 'on': True}"
        );
    }
}
