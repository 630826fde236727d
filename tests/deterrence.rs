//! The strategic layer's directions of effect, each checked by Monte Carlo:
//! 60 replications of the baseline and of a variant on the same seeds
//! (common random numbers), and the 95 % confidence interval of the paired
//! difference must lie on the expected side of zero.

use std::sync::Arc;

use hedgehog::config::{self, Scenario, ScenarioSource};
use hedgehog::results::RunResult;
use hedgehog::sim::run::{RunOptions, Theatre, run_with};
use rayon::prelude::*;

use crate::common::repo;

const REPLICATIONS: u64 = 60;
/// Student's t for 59 degrees of freedom, two-sided 95 %.
const T_59: f64 = 2.001;

fn baseline(overrides: &[String]) -> Scenario {
    let path = repo().join("configs/baseline.ron");
    config::load(&ScenarioSource::File(path), overrides).unwrap_or_else(|e| panic!("{e}"))
}

fn runs(overrides: &[String]) -> Vec<RunResult> {
    let s = Arc::new(baseline(overrides));
    let theatre = Theatre::build(&s);
    (0..REPLICATIONS)
        .into_par_iter()
        .map(|r| run_with(&s, &theatre, RunOptions { seed: s.seed, replication: r, shuffle_seed: None }))
        .collect()
}

fn set(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

fn metric(runs: &[RunResult], key: &str) -> Vec<f64> {
    runs.iter().map(|r| *r.summary.metrics.get(key).unwrap_or_else(|| panic!("no metric {key}"))).collect()
}

/// Mean of `b - a` paired run by run, and its 95 % confidence interval.
fn paired(a: &[f64], b: &[f64]) -> (f64, f64, f64) {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| y - x).collect();
    let n = d.len() as f64;
    let mean = d.iter().sum::<f64>() / n;
    let sd = (d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let half = T_59 * sd / n.sqrt();
    (mean, mean - half, mean + half)
}

/// Asserts that `b` is above `a` on average, with 95 % confidence
/// (`--nocapture` prints the figures).
#[expect(clippy::print_stdout, reason = "`--nocapture` shows the measured differences")]
fn assert_higher(what: &str, a: &[f64], b: &[f64]) {
    let (mean, lo, hi) = paired(a, b);
    let avg = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
    println!("{what}: {:.3} -> {:.3}, difference {mean:.3} (95 % CI {lo:.3} to {hi:.3})", avg(a), avg(b));
    assert!(lo > 0.0, "{what}: mean difference {mean:.3}, 95 % CI [{lo:.3}, {hi:.3}] does not exclude 0");
}

/// Overrides for a Russia that attacks on the ground (less sincere, no US
/// monitoring to warn of its assemblies) with its offensive aimed at the
/// sector nearest `place`, so that only what a test varies differs.
fn offensive_along(place: &str) -> Vec<String> {
    let s = baseline(&[]);
    let option = s
        .deterrence
        .as_ref()
        .and_then(|d| d.file.adversary.options.iter().position(|o| o.name == "ground offensive"))
        .expect("the baseline has a ground offensive");
    vec![
        "deterrence.adversary.sincerity=0.2".to_string(),
        "deterrence.politics.us_approval.probability=0".into(),
        format!("deterrence.adversary.options[{option}].area=\"{place}\""),
    ]
}

#[test]
fn a_more_sincere_russia_breaches_less() {
    let insincere = runs(&set(&["deterrence.adversary.sincerity=0.2"]));
    let sincere = runs(&set(&["deterrence.adversary.sincerity=0.8"]));
    assert_higher(
        "breaches attempted, sincerity 0.8 -> 0.2",
        &metric(&sincere, "breaches.attempted"),
        &metric(&insincere, "breaches.attempted"),
    );
}

#[test]
fn without_us_enablers_breaches_are_seen_later_and_succeed_more() {
    let with = runs(&[]);
    let without = runs(&set(&["deterrence.politics.us_approval.probability=0"]));
    assert!(metric(&with, "politics.us_approved").iter().all(|x| *x == 1.0));
    assert!(metric(&without, "politics.us_approved").iter().all(|x| *x == 0.0));
    assert_higher("breaches succeeded", &metric(&with, "breaches.succeeded"), &metric(&without, "breaches.succeeded"));
    // Hours from Russia's decision to detection, over runs where both saw a breach.
    let (a, b): (Vec<f64>, Vec<f64>) = metric(&with, "breaches.time_to_detection_h.mean")
        .into_iter()
        .zip(metric(&without, "breaches.time_to_detection_h.mean"))
        .zip(metric(&with, "breaches.detected").into_iter().zip(metric(&without, "breaches.detected")))
        .filter(|(_, (x, y))| *x > 0.0 && *y > 0.0)
        .map(|(t, _)| t)
        .unzip();
    assert!(a.len() >= 50, "{} runs with detections in both", a.len());
    assert_higher("hours to detection", &a, &b);
}

#[test]
fn more_casualty_averse_publics_withdraw_earlier() {
    let tolerant = runs(&[]);
    let averse = runs(&set(&["deterrence.politics.casualty_aversion_scale=6"]));
    assert_higher(
        "day of the first withdrawal (30 = none)",
        &metric(&averse, "politics.first_withdrawal_day"),
        &metric(&tolerant, "politics.first_withdrawal_day"),
    );
    assert!(metric(&averse, "politics.withdrawals").iter().sum::<f64>() > 0.0);
}

#[test]
fn a_force_closer_to_the_line_answers_faster_and_loses_more() {
    // A Russia that attacks on the ground (less sincere, no US monitoring to
    // warn of its assemblies) along one axis, Zaporizhzhia, so that only the
    // coalition's laydown differs.
    let s = baseline(&[]);
    let index = |id: &str| s.units.iter().position(|u| u.id == id).unwrap_or_else(|| panic!("no unit {id}"));
    let stress = offensive_along("Zaporizhzhia");
    let (uk, fr) = (index("UK-uk_armoured_brigade-1"), index("FR-fr_mechanised_brigade-1"));
    let far = runs(&stress);
    let mut near_args = stress.clone();
    near_args.extend([
        format!("units[{uk}].position=\"Dnipro\""),
        format!("units[{fr}].position=\"Kryvyi Rih\""),
        "deterrence.ground.min_line_km=20".into(),
    ]);
    let near = runs(&near_args);
    assert!(metric(&far, "breaches.attempted.kind.offensive").iter().sum::<f64>() >= 30.0, "offensives to answer");
    let coalition_losses = |r: &[RunResult]| -> Vec<f64> {
        let uk = metric(r, "casualties.military.nation.UK");
        let fr = metric(r, "casualties.military.nation.FR");
        uk.iter().zip(fr).map(|(a, b)| a + b).collect()
    };
    assert_higher("UK and French casualties", &coalition_losses(&far), &coalition_losses(&near));
    // Mean hours from detection to each formation joining; a run where none
    // joined within the episode counts as the episode's length (24 h).
    let reach = |r: &[RunResult]| -> Vec<f64> {
        metric(r, "response.reinforcement_h.mean")
            .into_iter()
            .zip(metric(r, "response.reinforcements"))
            .map(|(h, n)| if n > 0.0 { h } else { 24.0 })
            .collect()
    };
    assert_higher("hours until reinforcements join (far - near)", &reach(&near), &reach(&far));
}

#[test]
fn breaches_left_unanswered_invite_more() {
    let answered = runs(&[]);
    let unanswered = runs(&set(&["deterrence.response.answer_probability=0"]));
    let late = |r: &[RunResult]| -> Vec<f64> {
        r.iter()
            .map(|run| {
                run.timeseries.iter().filter(|d| d.day > 15).map(|d| d.values["day.breaches.attempted"]).sum::<f64>()
            })
            .collect()
    };
    assert_higher("breaches on days 16 to 30", &late(&answered), &late(&unanswered));
    // Russia learns: its belief in the coalition's resolve ends lower.
    assert_higher(
        "resolve belief at the end",
        &metric(&unanswered, "deterrence.resolve_belief"),
        &metric(&answered, "deterrence.resolve_belief"),
    );
}

/// Every parameter of the strategic layer is documented by name in
/// docs/deterrence.md (meaning, unit, range and source live there).
#[test]
fn every_deterrence_parameter_is_documented() {
    use hedgehog::config::deterrence::{BreachKind, DeterrenceFile, OptionFile};
    use hedgehog::config::file::Position;
    let mut file = DeterrenceFile::default();
    file.adversary.options.push(OptionFile {
        name: "x".into(),
        kind: BreachKind::Naval,
        raid: Some("r".into()),
        gain: 1.0,
        losses: 0.0,
        attribution: 1.0,
        detection: Some(0.5),
        success_prior: 0.5,
        size: 1.0,
        frontage_km: 10.0,
        area: Some(Position::Place("Odesa".into())),
        duration_hours: 12.0,
        casualties: 0.0,
    });
    file.response.lead = vec!["UK".into()];
    fn keys(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    out.push(k.clone());
                    keys(x, out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| keys(x, out)),
            _ => {}
        }
    }
    let mut names = Vec::new();
    keys(&serde_json::to_value(&file).unwrap(), &mut names);
    assert!(names.len() > 60, "{} fields", names.len());
    let doc = std::fs::read_to_string(repo().join("docs/deterrence.md")).unwrap();
    let missing: Vec<&String> = names.iter().filter(|n| !doc.contains(&format!("`{n}`"))).collect();
    assert!(missing.is_empty(), "docs/deterrence.md does not document {missing:?}");
}

#[test]
fn neutral_peacekeepers_deter_attacks_near_them_and_never_answer() {
    // Russia's offensive aimed at the sector by the Zaporizhzhia plant at
    // Enerhodar, where the chinese_peacekeepers variant puts its battalion.
    let stress = offensive_along("Enerhodar");
    let without = runs(&stress);
    let mut with_args = stress.clone();
    with_args.push("nations.CN.participates=true".into());
    let with = runs(&with_args);
    let offensives = |r: &[RunResult]| metric(r, "breaches.attempted.kind.offensive");
    assert_higher("offensives at Enerhodar (with peacekeepers -> without)", &offensives(&with), &offensives(&without));
    // They never answer or reinforce: no answer or reinforcement names China.
    for run in &with {
        assert!(
            run.events
                .iter()
                .filter(|e| matches!(e.kind.as_str(), "response" | "reinforcement"))
                .all(|e| e.nation != "CN"),
            "a neutral force answered"
        );
    }
}
