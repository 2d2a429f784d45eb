//! `pyconcepts demo cpython`: each verdict and its key evidence (Python and C agree, the `.pyc`
//! magic number, the specialised instructions, a file that fails to compile before any of it
//! runs, bytecode in memory the CPU may not execute, the languages of the loaded extension
//! modules), no temporary file left behind and nothing written to the working directory, and the
//! snippet run on its own by plain `python3`.

mod common;

use std::path::Path;
use std::process::Output;
use std::sync::OnceLock;

use common::extras::{self, Extra, OTHER_RUNTIMES};
use common::{assert_verdict, claim, parse_reports, pyconcepts, run_standalone};
use serde_json::Value;

/// What a run printed, and the entries it left in the empty directory it ran in.
struct Run {
    stdout: String,
    left_in_cwd: Vec<String>,
}

/// Runs a command (given the directory to run in) in a fresh empty directory, asserting it
/// succeeds, and lists what it left there.
fn in_empty_dir(run: impl FnOnce(&Path) -> Output) -> Run {
    let cwd = tempfile::tempdir().expect("a scratch directory");
    let output = run(cwd.path());
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let left_in_cwd = common::entries(&cwd);
    Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        left_in_cwd,
    }
}

/// `demo cpython memory cpython` in one process, run once for all the tests of this file: the
/// second `cpython` shows the demo does not depend on a fresh interpreter.
fn reports() -> &'static [Value] {
    static REPORTS: OnceLock<(Vec<Value>, Vec<String>)> = OnceLock::new();
    let (reports, left) = REPORTS.get_or_init(|| {
        let run = in_empty_dir(|cwd| {
            pyconcepts()
                .current_dir(cwd)
                .args(["demo", "cpython", "memory", "cpython", "--json"])
                .output()
                .expect("pyconcepts runs")
        });
        let reports = parse_reports(&run.stdout);
        assert_eq!(reports.len(), 3);
        (reports, run.left_in_cwd)
    });
    assert!(left.is_empty(), "the demo wrote into its cwd: {left:?}");
    reports
}

fn cpython_reports() -> [&'static Value; 2] {
    [&reports()[0], &reports()[2]]
}

fn evidence<'a>(report: &'a Value, key: &str) -> &'a Value {
    &claim(report, &format!("cpython.{key}"))["evidence"]
}

#[test]
fn verdicts() {
    for report in cpython_reports() {
        assert_eq!(report["demo"], "cpython");
        assert_verdict(report, "cpython.reference_implementation", "confirmed");
        assert_verdict(report, "cpython.interpreted_then_compiled", "refuted");
        assert_verdict(report, "cpython.compiles_to_bytecode", "confirmed");
        assert_verdict(report, "cpython.bytecode_is_c", "refuted");
        assert_verdict(report, "cpython.bytecode_is_machine_code", "refuted");
        // 3.11 is the interpreter this project is built against: it specialises.
        assert_verdict(report, "cpython.adaptive_specialization", "confirmed");
        if extras::have("verdicts (cpython.other_implementations)", &OTHER_RUNTIMES) {
            assert_verdict(report, "cpython.other_implementations", "confirmed");
        }
        // With Cython, this run built two modules with it, beside C's and the host's Rust one.
        if extras::have("verdicts (cpython.cython_superset)", &[Extra::Cython]) {
            assert_verdict(report, "cpython.cython_superset", "confirmed");
            assert_verdict(
                report,
                "cpython.cython_is_the_extension_language",
                "nuanced",
            );
        } else {
            assert_verdict(report, "cpython.cython_superset", "skipped");
            assert_verdict(
                report,
                "cpython.cython_is_the_extension_language",
                "refuted",
            );
        }
    }
}

#[test]
fn a_file_with_a_syntax_error_on_its_last_line_runs_none_of_its_lines() {
    let e = evidence(cpython_reports()[0], "interpreted_then_compiled");
    let child = &e["child"];
    assert_eq!(child["ran"], true, "{child}");
    assert_eq!(child["stdout"], "");
    assert_eq!(child["returncode"], 1);
    assert!(child["error"].as_str().unwrap().starts_with("SyntaxError"));
    assert_eq!(child["error_line"], e["file_lines"]);
    // The build's own interpreter, not the pyconcepts binary.
    assert!(
        child["python"].as_str().unwrap().ends_with("/python3"),
        "{child}"
    );
    assert_eq!(e["printed_after_compile"], serde_json::json!([]));
    assert_eq!(
        e["printed_after_exec"],
        serde_json::json!(["line 1 ran", "line 2 ran"])
    );
    assert_eq!(e["printed_by_whole_file"], serde_json::json!([]));
}

#[test]
fn bytecode_is_data_and_the_loop_that_runs_it_is_machine_code() {
    let e = evidence(cpython_reports()[0], "bytecode_is_machine_code");
    assert_eq!(e["unknown_opcodes"], 0);
    let data = e["code_object_memory"]["permissions"].as_str().unwrap();
    assert!(!data.contains('x'), "{data}");
    let code = e["eval_loop_memory"]["permissions"].as_str().unwrap();
    assert!(code.contains('x'), "{code}");
    assert!(e["eval_loop_memory"]["path"]
        .as_str()
        .unwrap()
        .contains("libpython3"));
    assert_eq!(e["library_elf_machine_name"], e["machine_elf_name"]);
    assert_eq!(e["library_is_for_this_cpu"], true);
}

/// The module of that name in the extension-language survey.
fn loaded_module<'a>(survey: &'a Value, name: &str) -> &'a Value {
    survey["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|module| module["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {survey}"))
}

#[test]
fn the_hosts_module_is_rust_and_the_standard_librarys_are_c() {
    let e = evidence(cpython_reports()[0], "cython_is_the_extension_language");
    assert_eq!(e["host_module"]["present"], true);
    let host = loaded_module(e, "_pyconcepts");
    assert_eq!(host["kind"], "built-in");
    assert_eq!(host["language"], "Rust", "{host}");
    assert!(
        host["rust_path"].as_str().unwrap().starts_with("pyo3::"),
        "{host}"
    );
    assert!(
        host["compilers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|note| note.as_str().unwrap().starts_with("rustc version")),
        "{host}"
    );
    let sys = loaded_module(e, "sys");
    assert_eq!(sys["language"], "C", "{sys}");
    assert_eq!(sys["loader"], "BuiltinImporter");
    assert!(
        sys["file"].as_str().unwrap().contains("libpython3"),
        "{sys}"
    );
    let files: Vec<&Value> = e["modules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|module| module["loader"] == "ExtensionFileLoader" && module["language"] == "C")
        .collect();
    assert!(!files.is_empty(), "no C extension file in {e}");
    assert!(e["by_language"]["C"].as_u64().unwrap() > 10, "{e}");
}

#[test]
fn python_and_the_c_api_agree_on_the_interpreter() {
    let e = evidence(cpython_reports()[0], "reference_implementation");
    assert_eq!(e["implementation_name"], "cpython");
    assert_eq!(e["c_version"], e["sys_version"]);
    assert!(e["c_side_method"].as_str().unwrap().starts_with("the host"));
    let library = e["library"].as_str().expect("the host names the library");
    assert!(library.contains("libpython3"), "{library}");
    assert_eq!(e["library_is_machine_code"], true);
    assert_eq!(e["c_side_agrees"], true);
}

#[test]
fn pyc_magic_matches_and_other_versions_are_refused() {
    let compiled = evidence(cpython_reports()[0], "compiles_to_bytecode");
    assert_eq!(compiled["code_type"], "code");
    assert!(compiled["co_code_size"].as_u64().unwrap() > 0);
    assert_eq!(compiled["call_result"], 12);
    let pyc = &compiled["pyc"];
    assert_eq!(pyc["pyc_written"], true);
    assert_eq!(pyc["magic_matches"], true);
    assert_eq!(pyc["magic_hex"], pyc["interpreter_magic_hex"]);
    assert!(pyc["pyc_path"]
        .as_str()
        .unwrap()
        .starts_with("__pycache__/bytecode_lesson."));

    let made_of = evidence(cpython_reports()[0], "bytecode_is_c");
    assert_eq!(made_of["unknown_opcodes"], 0);
    assert_eq!(made_of["own_magic_accepted"], true);
    assert_eq!(made_of["other_magic_refused"], true);
    assert_eq!(made_of["refusal_type"], "ImportError");
    assert_eq!(made_of["eval_loop_found"], true);
}

#[test]
fn specialised_instructions_appear_after_warm_up() {
    for report in cpython_reports() {
        let e = evidence(report, "adaptive_specialization");
        let specialised: Vec<&str> = e["specialised"]
            .as_array()
            .unwrap()
            .iter()
            .map(|name| name.as_str().unwrap())
            .collect();
        assert!(
            specialised
                .iter()
                .any(|name| name.starts_with("BINARY_OP_")),
            "{specialised:?}"
        );
        assert!(
            specialised
                .iter()
                .any(|name| name.starts_with("LOAD_ATTR_")),
            "{specialised:?}"
        );
        let first_change = e["changed_after_call"].as_u64().expect("a change");
        assert!(first_change <= e["calls"].as_u64().unwrap());
    }
}

#[test]
fn no_temporary_directory_is_left_behind() {
    for report in cpython_reports() {
        let e = evidence(report, "compiles_to_bytecode");
        let temp_dir = Path::new(e["temp_dir"].as_str().expect("temp_dir"));
        assert_eq!(e["temp_dir_removed"], true);
        assert!(!temp_dir.exists(), "{} still exists", temp_dir.display());
        assert!(temp_dir
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("pyconcepts-cpython-"));
    }
}

#[test]
fn snippet_runs_standalone_under_python3() {
    let output = run_standalone("cpython.py");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The story's lines are folded to fit 80 columns: compare the words, not the line breaks.
    let story = common::flat(&stdout);
    for line in [
        "1. Which Python is this?",
        "C side read by ctypes",
        "a7 0d 0d 0a (equal: True)",
        "ImportError: bad magic number",
        "BINARY_OP_ADD_INT",
        "3. First interpreted, then compiled?",
        "printed '', exit status 1, then on stderr: SyntaxError: invalid syntax (line 3)",
        "5. Are those bytes the machine's instructions?",
        "7. Other implementations run the same Python differently.",
        "The same loop, spin(1,000,000), best round on each",
        "9. Which languages are the compiled modules of this very process written in?",
        "no module _pyconcepts: this is not the pyconcepts host",
    ] {
        assert!(story.contains(line), "missing {line:?} in:\n{stdout}");
    }
    common::assert_fits_80_columns("cpython.py", &stdout);
    // The story names its temporary directory: it must be gone.
    let temp_dir = stdout
        .lines()
        .find_map(|line| line.trim().strip_prefix("temp dir "))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the story names its temp dir");
    assert!(!Path::new(temp_dir).exists(), "{temp_dir} still exists");
}

#[test]
fn standalone_run_writes_nothing_into_its_cwd() {
    let python = std::env::var("PYO3_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let snippet = format!("{}/python_snippets/cpython.py", env!("CARGO_MANIFEST_DIR"));
    let run = in_empty_dir(|cwd| {
        std::process::Command::new(python)
            .arg(snippet)
            .current_dir(cwd)
            .env_remove("PYTHONPATH")
            .output()
            .expect("python3 runs")
    });
    assert!(run.left_in_cwd.is_empty(), "{:?}", run.left_in_cwd);
}
