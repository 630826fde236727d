//! Comparing finished batches side by side: the baseline against Germany
//! staying out, against no US enablers, and so on. Reads each batch's
//! summaries (never its runs), draws one box plot per key metric with a box
//! per batch, and writes a table and a report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::figures::{box_of, draw, short, stem_of};
use super::finish::read_findings;
use super::plan::Kind;
use super::stats::Summary;
use super::store::{BatchError, Manifest};
use crate::plot::charts::{BOX_PLOTS_SIZE, BoxPlots};
use crate::report::{Block, KeyFigure, Report, Section};

/// One batch in a comparison.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its directory.
    pub dir: PathBuf,
    /// Its manifest.
    pub manifest: Manifest,
    /// Its summary per metric.
    pub summary: BTreeMap<String, Summary>,
}

/// Reads the finished batches in `dirs`.
pub fn read(dirs: &[PathBuf]) -> Result<Vec<Entry>, BatchError> {
    let mut out = Vec::new();
    for dir in dirs {
        let manifest = Manifest::read(dir)?.ok_or_else(|| BatchError::Mismatch {
            dir: dir.clone(),
            what: "holds no manifest.json: give directories written by `hedgehog batch`".into(),
        })?;
        if manifest.kind() != Kind::Batch || manifest.shard.is_some() || !manifest.complete {
            return Err(BatchError::Mismatch {
                dir: dir.clone(),
                what: "is not a complete, merged batch: compare takes the directories `hedgehog batch` finished".into(),
            });
        }
        let summary = read_findings(dir)?.summaries.into_iter().next().unwrap_or_default();
        out.push(Entry { dir: dir.clone(), manifest, summary });
    }
    Ok(out)
}

/// The metrics every batch reports, in the first batch's key order.
pub fn common_keys(entries: &[Entry], asked: &[String]) -> Vec<String> {
    let first = entries.first().map(|e| e.manifest.key_metrics.clone()).unwrap_or_default();
    let keys = if asked.is_empty() { first } else { asked.to_vec() };
    keys.into_iter().filter(|k| entries.iter().all(|e| e.summary.contains_key(k))).collect()
}

/// Writes the comparison of `entries` on `keys` into `dir`: figures, a CSV
/// and report.html.
pub fn write(dir: &Path, entries: &[Entry], keys: &[String]) -> Result<(), BatchError> {
    std::fs::create_dir_all(dir).map_err(super::store::io(dir))?;
    let label = |e: &Entry| format!("{} ({} runs)", e.manifest.name, e.manifest.replications);
    let mut drawn = Vec::new();
    for key in keys {
        let groups = entries.iter().map(|e| box_of(label(e), &e.summary[key])).collect();
        let fig = BoxPlots { title: format!("{key}, scenario by scenario"), y_label: key.clone(), groups };
        let caption = format!(
            "{key} in each scenario: box from the 25th to the 75th percentile over replications, whiskers at the 5th \
             and 95th, the mean marked."
        );
        drawn.push(draw(dir, &format!("compare_{}", stem_of(key)), caption, BOX_PLOTS_SIZE, &fig)?);
    }
    let mut csv_text = String::from("scenario,directory,metric,n,mean,ci95_lo,ci95_hi,median\n");
    let mut rows = Vec::new();
    for e in entries {
        for key in keys {
            let s = e.summary[key];
            let n = |x: f64| super::store::num(x);
            csv_text.push_str(&format!(
                "{},{},{key},{},{},{},{},{}\n",
                e.manifest.name,
                e.dir.display(),
                s.n,
                n(s.mean),
                n(s.ci95_lo),
                n(s.ci95_hi),
                n(s.median)
            ));
            rows.push(vec![
                e.manifest.name.clone(),
                key.clone(),
                short(s.mean),
                format!("{} to {}", short(s.ci95_lo), short(s.ci95_hi)),
                short(s.median),
            ]);
        }
    }
    let path = dir.join("comparison.csv");
    crate::output::write_file(&path, csv_text.as_bytes())
        .map_err(|e| BatchError::Io { path: path.clone(), source: std::io::Error::other(e.to_string()) })?;
    let first = &entries[0];
    let mut cards = Vec::new();
    if let Some(key) = keys.first() {
        let base = first.summary[key];
        for e in &entries[1..] {
            let s = e.summary[key];
            let overlap = s.ci95_lo <= base.ci95_hi && base.ci95_lo <= s.ci95_hi;
            cards.push(KeyFigure {
                label: format!("{}: {key}", e.manifest.name),
                value: format!("{}{}", if s.mean >= base.mean { "+" } else { "" }, short(s.mean - base.mean)),
                detail: format!(
                    "vs {}; the 95 % CIs {}",
                    first.manifest.name,
                    if overlap { "overlap" } else { "do not overlap" }
                ),
            });
        }
    }
    let page = Report {
        title: format!("{} scenarios compared", entries.len()),
        subtitle: entries.iter().map(|e| e.manifest.name.as_str()).collect::<Vec<_>>().join(" · "),
        sections: vec![
            Section {
                heading: "In brief".into(),
                blocks: vec![
                    Block::Paragraph(format!(
                        "Each scenario was run as a batch of replications; differences are against the first, {}. \
                         Where two 95 % confidence intervals do not overlap, the difference is unlikely to be chance.",
                        first.manifest.name
                    )),
                    Block::KeyFigures(cards),
                    Block::Table {
                        caption: "Key metrics by scenario".into(),
                        header: ["scenario", "metric", "mean", "95 % CI of the mean", "median"]
                            .map(String::from)
                            .to_vec(),
                        rows,
                        numeric: vec![false, false, true, true, true],
                    },
                ],
            },
            Section {
                heading: "Side by side".into(),
                blocks: drawn
                    .iter()
                    .map(|d| Block::Figure { png: d.png.clone(), alt: d.caption.clone(), caption: d.caption.clone() })
                    .collect(),
            },
            Section {
                heading: "Batches".into(),
                blocks: vec![Block::List(
                    entries
                        .iter()
                        .map(|e| {
                            format!(
                                "{}: {} replications from seed {}, batch {} ({})",
                                e.manifest.name,
                                e.manifest.replications,
                                e.manifest.base_seed,
                                e.manifest.id,
                                e.dir.display()
                            )
                        })
                        .collect(),
                )],
            },
        ],
        footer: format!("Made with Hedgehog {} (MIT licence).", env!("CARGO_PKG_VERSION")),
    };
    let path = dir.join("report.html");
    crate::output::write_file(&path, crate::report::render(&page).as_bytes())
        .map_err(|e| BatchError::Io { path: path.clone(), source: std::io::Error::other(e.to_string()) })
}
