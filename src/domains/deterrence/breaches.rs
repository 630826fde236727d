//! What each kind of breach does once Russia has chosen it (strikes and
//! incursions become raids in `adversary::decide`): a naval incursion stays in
//! the zone until the coalition intercepts it; grey-zone sabotage strikes the
//! coalition's hub; a ground probe or offensive is fought at its sector. Each
//! schedules its detection, the coalition's answer and its outcome in the
//! [`Strategic`] state, to be applied when their times come.

use rand::RngExt;

use super::adversary::{grey_zone_detection, hub, naval_detection, standard_normal};
use super::ground::{self, arrivals, battle_of};
use super::response::respond;
use super::{Breach, DeterrenceRng, Due, Outcome, Strategic, ukraine};
use crate::config::deterrence::{Deterrence, OptionFile, Rung};
use crate::config::{NationId, Scenario};
use crate::domains::threats::plan;

/// Deepest advance after a breakthrough, km (ASSUMPTION: a brigade's reach
/// before it outruns its supply).
const MAX_PENETRATION_KM: f64 = 30.0;

/// The breach Russia chose, and what starting it needs.
#[derive(Clone, Copy)]
pub(super) struct Chosen<'a> {
    /// The scenario.
    pub s: &'a Scenario,
    /// Its strategic layer.
    pub d: &'a Deterrence,
    /// The option chosen.
    pub o: &'a OptionFile,
    /// The breach's index in the state.
    pub b: usize,
    /// The decision time, s.
    pub now: f64,
    /// Coalition cohesion now.
    pub cohesion: f64,
    /// US monitoring's chance per hour (0 without the US).
    pub us_watch: f64,
}

/// A naval incursion into the zone at the breach's place, seen by `seen`
/// platforms: repelled if the coalition intercepts before it leaves.
pub(super) fn naval(c: &Chosen<'_>, st: &mut Strategic, rng: &mut DeterrenceRng, breach: Breach, seen: u32) {
    let Chosen { d, o, b, now, cohesion, us_watch, .. } = *c;
    let hour_draw: f64 = rng.ground.random();
    let true_p = o.detection.unwrap_or(naval_detection(seen, us_watch, o.duration_hours));
    let detected_s = (rng.ground.random::<f64>() < true_p).then_some(now + hour_draw * 3600.0);
    let end_s = now + o.duration_hours * 3600.0;
    st.breaches.push(breach);
    let response_s = detected_s.map(|t| respond(st, d, &mut rng.response, b, t, cohesion));
    let br = &st.breaches[b];
    let repelled = response_s.is_some_and(|t| br.answered && br.rung >= Rung::Intercept && t < end_s);
    let ended = if repelled { response_s.unwrap_or(end_s) } else { end_s };
    let outcome = Outcome {
        succeeded: !repelled,
        detail: if repelled { "intercepted and escorted out".into() } else { "stayed in the zone".into() },
        ..Outcome::default()
    };
    st.push(ended, Due::Ended { breach: b, outcome });
}

/// Sabotage at the coalition's hub: always done, seldom attributed.
pub(super) fn grey_zone(c: &Chosen<'_>, st: &mut Strategic, rng: &mut DeterrenceRng, breach: Breach) {
    let Chosen { s, d, o, b, now, cohesion, us_watch } = *c;
    let (hub_xy, hub_nation) = hub(s);
    let true_p = grey_zone_detection(o.detection, us_watch, o.duration_hours);
    let detected_s = (rng.ground.random::<f64>() < true_p).then_some(now + 3600.0);
    let casualties = f64::from(plan::poisson(&mut rng.ground, o.casualties));
    st.breaches.push(breach);
    st.breaches[b].at = hub_xy;
    if let Some(t) = detected_s {
        respond(st, d, &mut rng.response, b, t, cohesion);
    }
    let outcome = Outcome {
        succeeded: true,
        casualties: hub_nation.map(|n| vec![(n, casualties)]).unwrap_or_default(),
        detail: format!("sabotage at the hub: {casualties:.0} casualties"),
        ..Outcome::default()
    };
    st.push(now + 3600.0, Due::Ended { breach: b, outcome });
}

/// A ground probe or offensive at sector `sec`, with `warn` the chance its
/// assembly is seen: fought now, applied when over. Returns the sector's name.
pub(super) fn ground(
    c: &Chosen<'_>,
    st: &mut Strategic,
    rng: &mut DeterrenceRng,
    breach: Breach,
    sec: usize,
    warn: f64,
) -> String {
    let Chosen { s, d, o, b, now, cohesion, .. } = *c;
    let g = &d.file.ground;
    let battle_s = now + g.warning_hours * 3600.0;
    let detected_s = if rng.ground.random::<f64>() < warn {
        now + rng.ground.random::<f64>() * g.warning_hours * 3600.0
    } else {
        battle_s
    };
    st.breaches.push(breach);
    let response_s = respond(st, d, &mut rng.response, b, detected_s, cohesion);
    let reinforce = st.breaches[b].answered && st.breaches[b].rung >= Rung::SupportCounterattack;
    let joins = if reinforce { arrivals(s, d, st, sec, (response_s - battle_s) / 3600.0) } else { Vec::new() };
    let effectiveness = (g.effectiveness_sd * standard_normal(&mut rng.ground)).exp();
    let warned_h = (battle_s - detected_s) / 3600.0;
    let battle = battle_of(d, st, sec, o.size, o.frontage_km, g.russian_quality * effectiveness, warned_h, &joins);
    let r = ground::fight(&battle, g);
    let mut outcome = Outcome { succeeded: r.breakthrough, ..Outcome::default() };
    let holders_per_power = st.sectors[sec].personnel_per_power;
    for (i, def) in battle.defenders.iter().enumerate() {
        let lost = r.defender_lost[i];
        match def.reserve {
            None => {
                outcome.sector_loss += lost;
                outcome.casualties.push((ukraine(s), lost * holders_per_power));
            }
            Some(ri) => {
                let (unit, nation, per_power) =
                    (st.reserves[ri].unit, st.reserves[ri].nation, st.reserves[ri].personnel_per_power);
                if def.joins_h < r.over_h {
                    st.push(battle_s + def.joins_h * 3600.0, Due::Joined { breach: b, unit });
                }
                outcome.casualties.push((nation, lost * per_power));
                outcome.reserve_loss.push((ri, lost));
            }
        }
    }
    // Preparatory fires reach the coalition's formations near the
    // attacked sector, whether or not they join the fight.
    let sector_xy = st.sectors[sec].xy;
    let exposed: Vec<NationId> = st
        .reserves
        .iter()
        .filter(|r| st.present[usize::from(r.nation)] && r.xy.distance(sector_xy) <= g.fires_reach_km * 1000.0)
        .map(|r| r.nation)
        .collect();
    for nation in exposed {
        let n = f64::from(plan::poisson(&mut rng.ground, g.fires_casualties));
        outcome.casualties.push((nation, n));
    }
    outcome.russian_losses = r.attacker_lost;
    outcome.territory_km2 =
        if r.breakthrough { o.frontage_km * (r.advance_h * g.advance_kmh).min(MAX_PENETRATION_KM) } else { 0.0 };
    outcome.detail = format!(
        "{} sector: {:.1} h of fighting, {}; Russian losses {:.2} brigade eq.",
        st.sectors[sec].name,
        r.hours,
        if r.breakthrough {
            format!("the line broke, {:.0} km² lost", outcome.territory_km2)
        } else {
            "the attack was turned back".into()
        },
        r.attacker_lost
    );
    let name = st.sectors[sec].name.clone();
    st.push(battle_s + r.over_h * 3600.0, Due::Ended { breach: b, outcome });
    name
}
