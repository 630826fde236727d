//! The serde shape of a scenario file, schema version 1.
//!
//! This mirrors what users write, field for field, with `deny_unknown_fields`
//! and explicit defaults so that files written for schema 1 keep loading as
//! fields are added. Nothing here is checked beyond its type: `validate` turns
//! a [`ScenarioFile`] into a [`Scenario`](super::Scenario). The same struct,
//! fully populated, is written out as `scenario.resolved.ron`.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::catalog::SystemType;

/// The only schema version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole scenario as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub struct ScenarioFile {
    /// Schema version; 1.
    #[serde(default = "schema_version")]
    pub schema: u32,
    /// Other scenario files to compose first, relative to this one. Resolved
    /// before deserialising, so always empty here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// Short name; also names the output directory (made safe for the file system).
    pub name: String,
    /// What the scenario represents and its main assumptions.
    #[serde(default)]
    pub description: String,
    /// Base seed of every random stream.
    #[serde(default)]
    pub seed: u64,
    /// Simulated days.
    pub duration_days: f64,
    /// Length of one tick in seconds (a whole number, 1 to 86400).
    #[serde(default = "default_tick_seconds")]
    pub tick_seconds: f64,
    /// The map grid.
    #[serde(default)]
    pub map: MapFile,
    /// Nations by code (`"UK"`, `"FR"`, `"UA"`, `"US"`, `"RU"`, ...).
    pub nations: BTreeMap<String, NationFile>,
    /// The units placed at the start.
    pub units: Vec<UnitFile>,
    /// Named areas: the no-fly zone.
    #[serde(default)]
    pub zones: super::air_war::ZonesFile,
    /// Raid streams Russia launches.
    #[serde(default)]
    pub raids: Vec<super::air_war::RaidFile>,
    /// Patrols flown and sailed by units.
    #[serde(default)]
    pub patrols: Vec<super::air_war::PatrolFile>,
    /// Sensing and engagement doctrine.
    #[serde(default)]
    pub air_war: super::air_war::AirWarFile,
    /// The strategic layer: Russia's breach decisions, the coalition's
    /// response, the ground war and politics. Without it the raid streams run
    /// as scripted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deterrence: Option<super::deterrence::DeterrenceFile>,
    /// Catalogue overrides and additions by type name. On input this section
    /// is merged onto the shipped catalogue before it is read; in
    /// `scenario.resolved.ron` it holds the full types the run used.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub catalog: BTreeMap<String, SystemType>,
}

fn schema_version() -> u32 {
    SCHEMA_VERSION
}

fn default_tick_seconds() -> f64 {
    60.0
}

/// The map settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapFile {
    /// Cell size in km, 1 to 20.
    #[serde(default = "default_resolution_km")]
    pub resolution_km: f64,
    /// Seed of the synthetic terrain's fine detail (the ranges and uplands are
    /// fixed); defaults to a constant so all scenarios share one terrain.
    #[serde(default = "default_terrain_seed")]
    pub terrain_seed: u64,
    /// A DEM to use instead of the synthetic terrain: a GeoTIFF or ESRI ASCII
    /// grid in EPSG:3035 or lon/lat, relative to the file that names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dem: Option<String>,
}

fn default_terrain_seed() -> u64 {
    crate::geo::map::DEFAULT_TERRAIN_SEED
}

fn default_resolution_km() -> f64 {
    5.0
}

impl Default for MapFile {
    fn default() -> Self {
        Self { resolution_km: default_resolution_km(), terrain_seed: default_terrain_seed(), dem: None }
    }
}

/// Which side of the scenario a nation is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Side {
    /// A nation of the European-led reassurance coalition.
    Coalition,
    /// Ukraine, the host nation.
    Ukraine,
    /// The United States, whose enablers need US approval.
    UnitedStates,
    /// Russia, the adversary.
    Russia,
    /// A neutral third party (for example a peacekeeping contingent).
    ThirdParty,
}

impl Side {
    /// Lower-case name for CSV columns and metric names.
    pub fn key(self) -> &'static str {
        match self {
            Side::Coalition => "coalition",
            Side::Ukraine => "ukraine",
            Side::UnitedStates => "united_states",
            Side::Russia => "russia",
            Side::ThirdParty => "third_party",
        }
    }
}

/// A nation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationFile {
    /// Display name; defaults to the code.
    #[serde(default)]
    pub name: String,
    /// Its side.
    pub side: Side,
    /// Whether it sends its units. A nation that stays out keeps its units in
    /// the file but none are deployed (e.g. `--set nations.DE.participates=false`).
    #[serde(default = "yes")]
    pub participates: bool,
}

fn yes() -> bool {
    true
}

/// One unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitFile {
    /// A unique label; defaults to `<nation>-<type>-<n>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Catalogue type name.
    #[serde(rename = "type")]
    pub system: String,
    /// Nation code.
    pub nation: String,
    /// Where it stands (or is based): `(lat: 50.45, lon: 30.52)` or a named place `"Kyiv"`.
    pub position: Position,
    /// Probability that the unit is ready for operations when deployed.
    #[serde(default = "one")]
    pub readiness: f64,
    /// Per-unit overrides of its catalogue type, field by field
    /// (`params: (interceptors_per_launcher: 4)`). On input merged onto the
    /// type before it is read; in `scenario.resolved.ron` the full type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<SystemType>,
}

fn one() -> f64 {
    1.0
}

/// A position: coordinates or the name of a place in the gazetteer
/// (`assets/geo/places.csv`).
#[derive(Debug, Clone, PartialEq)]
pub enum Position {
    /// WGS84 latitude and longitude in degrees.
    LatLon {
        /// Latitude, degrees north.
        lat: f64,
        /// Longitude, degrees east.
        lon: f64,
    },
    /// A named place.
    Place(String),
}

impl Serialize for Position {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        match self {
            Position::LatLon { lat, lon } => {
                let mut st = s.serialize_struct("LatLon", 2)?;
                st.serialize_field("lat", lat)?;
                st.serialize_field("lon", lon)?;
                st.end()
            }
            Position::Place(name) => s.serialize_str(name),
        }
    }
}

impl<'de> Deserialize<'de> for Position {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PositionVisitor;

        impl<'de> Visitor<'de> for PositionVisitor {
            type Value = Position;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a position `(lat: 50.45, lon: 30.52)` or a place name such as \"Kyiv\"")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Position, E> {
                Ok(Position::Place(v.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Position, A::Error> {
                let (mut lat, mut lon) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "lat" => lat = Some(map.next_value::<f64>()?),
                        "lon" => lon = Some(map.next_value::<f64>()?),
                        other => {
                            return Err(de::Error::custom(format!(
                                "unknown field `{other}` in a position: write `(lat: 50.45, lon: 30.52)`"
                            )));
                        }
                    }
                }
                match (lat, lon) {
                    (Some(lat), Some(lon)) => Ok(Position::LatLon { lat, lon }),
                    (None, _) => Err(de::Error::missing_field("lat")),
                    (_, None) => Err(de::Error::missing_field("lon")),
                }
            }
        }

        d.deserialize_any(PositionVisitor)
    }
}
