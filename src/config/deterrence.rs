//! The serde shape and the checks of the strategic layer: Russia's breach
//! options and how it weighs them (`adversary`), the coalition's rules of
//! engagement and escalation ladder (`response`), the ground war at the
//! contact line and the training mission (`ground`), and each nation's
//! domestic support (`politics`).
//!
//! Every field has a default, documented with its unit, range and source or
//! the reason for the assumed value, so a scenario can name only what it
//! changes. A scenario without a `deterrence` section runs its raid streams as
//! scripted (the 2024 calibration does).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::file::{Position, Side};
use super::path::FieldPath;
use super::scenario::{Nation, NationId, UnitSpec};
use super::validate::Check;
use crate::config::catalog::{GroundRole, SystemType};
use crate::geo::basemap::Basemap;
use crate::geo::places::Gazetteer;
use crate::geo::projection::{self, Xy};

/// The strategic layer as written.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeterrenceFile {
    /// Russia's options and its deterrence calculus.
    #[serde(default)]
    pub adversary: AdversaryFile,
    /// The coalition's answer to breaches.
    #[serde(default)]
    pub response: ResponseFile,
    /// Ground combat at the contact line, reinforcement and training.
    #[serde(default)]
    pub ground: GroundFile,
    /// Domestic support, withdrawal, US approval, participation.
    #[serde(default)]
    pub politics: PoliticsFile,
}

/// Russia's deterrence calculus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdversaryFile {
    /// How sincerely Russia keeps the ceasefire, 0 (not at all) to 1 (fully):
    /// every option's gain is scaled by `1 - sincerity`. ASSUMPTION 0.5: Moscow
    /// signs while rejecting Western troops in Ukraine (domain_facts 6a, H).
    #[serde(default = "half")]
    pub sincerity: f64,
    /// Rationality of the logit (quantal-response) choice, per unit of
    /// utility, 0 to 100: 0 picks uniformly, large values pick the best option.
    /// ASSUMPTION 3 (McKelvey and Palfrey's QRE; no estimate for this setting).
    #[serde(default = "three")]
    pub rationality: f64,
    /// Hour of day (UTC) of the daily decision, 0 to 24.
    #[serde(default = "eighteen")]
    pub decision_hour: f64,
    /// Russia's prior belief in the coalition's resolve, 0 to 1: the chance it
    /// will carry out the response its rules of engagement promise.
    /// ASSUMPTION 0.5 (untested guarantee).
    #[serde(default = "half")]
    pub resolve_prior: f64,
    /// Weight of each observed response in the resolve belief, (0, 1]
    /// (exponential smoothing). ASSUMPTION 0.25: about four observations
    /// replace the prior.
    #[serde(default = "quarter")]
    pub learning_rate: f64,
    /// What a quiet day (keeping the ceasefire) is worth to Russia, utility
    /// units, 0 to 100: sanctions relief, trade, no losses. ASSUMPTION 0.6, set so
    /// the baseline sees a breach about every three days (the tempo of the
    /// raid streams it scripted before this layer existed: 0.35 a day).
    #[serde(default = "restraint")]
    pub restraint: f64,
    /// Pseudo-observations behind Russia's prior estimates of detection and
    /// success per option, > 0. ASSUMPTION 4.
    #[serde(default = "four")]
    pub belief_weight: f64,
    /// Utility cost of a breach within `neutral_radius_km` of a neutral
    /// (third-party) force, >= 0: harming a partner's peacekeepers has a
    /// political price Moscow avoids. ASSUMPTION 2 (larger than any gain).
    #[serde(default = "two")]
    pub neutral_cost: f64,
    /// Radius around a neutral force's units, km, > 0. ASSUMPTION 50 km.
    #[serde(default = "fifty")]
    pub neutral_radius_km: f64,
    /// The breach options (besides keeping the ceasefire).
    #[serde(default)]
    pub options: Vec<OptionFile>,
}

impl Default for AdversaryFile {
    fn default() -> Self {
        Self {
            sincerity: 0.5,
            rationality: 3.0,
            decision_hour: 18.0,
            resolve_prior: 0.5,
            restraint: 0.6,
            learning_rate: 0.25,
            belief_weight: 4.0,
            neutral_cost: 2.0,
            neutral_radius_km: 50.0,
            options: Vec::new(),
        }
    }
}

/// Kinds of breach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum BreachKind {
    /// A drone or missile strike: a raid stream launched by decision.
    Strike,
    /// Aircraft into the no-fly zone: a raid stream of aircraft.
    Incursion,
    /// Warships or fast boats into the corridor or a port's approaches.
    Naval,
    /// A ground probe at a sector of the contact line.
    GroundProbe,
    /// A ground offensive at a sector of the contact line.
    Offensive,
    /// Jamming, sabotage at a coalition hub: hard to attribute.
    GreyZone,
}

impl BreachKind {
    /// Every kind.
    pub const ALL: [BreachKind; 6] =
        [Self::Strike, Self::Incursion, Self::Naval, Self::GroundProbe, Self::Offensive, Self::GreyZone];

    /// Lower-case name for metrics.
    pub fn key(self) -> &'static str {
        match self {
            Self::Strike => "strike",
            Self::Incursion => "incursion",
            Self::Naval => "naval",
            Self::GroundProbe => "ground_probe",
            Self::Offensive => "offensive",
            Self::GreyZone => "grey_zone",
        }
    }

    /// True for the kinds fought on the ground.
    pub fn is_ground(self) -> bool {
        matches!(self, Self::GroundProbe | Self::Offensive)
    }

    /// The rung the coalition's doctrine answers this kind with: strikes by
    /// striking the launch platform, incursions by interception, ground
    /// attacks by supporting Ukraine's counter-attack, grey-zone acts by a
    /// warning.
    pub fn doctrine(self) -> Rung {
        match self {
            Self::Strike => Rung::StrikeLauncher,
            Self::Incursion | Self::Naval => Rung::Intercept,
            Self::GroundProbe | Self::Offensive => Rung::SupportCounterattack,
            Self::GreyZone => Rung::Warn,
        }
    }
}

/// The escalation ladder, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rung {
    /// Observe and report.
    Observe,
    /// Warn (demarche, public attribution).
    Warn,
    /// Intercept or shoot down.
    Intercept,
    /// Strike the launch platform.
    StrikeLauncher,
    /// Support a Ukrainian counter-attack with the deterrent ground force.
    SupportCounterattack,
}

impl Rung {
    /// Lower-case name for events.
    pub fn key(self) -> &'static str {
        match self {
            Self::Observe => "observe",
            Self::Warn => "warn",
            Self::Intercept => "intercept",
            Self::StrikeLauncher => "strike_launcher",
            Self::SupportCounterattack => "support_counterattack",
        }
    }
}

/// One breach option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionFile {
    /// Name for the event log.
    pub name: String,
    /// What kind of breach.
    pub kind: BreachKind,
    /// Strike and Incursion: the raid stream (by name) launched when chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raid: Option<String>,
    /// What success is worth to Russia, utility units >= 0.
    pub gain: f64,
    /// What failure costs Russia (losses, humiliation), utility units >= 0.
    #[serde(default)]
    pub losses: f64,
    /// Probability a detected breach is attributed to Russia, [0, 1].
    #[serde(default = "one")]
    pub attribution: f64,
    /// Probability it is detected, [0, 1]. Strike and Incursion: Russia's
    /// prior estimate only (default 0.9; the air war's sensors decide and
    /// Russia learns from what they did). Naval: replaces the probability
    /// from the platforms that see the area and US monitoring. Grey zone:
    /// the base probability (default 0.3), raised by US monitoring. Ground:
    /// not used (an attack is always seen at contact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detection: Option<f64>,
    /// Russia's prior chance of success, [0, 1] (ground options estimate it
    /// from the force ratio instead).
    #[serde(default = "half")]
    pub success_prior: f64,
    /// Ground: brigade equivalents committed, > 0.
    #[serde(default = "half")]
    pub size: f64,
    /// Ground: frontage of the attack, km, > 0.
    #[serde(default = "ten")]
    pub frontage_km: f64,
    /// Where it happens. Naval: the area (default: the grain corridor off
    /// Odesa). Grey zone: ignored (the coalition's main hub). Ground: the
    /// axis of attack, the sector nearest to it (default: Russia picks the
    /// sector where the option is worth most to it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<Position>,
    /// Naval: hours the ships stay in the zone unless intercepted. Grey
    /// zone: hours of preparation during which monitoring may see it. > 0.
    #[serde(default = "twelve")]
    pub duration_hours: f64,
    /// Grey zone: mean casualties of an act of sabotage, >= 0.
    #[serde(default)]
    pub casualties: f64,
}

/// The coalition's response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseFile {
    /// Probability that the coalition acts on an attributed breach when
    /// fully cohesive, [0, 1]; scaled by cohesion. 0 leaves every breach
    /// unanswered.
    #[serde(default = "one")]
    pub answer_probability: f64,
    /// Nations that lead coalition decisions. Default: the UK and France
    /// (domain_facts 6a, H) where the scenario has them, else every
    /// coalition nation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lead: Vec<String>,
    /// Hours from detection to attribution, >= 0. ASSUMPTION 2.
    #[serde(default = "two")]
    pub attribution_hours: f64,
    /// Hours from attribution to a coalition decision, >= 0. ASSUMPTION 6
    /// (a lead-nation decision by ministers, not by a 30-nation council).
    #[serde(default = "six")]
    pub decision_hours: f64,
    /// Hours from decision to action in the air and at sea, >= 0. ASSUMPTION 2.
    #[serde(default = "two")]
    pub action_hours: f64,
    /// Probability per hour that US-led ceasefire monitoring sees a Russian
    /// assembly, naval movement or grey-zone preparation anywhere, while the
    /// US takes part, [0, 1].
    /// The US "leads ceasefire monitoring and verification" (Paris, 6 Jan
    /// 2026, domain_facts 6a, M); ASSUMPTION 0.1 (seen within 12 h with
    /// probability 0.72).
    #[serde(default = "tenth")]
    pub us_monitoring_pd: f64,
    /// How much the US-led breach commission raises attribution while the US
    /// takes part: attribution becomes 1 - (1 - a)(1 - this), [0, 1]. The US
    /// was to lead "a breach commission" (domain_facts 6a, M); ASSUMPTION 0.3.
    #[serde(default = "us_attribution")]
    pub us_attribution: f64,
    /// Severity of each rung as Russia feels it, in utility units.
    #[serde(default)]
    pub severity: SeverityFile,
    /// National caveats: the highest rung each nation's forces may take
    /// (default: any). E.g. `{"DE": Intercept}`: defensive only.
    #[serde(default)]
    pub caveats: BTreeMap<String, Rung>,
}

impl Default for ResponseFile {
    fn default() -> Self {
        Self {
            answer_probability: 1.0,
            lead: Vec::new(),
            attribution_hours: 2.0,
            decision_hours: 6.0,
            action_hours: 2.0,
            us_monitoring_pd: 0.1,
            us_attribution: 0.3,
            severity: SeverityFile::default(),
            caveats: BTreeMap::new(),
        }
    }
}

impl ResponseFile {
    /// Hours from detection to action: attribution, decision and action.
    pub fn delay_hours(&self) -> f64 {
        self.attribution_hours + self.decision_hours + self.action_hours
    }
}

/// Severity per rung as Russia weighs it, in the same utility units as the
/// options' gains (ASSUMPTIONS: an ordinal ladder after Kahn's escalation
/// ladder; a counter-attack with NATO troops costs Russia about as much as an
/// offensive could win).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityFile {
    /// Warn. Default 0.2.
    #[serde(default = "sev_warn")]
    pub warn: f64,
    /// Intercept or shoot down. Default 0.6.
    #[serde(default = "sev_intercept")]
    pub intercept: f64,
    /// Strike the launch platform. Default 1.5.
    #[serde(default = "sev_strike")]
    pub strike_launcher: f64,
    /// Support a counter-attack. Default 3.0.
    #[serde(default = "sev_counter")]
    pub support_counterattack: f64,
}

impl Default for SeverityFile {
    fn default() -> Self {
        Self { warn: 0.2, intercept: 0.6, strike_launcher: 1.5, support_counterattack: 3.0 }
    }
}

impl SeverityFile {
    /// The severity of `rung`.
    pub fn of(&self, rung: Rung) -> f64 {
        match rung {
            Rung::Observe => 0.0,
            Rung::Warn => self.warn,
            Rung::Intercept => self.intercept,
            Rung::StrikeLauncher => self.strike_launcher,
            Rung::SupportCounterattack => self.support_counterattack,
        }
    }
}

/// Ground combat, reinforcement and training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroundFile {
    /// Least distance of the coalition's ground formations from the contact
    /// line, km, >= 0 ("far from the line of contact", Paris Declaration,
    /// 6 Jan 2026, domain_facts 6a, H; ASSUMPTION 100 km).
    #[serde(default = "hundred")]
    pub min_line_km: f64,
    /// Length of contact line per sector, km, > 0. ASSUMPTION 60 km (about
    /// a brigade's frontage in 2024-25).
    #[serde(default = "sixty")]
    pub sector_km: f64,
    /// Ukrainian brigade equivalents holding each sector besides the
    /// brigades the scenario places, >= 0: the line troops a scenario does
    /// not list unit by unit. Default 3, derived: the coalition plan's
    /// 800,000-strong UAF (domain_facts 6a, H) is about 200 brigades of
    /// 4,000; ASSUMPTION a quarter of them at the line, over its 17 sectors
    /// of 60 km, is 3 per sector.
    #[serde(default = "three")]
    pub holding_power: f64,
    /// Lanchester square-law attrition coefficient: brigade equivalents
    /// destroyed per hour per effective brigade equivalent firing, > 0.
    /// ASSUMPTION 0.05 (a probe is decided within a day).
    #[serde(default = "attrition")]
    pub attrition_per_hour: f64,
    /// Fighting quality of Russian attackers, > 0. ASSUMPTION 0.8.
    #[serde(default = "ru_quality")]
    pub russian_quality: f64,
    /// Fighting quality of Ukrainian brigades at the start, > 0. ASSUMPTION 1.
    #[serde(default = "one")]
    pub ukrainian_quality: f64,
    /// Fighting quality of coalition brigades, > 0. ASSUMPTION 1.2.
    #[serde(default = "coalition_quality")]
    pub coalition_quality: f64,
    /// Defender's advantage per 100 m of local relief (hills, ridges), >= 0.
    /// ASSUMPTION 0.1.
    #[serde(default = "tenth")]
    pub terrain_per_100m: f64,
    /// Fraction of its strength a side loses before it breaks off, (0, 1).
    /// ASSUMPTION 0.4.
    #[serde(default = "breakpoint")]
    pub breakpoint: f64,
    /// Standard deviation of the log of the attacker's effectiveness (fog,
    /// surprise), >= 0. ASSUMPTION 0.3.
    #[serde(default = "noise")]
    pub effectiveness_sd: f64,
    /// Hours of assembly before an attack, when ISR can see it, >= 0.
    /// ASSUMPTION 12.
    #[serde(default = "twelve")]
    pub warning_hours: f64,
    /// Probability per hour that a ground-surveillance radar (GMTI) in range
    /// sees the assembly, [0, 1]. ASSUMPTION 0.2.
    #[serde(default = "gmti")]
    pub surveillance_pd: f64,
    /// How many times its share of the sector's brigades a warned defence
    /// brings to the threatened frontage, >= 1: early warning lets Ukraine
    /// shift reserves before the attack. Scaled by how early the warning
    /// came (in full after `warning_hours`). ASSUMPTION 2.5.
    #[serde(default = "concentration")]
    pub warned_concentration: f64,
    /// Notice to move of the coalition's ground formations, hours, >= 0.
    /// ASSUMPTION 6 (a high-readiness brigade's lead elements).
    #[serde(default = "six")]
    pub notice_hours: f64,
    /// Road distance over straight-line distance, >= 1. ASSUMPTION 1.3.
    #[serde(default = "road")]
    pub road_factor: f64,
    /// How fast an attacker advances after a breakthrough, km/h, >= 0.
    /// ASSUMPTION 0.5.
    #[serde(default = "half")]
    pub advance_kmh: f64,
    /// How long a ground breach lasts as one episode (fighting, advance,
    /// counter-attack), hours, > 0; beyond it a renewed attack is a new
    /// decision. ASSUMPTION 24.
    #[serde(default = "twenty_four")]
    pub max_hours: f64,
    /// Reach of Russia's fires behind the line during a ground attack, km, at
    /// least 0: glide bombs were reported striking up to about 120 km behind
    /// the front in Jan 2026 (domain_facts 4a, M).
    #[serde(default = "fires_reach")]
    pub fires_reach_km: f64,
    /// Mean casualties each coalition formation within `fires_reach_km` of
    /// the attacked sector suffers from the preparatory fires of one ground
    /// attack, >= 0. ASSUMPTION 5 (a dispersed brigade under glide bombs and
    /// artillery for a day).
    #[serde(default = "fires_casualties")]
    pub fires_casualties: f64,
    /// Killed as a share of casualties, [0, 1]. ASSUMPTION 0.25 (about one
    /// killed to three wounded).
    #[serde(default = "quarter")]
    pub killed_share: f64,
    /// The training mission ("steel hedgehog").
    #[serde(default)]
    pub training: TrainingFile,
}

impl Default for GroundFile {
    fn default() -> Self {
        Self {
            min_line_km: 100.0,
            sector_km: 60.0,
            holding_power: 3.0,
            attrition_per_hour: 0.05,
            russian_quality: 0.8,
            ukrainian_quality: 1.0,
            coalition_quality: 1.2,
            terrain_per_100m: 0.1,
            breakpoint: 0.4,
            effectiveness_sd: 0.3,
            warning_hours: 12.0,
            surveillance_pd: 0.2,
            warned_concentration: 2.5,
            notice_hours: 6.0,
            road_factor: 1.3,
            advance_kmh: 0.5,
            max_hours: 24.0,
            fires_reach_km: 120.0,
            fires_casualties: 5.0,
            killed_share: 0.25,
            training: TrainingFile::default(),
        }
    }
}

/// What each training-mission unit adds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingFile {
    /// Ukrainian soldiers trained per day per training unit, >= 0.
    /// ASSUMPTION 100 (Operation Interflex trained about 50,000 in two years
    /// in the UK, about 70 a day; a mission in Ukraine is assumed larger).
    #[serde(default = "hundred")]
    pub trainees_per_day: f64,
    /// Soldiers in a Ukrainian brigade, > 0 (ASSUMPTION 3,000): a new one
    /// formed by training, and the holders a scenario does not list.
    #[serde(default = "brigade")]
    pub brigade_personnel: f64,
    /// Quality gained by the brigades at the line per day, >= 0.
    /// ASSUMPTION 0.002 (6 % in a month).
    #[serde(default = "quality_gain")]
    pub quality_per_day: f64,
    /// Highest quality training reaches, > 0. ASSUMPTION 1.3.
    #[serde(default = "max_quality")]
    pub max_quality: f64,
}

impl Default for TrainingFile {
    fn default() -> Self {
        Self { trainees_per_day: 100.0, brigade_personnel: 3000.0, quality_per_day: 0.002, max_quality: 1.3 }
    }
}

/// Domestic politics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoliticsFile {
    /// Per nation: support, casualty aversion, threshold, participation.
    #[serde(default)]
    pub nations: BTreeMap<String, NationPoliticsFile>,
    /// Defaults for nations not listed.
    #[serde(default)]
    pub default: NationPoliticsFile,
    /// Multiplies every nation's casualty aversion, >= 0 (for sweeps).
    #[serde(default = "one")]
    pub casualty_aversion_scale: f64,
    /// Support gained per unit of ln(1 + successes), >= 0: every breach the
    /// coalition answers and every breach repelled counts (one breach can
    /// count twice); support "rises with success" (Gelpi, Feaver and
    /// Reifler 2009, domain_facts 6c). ASSUMPTION 0.02.
    #[serde(default = "success_gain")]
    pub success_gain: f64,
    /// The US offer of enablers.
    #[serde(default)]
    pub us_approval: ApprovalFile,
}

impl Default for PoliticsFile {
    fn default() -> Self {
        Self {
            nations: BTreeMap::new(),
            default: NationPoliticsFile::default(),
            casualty_aversion_scale: 1.0,
            success_gain: 0.02,
            us_approval: ApprovalFile::default(),
        }
    }
}

/// One nation's politics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationPoliticsFile {
    /// Support for the deployment at the start, [0, 1] (polls, domain_facts 6b).
    #[serde(default = "half")]
    pub support: f64,
    /// Support lost per factor of ten in the nation's own killed, >= 0:
    /// support = start - aversion * log10(1 + killed) (Mueller 1973,
    /// domain_facts 6c). ASSUMPTION 0.1.
    #[serde(default = "tenth")]
    pub casualty_aversion: f64,
    /// Support below which the contingent withdraws, [0, support].
    /// ASSUMPTION 0.3.
    #[serde(default = "withdraw")]
    pub withdrawal_threshold: f64,
    /// Probability the nation takes part at all, [0, 1] (Germany's
    /// commitment, for example).
    #[serde(default = "one")]
    pub participation: f64,
}

impl Default for NationPoliticsFile {
    fn default() -> Self {
        Self { support: 0.5, casualty_aversion: 0.1, withdrawal_threshold: 0.3, participation: 1.0 }
    }
}

/// The US offer: "an offer is different from approval".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalFile {
    /// Probability the offer is approved in this run, [0, 1].
    #[serde(default = "one")]
    pub probability: f64,
    /// Days from the start until approval arrives, >= 0; US assets stand
    /// down until then.
    #[serde(default)]
    pub delay_days: f64,
}

impl Default for ApprovalFile {
    fn default() -> Self {
        Self { probability: 1.0, delay_days: 0.0 }
    }
}

fn one() -> f64 {
    1.0
}
fn half() -> f64 {
    0.5
}
fn quarter() -> f64 {
    0.25
}
fn tenth() -> f64 {
    0.1
}
fn two() -> f64 {
    2.0
}
fn three() -> f64 {
    3.0
}
fn four() -> f64 {
    4.0
}
fn six() -> f64 {
    6.0
}
fn ten() -> f64 {
    10.0
}
fn twelve() -> f64 {
    12.0
}
fn eighteen() -> f64 {
    18.0
}
fn fifty() -> f64 {
    50.0
}
fn sixty() -> f64 {
    60.0
}
fn hundred() -> f64 {
    100.0
}
fn twenty_four() -> f64 {
    24.0
}
fn sev_warn() -> f64 {
    0.2
}
fn sev_intercept() -> f64 {
    0.6
}
fn sev_strike() -> f64 {
    1.5
}
fn sev_counter() -> f64 {
    3.0
}
fn restraint() -> f64 {
    0.6
}
fn attrition() -> f64 {
    0.05
}
fn ru_quality() -> f64 {
    0.8
}
fn coalition_quality() -> f64 {
    1.2
}
fn breakpoint() -> f64 {
    0.4
}
fn noise() -> f64 {
    0.3
}
fn gmti() -> f64 {
    0.2
}
fn us_attribution() -> f64 {
    0.3
}
fn fires_reach() -> f64 {
    120.0
}
fn fires_casualties() -> f64 {
    5.0
}
fn concentration() -> f64 {
    2.5
}
fn road() -> f64 {
    1.3
}
fn brigade() -> f64 {
    3000.0
}
fn quality_gain() -> f64 {
    0.002
}
fn max_quality() -> f64 {
    1.3
}
fn success_gain() -> f64 {
    0.02
}
fn withdraw() -> f64 {
    0.3
}

/// The strategic layer, checked, with names resolved.
#[derive(Debug, Clone)]
pub struct Deterrence {
    /// The values as written (all checked).
    pub file: DeterrenceFile,
    /// Per option: the raid stream index (Strike, Incursion) and the place.
    pub options: Vec<CheckedOption>,
    /// Per nation (by [`NationId`]): its politics.
    pub politics: Vec<NationPoliticsFile>,
    /// Per nation: the highest rung its forces take.
    pub caveats: Vec<Rung>,
    /// The lead nations.
    pub lead: Vec<NationId>,
}

/// An option with its names resolved.
#[derive(Debug, Clone)]
pub struct CheckedOption {
    /// Raid stream index.
    pub raid: Option<usize>,
    /// Where (naval, grey zone), EPSG:3035.
    pub area: Option<Xy>,
}

/// Checks `file` against the scenario's nations, units and raid streams.
pub fn check(
    file: &DeterrenceFile,
    nations: &[Nation],
    units: &[UnitSpec],
    raid_names: &[&str],
    places: &Gazetteer,
    c: &mut Check<'_>,
) -> Deterrence {
    let p = FieldPath::root().key("deterrence");
    let codes: Vec<&str> = nations.iter().map(|n| n.code.as_str()).collect();
    let nation = |code: &str| nations.iter().position(|n| n.code == code).map(|i| i as NationId);

    // Adversary.
    let a = &file.adversary;
    let ap = p.key("adversary");
    c.probability(&ap.key("sincerity"), a.sincerity);
    c.range(&ap.key("rationality"), a.rationality, 0.0, 100.0, "a rationality from 0 (random) to 100");
    c.range(&ap.key("decision_hour"), a.decision_hour, 0.0, 24.0, "an hour of day from 0 to 24");
    c.probability(&ap.key("resolve_prior"), a.resolve_prior);
    c.range(&ap.key("learning_rate"), a.learning_rate, 1e-9, 1.0, "a weight greater than 0 and at most 1");
    c.positive(&ap.key("belief_weight"), a.belief_weight);
    c.non_negative(&ap.key("neutral_cost"), a.neutral_cost);
    c.range(&ap.key("restraint"), a.restraint, 0.0, 100.0, "a value from 0 to 100 utility units");
    c.positive(&ap.key("neutral_radius_km"), a.neutral_radius_km);
    let mut options = Vec::new();
    for (i, o) in a.options.iter().enumerate() {
        let op = ap.key("options").index(i);
        c.non_negative(&op.key("gain"), o.gain);
        c.non_negative(&op.key("losses"), o.losses);
        c.probability(&op.key("attribution"), o.attribution);
        c.probability(&op.key("success_prior"), o.success_prior);
        if let Some(d) = o.detection {
            c.probability(&op.key("detection"), d);
        }
        c.positive(&op.key("size"), o.size);
        c.positive(&op.key("frontage_km"), o.frontage_km);
        c.positive(&op.key("duration_hours"), o.duration_hours);
        c.non_negative(&op.key("casualties"), o.casualties);
        let raid = match (o.kind, &o.raid) {
            (BreachKind::Strike | BreachKind::Incursion, None) => {
                c.fail(
                    &op.key("raid"),
                    format!(
                        "option {:?} is a {:?}: name the raid stream it launches, e.g. raid: {:?}",
                        o.name,
                        o.kind,
                        raid_names.first().copied().unwrap_or("drone breach")
                    ),
                );
                None
            }
            (_, Some(name)) => match raid_names.iter().position(|r| r == name) {
                Some(k) => Some(k),
                None => {
                    c.unknown_name(&op.key("raid"), name, "raid stream in `raids`", raid_names.to_vec());
                    None
                }
            },
            (_, None) => None,
        };
        let area = o
            .area
            .as_ref()
            .and_then(|pos| c.position(&op.key("area"), pos, places))
            .map(|(ll, _)| projection::forward(ll));
        options.push(CheckedOption { raid, area });
    }

    // Response.
    let r = &file.response;
    let rp = p.key("response");
    c.probability(&rp.key("answer_probability"), r.answer_probability);
    c.probability(&rp.key("us_monitoring_pd"), r.us_monitoring_pd);
    c.probability(&rp.key("us_attribution"), r.us_attribution);
    for (k, h) in [
        ("attribution_hours", r.attribution_hours),
        ("decision_hours", r.decision_hours),
        ("action_hours", r.action_hours),
    ] {
        c.range(&rp.key(k), h, 0.0, 720.0, "hours from 0 to 720");
    }
    let s = &r.severity;
    for (k, v) in [
        ("warn", s.warn),
        ("intercept", s.intercept),
        ("strike_launcher", s.strike_launcher),
        ("support_counterattack", s.support_counterattack),
    ] {
        c.range(&rp.key("severity").key(k), v, 0.0, 100.0, "a severity from 0 to 100 utility units");
    }
    let mut lead = Vec::new();
    for (i, code) in r.lead.iter().enumerate() {
        match nation(code) {
            Some(n) => lead.push(n),
            None => c.unknown_name(&rp.key("lead").index(i), code, "nation in `nations`", codes.clone()),
        }
    }
    if r.lead.is_empty() {
        lead = ["UK", "FR"].iter().filter_map(|c| nation(c)).collect();
        if lead.is_empty() {
            lead = (0..nations.len()).filter(|&i| nations[i].side == Side::Coalition).map(|i| i as NationId).collect();
        }
    }
    let mut caveats = vec![Rung::SupportCounterattack; nations.len()];
    for (code, rung) in &r.caveats {
        match nation(code) {
            Some(n) => caveats[usize::from(n)] = *rung,
            None => c.unknown_name(&rp.key("caveats").key(code.clone()), code, "nation in `nations`", codes.clone()),
        }
    }

    // Ground.
    let g = &file.ground;
    let gp = p.key("ground");
    c.range(&gp.key("min_line_km"), g.min_line_km, 0.0, 2000.0, "a distance from 0 to 2000 km");
    c.range(&gp.key("sector_km"), g.sector_km, 5.0, 1000.0, "a sector length from 5 to 1000 km");
    c.positive(&gp.key("attrition_per_hour"), g.attrition_per_hour);
    for (k, v) in [
        ("russian_quality", g.russian_quality),
        ("ukrainian_quality", g.ukrainian_quality),
        ("coalition_quality", g.coalition_quality),
        ("max_hours", g.max_hours),
    ] {
        c.positive(&gp.key(k), v);
    }
    for (k, v) in [
        ("terrain_per_100m", g.terrain_per_100m),
        ("holding_power", g.holding_power),
        ("effectiveness_sd", g.effectiveness_sd),
        ("warning_hours", g.warning_hours),
        ("notice_hours", g.notice_hours),
        ("advance_kmh", g.advance_kmh),
        ("fires_reach_km", g.fires_reach_km),
        ("fires_casualties", g.fires_casualties),
    ] {
        c.non_negative(&gp.key(k), v);
    }
    c.range(&gp.key("breakpoint"), g.breakpoint, 0.01, 0.99, "a fraction from 0.01 to 0.99");
    c.probability(&gp.key("surveillance_pd"), g.surveillance_pd);
    c.probability(&gp.key("killed_share"), g.killed_share);
    c.range(&gp.key("road_factor"), g.road_factor, 1.0, 5.0, "a factor from 1 to 5");
    c.range(&gp.key("warned_concentration"), g.warned_concentration, 1.0, 20.0, "a factor from 1 to 20");
    let tp = gp.key("training");
    c.non_negative(&tp.key("trainees_per_day"), g.training.trainees_per_day);
    c.positive(&tp.key("brigade_personnel"), g.training.brigade_personnel);
    c.non_negative(&tp.key("quality_per_day"), g.training.quality_per_day);
    c.positive(&tp.key("max_quality"), g.training.max_quality);
    // The deterrent force: coalition ground formations stand on Ukraine-held
    // ground or outside Ukraine, and far enough from the line.
    let basemap = Basemap::builtin();
    for (i, u) in units.iter().enumerate() {
        let side = nations[usize::from(u.nation)].side;
        if !matches!(side, Side::Coalition | Side::UnitedStates) || !is_combat_ground(&u.system) {
            continue;
        }
        let up = FieldPath::root().key("units").index(i).key("position");
        let at = u.place.clone().unwrap_or_else(|| format!("({:.2}, {:.2})", u.position.lat, u.position.lon));
        if basemap.is_occupied(u.position) {
            c.fail(
                &up,
                format!(
                    "{} ({}) stands at {at}, inside Russian-occupied territory: a coalition hub must be on Ukraine-held ground or outside Ukraine",
                    u.id, u.type_name
                ),
            );
            continue;
        }
        let km = basemap.distance_to_contact_km(u.position);
        if km < g.min_line_km {
            c.fail(
                &up,
                format!(
                    "{} ({}) stands at {at}, {km:.0} km from the contact line: deterrence.ground.min_line_km asks for at least {:.0} km",
                    u.id, u.type_name, g.min_line_km
                ),
            );
        }
    }

    // Politics.
    let pp = p.key("politics");
    c.non_negative(&pp.key("casualty_aversion_scale"), file.politics.casualty_aversion_scale);
    c.non_negative(&pp.key("success_gain"), file.politics.success_gain);
    c.probability(&pp.key("us_approval").key("probability"), file.politics.us_approval.probability);
    c.range(
        &pp.key("us_approval").key("delay_days"),
        file.politics.us_approval.delay_days,
        0.0,
        3650.0,
        "days from 0 to 3650",
    );
    check_nation_politics(&file.politics.default, &pp.key("default"), c);
    let mut politics = vec![file.politics.default.clone(); nations.len()];
    for (code, np) in &file.politics.nations {
        let path = pp.key("nations").key(code.clone());
        check_nation_politics(np, &path, c);
        match nation(code) {
            Some(n) => politics[usize::from(n)] = np.clone(),
            None => c.unknown_name(&path, code, "nation in `nations`", codes.clone()),
        }
    }
    Deterrence { file: file.clone(), options, politics, caveats, lead }
}

fn check_nation_politics(np: &NationPoliticsFile, path: &FieldPath, c: &mut Check<'_>) {
    c.probability(&path.key("support"), np.support);
    c.non_negative(&path.key("casualty_aversion"), np.casualty_aversion);
    c.probability(&path.key("participation"), np.participation);
    if np.withdrawal_threshold.is_finite() && np.withdrawal_threshold > np.support {
        c.fail(
            &path.key("withdrawal_threshold"),
            format!(
                "withdrawal_threshold = {} is above the starting support {}: the contingent would withdraw on day one; expected a threshold from 0 to {}",
                np.withdrawal_threshold, np.support, np.support
            ),
        );
    } else {
        c.probability(&path.key("withdrawal_threshold"), np.withdrawal_threshold);
    }
}

/// True for ground formations that fight (not training, HQ or peacekeepers).
pub fn is_combat_ground(system: &SystemType) -> bool {
    matches!(system, SystemType::Ground(g) if !matches!(g.role, GroundRole::Training | GroundRole::Headquarters | GroundRole::Peacekeeping))
}
