//! What the reports say: the page of one run, of a batch of replications and
//! of a sweep, built from their results and figures. [`super::render`] turns
//! a page into the self-contained `report.html`.

use std::collections::BTreeMap;

use super::{Block, KeyFigure, Report, Section};
use crate::batch::figures::{Drawn, short};
use crate::batch::finish::Findings;
use crate::batch::plan::Kind;
use crate::batch::stats::Summary;
use crate::batch::store::Manifest;
use crate::config::Scenario;
use crate::config::catalog::ThreatClass;
use crate::results::RunResult;

/// The leading `//` comment of a RON file: where Hedgehog's scenarios state
/// their assumptions and sources.
pub fn header_comment(text: &str) -> String {
    text.lines()
        .take_while(|l| l.trim_start().starts_with("//") || l.trim().is_empty())
        .map(|l| {
            l.trim_start().trim_start_matches("//").strip_prefix(' ').unwrap_or(l.trim_start().trim_start_matches("//"))
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// The value of a top-level `description: "..."` in a RON text, if any.
fn description(text: &str) -> Option<String> {
    let line = text.lines().find(|l| l.trim_start().starts_with("description:"))?;
    let start = line.find('"')? + 1;
    let end = line.rfind('"')?;
    (end > start).then(|| line[start..end].replace("\\\"", "\""))
}

fn footer() -> String {
    format!(
        "Made with Hedgehog {} (MIT licence), an open, headless wargame. Map data: Natural Earth (public domain); \
         occupied area and line of contact: DeepStateMap, 2025-12-01; places: GeoNames (CC BY 4.0) and others listed \
         in assets/geo/. Parameters and their sources: assets/catalog/ and the scenario file.",
        env!("CARGO_PKG_VERSION")
    )
}

fn figure(d: &Drawn) -> Block {
    Block::Figure { png: d.png.clone(), alt: d.caption.clone(), caption: d.caption.clone() }
}

fn assumptions(text: &str) -> Section {
    let comment = header_comment(text);
    let blocks = if comment.is_empty() {
        vec![Block::Paragraph("The scenario file carries no header comment on its assumptions.".into())]
    } else {
        vec![Block::Paragraph("As stated at the head of the scenario file:".into()), Block::Preformatted(comment)]
    };
    Section { heading: "Assumptions and sources".into(), blocks }
}

fn summary_table(caption: &str, metrics: &[String], summary: &BTreeMap<String, Summary>) -> Block {
    let rows = metrics
        .iter()
        .filter_map(|k| {
            summary.get(k).map(|s| {
                vec![
                    k.clone(),
                    short(s.mean),
                    format!("{} to {}", short(s.ci95_lo), short(s.ci95_hi)),
                    short(s.sd),
                    short(s.p5),
                    short(s.median),
                    short(s.p95),
                ]
            })
        })
        .collect();
    Block::Table {
        caption: caption.into(),
        header: ["metric", "mean", "95 % CI of the mean", "sd", "5th pct", "median", "95th pct"]
            .map(String::from)
            .to_vec(),
        rows,
        numeric: vec![false, true, true, true, true, true, true],
    }
}

fn files(names: &[(&str, &str)]) -> Section {
    Section {
        heading: "Files".into(),
        blocks: vec![Block::List(names.iter().map(|(f, what)| format!("{f}: {what}")).collect())],
    }
}

/// The page of a batch or sweep.
pub fn batch_page(manifest: &Manifest, f: &Findings, figures: &[Drawn], source_text: &str) -> Report {
    match manifest.kind() {
        Kind::Batch => batch(manifest, f, figures, source_text),
        Kind::Sweep => sweep(manifest, f, figures, source_text),
    }
}

fn batch(manifest: &Manifest, f: &Findings, figures: &[Drawn], source_text: &str) -> Report {
    let summary = f.summaries.first().cloned().unwrap_or_default();
    let mut brief = Vec::new();
    if let Some(d) = description(source_text) {
        brief.push(Block::Paragraph(d));
    }
    brief.push(Block::Paragraph(format!(
        "{} replications of scenario \"{}\": replication i ran with seed run_seed({}, i), so any one can be rerun \
         alone with `hedgehog run --seed`. Means carry 95 % confidence intervals (Student's t); percentiles are \
         streaming P² estimates.",
        manifest.replications, manifest.name, manifest.base_seed
    )));
    brief.push(Block::KeyFigures(
        manifest
            .key_metrics
            .iter()
            .filter_map(|k| {
                summary.get(k).map(|s| KeyFigure {
                    label: k.clone(),
                    value: short(s.mean),
                    detail: format!("95 % CI {} to {}", short(s.ci95_lo), short(s.ci95_hi)),
                })
            })
            .collect(),
    ));
    brief.push(summary_table("Key metrics over the replications", &manifest.key_metrics, &summary));
    let all: Vec<String> = summary.keys().cloned().collect();
    Report {
        title: format!("{}: {} replications", manifest.name, manifest.replications),
        subtitle: format!("Hedgehog {} · batch {} · base seed {}", manifest.hedgehog, manifest.id, manifest.base_seed),
        sections: vec![
            Section { heading: "In brief".into(), blocks: brief },
            Section { heading: "Distributions and time series".into(), blocks: figures.iter().map(figure).collect() },
            Section {
                heading: "Every metric".into(),
                blocks: vec![summary_table("All metrics the runs report", &all, &summary)],
            },
            assumptions(source_text),
            files(&[
                ("runs.csv", "one row per replication: its seed and every metric"),
                ("runs_daily.csv", "per replication and day: the daily series"),
                ("summary.csv, summary.json", "every metric: n, mean, sd, 95 % CI, percentiles, min, max"),
                ("timeseries.csv", "each daily series: mean and 95 % CI per day"),
                ("hist_*.png/.svg, timeseries.png/.svg", "the figures above"),
                ("scenario.resolved.ron", "exactly what ran; scenario.source.ron as written"),
                ("manifest.json", "what the directory holds"),
            ]),
        ],
        footer: footer(),
    }
}

fn sweep(manifest: &Manifest, f: &Findings, figures: &[Drawn], source_text: &str) -> Report {
    let mut brief = vec![Block::Paragraph(format!(
        "A {} over {} factor(s) of scenario fields, {} replications per point ({} runs). Every point uses the same \
         seeds (common random numbers), so differences between points are the factors', not luck's.",
        manifest.design,
        manifest.factors.len(),
        manifest.replications,
        manifest.jobs
    ))];
    brief.push(Block::List(manifest.factors.clone()));
    let mut header = vec!["point".to_string()];
    header.extend(manifest.factors.iter().map(|f| f.rsplit('.').next().unwrap_or(f).to_string()));
    header.extend(manifest.key_metrics.iter().map(|k| format!("{k} (mean)")));
    let rows: Vec<Vec<String>> = f
        .summaries
        .iter()
        .zip(&f.levels)
        .enumerate()
        .map(|(p, (m, levels))| {
            let mut r = vec![p.to_string()];
            r.extend(levels.iter().cloned());
            r.extend(manifest.key_metrics.iter().map(|k| m.get(k).map_or(String::new(), |s| short(s.mean))));
            r
        })
        .collect();
    let mut numeric = vec![true];
    numeric.extend(manifest.factors.iter().map(|_| false));
    numeric.extend(manifest.key_metrics.iter().map(|_| true));
    let design = Block::Table { caption: "Design points and their mean key metrics".into(), header, rows, numeric };
    let effects = Block::Table {
        caption: "Main effects: mean over the points at each level".into(),
        header: ["factor", "level", "metric", "points", "mean", "± 95 % CI"].map(String::from).to_vec(),
        rows: f
            .effects
            .iter()
            .map(|e| {
                vec![
                    e.factor.clone(),
                    e.level.clone(),
                    e.metric.clone(),
                    e.points.to_string(),
                    short(e.mean),
                    short(e.ci95_half),
                ]
            })
            .collect(),
        numeric: vec![false, false, false, true, true, true],
    };
    Report {
        title: format!("{}: a sweep of {} points", manifest.name, manifest.points),
        subtitle: format!("Hedgehog {} · sweep {} · base seed {}", manifest.hedgehog, manifest.id, manifest.base_seed),
        sections: vec![
            Section { heading: "In brief".into(), blocks: brief },
            Section { heading: "Sensitivity".into(), blocks: figures.iter().map(figure).chain([effects]).collect() },
            Section { heading: "Design points".into(), blocks: vec![design] },
            assumptions(source_text),
            files(&[
                ("results.csv", "one row per point and replication: factor levels and every metric"),
                ("points.csv", "every metric per point: n, mean, sd, 95 % CI, percentiles (long format)"),
                ("effects.csv", "main effects of each factor on the key metrics"),
                ("timeseries.csv", "daily series per point: mean and 95 % CI"),
                ("sweep.ron", "the sweep as written"),
            ]),
        ],
        footer: footer(),
    }
}

/// The page of one run.
pub fn run_page(scenario: &Scenario, run: &RunResult, figures: &[Drawn], source_text: &str) -> Report {
    let m = &run.summary.metrics;
    let get = |k: &str| m.get(k).copied().unwrap_or(0.0);
    let mut brief = vec![Block::Paragraph(scenario.description.clone())];
    brief.push(Block::KeyFigures(
        [
            ("threats launched", "threats.launched"),
            ("destroyed", "threats.destroyed"),
            ("hit their targets", "threats.leaked"),
            ("interceptor cost, $M", "interceptors.cost_usd"),
            ("civilian casualties", "casualties.civilian"),
        ]
        .iter()
        .map(|(label, k)| {
            let v = if k.ends_with("cost_usd") { get(k) / 1e6 } else { get(k) };
            KeyFigure { label: label.to_string(), value: short(v), detail: String::new() }
        })
        .collect(),
    ));
    let stats = ["launched", "detected", "engaged", "destroyed", "diverted", "leaked"];
    let mut header = vec!["class".to_string()];
    header.extend(stats.iter().map(|s| s.to_string()));
    let rows: Vec<Vec<String>> = ThreatClass::ALL
        .iter()
        .filter(|c| get(&format!("threats.launched.{}", c.key())) > 0.0)
        .map(|c| {
            let mut r = vec![c.key().to_string()];
            r.extend(stats.iter().map(|s| short(get(&format!("threats.{s}.{}", c.key())))));
            r
        })
        .collect();
    brief.push(Block::Table {
        caption: "Threats by class".into(),
        header,
        rows,
        numeric: vec![false, true, true, true, true, true, true],
    });
    brief.push(Block::Paragraph(
        "One run is one draw of chance: for distributions and confidence intervals run `hedgehog batch`.".into(),
    ));
    let mut sections = vec![
        Section { heading: "In brief".into(), blocks: brief },
        Section {
            heading: "The air war".into(),
            blocks: figures.iter().filter(|f| f.stem != "deterrence").map(figure).collect(),
        },
    ];
    if scenario.deterrence.is_some() {
        sections.push(deterrence_section(run, figures));
    }
    let metrics = Block::Table {
        caption: "Every metric of the run".into(),
        header: vec!["metric".into(), "value".into()],
        rows: m.iter().map(|(k, v)| vec![k.clone(), short(*v)]).collect(),
        numeric: vec![false, true],
    };
    Report {
        title: format!("{}: one run, seed {}", scenario.name, run.summary.seed),
        subtitle: format!(
            "Hedgehog {} · {} days at {} s per tick · {} km map",
            run.summary.hedgehog_version,
            scenario.duration_days,
            scenario.tick_seconds,
            scenario.grid.cell_m / 1000.0
        ),
        sections: {
            sections.extend([
                Section { heading: "Every metric".into(), blocks: vec![metrics] },
                assumptions(source_text),
                files(&[
                    ("summary.json", "run facts and every metric"),
                    (
                        "events.csv",
                        "every launch, detection, engagement, impact, deployment, breach and answer, with positions",
                    ),
                    ("timeseries.csv", "one row per day"),
                    ("scenario.resolved.ron", "exactly what ran"),
                ]),
            ]);
            sections
        },
        footer: footer(),
    }
}

/// Russia's breaches and the coalition's state in one run.
fn deterrence_section(run: &RunResult, figures: &[Drawn]) -> Section {
    let m = &run.summary.metrics;
    let get = |k: &str| m.get(k).copied().unwrap_or(0.0);
    let mut blocks = vec![Block::KeyFigures(
        [
            ("breaches attempted", "breaches.attempted"),
            ("deterred", "breaches.deterred"),
            ("succeeded", "breaches.succeeded"),
            ("repelled", "breaches.repelled"),
            ("cohesion at the end", "deterrence.cohesion"),
            ("credibility at the end", "deterrence.credibility"),
            ("withdrawals", "politics.withdrawals"),
            ("territory lost, km²", "ground.territory_km2"),
        ]
        .iter()
        .map(|(label, k)| KeyFigure { label: label.to_string(), value: short(get(k)), detail: String::new() })
        .collect(),
    )];
    let stats = ["attempted", "deterred", "succeeded", "repelled"];
    let mut header = vec!["kind of breach".to_string()];
    header.extend(stats.iter().map(|s| s.to_string()));
    let rows = crate::config::deterrence::BreachKind::ALL
        .iter()
        .map(|k| {
            let mut r = vec![k.key().replace('_', " ")];
            r.extend(stats.iter().map(|s| short(get(&format!("breaches.{s}.kind.{}", k.key())))));
            r
        })
        .collect();
    blocks.push(Block::Table {
        caption: "Breaches by kind (deterred: considered and not chosen because of the expected answer)".into(),
        header,
        rows,
        numeric: vec![false, true, true, true, true],
    });
    blocks.extend(figures.iter().filter(|f| f.stem == "deterrence").map(figure));
    blocks.push(Block::Paragraph(
        "How Russia weighs its options, how the coalition answers and how support and cohesion move: docs/deterrence.md."
            .into(),
    ));
    Section { heading: "Deterrence".into(), blocks }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_comment_and_description_are_found() {
        let text = "// Baseline: a test.\n//\n// - one\nScenario(\n    name: \"x\",\n    description: \"Says \\\"hi\\\".\",\n)";
        assert_eq!(header_comment(text), "Baseline: a test.\n\n- one");
        assert_eq!(description(text).as_deref(), Some("Says \"hi\"."));
        assert_eq!(header_comment("Scenario()"), "");
    }
}
