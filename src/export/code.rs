//! Python source as HTML: highlighted by syntect with the same Python grammar as the terminal
//! (`crate::output::highlight`), one `<span class="line">` per line so the page can number the
//! lines without putting the numbers into copied code.
//!
//! Every coloured token carries two colours, a light theme's for paper and daylight and the
//! terminal's dark one for a dark screen, as CSS variables (`--l`, `--d`): the page picks one
//! with `prefers-color-scheme`, and both come from one parse of the code.

use std::collections::HashMap;
use std::fmt::Write as _;

use syntect::easy::ScopeRangeIterator;
use syntect::highlighting::{Color, FontStyle, Highlighter, Style};
use syntect::parsing::{ParseState, Scope, ScopeStack};

use super::html_text::escape;

/// Made for white backgrounds, like the report's code blocks in a light scheme.
const LIGHT_THEME: &str = "InspiredGitHub";
/// The terminal's own (`--step` on a projector), for the dark scheme.
const DARK_THEME: &str = "base16-eighties.dark";

/// `code` as `<pre class="code"><code>…</code></pre>`, every character escaped, its lines
/// numbered from 1 by the page.
pub fn python(code: &str) -> String {
    highlighted(code.lines().map(|line| (None, line)))
}

/// Numbered lines of one file (`(line number, text)`, as `Section::display_lines` gives them)
/// as [`python`] does, each with its own number (`data-line`), since they need not start at 1
/// nor follow each other.
pub fn python_lines(lines: &[(usize, String)]) -> String {
    highlighted(
        lines
            .iter()
            .map(|(number, line)| (Some(*number), line.as_str())),
    )
}

fn highlighted<'a>(lines: impl Iterator<Item = (Option<usize>, &'a str)>) -> String {
    let (syntaxes, python) = crate::output::highlight::python_grammar();
    let light = crate::output::highlight::theme(LIGHT_THEME);
    let dark = crate::output::highlight::theme(DARK_THEME);
    let (light_highlighter, dark_highlighter) = (Highlighter::new(light), Highlighter::new(dark));
    let mut parser = ParseState::new(python);
    let mut scopes = ScopeStack::new();
    // Matching a theme's selectors against a scope stack is the slow part, and a file has a
    // few dozen distinct stacks among its thousands of tokens.
    let mut styles: HashMap<Vec<Scope>, (Style, Style)> = HashMap::new();
    let mut html = String::from("<pre class=\"code\"><code>");
    for (number, line) in lines {
        match number {
            Some(number) => {
                let _ = write!(html, "<span class=\"line\" data-line=\"{number}\">");
            }
            None => html.push_str("<span class=\"line\">"),
        }
        let with_newline = format!("{line}\n");
        let tokens = parser
            .parse_line(&with_newline, syntaxes)
            .ok()
            .and_then(|ops| {
                let mut tokens = Vec::new();
                for (range, op) in ScopeRangeIterator::new(&ops, &with_newline) {
                    scopes.apply(op).ok()?;
                    let text = with_newline[range].trim_end_matches('\n');
                    if text.is_empty() {
                        continue;
                    }
                    let stack = scopes.as_slice();
                    let styles = *styles.entry(stack.to_vec()).or_insert_with(|| {
                        (
                            light_highlighter.style_for_stack(stack),
                            dark_highlighter.style_for_stack(stack),
                        )
                    });
                    tokens.push((text, styles.0, styles.1));
                }
                Some(tokens)
            });
        match tokens {
            Some(tokens) => {
                for (text, light_style, dark_style) in tokens {
                    let css = token_css(
                        light_style,
                        light.settings.foreground,
                        dark_style,
                        dark.settings.foreground,
                    );
                    if css.is_empty() || text.trim().is_empty() {
                        html.push_str(&escape(text));
                    } else {
                        let _ = write!(html, "<span style=\"{css}\">{}</span>", escape(text));
                    }
                }
            }
            // A grammar hiccup costs the colour, not the line.
            None => html.push_str(&escape(line)),
        }
        html.push_str("</span>\n");
    }
    html.push_str("</code></pre>");
    html
}

/// The inline style of a token: each theme's colour where it is not that theme's default, and
/// the light theme's bold and italic.
fn token_css(
    light: Style,
    light_default: Option<Color>,
    dark: Style,
    dark_default: Option<Color>,
) -> String {
    let mut css = String::new();
    for (variable, style, default) in [("--l", light, light_default), ("--d", dark, dark_default)] {
        if Some(style.foreground) != default {
            let Color { r, g, b, .. } = style.foreground;
            let _ = write!(css, "{variable}:#{r:02x}{g:02x}{b:02x};");
        }
    }
    if light.font_style.contains(FontStyle::BOLD) {
        css.push_str("font-weight:bold;");
    }
    if light.font_style.contains(FontStyle::ITALIC) {
        css.push_str("font-style:italic;");
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_escaped_coloured_and_one_span_per_line() {
        let html = python("if a < b and c & d:\n    print(\"</pre>\")\n");
        assert!(html.starts_with("<pre class=\"code\"><code>"));
        assert!(html.ends_with("</code></pre>"));
        assert_eq!(html.matches("<span class=\"line\">").count(), 2);
        assert!(html.contains("&lt;") && html.contains("&amp;"), "{html}");
        assert!(html.contains("&lt;/pre&gt;"), "{html}");
        assert_eq!(html.matches("</pre>").count(), 1, "{html}");
        // Both schemes' colours, from the same tokens.
        assert!(html.contains("style=\"--l:#"), "not highlighted: {html}");
        assert!(html.contains(";--d:#"), "no dark colours: {html}");
        assert_eq!(
            text_of(&html),
            "if a < b and c & d:\n    print(\"</pre>\")\n"
        );
    }

    #[test]
    fn numbered_lines_keep_their_numbers_and_strings_stay_strings_across_lines() {
        let lines = vec![
            (41, "s = '''<b>".to_owned()),
            (42, "def f(): '''".to_owned()),
            (44, "x = 1".to_owned()),
        ];
        let html = python_lines(&lines);
        for number in [41, 42, 44] {
            assert!(html.contains(&format!("<span class=\"line\" data-line=\"{number}\">")));
        }
        assert_eq!(text_of(&html), "s = '''<b>\ndef f(): '''\nx = 1\n");
        // Line 42 is inside the string opened on line 41: its `def` is no keyword there.
        let line_42 = html.split("data-line=\"42\">").nth(1).unwrap();
        assert!(
            line_42.starts_with("<span style=\"--l:#183691;"),
            "{line_42}"
        );
        assert!(line_42.contains(">def f(): </span>"), "{line_42}");
    }

    /// The code a block shows, without its markup.
    fn text_of(html: &str) -> String {
        let mut text = String::new();
        let mut inside = false;
        for c in html.chars() {
            match c {
                '<' => inside = true,
                '>' => inside = false,
                c if !inside => text.push(c),
                _ => {}
            }
        }
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }
}
