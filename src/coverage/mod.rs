//! Air-defence and sensor coverage on the map: the radar horizon, terrain
//! line of sight (a fast R2 viewshed checked against an exact R3 one), the
//! layered products of each altitude band (systems engaging, sensors
//! seeing, P(kill)), and what they mean for the population, infrastructure,
//! territory and sea lane the force protects.
//!
//! Pure functions of a scenario and a map: the `coverage` command draws and
//! exports them, and the sensing and placement work builds on them.

pub mod bands;
pub mod horizon;
pub mod layers;
pub mod sky;
pub mod sources;
pub mod stats;
pub mod viewshed;

use serde::Serialize;

use crate::config::Scenario;
use crate::geo::map::Map;
use crate::geo::zones;
use bands::Band;
use layers::BandCoverage;
use stats::BandStats;

/// Gaps reported per band.
pub const GAPS_REPORTED: usize = 5;

/// The coverage of one band with its statistics.
#[derive(Debug, Clone)]
pub struct BandResult {
    /// The layers.
    pub coverage: BandCoverage,
    /// What they mean.
    pub stats: BandStats,
}

/// Coverage of every band.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// One result per band, in the order asked for.
    pub bands: Vec<BandResult>,
}

/// Computes the coverage of `scenario` on `map` for `bands`.
pub fn compute(scenario: &Scenario, map: &Map, bands: &[Band]) -> Coverage {
    let corridor = zones::corridor_cells(map);
    let bands = bands
        .iter()
        .map(|b| {
            let coverage = BandCoverage::compute(&map.elevation, b.clone(), sources::sources(scenario, map, b));
            let stats = stats::band_stats(map, &coverage, &corridor, GAPS_REPORTED);
            BandResult { coverage, stats }
        })
        .collect();
    Coverage { bands }
}

/// The JSON report of a coverage run.
#[derive(Debug, Clone, Serialize)]
pub struct Report<'a> {
    /// Scenario name.
    pub scenario: &'a str,
    /// Cell size, km.
    pub resolution_km: f64,
    /// Per band.
    pub bands: Vec<BandReport<'a>>,
}

/// One band of the JSON report.
#[derive(Debug, Clone, Serialize)]
pub struct BandReport<'a> {
    /// The band.
    pub band: &'a Band,
    /// Air-defence systems contributing.
    pub air_defense_systems: usize,
    /// Sensors contributing (batteries' radars included).
    pub sensors: usize,
    /// Statistics.
    #[serde(flatten)]
    pub stats: &'a BandStats,
}

impl Coverage {
    /// The report for coverage.json.
    pub fn report<'a>(&'a self, scenario: &'a Scenario, map: &Map) -> Report<'a> {
        Report {
            scenario: &scenario.name,
            resolution_km: map.grid.cell_m / 1000.0,
            bands: self
                .bands
                .iter()
                .map(|b| BandReport {
                    band: &b.coverage.band,
                    air_defense_systems: b.coverage.sources.iter().filter(|s| s.engagement.is_some()).count(),
                    sensors: b.coverage.sources.len(),
                    stats: &b.stats,
                })
                .collect(),
        }
    }

    /// coverage.csv: one row per band, product and region.
    pub fn csv(&self) -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "band",
            "height_m",
            "threat_class",
            "product",
            "region",
            "unit",
            "total",
            "share_ge1",
            "share_ge2",
            "mean_p_kill",
        ])?;
        for b in &self.bands {
            let band = &b.coverage.band;
            for s in &b.stats.shares {
                w.write_record([
                    band.name.clone(),
                    format!("{}", band.height_m),
                    band.class.key().to_string(),
                    s.product.to_string(),
                    s.region.clone(),
                    s.unit.to_string(),
                    format!("{:.1}", s.total),
                    format!("{:.4}", s.share_ge1),
                    format!("{:.4}", s.share_ge2),
                    s.mean_p_kill.map(|p| format!("{p:.4}")).unwrap_or_default(),
                ])?;
            }
        }
        w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    }
}
