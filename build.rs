//! Makes the binary load the libpython it was built against, and tells it where that build's
//! `python3` program lives.
//!
//! Without an rpath the dynamic loader finds libpython by its soname alone, and on a machine with
//! two CPython 3.11 builds (pyenv's and Debian's) it silently picks the system one: a different
//! patch version, prefix and site-packages. The rpath pins it to the build pyo3 resolved
//! (`PYO3_PYTHON`, or the `python3` on `PATH`).
//!
//! `pyconcepts run` starts the interpreter as that build's `python3` would start (its
//! `sys.executable`, before `site` runs), so it needs the path before any Python exists:
//! `PYCONCEPTS_PYTHON_BINDIR` is the build's `BINDIR`, asked of the build's interpreter.
//!
//! The host's harness (`src/python/harness.py`) is compiled here, by that same interpreter,
//! into `OUT_DIR/harness.marshal`, with the bytecode's magic number beside it: compiling its
//! source took 5 ms of every start, a tenth of a quick demo. The binary uses the bytecode only
//! when the magic number of the interpreter it runs on matches, and compiles the source
//! otherwise.
use std::path::Path;

fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
    let python = pyo3_build_config::get();
    let bindir = python
        .run_python_script("import sysconfig\nprint(sysconfig.get_config_var('BINDIR') or '')\n")
        .expect("asking the build's Python for its BINDIR");
    println!("cargo:rustc-env=PYCONCEPTS_PYTHON_BINDIR={}", bindir.trim());

    let harness = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/python/harness.py");
    // pyo3-build-config prints rerun-if directives of its own, after which cargo reruns this
    // script only for what is named: without these, an edited harness kept its stale bytecode.
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", harness.display());
    // The same file name as the host's own compile() gives it (`interpreter::HARNESS_FILE`).
    let script = format!(
        "import importlib.util, marshal\n\
         source = open({harness:?}, encoding='utf-8').read()\n\
         code = compile(source, '<pyconcepts harness>', 'exec')\n\
         print(importlib.util.MAGIC_NUMBER.hex())\n\
         print(marshal.dumps(code).hex())\n"
    );
    let output = python
        .run_python_script(&script)
        .expect("compiling the harness with the build's Python");
    let mut lines = output.lines();
    let (magic, code) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let out_dir = Path::new(&out_dir);
    std::fs::write(out_dir.join("harness.magic"), unhex(magic)).expect("writing OUT_DIR");
    std::fs::write(out_dir.join("harness.marshal"), unhex(code)).expect("writing OUT_DIR");
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .map(|at| u8::from_str_radix(&text[2 * at..2 * at + 2], 16).expect("hex from Python"))
        .collect()
}
