//! What a run produces, as plain serde data with no ECS types: a summary of
//! named metrics, the event log and a daily time series. Batch aggregates
//! these; output writes them as summary.json, events.csv and timeseries.csv.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// Everything one run returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// Totals and run facts.
    pub summary: RunSummary,
    /// Every event, in the order it happened.
    pub events: Vec<EventRecord>,
    /// One row per simulated day.
    pub timeseries: Vec<DayRecord>,
}

/// The summary of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// Scenario name.
    pub scenario: String,
    /// Hedgehog version that produced it.
    pub hedgehog_version: String,
    /// The seed the run used.
    pub seed: u64,
    /// Replication index (0 for a single run).
    pub replication: u64,
    /// Simulated days.
    pub duration_days: f64,
    /// Seconds per tick.
    pub tick_seconds: u32,
    /// Ticks in the simulated period.
    pub ticks: u64,
    /// Ticks actually executed (the rest were idle and skipped).
    pub ticks_executed: u64,
    /// Named metrics, dotted (`units.deployed.coalition`). Every run of a
    /// scenario reports the same names, so batches can tabulate them.
    pub metrics: BTreeMap<String, f64>,
}

/// One event in the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Simulated seconds since the start.
    pub time_s: u64,
    /// Simulated day, from 0.
    pub day: u64,
    /// What happened (`deployed`, `withheld`, ...).
    pub kind: String,
    /// The unit's label, if a unit is involved.
    pub unit: String,
    /// The unit's catalogue type.
    pub unit_type: String,
    /// Nation code.
    pub nation: String,
    /// Side (`coalition`, `ukraine`, ...).
    pub side: String,
    /// Latitude, if the event has a place.
    pub lat: Option<f64>,
    /// Longitude, if the event has a place.
    pub lon: Option<f64>,
    /// Free text detail.
    pub detail: String,
}

/// One day of the time series: values by metric name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayRecord {
    /// Day number, from 1 (the state at the end of that day).
    pub day: u64,
    /// Values by metric name.
    pub values: BTreeMap<String, f64>,
}

impl RunResult {
    /// summary.json: pretty JSON with a trailing newline.
    pub fn summary_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.summary).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }

    /// events.csv: one row per event.
    pub fn events_csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["time_s", "day", "kind", "unit", "unit_type", "nation", "side", "lat", "lon", "detail"])?;
        for e in &self.events {
            w.write_record([
                e.time_s.to_string(),
                e.day.to_string(),
                e.kind.clone(),
                e.unit.clone(),
                e.unit_type.clone(),
                e.nation.clone(),
                e.side.clone(),
                e.lat.map(|v| format!("{v:.5}")).unwrap_or_default(),
                e.lon.map(|v| format!("{v:.5}")).unwrap_or_default(),
                e.detail.clone(),
            ])?;
        }
        w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    }

    /// timeseries.csv: `day` then one column per metric, sorted by name.
    pub fn timeseries_csv(&self) -> Result<Vec<u8>, csv::Error> {
        let columns: BTreeSet<&str> =
            self.timeseries.iter().flat_map(|d| d.values.keys().map(String::as_str)).collect();
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(std::iter::once("day").chain(columns.iter().copied()))?;
        for d in &self.timeseries {
            let mut row = vec![d.day.to_string()];
            row.extend(columns.iter().map(|c| d.values.get(*c).map(|v| format_number(*v)).unwrap_or_default()));
            w.write_record(row)?;
        }
        w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    }
}

/// Numbers in CSV: integers without a decimal point, others as Rust prints them.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}
