//! Puts a scenario into a world: the scenario itself as a resource and one
//! entity per unit of every participating nation. Units of nations that stay
//! out are not spawned; the forces domain reports them as withheld.

use std::sync::Arc;

use crate::config::Scenario;

use super::SimApp;
use super::components::{Allegiance, Position, ScenarioData, StoodDown, UnitId, UnitIndex, UnitType};

/// Spawns `scenario` into `app`. Call after the domains are registered.
pub fn spawn(app: &mut SimApp, scenario: &Arc<Scenario>) {
    app.insert_resource(ScenarioData(Arc::clone(scenario)));
    let mut index = vec![None; scenario.units.len()];
    for (i, unit) in scenario.units.iter().enumerate() {
        let nation = &scenario.nations[usize::from(unit.nation)];
        if !nation.participates {
            continue;
        }
        let e = app
            .world
            .spawn((
                UnitId(i as u32),
                Allegiance { nation: unit.nation, side: nation.side },
                UnitType(Arc::clone(&unit.system)),
                Position(unit.xy),
            ))
            .id();
        index[i] = Some(e);
    }
    app.insert_resource(UnitIndex(index));
    app.insert_resource(StoodDown(vec![false; scenario.units.len()]));
}
