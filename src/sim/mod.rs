//! The headless ECS core: a [`SimApp`] (one `World`, one `Schedule` run by the
//! single-threaded executor), the strictly chained [`TickSet`] phases, the
//! clock and cadences, seeded random streams, spawning from a `Scenario`, and
//! [`run`](mod@run), which plays a scenario out and returns plain results.
//!
//! `sim` never reads files or prints; parallelism happens across runs (batch),
//! never inside one, so a run is a pure function of scenario, seed and
//! replication.

pub mod clock;
pub mod components;
pub mod rng;
pub mod run;
pub mod spawn;

use bevy_ecs::message::{Message, MessageRegistry, message_update_system};
use bevy_ecs::prelude::*;
use bevy_ecs::schedule::{LogLevel, ScheduleBuildSettings, ScheduleLabel, SingleThreadedExecutor};
use bevy_ecs::system::ScheduleSystem;

pub use clock::{Cadence, Every, Phase, SimClock};
pub use run::{RunOptions, Theatre, run, run_with};

/// The label of the schedule a tick runs.
#[derive(ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct SimTick;

/// The label of the one-system schedule that rotates message buffers before
/// each tick. It is separate because `message_update_system` takes the whole
/// World, so inside the tick schedule it would conflict with every system of
/// its phase.
#[derive(ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct RotateMessages;

/// The phases of a tick, run strictly in this order (DESIGN §3). Commands
/// issued in one phase (spawns, despawns) are applied before the next begins.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TickSet {
    /// Bookkeeping at the start of a tick (message buffers have just rotated).
    Housekeeping,
    /// Domestic support, withdrawals, US approval (daily).
    Politics,
    /// Russia's breach decisions and coalition decisions.
    Decide,
    /// New entities enter: raids launched, units deployed.
    Spawn,
    /// Everything that moves, moves.
    Move,
    /// Sensors detect and tracks are shared.
    Sense,
    /// Weapons engage tracked threats.
    Engage,
    /// Hits, damage and casualties are resolved.
    Resolve,
    /// Responses to breaches: rules of engagement and escalation.
    Respond,
    /// Metrics read the tick's messages.
    Measure,
}

impl TickSet {
    /// Every phase in order.
    pub const ALL: [TickSet; 10] = [
        Self::Housekeeping,
        Self::Politics,
        Self::Decide,
        Self::Spawn,
        Self::Move,
        Self::Sense,
        Self::Engage,
        Self::Resolve,
        Self::Respond,
        Self::Measure,
    ];
}

/// Identifies a run: its seed and replication index. Random streams derive
/// from these and a stream name.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunIdentity {
    /// The run's seed.
    pub seed: u64,
    /// Replication index within a batch (0 for a single run).
    pub replication: u64,
}

/// Reports the next tick at which a domain has work, given the current tick
/// (`Some(now + 1)` when something is in flight, `None` when idle).
pub type WorkProbe = Box<dyn FnMut(&mut World, u64) -> Option<u64> + Send + Sync>;

/// Settings of one simulation app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimSettings {
    /// Seconds per tick.
    pub tick_seconds: u32,
    /// Run identity (seed and replication).
    pub identity: RunIdentity,
    /// Build the schedule with this shuffle seed (feature `debug`), to prove
    /// that results do not depend on the order of unordered systems.
    pub shuffle_seed: Option<u64>,
}

/// A World plus the tick Schedule, with Bevy's plugin pattern in miniature:
/// each domain's `register(&mut SimApp)` adds its messages, resources and
/// systems.
pub struct SimApp {
    /// The ECS world.
    pub world: World,
    schedule: Schedule,
    rotate: Schedule,
    probes: Vec<WorkProbe>,
    cadences: Vec<Cadence>,
}

impl SimApp {
    /// An app with the clock, the phase sets and message housekeeping.
    pub fn new(settings: SimSettings) -> Self {
        let mut world = World::new();
        world.insert_resource(SimClock::new(settings.tick_seconds));
        world.insert_resource(settings.identity);
        let mut schedule = Schedule::new(SimTick);
        // Explicit, because cargo feature unification could switch on the
        // multi-threaded executor through another dependency.
        schedule.set_executor(SingleThreadedExecutor::new());
        #[cfg_attr(not(feature = "debug"), expect(unused_mut, reason = "shuffle_seed exists only with `debug`"))]
        let mut build = ScheduleBuildSettings { ambiguity_detection: LogLevel::Error, ..Default::default() };
        #[cfg(feature = "debug")]
        {
            build.shuffle_seed = settings.shuffle_seed;
        }
        schedule.set_build_settings(build);
        schedule.configure_sets(
            (
                TickSet::Housekeeping,
                TickSet::Politics,
                TickSet::Decide,
                TickSet::Spawn,
                TickSet::Move,
                TickSet::Sense,
                TickSet::Engage,
                TickSet::Resolve,
                TickSet::Respond,
                TickSet::Measure,
            )
                .chain(),
        );
        let mut rotate = Schedule::new(RotateMessages);
        rotate.set_executor(SingleThreadedExecutor::new());
        rotate.add_systems(message_update_system);
        Self { world, schedule, rotate, probes: Vec::new(), cadences: Vec::new() }
    }

    /// Registers a message type.
    pub fn add_message<M: Message>(&mut self) -> &mut Self {
        MessageRegistry::register_message::<M>(&mut self.world);
        self
    }

    /// Adds systems to the tick schedule.
    pub fn add_systems<M>(&mut self, systems: impl IntoScheduleConfigs<ScheduleSystem, M>) -> &mut Self {
        self.schedule.add_systems(systems);
        self
    }

    /// Inserts a resource.
    pub fn insert_resource<R: Resource>(&mut self, resource: R) -> &mut Self {
        self.world.insert_resource(resource);
        self
    }

    /// Adds a probe the run loop asks before skipping idle ticks.
    pub fn add_work_probe(&mut self, probe: WorkProbe) -> &mut Self {
        self.probes.push(probe);
        self
    }

    /// A run condition that is true on the ticks of `every` at `phase`. The
    /// run loop always stops on those ticks, however idle the world is.
    pub fn cadence(&mut self, every: Every, phase: Phase) -> impl FnMut(Res<SimClock>) -> bool + Clone + use<> {
        let cadence = Cadence::new(every, phase, self.clock().tick_seconds);
        if !self.cadences.contains(&cadence) {
            self.cadences.push(cadence);
        }
        move |clock: Res<SimClock>| cadence.is_due(clock.tick)
    }

    /// The random stream `name` of this run.
    pub fn rng_stream(&self, name: &str) -> rng::SimRng {
        let id = self.world.resource::<RunIdentity>();
        rng::stream(id.seed, id.replication, name)
    }

    /// The clock.
    pub fn clock(&self) -> SimClock {
        *self.world.resource::<SimClock>()
    }

    /// Runs one tick at the current clock time, without advancing the clock.
    pub fn run_tick(&mut self) {
        self.rotate.run(&mut self.world);
        self.schedule.run(&mut self.world);
    }

    /// Runs ticks until the clock reaches `end`, jumping over ticks in which
    /// no cadence is due and no probe reports work. Returns the number of
    /// ticks executed.
    pub fn run_until(&mut self, end: u64) -> u64 {
        let mut executed = 0;
        while self.clock().tick < end {
            self.run_tick();
            executed += 1;
            let now = self.clock().tick;
            let next = self.next_work(now).unwrap_or(end).clamp(now + 1, end.max(now + 1));
            let mut clock = self.world.resource_mut::<SimClock>();
            clock.prev_tick = now;
            clock.tick = next;
        }
        executed
    }

    /// Advances the clock by exactly one tick after running it, whatever the
    /// probes say (for benchmarks and tests of per-tick behaviour).
    pub fn step(&mut self) {
        self.run_tick();
        let mut clock = self.world.resource_mut::<SimClock>();
        clock.prev_tick = clock.tick;
        clock.tick += 1;
    }

    fn next_work(&mut self, now: u64) -> Option<u64> {
        let cadence = self.cadences.iter().map(|c| c.next_after(now)).min();
        let world = &mut self.world;
        let probed = self.probes.iter_mut().filter_map(|p| p(world, now)).min();
        cadence.into_iter().chain(probed).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Resource, Default)]
    struct Order(Vec<TickSet>);

    fn settings() -> SimSettings {
        SimSettings { tick_seconds: 60, identity: RunIdentity { seed: 1, replication: 0 }, shuffle_seed: None }
    }

    /// The phases run in DESIGN §3's order whatever order systems were added in.
    #[test]
    fn phases_run_in_order() {
        let mut app = SimApp::new(settings());
        app.insert_resource(Order::default());
        for set in TickSet::ALL.iter().rev().copied() {
            app.add_systems((move |mut o: ResMut<Order>| o.0.push(set)).in_set(set));
        }
        app.run_tick();
        assert_eq!(app.world.resource::<Order>().0, TickSet::ALL.to_vec());
    }

    #[derive(Resource, Default)]
    struct Ran(Vec<u64>);

    #[test]
    fn idle_ticks_are_skipped_but_cadences_are_kept() {
        let mut app = SimApp::new(settings());
        app.insert_resource(Ran::default());
        let daily = app.cadence(Every::Day, Phase::End);
        app.add_systems(
            (|clock: Res<SimClock>, mut ran: ResMut<Ran>| ran.0.push(clock.tick))
                .run_if(daily)
                .in_set(TickSet::Measure),
        );
        let executed = app.run_until(3 * 1440);
        assert_eq!(app.world.resource::<Ran>().0, vec![1439, 2879, 4319]);
        assert_eq!(executed, 4, "tick 0 and the three day ends");
    }

    #[test]
    fn a_busy_probe_keeps_every_tick() {
        let mut app = SimApp::new(settings());
        app.add_work_probe(Box::new(|_, now| (now < 10).then_some(now + 1)));
        let executed = app.run_until(100);
        assert_eq!(executed, 11, "ticks 0 to 10, then a jump to the end");
    }

    #[derive(Resource, Default)]
    struct Score(u32);

    /// Two systems writing the same resource with no order between them must
    /// be refused when the schedule is built.
    #[test]
    #[should_panic(expected = "ambigu")]
    fn ambiguous_systems_are_refused() {
        let mut app = SimApp::new(settings());
        app.insert_resource(Score::default());
        app.add_systems((|mut s: ResMut<Score>| s.0 += 1).in_set(TickSet::Engage));
        app.add_systems((|mut s: ResMut<Score>| s.0 *= 2).in_set(TickSet::Engage));
        app.run_tick();
    }
}
