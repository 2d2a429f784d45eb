//! Where a demo's Python comes from: compiled into the binary, or read from `--snippets-dir` so
//! an instructor can edit a snippet and re-run it without rebuilding.

pub mod sections;

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::errors::UsageError;

/// A demo's snippet as shipped: its file name in `python_snippets/` and its embedded source.
pub struct Snippet {
    pub file_name: &'static str,
    pub embedded: &'static str,
}

/// Declares a snippet from `python_snippets/`, embedding its source in the binary.
#[macro_export]
macro_rules! snippet {
    ($file_name:literal) => {
        $crate::snippets::Snippet {
            file_name: $file_name,
            embedded: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/python_snippets/",
                $file_name
            )),
        }
    };
}

/// Modules the snippets share (`import runtime_probes`), kept beside them in `python_snippets/`:
/// run standalone, Python finds them in the script's directory; embedded, the host provides them.
pub const SHARED_MODULES: &[Snippet] = &[
    snippet!("runtime_probes.py"),
    snippet!("machine_load.py"),
    snippet!("scope_probes.py"),
    snippet!("screen.py"),
    snippet!("measuring.py"),
];

/// A shared module ready to provide: its import name and its source.
#[derive(Debug, Clone)]
pub struct SharedModule {
    pub name: String,
    pub source: SnippetSource,
}

/// The shared modules, each from `dir` where it holds an edited copy, else the built-in one.
pub fn shared_modules(dir: Option<&Path>) -> anyhow::Result<Vec<SharedModule>> {
    SHARED_MODULES
        .iter()
        .map(|module| {
            let edited = dir.filter(|dir| dir.join(module.file_name).is_file());
            Ok(SharedModule {
                name: module.file_name.trim_end_matches(".py").to_owned(),
                source: module.load(edited)?,
            })
        })
        .collect()
}

/// Python source ready to compile, with the file name tracebacks will show.
#[derive(Debug, Clone)]
pub struct SnippetSource {
    pub file_name: String,
    pub code: String,
}

impl Snippet {
    /// The embedded source, or the file of the same name in `dir` when one is given.
    pub fn load(&self, dir: Option<&Path>) -> anyhow::Result<SnippetSource> {
        match dir {
            None => Ok(SnippetSource {
                file_name: format!("python_snippets/{}", self.file_name),
                code: self.embedded.to_owned(),
            }),
            Some(dir) => {
                let path: PathBuf = dir.join(self.file_name);
                if !path.is_file() {
                    return Err(UsageError(format!(
                        "--snippets-dir {}: there is no {} in it",
                        dir.display(),
                        self.file_name
                    ))
                    .into());
                }
                let code = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                Ok(SnippetSource {
                    file_name: path.display().to_string(),
                    code: without_bom(code),
                })
            }
        }
    }
}

/// The text after a UTF-8 byte order mark, which editors on Windows like to write: python3
/// skips it when it reads a file, but compiled as text it is a stray U+FEFF.
fn without_bom(code: String) -> String {
    match code.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => code,
    }
}

/// Checks `--snippets-dir` before anything runs, so a typo is a usage error, not a failed demo.
pub fn check_dir(dir: &Path) -> Result<(), UsageError> {
    if dir.is_dir() {
        Ok(())
    } else {
        Err(UsageError(format!(
            "--snippets-dir {}: no such directory",
            dir.display()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_snippet_saved_with_a_bom_loads_without_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("edited.py"), "\u{feff}print('hi')\n").unwrap();
        let snippet = Snippet {
            file_name: "edited.py",
            embedded: "",
        };
        let source = snippet.load(Some(dir.path())).unwrap();
        assert_eq!(source.code, "print('hi')\n");
    }
}
