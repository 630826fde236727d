//! The catalogue of system types: air-defence systems, sensors, aircraft,
//! ships, ground formations, threats and launch platforms.
//!
//! The shipped catalogue lives in `assets/catalog/*.ron` (one map of
//! `"name": Kind(...)` entries per file, every figure with its source). A
//! scenario refers to types by name, may override any field in its `catalog`
//! section (`catalog: {"patriot_pac3": (reload_minutes: 45)}`) or per unit in
//! `params`, and may define new types there in full. The same shape is written
//! back, complete, into `scenario.resolved.ron`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::path::FieldPath;
use super::validate::Check;

/// Classes of threat that defences are rated against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ThreatClass {
    /// One-way attack drones (Shahed/Geran type).
    Drone,
    /// Cruise missiles (Kh-101, Kalibr, Iskander-K).
    Cruise,
    /// Ballistic and quasi-ballistic missiles (Iskander-M, Kinzhal, KN-23).
    Ballistic,
    /// Manned aircraft.
    Aircraft,
}

impl ThreatClass {
    /// Every class, in a fixed order.
    pub const ALL: [ThreatClass; 4] = [Self::Drone, Self::Cruise, Self::Ballistic, Self::Aircraft];

    /// Lower-case name used in field paths and CSV columns.
    pub fn key(self) -> &'static str {
        match self {
            Self::Drone => "drone",
            Self::Cruise => "cruise",
            Self::Ballistic => "ballistic",
            Self::Aircraft => "aircraft",
        }
    }
}

/// One value per threat class; `None` where the system cannot engage that class.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct PerClass<T> {
    /// Against drones.
    #[serde(default)]
    pub drone: Option<T>,
    /// Against cruise missiles.
    #[serde(default)]
    pub cruise: Option<T>,
    /// Against ballistic missiles.
    #[serde(default)]
    pub ballistic: Option<T>,
    /// Against aircraft.
    #[serde(default)]
    pub aircraft: Option<T>,
}

impl<T> PerClass<T> {
    /// The value for `class`.
    pub fn get(&self, class: ThreatClass) -> Option<&T> {
        match class {
            ThreatClass::Drone => self.drone.as_ref(),
            ThreatClass::Cruise => self.cruise.as_ref(),
            ThreatClass::Ballistic => self.ballistic.as_ref(),
            ThreatClass::Aircraft => self.aircraft.as_ref(),
        }
    }
}

/// Where and how well a weapon engages one class of threat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// Minimum engagement range, km.
    pub min_range_km: f64,
    /// Maximum engagement range, km (against this class, not the brochure maximum).
    pub max_range_km: f64,
    /// Lowest target altitude engaged, m above ground.
    pub min_altitude_m: f64,
    /// Highest target altitude engaged, m.
    pub max_altitude_m: f64,
    /// Single-shot kill probability against this class.
    pub pk: f64,
}

/// A system type, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SystemType {
    /// Surface-to-air missile or gun system (a battery or fire unit).
    AirDefense(AirDefenseType),
    /// A sensor platform: ground radar, AEW aircraft or ISR drone.
    Sensor(SensorType),
    /// Combat aircraft (one squadron-sized detachment is one unit).
    Aircraft(AircraftType),
    /// A ship.
    Ship(ShipType),
    /// A ground formation (brigade, battlegroup, training mission).
    Ground(GroundType),
    /// A threat munition or platform that Russia launches.
    Threat(ThreatType),
    /// A launch platform or site that fires threats.
    Launcher(LauncherType),
}

/// The kinds of system, for messages and for choosing where a unit may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SystemKind {
    /// See [`SystemType::AirDefense`].
    AirDefense,
    /// See [`SystemType::Sensor`].
    Sensor,
    /// See [`SystemType::Aircraft`].
    Aircraft,
    /// See [`SystemType::Ship`].
    Ship,
    /// See [`SystemType::Ground`].
    Ground,
    /// See [`SystemType::Threat`].
    Threat,
    /// See [`SystemType::Launcher`].
    Launcher,
}

impl SystemKind {
    /// Lower-case name for CSV columns and metric names.
    pub fn key(self) -> &'static str {
        match self {
            Self::AirDefense => "air_defense",
            Self::Sensor => "sensor",
            Self::Aircraft => "aircraft",
            Self::Ship => "ship",
            Self::Ground => "ground",
            Self::Threat => "threat",
            Self::Launcher => "launcher",
        }
    }
}

/// Where a unit of some type may be placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basing {
    /// On land inside the map.
    Land,
    /// At sea inside the map.
    Sea,
    /// Anywhere with a valid latitude and longitude, even off the map: aircraft
    /// fly in from bases such as Sigonella or Engels.
    Air,
}

/// Surface-to-air missile or gun system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AirDefenseType {
    /// Display name.
    pub name: String,
    /// Area defence (a zone) or point defence (one site).
    pub role: AirDefenseRole,
    /// Instrumented range of the surveillance or fire-control radar, km.
    pub radar_range_km: f64,
    /// Radar antenna height above ground, m (sets the radar horizon).
    pub antenna_height_m: f64,
    /// Engagement envelope and single-shot Pk per threat class.
    pub engagement: PerClass<Envelope>,
    /// Launchers (or guns) per battery.
    pub launchers: u32,
    /// Ready interceptors per launcher (for guns: engagements' worth of bursts).
    pub interceptors_per_launcher: u32,
    /// Targets the battery can engage at once.
    pub fire_channels: u32,
    /// Interceptors fired per engagement (shoot-shoot doctrine).
    pub shots_per_engagement: u32,
    /// Time to reload one launcher, minutes.
    pub reload_minutes: f64,
    /// Cost of one interceptor (or burst), US dollars.
    pub cost_per_shot_usd: f64,
    /// Crew of one battery.
    pub personnel: u32,
}

/// Area or point defence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AirDefenseRole {
    /// Defends a zone (long and medium range).
    Area,
    /// Defends a site (short range, guns).
    Point,
}

/// A sensor platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensorType {
    /// Display name.
    pub name: String,
    /// Ground, airborne or ship-borne.
    pub platform: Platform,
    /// Instrumented detection range against a fighter-sized target, km.
    pub radar_range_km: f64,
    /// Antenna height above ground (ground, ship) or operating altitude (airborne), m.
    pub altitude_m: f64,
    /// Transit speed, km/h (0 for fixed ground radars).
    pub speed_kmh: f64,
    /// Endurance per sortie, hours (0 for ground radars).
    pub endurance_hours: f64,
    /// Range of its ground- and sea-surveillance radar (SAR/GMTI), km; 0 if
    /// it has none. Sees forces massing for a ground attack.
    #[serde(default)]
    pub surface_search_km: f64,
    /// Crew per platform.
    pub personnel: u32,
}

/// Where a platform operates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Platform {
    /// On the ground.
    Ground,
    /// In the air.
    Airborne,
    /// On a ship.
    Ship,
}

/// Combat aircraft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AircraftType {
    /// Display name.
    pub name: String,
    /// What the aircraft is for.
    pub role: AircraftRole,
    /// Air-to-air radar detection range, km.
    pub radar_range_km: f64,
    /// Cruise speed, km/h.
    pub cruise_speed_kmh: f64,
    /// Combat radius, km.
    pub combat_radius_km: f64,
    /// Endurance without tanking, hours.
    pub endurance_hours: f64,
    /// Service ceiling, m.
    pub ceiling_m: f64,
    /// Engagement envelope of its air-to-air weapons per threat class.
    pub engagement: PerClass<Envelope>,
    /// Air-to-air missiles carried per sortie.
    pub missiles_per_sortie: u32,
    /// Cost of one air-to-air missile, US dollars.
    pub cost_per_shot_usd: f64,
    /// Aircraft in one unit (detachment).
    pub aircraft_per_unit: u32,
    /// Aircrew and ground crew per unit.
    pub personnel: u32,
}

/// What an aircraft type is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AircraftRole {
    /// Air superiority and air policing.
    Fighter,
    /// Strike and glide-bomb carriers.
    Strike,
    /// Missile-carrying bombers.
    Bomber,
    /// Air-to-air refuelling.
    Tanker,
}

/// A ship.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShipType {
    /// Display name.
    pub name: String,
    /// What the ship is for.
    pub role: ShipRole,
    /// Sustained speed, km/h.
    pub speed_kmh: f64,
    /// Days on patrol before it must return to port.
    pub endurance_days: f64,
    /// Air-search radar range, km.
    pub radar_range_km: f64,
    /// Radar antenna height above the sea, m.
    pub antenna_height_m: f64,
    /// Air-defence envelope per threat class (empty for unarmed ships).
    pub engagement: PerClass<Envelope>,
    /// Surface-to-air interceptors carried.
    pub interceptors: u32,
    /// Interceptors fired per engagement. ASSUMPTION when absent: 2
    /// (shoot-shoot, as for land batteries).
    #[serde(default = "two")]
    pub shots_per_engagement: u32,
    /// Targets engaged at once. ASSUMPTION when absent: 4, a modest figure for
    /// a frigate's directors and data links.
    #[serde(default = "four")]
    pub fire_channels: u32,
    /// Cost of one interceptor, US dollars. ASSUMPTION when absent: $1.5M,
    /// between ESSM and Aster 15/30 (no public unit prices in the reference data).
    #[serde(default = "ship_shot_cost")]
    pub cost_per_shot_usd: f64,
    /// Crew.
    pub personnel: u32,
}

fn two() -> u32 {
    2
}

fn four() -> u32 {
    4
}

fn ship_shot_cost() -> f64 {
    1.5e6
}

/// What a ship is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShipRole {
    /// Air-defence destroyer.
    Destroyer,
    /// General-purpose frigate.
    Frigate,
    /// Corvette or missile boat.
    Corvette,
    /// Minehunter or minesweeper.
    MineCountermeasures,
    /// Offshore patrol vessel.
    Patrol,
    /// Submarine.
    Submarine,
}

/// A ground formation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroundType {
    /// Display name.
    pub name: String,
    /// What the formation is for.
    pub role: GroundRole,
    /// Soldiers in the formation.
    pub personnel: u32,
    /// Fighting strength in brigade equivalents (1.0 = a full mechanised
    /// brigade), the unit of the Lanchester model in the ground domain.
    pub combat_power: f64,
    /// Road-march speed, km/h.
    pub road_speed_kmh: f64,
}

/// What a ground formation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroundRole {
    /// Armoured brigade.
    Armoured,
    /// Mechanised brigade.
    Mechanised,
    /// Light or motorised infantry.
    Infantry,
    /// Air-assault or airborne.
    AirAssault,
    /// Artillery.
    Artillery,
    /// Training mission for Ukrainian brigades.
    Training,
    /// Neutral peacekeepers.
    Peacekeeping,
    /// Headquarters and logistics hub.
    Headquarters,
}

/// A threat munition or platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreatType {
    /// Display name.
    pub name: String,
    /// Threat class.
    pub class: ThreatClass,
    /// Speed, km/h.
    pub speed_kmh: f64,
    /// Typical altitude in flight, m above ground (apex for ballistic missiles).
    pub cruise_altitude_m: f64,
    /// Range, km.
    pub range_km: f64,
    /// Warhead mass, kg.
    pub warhead_kg: f64,
    /// Unit cost, US dollars.
    pub cost_usd: f64,
    /// Radar cross-section, m² (an assumption where no public figure exists).
    pub rcs_m2: f64,
}

/// A launch platform or site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LauncherType {
    /// Display name.
    pub name: String,
    /// In the air, at sea or on land.
    pub platform: Platform,
    /// Threat types (catalogue names) and how many one sortie or salvo carries.
    pub munitions: BTreeMap<String, u32>,
    /// Time to rearm for the next salvo, hours.
    pub reload_hours: f64,
    /// Crew.
    pub personnel: u32,
}

impl SystemType {
    /// The kind of this type.
    pub fn kind(&self) -> SystemKind {
        match self {
            Self::AirDefense(_) => SystemKind::AirDefense,
            Self::Sensor(_) => SystemKind::Sensor,
            Self::Aircraft(_) => SystemKind::Aircraft,
            Self::Ship(_) => SystemKind::Ship,
            Self::Ground(_) => SystemKind::Ground,
            Self::Threat(_) => SystemKind::Threat,
            Self::Launcher(_) => SystemKind::Launcher,
        }
    }

    /// Display name.
    pub fn name(&self) -> &str {
        match self {
            Self::AirDefense(t) => &t.name,
            Self::Sensor(t) => &t.name,
            Self::Aircraft(t) => &t.name,
            Self::Ship(t) => &t.name,
            Self::Ground(t) => &t.name,
            Self::Threat(t) => &t.name,
            Self::Launcher(t) => &t.name,
        }
    }

    /// People one unit of this type puts in harm's way.
    pub fn personnel(&self) -> u32 {
        match self {
            Self::AirDefense(t) => t.personnel,
            Self::Sensor(t) => t.personnel,
            Self::Aircraft(t) => t.personnel,
            Self::Ship(t) => t.personnel,
            Self::Ground(t) => t.personnel,
            Self::Threat(_) => 0,
            Self::Launcher(t) => t.personnel,
        }
    }

    /// Where a unit of this type may be placed.
    pub fn basing(&self) -> Basing {
        match self {
            Self::Ship(_) => Basing::Sea,
            Self::Sensor(SensorType { platform: Platform::Ship, .. }) => Basing::Sea,
            Self::Launcher(LauncherType { platform: Platform::Ship, .. }) => Basing::Sea,
            Self::Aircraft(_) | Self::Threat(_) => Basing::Air,
            Self::Sensor(SensorType { platform: Platform::Airborne, .. }) => Basing::Air,
            Self::Launcher(LauncherType { platform: Platform::Airborne, .. }) => Basing::Air,
            _ => Basing::Land,
        }
    }

    /// Checks every field; `path` is where this type sits (`catalog.NAME` or
    /// `units[i].params`); `catalog` resolves munition names.
    pub(crate) fn check(&self, path: &FieldPath, catalog: &BTreeMap<String, SystemType>, c: &mut Check<'_>) {
        let p = |f: &str| path.key(f);
        let name = self.name();
        if name.trim().is_empty() {
            c.fail(&p("name"), "name is empty: give the system a display name".into());
        }
        match self {
            Self::AirDefense(t) => {
                c.positive(&p("radar_range_km"), t.radar_range_km);
                c.range(&p("antenna_height_m"), t.antenna_height_m, 0.0, 1000.0, "a height in metres from 0 to 1000");
                check_engagement(&t.engagement, &p("engagement"), c, true);
                c.count(&p("launchers"), t.launchers, 1, 100);
                c.count(&p("interceptors_per_launcher"), t.interceptors_per_launcher, 1, 10_000);
                c.count(&p("fire_channels"), t.fire_channels, 1, 1000);
                c.count(&p("shots_per_engagement"), t.shots_per_engagement, 1, 10);
                c.positive(&p("reload_minutes"), t.reload_minutes);
                c.non_negative(&p("cost_per_shot_usd"), t.cost_per_shot_usd);
                c.count(&p("personnel"), t.personnel, 0, 100_000);
            }
            Self::Sensor(t) => {
                c.positive(&p("radar_range_km"), t.radar_range_km);
                c.range(&p("altitude_m"), t.altitude_m, 0.0, 30_000.0, "an altitude in metres from 0 to 30000");
                c.non_negative(&p("speed_kmh"), t.speed_kmh);
                c.non_negative(&p("endurance_hours"), t.endurance_hours);
                if t.platform == Platform::Airborne {
                    c.positive(&p("speed_kmh"), t.speed_kmh);
                    c.positive(&p("endurance_hours"), t.endurance_hours);
                }
                c.count(&p("personnel"), t.personnel, 0, 100_000);
            }
            Self::Aircraft(t) => {
                c.positive(&p("radar_range_km"), t.radar_range_km);
                c.positive(&p("cruise_speed_kmh"), t.cruise_speed_kmh);
                c.positive(&p("combat_radius_km"), t.combat_radius_km);
                c.positive(&p("endurance_hours"), t.endurance_hours);
                c.range(&p("ceiling_m"), t.ceiling_m, 1.0, 30_000.0, "a ceiling in metres from 1 to 30000");
                check_engagement(&t.engagement, &p("engagement"), c, false);
                c.count(&p("missiles_per_sortie"), t.missiles_per_sortie, 0, 100);
                c.non_negative(&p("cost_per_shot_usd"), t.cost_per_shot_usd);
                c.count(&p("aircraft_per_unit"), t.aircraft_per_unit, 1, 500);
                c.count(&p("personnel"), t.personnel, 0, 100_000);
            }
            Self::Ship(t) => {
                c.positive(&p("speed_kmh"), t.speed_kmh);
                c.positive(&p("endurance_days"), t.endurance_days);
                c.non_negative(&p("radar_range_km"), t.radar_range_km);
                c.range(&p("antenna_height_m"), t.antenna_height_m, 0.0, 100.0, "a height in metres from 0 to 100");
                check_engagement(&t.engagement, &p("engagement"), c, false);
                c.count(&p("interceptors"), t.interceptors, 0, 10_000);
                c.count(&p("shots_per_engagement"), t.shots_per_engagement, 1, 10);
                c.count(&p("fire_channels"), t.fire_channels, 1, 100);
                c.non_negative(&p("cost_per_shot_usd"), t.cost_per_shot_usd);
                c.count(&p("personnel"), t.personnel, 0, 100_000);
            }
            Self::Ground(t) => {
                c.count(&p("personnel"), t.personnel, 1, 1_000_000);
                c.range(&p("combat_power"), t.combat_power, 0.0, 100.0, "brigade equivalents from 0 to 100");
                c.positive(&p("road_speed_kmh"), t.road_speed_kmh);
            }
            Self::Threat(t) => {
                c.positive(&p("speed_kmh"), t.speed_kmh);
                c.range(&p("cruise_altitude_m"), t.cruise_altitude_m, 0.0, 1_000_000.0, "an altitude in metres");
                c.positive(&p("range_km"), t.range_km);
                c.non_negative(&p("warhead_kg"), t.warhead_kg);
                c.non_negative(&p("cost_usd"), t.cost_usd);
                c.positive(&p("rcs_m2"), t.rcs_m2);
            }
            Self::Launcher(t) => {
                if t.munitions.is_empty() {
                    c.fail(&p("munitions"), "munitions is empty: a launcher fires at least one threat type".into());
                }
                for (m, n) in &t.munitions {
                    let mp = p("munitions").key(m.clone());
                    match catalog.get(m) {
                        Some(SystemType::Threat(_)) => {}
                        Some(other) => {
                            c.fail(&mp, format!("`{m}` is a {:?} type, not a threat a launcher can fire", other.kind()))
                        }
                        None => c.unknown_name(&mp, m, "threat type", catalog_threat_names(catalog)),
                    }
                    c.count(&mp, *n, 1, 10_000);
                }
                c.positive(&p("reload_hours"), t.reload_hours);
                c.count(&p("personnel"), t.personnel, 0, 100_000);
            }
        }
    }
}

fn catalog_threat_names(catalog: &BTreeMap<String, SystemType>) -> Vec<&str> {
    catalog.iter().filter(|(_, t)| matches!(t, SystemType::Threat(_))).map(|(k, _)| k.as_str()).collect()
}

fn check_engagement(e: &PerClass<Envelope>, path: &FieldPath, c: &mut Check<'_>, must_engage: bool) {
    let mut any = false;
    for class in ThreatClass::ALL {
        let Some(env) = e.get(class) else { continue };
        any = true;
        let p = path.key(class.key());
        c.non_negative(&p.key("min_range_km"), env.min_range_km);
        c.positive(&p.key("max_range_km"), env.max_range_km);
        c.non_negative(&p.key("min_altitude_m"), env.min_altitude_m);
        c.positive(&p.key("max_altitude_m"), env.max_altitude_m);
        c.probability(&p.key("pk"), env.pk);
        if env.min_range_km.is_finite() && env.max_range_km.is_finite() && env.min_range_km >= env.max_range_km {
            c.fail(
                &p.key("min_range_km"),
                format!(
                    "min_range_km = {} is not below max_range_km = {}",
                    super::doc::format_float(env.min_range_km),
                    super::doc::format_float(env.max_range_km)
                ),
            );
        }
        if env.min_altitude_m.is_finite() && env.max_altitude_m.is_finite() && env.min_altitude_m >= env.max_altitude_m
        {
            c.fail(
                &p.key("min_altitude_m"),
                format!(
                    "min_altitude_m = {} is not below max_altitude_m = {}",
                    super::doc::format_float(env.min_altitude_m),
                    super::doc::format_float(env.max_altitude_m)
                ),
            );
        }
    }
    if must_engage && !any {
        c.fail(path, "engagement is empty: an air-defence system must engage at least one threat class".into());
    }
}
