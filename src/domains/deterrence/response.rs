//! response: the coalition's rules of engagement and escalation ladder.
//!
//! A breach is detected, then attributed (with the option's probability),
//! then decided on, then acted on, each after its delay. Decisions are led by
//! the lead nations (the UK and France): the coalition climbs the ladder only
//! as high as the doctrine for that kind of breach and the most permissive
//! lead nation still present allow; with no lead nation left it can only
//! warn. National caveats cap what each nation's own forces do (a defensive-
//! only contingent does not join a counter-attack). Whether the coalition
//! acts at all is drawn with `answer_probability` times its cohesion. Neutral
//! (third-party) forces never respond.
//!
//! Systems: `follow_raids` (the raids Russia chose, through detection to
//! their last threat; military casualties from every impact for politics)
//! and `settle` (what is due: detections, answers and what Russia learns from
//! them, reinforcements arriving, outcomes).

use bevy_ecs::prelude::*;
use rand::RngExt;

use super::adversary::{self, attribution};
use super::{DeterrenceEvent, DeterrenceRng, Due, Outcome, Strategic, config, event, us_present};
use crate::config::NationId;
use crate::config::deterrence::{Deterrence, Rung};
use crate::domains::air_defense::Engaged;
use crate::domains::sensing::ThreatDetected;
use crate::domains::threats::{ThreatDiverted, ThreatImpact, ThreatLaunched};
use crate::sim::SimClock;
use crate::sim::components::ScenarioData;
use crate::sim::rng::SimRng;

/// The highest rung the coalition may take against a breach whose doctrine
/// is `doctrine`, given which lead nations are `present` and their caveats.
pub fn allowed(doctrine: Rung, lead: &[NationId], present: &[bool], caveats: &[Rung]) -> Rung {
    let led = lead
        .iter()
        .filter(|n| present.get(usize::from(**n)).copied().unwrap_or(false))
        .map(|n| caveats.get(usize::from(*n)).copied().unwrap_or(Rung::Observe))
        .max();
    match led {
        Some(cap) => doctrine.min(cap),
        None => doctrine.min(Rung::Warn),
    }
}

/// Breach `b` is detected at `detected_s`: the coalition decides its answer,
/// and both are scheduled. Returns when the action happens.
pub(super) fn respond(
    st: &mut Strategic,
    d: &Deterrence,
    rng: &mut SimRng,
    b: usize,
    detected_s: f64,
    cohesion: f64,
) -> f64 {
    let r = &d.file.response;
    let o = &d.file.adversary.options[st.breaches[b].option];
    let attributed = rng.random::<f64>() < attribution(d, o.attribution, us_present(st));
    let answered = attributed && rng.random::<f64>() < r.answer_probability * cohesion;
    let rung = if answered { allowed(o.kind.doctrine(), &d.lead, &st.present, &d.caveats) } else { Rung::Observe };
    let br = &mut st.breaches[b];
    br.detected_s = Some(detected_s);
    br.attributed = attributed;
    br.answered = answered && rung > Rung::Observe;
    br.rung = rung;
    let at = detected_s + r.delay_hours() * 3600.0;
    st.push(detected_s, Due::Detected(b));
    st.push(at, Due::Responded(b));
    at
}

/// Follows the raids Russia chose: which threats are theirs, the first
/// detection, and when the last threat has ended. Also takes military
/// casualties from every impact for domestic politics.
#[expect(clippy::too_many_arguments, reason = "a system's parameters are its inputs")]
pub(super) fn follow_raids(
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    mut st: ResMut<Strategic>,
    mut rng: ResMut<DeterrenceRng>,
    mut launched: MessageReader<ThreatLaunched>,
    mut detected: MessageReader<ThreatDetected>,
    mut engaged: MessageReader<Engaged>,
    mut diverted: MessageReader<ThreatDiverted>,
    mut impacts: MessageReader<ThreatImpact>,
) {
    let s = &scenario.0;
    let Some(d) = config(s) else {
        // Keep the readers' cursors moving; nothing to follow.
        launched.clear();
        detected.clear();
        engaged.clear();
        diverted.clear();
        impacts.clear();
        return;
    };
    let now = clock.seconds() as f64;
    let cohesion = st.cohesion();
    for m in launched.read() {
        if let Some(&b) = st.raid_breach.get(&m.raid) {
            st.threat_breach.insert(m.threat.0, b);
        }
    }
    for m in detected.read() {
        if let Some(&b) = st.threat_breach.get(&m.threat.0)
            && st.breaches[b].detected_s.is_none()
        {
            respond(&mut st, d, &mut rng.response, b, now, cohesion);
        }
    }
    let mut ends: Vec<(u32, bool)> = Vec::new();
    ends.extend(engaged.read().filter(|m| m.killed).map(|m| (m.threat.0, false)));
    ends.extend(diverted.read().map(|m| (m.threat.0, false)));
    for m in impacts.read() {
        ends.push((m.threat.0, true));
        if let Some((nation, n)) = m.military_casualties {
            st.killed[usize::from(nation)] += f64::from(n) * d.file.ground.killed_share;
        }
    }
    for (threat, hit) in ends {
        let Some(b) = st.threat_breach.remove(&threat) else { continue };
        let br = &mut st.breaches[b];
        br.ended += 1;
        br.impacts += u32::from(hit);
        if br.ended == br.threats {
            let succeeded = br.impacts > 0;
            let detail = format!("{} of {} threats hit", br.impacts, br.threats);
            st.push(now, Due::Ended { breach: b, outcome: Outcome { succeeded, detail, ..Outcome::default() } });
        }
    }
}

/// Applies what is due: detections, responses (and what Russia learns from
/// them), reinforcements arriving, and outcomes.
pub(super) fn settle(
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    mut st: ResMut<Strategic>,
    mut out: MessageWriter<DeterrenceEvent>,
) {
    let s = &scenario.0;
    let Some(d) = config(s) else { return };
    let end_s = (clock.seconds() + u64::from(clock.tick_seconds)) as f64;
    let (mut due, keep): (Vec<_>, Vec<_>) = std::mem::take(&mut st.due).into_iter().partition(|x| x.0 < end_s);
    st.due = keep;
    due.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let a = &d.file.adversary;
    for (at_s, _, what) in due {
        match what {
            Due::Detected(b) => {
                let br = &st.breaches[b];
                let o = &a.options[br.option];
                let hours = (at_s - br.decided_s) / 3600.0;
                out.write(DeterrenceEvent {
                    counts: vec![
                        ("breaches.detected".into(), 1.0),
                        ("breaches.time_to_detection_h.sum".into(), hours.max(0.0)),
                    ],
                    ..event(
                        "breach_detected",
                        None,
                        Some(br.at),
                        format!("{} detected {hours:.1} h after the decision", o.name),
                    )
                });
            }
            Due::Responded(b) => {
                let br = st.breaches[b].clone();
                let o = &a.options[br.option];
                // Did the coalition do what its doctrine promised? A full
                // answer is 1, a capped one less, none 0.
                let severity = d.file.response.severity.of(br.rung);
                let promised = d.file.response.severity.of(o.kind.doctrine()).max(1e-9);
                if br.attributed {
                    let seen = if br.answered { (severity / promised).min(1.0) } else { 0.0 };
                    st.resolve = adversary::learn(st.resolve, seen, a.learning_rate);
                }
                if br.answered {
                    st.successes += 1.0;
                }
                let hours = (at_s - br.detected_s.unwrap_or(at_s)) / 3600.0;
                let (kind, counts, detail) = if br.answered {
                    (
                        "response",
                        vec![("breaches.answered".into(), 1.0), ("response.time_h.sum".into(), hours)],
                        format!("{}: the coalition answers ({}), {hours:.1} h after detection", o.name, br.rung.key()),
                    )
                } else {
                    let why = if br.attributed { "attributed but left unanswered" } else { "not attributed" };
                    ("unanswered", vec![("breaches.unanswered".into(), 1.0)], format!("{}: {why}", o.name))
                };
                out.write(DeterrenceEvent { counts, ..event(kind, d.lead.first().copied(), Some(br.at), detail) });
            }
            Due::Joined { breach, unit } => {
                let u = &s.units[unit];
                let br = &st.breaches[breach];
                let hours = (at_s - br.detected_s.unwrap_or(br.decided_s)) / 3600.0;
                out.write(DeterrenceEvent {
                    counts: vec![
                        ("response.reinforcements".into(), 1.0),
                        ("response.reinforcement_h.sum".into(), hours),
                    ],
                    ..event(
                        "reinforcement",
                        Some(u.nation),
                        Some(st.breaches[breach].at),
                        format!("{} joins the fight, {hours:.1} h after detection", u.id),
                    )
                });
            }
            Due::Ended { breach, outcome } => {
                let br = st.breaches[breach].clone();
                let o = &a.options[br.option];
                st.detect[br.option].record(br.detected_s.is_some());
                st.success[br.option].record(outcome.succeeded);
                if !outcome.succeeded {
                    st.successes += 1.0;
                }
                let state = if outcome.succeeded { "succeeded" } else { "repelled" };
                let mut counts = vec![
                    (format!("breaches.{state}"), 1.0),
                    (format!("breaches.{state}.kind.{}", o.kind.key()), 1.0),
                    ("ground.territory_km2".into(), outcome.territory_km2),
                    ("ground.russian_losses".into(), outcome.russian_losses),
                ];
                let killed_share = d.file.ground.killed_share;
                for &(nation, n) in &outcome.casualties {
                    let n = n.round();
                    if n <= 0.0 {
                        continue;
                    }
                    let code = &s.nations[usize::from(nation)].code;
                    st.killed[usize::from(nation)] += n * killed_share;
                    counts.push(("casualties.military".into(), n));
                    counts.push((format!("casualties.military.nation.{code}"), n));
                }
                st.territory_km2 += outcome.territory_km2;
                if let Some(sec) = br.sector {
                    st.sectors[sec].power = (st.sectors[sec].power - outcome.sector_loss).max(0.0);
                }
                for &(ri, lost) in &outcome.reserve_loss {
                    st.reserves[ri].power = (st.reserves[ri].power - lost).max(0.0);
                }
                out.write(DeterrenceEvent {
                    counts,
                    ..event(
                        if outcome.succeeded { "breach_succeeded" } else { "breach_repelled" },
                        None,
                        Some(br.at),
                        format!("{}: {}", o.name, outcome.detail),
                    )
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_is_capped_by_doctrine_leads_and_their_caveats() {
        let caveats = [Rung::SupportCounterattack, Rung::Intercept];
        let lead = [0, 1];
        assert_eq!(allowed(Rung::StrikeLauncher, &lead, &[true, true], &caveats), Rung::StrikeLauncher);
        assert_eq!(allowed(Rung::StrikeLauncher, &lead, &[false, true], &caveats), Rung::Intercept);
        assert_eq!(allowed(Rung::StrikeLauncher, &lead, &[false, false], &caveats), Rung::Warn);
        assert_eq!(allowed(Rung::Observe, &lead, &[true, true], &caveats), Rung::Observe);
    }
}
