//! Text as HTML, shared by the page (`html`), its slides (`slides`) and its highlighted code
//! (`code`), which the page embeds: escaping, a demo's prose and its tally of verdicts. Each needs
//! them, none should reach into another for them (the page uses the slides, so the slides cannot
//! use the page).

use super::{prose_with, verdict_counts};
use crate::report::Report;

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Prose from a demo (claims, explanations): escaped, with its `backquoted` code as `<code>`.
pub fn prose(text: &str) -> String {
    prose_with(text, escape, |code| {
        format!("<code>{}</code>", escape(code))
    })
}

/// The verdicts of a demo as small badges with counts: "3 confirmed", "1 refuted".
pub fn tally(report: &Report) -> String {
    let badges: String = verdict_counts(report)
        .into_iter()
        .map(|(verdict, count)| {
            format!(
                "<span class=\"badge {0}\">{count} {0}</span>",
                verdict.as_str()
            )
        })
        .collect();
    format!("<span class=\"tally\">{badges}</span>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_become_entities_and_the_rest_is_kept() {
        assert_eq!(
            escape("a < b && c > \"d\" 'é'"),
            "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;é&#39;"
        );
    }

    #[test]
    fn prose_keeps_lone_backquotes() {
        assert_eq!(prose("a `b` c"), "a <code>b</code> c");
        assert_eq!(prose("it`s <"), "it`s &lt;");
    }
}
