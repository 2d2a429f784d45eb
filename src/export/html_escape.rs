//! Escaping text for HTML, shared by the page (`html`) and its highlighted code (`code`), which
//! the page embeds: each needs it, neither should reach into the other for it.

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
}
