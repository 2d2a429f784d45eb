//! Words for explanations that several demos write: a clause that must start a sentence.

/// `text` with its first letter upper-case, for a clause that also stands mid-sentence: "a child
/// process …" after a colon, "A child process …" when it opens the explanation.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_letter_changes() {
        assert_eq!(
            capitalised("a child process (fork)"),
            "A child process (fork)"
        );
        assert_eq!(capitalised("élan"), "Élan");
        assert_eq!(capitalised("'quoted' first"), "'quoted' first");
        assert_eq!(capitalised(""), "");
    }
}
