//! A snippet's live output folded to the terminal's width: a line too long for the screen goes
//! on under its own indentation, broken between words and never inside one (unless a single
//! word is wider than the screen). Only what is shown is folded; the transcript keeps the text
//! exactly as printed.
//!
//! Folding is streaming: a write is shown as soon as it arrives, so a progress line printed
//! without its newline still appears at once. A word split across two writes is kept on the
//! line its first part went to.

use unicode_width::UnicodeWidthChar;

/// Narrower than this, folding makes output worse, not better: it is shown as printed.
const MIN_WIDTH: usize = 20;
/// A continued line is indented this much further than the line it continues.
const HANG: usize = 2;

/// The state of the line being shown.
#[derive(Debug)]
pub struct SoftWrap {
    width: usize,
    /// Display columns taken on the current line.
    column: usize,
    /// Whether only whitespace has been seen on the current line so far.
    at_line_start: bool,
    /// The current line's own indentation, where a continuation starts (plus [`HANG`]).
    indent: usize,
    /// Spaces after a word, shown only if the next word stays on this line.
    pending_spaces: usize,
    /// The word being read and its width; shown when it ends or the write does.
    word: String,
    word_width: usize,
    /// The last write ended inside a word: its rest follows without a break.
    continues_word: bool,
    escape: Escape,
    /// The start of a UTF-8 character whose rest comes in the next write.
    unfinished: Vec<u8>,
}

/// Terminal control sequences take no columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escape {
    None,
    /// After ESC.
    Started,
    /// Inside `ESC [ … final`.
    Csi,
}

impl SoftWrap {
    /// Folding for a screen `width` columns wide; `None` where folding would not help.
    pub fn new(width: usize) -> Option<SoftWrap> {
        (width >= MIN_WIDTH).then(|| SoftWrap {
            width,
            column: 0,
            at_line_start: true,
            indent: 0,
            pending_spaces: 0,
            word: String::new(),
            word_width: 0,
            continues_word: false,
            escape: Escape::None,
            unfinished: Vec::new(),
        })
    }

    /// What to show for `bytes` written now. Bytes that are not UTF-8 are shown as they are.
    pub fn fold_bytes(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.unfinished.extend_from_slice(bytes);
        let pending = std::mem::take(&mut self.unfinished);
        match std::str::from_utf8(&pending) {
            Ok(text) => self.fold(text).into_bytes(),
            Err(err) if err.error_len().is_none() => {
                let (text, rest) = pending.split_at(err.valid_up_to());
                self.unfinished = rest.to_vec();
                // The prefix is valid by construction.
                self.fold(std::str::from_utf8(text).unwrap_or_default())
                    .into_bytes()
            }
            Err(_) => {
                // Not text: the columns it takes are unknown, so the next line starts afresh.
                let mut shown = self.fold("").into_bytes();
                shown.extend_from_slice(&pending);
                self.column = 0;
                self.at_line_start = true;
                self.indent = 0;
                shown
            }
        }
    }

    /// What to show for `text` written now.
    pub fn fold(&mut self, text: &str) -> String {
        let mut shown = String::with_capacity(text.len() + 8);
        for c in text.chars() {
            if self.escape != Escape::None || c == '\x1b' {
                self.escape = match (self.escape, c) {
                    (Escape::None, _) => Escape::Started,
                    (Escape::Started, '[') => Escape::Csi,
                    (Escape::Csi, '\x20'..='\x3f') => Escape::Csi,
                    _ => Escape::None,
                };
                self.word.push(c);
                continue;
            }
            match c {
                '\n' | '\r' => {
                    self.end_word(&mut shown);
                    self.pending_spaces = 0;
                    shown.push(c);
                    self.column = 0;
                    self.at_line_start = true;
                    self.indent = 0;
                }
                ' ' | '\t' if self.at_line_start => {
                    shown.push(c);
                    self.column = if c == '\t' {
                        (self.column / 8 + 1) * 8
                    } else {
                        self.column + 1
                    };
                    self.indent = self.column;
                }
                ' ' => {
                    self.end_word(&mut shown);
                    self.pending_spaces += 1;
                }
                '\t' => {
                    self.end_word(&mut shown);
                    let at = self.column + self.pending_spaces;
                    self.pending_spaces += (at / 8 + 1) * 8 - at;
                }
                _ => {
                    self.at_line_start = false;
                    self.word.push(c);
                    self.word_width += c.width().unwrap_or(0);
                }
            }
        }
        if !self.word.is_empty() {
            self.end_word(&mut shown);
            self.continues_word = true;
        }
        shown
    }

    /// Shows the word read so far: on this line when it fits (or nothing but indentation is
    /// on the line yet), else on a continuation line.
    fn end_word(&mut self, shown: &mut String) {
        if self.word.is_empty() {
            return;
        }
        let starts_a_word = !std::mem::take(&mut self.continues_word);
        let hang = (self.indent + HANG).min(self.width / 2);
        if starts_a_word
            && self.column > self.indent
            && self.column + self.pending_spaces + self.word_width > self.width
        {
            shown.push('\n');
            shown.extend(std::iter::repeat_n(' ', hang));
            self.column = hang;
        } else {
            shown.extend(std::iter::repeat_n(' ', self.pending_spaces));
            self.column += self.pending_spaces;
        }
        self.pending_spaces = 0;
        shown.push_str(&self.word);
        self.column += self.word_width;
        self.word.clear();
        self.word_width = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(width: usize, writes: &[&str]) -> String {
        let mut wrap = SoftWrap::new(width).unwrap();
        writes.iter().map(|write| wrap.fold(write)).collect()
    }

    #[test]
    fn a_line_that_fits_is_shown_as_printed() {
        let line = "    list   hashable=False  rejected: TypeError\n";
        assert_eq!(folded(80, &[line]), line);
    }

    #[test]
    fn a_long_line_continues_under_its_indentation_between_words() {
        let text = folded(24, &["  alpha beta gamma delta epsilon\n"]);
        assert_eq!(text, "  alpha beta gamma delta\n    epsilon\n");
        for line in text.lines() {
            assert!(line.chars().count() <= 24, "{line:?}");
        }
    }

    #[test]
    fn every_line_fits_and_no_word_is_cut() {
        let words: Vec<String> = (0..200).map(|i| "x".repeat(1 + i % 9)).collect();
        let line = format!("   {}\n", words.join(" "));
        let text = folded(30, &[&line]);
        for shown in text.lines() {
            assert!(shown.chars().count() <= 30, "{shown:?}");
        }
        let rejoined: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(rejoined, words);
    }

    #[test]
    fn a_word_wider_than_the_screen_gets_a_line_of_its_own() {
        let long = "y".repeat(40);
        let text = folded(20, &[&format!("ab {long} cd\n")]);
        assert_eq!(text, format!("ab\n  {long}\n  cd\n"));
    }

    #[test]
    fn writes_without_a_newline_are_shown_at_once() {
        let mut wrap = SoftWrap::new(80).unwrap();
        assert_eq!(
            wrap.fold("starting Jython (a JVM)… "),
            "starting Jython (a JVM)…"
        );
        assert_eq!(wrap.fold("done\n"), " done\n");
    }

    #[test]
    fn a_word_split_across_writes_stays_whole() {
        assert_eq!(
            folded(20, &["aaaa bbbb cccc dd", "dd eeee\n"]),
            "aaaa bbbb cccc dddd\n  eeee\n"
        );
    }

    #[test]
    fn colour_codes_and_wide_characters_are_measured_as_shown() {
        let red = "\x1b[31mred\x1b[0m";
        assert_eq!(
            folded(20, &[&format!("{red} {red} {red} {red} {red}\n")]),
            format!("{red} {red} {red} {red} {red}\n")
        );
        // Each of these takes two columns: ten of them fill a 20-column line.
        assert_eq!(
            folded(20, &["日本 日本 日本 日本 日本 日本\n"]),
            "日本 日本 日本 日本\n  日本 日本\n"
        );
    }

    #[test]
    fn a_carriage_return_starts_the_line_again() {
        assert_eq!(
            folded(20, &["12345678901234567890\r", "abc def\n"]),
            "12345678901234567890\rabc def\n"
        );
    }

    #[test]
    fn a_character_split_across_writes_and_bytes_that_are_not_text_pass_through() {
        let mut wrap = SoftWrap::new(40).unwrap();
        let e_acute = "é".as_bytes();
        let mut shown = wrap.fold_bytes(&e_acute[..1]);
        shown.extend(wrap.fold_bytes(&e_acute[1..]));
        shown.extend(wrap.fold_bytes(b"\xff\xfe raw\n"));
        assert_eq!(shown, b"\xc3\xa9\xff\xfe raw\n");
    }

    #[test]
    fn too_narrow_a_screen_is_not_folded() {
        assert!(SoftWrap::new(10).is_none());
    }
}
