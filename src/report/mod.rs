//! The HTML report: one self-contained `report.html` that a reader opens
//! offline, in any browser, years later, and prints.
//!
//! This module owns the page and nothing else: callers decide what a report
//! says (sections of paragraphs, lists, tables, figures, key figures) and
//! [`render`] turns that into a single file. Everything the page needs is
//! inside it: CSS inline, figures as `data:` PNGs, no fonts, scripts or links
//! from elsewhere, and a Content-Security-Policy that makes the browser refuse
//! (and report) any outside fetch, so a report can be mailed, archived or
//! opened on an air-gapped machine and look the same. Every piece of text is
//! escaped, because titles and table cells come from scenario files.
//!
//! The output is deterministic (no timestamps, no random ids): the same report
//! gives the same bytes, so run directories stay reproducible and diffable.
//!
//! A small inline script checks the page once it has loaded and leaves the
//! verdict on `<body>`: `data-self-check="done"`, `data-images-ok`,
//! `data-image-count` and `data-errors` (script errors and unhandled promise
//! rejections, joined by ` | `). A headless browser's DOM dump then proves
//! that a report really renders (tests/report.rs).

pub mod pages;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// A whole report: a header, sections in order, and a footer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The page title, shown in the header and the browser tab.
    pub title: String,
    /// One line under the title (scenario, seed, version); empty for none.
    pub subtitle: String,
    /// The body, in reading order; each gets an entry in the table of contents.
    pub sections: Vec<Section>,
    /// Small print at the end (provenance, licence); empty for none.
    pub footer: String,
}

/// One titled part of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading, also the table-of-contents entry.
    pub heading: String,
    /// The content, in order.
    pub blocks: Vec<Block>,
}

/// A piece of content inside a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph of plain text.
    Paragraph(String),
    /// A bulleted list.
    List(Vec<String>),
    /// A table with a header row.
    Table {
        /// Shown above the table; empty for none.
        caption: String,
        /// Column headings; empty for no header row.
        header: Vec<String>,
        /// The cells, row by row.
        rows: Vec<Vec<String>>,
        /// Which columns hold numbers, to be right-aligned; missing entries
        /// count as `false`.
        numeric: Vec<bool>,
    },
    /// A PNG image with its text alternative and caption.
    Figure {
        /// The encoded PNG file.
        png: Vec<u8>,
        /// What the image shows, for readers who cannot see it.
        alt: String,
        /// Shown under the image; empty for none.
        caption: String,
    },
    /// Text shown as is, in a monospace font (logs, configuration).
    Preformatted(String),
    /// A row of cards with the headline numbers.
    KeyFigures(Vec<KeyFigure>),
}

/// One headline number, shown as a card.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyFigure {
    /// What is measured ("Interceptions").
    pub label: String,
    /// The number, formatted ("44 %").
    pub value: String,
    /// Its uncertainty or context ("95 % CI 41-47"); empty for none.
    pub detail: String,
}

/// The page's style: compact, print-aware, system fonts only.
const CSS: &str = r#":root{color-scheme:light;--ink:#1b1f24;--muted:#5b6470;--line:#d8dde3;--accent:#1f5f8b;--zebra:#f3f5f7}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:0 24px 40px;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif;color:var(--ink);background:#fff}
header{padding:32px 0 14px;border-bottom:3px solid var(--accent);margin-bottom:20px}
h1{margin:0;font-size:2rem;line-height:1.2}
.subtitle{margin:6px 0 0;color:var(--muted);font-size:1.1rem}
h2{margin:36px 0 12px;font-size:1.4rem;line-height:1.3;border-bottom:1px solid var(--line);padding-bottom:4px}
a{color:var(--accent)}
nav.toc{background:var(--zebra);border:1px solid var(--line);border-radius:6px;padding:10px 20px}
nav.toc h2{margin:0 0 4px;font-size:.85rem;border:0;padding:0;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
nav.toc ol{margin:0;padding-left:1.4em}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{flex:1 1 190px;border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:6px;padding:10px 14px}
.card .label{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.card .value{font-size:1.7rem;font-weight:600;line-height:1.3;font-variant-numeric:tabular-nums}
.card .detail{font-size:.85rem;color:var(--muted)}
.scroll{overflow-x:auto;margin:16px 0}
table{border-collapse:collapse;width:100%;font-size:.92rem}
caption{text-align:left;font-weight:600;padding:0 0 6px}
th,td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{border-bottom:2px solid var(--ink)}
tbody tr:nth-child(even){background:var(--zebra)}
th.num,td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
figure{margin:20px 0}
figure img{display:block;max-width:100%;height:auto;margin:0 auto}
figcaption{margin-top:6px;font-size:.9rem;color:var(--muted);text-align:center}
pre{background:var(--zebra);border:1px solid var(--line);border-radius:6px;padding:10px 14px;overflow-x:auto;font:.85rem/1.45 ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace}
footer{margin-top:44px;padding-top:10px;border-top:1px solid var(--line);color:var(--muted);font-size:.85rem}
@media print{body{max-width:none;padding:0;font-size:10.5pt}header{padding-top:0}a{color:inherit;text-decoration:none}
h2{break-after:avoid}figure,.card,tr,pre{break-inside:avoid}.scroll{overflow:visible}pre{white-space:pre-wrap}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"#;

/// The self-check (see the module doc). It sits in `<head>` so that it hears
/// errors from the first script on; it only writes to `<body>` once there is one.
const SELF_CHECK: &str = r#"(function () {
  "use strict";
  var errors = [];
  function publish() {
    if (document.body) document.body.dataset.errors = errors.join(" | ");
  }
  function note(message) {
    errors.push(String(message));
    publish();
  }
  // Capturing, so that failed image loads (which do not bubble) count too.
  window.addEventListener("error", function (e) {
    note(e.message || "cannot load " + ((e.target && e.target.tagName) || "a resource"));
  }, true);
  window.addEventListener("unhandledrejection", function (e) {
    note("unhandled rejection: " + ((e.reason && e.reason.message) || e.reason));
  });
  window.addEventListener("load", function () {
    var images = Array.prototype.slice.call(document.images);
    var d = document.body.dataset;
    d.imageCount = String(images.length);
    d.imagesOk = String(images.every(function (i) { return i.complete && i.naturalWidth > 0; }));
    publish();
    d.selfCheck = "done";
  });
})();
"#;

/// Allows only what the page carries inline; anything else is blocked and
/// logged by the browser, which the browser test treats as a failure.
const CSP: &str = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

/// Renders `report` as one self-contained HTML5 page.
pub fn render(report: &Report) -> String {
    let mut h = Html::default();
    h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    h.text(CSP);
    h.raw("\">\n<title>");
    h.text(&report.title);
    h.raw("</title>\n<style>\n");
    h.raw(CSS);
    h.raw("</style>\n<script>\n");
    h.raw(SELF_CHECK);
    h.raw("</script>\n</head>\n<body>\n<header>\n<h1>");
    h.text(&report.title);
    h.raw("</h1>\n");
    if !report.subtitle.is_empty() {
        h.element("p class=\"subtitle\"", &report.subtitle);
    }
    h.raw("</header>\n");

    let ids: Vec<String> = report.sections.iter().enumerate().map(|(i, s)| anchor(i, &s.heading)).collect();
    if !report.sections.is_empty() {
        h.raw("<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n");
        for (section, id) in report.sections.iter().zip(&ids) {
            h.raw("<li><a href=\"#");
            h.raw(id);
            h.raw("\">");
            h.text(&section.heading);
            h.raw("</a></li>\n");
        }
        h.raw("</ol>\n</nav>\n");
    }

    h.raw("<main>\n");
    for (section, id) in report.sections.iter().zip(&ids) {
        h.raw("<section id=\"");
        h.raw(id);
        h.raw("\">\n<h2>");
        h.text(&section.heading);
        h.raw("</h2>\n");
        for block in &section.blocks {
            block_html(&mut h, block);
        }
        h.raw("</section>\n");
    }
    h.raw("</main>\n");
    if !report.footer.is_empty() {
        h.element("footer", &report.footer);
    }
    h.raw("</body>\n</html>\n");
    h.0
}

fn block_html(h: &mut Html, block: &Block) {
    match block {
        Block::Paragraph(text) => h.element("p", text),
        Block::List(items) => {
            h.raw("<ul>\n");
            for item in items {
                h.element("li", item);
            }
            h.raw("</ul>\n");
        }
        Block::Table { caption, header, rows, numeric } => {
            let class = |col: usize| if numeric.get(col).copied().unwrap_or(false) { " class=\"num\"" } else { "" };
            h.raw("<div class=\"scroll\">\n<table>\n");
            if !caption.is_empty() {
                h.element("caption", caption);
            }
            if !header.is_empty() {
                h.raw("<thead>\n<tr>");
                for (col, cell) in header.iter().enumerate() {
                    h.raw("<th scope=\"col\"");
                    h.raw(class(col));
                    h.raw(">");
                    h.text(cell);
                    h.raw("</th>");
                }
                h.raw("</tr>\n</thead>\n");
            }
            h.raw("<tbody>\n");
            for row in rows {
                h.raw("<tr>");
                for (col, cell) in row.iter().enumerate() {
                    h.raw("<td");
                    h.raw(class(col));
                    h.raw(">");
                    h.text(cell);
                    h.raw("</td>");
                }
                h.raw("</tr>\n");
            }
            h.raw("</tbody>\n</table>\n</div>\n");
        }
        Block::Figure { png, alt, caption } => {
            h.raw("<figure>\n<img alt=\"");
            h.text(alt);
            h.raw("\"");
            // Intrinsic size lets the browser reserve the space before decoding;
            // CSS still scales the image down to the page width.
            if let Some((w, ht)) = png_size(png) {
                h.raw(&format!(" width=\"{w}\" height=\"{ht}\""));
            }
            h.raw(" src=\"data:image/png;base64,");
            h.raw(&STANDARD.encode(png));
            h.raw("\">\n");
            if !caption.is_empty() {
                h.element("figcaption", caption);
            }
            h.raw("</figure>\n");
        }
        Block::Preformatted(text) => h.element("pre", text),
        Block::KeyFigures(cards) => {
            if cards.is_empty() {
                return;
            }
            h.raw("<div class=\"cards\">\n");
            for card in cards {
                h.raw("<div class=\"card\">");
                h.element("div class=\"label\"", &card.label);
                h.element("div class=\"value\"", &card.value);
                if !card.detail.is_empty() {
                    h.element("div class=\"detail\"", &card.detail);
                }
                h.raw("</div>\n");
            }
            h.raw("</div>\n");
        }
    }
}

/// A page under construction. Text goes in through [`Html::text`], which
/// escapes it; only the module's own markup goes through [`Html::raw`].
#[derive(Default)]
struct Html(String);

impl Html {
    fn raw(&mut self, markup: &str) {
        self.0.push_str(markup);
    }

    fn text(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                '\'' => self.0.push_str("&#39;"),
                _ => self.0.push(c),
            }
        }
    }

    /// `<tag attrs>text</tag>` and a newline; `open` is the tag with its attributes.
    fn element(&mut self, open: &str, text: &str) {
        let name = open.split(' ').next().unwrap_or(open);
        self.raw("<");
        self.raw(open);
        self.raw(">");
        self.text(text);
        self.raw("</");
        self.raw(name);
        self.raw(">\n");
    }
}

/// A section's anchor: its position (so it is unique) and a readable slug.
fn anchor(index: usize, heading: &str) -> String {
    let mut slug = String::new();
    for c in heading.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() { format!("s{}", index + 1) } else { format!("s{}-{slug}", index + 1) }
}

/// Width and height from a PNG's IHDR chunk, if `png` starts like a PNG.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if png.len() < 24 || !png.starts_with(SIGNATURE) || &png[12..16] != b"IHDR" {
        return None;
    }
    let be = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    Some((be(16), be(20)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "<script>alert('x')</script> & \"co\"";
    const HOSTILE_ESCAPED: &str = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;";

    /// The smallest valid PNG header: signature and IHDR for 3 x 2.
    fn png_header() -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&3u32.to_be_bytes());
        png.extend_from_slice(&2u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0]);
        png
    }

    fn sample() -> Report {
        Report {
            title: format!("Title {HOSTILE}"),
            subtitle: format!("Subtitle {HOSTILE}"),
            sections: vec![
                Section {
                    heading: "Summary & scope".into(),
                    blocks: vec![
                        Block::Paragraph(format!("Para {HOSTILE}")),
                        Block::KeyFigures(vec![KeyFigure {
                            label: format!("Label {HOSTILE}"),
                            value: "44 %".into(),
                            detail: "95 % CI 41-47".into(),
                        }]),
                        Block::List(vec![format!("Item {HOSTILE}")]),
                    ],
                },
                Section {
                    heading: format!("Data {HOSTILE}"),
                    blocks: vec![
                        Block::Table {
                            caption: format!("Caption {HOSTILE}"),
                            header: vec!["System".into(), "Shots".into()],
                            rows: vec![vec![format!("Cell {HOSTILE}"), "12".into()]],
                            numeric: vec![false, true],
                        },
                        Block::Figure {
                            png: png_header(),
                            alt: format!("Alt {HOSTILE}"),
                            caption: format!("Figure {HOSTILE}"),
                        },
                        Block::Preformatted(format!("Pre {HOSTILE}")),
                    ],
                },
            ],
            footer: format!("Footer {HOSTILE}"),
        }
    }

    #[test]
    fn report_text_is_escaped_everywhere() {
        let html = render(&sample());
        // Only the self-check script is a script.
        assert_eq!(html.matches("<script").count(), 1, "{html}");
        assert!(!html.contains(HOSTILE));
        for what in
            ["Title", "Subtitle", "Para", "Label", "Item", "Data", "Caption", "Cell", "Alt", "Figure", "Pre", "Footer"]
        {
            assert!(html.contains(&format!("{what} {HOSTILE_ESCAPED}")), "{what} not escaped");
        }
        assert!(html.contains("Summary &amp; scope"));
    }

    #[test]
    fn report_page_is_html5_and_self_contained() {
        let html = render(&sample());
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("<meta name=\"viewport\""));
        assert!(html.contains("@media print"));
        assert!(html.trim_end().ends_with("</html>"));
        // Nothing is fetched: no remote URLs, no linked files.
        for banned in ["http://", "https://", "<link", "@import", "url(", " src=\"/", "//fonts"] {
            assert!(!html.contains(banned), "{banned} in page");
        }
        assert_eq!(html.matches(" src=\"").count(), html.matches(" src=\"data:image/png;base64,").count());
    }

    #[test]
    fn report_contents_link_to_every_section() {
        let html = render(&sample());
        for id in ["s1-summary-scope", "s2-data-script-alert-x-script-co"] {
            assert!(html.contains(&format!("<a href=\"#{id}\">")), "{id} not in contents");
            assert!(html.contains(&format!("<section id=\"{id}\">")), "{id} not a section");
        }
        assert_eq!(anchor(2, "¿¿¿"), "s3");
        assert_eq!(anchor(0, "Air war: day by day"), "s1-air-war-day-by-day");
    }

    #[test]
    fn report_blocks_have_their_markup() {
        let html = render(&sample());
        assert!(html.contains("<th scope=\"col\">System</th><th scope=\"col\" class=\"num\">Shots</th>"));
        assert!(html.contains("<td class=\"num\">12</td>"));
        assert!(html.contains("<div class=\"detail\">95 % CI 41-47</div>"));
        let encoded = STANDARD.encode(png_header());
        assert!(html.contains(&format!(" width=\"3\" height=\"2\" src=\"data:image/png;base64,{encoded}\"")));
        assert!(html.contains("<figcaption>Figure "));
    }

    #[test]
    fn report_omits_empty_parts() {
        let html = render(&Report {
            title: "T".into(),
            sections: vec![Section {
                heading: "S".into(),
                blocks: vec![
                    Block::KeyFigures(vec![]),
                    Block::Figure { png: vec![1, 2, 3], alt: "a".into(), caption: String::new() },
                ],
            }],
            ..Report::default()
        });
        for absent in ["class=\"subtitle\"", "<footer", "class=\"cards\"", "<figcaption", " width=\""] {
            assert!(!html.contains(absent), "{absent} rendered");
        }
        assert!(!render(&Report::default()).contains("<nav"));
    }

    #[test]
    fn report_rendering_is_deterministic() {
        assert_eq!(render(&sample()), render(&sample()));
    }
}
