//! `_pyconcepts`: the module the Rust host adds to the interpreter before it starts.
//!
//! Registered with `append_to_inittab!`, so snippets `import _pyconcepts` and `importlib` reports
//! it as built-in, like `sys`. It gives snippets what only the host can see or do: the C side of
//! an object, the library actually loaded, and work that runs without the GIL.

use pyo3::prelude::*;

#[pymodule(name = "_pyconcepts")]
pub mod host_module {
    use std::ffi::CStr;

    use pyo3::exceptions::PyOSError;
    use pyo3::prelude::*;

    /// Rounds of the mixing loop in one unit of `burn`: about a millisecond of one core.
    const ROUNDS_PER_UNIT: u64 = 1_000_000;

    /// The object's reference count read from its C struct (`ob_refcnt`), less the one reference
    /// that passing it to this call holds: what `sys.getrefcount(obj) - 1` claims to be, measured
    /// independently.
    #[pyfunction]
    fn refcnt(obj: &Bound<'_, PyAny>) -> isize {
        // SAFETY: `obj` is a live object borrowed for the duration of this call.
        unsafe { pyo3::ffi::Py_REFCNT(obj.as_ptr()) - 1 }
    }

    /// CPU-bound work in Rust, `units` of about a millisecond each, with the GIL released for its
    /// whole duration: other Python threads run meanwhile. Returns a checksum so the loop can't be
    /// optimised away.
    #[pyfunction]
    fn burn(py: Python<'_>, units: u64) -> u64 {
        py.detach(|| {
            let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
            for round in 0..units.saturating_mul(ROUNDS_PER_UNIT) {
                // xorshift-multiply: cheap, data-dependent, not vectorisable.
                state ^= state >> 33;
                state = state
                    .wrapping_mul(0xFF51_AFD7_ED55_8CCD)
                    .wrapping_add(round);
            }
            std::hint::black_box(state)
        })
    }

    /// The path of the shared library that holds the running interpreter (or of this program,
    /// when libpython is linked statically), as the dynamic loader reports it.
    #[pyfunction]
    fn libpython() -> PyResult<String> {
        let symbol = pyo3::ffi::Py_GetVersion as *const libc::c_void;
        let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
        // SAFETY: dladdr only reads the loader's tables and fills `info`.
        let found = unsafe { libc::dladdr(symbol, &mut info) };
        if found == 0 || info.dli_fname.is_null() {
            return Err(PyOSError::new_err("dladdr could not locate Py_GetVersion"));
        }
        // SAFETY: dli_fname is a NUL-terminated path owned by the loader.
        let path = unsafe { CStr::from_ptr(info.dli_fname) };
        Ok(path.to_string_lossy().into_owned())
    }

    /// Records that SIGTERM arrived (the harness's handler calls it), so that the host exits 143
    /// after stopping what is left.
    #[pyfunction]
    fn note_terminated() {
        crate::python::signals::note_terminated();
    }

    /// `Py_GetVersion()` read through the C API, not through `sys`.
    #[pyfunction]
    fn c_version() -> String {
        // SAFETY: Py_GetVersion returns a static NUL-terminated string.
        unsafe { CStr::from_ptr(pyo3::ffi::Py_GetVersion()) }
            .to_string_lossy()
            .into_owned()
    }
}
