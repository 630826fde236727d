//! The HTML report renders in a real browser. Debian's headless Chromium opens
//! a realistic report.html from disk, offline; the page's self-check must find
//! every figure decoded and no script error, the browser must log no console
//! message from the page, and a screenshot must show more than a blank page.
//!
//! These tests need `/usr/bin/chromium` (`apt-get install -y chromium`, which
//! .ci/run does when it is missing). Without it they fail and say how to
//! install it. With `HEDGEHOG_SKIP_BROWSER=1` in the environment they return at
//! once, print nothing and pass, for machines that cannot have a browser.
//!
//! How the console check reads Chromium: with `--enable-logging=stderr` it
//! writes each console message of a page as one stderr line, in Chromium 156
//!
//! ```text
//! [1234:1234:1126/111857.143689:INFO:CONSOLE:7] "an error line", source: file:///tmp/p.html (7)
//! [1234:1234:1126/111857.154451:INFO:CONSOLE:8] "Uncaught ReferenceError: f is not defined", source: file:///tmp/p.html (8)
//! ```
//!
//! (older builds wrote `INFO:CONSOLE(7)]`). Every level, log to error, comes
//! out as INFO, so a warning cannot be told from a log line: any console line
//! fails, and the report's own script writes none. Content-Security-Policy
//! violations arrive the same way, so any outside fetch fails too. The rest of
//! stderr (D-Bus, GPU, the launcher script) is the browser talking about the
//! machine and is ignored. `a_broken_page_is_caught` provokes each failure, so
//! a change of log format cannot make these checks pass vacuously.

use std::fs::{self, File};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hedgehog::plot::{FONT, register_fonts};
use hedgehog::report::{Block, KeyFigure, Report, Section, render};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Text that must come out as text wherever the report shows it.
const HOSTILE: &str = "<script>alert('x')</script> & co";

/// Whether to run: false when the tests are switched off; a failure, with the
/// fix, when the browser is missing.
fn browser_wanted() -> bool {
    if std::env::var_os("HEDGEHOG_SKIP_BROWSER").is_some_and(|v| v == "1") {
        return false;
    }
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: the browser tests need Debian's Chromium. Install it with \
         `apt-get install -y chromium`, or set HEDGEHOG_SKIP_BROWSER=1 to skip these tests."
    );
    true
}

/// What a Chromium run left.
struct Run {
    stdout: String,
    stderr: String,
}

/// Runs headless Chromium on `page` with a fresh profile, offline, with
/// `extra` flags (`--dump-dom`, `--screenshot=...`).
fn chromium(work: &Path, page: &Path, extra: &[&str]) -> Run {
    let profile = tempfile::tempdir_in(work).unwrap();
    // Files, not pipes: a DOM dump with embedded PNGs outgrows a pipe buffer.
    let out_path = profile.path().with_extension("stdout");
    let err_path = profile.path().with_extension("stderr");
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000"])
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(File::create(&out_path).unwrap())
        .stderr(File::create(&err_path).unwrap())
        .spawn()
        .expect("chromium starts");
    // A hung browser must fail the test, not stall CI until its deadline.
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s on {}", page.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let run = Run {
        stdout: String::from_utf8_lossy(&fs::read(&out_path).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&fs::read(&err_path).unwrap()).into_owned(),
    };
    assert!(status.success(), "chromium failed ({status}) on {}:\n{}", page.display(), run.stderr);
    run
}

/// The lines in which Chromium reports the page's console or an uncaught
/// exception (see the module doc).
fn console_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught")).collect()
}

/// The value of attribute `name` on `<body>` in a DOM dump, unescaped enough
/// for comparisons (`&amp;` and `&quot;`).
fn body_attr(dom: &str, name: &str) -> Option<String> {
    let start = dom.find("<body")?;
    // The tag ends at the first `>` outside a quoted value.
    let mut quoted = false;
    let end = dom[start..].char_indices().find_map(|(i, c)| match c {
        '"' => {
            quoted = !quoted;
            None
        }
        '>' if !quoted => Some(start + i),
        _ => None,
    })?;
    let tag = &dom[start..end];
    let key = format!(" {name}=\"");
    let from = tag.find(&key)? + key.len();
    let len = tag[from..].find('"')?;
    Some(tag[from..from + len].replace("&quot;", "\"").replace("&amp;", "&"))
}

/// The page's self-check verdict from a DOM dump: (images ok, image count, errors).
fn verdict(dom: &str) -> (String, String, String) {
    assert_eq!(body_attr(dom, "data-self-check").as_deref(), Some("done"), "the self-check did not run:\n{dom}");
    let get = |name| body_attr(dom, name).unwrap_or_else(|| panic!("no {name} on <body>"));
    (get("data-images-ok"), get("data-image-count"), get("data-errors"))
}

/// Threats launched and intercepted per day, drawn as lines.
fn daily_chart(path: &Path) -> Vec<u8> {
    register_fonts();
    let launched: Vec<(u32, f64)> =
        (0..30u32).map(|d| (d, 38.0 + 26.0 * (f64::from(d) / 4.0).sin().abs() + f64::from(d % 7) * 3.0)).collect();
    let intercepted: Vec<(u32, f64)> = launched.iter().map(|&(d, n)| (d, (n * 0.86).round())).collect();
    {
        let root = BitMapBackend::new(path, (900, 400)).into_drawing_area();
        root.fill(&WHITE).unwrap();
        let mut chart = ChartBuilder::on(&root)
            .caption("Threats per day", (FONT, 22))
            .margin(14)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(0u32..29u32, 0f64..100f64)
            .unwrap();
        chart
            .configure_mesh()
            .x_desc("day")
            .y_desc("threats")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style((FONT, 14))
            .draw()
            .unwrap();
        for (data, colour, label) in [(launched, RED, "launched"), (intercepted, BLUE, "intercepted")] {
            chart
                .draw_series(LineSeries::new(data, colour.stroke_width(2)))
                .unwrap()
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2)));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .label_font((FONT, 14))
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()
            .unwrap();
        root.present().unwrap();
    }
    fs::read(path).unwrap()
}

/// Interceptors fired per system.
const SHOTS: [(&str, u32); 5] =
    [("Patriot", 212), ("SAMP/T", 96), ("IRIS-T SLM", 341), ("NASAMS", 188), ("Gepard", 1204)];

/// [`SHOTS`] as bars.
fn shots_chart(path: &Path) -> Vec<u8> {
    register_fonts();
    {
        let root = BitMapBackend::new(path, (900, 360)).into_drawing_area();
        root.fill(&WHITE).unwrap();
        let mut chart = ChartBuilder::on(&root)
            .caption("Interceptors fired", (FONT, 22))
            .margin(14)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d((0..SHOTS.len() as i32 - 1).into_segmented(), 0u32..1400u32)
            .unwrap();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => SHOTS.get(*i as usize).map_or(String::new(), |s| s.0.to_string()),
                _ => String::new(),
            })
            .label_style((FONT, 14))
            .draw()
            .unwrap();
        chart
            .draw_series(
                Histogram::vertical(&chart)
                    .style(RGBColor(31, 95, 139).filled())
                    .margin(24)
                    .data(SHOTS.iter().enumerate().map(|(i, s)| (i as i32, s.1))),
            )
            .unwrap();
        root.present().unwrap();
    }
    fs::read(path).unwrap()
}

/// A report like the ones runs produce, with hostile text in the places a
/// scenario file can reach.
fn realistic_report(work: &Path) -> Report {
    let total: u32 = SHOTS.iter().map(|s| s.1).sum();
    Report {
        title: format!("Air defence over Ukraine: baseline {HOSTILE}"),
        subtitle: "Scenario reassurance_baseline · seed 42 · 30 days · 20 replications".into(),
        sections: vec![
            Section {
                heading: "Summary".into(),
                blocks: vec![
                    Block::KeyFigures(vec![
                        KeyFigure {
                            label: "Interception rate".into(),
                            value: "86 %".into(),
                            detail: "95 % CI 84-88".into(),
                        },
                        KeyFigure {
                            label: "Threats launched".into(),
                            value: "1 612".into(),
                            detail: "per run, mean".into(),
                        },
                        KeyFigure {
                            label: "Interceptors fired".into(),
                            value: total.to_string(),
                            detail: String::new(),
                        },
                        KeyFigure { label: "Leakers on cities".into(), value: "41".into(), detail: HOSTILE.into() },
                    ]),
                    Block::Paragraph(
                        "The coalition's layered defence holds over the western oblasts; leakage concentrates on \
                         the eastern cities, beyond the reach of the fire groups around Kyiv."
                            .into(),
                    ),
                    Block::List(vec![
                        "Drones are mostly stopped by gun systems and mobile fire groups.".into(),
                        "Ballistic missiles remain the main source of leakage.".into(),
                        format!("Stocks of PAC-3 run low after day 20 {HOSTILE}."),
                    ]),
                ],
            },
            Section {
                heading: "Air war, day by day".into(),
                blocks: vec![
                    Block::Figure {
                        png: daily_chart(&work.join("daily.png")),
                        alt: "Line chart of threats launched and intercepted per day over 30 days".into(),
                        caption: format!("Figure 1. Threats launched and intercepted per day {HOSTILE}."),
                    },
                    Block::Table {
                        caption: format!("Engagements by system {HOSTILE}"),
                        header: vec!["System".into(), "Nation".into(), "Shots".into(), "Kills".into(), "Pk".into()],
                        rows: SHOTS
                            .iter()
                            .zip(["US", "FR", "DE", "NO", HOSTILE])
                            .map(|(&(system, shots), nation)| {
                                let kills = shots * 7 / 10;
                                vec![
                                    system.into(),
                                    nation.into(),
                                    shots.to_string(),
                                    kills.to_string(),
                                    format!("{:.2}", f64::from(kills) / f64::from(shots)),
                                ]
                            })
                            .collect(),
                        numeric: vec![false, false, true, true, true],
                    },
                ],
            },
            Section {
                heading: "Interceptor stocks".into(),
                blocks: vec![
                    Block::Figure {
                        png: shots_chart(&work.join("shots.png")),
                        alt: "Bar chart of interceptors fired per system".into(),
                        caption: "Figure 2. Interceptors fired per system over the run.".into(),
                    },
                    Block::Paragraph("Gun systems fire most rounds, at a fraction of a missile's cost.".into()),
                ],
            },
            Section {
                heading: format!("Run {HOSTILE}"),
                blocks: vec![Block::Preformatted(
                    "Scenario(\n    name: \"reassurance_baseline\",\n    seed: 42,\n    duration_days: 30,\n)".into(),
                )],
            },
        ],
        footer: format!("Hedgehog 0.1.0 · MIT licence · {HOSTILE}"),
    }
}

/// What share of the pixels the commonest colour covers, and how many colours
/// there are, measured by the browser itself (the tests have no PNG decoder).
const PIXEL_PROBE: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head>
<body><img id="shot" alt="screenshot" src="data:image/png;base64,BASE64">
<script>
window.addEventListener("load", function () {
  var img = document.getElementById("shot");
  var canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  var ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.drawImage(img, 0, 0);
  var px = new Uint32Array(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
  var counts = new Map();
  for (var i = 0; i < px.length; i++) counts.set(px[i], (counts.get(px[i]) || 0) + 1);
  var top = 0;
  counts.forEach(function (n) { if (n > top) top = n; });
  var d = document.body.dataset;
  d.width = String(canvas.width);
  d.height = String(canvas.height);
  d.colours = String(counts.size);
  d.dominant = String(top / px.length);
});
</script></body></html>
"#;

#[test]
fn report_renders_in_chromium_without_errors() {
    if !browser_wanted() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let page = work.path().join("report.html");
    let html = render(&realistic_report(work.path()));
    fs::write(&page, &html).unwrap();

    let run = chromium(work.path(), &page, &["--dump-dom"]);
    let dom = &run.stdout;
    assert_eq!(console_lines(&run.stderr), Vec::<&str>::new(), "the page wrote to the console");
    let (images_ok, image_count, errors) = verdict(dom);
    assert_eq!(images_ok, "true", "an image did not decode");
    assert_eq!(image_count, "2");
    assert_eq!(errors, "", "script errors on the page");
    // The hostile text stayed text: the self-check is the only script.
    assert_eq!(dom.matches("<script").count(), 1, "{dom}");
    assert!(dom.contains("baseline &lt;script&gt;alert('x')&lt;/script&gt; &amp; co</h1>"), "title not escaped");
    assert_eq!(dom.matches("<section id=").count(), 4);

    let shot = work.path().join("shot.png");
    let shot_arg = format!("--screenshot={}", shot.display());
    let run = chromium(work.path(), &page, &["--window-size=1280,1600", "--hide-scrollbars", &shot_arg]);
    assert_eq!(console_lines(&run.stderr), Vec::<&str>::new(), "the page wrote to the console");
    let png = fs::read(&shot).expect("chromium wrote the screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "the screenshot is not a PNG");

    let probe = work.path().join("probe.html");
    fs::write(&probe, PIXEL_PROBE.replace("BASE64", &STANDARD.encode(&png))).unwrap();
    let run = chromium(work.path(), &probe, &["--dump-dom"]);
    assert_eq!(console_lines(&run.stderr), Vec::<&str>::new(), "the pixel probe wrote to the console");
    let get = |name| body_attr(&run.stdout, name).unwrap_or_else(|| panic!("the pixel probe did not run: no {name}"));
    assert_eq!((get("data-width"), get("data-height")), ("1280".into(), "1600".into()));
    let colours: u64 = get("data-colours").parse().unwrap();
    let dominant: f64 = get("data-dominant").parse().unwrap();
    // A blank or single-colour page has one colour; text, cards and charts
    // bring hundreds of anti-aliased shades and cover a good part of the page.
    assert!(
        colours >= 100 && dominant < 0.95,
        "the screenshot looks blank: {colours} colours, {dominant:.3} background"
    );
}

#[test]
fn a_broken_page_is_caught() {
    if !browser_wanted() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let report = Report {
        title: "Broken".into(),
        sections: vec![Section {
            heading: "Bad figure".into(),
            blocks: vec![Block::Figure { png: b"not a png".to_vec(), alt: "nothing".into(), caption: String::new() }],
        }],
        ..Report::default()
    };
    let provoked = "<script>console.error(\"provoked console error\");\
                    throw new Error(\"provoked failure\");</script>\n</body>";
    let page = work.path().join("broken.html");
    fs::write(&page, render(&report).replace("</body>", provoked)).unwrap();

    let run = chromium(work.path(), &page, &["--dump-dom"]);
    let (images_ok, image_count, errors) = verdict(&run.stdout);
    assert_eq!((images_ok.as_str(), image_count.as_str()), ("false", "1"));
    assert!(errors.contains("provoked failure"), "errors: {errors:?}");
    let lines = console_lines(&run.stderr);
    assert!(lines.iter().any(|l| l.contains("provoked console error")), "console.error not seen:\n{}", run.stderr);
    assert!(lines.iter().any(|l| l.contains("Uncaught Error: provoked failure")), "throw not seen:\n{}", run.stderr);
}

/// The reports Hedgehog itself writes — of a run, a batch and a sweep — open
/// in Chromium with every figure loaded and nothing on the console.
#[test]
fn the_reports_hedgehog_writes_render_in_chromium() {
    if !browser_wanted() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let sweep = "Sweep(scenario: \"baseline\", replications: 2, design: FullFactorial, \
                 factors: [(path: \"air_war.detection_pd\", levels: [0.6, 0.9]), (path: \"duration_days\", levels: [2.0])])";
    fs::write(work.path().join("s.ron"), sweep).unwrap();
    for args in [
        &["run", "--out", "o", "-q"][..],
        &["batch", "--runs", "6", "--days", "2", "--out", "o", "-q"][..],
        &["sweep", "s.ron", "--out", "o", "-q"][..],
    ] {
        let o = crate::common::hedgehog(work.path(), args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {:?}", crate::common::text(&o));
    }
    let reports: Vec<_> =
        crate::common::files_under(&work.path().join("o")).into_iter().filter(|f| f.ends_with("report.html")).collect();
    assert_eq!(reports.len(), 3, "{reports:?}");
    for r in reports {
        let page = work.path().join("o").join(&r);
        let run = chromium(work.path(), &page, &["--dump-dom"]);
        assert_eq!(console_lines(&run.stderr), Vec::<&str>::new(), "{}: the page wrote to the console", r.display());
        let (images_ok, image_count, errors) = verdict(&run.stdout);
        assert_eq!((images_ok.as_str(), errors.as_str()), ("true", ""), "{}", r.display());
        assert!(image_count.parse::<u32>().unwrap() >= 2, "{}: {image_count} images", r.display());
    }
}
