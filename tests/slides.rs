//! The HTML report as slides, in a real browser: headless Chromium, driven over the DevTools
//! protocol (`--remote-debugging-pipe`: JSON messages on file descriptors 3 and 4, no port),
//! opens a report, switches to slides with the keys a presenter presses, and the test reads
//! which slide is shown and what is on it. Screenshots at a projector's 1920×1080 and a phone's
//! 390×844 are taken along the way, into a temporary directory (or `PYCONCEPTS_SCREENSHOTS`, to
//! look at them).

mod common;

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{FromRawFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use base64::Engine as _;
use common::extras::{self, Extra};
use common::{claim, ctrl_c_when_ready, parse_reports, pyconcepts, snippets_dir_with};
use serde_json::{json, Value};

/// Longest the browser may take to answer one command (a navigation, a screenshot).
const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);

/// Small workloads for the gil demo: its slides need its evidence's shape, not its precision.
const GIL_QUICK: &[&str] = &["--param", "work_ms=20", "--param", "probe_timeout=0.1"];

#[test]
fn a_presenter_moves_through_the_slides_with_the_keys_in_chromium() {
    if !extras::have(
        "a_presenter_moves_through_the_slides_with_the_keys_in_chromium",
        &[Extra::Chromium],
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("run.html");
    let output = pyconcepts()
        .args(["demo", "dict-keys", "gil", "--json", "--report"])
        .arg(&report)
        .args(GIL_QUICK)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reports = parse_reports(&String::from_utf8_lossy(&output.stdout));
    let screenshots = std::env::var_os("PYCONCEPTS_SCREENSHOTS")
        .map_or_else(|| dir.path().join("screenshots"), PathBuf::from);
    std::fs::create_dir_all(&screenshots).unwrap();

    let mut browser = Browser::launch(&extras::chromium().expect("found just now"));
    browser.viewport(1920, 1080);
    browser.open(&format!("file://{}", report.display()));

    // A document first, with a button that presents it.
    assert_eq!(browser.state()["presenting"], false);
    assert_eq!(
        browser.evaluate("document.getElementById('deck').hidden"),
        true
    );
    assert_eq!(
        browser.evaluate("document.getElementById('present').getBoundingClientRect().width > 0"),
        true,
        "the Present button is shown"
    );
    let total = browser
        .evaluate("document.querySelectorAll('#deck .slide').length")
        .as_u64()
        .unwrap();

    // `p` presents: the first demo's title slide, with its tally.
    browser.press(Key::P);
    let state = browser.state();
    assert_eq!(state["presenting"], true, "{state}");
    assert_eq!(state["counter"], format!("[1/{total}]"), "{state}");
    assert_eq!(state["kind"], "slide-title", "{state}");
    assert!(
        state["text"]
            .as_str()
            .unwrap()
            .contains("What can be the keys of a dictionary?"),
        "{state}"
    );
    browser.screenshot(&screenshots.join("title-1920x1080.png"));

    // Each key moves one slide: forward with →, Page Down, space and ↓...
    for (key, slide) in [
        (Key::Right, 2),
        (Key::PageDown, 3),
        (Key::Space, 4),
        (Key::Down, 5),
    ] {
        let state = browser.state();
        assert_eq!(state["slide"], slide - 1, "{state}");
        browser.press(key);
        let state = browser.state();
        assert_eq!(state["slide"], slide, "{state}");
        assert_eq!(state["counter"], format!("[{slide}/{total}]"), "{state}");
        assert_eq!(state["hash"], format!("#slides-{slide}"), "{state}");
    }
    // ... back with Shift+space, ←, ↑ and Page Up, never before the first...
    for (key, slide) in [
        (Key::ShiftSpace, 4),
        (Key::Left, 3),
        (Key::Up, 2),
        (Key::PageUp, 1),
        (Key::PageUp, 1),
    ] {
        browser.press(key);
        assert_eq!(browser.state()["slide"], slide);
    }
    // ... to the end and back to the start, never after the last.
    browser.press(Key::End);
    let state = browser.state();
    assert_eq!(state["counter"], format!("[{total}/{total}]"), "{state}");
    assert_eq!(state["demo"], "gil", "{state}");
    browser.press(Key::Right);
    assert_eq!(browser.state()["slide"], total);
    browser.press(Key::Home);
    assert_eq!(browser.state()["slide"], 1);

    // The slide of the section that records `hashable_keys`: its title, its code from its
    // own lines of the snippet, numbered as in the file, what it printed, which the whole run
    // printed too, and the verdict of the claim as the JSON report has it.
    let snippet = std::fs::read_to_string("python_snippets/dict_keys.py").unwrap();
    let lines: Vec<&str> = snippet.lines().collect();
    let recording = lines
        .iter()
        .position(|line| line.starts_with("EVIDENCE[\"hashable_keys\"]"))
        .expect("the snippet records hashable_keys");
    let marker = lines[..recording]
        .iter()
        .rev()
        .find(|line| line.starts_with("# %%"))
        .expect("in a section");
    let title = marker.trim_start_matches("# %%").trim();
    let wanted = browser
        .evaluate(
            "Number(document.querySelector('#deck li[data-claim=\"dict_keys.hashable_keys\"]')\
             .closest('.slide').dataset.slide)",
        )
        .as_u64()
        .unwrap();
    for _ in 1..wanted {
        browser.press(Key::Right);
    }
    let state = browser.state();
    assert_eq!(state["slide"], wanted, "{state}");
    assert_eq!(state["kind"], "slide-section", "{state}");
    assert_eq!(state["heading"], title, "{state}");
    let code = state["code"].as_str().unwrap();
    assert!(
        code.contains(lines[recording]),
        "the section's code: {code}"
    );
    let first = state["first_code_line"].as_u64().unwrap() as usize;
    assert!(
        code.starts_with(lines[first - 1].trim_end()),
        "line {first}: {code}"
    );
    let printed = state["output"].as_str().unwrap();
    assert!(printed.contains("hashable=True"), "{printed}");
    assert!(reports[0]["output"].as_str().unwrap().contains(printed));
    let verdict = claim(&reports[0], "dict_keys.hashable_keys")["verdict"].clone();
    assert_eq!(
        state["verdicts"],
        json!([{"claim": "dict_keys.hashable_keys", "verdict": verdict}]),
        "{state}"
    );
    browser.screenshot(&screenshots.join("section-1920x1080.png"));

    // The gil demo's chart is on one of its section slides; shown, it is laid out with its
    // marks. The address opens a slide too (`#slides-N`, as a presenter's link would).
    let charted = browser.evaluate(
        "Array.from(document.querySelectorAll('#deck .slide')).filter(s => \
         s.querySelector('figure.slide-chart')).map(s => [Number(s.dataset.slide), \
         s.dataset.demo, s.classList.contains('slide-section')])",
    );
    let charted = charted.as_array().unwrap();
    assert!(!charted.is_empty(), "no slide shows the gil chart");
    for slide in charted {
        assert_eq!(slide[1], "gil", "{slide}");
        assert_eq!(slide[2], true, "on a section's slide: {slide}");
    }
    let chart_slide = charted[0][0].as_u64().unwrap();
    browser.evaluate(&format!("location.hash = '#slides-{chart_slide}'"));
    let state = browser.state();
    assert_eq!(state["slide"], chart_slide, "{state}");
    let chart = browser.evaluate(
        "(() => { const svg = document.querySelector('.slide.current figure.slide-chart svg'); \
         const box = svg.getBoundingClientRect(); \
         return {width: box.width, height: box.height, rects: svg.querySelectorAll('rect').length}; })()",
    );
    assert!(chart["width"].as_f64().unwrap() >= 300.0, "{chart}");
    assert!(chart["height"].as_f64().unwrap() >= 200.0, "{chart}");
    assert!(chart["rects"].as_u64().unwrap() >= 8, "{chart}");
    browser.screenshot(&screenshots.join("chart-1920x1080.png"));

    // On a phone, in the dark: the same slide, one column, nothing wider than the screen.
    browser.viewport(390, 844);
    browser.dark(true);
    let phone = browser.evaluate(
        "(() => { const slide = document.querySelector('.slide.current'); \
         return {slide: Number(slide.dataset.slide), scroll: slide.scrollWidth, \
         client: slide.clientWidth, background: getComputedStyle(document.getElementById('deck')).backgroundColor}; })()",
    );
    assert_eq!(phone["slide"], chart_slide, "{phone}");
    assert!(
        phone["scroll"].as_f64().unwrap() <= phone["client"].as_f64().unwrap(),
        "the slide scrolls sideways: {phone}"
    );
    assert_eq!(phone["background"], "rgb(13, 17, 23)", "dark: {phone}");
    browser.screenshot(&screenshots.join("chart-390x844-dark.png"));
    browser.dark(false);
    browser.viewport(1920, 1080);

    // The timelines, each on its slide, with a lane for every thread the evidence recorded: a
    // labelled lane per thread of each experiment whose threads left marks.
    let gil = reports.iter().find(|r| r["demo"] == "gil").unwrap();
    let handed_over = &claim(gil, "gil.handed_over_when_thread_finishes")["evidence"];
    let native = &claim(gil, "gil.released_by_native_code")["evidence"];
    let threads = handed_over["marks_ns"].as_array().unwrap().len();
    let experiments = 1 + ["burn", "hashlib"]
        .iter()
        .filter(|run| native[run]["marks_ns"].is_array())
        .count();
    let turns = timeline_on_its_slide(&mut browser, "gil-turns");
    for thread in 1..=threads {
        assert_eq!(
            turns.count(&format!("thread {thread}")),
            experiments,
            "{turns:?}"
        );
    }
    assert!(turns.rects >= threads * experiments, "{turns:?}");
    browser.screenshot(&screenshots.join("timeline-1920x1080.png"));
    let convoy = timeline_on_its_slide(&mut browser, "gil-convoy");
    assert_eq!(convoy.count("spinning thread"), 2, "{convoy:?}");
    assert_eq!(convoy.count("napping thread"), 2, "{convoy:?}");

    // Escape leaves: the document again, its address without the slide.
    browser.press(Key::Escape);
    let state = browser.state();
    assert_eq!(state["presenting"], false, "{state}");
    assert_eq!(state["hash"], "", "{state}");
    assert_eq!(
        browser.evaluate("document.getElementById('deck').hidden"),
        true
    );

    // A link to a slide opens the report on it.
    browser.open("about:blank");
    browser.open(&format!("file://{}#slides-{wanted}", report.display()));
    let state = browser.state();
    assert_eq!(
        (&state["presenting"], &state["slide"]),
        (&json!(true), &json!(wanted)),
        "{state}"
    );
    browser.viewport(390, 844);
    // One column: the code above what it printed, neither over the other.
    let columns = browser.evaluate(
        "(() => { const slide = document.querySelector('.slide.current'); \
         const code = slide.querySelector('.slide-code').getBoundingClientRect(); \
         const side = slide.querySelector('.slide-side').getBoundingClientRect(); \
         return {code_bottom: code.bottom, side_top: side.top}; })()",
    );
    assert!(
        columns["code_bottom"].as_f64().unwrap() <= columns["side_top"].as_f64().unwrap() + 1.0,
        "{columns}"
    );
    browser.screenshot(&screenshots.join("section-390x844.png"));

    // The page's script ran (it presented) and nothing else complained: no CSP violation, no
    // script error.
    let complaints = browser.complaints();
    assert!(complaints.is_empty(), "{complaints:#?}");

    for name in [
        "title-1920x1080.png",
        "section-1920x1080.png",
        "chart-1920x1080.png",
        "chart-390x844-dark.png",
        "section-390x844.png",
        "timeline-1920x1080.png",
    ] {
        let png = std::fs::read(screenshots.join(name)).unwrap();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "{name}");
    }
}

#[test]
fn the_event_loops_timelines_have_a_lane_per_task_on_their_slides_in_chromium() {
    if !extras::have(
        "the_event_loops_timelines_have_a_lane_per_task_on_their_slides_in_chromium",
        &[Extra::Chromium],
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("run.html");
    // Small workloads: the slides need the evidence's shape, not its precision.
    let output = pyconcepts()
        .args(["demo", "concurrency", "--json", "--report"])
        .arg(&report)
        .args([
            "--param",
            "work_ms=5",
            "--param",
            "repeats=1",
            "--param",
            "requests=6",
        ])
        .args(["--param", "delay_ms=20", "--param", "block_ms=60"])
        .args(["--param", "start_count=1"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reports = parse_reports(&String::from_utf8_lossy(&output.stdout));
    let blocking = &claim(&reports[0], "concurrency.blocking_call_stalls_event_loop")["evidence"];
    let ticking = blocking["heartbeats"].as_u64().unwrap() as usize;

    let mut browser = Browser::launch(&extras::chromium().expect("found just now"));
    browser.viewport(1920, 1080);
    browser.open(&format!("file://{}", report.display()));
    browser.press(Key::P);
    // Every request a lane on threads and one on the event loop.
    let requests = timeline_on_its_slide(&mut browser, "concurrency-io-timeline");
    for request in 1..=6 {
        assert_eq!(
            requests.count(&format!("request {request}")),
            2,
            "{requests:?}"
        );
    }
    assert!(requests.rects >= 2 * 6, "{requests:?}");
    // Each way of waiting: every ticking coroutine a lane, and the one that waits.
    let event_loop = timeline_on_its_slide(&mut browser, "concurrency-loop-timeline");
    for coroutine in 1..=ticking {
        assert_eq!(
            event_loop.count(&format!("coroutine {coroutine}")),
            3,
            "{event_loop:?}"
        );
    }
    assert_eq!(event_loop.count("the waiting one"), 3, "{event_loop:?}");
    let complaints = browser.complaints();
    assert!(complaints.is_empty(), "{complaints:#?}");
}

/// A timeline chart as its slide shows it: the text of each of its labels and its rectangles.
#[derive(Debug)]
struct Timeline {
    texts: Vec<String>,
    rects: usize,
}

impl Timeline {
    /// How many labels read exactly `text`.
    fn count(&self, text: &str) -> usize {
        self.texts.iter().filter(|t| *t == text).count()
    }
}

/// Opens the slide that shows the chart `name` (presenting already) and reads the chart there.
fn timeline_on_its_slide(browser: &mut Browser, name: &str) -> Timeline {
    let slide = browser
        .evaluate(&format!(
            "(() => {{ const figure = document.querySelector('#deck figure.slide-chart\
             [data-chart=\"{name}\"]'); return figure ? \
             Number(figure.closest('.slide').dataset.slide) : null; }})()"
        ))
        .as_u64()
        .unwrap_or_else(|| panic!("no slide shows the chart {name}"));
    browser.evaluate(&format!("location.hash = '#slides-{slide}'"));
    assert_eq!(browser.state()["slide"], slide);
    let read = browser.evaluate(&format!(
        "(() => {{ const svg = document.querySelector('.slide.current \
         figure.slide-chart[data-chart=\"{name}\"] svg'); return svg ? \
         {{texts: Array.from(svg.querySelectorAll('text')).map(t => t.textContent.trim()), \
         rects: svg.querySelectorAll('rect').length}} : null; }})()"
    ));
    assert!(
        read.is_object(),
        "the slide shows no SVG for {name}: {read}"
    );
    Timeline {
        texts: read["texts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_owned())
            .collect(),
        rects: read["rects"].as_u64().unwrap() as usize,
    }
}

/// Runs the dict-keys demo on `snippet` with `args`, writing an HTML report; returns its exit
/// code, its one JSON report, and the report's slides (each one's kind and markup).
fn run_with_report(snippet: &str, args: &[&str]) -> (Option<i32>, Value, Vec<(String, String)>) {
    let dir = snippets_dir_with(snippet);
    let report = dir.path().join("run.html");
    let output = pyconcepts()
        .args(["demo", "dict-keys", "--json", "--snippets-dir"])
        .arg(dir.path())
        .args(args)
        .arg("--report")
        .arg(&report)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let json = parse_reports(&String::from_utf8_lossy(&output.stdout)).remove(0);
    let html = std::fs::read_to_string(&report).unwrap();
    (output.status.code(), json, slides_of(&html))
}

/// The slides of a report, in order: each one's kind (its second class) and markup.
fn slides_of(html: &str) -> Vec<(String, String)> {
    let deck = &html[html.find("<div class=\"deck\"").expect("a deck")..];
    deck.split("<section class=\"slide ")
        .skip(1)
        .map(|slide| {
            let (kind, rest) = slide.split_once('"').unwrap();
            let end = rest.find("</section>").unwrap();
            (kind.to_owned(), rest[..end].to_owned())
        })
        .collect()
}

/// The markup of the last slide of a section.
fn last_section(slides: &[(String, String)]) -> &str {
    slides
        .iter()
        .rev()
        .find(|(kind, _)| kind == "slide-section")
        .map(|(_, slide)| slide.as_str())
        .expect("a section's slide")
}

fn kinds(slides: &[(String, String)]) -> Vec<&str> {
    slides.iter().map(|(kind, _)| kind.as_str()).collect()
}

#[test]
fn each_section_prints_on_its_own_slide_and_the_whole_output_is_unchanged() {
    let snippet = "EVIDENCE = {}\nprint('set up', end='')\n# %% First\nprint('one')\n\
                   EVIDENCE['hashable_keys'] = {'candidates': []}\n# %% Second\nprint('two')\n";
    let (code, json, slides) = run_with_report(snippet, &[]);
    assert_eq!(code, Some(0), "{json}");
    assert_eq!(
        json["output"], "set upone\ntwo\n",
        "the run's output, as one"
    );
    assert_eq!(
        kinds(&slides),
        [
            "slide-title",
            "slide-section",
            "slide-section",
            "slide-section",
            "slide-unrecorded"
        ]
    );
    // An unfinished line belongs to the section that printed it.
    assert!(
        slides[1].1.contains("<pre class=\"output\">set up</pre>"),
        "{}",
        slides[1].1
    );
    assert!(slides[2].1.contains("<pre class=\"output\">one</pre>"));
    assert!(slides[2]
        .1
        .contains("data-claim=\"dict_keys.hashable_keys\""));
    assert!(slides[3].1.contains("<pre class=\"output\">two</pre>"));
    assert!(!slides[3].1.contains("data-claim="));
}

#[test]
fn a_compile_time_warning_is_shown_once_by_the_section_it_belongs_to() {
    let snippet = "EVIDENCE = {}\nprint('first')\n# %% Second\nx = 1\nprint(x is 1)\n";
    let (code, json, slides) = run_with_report(snippet, &[]);
    assert_eq!(code, Some(0), "{json}");
    let output = json["output"].as_str().unwrap();
    assert_eq!(output.matches("SyntaxWarning").count(), 1, "{output}");
    assert!(output.contains("dict_keys.py:5: SyntaxWarning"), "{output}");
    assert!(slides[2].1.contains("SyntaxWarning"), "{}", slides[2].1);
    assert!(!slides[1].1.contains("SyntaxWarning"), "{}", slides[1].1);
}

#[test]
fn a_syntax_error_anywhere_still_stops_the_snippet_before_its_first_line() {
    let (code, json, slides) = run_with_report("print('first')\n# %% Later\ny = (\n", &[]);
    assert_eq!(code, Some(1));
    assert_eq!(json["error"]["type"], "SyntaxError", "{json}");
    assert_eq!(json["output"], "", "nothing ran");
    assert_eq!(kinds(&slides), ["slide-title", "slide-whole"]);
}

#[test]
fn sections_that_cannot_run_apart_run_whole() {
    // Each half compiles with the other only: the snippet runs as one piece, as python3 runs it.
    let snippet = "if len('x') == 2:\n    print('then')\n# %% The other branch\nelse:\n    \
                   print('else')\n";
    let (code, json, slides) = run_with_report(snippet, &[]);
    assert_eq!(code, Some(0), "{json}");
    assert_eq!(json["output"], "else\n", "{json}");
    assert_eq!(kinds(&slides), ["slide-title", "slide-whole"]);
}

#[test]
fn the_timeout_limits_the_whole_snippet_not_each_section() {
    // Four sections of 0.4 s each: none is past 1 s, the snippet is.
    let mut snippet = String::from("import time\nEVIDENCE = {}\n");
    for part in 1..=4 {
        snippet.push_str(&format!(
            "# %% Part {part}\nprint({part}, flush=True)\ntime.sleep(0.4)\n"
        ));
    }
    let (code, json, slides) = run_with_report(&snippet, &["--timeout", "1"]);
    assert_eq!(code, Some(1));
    assert_eq!(json["error"]["type"], "Timeout", "{json}");
    assert_eq!(
        json["error"]["message"],
        "ran past --timeout 1 s (stopped at line 11)"
    );
    assert_eq!(json["output"], "1\n2\n3\n");
    // The section slides end with the one that was stopped, with what it printed and why.
    let last = last_section(&slides);
    assert!(last.contains("<h2>Part 3</h2>"), "{last}");
    assert!(last.contains("<pre class=\"output\">3</pre>"), "{last}");
    assert!(last.contains("The snippet stopped: Timeout"), "{last}");
}

#[test]
fn ctrl_c_in_a_later_section_still_writes_the_report() {
    let dir = snippets_dir_with(
        "import time\nEVIDENCE = {}\n# %% Wait\nprint('ready', flush=True)\ntime.sleep(60)\n",
    );
    let report = dir.path().join("run.html");
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("pyconcepts"));
    command
        .env("NO_COLOR", "1")
        .args(["demo", "dict-keys", "--snippets-dir"])
        .arg(dir.path())
        .arg("--report")
        .arg(&report);
    let after = ctrl_c_when_ready(command);
    assert_eq!(after.status.code(), Some(130), "{}", after.stderr);
    let slides = slides_of(&std::fs::read_to_string(&report).unwrap());
    let last = last_section(&slides);
    assert!(
        last.contains("<h2>Wait</h2>") && last.contains(">ready</pre>"),
        "{last}"
    );
    assert!(
        last.contains("The snippet stopped: KeyboardInterrupt"),
        "{last}"
    );
}

/// The keys a presenter presses, as the DevTools protocol sends them.
#[derive(Clone, Copy)]
enum Key {
    P,
    Right,
    Left,
    Up,
    Down,
    PageUp,
    PageDown,
    Space,
    ShiftSpace,
    Home,
    End,
    Escape,
}

impl Key {
    /// `key`, `code`, Windows virtual key code, the text it types, and whether Shift is down.
    fn event(self) -> (&'static str, &'static str, u32, Option<&'static str>, bool) {
        match self {
            Key::P => ("p", "KeyP", 80, Some("p"), false),
            Key::Right => ("ArrowRight", "ArrowRight", 39, None, false),
            Key::Left => ("ArrowLeft", "ArrowLeft", 37, None, false),
            Key::Up => ("ArrowUp", "ArrowUp", 38, None, false),
            Key::Down => ("ArrowDown", "ArrowDown", 40, None, false),
            Key::PageUp => ("PageUp", "PageUp", 33, None, false),
            Key::PageDown => ("PageDown", "PageDown", 34, None, false),
            Key::Space => (" ", "Space", 32, Some(" "), false),
            Key::ShiftSpace => (" ", "Space", 32, Some(" "), true),
            Key::Home => ("Home", "Home", 36, None, false),
            Key::End => ("End", "End", 35, None, false),
            Key::Escape => ("Escape", "Escape", 27, None, false),
        }
    }
}

/// What the page shows, read in one evaluation.
const STATE: &str = r##"(() => {
  const slide = document.querySelector("#deck .slide.current");
  const text = (selector) => { const node = slide && slide.querySelector(selector); return node ? node.textContent : null; };
  const firstLine = slide && slide.querySelector("pre.code .line[data-line]");
  return {
    presenting: document.body.classList.contains("presenting"),
    counter: document.getElementById("deck-counter").textContent,
    hash: location.hash,
    slide: slide ? Number(slide.dataset.slide) : null,
    demo: slide ? slide.dataset.demo : null,
    kind: slide ? slide.classList[1] : null,
    heading: text("h2"),
    text: slide ? slide.textContent : null,
    code: text("pre.code"),
    first_code_line: firstLine ? Number(firstLine.dataset.line) : null,
    output: text("pre.output"),
    verdicts: slide ? Array.from(slide.querySelectorAll("ul.verdicts li")).map((li) => (
      {claim: li.dataset.claim, verdict: li.querySelector(".badge").textContent})) : [],
  };
})()"##;

/// A headless Chromium driven over its DevTools pipe, with one page. Dropping it kills the
/// browser and everything it started (its process group), then removes its profile, whether
/// the test passed, failed or timed out.
struct Browser {
    child: Child,
    commands: File,
    answers: Receiver<Value>,
    /// Messages that answered nothing: the page's events (its console, its errors).
    events: Vec<Value>,
    next_id: u64,
    session: String,
    log: PathBuf,
    /// Removed after `drop` killed the browser: fields drop after it.
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch(chromium: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let log = profile.path().join("chromium.log");
        // Ours to write, the browser's to read (its fd 3); the browser's to write, ours to
        // read (its fd 4). Close-on-exec, so no other child inherits them.
        let (to_browser_read, to_browser_write) = pipe();
        let (from_browser_read, from_browser_write) = pipe();
        let mut command = Command::new(chromium);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
                "--enable-logging=stderr",
                "--v=0",
            ])
            .arg(format!(
                "--user-data-dir={}",
                profile.path().join("data").display()
            ))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(File::create(&log).unwrap())
            .process_group(0);
        // SAFETY: between fork and exec only fcntl and dup2, which are async-signal-safe. The
        // descriptors are first copied above 10, so that neither is 3 or 4 when dup2 puts them
        // there (dup2 onto itself would keep close-on-exec); the copies are inheritable.
        unsafe {
            command.pre_exec(move || {
                let read = libc::fcntl(to_browser_read, libc::F_DUPFD, 10);
                let write = libc::fcntl(from_browser_write, libc::F_DUPFD, 10);
                if read < 0 || write < 0 || libc::dup2(read, 3) < 0 || libc::dup2(write, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("chromium starts");
        // SAFETY: the browser's ends, now copied into it, are ours to close once.
        unsafe {
            libc::close(to_browser_read);
            libc::close(from_browser_write);
        }
        // SAFETY: fresh descriptors from pipe(), owned by nothing else.
        let commands = unsafe { File::from_raw_fd(to_browser_write) };
        let replies = unsafe { File::from_raw_fd(from_browser_read) };
        let (sender, answers) = mpsc::channel();
        std::thread::spawn(move || {
            // Messages are NUL-terminated JSON; the thread ends with the browser.
            for message in BufReader::new(replies).split(0).map_while(Result::ok) {
                let Ok(message) = serde_json::from_slice::<Value>(&message) else {
                    break;
                };
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut browser = Browser {
            child,
            commands,
            answers,
            events: Vec::new(),
            next_id: 0,
            session: String::new(),
            log,
            _profile: profile,
        };
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}));
        let attached = browser.call(
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        browser.session = attached["sessionId"].as_str().unwrap().to_owned();
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            browser.call(domain, json!({}));
        }
        browser
    }

    /// Sends a command (to the page, once attached) and waits for its answer.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if !self.session.is_empty() {
            message["sessionId"] = json!(self.session);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.commands.write_all(&bytes).expect("the browser reads");
        let deadline = Instant::now() + ANSWER_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.answers.recv_timeout(left) {
                Ok(answer) if answer["id"] == id => {
                    assert!(
                        answer.get("error").is_none(),
                        "{method}: {}",
                        answer["error"]
                    );
                    return answer["result"].clone();
                }
                Ok(event) => self.events.push(event),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "{method}: no answer in {ANSWER_TIMEOUT:?}; the browser's log:\n{}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "{method}: the browser went away; its log:\n{}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                ),
            }
        }
    }

    /// The value of a JavaScript expression in the page.
    fn evaluate(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {}",
            result["exceptionDetails"]
        );
        result["result"]["value"].clone()
    }

    fn state(&mut self) -> Value {
        self.evaluate(STATE)
    }

    /// Loads `url` and waits until the page and its script have run.
    fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
        let deadline = Instant::now() + ANSWER_TIMEOUT;
        while self.evaluate("document.readyState") != "complete"
            || self.evaluate("location.href") != url
        {
            assert!(Instant::now() < deadline, "{url} did not load");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn press(&mut self, key: Key) {
        let (name, code, key_code, text, shift) = key.event();
        let modifiers = if shift { 8 } else { 0 };
        for kind in ["keyDown", "keyUp"] {
            let mut event = json!({"type": kind, "key": name, "code": code,
                                    "windowsVirtualKeyCode": key_code, "modifiers": modifiers});
            if let (Some(text), "keyDown") = (text, kind) {
                event["text"] = json!(text);
            }
            self.call("Input.dispatchKeyEvent", event);
        }
    }

    fn viewport(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}),
        );
        // The page refits the slide on resize; let it.
        self.evaluate("new Promise((done) => requestAnimationFrame(() => done(true)))");
    }

    fn dark(&mut self, dark: bool) {
        let scheme = if dark { "dark" } else { "light" };
        self.call(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
    }

    fn screenshot(&mut self, path: &Path) {
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap())
            .unwrap();
        std::fs::write(path, png).unwrap();
    }

    /// What the page logged as an error or warning, and its uncaught exceptions.
    fn complaints(&self) -> Vec<&Value> {
        self.events
            .iter()
            .filter(|event| match event["method"].as_str() {
                Some("Runtime.exceptionThrown") => true,
                Some("Log.entryAdded") => {
                    matches!(
                        event["params"]["entry"]["level"].as_str(),
                        Some("error" | "warning")
                    )
                }
                Some("Runtime.consoleAPICalled") => {
                    matches!(event["params"]["type"].as_str(), Some("error" | "warning"))
                }
                _ => false,
            })
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Ok(group) = i32::try_from(self.child.id()) {
            // SAFETY: kill(2) with a negative pid signals the group that spawn created for
            // the browser (process_group(0)); it touches no memory.
            unsafe {
                libc::kill(-group, libc::SIGKILL);
            }
        }
        let _ = self.child.wait();
    }
}

/// A pipe whose two ends close on exec: (read, write).
fn pipe() -> (RawFd, RawFd) {
    let mut ends = [0; 2];
    // SAFETY: pipe2 writes two descriptors into the array it is given.
    let status = unsafe { libc::pipe2(ends.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(status, 0, "pipe2: {}", std::io::Error::last_os_error());
    (ends[0], ends[1])
}
