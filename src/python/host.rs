//! `_pyconcepts`: the module the Rust host adds to the interpreter before it starts.
//!
//! Registered with `append_to_inittab!`, so snippets `import _pyconcepts` and `importlib` reports
//! it as built-in, like `sys`. It gives snippets what only the host can see or do: the C side of
//! an object, the library actually loaded, and work that runs without the GIL.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

/// What passing an object to `refcnt` adds to its count, measured once per process.
///
/// A call's argument used to hold exactly one reference while the call ran, but that is the
/// caller's bytecode's business: a borrowed load (3.14's `LOAD_FAST_BORROW`) pushes none.
/// So a fresh object with a known count is passed to a raw reader from Python code, and the
/// difference is what every reading subtracts.
struct Calibration {
    /// The probe's count read in place: only the namespace that names it holds it.
    in_place: isize,
    /// Its count read inside the call, as `refcnt` would see it.
    in_the_call: isize,
}

impl Calibration {
    fn argument_references(&self) -> isize {
        self.in_the_call - self.in_place
    }
}

/// `Py_REFCNT` of the argument as the call sees it, its own references included: the raw
/// reading the calibration compares with the count in place.
#[pyfunction]
fn raw_refcnt(obj: &Bound<'_, PyAny>) -> isize {
    // SAFETY: `obj` is a live object borrowed for the duration of this call.
    unsafe { pyo3::ffi::Py_REFCNT(obj.as_ptr()) }
}

/// The calibration, measured on first use.
fn calibration(py: Python<'_>) -> PyResult<&'static Calibration> {
    static CALIBRATION: PyOnceLock<Calibration> = PyOnceLock::new();
    CALIBRATION.get_or_try_init(py, || {
        let namespace = PyDict::new(py);
        namespace.set_item("raw_refcnt", wrap_pyfunction!(raw_refcnt, py)?)?;
        // Module-level code, whose loads (LOAD_NAME) push a reference of their own on every
        // version: the way most of a snippet's `refcnt(x)` lines pass their argument.
        py.run(c"probe = object()", Some(&namespace), None)?;
        let bound = |name: &str| {
            namespace.get_item(name)?.ok_or_else(|| {
                PyRuntimeError::new_err(format!("calibrating refcnt: {name} was not bound"))
            })
        };
        let probe = bound("probe")?;
        let pointer = probe.as_ptr();
        drop(probe);
        // SAFETY: the namespace keeps the probe alive, and we hold the GIL; reading through the
        // raw pointer, now that our own reference is gone, adds none.
        let in_place = unsafe { pyo3::ffi::Py_REFCNT(pointer) };
        py.run(c"seen = raw_refcnt(probe)", Some(&namespace), None)?;
        let in_the_call = bound("seen")?.extract()?;
        Ok(Calibration {
            in_place,
            in_the_call,
        })
    })
}

#[pymodule(name = "_pyconcepts")]
pub mod host_module {
    use std::ffi::CStr;

    use pyo3::exceptions::PyOSError;
    use pyo3::prelude::*;
    use pyo3::types::PyDict;

    /// Rounds of the mixing loop in one unit of `burn`: about a millisecond of one core.
    const ROUNDS_PER_UNIT: u64 = 1_000_000;

    /// The object's reference count read from its C struct (`ob_refcnt`), less the references
    /// that passing it to this call holds: what `sys.getrefcount(obj) - 1` claims to be, measured
    /// independently. How many the call holds is measured, not assumed (see
    /// [`refcnt_calibration`]): it depends on how the caller's bytecode loads the argument.
    #[pyfunction]
    fn refcnt(obj: &Bound<'_, PyAny>) -> PyResult<isize> {
        let calibration = super::calibration(obj.py())?;
        // SAFETY: `obj` is a live object borrowed for the duration of this call.
        Ok(unsafe { pyo3::ffi::Py_REFCNT(obj.as_ptr()) } - calibration.argument_references())
    }

    /// How `refcnt` was calibrated, as a dict: the count of a fresh object read in place
    /// (`probe_count_in_place`), the count the same object had inside a call of this module
    /// made from Python code (`probe_count_in_the_call`), and their difference, which `refcnt`
    /// subtracts (`argument_references`).
    #[pyfunction]
    fn refcnt_calibration(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
        let calibration = super::calibration(py)?;
        let dict = PyDict::new(py);
        dict.set_item("probe_count_in_place", calibration.in_place)?;
        dict.set_item("probe_count_in_the_call", calibration.in_the_call)?;
        dict.set_item("argument_references", calibration.argument_references())?;
        Ok(dict)
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
