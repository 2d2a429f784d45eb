//! `pyconcepts quiz [NAME]`: predict what a short snippet prints, then watch the embedded Python
//! run it.
//!
//! Questions are the snippets' own `# %% quiz: <question>` sections (see [`crate::snippets::sections`]),
//! so a demo brings its quiz with it. A question with `# choice:` lines is multiple choice; the
//! right choice is not written down anywhere: it is the one that matches what Python prints in
//! this run. Without choices, the learner types the output, compared after normalising
//! whitespace and quotes. Each section runs alone in fresh globals, so it must be
//! self-contained.

use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::cli::QuizArgs;
use crate::demos::{self, Question, QUESTIONS};
use crate::errors::{Outcome, UsageError};
use crate::output::highlight;
use crate::output::prompt::{self, Go, Reply};
use crate::output::render::Style;
use crate::python::interpreter::{self, Setup, Stop};
use crate::snippets::sections::{self, SectionKind};
use crate::snippets::SnippetSource;

/// One question, ready to ask.
struct Item {
    demo: &'static str,
    question: String,
    choices: Vec<String>,
    /// Shown after the answer.
    why: Vec<String>,
    /// Numbered lines to show, as in the snippet file.
    lines: Vec<(usize, String)>,
    /// The section alone, padded so its lines keep their numbers in tracebacks.
    source: SnippetSource,
}

/// The quiz items of the given questions' snippets, in file order.
fn items(questions: &[&'static Question], dir: Option<&Path>) -> anyhow::Result<Vec<Item>> {
    let mut items = Vec::new();
    for question in questions {
        let Some(demo) = question.demo else { continue };
        let source = demo.snippet.load(dir)?;
        for section in sections::split(&source.code) {
            let SectionKind::Quiz {
                question: text,
                choices,
                why,
            } = &section.kind
            else {
                continue;
            };
            items.push(Item {
                demo: question.name,
                question: if text.is_empty() {
                    "What does this print?".to_owned()
                } else {
                    (*text).to_owned()
                },
                choices: choices.iter().map(|c| (*c).to_owned()).collect(),
                why: why.iter().map(|line| (*line).to_owned()).collect(),
                lines: section
                    .display_lines()
                    .into_iter()
                    .map(|(number, line)| (number, line.to_owned()))
                    .collect(),
                source: SnippetSource {
                    file_name: source.file_name.clone(),
                    code: section.padded_code(),
                },
            });
        }
    }
    Ok(items)
}

/// Running tally.
#[derive(Debug, Default, PartialEq, Eq)]
struct Score {
    right: usize,
    wrong: usize,
    skipped: usize,
}

impl Score {
    /// "Score: 2 of 3 right (1 wrong, 0 skipped)." with `label` for "Score".
    fn line(&self, label: &str) -> String {
        let asked = self.right + self.wrong + self.skipped;
        format!(
            "{label}: {} of {asked} right ({} wrong, {} skipped).",
            self.right, self.wrong, self.skipped
        )
    }
}

pub fn run(args: &QuizArgs, style: Style, dir: Option<&Path>) -> anyhow::Result<Outcome> {
    let questions: Vec<&'static Question> = match &args.demo {
        Some(name) => vec![demos::lookup(name)?.0],
        None => QUESTIONS.iter().filter(|q| q.demo.is_some()).collect(),
    };
    let items = items(&questions, dir)?;
    if items.is_empty() {
        let whose = args.demo.as_deref().unwrap_or("any available demo");
        return Err(UsageError(format!(
            "{whose} has no quiz questions yet (a snippet adds one with a `# %% quiz: <question>` \
             section)"
        ))
        .into());
    }
    interpreter::start()?;
    // Unlocked: the snippet's threads print through the same stdout (see `commands::demo`).
    let mut out = std::io::stdout();
    let mut score = Score::default();
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "Quiz: {} question{}. Predict the output; q stops.",
            items.len(),
            if items.len() == 1 { "" } else { "s" }
        ))
    )?;
    // Between questions the class discusses the answer: wait for Enter, unless told not to or
    // the answers come from a pipe (its next line is the next answer, not an Enter).
    let pause_between = !args.no_pause && std::io::stdin().is_terminal();
    for (index, item) in items.iter().enumerate() {
        if index > 0 && pause_between {
            match prompt::ask(
                &mut out,
                &style.dim("▶ Enter for the next question · q stops "),
            )? {
                Reply::Line(line) if prompt::presenter_intent(&line) == Go::Quit => {
                    writeln!(out, "{}", style.dim("Quiz stopped."))?;
                    break;
                }
                Reply::Line(_) => {}
                Reply::EndOfInput => break,
                Reply::Interrupted => return interrupted(&mut out, style, &score),
            }
        }
        ask_header(&mut out, style, item, index + 1, items.len())?;
        let prediction = match ask_prediction(&mut out, style, item)? {
            Asked::Prediction(line) => line,
            Asked::Quit => {
                writeln!(out, "{}", style.dim("Quiz stopped."))?;
                break;
            }
            Asked::EndOfInput => {
                writeln!(out, "{}", style.dim("End of input: the quiz stops here."))?;
                break;
            }
            Asked::Interrupted => return interrupted(&mut out, style, &score),
        };
        writeln!(out, "{}", style.dim("Python prints:"))?;
        out.flush()?;
        let setup = Setup {
            echo: true,
            timeout: args.timeout,
            ..Setup::default()
        };
        let run = interpreter::run(&item.source, &setup)?;
        crate::output::presenter::ensure_line_end(&mut out, &run.output)?;
        if matches!(run.stop, Some(Stop::Interrupted(_))) {
            return interrupted(&mut out, style, &score);
        }
        let mut actual = run.output.clone();
        if let Some(error) = &run.error() {
            // What python3 shows: the traceback, whose last line ("TypeError: unhashable…") is
            // the answer to predict.
            if error.traceback.is_empty() {
                writeln!(out, "{}", error.headline())?;
            } else {
                write!(out, "{}", error.traceback)?;
            }
            actual.push_str(&error.headline());
        }
        let verdict = mark(item, &prediction, &actual);
        writeln!(out, "{}", verdict.describe(style, item, &prediction))?;
        if !item.why.is_empty() {
            writeln!(
                out,
                "{}",
                textwrap::fill(&format!("Why: {}", item.why.join(" ")), 78)
            )?;
        }
        match verdict {
            Mark::Right => score.right += 1,
            Mark::Wrong { .. } => score.wrong += 1,
            Mark::Skipped { .. } | Mark::Unscorable => score.skipped += 1,
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", style.bold(&score.line("Score")))?;
    Ok(Outcome::Success)
}

/// Ctrl-C ends the quiz (exit status 130) with the score of the questions answered so far.
fn interrupted(out: &mut impl Write, style: Style, score: &Score) -> anyhow::Result<Outcome> {
    writeln!(
        out,
        "{}",
        style.bold(&score.line("Interrupted. Score so far"))
    )?;
    Ok(Outcome::Interrupted)
}

/// What the learner answered to one question.
enum Asked {
    Prediction(String),
    Quit,
    EndOfInput,
    Interrupted,
}

/// Reads a prediction; for multiple choice, asks again until the reply names a choice (or is
/// empty, which skips): a typo must not count as a wrong answer and give the answer away.
fn ask_prediction(out: &mut impl Write, style: Style, item: &Item) -> std::io::Result<Asked> {
    loop {
        return Ok(match prompt::ask(out, &prompt_text(style, item))? {
            Reply::Line(line) if prompt::presenter_intent(&line) == Go::Quit => Asked::Quit,
            Reply::Line(line)
                if !item.choices.is_empty()
                    && !line.trim().is_empty()
                    && chosen(&line, &item.choices).is_none() =>
            {
                writeln!(
                    out,
                    "{}",
                    style.paint(
                        "33",
                        &format!(
                            "{:?} is none of the choices; answer {}, or Enter to skip.",
                            line.trim(),
                            choice_range(item)
                        )
                    )
                )?;
                continue;
            }
            Reply::Line(line) => Asked::Prediction(line),
            Reply::EndOfInput => Asked::EndOfInput,
            Reply::Interrupted => Asked::Interrupted,
        });
    }
}

/// "a-d" for four choices.
fn choice_range(item: &Item) -> String {
    let last = ('a'..='z')
        .nth(item.choices.len().saturating_sub(1))
        .unwrap_or('z');
    format!("a-{last}")
}

fn ask_header(
    out: &mut impl Write,
    style: Style,
    item: &Item,
    number: usize,
    total: usize,
) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "Question {number} of {total} · {} — {}",
            item.demo, item.question
        ))
    )?;
    let lines: Vec<(usize, &str)> = item.lines.iter().map(|(n, l)| (*n, l.as_str())).collect();
    write!(out, "{}", highlight::numbered(&lines, style))?;
    for (letter, choice) in ('a'..='z').zip(&item.choices) {
        writeln!(out, "   {letter}) {choice}")?;
    }
    Ok(())
}

fn prompt_text(style: Style, item: &Item) -> String {
    if item.choices.is_empty() {
        style.dim("What will it print? (Enter skips) ▸ ")
    } else {
        style.dim(&format!(
            "Your choice ({}; Enter skips) ▸ ",
            choice_range(item)
        ))
    }
}

/// How a prediction fared.
#[derive(Debug, PartialEq, Eq)]
enum Mark {
    Right,
    /// `correct`: the right choice's letter, for multiple choice.
    Wrong {
        correct: Option<char>,
    },
    Skipped {
        correct: Option<char>,
    },
    /// A multiple-choice question where no choice matches what Python printed.
    Unscorable,
}

impl Mark {
    fn describe(&self, style: Style, item: &Item, prediction: &str) -> String {
        let answer = |letter: &Option<char>| {
            letter.map_or(String::new(), |letter| format!(" The answer is {letter}."))
        };
        match self {
            Mark::Right => style.paint("1;32", "✔ Right."),
            Mark::Wrong { correct } if item.choices.is_empty() => style.paint(
                "1;31",
                &format!(
                    "✘ Not quite: you predicted {:?}.{}",
                    prediction.trim(),
                    answer(correct)
                ),
            ),
            Mark::Wrong { correct } => {
                style.paint("1;31", &format!("✘ Not quite.{}", answer(correct)))
            }
            Mark::Skipped { correct } => style.dim(&format!("Skipped.{}", answer(correct))),
            Mark::Unscorable => style.paint(
                "1;33",
                "? None of the choices matches what Python printed here; not scored.",
            ),
        }
    }
}

/// Compares a prediction with what Python printed.
fn mark(item: &Item, prediction: &str, actual: &str) -> Mark {
    let actual = normalise(actual);
    if item.choices.is_empty() {
        return match prediction.trim() {
            "" => Mark::Skipped { correct: None },
            given if normalise(given) == actual => Mark::Right,
            _ => Mark::Wrong { correct: None },
        };
    }
    let Some(right) = item
        .choices
        .iter()
        .position(|choice| normalise(choice) == actual)
    else {
        return Mark::Unscorable;
    };
    let correct = ('a'..='z').nth(right);
    if prediction.trim().is_empty() {
        return Mark::Skipped { correct };
    }
    match chosen(prediction, &item.choices) {
        Some(index) if index == right => Mark::Right,
        _ => Mark::Wrong { correct },
    }
}

/// Which choice a reply names: its letter, its number, or its text.
fn chosen(reply: &str, choices: &[String]) -> Option<usize> {
    let reply = reply.trim();
    let mut chars = reply.chars();
    if let (Some(letter), None) = (chars.next(), chars.next()) {
        let letter = letter.to_ascii_lowercase();
        if letter.is_ascii_lowercase() {
            let index = usize::from(letter as u8 - b'a');
            return (index < choices.len()).then_some(index);
        }
    }
    if let Ok(number) = reply.parse::<usize>() {
        return (1..=choices.len()).contains(&number).then(|| number - 1);
    }
    let reply = normalise(reply);
    choices.iter().position(|choice| normalise(choice) == reply)
}

/// Output as compared: `"` and `'` are the same quote; runs of whitespace (newlines included)
/// are one space, and none at all beside punctuation. So `{1: "bool"}` matches `{1:'bool'}`,
/// and a two-line `2\n3` matches `2 3`, but `2 3` does not match `23`.
pub fn normalise(text: &str) -> String {
    let unified = text.replace('"', "'");
    let mut normal = String::new();
    for word in unified.split_whitespace() {
        let joins_words = normal.chars().last().is_some_and(is_word_char)
            && word.chars().next().is_some_and(is_word_char);
        if joins_words {
            normal.push(' ');
        }
        normal.push_str(word);
    }
    normal
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(choices: &[&str]) -> Item {
        Item {
            demo: "example",
            question: "?".into(),
            choices: choices.iter().map(|c| (*c).to_owned()).collect(),
            why: vec![],
            lines: vec![],
            source: SnippetSource {
                file_name: "x.py".into(),
                code: String::new(),
            },
        }
    }

    #[test]
    fn normalising_forgives_spacing_and_quotes_but_not_words() {
        assert_eq!(normalise("{1: 'bool'}\n"), "{1:'bool'}");
        assert_eq!(normalise(r#"{1:  "bool"}"#), "{1:'bool'}");
        assert_eq!(normalise("False 1\n"), "False 1");
        assert_eq!(normalise("2\n3\n"), normalise(" 2 3"));
        assert_ne!(normalise("2 3"), normalise("23"));
        assert_ne!(normalise("true"), normalise("True"));
    }

    #[test]
    fn free_text_is_right_wrong_or_skipped() {
        let free = item(&[]);
        assert_eq!(mark(&free, "False  1", "False 1\n"), Mark::Right);
        assert_eq!(
            mark(&free, "True 1", "False 1\n"),
            Mark::Wrong { correct: None }
        );
        assert_eq!(
            mark(&free, "  ", "False 1\n"),
            Mark::Skipped { correct: None }
        );
    }

    #[test]
    fn the_right_choice_is_the_one_python_printed() {
        let choices = item(&["{1: 'int'}", "{1: 'bool'}", "{True: 'bool'}"]);
        assert_eq!(mark(&choices, "b", "{1: 'bool'}\n"), Mark::Right);
        assert_eq!(mark(&choices, "B", "{1: 'bool'}\n"), Mark::Right);
        assert_eq!(mark(&choices, "2", "{1: 'bool'}\n"), Mark::Right);
        assert_eq!(mark(&choices, "{1:\"bool\"}", "{1: 'bool'}\n"), Mark::Right);
        assert_eq!(
            mark(&choices, "a", "{1: 'bool'}\n"),
            Mark::Wrong { correct: Some('b') }
        );
        assert_eq!(
            mark(&choices, "z", "{1: 'bool'}\n"),
            Mark::Wrong { correct: Some('b') }
        );
        assert_eq!(
            mark(&choices, "", "{1: 'bool'}\n"),
            Mark::Skipped { correct: Some('b') }
        );
        // On an interpreter that printed something else, the question can't be scored.
        assert_eq!(mark(&choices, "a", "{1.0: 'bool'}\n"), Mark::Unscorable);
    }
}
