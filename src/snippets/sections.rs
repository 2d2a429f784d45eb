//! The section convention of snippets: a line starting with `# %%` (the cell marker editors
//! already know) starts a section, and the rest of the line is its title. `# %% quiz: <question>`
//! makes the section a quiz item, whose `# choice: <text>` lines offer multiple-choice answers
//! and whose `# why: <text>` lines explain the answer once it is shown.
//!
//! Pure text work, no Python: presenter mode (`--step`) runs a snippet section by section, and the
//! quiz runs its quiz sections alone. Markers count only at the start of a line, so a section
//! boundary is always between top-level statements.

/// What the line that starts a section begins with.
pub const MARKER: &str = "# %%";
/// A quiz section's title starts with this (after the marker).
const QUIZ_PREFIX: &str = "quiz:";
/// A multiple-choice answer of a quiz section.
const CHOICE_PREFIX: &str = "# choice:";
/// A line of a quiz section's explanation, shown after the answer.
const WHY_PREFIX: &str = "# why:";

/// One section of a snippet.
#[derive(Debug, Clone, PartialEq)]
pub struct Section<'a> {
    /// Byte offset of the section in the file.
    pub start: usize,
    /// 1-based line of the section's first line in the file (its marker, or 1 for the lines
    /// before the first marker).
    pub first_line: usize,
    /// The marker's title; empty for the lines before the first marker.
    pub title: &'a str,
    /// The section's lines as written, its marker line included.
    pub text: &'a str,
    pub kind: SectionKind<'a>,
}

/// A story section, or a quiz item.
#[derive(Debug, Clone, PartialEq)]
pub enum SectionKind<'a> {
    Story,
    Quiz {
        question: &'a str,
        /// The `# choice:` answers in order; empty for a free-text question.
        choices: Vec<&'a str>,
        /// The `# why:` lines, shown once the answer is known.
        why: Vec<&'a str>,
    },
}

/// Splits a snippet into its sections. Lines before the first marker form a section of their
/// own unless they are all blank; a snippet without markers is one section.
pub fn split(code: &str) -> Vec<Section<'_>> {
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (byte offset, 1-based line)
    let mut offset = 0;
    for (index, line) in code.split_inclusive('\n').enumerate() {
        if index == 0 || line.starts_with(MARKER) {
            starts.push((offset, index + 1));
        }
        offset += line.len();
    }
    let mut sections = Vec::new();
    for (position, &(start, first_line)) in starts.iter().enumerate() {
        let end = starts
            .get(position + 1)
            .map_or(code.len(), |&(next, _)| next);
        let text = &code[start..end];
        let marker_line = text.lines().next().unwrap_or("");
        let title = marker_line.strip_prefix(MARKER).map(str::trim);
        if title.is_none() && text.trim().is_empty() {
            continue; // nothing before the first marker
        }
        let title = title.unwrap_or("");
        sections.push(Section {
            start,
            first_line,
            title,
            text,
            kind: kind_of(title, text),
        });
    }
    sections
}

/// The sections of `code` with each one that `compiles` rejects joined to the next, until it
/// compiles or the file ends: a marker inside a multi-line string, or between two methods of a
/// class, then does not cut the code where Python can't. `compiles` sees the joined text.
pub fn runnable<'a>(code: &'a str, mut compiles: impl FnMut(&str) -> bool) -> Vec<Section<'a>> {
    let (mut runnable, pending) = joined_until_compiled(code, |section| compiles(section.text));
    // What never compiled runs as it is, so Python reports the syntax error at its true line.
    runnable.extend(pending);
    runnable
}

/// The [`runnable`] sections of `code` when every one of them compiles on its own, so that
/// running them one after another in the same globals runs the statements the whole file
/// does; `None` when the file ends on one that never compiles (an `else:` after a marker).
/// `compiles` sees each candidate section, joined ones included, so that it can compile its
/// [`Section::padded_code`] and keep what it compiled.
pub fn separable<'a>(
    code: &'a str,
    compiles: impl FnMut(&Section<'a>) -> bool,
) -> Option<Vec<Section<'a>>> {
    match joined_until_compiled(code, compiles) {
        (sections, None) => Some(sections),
        (_, Some(_)) => None,
    }
}

/// The sections that compile, joined as [`runnable`] says, and the tail that never did.
fn joined_until_compiled<'a>(
    code: &'a str,
    mut compiles: impl FnMut(&Section<'a>) -> bool,
) -> (Vec<Section<'a>>, Option<Section<'a>>) {
    let mut runnable: Vec<Section<'a>> = Vec::new();
    let mut pending: Option<Section<'a>> = None;
    for section in split(code) {
        let current = match pending.take() {
            None => section,
            Some(open) => {
                let end = section.start + section.text.len();
                Section {
                    text: &code[open.start..end],
                    kind: kind_of(open.title, &code[open.start..end]),
                    ..open
                }
            }
        };
        if compiles(&current) {
            runnable.push(current);
        } else {
            pending = Some(current);
        }
    }
    (runnable, pending)
}

fn kind_of<'a>(title: &'a str, text: &'a str) -> SectionKind<'a> {
    let Some(question) = strip_prefix_ignore_case(title, QUIZ_PREFIX) else {
        return SectionKind::Story;
    };
    let tagged = |prefix: &str| -> Vec<&'a str> {
        text.lines()
            .filter_map(|line| line.strip_prefix(prefix))
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect()
    };
    SectionKind::Quiz {
        question: question.trim(),
        choices: tagged(CHOICE_PREFIX),
        why: tagged(WHY_PREFIX),
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

impl<'a> Section<'a> {
    /// The source to compile for this section alone: blank lines stand in for the lines above
    /// it, so tracebacks and syntax errors name the true line numbers of the file.
    pub fn padded_code(&self) -> String {
        let mut code = "\n".repeat(self.first_line - 1);
        code.push_str(self.text);
        code
    }

    /// The lines to show an audience, numbered as in the file: without the marker line (the
    /// title says it), without a quiz's `# choice:` lines (they are offered separately)
    /// nor its `# why:` lines (they would give the answer away), and without blank lines at
    /// either end.
    pub fn display_lines(&self) -> Vec<(usize, &'a str)> {
        let skip_marker = usize::from(self.text.starts_with(MARKER));
        let mut lines: Vec<(usize, &'a str)> = self
            .text
            .lines()
            .enumerate()
            .skip(skip_marker)
            .map(|(index, line)| (self.first_line + index, line))
            .filter(|(_, line)| {
                !(self.is_quiz()
                    && (line.starts_with(CHOICE_PREFIX) || line.starts_with(WHY_PREFIX)))
            })
            .collect();
        while lines
            .first()
            .is_some_and(|(_, line)| line.trim().is_empty())
        {
            lines.remove(0);
        }
        while lines.last().is_some_and(|(_, line)| line.trim().is_empty()) {
            lines.pop();
        }
        lines
    }

    pub fn is_quiz(&self) -> bool {
        matches!(self.kind, SectionKind::Quiz { .. })
    }

    /// What an audience reads above the section, one of `total`: its title, "Predict: …" for
    /// a quiz item, and "Set-up" for lines under no title (or "The whole snippet" when there
    /// is no other section).
    pub fn heading(&self, total: usize) -> String {
        match &self.kind {
            SectionKind::Quiz { question, .. } => format!("Predict: {question}"),
            SectionKind::Story if self.title.is_empty() && total > 1 => "Set-up".to_owned(),
            SectionKind::Story if self.title.is_empty() => "The whole snippet".to_owned(),
            SectionKind::Story => self.title.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use indoc::indoc;

    const SNIPPET: &str = indoc! {r#"
        """Docstring."""
        EVIDENCE = {}

        # %% Claim: one
        print(1)
        # %%quiz:  What is printed?
        # choice: 1
        # choice:   2
        print(2)
        # why: because.

          # %% indented markers do not count
        # %%
        x = 3
    "#};

    #[test]
    fn markers_start_sections_with_their_titles_and_true_lines() {
        let sections = split(SNIPPET);
        let summary: Vec<(usize, &str)> =
            sections.iter().map(|s| (s.first_line, s.title)).collect();
        assert_eq!(
            summary,
            [
                (1, ""),
                (4, "Claim: one"),
                (6, "quiz:  What is printed?"),
                (13, "")
            ]
        );
        assert_eq!(sections[0].kind, SectionKind::Story);
        assert_eq!(
            sections[2].kind,
            SectionKind::Quiz {
                question: "What is printed?",
                choices: vec!["1", "2"],
                why: vec!["because."]
            }
        );
        // Concatenated, the sections are the file: nothing lost, nothing repeated.
        let joined: String = sections.iter().map(|s| s.text).collect();
        assert_eq!(joined, SNIPPET);
    }

    #[test]
    fn padded_code_keeps_line_numbers() {
        let sections = split(SNIPPET);
        let padded = sections[1].padded_code();
        assert_eq!(padded.lines().nth(4), Some("print(1)"));
        assert_eq!(padded.lines().take(3).collect::<String>(), "");
    }

    #[test]
    fn display_hides_marker_choices_and_edge_blank_lines() {
        let sections = split(SNIPPET);
        assert_eq!(sections[1].display_lines(), [(5, "print(1)")]);
        assert_eq!(
            sections[2].display_lines(),
            [
                (9, "print(2)"),
                (11, ""),
                (12, "  # %% indented markers do not count")
            ]
        );
        assert_eq!(
            sections[0].display_lines(),
            [(1, "\"\"\"Docstring.\"\"\""), (2, "EVIDENCE = {}")]
        );
    }

    #[test]
    fn a_snippet_without_markers_is_one_section_and_blank_preambles_vanish() {
        let sections = split("print('a')\nprint('b')\n");
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].first_line, 1);
        assert_eq!(sections[0].title, "");
        let sections = split("\n\n# %% only\nprint(1)\n");
        assert_eq!(sections.len(), 1);
        assert_eq!((sections[0].first_line, sections[0].title), (3, "only"));
        assert!(split("").is_empty());
    }

    #[test]
    fn sections_that_do_not_compile_alone_are_joined_to_the_next() {
        let code = "a = '''\n# %% inside a string\n'''\n# %% Next\nprint(a)\n";
        // Stand-in for Python's compile(): triple quotes must pair up.
        let sections = runnable(code, |text| text.matches("'''").count() % 2 == 0);
        let summary: Vec<(usize, &str)> =
            sections.iter().map(|s| (s.first_line, s.title)).collect();
        assert_eq!(summary, [(1, ""), (4, "Next")]);
        assert_eq!(sections[0].text, "a = '''\n# %% inside a string\n'''\n");
        let never = runnable("x = (\n# %% A\ny = 1\n", |_| false);
        assert_eq!(never.len(), 1);
        assert_eq!(never[0].text, "x = (\n# %% A\ny = 1\n");
    }

    #[test]
    fn separable_sections_all_compile_or_there_are_none() {
        let code = "a = '''\n# %% inside a string\n'''\n# %% Next\nprint(a)\n";
        let pairs = |text: &str| text.matches("'''").count() % 2 == 0;
        let sections = separable(code, |section| pairs(section.text)).expect("all compile");
        assert_eq!(sections, runnable(code, pairs));
        // A tail that compiles after what precedes it but never alone: the file runs whole.
        let tail = "if x:\n    pass\n# %% B\nelse:\n    pass\n";
        let alone = |section: &Section<'_>| !section.text.starts_with("# %% B");
        assert_eq!(separable(tail, alone), None);
    }

    #[test]
    fn headings_name_quiz_items_and_untitled_lines() {
        let sections = split(SNIPPET);
        let headings: Vec<String> = sections.iter().map(|s| s.heading(4)).collect();
        assert_eq!(
            headings,
            [
                "Set-up",
                "Claim: one",
                "Predict: What is printed?",
                "Set-up"
            ]
        );
        assert_eq!(split("x = 1\n")[0].heading(1), "The whole snippet");
    }

    #[test]
    fn quiz_prefix_is_case_insensitive_and_free_text_has_no_choices() {
        let sections = split("# %% Quiz: how many?\nprint(len({1: 2}))\n");
        assert_eq!(
            sections[0].kind,
            SectionKind::Quiz {
                question: "how many?",
                choices: vec![],
                why: vec![]
            }
        );
        assert!(sections[0].is_quiz());
    }
}
