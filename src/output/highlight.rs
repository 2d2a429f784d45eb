//! Python source for people: syntax-highlighted by syntect (Sublime Text's Python grammar) in
//! the colours of a [`theme`](super::theme), with a line-number gutter.
//!
//! The grammar is decompressed on first use only, so commands that print no code (`list`, `demo`
//! without `--step`) never pay for it.

use std::fmt::Write as _;
use std::str::FromStr;
use std::sync::OnceLock;

use syntect::easy::HighlightLines;
use syntect::highlighting::{
    Color, ScopeSelectors, StyleModifier, Theme, ThemeItem, ThemeSet, ThemeSettings,
};
use syntect::parsing::{SyntaxReference, SyntaxSet};

use super::render::Style;
use super::theme::{self, Token};

const RESET: &str = "\x1b[0m";
const DIM: &str = "\x1b[2m";
/// The terminal's own foreground, for code that is no token.
const PLAIN: &str = "\x1b[39m";

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

/// syntect's view of one of our themes: every token's foreground carries the token's index in
/// its alpha channel (1 + index; 0 is plain code), so that painting can pick the ink for the
/// terminal's colour depth instead of syntect's 24-bit colour.
fn syntect_theme(ours: &theme::Theme) -> &'static Theme {
    static THEMES: OnceLock<Vec<Theme>> = OnceLock::new();
    let themes = THEMES.get_or_init(|| {
        theme::THEMES
            .iter()
            .map(|ours| Theme {
                name: Some(ours.name.to_owned()),
                settings: ThemeSettings {
                    foreground: Some(Color {
                        r: 0,
                        g: 0,
                        b: 0,
                        a: 0,
                    }),
                    ..ThemeSettings::default()
                },
                scopes: Token::ALL
                    .iter()
                    .enumerate()
                    .map(|(index, token)| ThemeItem {
                        scope: ScopeSelectors::from_str(token.scopes())
                            .expect("the token scopes are valid selectors"),
                        style: StyleModifier {
                            foreground: Some(Color {
                                r: 0,
                                g: 0,
                                b: 0,
                                a: u8::try_from(index + 1).expect("six tokens"),
                            }),
                            ..StyleModifier::default()
                        },
                    })
                    .collect(),
                ..Theme::default()
            })
            .collect()
    });
    let index = theme::THEMES
        .iter()
        .position(|theme| theme.name == ours.name)
        .unwrap_or(0);
    &themes[index]
}

/// Numbered lines of Python, `(line number, text)`, ready to print: highlighted when the style
/// has colour, plain otherwise. Lines must be consecutive parts of one file for multi-line
/// strings to be coloured right; a gap (a hidden line) is fine.
pub fn numbered(lines: &[(usize, &str)], style: Style) -> String {
    let width = lines
        .iter()
        .map(|(number, _)| number.to_string().len())
        .max()
        .unwrap_or(1);
    let mut text = String::new();
    if !style.color {
        for (number, line) in lines {
            let _ = writeln!(text, "{number:>width$} │ {line}");
        }
        return text;
    }
    let palette = style.palette;
    let (syntaxes, python) = python_grammar();
    let mut state = HighlightLines::new(python, syntect_theme(palette.theme));
    for (number, line) in lines {
        let with_newline = format!("{line}\n");
        let mut painted = String::new();
        match state.highlight_line(&with_newline, syntaxes) {
            Ok(ranges) => {
                for (token_style, part) in ranges {
                    let part = part.trim_end_matches('\n');
                    if part.is_empty() {
                        continue;
                    }
                    let ink = usize::from(token_style.foreground.a)
                        .checked_sub(1)
                        .and_then(|index| Token::ALL.get(index))
                        .map(|&token| palette.theme.ink(token));
                    match ink {
                        Some(ink) => painted.push_str(&ink.escape(palette.depth)),
                        None => painted.push_str(PLAIN),
                    }
                    painted.push_str(part);
                    painted.push_str(RESET);
                }
            }
            // A grammar hiccup costs the colour, not the line.
            Err(_) => painted.push_str(line),
        }
        let _ = writeln!(text, "{DIM}{number:>width$} │{RESET} {painted}{RESET}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::render::strip_escapes;

    #[test]
    fn plain_lines_keep_their_numbers_right_aligned() {
        let text = numbered(&[(9, "x = 1"), (10, "print(x)")], Style::plain());
        assert_eq!(text, " 9 │ x = 1\n10 │ print(x)\n");
    }

    #[test]
    fn colour_adds_escapes_and_always_resets() {
        let style = Style {
            color: true,
            palette: theme::Palette {
                theme: &theme::THEMES[0],
                depth: theme::Depth::TrueColor,
            },
        };
        let text = numbered(&[(1, "def f():"), (2, "    return 'a'  # why")], style);
        // `def` is a keyword, `'a'` a string, `# why` a comment, each in the theme's ink.
        for token in [Token::Keyword, Token::String, Token::Comment] {
            let ink = theme::THEMES[0].ink(token).escape(theme::Depth::TrueColor);
            assert!(text.contains(&ink), "{token:?}: {text:?}");
        }
        let in_256 = numbered(
            &[(1, "def f():")],
            Style {
                palette: theme::Palette {
                    depth: theme::Depth::Ansi256,
                    ..style.palette
                },
                ..style
            },
        );
        assert!(in_256.contains("\x1b[38;5;98m"), "{in_256:?}");
        assert!(!in_256.contains("38;2;"), "{in_256:?}");
        for line in text.lines() {
            assert!(line.ends_with(RESET), "{line:?}");
        }
        // Without the escapes, the code is intact.
        let stripped = strip_escapes(&text);
        assert_eq!(stripped, "1 │ def f():\n2 │     return 'a'  # why\n");
    }
}
