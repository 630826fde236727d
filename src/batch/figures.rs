//! The figures of a finished batch or sweep, drawn from its summaries (and,
//! for the histograms, one more streaming pass over the per-run table):
//! - a batch: the distribution of each key metric over replications, and the
//!   daily threat flows with 95 % bands;
//! - a sweep: each key metric per design point side by side (box plots), its
//!   sensitivity to each factor (tornado) and the factors' main effects.
//!
//! Every figure is written as PNG and SVG; the PNGs are returned for the
//! report.

use std::path::Path;

use super::finish::Findings;
use super::plan::Kind;
use super::stats::Summary;
use super::store::{self, BatchError, Manifest};
use crate::plot::charts::{
    BOX_PLOTS_SIZE, BandSeries, BoxGroup, BoxPlots, HISTOGRAM_SIZE, Histogram, MAIN_EFFECTS_SIZE, MainEffect,
    MainEffects, TIME_SERIES_SIZE, TORNADO_SIZE, TimeSeriesBands, Tornado, TornadoBar,
};
use crate::plot::{self, Figure};

/// One figure written, for the report.
#[derive(Debug, Clone)]
pub struct Drawn {
    /// File stem (`.png` and `.svg` beside it).
    pub stem: String,
    /// What it shows.
    pub caption: String,
    /// The PNG's bytes.
    pub png: Vec<u8>,
}

/// Histogram bins per metric.
pub const BINS: usize = 20;

/// The daily series the time-series figure shows, with their labels.
pub const DAILY_FLOWS: [(&str, &str); 4] = [
    ("day.threats.launched", "launched"),
    ("day.threats.destroyed", "destroyed"),
    ("day.threats.diverted", "diverted by EW"),
    ("day.threats.leaked", "hit their targets"),
];

/// A metric name made safe for a file name.
pub fn stem_of(metric: &str) -> String {
    metric.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect()
}

/// Renders `figure` to `dir/stem.png` and `.svg` and keeps the PNG, with its
/// caption, for a report.
pub fn draw(
    dir: &Path,
    stem: &str,
    caption: impl Into<String>,
    size: (u32, u32),
    figure: &impl Figure,
) -> Result<Drawn, BatchError> {
    plot::render_png_and_svg(dir, stem, size, figure)
        .map_err(|e| BatchError::Io { path: dir.join(stem), source: std::io::Error::other(e.to_string()) })?;
    let path = dir.join(format!("{stem}.png"));
    let png = std::fs::read(&path).map_err(store::io(&path))?;
    Ok(Drawn { stem: stem.to_string(), caption: caption.into(), png })
}

/// A box of the distribution `s` summarises, labelled.
pub fn box_of(label: String, s: &Summary) -> BoxGroup {
    BoxGroup { label, p5: s.p5, q1: s.p25, median: s.median, q3: s.p75, p95: s.p95, mean: s.mean, n: s.n }
}

/// Draws the figures of the batch or sweep in `dir`.
pub fn draw_all(dir: &Path, manifest: &Manifest, f: &Findings) -> Result<Vec<Drawn>, BatchError> {
    match manifest.kind() {
        Kind::Batch => batch(dir, manifest, f),
        Kind::Sweep => sweep(dir, manifest, f),
    }
}

fn batch(dir: &Path, manifest: &Manifest, f: &Findings) -> Result<Vec<Drawn>, BatchError> {
    let mut out = Vec::new();
    let summary = f.summaries.first().cloned().unwrap_or_default();
    let keys: Vec<&String> = manifest.key_metrics.iter().filter(|k| summary.contains_key(*k)).collect();
    let bins = histograms(dir, manifest, &keys, &summary)?;
    for (key, bins) in keys.iter().zip(bins) {
        let s = summary[*key];
        let fig = Histogram {
            title: format!("{key} over {} replications", s.n),
            x_label: (*key).clone(),
            bins,
            mean: Some(s.mean),
            ci95: Some((s.ci95_lo, s.ci95_hi)),
        };
        let caption = format!(
            "Distribution of {key} over {} replications: mean {} (95 % CI {} to {}), median {}, 5th-95th percentile {} to {}.",
            s.n,
            short(s.mean),
            short(s.ci95_lo),
            short(s.ci95_hi),
            short(s.median),
            short(s.p5),
            short(s.p95)
        );
        out.push(draw(dir, &format!("hist_{}", stem_of(key)), caption, HISTOGRAM_SIZE, &fig)?);
    }
    if let Some(daily) = f.daily.first() {
        let series = bands(daily, &DAILY_FLOWS);
        let fig = TimeSeriesBands {
            title: format!("Threats per day, mean of {} replications", manifest.replications),
            x_label: "day".into(),
            y_label: "threats".into(),
            series,
        };
        let caption = "Threats launched, destroyed, diverted and hitting their targets per day: mean over \
                       replications with its 95 % confidence band."
            .to_string();
        out.push(draw(dir, "timeseries", caption, TIME_SERIES_SIZE, &fig)?);
        let strategic = bands(daily, &DAILY_STATE);
        // Without a `deterrence` section the state is reported as zeros.
        let has_state = strategic.iter().any(|b| b.points.iter().any(|p| p.1 > 0.0));
        if has_state {
            let fig = TimeSeriesBands {
                title: format!("The coalition day by day, mean of {} replications", manifest.replications),
                x_label: "day".into(),
                y_label: "share (0 to 1)".into(),
                series: strategic,
            };
            let caption = "Coalition cohesion (share of pledged personnel present) and the guarantee's credibility \
                           (Russia's belief in the coalition's resolve times cohesion) at each day's end: mean over \
                           replications with its 95 % confidence band."
                .to_string();
            out.push(draw(dir, "deterrence", caption, TIME_SERIES_SIZE, &fig)?);
        }
    }
    Ok(out)
}

/// The mean and 95 % band of each daily series in `keys` that `daily` has.
fn bands(daily: &std::collections::BTreeMap<String, Vec<(u64, Summary)>>, keys: &[(&str, &str)]) -> Vec<BandSeries> {
    keys.iter()
        .filter_map(|(k, label)| {
            daily.get(*k).map(|days| BandSeries {
                label: label.to_string(),
                points: days.iter().map(|(d, s)| (*d as f64, s.mean, s.ci95_lo, s.ci95_hi)).collect(),
            })
        })
        .collect()
}

/// The strategic state the deterrence figure shows, with its labels.
pub const DAILY_STATE: [(&str, &str); 2] =
    [("deterrence.cohesion", "cohesion"), ("deterrence.credibility", "credibility of the guarantee")];

/// A histogram's bins: (low, high, count).
type Bins = Vec<(f64, f64, u64)>;

/// Bins of each key metric's values: one more pass over the per-run table.
fn histograms(
    dir: &Path,
    manifest: &Manifest,
    keys: &[&String],
    summary: &std::collections::BTreeMap<String, Summary>,
) -> Result<Vec<Bins>, BatchError> {
    let path = dir.join(store::table_names(manifest.kind()).0);
    let err = |e: csv::Error| BatchError::Corrupt { path: path.clone(), what: e.to_string() };
    let mut rdr = csv::Reader::from_path(&path).map_err(err)?;
    let header = rdr.headers().map_err(err)?.clone();
    let cols: Vec<Option<usize>> = keys.iter().map(|k| header.iter().position(|h| h == k.as_str())).collect();
    let ranges: Vec<(f64, f64)> = keys.iter().map(|k| (summary[*k].min, summary[*k].max)).collect();
    let mut counts = vec![vec![0u64; BINS]; keys.len()];
    let mut record = csv::StringRecord::new();
    while rdr.read_record(&mut record).map_err(err)? {
        for (i, col) in cols.iter().enumerate() {
            let Some(x) = col.and_then(|c| record.get(c)).and_then(|v| v.parse::<f64>().ok()) else { continue };
            let (lo, hi) = ranges[i];
            let b = if hi > lo { (((x - lo) / (hi - lo)) * BINS as f64).floor() as usize } else { 0 };
            counts[i][b.min(BINS - 1)] += 1;
        }
    }
    Ok(counts
        .into_iter()
        .zip(ranges)
        .map(|(c, (lo, hi))| {
            if hi > lo {
                let w = (hi - lo) / BINS as f64;
                c.into_iter().enumerate().map(|(i, n)| (lo + i as f64 * w, lo + (i + 1) as f64 * w, n)).collect()
            } else {
                vec![(lo - 0.5, hi + 0.5, c[0])]
            }
        })
        .collect())
}

fn point_label(manifest: &Manifest, levels: &[String], p: usize) -> String {
    let parts: Vec<String> = manifest
        .factors
        .iter()
        .zip(levels)
        .map(|(f, l)| format!("{}={l}", f.rsplit('.').next().unwrap_or(f)))
        .collect();
    format!("{p}: {}", parts.join(", "))
}

fn sweep(dir: &Path, manifest: &Manifest, f: &Findings) -> Result<Vec<Drawn>, BatchError> {
    let mut out = Vec::new();
    for key in &manifest.key_metrics {
        // Every point side by side (the first 40 for large designs).
        let groups: Vec<BoxGroup> = f
            .summaries
            .iter()
            .zip(&f.levels)
            .enumerate()
            .take(40)
            .filter_map(|(p, (m, levels))| m.get(key).map(|s| box_of(point_label(manifest, levels, p), s)))
            .collect();
        let shown = if f.summaries.len() > 40 { " (first 40 points)" } else { "" };
        let fig = BoxPlots { title: format!("{key} at each design point{shown}"), y_label: key.clone(), groups };
        let caption = format!(
            "{key} at each design point of the {}: box from the 25th to the 75th percentile, whiskers at the 5th and 95th, \
             the mean marked; {} replications per point.",
            manifest.design, manifest.replications
        );
        out.push(draw(dir, &format!("points_{}", stem_of(key)), caption, BOX_PLOTS_SIZE, &fig)?);

        let effects: Vec<&super::finish::Effect> = f.effects.iter().filter(|e| &e.metric == key).collect();
        let overall = {
            let means: Vec<f64> = f.summaries.iter().filter_map(|m| m.get(key).map(|s| s.mean)).collect();
            means.iter().sum::<f64>() / means.len().max(1) as f64
        };
        let mut bars = Vec::new();
        let mut panels = Vec::new();
        for factor in &manifest.factors {
            let levels: Vec<&&super::finish::Effect> = effects.iter().filter(|e| &e.factor == factor).collect();
            if let (Some(lo), Some(hi)) = (levels.first(), levels.last()) {
                bars.push(TornadoBar {
                    factor: factor.clone(),
                    low_label: lo.level.clone(),
                    high_label: hi.level.clone(),
                    low: lo.mean,
                    high: hi.mean,
                });
            }
            panels.push(MainEffect {
                factor: factor.clone(),
                levels: levels.iter().map(|e| (e.level.clone(), e.mean, e.ci95_half)).collect(),
            });
        }
        let fig = Tornado {
            title: format!("Sensitivity of {key} to each factor"),
            response_label: key.clone(),
            baseline: overall,
            bars,
        };
        let caption = format!(
            "Mean {key} over the design points at each factor's lowest and highest level (or third of its range), \
             against the mean over all points ({}); widest swing on top.",
            short(overall)
        );
        out.push(draw(dir, &format!("tornado_{}", stem_of(key)), caption, TORNADO_SIZE, &fig)?);
        let fig = MainEffects { title: format!("Main effects on {key}"), response_label: key.clone(), factors: panels };
        let caption = format!(
            "Main effects on {key}: the mean over design points at each level of each factor, with 95 % confidence intervals."
        );
        out.push(draw(dir, &format!("effects_{}", stem_of(key)), caption, MAIN_EFFECTS_SIZE, &fig)?);
    }
    Ok(out)
}

/// A number for a caption: four significant figures, integers as such.
pub fn short(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    // Millions and more (money, mostly) as whole numbers with separators,
    // whether or not they are integral, so a table's column reads alike.
    if x.abs() >= 1e6 && x.abs() < 1e15 {
        let digits = format!("{:.0}", x.abs());
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        return if x < 0.0 { format!("-{grouped}") } else { grouped };
    }
    if x.fract() == 0.0 && x.abs() < 1e12 {
        return format!("{x:.0}");
    }
    // P² percentiles of counts can land a hair off zero.
    if x.abs() < 5e-4 {
        return "0".into();
    }
    if x.abs() >= 1e15 {
        return format!("{:.3e}", x);
    }
    let digits = (3 - x.abs().max(1e-12).log10().floor() as i32).clamp(0, 8) as usize;
    format!("{x:.digits$}")
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn numbers_read_alike_in_a_column() {
        assert_eq!(short(41_628_400.0), "41,628,400");
        assert_eq!(short(44_760_000.7), "44,760,001");
        assert_eq!(short(-3_131_600.0), "-3,131,600");
        assert_eq!(short(999_999.0), "999999");
        assert_eq!(short(0.7894), "0.7894");
        assert_eq!(short(17.5), "17.50");
        assert_eq!(short(1e-5), "0");
        assert_eq!(short(2.5e16), "2.500e16");
    }
}
