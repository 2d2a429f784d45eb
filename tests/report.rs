//! `demo --report FILE`: the files it writes, and the HTML report as a real browser (headless
//! Chromium) renders it, at a desktop's width and at a phone's.

mod common;

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::extras::{self, Extra};
use common::pyconcepts;
use predicates::prelude::*;
use serde_json::Value;

/// Small workloads for the gil demo: these tests need the evidence's shape, not its precision.
const GIL_QUICK: &[&str] = &[
    "--quiet",
    "--param",
    "work_ms=20",
    "--param",
    "probe_timeout=0.1",
];

/// The same for the scalability and concurrency demos (`repeats` and `workers` are parameters
/// of both).
const SCALABILITY_CONCURRENCY_QUICK: &[&str] = &[
    "--quiet",
    "--param",
    "work_ms=1",
    "--param",
    "max_n=1000",
    "--param",
    "colliding_max_n=1000",
    "--param",
    "repeats=3",
    "--param",
    "repeat_ms=1",
    "--param",
    "workers=2",
    "--param",
    "engines=dask",
    "--param",
    "requests=4",
    "--param",
    "delay_ms=20",
    "--param",
    "block_ms=20",
    "--param",
    "start_count=1",
];

/// Longest a headless Chromium may take to load and dump a local page.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(30);

#[test]
fn the_html_report_renders_in_chromium_with_its_charts_at_desktop_and_phone_widths() {
    // The gil demo's chart is drawn like concurrency's bars; its evidence is checked by the
    // Markdown test, which runs it at the same time.
    // CHROMIUM may name a Chromium or Chrome binary instead.
    if !extras::have("the_html_report_renders_in_chromium", &[Extra::Chromium]) {
        return;
    }
    let chromium = extras::chromium().expect("found just now");
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("run.html");
    let started = Instant::now();
    pyconcepts()
        .args(["demo", "scalability", "concurrency"])
        .args(SCALABILITY_CONCURRENCY_QUICK)
        .arg("--report")
        .arg(&report)
        .assert()
        .success()
        .stderr(predicate::str::contains("report written to"));
    let demos_took = started.elapsed();

    // A page of ours (no CSP) frames the report twice and measures what the browser laid out.
    std::fs::write(dir.path().join("probe.html"), PROBE).unwrap();
    let started = Instant::now();
    let (dom, log) = dump_dom(&chromium, dir.path(), "probe.html");
    eprintln!(
        "demos {:.1} s, chromium {:.1} s, report {} bytes",
        demos_took.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&report).unwrap().len()
    );
    let result = probe_result(&dom);

    // Loaded without complaints: no CSP violation, no error, from the report.
    let complaints: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("CONSOLE") && line.contains("run.html"))
        .collect();
    assert!(complaints.is_empty(), "{complaints:#?}");

    for (frame, width) in [("desktop", 1000.0), ("phone", 390.0)] {
        let page = &result[frame];
        assert!(page.is_object(), "{frame}: {result}");
        assert_eq!(
            page["title"], "pyconcepts report: scalability, concurrency",
            "{frame}"
        );
        // The page's own script (its slides) and no other: the output stayed text.
        assert_eq!(page["scripts"], 1, "{frame}: output must stay text");
        // Nothing wider than the screen: no sideways scrolling on a phone.
        let client = page["clientWidth"].as_f64().unwrap();
        assert!(client > 0.0 && client <= width, "{frame}: {page}");
        assert!(
            page["scrollWidth"].as_f64().unwrap() <= client,
            "{frame} scrolls sideways: {page}"
        );
        let charts = page["charts"].as_array().unwrap();
        let names: Vec<&str> = charts
            .iter()
            .map(|chart| chart["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "complexity",
                "scalability-engines",
                "concurrency-cpu",
                "concurrency-io",
                "concurrency-io-timeline",
                "concurrency-loop-timeline"
            ],
            "{frame}"
        );
        for chart in charts {
            let number = |key: &str| chart[key].as_f64().unwrap();
            let name = chart["name"].as_str().unwrap();
            // Drawn at a size someone can read: the chart's width, or the phone's.
            assert!(
                number("width") >= 300.0 && number("width") <= client,
                "{frame} {name}: {chart}"
            );
            assert!(number("height") >= 200.0, "{frame} {name}: {chart}");
            assert!(number("texts") >= 5.0, "{frame} {name}: no labels: {chart}");
            // Every data mark is an element of the SVG the browser built.
            let marks = number("marks");
            let drawn = if name == "complexity" {
                number("circles")
            } else {
                number("rects")
            };
            // The engines chart has a row of two bars for the pool and one for Dask (the only
            // engine run here, when it is installed); every other chart has eight marks or more.
            let fewest = if name == "scalability-engines" {
                2.0
            } else {
                8.0
            };
            assert!(marks >= fewest && drawn >= marks, "{frame} {name}: {chart}");
        }
    }
}

#[test]
fn markdown_gets_its_charts_as_svg_files_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("gil run.md");
    pyconcepts()
        .args(["demo", "gil"])
        .args(GIL_QUICK)
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let markdown = std::fs::read_to_string(&report).unwrap();
    let svg = std::fs::read_to_string(dir.path().join("gil run-gil.svg")).unwrap();
    assert!(markdown.contains("](gil%20run-gil.svg)"), "{markdown}");
    assert!(
        markdown.contains("## Question 5 · What is the GIL"),
        "{markdown}"
    );
    assert!(markdown.contains("```python\n"), "the snippet");
    assert!(
        markdown.contains("### What it printed\n\n```"),
        "the output"
    );
    assert!(markdown.contains("#### 🟢 CONFIRMED · `gil.build_has_gil`"));
    assert!(svg.starts_with("<svg") && svg.contains("CPython: pure-Python loop"));
    // The timelines too, each with its lanes.
    for (name, lane) in [("turns", "\nthread 2\n"), ("convoy", "\nnapping thread\n")] {
        let file = format!("gil run-gil-{name}.svg");
        let svg = std::fs::read_to_string(dir.path().join(&file)).unwrap();
        assert!(markdown.contains(&file.replace(' ', "%20")), "{markdown}");
        assert!(
            svg.starts_with("<svg") && svg.contains(lane),
            "{file}: {svg}"
        );
    }
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(files, 4, "the report and three charts");
}

#[test]
fn a_failed_demo_is_still_reported_with_its_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dict_keys.py"),
        "print('a < b & c')\nEVIDENCE = {}\n1 / 0\n",
    )
    .unwrap();
    let report = dir.path().join("failed.html");
    pyconcepts()
        .arg("--snippets-dir")
        .arg(dir.path())
        .args(["demo", "dict-keys", "--report"])
        .arg(&report)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("ZeroDivisionError"));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains("The snippet stopped: ZeroDivisionError"),
        "{html}"
    );
    assert!(html.contains("a &lt; b &amp; c"), "{html}");
    assert!(html.contains("<span class=\"badge skipped\">skipped</span>"));
}

#[test]
fn the_extension_or_directory_of_a_report_is_checked_before_python_starts() {
    for (path, message) in [
        ("out.pdf", "must end in .html or .md"),
        (
            "/nonexistent/dir/out.html",
            "there is no directory /nonexistent/dir",
        ),
    ] {
        pyconcepts()
            .args(["demo", "gil", "--report", path])
            // Any start of the interpreter would fail with this: the check must come first.
            .env("PYTHONHOME", "/nonexistent")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
}

/// `$CHROMIUM`, or the first Chromium or Chrome on `PATH`.
/// Kills a process and everything it started (its process group) when dropped, so that no
/// browser process outlives the test, whether it passed, failed or timed out.
struct ProcessGroup(Child);

impl ProcessGroup {
    fn kill(&mut self) {
        let Ok(group) = i32::try_from(self.0.id()) else {
            return;
        };
        // SAFETY: kill(2) with a negative pid signals the group that spawn created for this
        // child (process_group(0)); it touches no memory.
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
        let _ = self.0.wait();
    }
}

impl Drop for ProcessGroup {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Loads `page` (a file in `dir`) in a fresh headless Chromium profile; returns the DOM it
/// dumped after the load event, and its log.
fn dump_dom(chromium: &Path, dir: &Path, page: &str) -> (String, String) {
    let dom_path = dir.join("dom.html");
    let log_path = dir.join("chromium.log");
    let child = Command::new(chromium)
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
            // Lets the probe page look into the frames; the report itself runs no script.
            "--allow-file-access-from-files",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", dir.join(page).display()))
        .stdin(Stdio::null())
        .stdout(File::create(&dom_path).unwrap())
        .stderr(File::create(&log_path).unwrap())
        .process_group(0)
        .spawn()
        .expect("chromium starts");
    let mut browser = ProcessGroup(child);
    let deadline = Instant::now() + CHROMIUM_TIMEOUT;
    loop {
        match browser.0.try_wait().expect("waiting for chromium") {
            Some(_) => break,
            None if Instant::now() > deadline => {
                browser.kill();
                panic!(
                    "chromium took longer than {CHROMIUM_TIMEOUT:?}; its log:\n{}",
                    std::fs::read_to_string(&log_path).unwrap_or_default()
                );
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    // Helpers it left behind, if any, go with it.
    browser.kill();
    (
        std::fs::read_to_string(&dom_path).unwrap(),
        std::fs::read_to_string(&log_path).unwrap_or_default(),
    )
}

/// The JSON the probe page wrote into its `<pre id="result">`.
fn probe_result(dom: &str) -> Value {
    let start = dom
        .find("<pre id=\"result\">")
        .unwrap_or_else(|| panic!("no result in the dumped DOM:\n{dom}"))
        + "<pre id=\"result\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{err}: {text}"))
}

/// Frames `run.html` at a desktop's width and a phone's, and records, after everything loaded,
/// what the browser made of each: the SVG charts' laid-out sizes and elements, and whether the
/// page scrolls sideways.
const PROBE: &str = r#"<!DOCTYPE html>
<html><body>
<iframe id="desktop" src="run.html" style="width:1000px;height:700px"></iframe>
<iframe id="phone" src="run.html" style="width:390px;height:700px"></iframe>
<pre id="result">not loaded</pre>
<script>
window.addEventListener("load", () => {
  const result = {};
  for (const frame of ["desktop", "phone"]) {
    const doc = document.getElementById(frame).contentDocument;
    if (!doc) { result[frame] = "the frame could not be read"; continue; }
    const charts = [...doc.querySelectorAll("figure.chart")].map((figure) => {
      const svg = figure.querySelector("svg");
      const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
      const count = (selector) => svg ? svg.querySelectorAll(selector).length : 0;
      return {name: figure.dataset.chart, marks: Number(figure.dataset.marks),
              width: box.width, height: box.height, circles: count("circle"),
              rects: count("rect"), texts: count("text")};
    });
    result[frame] = {title: doc.title, charts, scripts: doc.querySelectorAll("script").length,
                     clientWidth: doc.documentElement.clientWidth,
                     scrollWidth: doc.documentElement.scrollWidth};
  }
  document.getElementById("result").textContent = JSON.stringify(result);
});
</script>
</body></html>
"#;
