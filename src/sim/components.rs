//! Components every unit carries, whatever its domain: a stable id, its
//! nation and side, its type and where it is. Domain-specific state
//! (magazines, tracks, strength) belongs to the domains.

use std::sync::Arc;

use bevy_ecs::prelude::*;

use crate::config::catalog::SystemType;
use crate::config::file::Side;
use crate::config::{NationId, Scenario};
use crate::coverage::sky::SkyPicture;
use crate::geo::map::Map;
use crate::geo::projection::Xy;

/// A unit's stable identity: its index in the scenario's unit list. Sort by
/// this wherever iteration order feeds a random draw or a tie-break, never by
/// archetype order.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitId(pub u32);

/// Who a unit belongs to.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allegiance {
    /// Its nation.
    pub nation: NationId,
    /// Its nation's side.
    pub side: Side,
}

/// What a unit is: its catalogue type (with per-unit params applied).
#[derive(Component, Debug, Clone)]
pub struct UnitType(pub Arc<SystemType>);

/// Where an entity is, in EPSG:3035 metres.
#[derive(Component, Debug, Clone, Copy, PartialEq, Default)]
pub struct Position(pub Xy);

/// The scenario being run, for domains that need its static data (nations,
/// unit labels). Read-only.
#[derive(Resource, Debug, Clone)]
pub struct ScenarioData(pub Arc<Scenario>);

/// The map the run stands on, built once per scenario and shared. Read-only.
#[derive(Resource, Debug, Clone)]
pub struct MapData(pub Arc<Map>);

/// Lines of sight of the coalition's platforms, prepared once per scenario.
#[derive(Resource, Debug, Clone)]
pub struct SkyData(pub Arc<SkyPicture>);

/// The entity of each scenario unit by its index (`None` for units of
/// nations that stay out). Written once by spawn.
#[derive(Resource, Debug, Clone, Default)]
pub struct UnitIndex(pub Vec<Option<Entity>>);

/// Units that have stood down: their nation withdrew, did not take part, or
/// (US units) has not yet approved its offer. Sensors and shooters of a unit
/// that stands down neither see nor shoot. Indexed like the scenario's units;
/// written by the politics domain.
#[derive(Resource, Debug, Clone, Default)]
pub struct StoodDown(pub Vec<bool>);

impl StoodDown {
    /// True when unit `i` stands down.
    pub fn get(&self, i: usize) -> bool {
        self.0.get(i).copied().unwrap_or(false)
    }
}
