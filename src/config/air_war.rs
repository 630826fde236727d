//! The serde shape of the air and sea war in a scenario: raids (what Russia
//! launches, how often, at what), patrols (CAP, AEW/ISR and naval), zones
//! (the no-fly zone and the Black Sea corridor) and the doctrine of sensing
//! and engagement. Every field has a default, so scenarios without raids or
//! patrols keep loading.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::catalog::{PerClass, ThreatClass};
use super::file::Position;

/// One kind of raid: a Poisson stream of raids, each of a random size, with a
/// mix of threat types and a choice of targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RaidFile {
    /// Name for the event log.
    pub name: String,
    /// Expected raids per day. Each day brings the whole part (1.0: one
    /// raid every day) and one more with the fractional part as its
    /// probability (0.2: a raid on a fifth of days, at random).
    pub per_day: f64,
    /// First day raids may come.
    #[serde(default)]
    pub from_day: f64,
    /// Hour of day (UTC) the launches of a raid begin.
    #[serde(default = "default_hour")]
    pub hour: f64,
    /// Launches of one raid are spread over this many hours.
    #[serde(default = "default_spread")]
    pub spread_hours: f64,
    /// Threats per raid: a negative binomial with this mean and shape
    /// (variance = mean + mean²/shape; a large shape is nearly Poisson).
    pub size: RaidSize,
    /// Threat types (catalogue names) and their shares of a raid.
    pub mix: BTreeMap<String, f64>,
    /// What the threats aim at.
    #[serde(default)]
    pub targets: TargetWeights,
    /// Whether drones and cruise missiles route around known air defence.
    #[serde(default = "yes")]
    pub avoid_coverage: bool,
}

fn default_hour() -> f64 {
    22.0
}

fn default_spread() -> f64 {
    4.0
}

fn yes() -> bool {
    true
}

/// The size distribution of a raid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RaidSize {
    /// Mean threats per raid.
    pub mean: f64,
    /// Negative-binomial shape.
    #[serde(default = "default_shape")]
    pub shape: f64,
}

fn default_shape() -> f64 {
    2.0
}

/// Relative weights of target classes (Ukraine-held ground only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetWeights {
    /// Cities, by population.
    #[serde(default = "one")]
    pub city: f64,
    /// Power plants, by value.
    #[serde(default = "one")]
    pub energy: f64,
    /// Ports, by value.
    #[serde(default)]
    pub port: f64,
    /// Airbases and logistics hubs, by value.
    #[serde(default)]
    pub airbase: f64,
    /// Military units of the coalition and Ukraine (their positions).
    #[serde(default)]
    pub military: f64,
    /// Only these named places, if given (weights above then ignored).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
}

fn one() -> f64 {
    1.0
}

impl Default for TargetWeights {
    fn default() -> Self {
        Self { city: 1.0, energy: 1.0, port: 0.0, airbase: 0.0, military: 0.0, places: Vec::new() }
    }
}

/// What a patrol does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PatrolKind {
    /// Fighter combat air patrol over a station (enforces the no-fly zone).
    Cap,
    /// Airborne early warning or ISR orbit.
    Orbit,
    /// A ship patrolling a route (escort, mine countermeasures).
    Naval,
}

/// A patrol flown or sailed by one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatrolFile {
    /// The unit (its `id`) that flies or sails it; it starts from its position.
    pub unit: String,
    /// What kind of patrol.
    pub kind: PatrolKind,
    /// Centre of the orbit (air patrols).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<Position>,
    /// Waypoints sailed in turn, back and forth (naval patrols).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route: Vec<Position>,
    /// Orbit altitude, m (default: the type's ceiling or operating altitude).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub altitude_m: Option<f64>,
    /// Aircraft (or ships) kept on station at once.
    #[serde(default = "one_u32")]
    pub on_station: u32,
    /// Time between landing and the next take-off, hours.
    #[serde(default = "default_turnaround")]
    pub turnaround_hours: f64,
}

fn one_u32() -> u32 {
    1
}

fn default_turnaround() -> f64 {
    2.0
}

/// Named areas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ZonesFile {
    /// The no-fly zone: a polygon of at least three points (empty: none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub no_fly_zone: Vec<Position>,
}

/// How sensing and engagement work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AirWarFile {
    /// Probability that one sensor covering a threat detects it in one scan
    /// (one tick).
    #[serde(default = "default_pd")]
    pub detection_pd: f64,
    /// Delay before a track is shared over the coalition network and can be
    /// engaged, seconds.
    #[serde(default = "default_track_delay")]
    pub track_delay_seconds: f64,
    /// Engagements one battery may make on one threat (2: shoot-look-shoot).
    #[serde(default = "default_engagements")]
    pub engagements_per_threat: u32,
    /// Time from one engagement to the look that may trigger the next, s.
    #[serde(default = "default_cycle")]
    pub engagement_cycle_seconds: f64,
    /// Reserve interceptors per battery at the start, as magazine loads.
    #[serde(default = "one")]
    pub reserve_loads: f64,
    /// Resupply per battery, magazine loads per day.
    #[serde(default = "default_resupply")]
    pub resupply_loads_per_day: f64,
    /// Probability that electronic warfare diverts a threat of each class
    /// ("locationally lost" in Ukrainian Air Force reports).
    #[serde(default)]
    pub ew_divert: PerClass<f64>,
    /// Probability per scan that Ukraine's ground observer network (acoustic
    /// sensors and visual observation posts) reports a threat flying below
    /// 3,000 m over Ukraine-held ground, whatever the radars see. 0 leaves
    /// detection to the scenario's radars alone.
    #[serde(default)]
    pub observer_network_pd: f64,
    /// Days a warship of a state outside the Black Sea may stay (Montreux
    /// Convention, Article 18: 21 days).
    #[serde(default = "default_montreux")]
    pub montreux_days: f64,
    /// Expected casualties per 100 kg of warhead that hits, by target class.
    #[serde(default)]
    pub casualties_per_100kg: Casualties,
}

fn default_pd() -> f64 {
    0.9
}
fn default_track_delay() -> f64 {
    30.0
}
fn default_engagements() -> u32 {
    2
}
fn default_cycle() -> f64 {
    90.0
}
fn default_resupply() -> f64 {
    0.5
}
fn default_montreux() -> f64 {
    21.0
}

impl Default for AirWarFile {
    fn default() -> Self {
        Self {
            detection_pd: default_pd(),
            track_delay_seconds: default_track_delay(),
            engagements_per_threat: default_engagements(),
            engagement_cycle_seconds: default_cycle(),
            reserve_loads: 1.0,
            resupply_loads_per_day: default_resupply(),
            ew_divert: PerClass::default(),
            observer_network_pd: 0.0,
            montreux_days: default_montreux(),
            casualties_per_100kg: Casualties::default(),
        }
    }
}

/// Expected casualties per 100 kg of warhead, by what is hit. ASSUMPTION: no
/// public per-strike casualty rates are in the reference data; these give a
/// Shahed (50 kg) hitting a city about one civilian casualty and a Kh-101
/// (450 kg) about eight, the order of magnitude of 2024 reporting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Casualties {
    /// Civilians, when a city is hit.
    #[serde(default = "cas_city")]
    pub city: f64,
    /// Civilians, when a plant or port is hit.
    #[serde(default = "cas_site")]
    pub infrastructure: f64,
    /// Soldiers of the unit's nation, when a military site is hit.
    #[serde(default = "cas_military")]
    pub military: f64,
}

fn cas_city() -> f64 {
    2.0
}
fn cas_site() -> f64 {
    0.5
}
fn cas_military() -> f64 {
    3.0
}

impl Default for Casualties {
    fn default() -> Self {
        Self { city: cas_city(), infrastructure: cas_site(), military: cas_military() }
    }
}

/// The EW divert probability of a class.
pub fn divert(p: &PerClass<f64>, class: ThreatClass) -> f64 {
    p.get(class).copied().unwrap_or(0.0)
}
