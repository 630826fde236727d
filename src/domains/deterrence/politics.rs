//! politics: each nation's domestic support for its contingent.
//!
//! Support falls with the logarithm of the nation's own killed (Mueller
//! 1973; support = a - b log10(casualties), domain_facts 6c) and rises with
//! success (breaches repelled or answered: Gelpi, Feaver and Reifler 2009 find
//! that expected success, more than casualties, sets tolerance). Below its
//! threshold a contingent withdraws: its units stand down, coalition cohesion
//! falls, and so does Russia's belief in the coalition's resolve.
//!
//! Systems: `start` (first tick: the state, who takes part by its
//! `participation` draw, whether and when the US offer is approved) and
//! `daily_politics` (day start: approval arriving, support, withdrawals, and
//! the training mission's trainees, quality and new brigades).

use bevy_ecs::prelude::*;
use rand::RngExt;

use super::adversary::Tally;
use super::ground;
use super::{DeterrenceEvent, DeterrenceRng, Strategic, config, event, stand_down};
use crate::config::NationId;
use crate::config::catalog::{GroundRole, SystemType};
use crate::config::file::Side;
use crate::domains::threats::plan;
use crate::sim::SimClock;
use crate::sim::clock::SECONDS_PER_DAY;
use crate::sim::components::{MapData, ScenarioData, StoodDown};

use crate::config::deterrence::NationPoliticsFile;

/// Support after `killed` of the nation's soldiers and `successes` of the
/// coalition, with casualty aversion scaled by `scale`.
pub fn support(p: &NationPoliticsFile, scale: f64, success_gain: f64, killed: f64, successes: f64) -> f64 {
    (p.support - p.casualty_aversion * scale * (1.0 + killed.max(0.0)).log10()
        + success_gain * successes.max(0.0).ln_1p())
    .clamp(0.0, 1.0)
}

/// First tick: the state, who takes part, when (if ever) the US approves.
pub(super) fn start(
    scenario: Res<ScenarioData>,
    map: Res<MapData>,
    mut st: ResMut<Strategic>,
    mut stood: ResMut<StoodDown>,
    mut rng: ResMut<DeterrenceRng>,
    mut out: MessageWriter<DeterrenceEvent>,
) {
    if st.started {
        return;
    }
    st.started = true;
    let s = &scenario.0;
    let Some(d) = config(s) else { return };
    let n = s.nations.len();
    st.resolve = d.file.adversary.resolve_prior;
    st.detect = vec![Tally::default(); d.options.len()];
    st.success = vec![Tally::default(); d.options.len()];
    // Pledged: every coalition and US nation in the laydown, whether or not
    // it sends its units, so a nation that stays out lowers cohesion.
    st.pledged = s.nations.iter().map(|x| matches!(x.side, Side::Coalition | Side::UnitedStates)).collect();
    st.present = s.nations.iter().zip(&st.pledged).map(|(x, p)| *p && x.participates).collect();
    st.personnel = vec![0.0; n];
    for u in &s.units {
        st.personnel[usize::from(u.nation)] += f64::from(u.system.personnel());
    }
    st.support = d.politics.iter().map(|p| p.support).collect();
    st.killed = vec![0.0; n];
    st.sectors = ground::sectors(s, &map.0, &d.file.ground);
    st.reserves = ground::reserves(s);
    st.launchers = plan::launchers(s);
    st.us_nations = (0..n).filter(|&i| s.nations[i].side == Side::UnitedStates).collect();
    for (i, nation) in s.nations.iter().enumerate() {
        if !st.present[i] {
            continue;
        }
        let id = i as NationId;
        let p = d.politics[i].participation;
        if p < 1.0 && !rng.politics.random_bool(p.clamp(0.0, 1.0)) {
            st.present[i] = false;
            stand_down(s, &mut stood, id, true);
            out.write(event(
                "stays_out",
                Some(id),
                None,
                format!("{} does not take part (participation probability {p})", nation.name),
            ));
            continue;
        }
        if nation.side == Side::UnitedStates {
            let a = &d.file.politics.us_approval;
            let approved = rng.politics.random_bool(a.probability.clamp(0.0, 1.0));
            let delay_s = a.delay_days * SECONDS_PER_DAY as f64;
            if approved && delay_s == 0.0 {
                out.write(DeterrenceEvent {
                    counts: vec![("politics.us_approved".into(), 1.0)],
                    ..event("us_approved", None, None, "the US offer is approved from the start".into())
                });
                continue;
            }
            st.present[i] = false;
            stand_down(s, &mut stood, id, true);
            let detail = if approved {
                st.us_pending_s = Some(delay_s);
                format!("US enablers offered; approval comes on day {:.1}", a.delay_days)
            } else {
                "US enablers offered but not approved: US assets stand down".to_string()
            };
            out.write(event("us_pending", Some(id), None, detail));
        }
    }
}

/// Daily: US approval arriving, support, withdrawals, training.
pub(super) fn daily_politics(
    clock: Res<SimClock>,
    scenario: Res<ScenarioData>,
    mut st: ResMut<Strategic>,
    mut stood: ResMut<StoodDown>,
    mut out: MessageWriter<DeterrenceEvent>,
) {
    let s = &scenario.0;
    let Some(d) = config(s) else { return };
    let now = clock.seconds() as f64;
    let day = now / SECONDS_PER_DAY as f64;
    // The pending US offer approved.
    if let Some(t) = st.us_pending_s
        && t <= now
    {
        st.us_pending_s = None;
        for i in st.us_nations.clone() {
            if s.nations[i].participates && !st.present[i] {
                st.present[i] = true;
                stand_down(s, &mut stood, i as NationId, false);
                out.write(DeterrenceEvent {
                    counts: vec![("politics.us_approved".into(), 1.0)],
                    ..event(
                        "us_approved",
                        Some(i as NationId),
                        None,
                        "the US offer is approved: US enablers join".into(),
                    )
                });
            }
        }
    }
    // Support and withdrawals.
    let pf = &d.file.politics;
    for i in 0..s.nations.len() {
        if !st.pledged[i] {
            continue;
        }
        let p = &d.politics[i];
        let support = support(p, pf.casualty_aversion_scale, pf.success_gain, st.killed[i], st.successes);
        st.support[i] = support;
        if st.present[i] && support < p.withdrawal_threshold {
            let before = st.cohesion();
            st.present[i] = false;
            stand_down(s, &mut stood, i as NationId, true);
            let after = st.cohesion();
            if before > 0.0 {
                st.resolve *= after / before;
            }
            if st.first_withdrawal_day.is_none() {
                st.first_withdrawal_day = Some(day);
            }
            out.write(DeterrenceEvent {
                counts: vec![
                    ("politics.withdrawals".into(), 1.0),
                    (format!("politics.withdrawn.nation.{}", s.nations[i].code), 1.0),
                ],
                ..event(
                    "withdrew",
                    Some(i as NationId),
                    None,
                    format!(
                        "{} withdraws: support {:.2} below {:.2} after {:.0} killed; cohesion {:.2} -> {:.2}",
                        s.nations[i].name, support, p.withdrawal_threshold, st.killed[i], before, after
                    ),
                )
            });
        }
    }
    // Training: each training unit of a nation present adds trainees and
    // quality; enough trainees form a brigade at the weakest sector.
    let t = &d.file.ground.training;
    let trainers = s
        .units
        .iter()
        .filter(|u| st.present[usize::from(u.nation)])
        .filter(|u| matches!(&*u.system, SystemType::Ground(g) if g.role == GroundRole::Training))
        .count() as f64;
    if trainers > 0.0 && day > 0.0 {
        st.trainees += trainers * t.trainees_per_day;
        for sec in &mut st.sectors {
            sec.quality = (sec.quality + trainers * t.quality_per_day).min(t.max_quality.max(sec.quality));
        }
        while st.trainees >= t.brigade_personnel && !st.sectors.is_empty() {
            st.trainees -= t.brigade_personnel;
            let weakest =
                (0..st.sectors.len()).min_by(|a, b| st.sectors[*a].power.total_cmp(&st.sectors[*b].power)).unwrap_or(0);
            let sec = &mut st.sectors[weakest];
            let personnel = sec.power * sec.personnel_per_power + t.brigade_personnel;
            sec.power += 1.0;
            sec.personnel_per_power = personnel / sec.power;
            out.write(DeterrenceEvent {
                counts: vec![("ground.brigades_formed".into(), 1.0)],
                ..event(
                    "brigade_formed",
                    None,
                    Some(sec.xy),
                    format!("a brigade trained by the coalition joins the {} sector", sec.name),
                )
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn support_falls_with_the_log_of_casualties() {
        let p = NationPoliticsFile { support: 0.52, casualty_aversion: 0.1, ..NationPoliticsFile::default() };
        assert_eq!(support(&p, 1.0, 0.0, 0.0, 0.0), 0.52);
        // Each factor of ten in the killed costs the same: 9 -> 99 -> 999.
        let s = [9.0, 99.0, 999.0].map(|k| support(&p, 1.0, 0.0, k, 0.0));
        assert!((s[0] - 0.42).abs() < 1e-12 && (s[1] - 0.32).abs() < 1e-12 && (s[2] - 0.22).abs() < 1e-12);
        assert!(support(&p, 2.0, 0.0, 9.0, 0.0) < s[0], "more aversion, lower support");
        assert!(support(&p, 1.0, 0.02, 9.0, 5.0) > s[0], "success restores some");
    }
}
