//! forces: the scenario's units entering the theatre.
//!
//! Phase: Spawn. Owns: [`Readiness`]. Messages out: [`UnitDeployed`] for every
//! unit spawned (with whether it is ready, drawn from its `readiness`), and
//! [`UnitWithheld`] once for every unit of a nation that stays out.
//!
//! The ground side of this domain (the deterrent force's reaction, Ukrainian
//! brigades, training, peacekeepers) arrives with the deterrence issue and
//! builds on these components.

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::sim::components::{ScenarioData, UnitId};
use crate::sim::rng::SimRng;
use crate::sim::{SimApp, TickSet};

/// A unit has entered the theatre.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitDeployed {
    /// The unit.
    pub unit: UnitId,
    /// Whether it is ready for operations.
    pub ready: bool,
}

/// A unit stays home because its nation does not participate.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitWithheld {
    /// The unit.
    pub unit: UnitId,
}

/// Whether a deployed unit is ready for operations.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readiness {
    /// Ready (true) or not yet operational (false).
    pub ready: bool,
}

/// The systems of this domain, for other domains to order against.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ForcesSystems {
    /// Deployment of newly spawned units.
    Deploy,
}

#[derive(Resource)]
struct ForcesRng(SimRng);

/// Registers the forces domain.
pub fn register(app: &mut SimApp) {
    let rng = app.rng_stream("forces");
    app.add_message::<UnitDeployed>()
        .add_message::<UnitWithheld>()
        .insert_resource(ForcesRng(rng))
        .add_systems((deploy, report_withheld).chain().in_set(TickSet::Spawn).in_set(ForcesSystems::Deploy));
}

/// Gives each newly spawned unit its readiness, in `UnitId` order so the
/// draws do not depend on archetype layout.
fn deploy(
    mut commands: Commands,
    mut rng: ResMut<ForcesRng>,
    scenario: Res<ScenarioData>,
    new_units: Query<(Entity, &UnitId), Without<Readiness>>,
    mut deployed: MessageWriter<UnitDeployed>,
) {
    for (entity, id) in new_units.iter().sort::<&UnitId>() {
        let p = scenario.0.units.get(id.0 as usize).map_or(1.0, |u| u.readiness);
        let ready = draw_ready(&mut rng.0, p);
        commands.entity(entity).insert(Readiness { ready });
        deployed.write(UnitDeployed { unit: *id, ready });
    }
}

/// True with probability `p` (validated to be in [0, 1]).
fn draw_ready(rng: &mut SimRng, p: f64) -> bool {
    rng.random_bool(p.clamp(0.0, 1.0))
}

fn report_withheld(scenario: Res<ScenarioData>, mut done: Local<bool>, mut withheld: MessageWriter<UnitWithheld>) {
    if *done {
        return;
    }
    *done = true;
    let s = &scenario.0;
    for (i, u) in s.units.iter().enumerate() {
        if !s.nations[usize::from(u.nation)].participates {
            withheld.write(UnitWithheld { unit: UnitId(i as u32) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::stream;

    #[test]
    fn readiness_draws_match_their_probability() {
        let mut rng = stream(3, 0, "forces");
        let n = 20_000;
        let ready = (0..n).filter(|_| draw_ready(&mut rng, 0.8)).count() as f64 / n as f64;
        // Binomial standard error sqrt(0.8 * 0.2 / n) = 0.0028; allow 5 sigma.
        assert!((ready - 0.8).abs() < 0.015, "{ready}");
        assert!((0..100).all(|_| draw_ready(&mut rng, 1.0)));
        assert!((0..100).all(|_| !draw_ready(&mut rng, 0.0)));
    }
}
