//! `--param KEY=VALUE`: parsed once, checked against what each demo declares, handed to the
//! snippet as its `PARAMS` dict.

use std::ops::RangeInclusive;

use serde_json::{Map, Value};

use crate::errors::UsageError;

/// A parameter a demo accepts.
pub struct ParamSpec {
    pub name: &'static str,
    pub kind: ParamKind,
    /// Put into `PARAMS` when the user gives no value. `None` leaves the key out, so the snippet
    /// picks a default that depends on the machine (e.g. the core count); `help` says which.
    pub default: Option<&'static str>,
    pub help: &'static str,
}

/// The values a parameter takes; bounds are inclusive.
pub enum ParamKind {
    Int {
        min: i64,
        max: i64,
    },
    Float {
        min: f64,
        max: f64,
    },
    Text,
    /// A server's address, `HOST:PORT` behind one of `schemes` (`tcp://`; an empty one accepts a
    /// bare `HOST:PORT`), as the library it is for takes it: a typo is caught here, not by a
    /// traceback from the library.
    Address {
        schemes: &'static [&'static str],
    },
    /// Some of `choices`, separated by commas (`dask,ray`), handed to the snippet as a list in
    /// the order given, without repeats.
    Choices {
        choices: &'static [&'static str],
    },
}

impl ParamSpec {
    /// An integer parameter within `range`, with no default.
    pub const fn int(name: &'static str, range: RangeInclusive<i64>, help: &'static str) -> Self {
        let kind = ParamKind::Int {
            min: *range.start(),
            max: *range.end(),
        };
        Self::of_kind(name, kind, help)
    }

    /// A number parameter within `range`, with no default.
    pub const fn float(name: &'static str, range: RangeInclusive<f64>, help: &'static str) -> Self {
        let kind = ParamKind::Float {
            min: *range.start(),
            max: *range.end(),
        };
        Self::of_kind(name, kind, help)
    }

    /// A server's address behind one of `schemes` (see [`ParamKind::Address`]), with no default.
    pub const fn address(
        name: &'static str,
        schemes: &'static [&'static str],
        help: &'static str,
    ) -> Self {
        Self::of_kind(name, ParamKind::Address { schemes }, help)
    }

    /// Some of `choices`, separated by commas (see [`ParamKind::Choices`]), with no default.
    pub const fn choices(
        name: &'static str,
        choices: &'static [&'static str],
        help: &'static str,
    ) -> Self {
        Self::of_kind(name, ParamKind::Choices { choices }, help)
    }

    /// The same parameter, put into `PARAMS` as `default` when the user gives no value.
    pub const fn with_default(self, default: &'static str) -> Self {
        Self {
            default: Some(default),
            ..self
        }
    }

    const fn of_kind(name: &'static str, kind: ParamKind, help: &'static str) -> Self {
        Self {
            name,
            kind,
            default: None,
            help,
        }
    }

    /// Converts a textual value to the JSON value the snippet receives, or says why it can't.
    pub fn parse(&self, text: &str) -> Result<Value, String> {
        match self.kind {
            ParamKind::Int { min, max } => match text.trim().parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(Value::from(n)),
                _ => Err(format!("an integer from {min} to {max}")),
            },
            ParamKind::Float { min, max } => match text.trim().parse::<f64>() {
                Ok(x) if (min..=max).contains(&x) => Ok(Value::from(x)),
                _ => Err(format!("a number from {min} to {max}")),
            },
            ParamKind::Text if text.is_empty() => Err("a non-empty text".to_owned()),
            ParamKind::Text => Ok(Value::from(text)),
            ParamKind::Address { schemes } if is_address(text, schemes) => Ok(Value::from(text)),
            ParamKind::Address { schemes } => Err(format!(
                "an address {}, PORT from 1 to 65535",
                address_forms(schemes)
            )),
            ParamKind::Choices { choices } => match chosen(text, choices) {
                Some(list) => Ok(Value::from(list)),
                None => Err(format!(
                    "one or more of {}, separated by commas",
                    choices.join(", ")
                )),
            },
        }
    }

    /// What `pyconcepts list` shows of the values it takes.
    pub fn kind_label(&self) -> String {
        match self.kind {
            ParamKind::Int { min, max } => format!("integer {min}..={max}"),
            ParamKind::Float { min, max } => format!("number {min}..={max}"),
            ParamKind::Text => "text".to_owned(),
            ParamKind::Address { schemes } => format!("address {}", address_forms(schemes)),
            ParamKind::Choices { choices } => format!("any of {}", choices.join(",")),
        }
    }
}

/// "tcp://HOST:PORT (or tls://HOST:PORT, or HOST:PORT)": every form an address may take.
fn address_forms(schemes: &[&str]) -> String {
    let mut forms = schemes.iter().map(|scheme| format!("{scheme}HOST:PORT"));
    let first = forms.next().unwrap_or_else(|| "HOST:PORT".to_owned());
    let rest: Vec<String> = forms.collect();
    if rest.is_empty() {
        first
    } else {
        format!("{first} (or {})", rest.join(", or "))
    }
}

/// The choices named in `text`, in order and without repeats; `None` when one is not a choice
/// or none is named.
fn chosen(text: &str, choices: &[&str]) -> Option<Vec<String>> {
    let mut list: Vec<String> = Vec::new();
    for name in text.split(',').map(str::trim) {
        if !choices.contains(&name) {
            return None;
        }
        if !list.iter().any(|known| known == name) {
            list.push(name.to_owned());
        }
    }
    Some(list)
}

/// `SCHEME HOST:PORT` with one of `schemes` (the longest that matches, so that an empty scheme
/// does not swallow `tcp://`): a host name, an IPv4 address or a bracketed IPv6 one, and a port
/// that is not 0.
fn is_address(text: &str, schemes: &[&str]) -> bool {
    let Some(rest) = schemes
        .iter()
        .filter(|scheme| text.starts_with(**scheme))
        .max_by_key(|scheme| scheme.len())
        .map(|scheme| &text[scheme.len()..])
    else {
        return false;
    };
    let Some((host, port)) = rest.rsplit_once(':') else {
        return false;
    };
    let host_ok = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
        None => {
            !host.is_empty()
                && host.split('.').all(|label| {
                    !label.is_empty()
                        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
        }
    };
    host_ok && port.parse::<u16>().is_ok_and(|port| port > 0)
}

/// One `--param KEY=VALUE` as the user typed it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamArg {
    pub key: String,
    pub value: String,
}

/// clap's value parser for `--param`: only the `KEY=VALUE` shape is checked here; whether a demo
/// knows the key is checked once the demos are known.
pub fn parse_param_arg(arg: &str) -> Result<ParamArg, String> {
    match arg.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => Ok(ParamArg {
            key: key.trim().to_owned(),
            value: value.to_owned(),
        }),
        _ => Err(format!("expected KEY=VALUE, got {arg:?}")),
    }
}

/// Checks that every given parameter is declared by at least one of the demos being run.
pub fn check_known(args: &[ParamArg], specs: &[&ParamSpec]) -> Result<(), UsageError> {
    for arg in args {
        if !specs.iter().any(|spec| spec.name == arg.key) {
            let mut known: Vec<&str> = specs.iter().map(|spec| spec.name).collect();
            known.sort_unstable();
            known.dedup();
            let known = if known.is_empty() {
                "these demos take no parameters".to_owned()
            } else {
                format!("known: {}", known.join(", "))
            };
            return Err(UsageError(format!(
                "unknown parameter {:?} for the selected demos ({known})",
                arg.key
            )));
        }
    }
    Ok(())
}

/// The `PARAMS` dict for one demo: its defaults, overridden by what the user gave.
pub fn for_demo(specs: &[ParamSpec], args: &[ParamArg]) -> Result<Map<String, Value>, UsageError> {
    let mut params = Map::new();
    for spec in specs {
        let given = args.iter().rev().find(|arg| arg.key == spec.name);
        let text = match (given, spec.default) {
            (Some(arg), _) => arg.value.as_str(),
            (None, Some(default)) => default,
            (None, None) => continue,
        };
        let value = spec.parse(text).map_err(|expected| {
            UsageError(format!(
                "--param {}={text:?}: expected {expected}",
                spec.name
            ))
        })?;
        params.insert(spec.name.to_owned(), value);
    }
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::QUESTIONS;

    const THREADS: ParamSpec = ParamSpec::int("threads", 1..=64, "");
    const RATE: ParamSpec = ParamSpec::float("rate", 0.0..=1.0, "").with_default("0.5");

    fn arg(text: &str) -> ParamArg {
        parse_param_arg(text).unwrap()
    }

    #[test]
    fn malformed_param_is_rejected() {
        assert!(parse_param_arg("threads").is_err());
        assert!(parse_param_arg("=4").is_err());
        assert_eq!(arg("k=a=b").value, "a=b");
    }

    #[test]
    fn defaults_apply_and_the_last_value_wins() {
        let params = for_demo(&[THREADS, RATE], &[arg("threads=2"), arg("threads=3")]).unwrap();
        assert_eq!(params["threads"], 3);
        assert_eq!(params["rate"], 0.5);
    }

    #[test]
    fn out_of_range_and_unknown_are_usage_errors() {
        let err = for_demo(&[THREADS], &[arg("threads=0")]).unwrap_err();
        assert!(err.0.contains("from 1 to 64"), "{}", err.0);
        assert!(check_known(&[arg("thread=2")], &[&THREADS]).is_err());
        assert!(check_known(&[arg("threads=2")], &[&THREADS]).is_ok());
    }

    #[test]
    fn addresses_need_a_host_and_a_port_and_one_of_their_schemes() {
        let spec = ParamSpec::address("scheduler", &["tcp://", "tls://", ""], "");
        for good in [
            "tcp://127.0.0.1:8786",
            "tls://scheduler.example.org:8786",
            "localhost:1",
            "tcp://[::1]:65535",
        ] {
            assert_eq!(spec.parse(good), Ok(Value::from(good)), "{good}");
        }
        for bad in [
            "notaurl",
            "tcp://127.0.0.1",
            "tcp://:8786",
            "127.0.0.1:0",
            "127.0.0.1:65536",
            "http://127.0.0.1:8786",
            "inproc://127.0.0.1:8786",
            "tcp://[::1:8786",
            "tcp://host name:8786",
            "",
        ] {
            assert!(spec.parse(bad).is_err(), "{bad} was accepted");
        }
        let err = for_demo(&[spec], &[arg("scheduler=notaurl")]).unwrap_err();
        assert_eq!(
            err.0,
            "--param scheduler=\"notaurl\": expected an address tcp://HOST:PORT (or \
             tls://HOST:PORT, or HOST:PORT), PORT from 1 to 65535"
        );
        // A scheme that must be there (a Spark master's).
        let master = ParamSpec::address("spark_master", &["spark://"], "");
        assert!(master.parse("spark://127.0.0.1:7077").is_ok());
        assert!(master.parse("127.0.0.1:7077").is_err());
        assert_eq!(
            master.parse("local[2]").unwrap_err(),
            "an address spark://HOST:PORT, PORT from 1 to 65535"
        );
        assert_eq!(master.kind_label(), "address spark://HOST:PORT");
    }

    #[test]
    fn choices_are_a_list_in_the_order_given_without_repeats() {
        let spec = ParamSpec::choices("engines", &["dask", "ray", "spark"], "");
        assert_eq!(
            spec.parse("spark, dask,spark"),
            Ok(serde_json::json!(["spark", "dask"]))
        );
        for bad in ["", "dask,", "dask,hadoop", "Dask"] {
            assert_eq!(
                spec.parse(bad),
                Err("one or more of dask, ray, spark, separated by commas".to_owned()),
                "{bad}"
            );
        }
        assert_eq!(spec.kind_label(), "any of dask,ray,spark");
    }

    #[test]
    fn every_declared_default_parses() {
        for demo in QUESTIONS.iter().filter_map(|q| q.demo) {
            for spec in demo.params {
                if let Some(default) = spec.default {
                    assert!(spec.parse(default).is_ok(), "{}={default}", spec.name);
                }
            }
        }
    }
}
