//! Python source as HTML: highlighted by syntect with the same Python grammar as the terminal
//! (`crate::output::highlight`), in a light theme for paper and daylight, one `<span class="line">` per
//! line so the page can number the lines without putting the numbers into copied code.

use std::fmt::Write as _;

use syntect::easy::HighlightLines;
use syntect::highlighting::{Color, FontStyle};

use super::html_escape::escape;

/// Made for white backgrounds, like the report's code blocks.
const THEME: &str = "InspiredGitHub";

/// `code` as `<pre class="code"><code>…</code></pre>`, every character escaped.
pub fn python(code: &str) -> String {
    let (syntaxes, python) = crate::output::highlight::python_grammar();
    let theme = crate::output::highlight::theme(THEME);
    let default = theme.settings.foreground;
    let mut state = HighlightLines::new(python, theme);
    let mut html = String::from("<pre class=\"code\"><code>");
    for line in code.lines() {
        html.push_str("<span class=\"line\">");
        let with_newline = format!("{line}\n");
        match state.highlight_line(&with_newline, syntaxes) {
            Ok(ranges) => {
                for (style, text) in ranges {
                    let text = text.trim_end_matches('\n');
                    if text.is_empty() {
                        continue;
                    }
                    let mut css = String::new();
                    if Some(style.foreground) != default {
                        let Color { r, g, b, .. } = style.foreground;
                        let _ = write!(css, "color:#{r:02x}{g:02x}{b:02x};");
                    }
                    if style.font_style.contains(FontStyle::BOLD) {
                        css.push_str("font-weight:bold;");
                    }
                    if style.font_style.contains(FontStyle::ITALIC) {
                        css.push_str("font-style:italic;");
                    }
                    if css.is_empty() || text.trim().is_empty() {
                        html.push_str(&escape(text));
                    } else {
                        let _ = write!(html, "<span style=\"{css}\">{}</span>", escape(text));
                    }
                }
            }
            // A grammar hiccup costs the colour, not the line.
            Err(_) => html.push_str(&escape(line)),
        }
        html.push_str("</span>\n");
    }
    html.push_str("</code></pre>");
    html
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
        assert!(html.contains("style=\"color:#"), "not highlighted: {html}");
        // Without the tags, the code is intact.
        let text = strip_tags(&html)
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        assert_eq!(text, "if a < b and c & d:\n    print(\"</pre>\")\n");
    }

    fn strip_tags(html: &str) -> String {
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
        text
    }
}
