//! The HTML report as slides, for a projector: the same page turned into a deck by a key (`p`),
//! a button, or the address (`#slides`, `#slides-7`). Per demo, a title slide with its tally,
//! then one slide per `# %%` section of its snippet (its code, what it printed, the charts it
//! completed and the verdicts of the claims it recorded), and the verdict matrix of `--on` runs.
//!
//! The slides are markup written here, like the rest of the page; the page's one script only
//! shows one at a time and moves between them. The Content-Security-Policy lets that script
//! run by its SHA-256 ([`script_source`]), and no other.

use std::fmt::Write as _;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::charts::{Chart, Charts};
use super::html_text::{escape, prose, tally};
use super::{
    code, duration_label, gil_words, implementation_name, on_label, printable, ReportContext,
};
use crate::figures::Drawn;
use crate::report::{Claim, Report, SectionRun};

/// The page's script: presentation mode. Keys: `p` presents (and leaves), →/↓/Page Down/space
/// next, ←/↑/Page Up/Shift+space previous, Home/End first/last, Escape leaves. It keeps the
/// slide in the address (`#slides-N`), so a reload, or a link, opens that slide; a slide whose
/// code or output is too tall for the screen gets smaller type until it fits (down to a floor).
pub const SCRIPT: &str = r##"
(function () {
  "use strict";
  var deck = document.getElementById("deck");
  if (!deck) { return; }
  var slides = Array.prototype.slice.call(deck.querySelectorAll(".slide"));
  var counter = document.getElementById("deck-counter");
  var button = document.getElementById("present");
  var current = 0;
  document.documentElement.classList.add("scripted");
  function address(fragment) {
    try { history.replaceState(null, "", fragment || location.pathname + location.search); }
    catch (ignored) { /* a page whose address cannot change still presents */ }
  }
  var portrait = window.matchMedia("(max-aspect-ratio: 1/1)");
  // Smaller type, 5 % at a time down to 60 %, until `fits`: a line too long for its block
  // shrinks that block alone, a column too tall for the screen the whole column. A portrait
  // screen scrolls the slide instead: smaller type would not be read there.
  function shrink(node, property, fits) {
    node.style.removeProperty(property);
    for (var size = 95; !portrait.matches && size >= 60 && !fits(node); size -= 5) {
      node.style.setProperty(property, property === "font-size" ? size + "%" : size / 100);
    }
  }
  function fit(slide) {
    slide.querySelectorAll(".fit").forEach(function (box) {
      box.style.removeProperty("font-size");
      box.querySelectorAll("pre").forEach(function (pre) {
        shrink(pre, "--shrink", function (node) { return node.scrollWidth <= node.clientWidth + 1; });
      });
      shrink(box, "font-size", function (node) { return node.scrollHeight <= node.clientHeight + 1; });
    });
  }
  // The slides' code and charts are the document's own, copied in when first presented: the
  // page carries each once.
  var filled = false;
  function fill() {
    if (filled) { return; }
    filled = true;
    deck.querySelectorAll("pre[data-code]").forEach(function (pre) {
      var source = document.getElementById(pre.getAttribute("data-code"));
      if (!source) { return; }
      var lines = source.querySelectorAll(".line");
      var code = document.createElement("code");
      pre.getAttribute("data-lines").split(",").forEach(function (range) {
        var ends = range.split("-").map(Number);
        for (var n = ends[0]; n <= (ends[1] || ends[0]) && n <= lines.length; n++) {
          var line = lines[n - 1].cloneNode(true);
          line.setAttribute("data-line", String(n));
          code.appendChild(line);
          code.appendChild(document.createTextNode("\n"));
        }
      });
      pre.appendChild(code);
    });
    deck.querySelectorAll("figure[data-from]").forEach(function (figure) {
      var source = document.getElementById(figure.getAttribute("data-from"));
      if (!source) { return; }
      Array.prototype.forEach.call(source.children, function (part) {
        figure.appendChild(part.cloneNode(true));
      });
    });
  }
  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) {
      slide.classList.toggle("current", i === current);
      slide.setAttribute("aria-hidden", i === current ? "false" : "true");
    });
    counter.textContent = "[" + (current + 1) + "/" + slides.length + "]";
    slides[current].scrollTop = 0;
    fit(slides[current]);
    address("#slides-" + (current + 1));
  }
  function presenting() { return document.body.classList.contains("presenting"); }
  function present(index) {
    fill();
    document.body.classList.add("presenting");
    deck.hidden = false;
    show(index);
    deck.focus();
  }
  function leave() {
    document.body.classList.remove("presenting");
    deck.hidden = true;
    address("");
    if (button) { button.focus(); }
  }
  function fromAddress() {
    var wanted = /^#slides(?:-(\d+))?$/.exec(location.hash);
    if (wanted) { present(wanted[1] ? Number(wanted[1]) - 1 : 0); }
  }
  var moves = {
    ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1,
    ArrowLeft: -1, ArrowUp: -1, PageUp: -1
  };
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = event.key;
    if (!presenting()) {
      if ((key === "p" || key === "P") && !/^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) {
        event.preventDefault();
        present(0);
      }
      return;
    }
    if (key === "Escape" || key === "p" || key === "P") { leave(); }
    else if (key === "Home") { show(0); }
    else if (key === "End") { show(slides.length - 1); }
    else if (moves[key]) { show(current + (key === " " && event.shiftKey ? -1 : moves[key])); }
    else { return; }
    event.preventDefault();
  });
  deck.addEventListener("click", function (event) {
    var go = event.target.closest("[data-go]");
    if (!go) { return; }
    var where = go.getAttribute("data-go");
    if (where === "leave") { leave(); } else { show(current + Number(where)); }
  });
  window.addEventListener("resize", function () { if (presenting()) { fit(slides[current]); } });
  window.addEventListener("hashchange", fromAddress);
  if (button) { button.addEventListener("click", function () { present(0); }); }
  fromAddress();
})();
"##;

/// The `script-src` source that lets exactly [`SCRIPT`] run: `'sha256-<base64 digest>'`.
pub fn script_source() -> String {
    let digest = Sha256::digest(SCRIPT.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The deck's look: large type sized by the screen (about 33 px on a 1920×1080 projector), two
/// columns on a landscape screen and one on a portrait one.
pub const STYLE: &str = r#"
.present{display:none}
.scripted .present{display:inline-flex}
button.present{align-items:center;gap:.4em;font:inherit;font-weight:600;color:var(--ink);background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:.35em .8em;cursor:pointer;margin:.4rem 0}
a.present{font-size:.85rem;margin-left:.4rem}
kbd{font:inherit;font-size:.85em;border:1px solid var(--line);border-bottom-width:2px;border-radius:4px;padding:0 .3em}
body.presenting{overflow:hidden}
body.presenting .page{display:none}
.deck{position:fixed;inset:0;z-index:10;background:var(--bg);color:var(--ink);font-size:clamp(16px,calc(1vw + 1.3vh),46px);line-height:1.35;outline:none}
.deck[hidden]{display:none}
.slide{display:none;position:absolute;inset:0 0 2.4em 0;padding:.9em 1.5em .5em;overflow:auto;flex-direction:column;gap:.5em}
.slide.current{display:flex}
.slide h2{font-size:1.45em;line-height:1.15;margin:0}
.slide h3{font-size:.75em;margin:0 0 .25em;color:var(--muted);text-transform:uppercase;letter-spacing:.06em}
.slide .eyebrow{font-size:.6em}
.slide .meta{font-size:.7em;margin:0}
.slide code{font-size:.9em}
.slide pre{font-size:calc(.7em * var(--shrink,1));line-height:1.35;margin:0;padding:.5em .7em;flex:none}
.slide-title{justify-content:center;padding-left:3em;padding-right:3em}
.slide-title h2{font-size:2.1em}
.slide-title .tally{gap:.4em;margin:.4em 0}
.slide-title .badge{font-size:.9em;padding:.1em .7em}
.slide-body{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:.6em 1.2em;flex:1 1 auto;min-height:0}
.slide-body>*{min-height:0;overflow:auto;display:flex;flex-direction:column;gap:.5em}
.slide-body.single{grid-template-columns:minmax(0,1fr)}
.slide ol.choices{margin:.2em 0 0 1.4em;padding:0;font-size:.8em}
ul.verdicts{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:.4em}
ul.verdicts li{border:1px solid var(--line);border-left:.35em solid var(--verdict);border-radius:8px;padding:.35em .6em}
ul.verdicts .badge{font-size:.65em;vertical-align:.1em}
ul.verdicts .id{font-size:.6em;background:none;padding:0;color:var(--muted)}
ul.verdicts .statement{font-size:.8em;margin:.15em 0 0}
ul.verdicts .explanation{font-size:.62em;margin:.2em 0 0;color:var(--muted)}
.slide figure.slide-chart{margin:0;border:1px solid var(--line);border-radius:8px;padding:.3em;background:#fff}
.slide figure.slide-chart svg{display:block;width:auto;max-width:100%;height:15em;margin:0 auto}
.slide figure.slide-chart figcaption{font-size:.55em;color:#59636e}
.slide .error{font-size:.75em;margin:0}
.slide .nothing{font-size:.75em;color:var(--muted);margin:0}
.matrix-slide table{font-size:.75em;border-collapse:collapse}
.matrix-slide .badge{font-size:.75em}
.matrix-slide th,.matrix-slide td{text-align:left;padding:.2em .5em;border-bottom:1px solid var(--line)}
.matrix-slide .why td{color:var(--muted);font-size:.8em}
.deck-bar{position:absolute;left:0;right:0;bottom:0;height:2.4em;display:flex;align-items:center;gap:.5em;padding:0 1.5em;border-top:1px solid var(--line);font-size:.6em;color:var(--muted)}
.deck-bar button{font:inherit;color:var(--ink);background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.15em .6em;cursor:pointer}
.deck-bar .counter{margin-left:auto;font-variant-numeric:tabular-nums;font-weight:700;color:var(--ink)}
@media (max-aspect-ratio:1/1){.slide-body{grid-template-columns:minmax(0,1fr);flex:none}.slide figure.slide-chart svg{width:100%;height:auto}.slide-body>*{overflow:visible;min-height:auto}.slide{padding:.7em .8em .5em}.slide-title{padding-left:1em;padding-right:1em}.deck-bar .keys{display:none}}
@media print{.deck,.present{display:none!important}body.presenting .page{display:block}}
"#;

/// What the slides show of one report's run.
pub struct DemoSlides<'a> {
    pub report: &'a Report,
    /// The prefix of the ids of its elements in the document (`code-<anchor>`, the highlighted
    /// snippet, and `chart-<anchor>-<name>`, its charts), which its slides copy.
    pub anchor: &'a str,
    /// Whether the document shows its snippet (`code-<anchor>`); otherwise the slides carry
    /// their own code.
    pub code_in_document: bool,
    /// Its sections as they ran; empty for a run that recorded none (another interpreter's).
    pub sections: &'a [SectionRun],
    /// Each of its figures, drawn alone (see [`ReportContext::figures`]).
    pub charts: &'a [Charts],
    /// For each of those, the section whose slide shows it (see [`place_figures`]).
    pub figure_sections: &'a [usize],
    /// The verdict matrix (its table) to show after this run, when the run is the last of an
    /// embedded run and its `--on` runs.
    pub matrix: Option<String>,
}

/// The slides of a page, as markup.
pub struct Deck {
    /// Every demo's slides, hidden until presented, and the bar with the counter and the
    /// buttons that move between them.
    pub html: String,
    /// The number (1-based) of each demo's title slide, in the reports' order: where the
    /// document's "Present" links start.
    pub title_slides: Vec<usize>,
}

/// The deck of `demos`.
pub fn deck(demos: &[DemoSlides<'_>], context: &ReportContext<'_>) -> Deck {
    let mut slides = Vec::new();
    let mut title_slides = Vec::new();
    for demo in demos {
        title_slides.push(slides.len() + 1);
        demo_slides(&mut slides, demo, context);
    }
    let total = slides.len();
    let mut html = String::from(
        "<div class=\"deck\" id=\"deck\" role=\"region\" aria-label=\"Slides\" tabindex=\"-1\" \
         hidden>\n",
    );
    for (index, slide) in slides.iter().enumerate() {
        let _ = write!(
            html,
            "<section class=\"slide {kind}\" data-slide=\"{number}\" data-demo=\"{demo}\" \
             aria-roledescription=\"slide\" aria-label=\"{number} of {total}\">\n{body}</section>\n",
            kind = slide.kind,
            number = index + 1,
            demo = escape(slide.demo),
            body = slide.body,
        );
    }
    html.push_str(
        "<div class=\"deck-bar\"><button type=\"button\" data-go=\"-1\" aria-label=\"Previous \
         slide\">←</button><button type=\"button\" data-go=\"1\" aria-label=\"Next slide\">→\
         </button><button type=\"button\" data-go=\"leave\">Leave</button><span class=\"keys\">\
         ← → Page Up/Down, space: move · Home/End · Esc: back to the report</span>\
         <span class=\"counter\" id=\"deck-counter\" aria-live=\"polite\"></span></div>\n</div>\n",
    );
    Deck { html, title_slides }
}

/// One slide: its kind (a class), its demo, its markup.
struct Slide {
    kind: &'static str,
    demo: &'static str,
    body: String,
}

fn demo_slides(slides: &mut Vec<Slide>, demo: &DemoSlides<'_>, context: &ReportContext<'_>) {
    let report = demo.report;
    let name = report.demo;
    slides.push(Slide {
        kind: "slide-title",
        demo: name,
        body: title_slide(demo, context),
    });
    if demo.sections.is_empty() {
        let figures: Vec<&Chart> = demo.charts.iter().flat_map(|c| &c.drawn).collect();
        let notes: Vec<&String> = demo.charts.iter().flat_map(|c| &c.left_out).collect();
        let claims: Vec<&Claim> = report.claims.iter().collect();
        slides.push(Slide {
            kind: "slide-whole",
            demo: name,
            body: whole_run_slide(demo, &claims, &figures, &notes),
        });
    }
    let last_section = demo.sections.len().saturating_sub(1);
    for (index, section) in demo.sections.iter().enumerate() {
        // A figure nobody placed goes where every figure is complete: the last section.
        let placed = |figure: usize| demo.figure_sections.get(figure).copied();
        let here: Vec<&Charts> = (0..demo.charts.len())
            .filter(|&figure| placed(figure).unwrap_or(last_section) == index)
            .map(|figure| &demo.charts[figure])
            .collect();
        let claims: Vec<&Claim> = report
            .claims
            .iter()
            .filter(|claim| recorded(section, claim))
            .collect();
        let last = index == last_section;
        slides.push(Slide {
            kind: "slide-section",
            demo: name,
            body: section_slide(
                demo,
                section,
                index,
                demo.sections.len(),
                &claims,
                &here,
                last,
            ),
        });
    }
    let unrecorded: Vec<&Claim> = report
        .claims
        .iter()
        .filter(|claim| !demo.sections.iter().any(|section| recorded(section, claim)))
        .collect();
    if !demo.sections.is_empty() && !unrecorded.is_empty() {
        let mut body = slide_head(
            &format!("Question {} · {}", report.question, report.demo),
            "Claims no section recorded",
        );
        body.push_str("<div class=\"slide-body single\"><div class=\"fit\">");
        verdict_list(&mut body, &unrecorded);
        body.push_str("</div></div>\n");
        slides.push(Slide {
            kind: "slide-unrecorded",
            demo: name,
            body,
        });
    }
    if let Some(table) = &demo.matrix {
        let mut body = slide_head(
            &format!("Question {} · {}", report.question, report.demo),
            &format!("{} across interpreters", report.demo),
        );
        let _ = writeln!(
            body,
            "<div class=\"slide-body single\"><div class=\"fit\">{table}</div></div>"
        );
        slides.push(Slide {
            kind: "matrix-slide",
            demo: name,
            body,
        });
    }
}

fn title_slide(demo: &DemoSlides<'_>, context: &ReportContext<'_>) -> String {
    let report = demo.report;
    let sections = match demo.sections.len() {
        0 => String::new(),
        1 => " · 1 section".to_owned(),
        n => format!(" · {n} sections"),
    };
    let mut html = format!(
        "<span class=\"eyebrow\">Question {number}{on}</span>\n<h2>{title}</h2>\n\
         <p class=\"tally\">{tally}</p>\n\
         <p class=\"meta\">Demo <code>{name}</code> · {implementation} {version}, {gil} · Python \
         ran {duration}{sections}</p>\n<p class=\"meta\">{date}</p>\n",
        number = report.question,
        on = escape(&on_label(report)),
        title = escape(report.title),
        tally = tally(report),
        name = escape(report.demo),
        implementation = escape(&implementation_name(&report.python)),
        version = escape(&report.python.version),
        gil = gil_words(&report.python),
        duration = duration_label(report.duration_ms),
        date = escape(&context.date),
    );
    if let Some(error) = &report.error {
        let _ = writeln!(
            html,
            "<p class=\"error\" role=\"alert\">The snippet stopped: {}</p>",
            escape(&error.headline())
        );
    }
    html
}

/// Whether `section` recorded (added or changed) the evidence of `claim`: its slide shows the
/// claim's verdict, as `--step` shows it after each section that recorded it.
fn recorded(section: &SectionRun, claim: &Claim) -> bool {
    let key = claim_key(claim);
    section.evidence_keys.iter().any(|recorded| recorded == key)
}

/// The `EVIDENCE` key of a claim: its id without the demo's prefix.
fn claim_key(claim: &Claim) -> &str {
    claim.id.split_once('.').map_or(claim.id, |(_, key)| key)
}

fn slide_head(eyebrow: &str, heading: &str) -> String {
    format!(
        "<header><span class=\"eyebrow\">{}</span>\n<h2>{}</h2></header>\n",
        escape(eyebrow),
        escape(heading)
    )
}

fn section_slide(
    demo: &DemoSlides<'_>,
    section: &SectionRun,
    index: usize,
    total: usize,
    claims: &[&Claim],
    charts: &[&Charts],
    last: bool,
) -> String {
    let report = demo.report;
    let place = match (section.lines.first(), section.lines.last()) {
        (Some((first, _)), Some((last, _))) if first != last => format!(" · lines {first}–{last}"),
        (Some((first, _)), _) => format!(" · line {first}"),
        _ => format!(" · line {}", section.first_line),
    };
    let mut html = slide_head(
        &format!(
            "Question {} · {}{} · section {}/{total}{place}",
            report.question,
            report.demo,
            on_label(report),
            index + 1
        ),
        &section.heading,
    );
    let _ = write!(
        html,
        "<div class=\"slide-body\" data-section=\"{}\" data-first-line=\"{}\">\n\
         <div class=\"fit slide-code\">",
        index + 1,
        section.first_line
    );
    if section.lines.is_empty() {
        html.push_str("<p class=\"nothing\">(no code)</p>");
    } else if demo.code_in_document {
        let _ = write!(
            html,
            "<pre class=\"code\" data-code=\"code-{}\" data-lines=\"{}\"></pre>",
            demo.anchor,
            line_ranges(&section.lines)
        );
    } else {
        html.push_str(&code::python_lines(&section.lines));
    }
    if !section.choices.is_empty() {
        html.push_str("<ol class=\"choices\" type=\"a\">");
        for choice in &section.choices {
            let _ = write!(html, "<li>{}</li>", escape(choice));
        }
        html.push_str("</ol>");
    }
    html.push_str("</div>\n<div class=\"fit slide-side\">");
    output_block(&mut html, &section.output, section.duration);
    if last {
        error_block(&mut html, report);
    }
    verdict_list(&mut html, claims);
    for charts in charts {
        charts_block(&mut html, charts, demo.anchor);
    }
    html.push_str("</div>\n</div>\n");
    html
}

/// The numbers of `lines` as ranges: "35-60,62".
fn line_ranges(lines: &[(usize, String)]) -> String {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for &(number, _) in lines {
        match ranges.last_mut() {
            Some((_, last)) if *last + 1 == number => *last = number,
            _ => ranges.push((number, number)),
        }
    }
    ranges
        .iter()
        .map(|&(first, last)| {
            if first == last {
                first.to_string()
            } else {
                format!("{first}-{last}")
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The one slide of a run that recorded no sections: all it printed, every claim and chart.
fn whole_run_slide(
    demo: &DemoSlides<'_>,
    claims: &[&Claim],
    figures: &[&Chart],
    notes: &[&String],
) -> String {
    let report = demo.report;
    let mut html = slide_head(
        &format!(
            "Question {} · {}{}",
            report.question,
            report.demo,
            on_label(report)
        ),
        "The whole run",
    );
    html.push_str("<div class=\"slide-body\">\n<div class=\"fit slide-output\">");
    output_block(
        &mut html,
        &report.output,
        std::time::Duration::from_millis(report.duration_ms),
    );
    error_block(&mut html, report);
    html.push_str("</div>\n<div class=\"fit slide-side\">");
    verdict_list(&mut html, claims);
    for note in notes {
        let _ = write!(html, "<p class=\"nothing\">{}</p>", escape(note));
    }
    for chart in figures {
        chart_figure(&mut html, chart, demo.anchor);
    }
    html.push_str("</div>\n</div>\n");
    html
}

fn output_block(html: &mut String, output: &str, duration: std::time::Duration) {
    let ran = match u64::try_from(duration.as_millis()).unwrap_or(u64::MAX) {
        0 => "under 1 ms".to_owned(),
        ms => duration_label(ms),
    };
    let _ = write!(html, "<h3>Printed · ran {ran}</h3>");
    let output = printable(output);
    if output.trim().is_empty() {
        html.push_str("<p class=\"nothing\">(nothing)</p>");
    } else {
        let _ = write!(
            html,
            "<pre class=\"output\">{}</pre>",
            escape(output.trim_end())
        );
    }
}

fn error_block(html: &mut String, report: &Report) {
    if let Some(error) = &report.error {
        let _ = write!(
            html,
            "<div class=\"error\" role=\"alert\"><strong>The snippet stopped: {}</strong>\
             <pre>{}</pre></div>",
            escape(&error.headline()),
            escape(&printable(&error.traceback)),
        );
    }
}

fn verdict_list(html: &mut String, claims: &[&Claim]) {
    if claims.is_empty() {
        return;
    }
    html.push_str("<ul class=\"verdicts\">");
    for claim in claims {
        let verdict = claim.verdict.as_str();
        let _ = write!(
            html,
            "<li class=\"{verdict}\" data-claim=\"{id}\"><span class=\"badge {verdict}\">\
             {verdict}</span> <code class=\"id\">{id}</code>\
             <p class=\"statement\">“{statement}”</p><p class=\"explanation\">{explanation}</p>\
             </li>",
            id = escape(claim.id),
            statement = prose(claim.claim),
            explanation = prose(&claim.explanation),
        );
    }
    html.push_str("</ul>");
}

fn charts_block(html: &mut String, charts: &Charts, anchor: &str) {
    for note in &charts.left_out {
        let _ = write!(html, "<p class=\"nothing\">{}</p>", escape(note));
    }
    for chart in &charts.drawn {
        chart_figure(html, chart, anchor);
    }
}

/// A chart of the document (`chart-<anchor>-<name>`), copied in when the slides are shown.
fn chart_figure(html: &mut String, chart: &Chart, anchor: &str) {
    let _ = write!(
        html,
        "<figure class=\"slide-chart\" data-chart=\"{name}\" data-from=\"chart-{anchor}-{name}\" \
         role=\"img\" aria-label=\"{title}\"></figure>",
        name = chart.name,
        title = escape(&chart.title),
    );
}

/// For each of a report's figures, the index of the section whose slide shows it: the first
/// section after which the figure drawn from the claims recorded so far (with those no section
/// recorded) is the figure drawn from all of them — where the picture is complete. `draw`
/// draws the demo's figures from a subset of its claims; the last section takes a figure that
/// is never complete before the end.
pub fn place_figures(
    sections: &[SectionRun],
    claims: &[Claim],
    draw: impl Fn(&[Claim]) -> Vec<Drawn>,
) -> Vec<usize> {
    let whole: Vec<Fingerprint> = draw(claims).iter().map(fingerprint).collect();
    let Some(last) = sections.len().checked_sub(1) else {
        return vec![0; whole.len()];
    };
    // A claim's evidence is complete after the last section that recorded it.
    let recorded_at: Vec<Option<usize>> = claims
        .iter()
        .map(|claim| {
            sections
                .iter()
                .rposition(|section| recorded(section, claim))
        })
        .collect();
    let mut placed: Vec<Option<usize>> = vec![None; whole.len()];
    for index in 0..sections.len() {
        if placed.iter().all(Option::is_some) {
            break;
        }
        // The claims known after this section change only where a section recorded one.
        let changes = index == 0 || recorded_at.contains(&Some(index));
        if !changes {
            continue;
        }
        let known: Vec<Claim> = claims
            .iter()
            .zip(&recorded_at)
            .filter(|(_, at)| at.is_none_or(|at| at <= index))
            .map(|(claim, _)| claim.clone())
            .collect();
        let drawn: Vec<Fingerprint> = draw(&known).iter().map(fingerprint).collect();
        for ((place, whole), drawn) in placed.iter_mut().zip(&whole).zip(&drawn) {
            if place.is_none() && whole == drawn {
                *place = Some(index);
            }
        }
    }
    placed
        .into_iter()
        .map(|place| place.unwrap_or(last))
        .collect()
}

/// A figure as drawn, to compare two drawings: its SVG, the note of a chart left out, or
/// nothing.
type Fingerprint = Option<Result<String, String>>;

fn fingerprint(drawn: &Drawn) -> Fingerprint {
    let charts = super::charts::draw(std::slice::from_ref(drawn));
    if let Some(chart) = charts.drawn.into_iter().next() {
        return Some(Ok(chart.svg));
    }
    charts.left_out.into_iter().next().map(Err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::{claim, context, figures_of, measured_report, python, report, CODE};
    use crate::export::{render, RunSections};
    use crate::report::Verdict;
    use std::path::Path;

    fn section(heading: &str, first_line: usize, lines: &[&str], keys: &[&str]) -> SectionRun {
        SectionRun {
            heading: heading.to_owned(),
            first_line,
            lines: lines
                .iter()
                .enumerate()
                .map(|(index, line)| (first_line + 1 + index, (*line).to_owned()))
                .collect(),
            choices: Vec::new(),
            output: format!("{heading} printed\n"),
            evidence_keys: keys.iter().map(|&key| key.to_owned()).collect(),
            duration: std::time::Duration::from_millis(12),
        }
    }

    /// The measured report's run in three sections: a set-up, then one recording `list`, then
    /// one recording `set`; `colliding` is recorded by none.
    fn measured_sections() -> Vec<SectionRun> {
        vec![
            section("Set-up", 1, &["import time"], &[]),
            section(
                "Claim: lists scan",
                3,
                &["EVIDENCE['list'] = {}"],
                &["list"],
            ),
            section("Claim: sets hash", 6, &["EVIDENCE['set'] = {}"], &["set"]),
        ]
    }

    fn page(reports: &[Report], sections: Vec<RunSections>) -> String {
        let python = python();
        let mut context = context(&python, CODE);
        context.figures = reports.iter().map(figures_of).collect();
        context.sections = sections;
        let rendered = render(Path::new("run.html"), reports, &context).unwrap();
        rendered.files.into_iter().next().unwrap().contents
    }

    /// The slides of a page, in order: each one's `class` and markup.
    fn slides(html: &str) -> Vec<(String, String)> {
        let deck = &html[html.find("<div class=\"deck\"").expect("a deck")..];
        deck.split("<section class=\"slide ")
            .skip(1)
            .map(|slide| {
                let (kind, rest) = slide.split_once('"').unwrap();
                (
                    kind.to_owned(),
                    rest[..rest.find("</section>").unwrap()].to_owned(),
                )
            })
            .collect()
    }

    /// The kinds of a page's slides, in order.
    fn kinds(html: &str) -> Vec<String> {
        slides(html).into_iter().map(|(kind, _)| kind).collect()
    }

    /// The deck of `measured_report` run by `measured_sections`: its title, a slide a section,
    /// and one for the claim no section recorded.
    const MEASURED_DECK: [&str; 5] = [
        "slide-title",
        "slide-section",
        "slide-section",
        "slide-section",
        "slide-unrecorded",
    ];

    #[test]
    fn a_slide_per_section_after_the_title_with_the_verdicts_each_recorded() {
        let run = RunSections {
            sections: measured_sections(),
            figure_sections: vec![2],
        };
        let html = page(&[measured_report()], vec![run]);
        assert_eq!(kinds(&html), MEASURED_DECK);
        let slides = slides(&html);
        assert!(slides[0]
            .1
            .contains("How do you write scalable code in Python?"));
        assert!(slides[0]
            .1
            .contains("<span class=\"badge confirmed\">2 confirmed</span>"));
        assert!(slides[0].1.contains("· 3 sections"));
        for (number, (_, slide)) in slides.iter().enumerate().skip(1).take(3) {
            assert!(
                slide.contains(&format!("data-section=\"{number}\"")),
                "{slide}"
            );
        }
        // Each section's heading, code (numbered as in the file) and output.
        assert!(slides[2].1.contains("<h2>Claim: lists scan</h2>"));
        assert!(slides[2]
            .1
            .contains("<span class=\"line\" data-line=\"4\">"));
        assert!(slides[2].1.contains("Claim: lists scan printed</pre>"));
        assert!(slides[2].1.contains("section 2/3 · line 4"));
        // The verdicts of the claims a section recorded, on its slide only.
        let claims_on = |slide: &str| -> Vec<String> {
            slide
                .split("data-claim=\"")
                .skip(1)
                .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
                .collect()
        };
        assert!(claims_on(&slides[1].1).is_empty());
        assert_eq!(claims_on(&slides[2].1), ["measured.list"]);
        assert_eq!(claims_on(&slides[3].1), ["measured.set"]);
        assert_eq!(claims_on(&slides[4].1), ["measured.colliding"]);
        // The chart on the slide of the section it was placed on, and on no other.
        let with_chart: Vec<usize> = (0..slides.len())
            .filter(|&index| slides[index].1.contains("data-chart=\"complexity\""))
            .collect();
        assert_eq!(with_chart, [3]);
        assert!(html.contains("aria-label=\"5 of 5\""));
        assert!(html.contains("<a class=\"present\" href=\"#slides-1\">"));
    }

    #[test]
    fn a_run_without_sections_is_one_slide_of_everything() {
        let html = page(&[measured_report()], Vec::new());
        assert_eq!(kinds(&html), ["slide-title", "slide-whole"]);
        let slides = slides(&html);
        let whole = &slides[1].1;
        assert_eq!(whole.matches("data-claim=").count(), 3);
        assert!(whole.contains("data-chart=\"complexity\""));
        assert!(whole.contains("x &lt; y &amp; z"), "{whole}");
    }

    #[test]
    fn other_interpreters_get_their_slides_then_the_matrix() {
        let embedded = measured_report();
        let mut other = measured_report();
        other.python.embedded = false;
        other.python.version = "3.13.15".into();
        let run = RunSections {
            sections: measured_sections(),
            figure_sections: vec![2],
        };
        let html = page(&[embedded, other], vec![run]);
        let kinds = kinds(&html);
        assert_eq!(kinds[..MEASURED_DECK.len()], MEASURED_DECK);
        assert_eq!(
            kinds[MEASURED_DECK.len()..],
            ["slide-title", "slide-whole", "matrix-slide"]
        );
        assert!(html.contains("<a class=\"present\" href=\"#slides-6\">"));
        assert!(html.contains("<h2>measured across interpreters</h2>"));
    }

    #[test]
    fn hostile_text_on_slides_stays_text() {
        let mut hostile = section(
            "Predict: <img src=x onerror=alert(1)> & \"quotes\"",
            1,
            &["print('</pre><script>alert(1)</script>')"],
            &["x"],
        );
        hostile.choices = vec!["<b>bold</b>".to_owned()];
        hostile.output = "</pre><script>alert(2)</script>\x1b[31m".to_owned();
        let run = RunSections {
            sections: vec![hostile],
            figure_sections: Vec::new(),
        };
        let example = report(
            "example",
            vec![claim("example.x", Verdict::Nuanced, "`<i>` & </li>")],
        );
        let html = page(&[example], vec![run]);
        let deck = &html[html.find("<div class=\"deck\"").unwrap()..];
        // Its code is the document's, escaped there (`code::python`), copied in when shown.
        assert!(
            deck.contains("<pre class=\"code\" data-code=\"code-example\" data-lines=\"2\"></pre>")
        );
        assert!(html.contains("<details class=\"snippet\" id=\"code-example\">"));
        for escaped in [
            "<h2>Predict: &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;</h2>",
            "<li>&lt;b&gt;bold&lt;/b&gt;</li>",
            "<pre class=\"output\">&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;</pre>",
            "<code>&lt;i&gt;</code> &amp; &lt;/li&gt;",
            "What can be the keys of a &lt;dict&gt; &amp; why?",
        ] {
            assert!(deck.contains(escaped), "no {escaped:?} in\n{deck}");
        }
        assert_eq!(html.matches("<script").count(), 1, "only the page's own");
        assert!(!deck.contains("<img") && !deck.contains("<b>") && !deck.contains('\x1b'));
    }

    #[test]
    fn the_policy_lets_exactly_the_page_script_run() {
        let html = page(&[measured_report()], Vec::new());
        let start = html.find("<script>").unwrap() + "<script>".len();
        let end = html.find("</script>").unwrap();
        let script = &html[start..end];
        assert_eq!(script, SCRIPT);
        let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script));
        let policy = format!(
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
             script-src 'sha256-{digest}'\""
        );
        assert!(html.contains(&policy), "no {policy}");
        assert!(!html.contains("'unsafe-inline'; img-src data:; script-src 'unsafe"));
        // The encoding is the one CSP reads: standard base64 of the raw digest, padded.
        assert_eq!(
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest("abc")),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        assert!(!SCRIPT.contains("</script"));
    }

    #[test]
    fn slides_copy_the_lines_they_show_as_ranges() {
        let lines = |numbers: &[usize]| -> Vec<(usize, String)> {
            numbers.iter().map(|&n| (n, String::new())).collect()
        };
        assert_eq!(
            line_ranges(&lines(&[35, 36, 37, 39, 41, 42])),
            "35-37,39,41-42"
        );
        assert_eq!(line_ranges(&lines(&[7])), "7");
        assert_eq!(line_ranges(&lines(&[])), "");
    }

    /// Draws one "figure" per call: its note lists the claims it was drawn from that have
    /// evidence, so that a subset of them draws another figure.
    fn list_of_claims(claims: &[Claim]) -> Vec<Drawn> {
        let ids: Vec<&str> = claims.iter().map(|claim| claim.id).collect();
        vec![Some(Err(ids.join(","))), None]
    }

    #[test]
    fn a_figure_goes_to_the_section_after_which_it_is_complete() {
        let claims = measured_report().claims;
        let placed = place_figures(&measured_sections(), &claims, list_of_claims);
        // It needs `set`, recorded in the third section; the figure with nothing is complete
        // from the start.
        assert_eq!(placed, [2, 0]);
        // A figure that reads only what no section recorded is complete at once.
        let colliding_only = |claims: &[Claim]| -> Vec<Drawn> {
            let has = claims.iter().any(|claim| claim.id == "measured.colliding");
            vec![Some(Err(format!("{has}")))]
        };
        assert_eq!(
            place_figures(&measured_sections(), &claims, colliding_only),
            [0]
        );
        // A section recording the same claim twice: complete after the last of them.
        let mut twice = measured_sections();
        twice[1].evidence_keys.push("set".to_owned());
        assert_eq!(place_figures(&twice, &claims, list_of_claims), [2, 0]);
        // No sections: every figure on the one slide.
        assert_eq!(place_figures(&[], &claims, list_of_claims), [0, 0]);
    }
}
