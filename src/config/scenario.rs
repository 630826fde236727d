//! The checked scenario: what the simulation runs. Every invariant that
//! `validate` establishes holds here (finite positive durations, known types
//! and nations, positions on the map), so the rest of the program never
//! re-checks input.

use std::sync::Arc;

use super::catalog::SystemType;
use super::file::{ScenarioFile, Side};
use crate::geo::grid::Grid;
use crate::geo::map::MapSpec;
use crate::geo::projection::{LatLon, Xy};

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Name as written.
    pub name: String,
    /// The name made safe as one directory name (`[a-z0-9_-]`, never empty).
    pub slug: String,
    /// Description.
    pub description: String,
    /// Base seed.
    pub seed: u64,
    /// Simulated days.
    pub duration_days: f64,
    /// Seconds per tick.
    pub tick_seconds: u32,
    /// What the map is built from.
    pub map: MapSpec,
    /// The map grid.
    pub grid: Grid,
    /// Nations, sorted by code; a [`NationId`] indexes this.
    pub nations: Vec<Nation>,
    /// Units in file order; the unit's index is its stable `UnitId`.
    pub units: Vec<UnitSpec>,
    /// The air and sea war: raids, patrols, zones, doctrine.
    pub air_war: AirWar,
    /// The strategic layer, if the scenario has one.
    pub deterrence: Option<super::deterrence::Deterrence>,
    /// What actually runs, written out as `scenario.resolved.ron`.
    pub resolved: ScenarioFile,
}

/// Index into [`Scenario::nations`].
pub type NationId = u16;

/// A nation.
#[derive(Debug, Clone, PartialEq)]
pub struct Nation {
    /// Code (`"UK"`).
    pub code: String,
    /// Display name.
    pub name: String,
    /// Side.
    pub side: Side,
    /// Whether it deploys its units.
    pub participates: bool,
}

/// A unit to place.
#[derive(Debug, Clone)]
pub struct UnitSpec {
    /// Unique label.
    pub id: String,
    /// Catalogue type name.
    pub type_name: String,
    /// The type, with this unit's `params` applied.
    pub system: Arc<SystemType>,
    /// Its nation.
    pub nation: NationId,
    /// Where it stands.
    pub position: LatLon,
    /// The same point in EPSG:3035.
    pub xy: Xy,
    /// The named place it was put at, if any.
    pub place: Option<String>,
    /// Probability of being ready when deployed.
    pub readiness: f64,
}

impl Scenario {
    /// Total ticks in the run.
    pub fn ticks(&self) -> u64 {
        ((self.duration_days * 86_400.0) / f64::from(self.tick_seconds)).ceil() as u64
    }

    /// Ticks in one simulated day (at least 1).
    pub fn ticks_per_day(&self) -> u64 {
        (86_400 / u64::from(self.tick_seconds)).max(1)
    }

    /// The nation with `code`.
    pub fn nation_id(&self, code: &str) -> Option<NationId> {
        self.nations.iter().position(|n| n.code == code).map(|i| i as NationId)
    }

    /// The resolved scenario as RON text, as written to `scenario.resolved.ron`.
    pub fn resolved_ron(&self) -> String {
        ron_of(
            &self.resolved,
            &format!(
                "// The scenario exactly as run by hedgehog {}: includes, catalogue, defaults and\n\
                 // --set overrides applied. Run it again with `hedgehog run scenario.resolved.ron`.\n",
                env!("CARGO_PKG_VERSION")
            ),
        )
    }
}

/// A scenario file as RON text under a `header` comment: a file `hedgehog
/// run` reads back.
pub fn ron_of(file: &ScenarioFile, header: &str) -> String {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .extensions(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES)
        .indentor("    ".to_string());
    let body =
        ron::ser::to_string_pretty(file, config).unwrap_or_else(|e| format!("// could not write the scenario: {e}"));
    // Name the top-level struct, as scenario files do; nested structs stay anonymous.
    let body = match body.find("\n(") {
        Some(at) => format!("{}\nScenario({}", &body[..at], &body[at + 2..]),
        None => body,
    };
    format!("{header}{body}\n")
}

/// `name` made safe as a single directory name: lower-case ASCII letters,
/// digits, `-` and `_`; anything else becomes `-`; never empty, never `.`
/// or `..`, at most 64 characters. So `../../x` becomes `x` and `/etc/y`
/// becomes `etc-y`: a scenario name can never point outside `--out`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed: String = out.trim_matches(|c| c == '-' || c == '_').chars().take(64).collect();
    let trimmed = trimmed.trim_end_matches(['-', '_']).to_string();
    if trimmed.is_empty() { "scenario".into() } else { trimmed }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_cannot_escape_the_output_directory() {
        assert_eq!(slug("../../x"), "x");
        assert_eq!(slug("/etc/y"), "etc-y");
        assert_eq!(slug(".."), "scenario");
        assert_eq!(slug("Germany out (2026)"), "germany-out-2026");
        assert_eq!(slug("Київ"), "scenario");
        assert_eq!(slug(&"a".repeat(500)).len(), 64);
        assert_eq!(slug("C:\\Windows\\x"), "c-windows-x");
    }
}

/// The air and sea war of a scenario, checked.
#[derive(Debug, Clone, Default)]
pub struct AirWar {
    /// Raid streams.
    pub raids: Vec<Raid>,
    /// Patrols.
    pub patrols: Vec<Patrol>,
    /// The no-fly zone, if any (EPSG:3035).
    pub no_fly_zone: Option<crate::geo::vector::Polygon>,
    /// Sensing and engagement doctrine (values checked).
    pub doctrine: super::air_war::AirWarFile,
}

/// One raid stream, checked.
#[derive(Debug, Clone)]
pub struct Raid {
    /// Name.
    pub name: String,
    /// Expected raids per day.
    pub per_day: f64,
    /// First day raids may come.
    pub from_day: f64,
    /// Hour (UTC) launches begin.
    pub hour: f64,
    /// Hours over which launches spread.
    pub spread_hours: f64,
    /// Mean threats per raid.
    pub size_mean: f64,
    /// Negative-binomial shape.
    pub size_shape: f64,
    /// Threat types with their shares (summing to 1).
    pub mix: Vec<(String, f64)>,
    /// Target weights.
    pub targets: super::air_war::TargetWeights,
    /// Targets restricted to these places, if any.
    pub target_places: Vec<crate::geo::projection::LatLon>,
    /// Whether to route around known air defence.
    pub avoid_coverage: bool,
}

/// One patrol, checked, with what continuous cover costs.
#[derive(Debug, Clone)]
pub struct Patrol {
    /// Index of the unit flying or sailing it.
    pub unit: usize,
    /// Kind.
    pub kind: super::air_war::PatrolKind,
    /// Orbit centre or first waypoint.
    pub station: LatLon,
    /// Naval route (at least two points) or the orbit centre alone.
    pub route: Vec<LatLon>,
    /// Altitude on station, m (0 for ships).
    pub altitude_m: f64,
    /// Platforms kept on station at once.
    pub on_station: u32,
    /// One-way transit from base to station, hours.
    pub transit_hours: f64,
    /// Time on station per sortie (or per deployment for ships), hours.
    pub time_on_station_hours: f64,
    /// Length of one cycle: sortie plus turnaround, hours.
    pub cycle_hours: f64,
    /// Airframes or hulls continuous cover needs.
    pub required: u32,
    /// Airframes or hulls the unit has.
    pub available: u32,
}
