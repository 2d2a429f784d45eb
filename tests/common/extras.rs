//! The optional extras some tests need (other runtimes, Python packages, a browser): a test asks
//! for the ones it needs and is skipped, with one line naming the install command, on a machine
//! without them — unless `PYCONCEPTS_REQUIRE_EXTRAS=1` (which `.ci/run` sets after installing
//! them) makes a missing extra a failure, so that CI can never pass by skipping. The other
//! CPythons (3.13 and the free-threaded 3.13t) are built into a cache by `.ci/cpython`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use pyconcepts::runtimes;

/// Something a test may need that a fresh machine does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    PyPy,
    Jython,
    /// The Cython package of the python3 the binary is built against.
    Cython,
    /// The `dask[distributed]` packages of that python3.
    Dask,
    /// The big_O package (PyPI `big-O`) of that python3, beside which `complexity` sets its
    /// classes.
    BigO,
    /// The `ray` package of that python3.
    Ray,
    /// The `pyspark` package of that python3 (which also needs [`Extra::Java`]).
    Spark,
    /// A Java runtime, for PySpark: `$JAVA_HOME/bin/java`, else `java` on PATH.
    Java,
    Chromium,
    /// CPython 3.13 as built by `.ci/cpython` (or named by `PYCONCEPTS_CPYTHON_313`).
    Cpython313,
    /// The free-threaded CPython 3.13t (`--disable-gil`), likewise (`PYCONCEPTS_CPYTHON_313T`).
    Cpython313t,
}

/// Every runtime the runtime-comparison claims (cpython, memory, gil) compare with.
pub const OTHER_RUNTIMES: [Extra; 3] = [Extra::PyPy, Extra::Jython, Extra::Cython];

impl Extra {
    fn name(self) -> &'static str {
        match self {
            Extra::PyPy => runtimes::PYPY.name,
            Extra::Jython => runtimes::JYTHON.name,
            Extra::Cython => "Cython",
            Extra::Dask => "dask.distributed",
            Extra::BigO => "big_O",
            Extra::Ray => "Ray",
            Extra::Spark => "PySpark",
            Extra::Java => "a Java runtime",
            Extra::Chromium => "chromium",
            Extra::Cpython313 => "CPython 3.13",
            Extra::Cpython313t => "free-threaded CPython 3.13t",
        }
    }

    /// The command that installs it; the product's own install lines where it has them.
    fn install(self) -> &'static str {
        match self {
            Extra::PyPy => runtimes::PYPY.install,
            Extra::Jython => runtimes::JYTHON.install,
            Extra::Cython => runtimes::CYTHON_INSTALL,
            Extra::Dask => r#"python3 -m pip install "dask[distributed]""#,
            Extra::BigO => pyconcepts::complexity::table::big_o_install(),
            Extra::Ray => "python3 -m pip install ray",
            Extra::Spark => "python3 -m pip install pyspark",
            Extra::Java => "apt-get install openjdk-17-jre-headless",
            Extra::Chromium => "apt-get install chromium",
            Extra::Cpython313 | Extra::Cpython313t => "bash .ci/cpython",
        }
    }

    fn present(self) -> bool {
        match self {
            Extra::PyPy | Extra::Jython => runtimes::locate(&[])
                .iter()
                .any(|found| found.name == self.name() && found.path.is_some()),
            Extra::Cython => python_imports("Cython"),
            Extra::Dask => python_imports("dask.distributed"),
            Extra::BigO => python_imports("big_o"),
            Extra::Ray => python_imports("ray"),
            Extra::Spark => python_imports("pyspark"),
            Extra::Java => java_runs(),
            Extra::Chromium => chromium().is_some(),
            Extra::Cpython313 | Extra::Cpython313t => cpython(self).is_some(),
        }
    }
}

/// The interpreter of a CPython extra: the environment variable that names it
/// (`PYCONCEPTS_CPYTHON_313`, `PYCONCEPTS_CPYTHON_313T`), else where `.ci/cpython` builds it
/// (`$PYCONCEPTS_CPYTHON_CACHE`, else `~/.cache/pyconcepts/cpython`, one directory per version
/// such as `3.13.15t`); None for another extra, or when it is not there.
pub fn cpython(extra: Extra) -> Option<PathBuf> {
    let (variable, suffix) = match extra {
        Extra::Cpython313 => ("PYCONCEPTS_CPYTHON_313", ""),
        Extra::Cpython313t => ("PYCONCEPTS_CPYTHON_313T", "t"),
        _ => return None,
    };
    if let Some(path) = std::env::var_os(variable) {
        return Some(PathBuf::from(path)).filter(|path| path.is_file());
    }
    let cache = std::env::var_os("PYCONCEPTS_CPYTHON_CACHE")
        .map(PathBuf::from)
        .or_else(|| {
            let base = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .or_else(|| {
                    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache"))
                })?;
            Some(base.join("pyconcepts/cpython"))
        })?;
    // The newest 3.13.N (or 3.13.Nt) build in the cache.
    let mut builds: Vec<(u32, PathBuf)> = std::fs::read_dir(&cache)
        .ok()?
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            let patch = name.strip_prefix("3.13.")?.strip_suffix(suffix)?;
            let patch: u32 = patch.parse().ok()?;
            let python = cache.join(&name).join(format!("bin/python3.13{suffix}"));
            python.is_file().then_some((patch, python))
        })
        .collect();
    builds.sort();
    builds.pop().map(|(_, python)| python)
}

/// Whether every extra in `needed` is installed. When one is not, prints one line naming what is
/// missing and the commands that install it (`skipped: …`) and returns false, or panics when
/// `PYCONCEPTS_REQUIRE_EXTRAS=1`.
pub fn have(test: &str, needed: &[Extra]) -> bool {
    let missing: Vec<Extra> = needed.iter().copied().filter(|e| !e.present()).collect();
    if missing.is_empty() {
        return true;
    }
    let names: Vec<&str> = missing.iter().map(|extra| extra.name()).collect();
    let installs: Vec<String> = missing
        .iter()
        .map(|extra| format!("`{}`", extra.install()))
        .collect();
    let verb = if missing.len() == 1 { "is" } else { "are" };
    let what = format!(
        "{} {verb} not installed ({})",
        names.join(", "),
        installs.join("; ")
    );
    if required() {
        panic!("{test}: PYCONCEPTS_REQUIRE_EXTRAS=1, yet {what}");
    }
    // Straight to the process's stderr: libtest hides what a passing test prints with
    // eprintln!, and this line is for the person running the suite.
    let _ = writeln!(std::io::stderr().lock(), "skipped: {test}: {what}");
    false
}

/// Whether CI asked for every extra to be there.
pub fn required() -> bool {
    std::env::var_os("PYCONCEPTS_REQUIRE_EXTRAS").is_some_and(|value| value == "1")
}

/// The python3 the binary is built against (PYO3_PYTHON, else `python3` on PATH).
pub fn python() -> String {
    std::env::var("PYO3_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

fn python_imports(module: &str) -> bool {
    Command::new(python())
        .args(["-c", &format!("import {module}")])
        .env_remove("PYTHONPATH")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Whether the Java runtime PySpark would start answers `java -version`.
fn java_runs() -> bool {
    let java = std::env::var_os("JAVA_HOME")
        .map(|home| PathBuf::from(home).join("bin/java"))
        .filter(|java| java.is_file())
        .unwrap_or_else(|| PathBuf::from("java"));
    Command::new(java)
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// A headless-capable Chromium: `$CHROMIUM`, else the usual names on PATH.
pub fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|candidate| candidate.is_file())
}
