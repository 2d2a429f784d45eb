//! The HTML report: one page with everything inline (CSS, SVG charts, highlighted code, the
//! script of its slides), which a Content-Security-Policy forbids to fetch anything or to run any
//! other script, laid out to read as well on a phone as on paper, light or dark as the reader's
//! system prefers. Verdicts have colours a colour-blind reader tells apart (Okabe and Ito's
//! palette) and a shape each besides their word.

use std::fmt::Write as _;

use super::charts::{self, Charts};
use super::html_text::{escape, prose, tally};
use super::slides::{self, DemoSlides};
use super::{
    code, duration_label, gil_words, implementation_name, on_label, printable, Exporter,
    OutputFile, Rendered, ReportContext,
};
use crate::output::matrix;
use crate::report::{Claim, Report, Source};

pub struct HtmlExporter;

impl Exporter for HtmlExporter {
    fn render(
        &self,
        file_name: &str,
        _stem: &str,
        reports: &[Report],
        context: &ReportContext<'_>,
    ) -> anyhow::Result<Rendered> {
        Ok(Rendered {
            files: vec![OutputFile {
                name: file_name.to_owned(),
                contents: page(reports, context),
            }],
        })
    }
}

const STYLE: &str = r#"
:root{color-scheme:light dark;--bg:#fff;--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--link:#0969da;--alert:#cf222e;--alert-soft:#ffebe9}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--ink:#e6edf3;--muted:#9198a1;--line:#3d444d;--soft:#161b22;--link:#4493f8;--alert:#f85149;--alert-soft:#2d1214}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:var(--ink);background:var(--bg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.page{max-width:56rem;margin:0 auto;padding:0 1rem 2rem}
a{color:var(--link)}
h1{font-size:1.75rem;line-height:1.2;margin:1.5rem 0 .25rem}
h2{font-size:1.4rem;line-height:1.25;margin:0 0 .3rem}
h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
.eyebrow{display:block;font-size:.78rem;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:var(--muted)}
.meta{color:var(--muted);font-size:.9rem;margin:.2rem 0}
code,pre{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace}
code{font-size:.88em;background:var(--soft);padding:.08em .3em;border-radius:4px;overflow-wrap:anywhere}
nav ol{padding-left:1.3rem;margin:.5rem 0}
nav li{margin:.3rem 0}
section.demo{border-top:2px solid var(--line);margin-top:1.5rem;padding-top:1.25rem}
.tally{display:inline-flex;flex-wrap:wrap;gap:.25rem;vertical-align:.1em}
ul.claims{list-style:none;padding:0;margin:.75rem 0}
li.claim{border:1px solid var(--line);border-left:6px solid var(--verdict);border-radius:8px;padding:.7rem .9rem;margin:.7rem 0;break-inside:avoid}
.claim-head{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem .6rem}
.claim-head .id{background:none;padding:0;font-weight:600}
.matrix table{border-collapse:collapse;width:100%;font-size:.9rem}.matrix th,.matrix td{text-align:left;padding:.25em .5em;border-bottom:1px solid var(--line)}.matrix .why td{color:var(--muted);font-size:.85rem}
.badge{display:inline-block;background:var(--verdict);color:#000;font-size:.72rem;font-weight:700;letter-spacing:.05em;text-transform:uppercase;line-height:1.6;padding:0 .55em;border-radius:999px;white-space:nowrap}
.badge::before{content:var(--shape);margin-right:.35em;font-weight:900}
.confirmed{--verdict:#009e73;--shape:"✓"}.refuted{--verdict:#d55e00;--shape:"✗"}.nuanced{--verdict:#e69f00;--shape:"◐"}.inconclusive{--verdict:#56b4e9;--shape:"?"}.skipped{--verdict:#bbbbbb;--shape:"–"}
.source{color:var(--muted);font-size:.85rem}
.statement{font-style:italic;margin:.45rem 0}
.explanation{margin:.45rem 0}
details{margin:.6rem 0}
summary{cursor:pointer;font-weight:600}
details.evidence summary{font-weight:400;color:var(--muted);font-size:.85rem}
pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.7rem .8rem;overflow-x:auto;font-size:.8rem;line-height:1.45;margin:.5rem 0}
pre code{background:none;padding:0;font-size:inherit;overflow-wrap:normal}
pre.code{counter-reset:line}
pre.code .line{counter-increment:line}
pre.code .line::before{content:counter(line);display:inline-block;width:3ch;margin-right:1.2ch;text-align:right;color:#8c959f;-webkit-user-select:none;user-select:none}
pre.code .line[data-line]::before{content:attr(data-line)}
pre.code span[style]{color:var(--l)}
@media (prefers-color-scheme:dark){pre.code span[style]{color:var(--d)}}
figure.chart{margin:1rem 0;border:1px solid var(--line);border-radius:8px;padding:.5rem;background:#fff;break-inside:avoid}
figure.chart svg{display:block;width:100%;max-width:560px;height:auto;margin:0 auto}
/* A chart keeps its white card in a dark scheme (its SVG draws dark on light): so does its caption. */
figcaption{font-size:.85rem;color:#59636e;margin:.4rem .3rem .1rem}
.error{border:1px solid var(--alert);background:var(--alert-soft);border-radius:8px;padding:.6rem .9rem;margin:.75rem 0}
.error pre{background:var(--bg)}
footer{color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);margin-top:2rem;padding-top:.75rem}
@media (max-width:40rem){body{font-size:15px}h1{font-size:1.45rem}h2{font-size:1.2rem}.page{padding:0 .7rem 1.5rem}li.claim{padding:.6rem .7rem}pre{font-size:.74rem}figure.chart{padding:.25rem;margin:.75rem -.3rem}}
@media print{body{font-size:11pt}.page{max-width:none}a{color:inherit}pre{white-space:pre-wrap}}
"#;

fn page(reports: &[Report], context: &ReportContext<'_>) -> String {
    let anchors = anchors(reports);
    // Each figure drawn once, alone: the document shows a demo's together, a slide those of
    // its section.
    let figure_charts: Vec<Vec<Charts>> = (0..reports.len())
        .map(|index| {
            context.figures.get(index).map_or_else(Vec::new, |figures| {
                figures
                    .iter()
                    .map(|figure| charts::draw(std::slice::from_ref(figure)))
                    .collect()
            })
        })
        .collect();
    let deck = slides::deck(
        &demo_slides(reports, &anchors, context, &figure_charts),
        context,
    );
    let mut html = String::new();
    let demos: Vec<&str> = reports.iter().map(|report| report.demo).collect();
    let title = if demos.is_empty() {
        "pyconcepts report".to_owned()
    } else {
        format!("pyconcepts report: {}", demos.join(", "))
    };
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:; script-src {script}\">\n\
         <meta name=\"generator\" content=\"pyconcepts {version}\">\n\
         <title>{title}</title>\n<style>{STYLE}{slides_style}</style>\n</head>\n<body>\n\
         <div class=\"page\">\n",
        version = env!("CARGO_PKG_VERSION"),
        title = escape(&title),
        script = slides::script_source(),
        slides_style = slides::STYLE,
    );
    header(&mut html, reports, &anchors, context);
    for (index, (report, anchor)) in reports.iter().zip(&anchors).enumerate() {
        if let Some(runs) = matrix::runs_from(reports, index) {
            verdict_matrix(&mut html, runs);
        }
        let charts = Charts {
            drawn: figure_charts[index]
                .iter()
                .flat_map(|charts| charts.drawn.iter().cloned())
                .collect(),
            left_out: figure_charts[index]
                .iter()
                .flat_map(|charts| charts.left_out.iter().cloned())
                .collect(),
        };
        let first_slide = deck.title_slides.get(index).copied().unwrap_or(1);
        section(&mut html, report, anchor, context, &charts, first_slide);
    }
    let _ = write!(
        html,
        "<footer>Generated by pyconcepts {} on {}: every verdict was decided from what the \
         interpreter did in this run; run <code>pyconcepts demo {}</code> to see it again.\
         </footer>\n</div>\n{deck}<script>{script}</script>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&context.date),
        escape(&demos.join(" ")),
        deck = deck.html,
        script = slides::SCRIPT,
    );
    html
}

/// What the slides show of each report: its sections, its figures and where they go, and
/// after the last run of a demo run in several interpreters, their verdict matrix.
fn demo_slides<'a>(
    reports: &'a [Report],
    anchors: &'a [String],
    context: &'a ReportContext<'_>,
    figure_charts: &'a [Vec<Charts>],
) -> Vec<DemoSlides<'a>> {
    let mut matrices: Vec<Option<String>> = vec![None; reports.len()];
    for index in 0..reports.len() {
        if let Some(runs) = matrix::runs_from(reports, index) {
            matrices[index + runs.len() - 1] = Some(matrix_table(runs));
        }
    }
    reports
        .iter()
        .zip(matrices)
        .zip(anchors)
        .enumerate()
        .map(|(index, ((report, matrix), anchor))| {
            let run = context.sections.get(index);
            DemoSlides {
                report,
                anchor,
                code_in_document: context.snippet(report.demo).is_some(),
                sections: run.map_or(&[][..], |run| run.sections.as_slice()),
                charts: &figure_charts[index],
                figure_sections: run.map_or(&[][..], |run| run.figure_sections.as_slice()),
                matrix,
            }
        })
        .collect()
}

/// The ids prefixing each demo's elements: its name, numbered from its second run on (a demo
/// named twice on the command line), so that every id on the page is unique.
fn anchors(reports: &[Report]) -> Vec<String> {
    reports
        .iter()
        .enumerate()
        .map(|(index, report)| {
            let runs_before = reports[..index]
                .iter()
                .filter(|earlier| earlier.demo == report.demo)
                .count();
            match runs_before {
                0 => escape(report.demo),
                n => format!("{}-{}", escape(report.demo), n + 1),
            }
        })
        .collect()
}

fn header(html: &mut String, reports: &[Report], anchors: &[String], context: &ReportContext<'_>) {
    let python = context.python;
    let _ = write!(
        html,
        "<header>\n<h1>Python interview claims, tested live</h1>\n\
         <p class=\"meta\">{date} · {implementation} {version}, {gil}</p>\n",
        date = escape(&context.date),
        implementation = escape(&implementation_name(python)),
        version = escape(&python.version),
        gil = gil_words(python),
    );
    if let Some(build) = &context.build {
        let _ = writeln!(
            html,
            "<p class=\"meta\">Build: <code>{}</code></p>",
            escape(build)
        );
    }
    if reports.len() > 1 {
        html.push_str("<nav aria-label=\"Demos\"><ol>\n");
        for (report, anchor) in reports.iter().zip(anchors) {
            let _ = writeln!(
                html,
                "<li><a href=\"#demo-{anchor}\">Question {number} · {title}{on}</a> {tally}</li>",
                number = report.question,
                title = escape(report.title),
                on = escape(&on_label(report)),
                tally = tally(report),
            );
        }
        html.push_str("</ol></nav>\n");
    }
    html.push_str(
        "<button type=\"button\" class=\"present\" id=\"present\">▶ Present as slides \
         <kbd>p</kbd></button>\n</header>\n",
    );
}

/// A demo's verdicts across interpreters (`demo --on`): a row per claim, a column per run, and
/// under a row whose verdicts differ, why.
fn verdict_matrix(html: &mut String, runs: &[Report]) {
    let _ = write!(
        html,
        "<section class=\"demo matrix\">\n<h3>{} across interpreters</h3>\n{}</section>\n",
        escape(runs[0].demo),
        matrix_table(runs)
    );
}

/// The table of [`verdict_matrix`], which a slide shows too.
fn matrix_table(runs: &[Report]) -> String {
    let mut html = String::from("<table>\n<thead><tr><th scope=\"col\">Claim</th>");
    for run in runs {
        let _ = write!(
            html,
            "<th scope=\"col\">{}</th>",
            escape(&run.python.label())
        );
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in matrix::rows(runs) {
        let _ = write!(
            html,
            "<tr><th scope=\"row\"><code>{}</code></th>",
            escape(row.id)
        );
        for verdict in &row.verdicts {
            let word = verdict.map_or("—", |verdict| verdict.as_str());
            let _ = write!(html, "<td><span class=\"badge {word}\">{word}</span></td>");
        }
        html.push_str("</tr>\n");
        if let Some(why) = &row.why {
            let _ = writeln!(
                html,
                "<tr class=\"why\"><td colspan=\"{}\">≠ {}</td></tr>",
                runs.len() + 1,
                escape(why)
            );
        }
    }
    html.push_str("</tbody>\n</table>\n");
    html
}

fn section(
    html: &mut String,
    report: &Report,
    anchor: &str,
    context: &ReportContext<'_>,
    charts: &Charts,
    first_slide: usize,
) {
    let snippet = context.snippet(report.demo);
    let _ = write!(
        html,
        "<section class=\"demo\" id=\"demo-{anchor}\">\n\
         <h2><span class=\"eyebrow\">Question {number}</span>{title}</h2>\n\
         <p class=\"meta\">Demo <code>{name}</code> · {implementation} {version}, {gil} · \
         Python ran {duration}{file}<a class=\"present\" href=\"#slides-{first_slide}\">▶ Present \
         from here</a></p>\n<p>{tally}</p>\n",
        name = escape(report.demo),
        number = report.question,
        title = escape(report.title),
        implementation = escape(&implementation_name(&report.python)),
        version = escape(&report.python.version),
        gil = gil_words(&report.python),
        duration = duration_label(report.duration_ms),
        file = snippet.map_or(String::new(), |s| format!(
            " · <code>{}</code>",
            escape(s.file_name)
        )),
        tally = tally(report),
    );
    if let Some(error) = &report.error {
        let _ = writeln!(
            html,
            "<div class=\"error\" role=\"alert\"><strong>The snippet stopped: {}</strong>\
             <pre>{}</pre></div>",
            escape(&error.headline()),
            escape(&printable(&error.traceback)),
        );
    }
    html.push_str("<h3>Claims</h3>\n<ul class=\"claims\">\n");
    for claim in &report.claims {
        claim_item(html, claim, anchor);
    }
    html.push_str("</ul>\n");
    if !charts.drawn.is_empty() || !charts.left_out.is_empty() {
        html.push_str("<h3>Charts</h3>\n");
    }
    for note in &charts.left_out {
        let _ = writeln!(
            html,
            "<p class=\"meta chart-left-out\">{}</p>",
            escape(note)
        );
    }
    for chart in &charts.drawn {
        let svg = chart.svg.replacen(
            "<svg ",
            &format!("<svg role=\"img\" aria-label=\"{}\" ", escape(&chart.title)),
            1,
        );
        let _ = write!(
            html,
            "<figure class=\"chart\" id=\"chart-{anchor}-{name}\" data-chart=\"{name}\" \
             data-marks=\"{marks}\">\n{svg}\n<figcaption>{caption}</figcaption>\n</figure>\n",
            name = chart.name,
            marks = chart.marks,
            caption = prose(&chart.caption),
        );
    }
    if let Some(snippet) = snippet {
        let _ = write!(
            html,
            "<details class=\"snippet\" id=\"code-{anchor}\"><summary>The snippet: {} ({} lines)\
             </summary>\n{}\n\
             </details>\n",
            escape(snippet.file_name),
            snippet.code.lines().count(),
            code::python(snippet.code),
        );
    }
    let output = printable(&report.output);
    let output = if output.trim().is_empty() {
        "<p class=\"meta\">(nothing)</p>".to_owned()
    } else {
        format!("<pre class=\"output\">{}</pre>", escape(&output))
    };
    let _ = write!(
        html,
        "<details class=\"output\" open><summary>What it printed</summary>\n{output}\n</details>\n\
         </section>\n"
    );
}

fn claim_item(html: &mut String, claim: &Claim, anchor: &str) {
    let verdict = claim.verdict.as_str();
    let source = match claim.source {
        Source::Article => "the article says",
        Source::Senior => "a senior adds",
    };
    let evidence = serde_json::to_string_pretty(&claim.evidence).unwrap_or_default();
    let _ = write!(
        html,
        "<li class=\"claim {verdict}\" id=\"{anchor}-{key}\">\n<div class=\"claim-head\">\
         <span class=\"badge {verdict}\">{verdict}</span><code class=\"id\">{id}</code>\
         <span class=\"source\">{source}</span></div>\n\
         <p class=\"statement\">“{statement}”</p>\n<p class=\"explanation\">{explanation}</p>\n\
         <details class=\"evidence\"><summary>Evidence</summary><pre>{evidence}</pre></details>\n\
         </li>\n",
        id = escape(claim.id),
        key = escape(claim.id.split_once('.').map_or(claim.id, |(_, key)| key)),
        statement = prose(claim.claim),
        explanation = prose(&claim.explanation),
        evidence = escape(&evidence),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::{claim, context, figures_of, measured_report, python, report, CODE};
    use crate::report::Verdict;

    fn render(reports: &[Report]) -> String {
        let python = python();
        let mut context = context(&python, CODE);
        context.figures = reports.iter().map(figures_of).collect();
        let rendered = HtmlExporter
            .render("run.html", "run", reports, &context)
            .unwrap();
        assert_eq!(rendered.files.len(), 1);
        rendered.files.into_iter().next().unwrap().contents
    }

    #[test]
    fn text_from_everywhere_is_escaped() {
        let html = render(&[report(
            "example",
            vec![claim("example.x", Verdict::Refuted, "1 < 2 & `a<b`")],
        )]);
        // The title, the claim, the explanation (prose and code), the evidence, the output,
        // the build line and the code.
        for escaped in [
            "What can be the keys of a &lt;dict&gt; &amp; why?",
            "<code>a &lt; b</code> &amp; friends hold",
            "1 &lt; 2 &amp; <code>a&lt;b</code>",
            "&lt;tag&gt; &amp; more",
            "x &lt; y &amp; z\nbold &lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
            "GCC &lt;12&gt;",
            "&lt;/pre&gt;",
        ] {
            assert!(html.contains(escaped), "no {escaped:?} in\n{html}");
        }
        // The page's one script is its own: the output's stayed text.
        assert_eq!(html.matches("<script").count(), 1, "{html}");
        assert!(html.contains(&format!("<script>{}</script>", slides::SCRIPT)));
        assert!(!html.contains("\x1b"));
        assert!(!html.contains("<dict>"));
    }

    #[test]
    fn a_page_for_phones_that_fetches_nothing() {
        let html = render(&[measured_report()]);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<meta name=\"viewport\" content=\"width=device-width"));
        assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
        // Its one script is inline, allowed by its hash alone: nothing is fetched.
        let own_script = format!("<script>{}</script>", slides::SCRIPT);
        let others = html
            .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
            .replace(&own_script, "");
        for remote in [
            "http://",
            "https://",
            "<link",
            "<script",
            "src=",
            "unsafe-eval",
        ] {
            assert!(!others.contains(remote), "{remote} in the page");
        }
        assert!(html.contains("@media (max-width:40rem)"));
        // Light and dark, the document as well as the slides.
        assert!(html.contains("@media (prefers-color-scheme:dark){:root{--bg:#0d1117"));
    }

    #[test]
    fn each_demo_has_its_question_verdicts_chart_code_and_output() {
        let html = render(&[measured_report()]);
        assert!(html.contains("<span class=\"eyebrow\">Question 10</span>How do you write"));
        assert!(html.contains("<span class=\"badge confirmed\">confirmed</span>"));
        assert!(html.contains("<span class=\"badge skipped\">skipped</span>"));
        assert!(html.contains("<span class=\"badge confirmed\">2 confirmed</span>"));
        assert!(html.contains("the article says"));
        assert!(html.contains("CPython 3.11.7, GIL enabled"));
        assert!(html.contains("2026-05-09 14:03 UTC"));
        assert!(html.contains("data-chart=\"complexity\" data-marks=\"18\""));
        assert!(
            html.contains("<svg role=\"img\" aria-label=\"Time per lookup of an absent value\"")
        );
        // Once, in the document: its slide copies it when shown.
        assert_eq!(html.matches("<svg").count(), 1);
        assert!(html.contains("data-from=\"chart-measured-complexity\""));
        assert!(html.contains("<h3>Charts</h3>"));
        assert!(html.contains("What it printed"));
    }

    #[test]
    fn code_is_highlighted_for_the_demo_that_ran_it() {
        let mut example = report("example", vec![]);
        example.output = String::new();
        let html = render(&[example, measured_report()]);
        assert_eq!(document(&html).matches("<pre class=\"code\">").count(), 1);
        assert!(html.contains("The snippet: python_snippets/example.py (2 lines)"));
        assert!(html.contains("(nothing)"));
        // Two demos: a table of contents with their tallies.
        assert!(html.contains("<nav aria-label=\"Demos\">"));
        assert!(html.contains("href=\"#demo-measured\""));
        assert!(
            !html.contains("<h3>Charts</h3>\n<h3>"),
            "no empty chart heading"
        );
    }

    #[test]
    fn ids_stay_unique_when_a_demo_runs_twice() {
        let html = render(&[measured_report(), measured_report()]);
        for id in [
            "demo-measured",
            "demo-measured-2",
            "chart-measured-complexity",
            "chart-measured-2-complexity",
            "measured-list",
            "measured-2-list",
        ] {
            assert_eq!(html.matches(&format!("id=\"{id}\"")).count(), 1, "{id}");
        }
        assert!(html.contains("href=\"#demo-measured-2\""));
    }

    /// The page without its slides.
    fn document(html: &str) -> &str {
        &html[..html.find("<div class=\"deck\"").expect("a deck")]
    }

    #[test]
    fn verdicts_have_a_shape_besides_their_colour_and_word() {
        let html = render(&[measured_report()]);
        for rule in [
            ".confirmed{--verdict:#009e73;--shape:\"✓\"}",
            ".refuted{--verdict:#d55e00;--shape:\"✗\"}",
            ".badge::before{content:var(--shape)",
        ] {
            assert!(html.contains(rule), "no {rule}");
        }
    }

    #[test]
    fn runs_in_other_interpreters_get_a_matrix_at_the_top_of_their_demo() {
        let embedded = measured_report();
        let mut other = measured_report();
        other.python.embedded = false;
        other.python.free_threaded = true;
        other.python.version = "3.13.15".into();
        other.claims[0].verdict = Verdict::Refuted;
        other.claims[0].evidence = serde_json::json!({"observed": "<tag> & less"});
        let html = render(&[embedded, other]);
        let matrix = html.find("measured across interpreters").expect("a matrix");
        assert!(
            matrix < html.find("<h2>").unwrap(),
            "the matrix comes first"
        );
        assert!(html.contains("<th scope=\"col\">3.13.15t</th>"), "{html}");
        assert!(
            html.contains("≠ observed: &quot;&lt;tag&gt; &amp; more&quot; on 3.11.7"),
            "{html}"
        );
        assert!(
            html.contains("Question 10 · How do you write scalable code in Python? on 3.13.15t")
        );
    }
}
