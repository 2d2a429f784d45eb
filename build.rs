//! Makes the binary load the libpython it was built against.
//!
//! Without an rpath the dynamic loader finds libpython by its soname alone, and on a machine with
//! two CPython 3.11 builds (pyenv's and Debian's) it silently picks the system one: a different
//! patch version, prefix and site-packages. The rpath pins it to the build pyo3 resolved
//! (`PYO3_PYTHON`, or the `python3` on `PATH`).
fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
}
