//! The directory of a batch or sweep on disk, written so that nothing is ever
//! lost: the per-run rows are appended in job order and flushed to disk chunk
//! by chunk, so a run killed at any moment (even by SIGKILL) leaves a prefix
//! of complete rows that the same command picks up again; the summaries are
//! computed from those rows at the end and written atomically.
//!
//! Files (R = replications; `runs` for a batch, `results` for a sweep):
//! - `manifest.json`: what the directory holds (kind, id, seed, R, points,
//!   factors, shard) and whether it is complete;
//! - `runs.csv` / `results.csv`: one row per replication (per point and
//!   replication), every metric in a column;
//! - `runs_daily.csv` / `results_daily.csv`: per replication and day, the
//!   daily series (for time series with confidence bands).

use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::plan::{Kind, Plan, Shard};
use crate::domains::metrics;
use crate::results::RunResult;

/// Why a batch could not be run, resumed or merged.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// A file system operation failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A directory holds other work than asked.
    #[error("{}: {what}", dir.display())]
    Mismatch {
        /// The directory.
        dir: PathBuf,
        /// What differs and what to do.
        what: String,
    },
    /// A file of ours is not what we wrote.
    #[error("{}: {what}", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        what: String,
    },
}

impl BatchError {
    /// True when the user asked for something that cannot be done (exit 2),
    /// as opposed to a failure of the machine (exit 1).
    pub fn is_input(&self) -> bool {
        !matches!(self, BatchError::Io { .. })
    }
}

/// Wraps an io error with its path.
pub fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BatchError + '_ {
    move |source| BatchError::Io { path: path.to_path_buf(), source }
}

/// What a batch directory holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Hedgehog version that wrote it.
    pub hedgehog: String,
    /// `batch` or `sweep`.
    pub kind: String,
    /// Name of the scenario or sweep.
    pub name: String,
    /// The plan's hash.
    pub id: String,
    /// Base seed.
    pub base_seed: u64,
    /// Replications per point.
    pub replications: u64,
    /// Design points.
    pub points: usize,
    /// Factor paths.
    pub factors: Vec<String>,
    /// The design.
    pub design: String,
    /// Total jobs of the whole batch.
    pub jobs: u64,
    /// The shard this directory holds, `K/N`, if any.
    pub shard: Option<String>,
    /// The metrics the report headlines and plots.
    pub key_metrics: Vec<String>,
    /// True once every row is written (and, unsharded, the summaries).
    pub complete: bool,
}

impl Manifest {
    /// The manifest of `plan` (or of one `shard` of it), not yet complete.
    pub fn of(plan: &Plan, shard: Option<Shard>) -> Self {
        Self {
            hedgehog: env!("CARGO_PKG_VERSION").into(),
            kind: plan.kind.key().into(),
            name: plan.name.clone(),
            id: plan.id.clone(),
            base_seed: plan.base_seed,
            replications: plan.replications,
            points: plan.points.len(),
            factors: plan.factors.clone(),
            design: plan.design.clone(),
            jobs: plan.jobs(),
            shard: shard.map(|s| s.to_string()),
            key_metrics: plan.key_metrics.clone(),
            complete: false,
        }
    }

    /// True when both describe the same work (completeness aside).
    pub fn same_work(&self, other: &Manifest) -> bool {
        self.without_progress() == other.without_progress()
    }

    /// True when both are shards (or the whole) of the same work.
    pub fn same_batch(&self, other: &Manifest) -> bool {
        Manifest { shard: None, ..self.without_progress() } == Manifest { shard: None, ..other.without_progress() }
    }

    fn without_progress(&self) -> Manifest {
        Manifest { complete: false, hedgehog: String::new(), ..self.clone() }
    }

    /// The kind.
    pub fn kind(&self) -> Kind {
        if self.kind == "sweep" { Kind::Sweep } else { Kind::Batch }
    }

    /// Reads `dir/manifest.json`, if there is one.
    pub fn read(dir: &Path) -> Result<Option<Self>, BatchError> {
        let path = dir.join(MANIFEST);
        match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| BatchError::Corrupt { path, what: format!("not a Hedgehog batch manifest: {e}") }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(BatchError::Io { path, source: e }),
        }
    }

    /// Writes `dir/manifest.json` atomically.
    pub fn write(&self, dir: &Path) -> Result<(), BatchError> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        let path = dir.join(MANIFEST);
        crate::output::write_file(&path, text.as_bytes())
            .map_err(|e| BatchError::Io { path: path.clone(), source: std::io::Error::other(e.to_string()) })
    }
}

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";

/// File names of the per-run tables of a batch or sweep.
pub fn table_names(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Batch => ("runs.csv", "runs_daily.csv"),
        Kind::Sweep => ("results.csv", "results_daily.csv"),
    }
}

/// The header of the per-run table.
pub fn runs_header(plan: &Plan) -> Vec<String> {
    let mut h: Vec<String> = match plan.kind {
        Kind::Batch => vec!["replication".into(), "seed".into()],
        Kind::Sweep => vec!["point".into(), "replication".into(), "seed".into()],
    };
    h.extend(plan.factors.iter().cloned());
    h.extend(plan.metrics.iter().cloned());
    h
}

/// The header of the daily table.
pub fn daily_header(plan: &Plan) -> Vec<String> {
    let mut h: Vec<String> = match plan.kind {
        Kind::Batch => vec!["replication".into(), "day".into()],
        Kind::Sweep => vec!["point".into(), "replication".into(), "day".into()],
    };
    h.extend(metrics::daily_series_names());
    h
}

/// Columns before the metrics in the per-run table.
pub fn runs_lead(plan: &Plan) -> usize {
    runs_header(plan).len() - plan.metrics.len()
}

fn csv_line(fields: &[String]) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // Writing strings to memory cannot fail.
    let _ = w.write_record(fields);
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Formats a number the shortest way that reads back to the same value.
pub fn num(x: f64) -> String {
    if x == 0.0 { "0".into() } else { format!("{x}") }
}

/// The rows one finished run adds: its line of the per-run table and its
/// lines of the daily table.
pub fn rows_of(plan: &Plan, job: &super::plan::Job, run: &RunResult) -> (String, String) {
    let point = &plan.points[job.point];
    let mut fields: Vec<String> = match plan.kind {
        Kind::Batch => vec![job.replication.to_string(), job.seed.to_string()],
        Kind::Sweep => vec![job.point.to_string(), job.replication.to_string(), job.seed.to_string()],
    };
    fields.extend(point.levels.iter().cloned());
    let m = &run.summary.metrics;
    fields.extend(plan.metrics.iter().map(|k| m.get(k).map_or(String::new(), |v| num(*v))));
    let runs = csv_line(&fields);
    let series = metrics::daily_series_names();
    let mut daily = String::new();
    for d in &run.timeseries {
        let mut f: Vec<String> = match plan.kind {
            Kind::Batch => vec![job.replication.to_string(), d.day.to_string()],
            Kind::Sweep => vec![job.point.to_string(), job.replication.to_string(), d.day.to_string()],
        };
        f.extend(series.iter().map(|k| num(d.values.get(k).copied().unwrap_or(0.0))));
        daily.push_str(&csv_line(&f));
    }
    (runs, daily)
}

/// The per-run tables of a directory, open for appending.
#[derive(Debug)]
pub struct Tables {
    runs: File,
    daily: File,
    runs_path: PathBuf,
    daily_path: PathBuf,
    /// Jobs already complete, counted from the shard's first job.
    pub done: u64,
}

impl Tables {
    /// Opens (creating or repairing) the tables in `dir` for `plan`. A row
    /// cut short by a crash is dropped; daily rows of jobs whose run row never
    /// made it are dropped too.
    pub fn open(dir: &Path, plan: &Plan, first_job: u64) -> Result<Self, BatchError> {
        let (runs_name, daily_name) = table_names(plan.kind);
        let (runs_path, daily_path) = (dir.join(runs_name), dir.join(daily_name));
        let runs_head = csv_line(&runs_header(plan));
        let daily_head = csv_line(&daily_header(plan));
        let done = repair(&runs_path, &runs_head, |_| true)?;
        let lead = match plan.kind {
            Kind::Batch => 1,
            Kind::Sweep => 2,
        };
        let reps = plan.replications;
        repair(&daily_path, &daily_head, |line| {
            // Keep daily rows of the jobs whose run row is complete.
            let f: Vec<&str> = line.splitn(lead + 1, ',').collect();
            let job = match lead {
                1 => f.first().and_then(|r| r.parse::<u64>().ok()),
                _ => f
                    .first()
                    .and_then(|p| p.parse::<u64>().ok())
                    .zip(f.get(1).and_then(|r| r.parse::<u64>().ok()))
                    .map(|(p, r)| p * reps + r),
            };
            job.is_some_and(|j| j < first_job + done)
        })?;
        let open = |p: &Path| OpenOptions::new().append(true).open(p).map_err(io(p));
        Ok(Self { runs: open(&runs_path)?, daily: open(&daily_path)?, runs_path, daily_path, done })
    }

    /// Appends finished runs' rows and makes them durable: the daily rows
    /// first, so a run row on disk always has its daily rows.
    pub fn append(&mut self, rows: &[(String, String)]) -> Result<(), BatchError> {
        let daily: String = rows.iter().map(|r| r.1.as_str()).collect();
        self.daily.write_all(daily.as_bytes()).map_err(io(&self.daily_path))?;
        self.daily.sync_data().map_err(io(&self.daily_path))?;
        let runs: String = rows.iter().map(|r| r.0.as_str()).collect();
        self.runs.write_all(runs.as_bytes()).map_err(io(&self.runs_path))?;
        self.runs.sync_data().map_err(io(&self.runs_path))?;
        self.done += rows.len() as u64;
        Ok(())
    }
}

/// Makes `path` a header plus complete rows: creates it with `header` if
/// missing, checks the header, cuts a partial last line and every row from
/// the first that `keep` rejects. Returns the number of rows kept.
fn repair(path: &Path, header: &str, keep: impl Fn(&str) -> bool) -> Result<u64, BatchError> {
    if !path.exists() {
        let mut f = File::create(path).map_err(io(path))?;
        f.write_all(header.as_bytes()).map_err(io(path))?;
        f.sync_all().map_err(io(path))?;
        return Ok(0);
    }
    let file = File::open(path).map_err(io(path))?;
    let mut reader = BufReader::new(file);
    let mut line = String::new();
    reader.read_line(&mut line).map_err(io(path))?;
    if line != header {
        return Err(BatchError::Corrupt {
            path: path.to_path_buf(),
            what: "its header is not this batch's; remove the directory or use --force".into(),
        });
    }
    let mut good_end = line.len() as u64;
    let mut rows = 0;
    loop {
        line.clear();
        let n = reader.read_line(&mut line).map_err(io(path))?;
        if n == 0 || !line.ends_with('\n') || !keep(line.trim_end()) {
            break;
        }
        good_end += n as u64;
        rows += 1;
    }
    let mut f = OpenOptions::new().write(true).open(path).map_err(io(path))?;
    f.set_len(good_end).map_err(io(path))?;
    f.seek(SeekFrom::End(0)).map_err(io(path))?;
    f.sync_all().map_err(io(path))?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repair_keeps_complete_rows_and_cuts_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        assert_eq!(repair(&p, "a,b\n", |_| true).unwrap(), 0);
        fs::write(&p, "a,b\n1,2\n3,4\n5,").unwrap();
        assert_eq!(repair(&p, "a,b\n", |_| true).unwrap(), 2);
        assert_eq!(fs::read_to_string(&p).unwrap(), "a,b\n1,2\n3,4\n");
        assert_eq!(repair(&p, "a,b\n", |l| l.starts_with('1')).unwrap(), 1);
        assert_eq!(fs::read_to_string(&p).unwrap(), "a,b\n1,2\n");
        assert!(matches!(repair(&p, "x\n", |_| true), Err(BatchError::Corrupt { .. })));
    }

    #[test]
    fn numbers_read_back_exactly() {
        for x in [0.0, 1.0, -2.5, 1e-7, 123456789.125, 0.1 + 0.2, f64::MAX] {
            assert_eq!(num(x).parse::<f64>().unwrap(), x);
        }
        assert_eq!(num(-0.0), "0");
    }
}
