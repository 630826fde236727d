//! What Russia aims at: every city, power plant, port, airbase and military
//! unit on Ukraine-held ground, with a weight for choosing among them.

use crate::config::Scenario;
use crate::config::catalog::SystemType;
use crate::config::file::Side;
use crate::geo::map::{Control, Map};
use crate::geo::places::PlaceKind;
use crate::geo::projection::{self, LatLon, Xy};

/// Classes of target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetClass {
    /// A city (weight: population).
    City,
    /// A power plant (weight: value).
    Energy,
    /// A port (weight: value).
    Port,
    /// An airbase or logistics hub (weight: value).
    Airbase,
    /// A military unit of the coalition or Ukraine (weight: 1).
    Military,
}

impl TargetClass {
    /// Every class, in order.
    pub const ALL: [TargetClass; 5] = [Self::City, Self::Energy, Self::Port, Self::Airbase, Self::Military];

    /// Lower-case name for metrics.
    pub fn key(self) -> &'static str {
        match self {
            Self::City => "city",
            Self::Energy => "energy",
            Self::Port => "port",
            Self::Airbase => "airbase",
            Self::Military => "military",
        }
    }
}

/// One thing that can be hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Its class.
    pub class: TargetClass,
    /// Name (place name or unit id).
    pub name: String,
    /// Where it is.
    pub position: LatLon,
    /// The same in EPSG:3035.
    pub xy: Xy,
    /// Choice weight within its class.
    pub weight: f64,
    /// For military targets, the unit (index) there.
    pub unit: Option<usize>,
}

/// Every target on Ukraine-held ground.
pub fn targets(scenario: &Scenario, map: &Map) -> Vec<Target> {
    let held = |p: LatLon| {
        let xy = projection::forward(p);
        map.grid.cell_of(xy).is_some_and(|(c, r)| *map.control.get(c, r) == Control::Ukraine)
    };
    let mut out = Vec::new();
    for p in map.places.places() {
        if p.country != "UA" || !held(p.position) {
            continue;
        }
        let (class, weight) = match p.kind {
            PlaceKind::City => (TargetClass::City, p.population.unwrap_or(20_000) as f64),
            PlaceKind::NuclearPlant | PlaceKind::ThermalPlant | PlaceKind::HydroPlant => {
                (TargetClass::Energy, p.value.unwrap_or(10.0))
            }
            PlaceKind::Port => (TargetClass::Port, p.value.unwrap_or(10.0)),
            PlaceKind::Airbase | PlaceKind::LogisticsHub => (TargetClass::Airbase, p.value.unwrap_or(10.0)),
            _ => continue,
        };
        if weight > 0.0 {
            out.push(Target {
                class,
                name: p.name.clone(),
                position: p.position,
                xy: projection::forward(p.position),
                weight,
                unit: None,
            });
        }
    }
    for (i, u) in scenario.units.iter().enumerate() {
        let n = &scenario.nations[usize::from(u.nation)];
        let military = matches!(&*u.system, SystemType::Ground(_) | SystemType::AirDefense(_));
        if military
            && n.participates
            && matches!(n.side, Side::Coalition | Side::Ukraine | Side::UnitedStates)
            && held(u.position)
        {
            out.push(Target {
                class: TargetClass::Military,
                name: u.id.clone(),
                position: u.position,
                xy: u.xy,
                weight: 1.0,
                unit: Some(i),
            });
        }
    }
    out
}
