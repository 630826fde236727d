//! motion: everything that moves, moves.
//!
//! Phase: Move. Owns: [`Position`] after spawn, [`Velocity`], [`Route`].
//! Messages out: [`Arrived`] when an entity reaches a waypoint. Threats,
//! patrols and reinforcing ground units (later issues) move by giving
//! themselves a velocity or a route; while anything moves the run loop
//! executes every tick, and when nothing does it skips ahead.

use bevy_ecs::prelude::*;

use crate::geo::projection::Xy;
use crate::sim::components::Position;
use crate::sim::{SimApp, SimClock, TickSet};

/// Constant velocity, metres per second in EPSG:3035.
#[derive(Component, Debug, Clone, Copy, PartialEq, Default)]
pub struct Velocity(pub Xy);

/// A path of waypoints flown or driven at a constant speed.
#[derive(Component, Debug, Clone, PartialEq)]
pub struct Route {
    /// Waypoints in EPSG:3035 metres.
    pub waypoints: Vec<Xy>,
    /// Index of the waypoint being approached.
    pub next: usize,
    /// Speed, m/s.
    pub speed_ms: f64,
}

/// Where an entity stood before this tick's step. Fast movers carry it so
/// that others can check the whole segment they swept, not just its end (a
/// ballistic missile covers 100 km in one minute's tick).
#[derive(Component, Debug, Clone, Copy, PartialEq, Default)]
pub struct Trail(pub Xy);

/// Longest step between the points of a tick's segment that sensors and
/// shooters check, m: shorter than the smallest gun envelope's diameter
/// (8 km), so a threat cannot cross an envelope unseen.
pub const SWEEP_STEP_M: f64 = 4000.0;

/// The points of the straight segment `from`-`to` flown between
/// `now_s - dt_s` and `now_s`, one every [`SWEEP_STEP_M`] or less, excluding
/// the start (checked the tick before) and ending at `to`, with their times.
pub fn swept(from: Xy, to: Xy, now_s: f64, dt_s: f64) -> impl Iterator<Item = (Xy, f64)> {
    let n = (from.distance(to) / SWEEP_STEP_M).ceil().max(1.0) as usize;
    (1..=n).map(move |k| {
        let f = k as f64 / n as f64;
        (Xy { x: from.x + (to.x - from.x) * f, y: from.y + (to.y - from.y) * f }, now_s - dt_s * (1.0 - f))
    })
}

/// An entity reached a waypoint.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrived {
    /// Who arrived.
    pub entity: Entity,
    /// Which waypoint.
    pub waypoint: usize,
    /// True at the route's end.
    pub last: bool,
}

/// Entities this domain moves.
type Moving = Or<(With<Velocity>, With<Route>)>;

/// The systems of this domain.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MotionSystems {
    /// Positions advance.
    Advance,
}

/// Registers the motion domain.
pub fn register(app: &mut SimApp) {
    app.add_message::<Arrived>()
        .add_systems((advance_velocities, follow_routes).chain().in_set(TickSet::Move).in_set(MotionSystems::Advance));
    let mut moving: Option<QueryState<(), Moving>> = None;
    app.add_work_probe(Box::new(move |world, now| {
        let q = moving.get_or_insert_with(|| world.query_filtered());
        q.iter(world).next().is_some().then_some(now + 1)
    }));
}

/// Constant-velocity movers (nothing that needs a [`Trail`] moves this way).
fn advance_velocities(clock: Res<SimClock>, mut movers: Query<(&mut Position, &Velocity)>) {
    let dt = clock.dt_seconds();
    for (mut p, v) in &mut movers {
        p.0.x += v.0.x * dt;
        p.0.y += v.0.y * dt;
    }
}

fn follow_routes(
    mut commands: Commands,
    clock: Res<SimClock>,
    mut movers: Query<(Entity, &mut Position, &mut Route, Option<&mut Trail>)>,
    mut arrived: MessageWriter<Arrived>,
) {
    let dt = clock.dt_seconds();
    for (entity, mut p, mut route, trail) in &mut movers {
        // Launched this tick: it starts moving next tick (dt may span a jump
        // over idle ticks before it existed).
        if route.is_added() {
            continue;
        }
        let (pos, reached) = step_route(p.0, &route, dt);
        if let Some(mut t) = trail {
            t.0 = p.0;
        }
        p.0 = pos;
        for &w in &reached {
            arrived.write(Arrived { entity, waypoint: w, last: w + 1 == route.waypoints.len() });
        }
        if let Some(&w) = reached.last() {
            route.next = w + 1;
        }
        if route.next >= route.waypoints.len() {
            commands.entity(entity).remove::<Route>();
        }
    }
}

/// Moves `pos` along `route` for `dt` seconds. Returns the new position and
/// the waypoints reached on the way, in order.
pub fn step_route(mut pos: Xy, route: &Route, dt: f64) -> (Xy, Vec<usize>) {
    let mut budget = route.speed_ms * dt;
    let mut reached = Vec::new();
    let mut next = route.next;
    while budget > 0.0 && next < route.waypoints.len() {
        let target = route.waypoints[next];
        let d = pos.distance(target);
        if d <= budget {
            pos = target;
            budget -= d;
            reached.push(next);
            next += 1;
        } else {
            let f = budget / d;
            pos = Xy { x: pos.x + (target.x - pos.x) * f, y: pos.y + (target.y - pos.y) * f };
            budget = 0.0;
        }
    }
    (pos, reached)
}

#[cfg(test)]
mod tests {
    use bevy_ecs::system::RunSystemOnce;

    use super::*;

    fn route(points: &[(f64, f64)], speed: f64) -> Route {
        Route { waypoints: points.iter().map(|&(x, y)| Xy { x, y }).collect(), next: 0, speed_ms: speed }
    }

    #[test]
    fn step_route_walks_through_waypoints_exactly() {
        let r = route(&[(100.0, 0.0), (100.0, 100.0)], 10.0);
        let (p, hit) = step_route(Xy::default(), &r, 5.0);
        assert_eq!((p, hit), (Xy { x: 50.0, y: 0.0 }, vec![]));
        let (p, hit) = step_route(Xy::default(), &r, 15.0);
        assert_eq!((p, hit), (Xy { x: 100.0, y: 50.0 }, vec![0]));
        let (p, hit) = step_route(Xy::default(), &r, 100.0);
        assert_eq!((p, hit), (Xy { x: 100.0, y: 100.0 }, vec![0, 1]));
    }

    #[test]
    fn velocities_integrate_over_the_time_since_the_last_tick() {
        let mut world = World::new();
        world.insert_resource(SimClock { tick: 10, prev_tick: 4, tick_seconds: 60 });
        let e = world.spawn((Position::default(), Velocity(Xy { x: 2.0, y: -1.0 }))).id();
        world.run_system_once(advance_velocities).expect("system ran");
        assert_eq!(world.get::<Position>(e).unwrap().0, Xy { x: 720.0, y: -360.0 });
    }
}
