//! Python source for people: syntax-highlighted by syntect (Sublime Text's Python grammar) with
//! a line-number gutter when colour is on, plain numbered lines when it is off.
//!
//! The grammar and theme are decompressed on first use only, so commands that print no code
//! (`list`, `demo` without `--step`) never pay for them.

use std::fmt::Write as _;
use std::sync::OnceLock;

use syntect::easy::HighlightLines;
use syntect::highlighting::{Theme, ThemeSet};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::as_24_bit_terminal_escaped;

/// Dark enough for a projector's dark terminal, with distinct colours for strings, keywords and
/// comments.
const THEME: &str = "base16-eighties.dark";
const RESET: &str = "\x1b[0m";
const DIM: &str = "\x1b[2m";

/// syntect's bundled grammars and themes, decompressed once per process, on first use; the
/// terminal and the HTML report share them.
struct Bundled {
    syntaxes: SyntaxSet,
    themes: ThemeSet,
}

fn bundled() -> &'static Bundled {
    static BUNDLED: OnceLock<Bundled> = OnceLock::new();
    BUNDLED.get_or_init(|| Bundled {
        syntaxes: SyntaxSet::load_defaults_newlines(),
        themes: ThemeSet::load_defaults(),
    })
}

/// The Python grammar, with the syntax set it belongs to (`highlight_line` needs both).
pub fn python_grammar() -> (&'static SyntaxSet, &'static SyntaxReference) {
    let syntaxes = &bundled().syntaxes;
    let python = syntaxes
        .find_syntax_by_extension("py")
        .unwrap_or_else(|| syntaxes.find_syntax_plain_text());
    (syntaxes, python)
}

/// A bundled theme by name, or another bundled one should a syntect release drop that name.
pub fn theme(name: &str) -> &'static Theme {
    let themes = &bundled().themes.themes;
    themes
        .get(name)
        .or_else(|| themes.values().next())
        .expect("syntect ships default themes")
}

/// Numbered lines of Python, `(line number, text)`, ready to print: highlighted when `color`,
/// plain otherwise. Lines must be consecutive parts of one file for multi-line strings to be
/// coloured right; a gap (a hidden line) is fine.
pub fn numbered(lines: &[(usize, &str)], color: bool) -> String {
    let width = lines
        .iter()
        .map(|(number, _)| number.to_string().len())
        .max()
        .unwrap_or(1);
    let mut text = String::new();
    if !color {
        for (number, line) in lines {
            let _ = writeln!(text, "{number:>width$} │ {line}");
        }
        return text;
    }
    let (syntaxes, python) = python_grammar();
    let mut state = HighlightLines::new(python, theme(THEME));
    for (number, line) in lines {
        let with_newline = format!("{line}\n");
        let painted = match state.highlight_line(&with_newline, syntaxes) {
            Ok(ranges) => as_24_bit_terminal_escaped(&ranges, false),
            Err(_) => with_newline.clone(), // a grammar hiccup costs the colour, not the line
        };
        let painted = painted.trim_end_matches('\n');
        let _ = writeln!(text, "{DIM}{number:>width$} │{RESET} {painted}{RESET}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_keep_their_numbers_right_aligned() {
        let text = numbered(&[(9, "x = 1"), (10, "print(x)")], false);
        assert_eq!(text, " 9 │ x = 1\n10 │ print(x)\n");
    }

    #[test]
    fn colour_adds_escapes_and_always_resets() {
        let text = numbered(&[(1, "def f():"), (2, "    return 'a'  # why")], true);
        assert!(text.contains("\x1b[38;2;"), "{text:?}");
        for line in text.lines() {
            assert!(line.ends_with(RESET), "{line:?}");
        }
        // Without the escapes, the code is intact.
        let stripped = strip_escapes(&text);
        assert_eq!(stripped, "1 │ def f():\n2 │     return 'a'  # why\n");
    }

    fn strip_escapes(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}
