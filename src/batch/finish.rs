//! The summaries of a finished batch or sweep, computed by streaming its
//! per-run tables in job order: the same rows always give the same bytes,
//! whether they came from one machine, from shards merged afterwards, or from
//! a run that was interrupted and resumed. Memory holds one accumulator per
//! metric (per day for the time series), never the replications.
//!
//! Writes, for a batch: `summary.csv` and `summary.json` (every metric: n,
//! mean, sd, 95 % CI of the mean, 5th/25th/50th/75th/95th percentiles, min,
//! max) and
//! `timeseries.csv` (each daily series: mean and CI per day). For a sweep:
//! `points.csv` (the same per point, long format), `timeseries.csv` per point,
//! and `effects.csv` (main effects of each factor on the key metrics). Then
//! the figures (`figures`) and `report.html`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::plan::Kind;
use super::stats::{Accumulator, Summary};
use super::store::{self, BatchError, Manifest, num};

/// One factor level's effect on a metric, over design points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    /// Factor path.
    pub factor: String,
    /// The level (or range third) as text.
    pub level: String,
    /// Metric.
    pub metric: String,
    /// Design points at this level.
    pub points: usize,
    /// Mean over those points of the per-point mean.
    pub mean: f64,
    /// Half-width of its 95 % CI.
    pub ci95_half: f64,
}

/// What the summaries found, for plots and the report.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// Per point (one for a batch), per metric.
    pub summaries: Vec<BTreeMap<String, Summary>>,
    /// Factor levels of each point (empty for a batch).
    pub levels: Vec<Vec<String>>,
    /// Per point, per daily series: (day, summary).
    pub daily: Vec<BTreeMap<String, Vec<(u64, Summary)>>>,
    /// Main effects of each factor on each key metric (sweeps).
    pub effects: Vec<Effect>,
}

/// Reads the per-point summaries a finished batch or sweep wrote (not the
/// daily series or effects): what a caller needs to print headline figures.
pub fn read_findings(dir: &Path) -> Result<Findings, BatchError> {
    let manifest = Manifest::read(dir)?.ok_or_else(|| BatchError::Mismatch {
        dir: dir.to_path_buf(),
        what: "holds no manifest.json: not a batch or sweep directory".into(),
    })?;
    let name = if manifest.kind() == Kind::Batch { "summary.csv" } else { "points.csv" };
    let path = dir.join(name);
    let mut rdr = csv::Reader::from_path(&path).map_err(csv_err(&path))?;
    let lead = if manifest.kind() == Kind::Batch { 0 } else { 1 + manifest.factors.len() };
    let mut findings = Findings::default();
    for record in rdr.records() {
        let record = record.map_err(csv_err(&path))?;
        let point: usize = if lead == 0 { 0 } else { record.get(0).and_then(|p| p.parse().ok()).unwrap_or(0) };
        while findings.summaries.len() <= point {
            findings.summaries.push(BTreeMap::new());
            findings.levels.push((1..lead).map(|i| record.get(i).unwrap_or("").to_string()).collect());
        }
        let metric = record.get(lead).unwrap_or("").to_string();
        let v: Vec<f64> = record.iter().skip(lead + 1).map(|x| x.parse().unwrap_or(f64::NAN)).collect();
        if let Some(s) = Summary::from_values(&v) {
            findings.summaries[point].insert(metric, s);
        }
    }
    Ok(findings)
}

fn csv_err(path: &Path) -> impl FnOnce(csv::Error) -> BatchError + '_ {
    move |e| BatchError::Corrupt { path: path.to_path_buf(), what: e.to_string() }
}

/// Computes and writes the summaries of the complete tables in `dir`.
pub fn finish(dir: &Path) -> Result<Findings, BatchError> {
    let manifest = Manifest::read(dir)?.ok_or_else(|| BatchError::Mismatch {
        dir: dir.to_path_buf(),
        what: "holds no manifest.json: not a batch or sweep directory".into(),
    })?;
    let kind = manifest.kind();
    let (runs_name, daily_name) = store::table_names(kind);
    let lead = match kind {
        Kind::Batch => 2,
        Kind::Sweep => 3,
    } + manifest.factors.len();
    let first_factor = lead - manifest.factors.len();

    // Per-run table: one accumulator per metric, per point.
    let runs_path = dir.join(runs_name);
    let mut rdr = csv::Reader::from_path(&runs_path).map_err(csv_err(&runs_path))?;
    let header = rdr.headers().map_err(csv_err(&runs_path))?.clone();
    let names: Vec<String> = header.iter().skip(lead).map(String::from).collect();
    let mut findings = Findings::default();
    let mut current: Option<(String, Vec<String>, Vec<Accumulator>)> = None;
    let mut record = csv::StringRecord::new();
    let mut rows = 0u64;
    let flush = |findings: &mut Findings, cur: Option<(String, Vec<String>, Vec<Accumulator>)>| {
        if let Some((_, levels, accs)) = cur {
            findings.summaries.push(names.iter().cloned().zip(accs.iter().map(Accumulator::summary)).collect());
            findings.levels.push(levels);
        }
    };
    while rdr.read_record(&mut record).map_err(csv_err(&runs_path))? {
        rows += 1;
        let point = if kind == Kind::Sweep { record.get(0).unwrap_or("0").to_string() } else { "0".into() };
        if current.as_ref().is_none_or(|c| c.0 != point) {
            flush(&mut findings, current.take());
            let levels = (first_factor..lead).map(|i| record.get(i).unwrap_or("").to_string()).collect();
            current = Some((point, levels, vec![Accumulator::default(); names.len()]));
        }
        if let Some((_, _, accs)) = current.as_mut() {
            for (acc, field) in accs.iter_mut().zip(record.iter().skip(lead)) {
                if let Ok(x) = field.parse::<f64>() {
                    acc.add(x);
                }
            }
        }
    }
    flush(&mut findings, current.take());
    let expected = match &manifest.shard {
        None => manifest.jobs,
        Some(_) => rows,
    };
    if rows != expected {
        return Err(BatchError::Corrupt {
            path: runs_path,
            what: format!("holds {rows} of {expected} runs: the batch is not complete"),
        });
    }

    // Daily table: per point, per (day, series).
    let daily_path = dir.join(daily_name);
    let mut rdr = csv::Reader::from_path(&daily_path).map_err(csv_err(&daily_path))?;
    let header = rdr.headers().map_err(csv_err(&daily_path))?.clone();
    let day_col = if kind == Kind::Sweep { 2 } else { 1 };
    let series: Vec<String> = header.iter().skip(day_col + 1).map(String::from).collect();
    let mut cur: Option<(String, BTreeMap<u64, Vec<Accumulator>>)> = None;
    let flush_daily = |findings: &mut Findings, cur: Option<(String, BTreeMap<u64, Vec<Accumulator>>)>| {
        if let Some((_, days)) = cur {
            let mut by_series: BTreeMap<String, Vec<(u64, Summary)>> = BTreeMap::new();
            for (day, accs) in days {
                for (name, acc) in series.iter().zip(&accs) {
                    by_series.entry(name.clone()).or_default().push((day, acc.summary()));
                }
            }
            findings.daily.push(by_series);
        }
    };
    while rdr.read_record(&mut record).map_err(csv_err(&daily_path))? {
        let point = if kind == Kind::Sweep { record.get(0).unwrap_or("0").to_string() } else { "0".into() };
        if cur.as_ref().is_none_or(|c| c.0 != point) {
            flush_daily(&mut findings, cur.take());
            cur = Some((point, BTreeMap::new()));
        }
        let day: u64 = record.get(day_col).and_then(|d| d.parse().ok()).unwrap_or(0);
        if let Some((_, days)) = cur.as_mut() {
            let accs = days.entry(day).or_insert_with(|| vec![Accumulator::default(); series.len()]);
            for (acc, field) in accs.iter_mut().zip(record.iter().skip(day_col + 1)) {
                if let Ok(x) = field.parse::<f64>() {
                    acc.add(x);
                }
            }
        }
    }
    flush_daily(&mut findings, cur.take());

    if kind == Kind::Sweep {
        findings.effects = effects(&manifest, &findings);
    }
    write_summaries(dir, &manifest, &findings)?;
    let figures = super::figures::draw_all(dir, &manifest, &findings)?;
    let source = ["scenario.source.ron", "sweep.ron"]
        .iter()
        .find_map(|n| std::fs::read_to_string(dir.join(n)).ok())
        .unwrap_or_default();
    let page = crate::report::pages::batch_page(&manifest, &findings, &figures, &source);
    let path = dir.join("report.html");
    crate::output::write_file(&path, crate::report::render(&page).as_bytes())
        .map_err(|e| BatchError::Io { path: path.clone(), source: std::io::Error::other(e.to_string()) })?;
    Ok(findings)
}

/// Main effects: for each factor, the design points grouped by its level
/// (or, for more than six distinct values, by thirds of its range), and the
/// mean of the key metrics' point means in each group.
fn effects(manifest: &Manifest, f: &Findings) -> Vec<Effect> {
    let mut out = Vec::new();
    for (i, factor) in manifest.factors.iter().enumerate() {
        let values: Vec<&str> = f.levels.iter().map(|l| l.get(i).map_or("", String::as_str)).collect();
        let mut distinct: Vec<&str> = Vec::new();
        for v in &values {
            if !distinct.contains(v) {
                distinct.push(v);
            }
        }
        let numeric: Option<Vec<f64>> = values.iter().map(|v| coded(v)).collect();
        let groups: Vec<(String, Vec<usize>)> = match (&numeric, distinct.len()) {
            (Some(x), n) if n > 6 => {
                let mut sorted = x.clone();
                sorted.sort_by(f64::total_cmp);
                let (a, b) = (sorted[sorted.len() / 3], sorted[2 * sorted.len() / 3]);
                let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
                let third = |t: usize| -> Vec<usize> {
                    (0..x.len())
                        .filter(|&p| match t {
                            0 => x[p] < a,
                            1 => x[p] >= a && x[p] < b,
                            _ => x[p] >= b,
                        })
                        .collect()
                };
                // Design levels carry float noise from scaling (0.38750000000000007):
                // twelve significant digits say the level and nothing else.
                let edge = |x: f64| num(significant(x, 12));
                vec![
                    (format!("{} to {}", edge(lo), edge(a)), third(0)),
                    (format!("{} to {}", edge(a), edge(b)), third(1)),
                    (format!("{} to {}", edge(b), edge(hi)), third(2)),
                ]
            }
            (Some(x), _) => {
                let mut d: Vec<(f64, &str)> = distinct.iter().map(|v| (coded(v).unwrap_or(0.0), *v)).collect();
                d.sort_by(|a, b| a.0.total_cmp(&b.0));
                d.iter().map(|(_, v)| (v.to_string(), (0..x.len()).filter(|&p| values[p] == *v).collect())).collect()
            }
            (None, _) => distinct
                .iter()
                .map(|v| (v.to_string(), (0..values.len()).filter(|&p| values[p] == *v).collect()))
                .collect(),
        };
        for metric in &manifest.key_metrics {
            for (level, members) in &groups {
                let mut acc = Accumulator::default();
                for &p in members {
                    if let Some(s) = f.summaries.get(p).and_then(|m| m.get(metric)) {
                        acc.add(s.mean);
                    }
                }
                let s = acc.summary();
                out.push(Effect {
                    factor: factor.clone(),
                    level: level.clone(),
                    metric: metric.clone(),
                    points: members.len(),
                    mean: s.mean,
                    ci95_half: s.ci95_half_width(),
                });
            }
        }
    }
    out
}

/// A level's number: numbers as written, booleans 0 and 1.
pub fn coded(text: &str) -> Option<f64> {
    match text {
        "true" => Some(1.0),
        "false" => Some(0.0),
        t => t.parse().ok(),
    }
}

fn write_summaries(dir: &Path, manifest: &Manifest, f: &Findings) -> Result<(), BatchError> {
    let cols = Summary::COLUMNS.join(",");
    let line = |fields: Vec<String>| -> String {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        let _ = w.write_record(&fields);
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    };
    let stats = |s: &Summary| s.values().iter().map(|v| num(*v)).collect::<Vec<_>>();
    let mut files: Vec<(&str, String)> = Vec::new();
    match manifest.kind() {
        Kind::Batch => {
            let summary = f.summaries.first().cloned().unwrap_or_default();
            let mut csv_text = format!("metric,{cols}\n");
            for (name, s) in &summary {
                let mut fields = vec![name.clone()];
                fields.extend(stats(s));
                csv_text.push_str(&line(fields));
            }
            files.push(("summary.csv", csv_text));
            #[derive(Serialize)]
            struct SummaryJson<'a> {
                name: &'a str,
                kind: &'a str,
                id: &'a str,
                base_seed: u64,
                replications: u64,
                metrics: &'a BTreeMap<String, Summary>,
            }
            let mut json = serde_json::to_string_pretty(&SummaryJson {
                name: &manifest.name,
                kind: &manifest.kind,
                id: &manifest.id,
                base_seed: manifest.base_seed,
                replications: manifest.replications,
                metrics: &summary,
            })
            .unwrap_or_default();
            json.push('\n');
            files.push(("summary.json", json));
        }
        Kind::Sweep => {
            let mut header = vec!["point".to_string()];
            header.extend(manifest.factors.iter().cloned());
            header.push("metric".into());
            header.extend(Summary::COLUMNS.iter().map(|c| c.to_string()));
            let mut text = line(header);
            for (p, (summary, levels)) in f.summaries.iter().zip(&f.levels).enumerate() {
                for (name, s) in summary {
                    let mut fields = vec![p.to_string()];
                    fields.extend(levels.iter().cloned());
                    fields.push(name.clone());
                    fields.extend(stats(s));
                    text.push_str(&line(fields));
                }
            }
            files.push(("points.csv", text));
            let mut text = String::from("factor,level,metric,points,mean,ci95_half\n");
            for e in &f.effects {
                text.push_str(&line(vec![
                    e.factor.clone(),
                    e.level.clone(),
                    e.metric.clone(),
                    e.points.to_string(),
                    num(e.mean),
                    num(e.ci95_half),
                ]));
            }
            files.push(("effects.csv", text));
        }
    }
    let sweep = manifest.kind() == Kind::Sweep;
    let mut text = if sweep {
        String::from("point,day,metric,n,mean,sd,ci95_lo,ci95_hi\n")
    } else {
        String::from("day,metric,n,mean,sd,ci95_lo,ci95_hi\n")
    };
    for (p, series) in f.daily.iter().enumerate() {
        // Day-major within a point, as a time series reads.
        let mut rows: Vec<(u64, &str, &Summary)> = Vec::new();
        for (name, days) in series {
            rows.extend(days.iter().map(|(d, s)| (*d, name.as_str(), s)));
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
        for (day, name, s) in rows {
            let mut fields = if sweep { vec![p.to_string()] } else { vec![] };
            fields.extend([
                day.to_string(),
                name.to_string(),
                s.n.to_string(),
                num(s.mean),
                num(s.sd),
                num(s.ci95_lo),
                num(s.ci95_hi),
            ]);
            text.push_str(&line(fields));
        }
    }
    files.push(("timeseries.csv", text));
    for (name, text) in files {
        let path = dir.join(name);
        crate::output::write_file(&path, text.as_bytes())
            .map_err(|e| BatchError::Io { path: path.clone(), source: std::io::Error::other(e.to_string()) })?;
    }
    Ok(())
}

/// `x` rounded to `digits` significant digits.
fn significant(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(digits - 1 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits_hide_float_noise() {
        assert_eq!(significant(0.38750000000000007, 12), 0.3875);
        assert_eq!(significant(2.21875, 12), 2.21875);
        assert_eq!(significant(-1234.5678, 3), -1230.0);
        assert_eq!(significant(0.0, 12), 0.0);
    }
}
