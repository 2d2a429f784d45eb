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
fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
    let bindir = pyo3_build_config::get()
        .run_python_script("import sysconfig\nprint(sysconfig.get_config_var('BINDIR') or '')\n")
        .expect("asking the build's Python for its BINDIR");
    println!("cargo:rustc-env=PYCONCEPTS_PYTHON_BINDIR={}", bindir.trim());
}
