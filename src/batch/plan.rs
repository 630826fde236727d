//! What a batch or a sweep runs: its design points (a scenario with a set of
//! overrides each), how many replications of each, and which seed each
//! replication uses; and the slices of that work a cluster's array job runs.
//!
//! Work is numbered job by job, point-major: job j is replication
//! j mod R of point j div R, and replication i uses seed `run_seed(base, i)`
//! at every point (common random numbers across points). A shard K of N takes
//! a contiguous block of jobs, so concatenating the shards' rows in shard
//! order gives exactly the rows of the whole run.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::design;
use crate::config::doc::{self, Node, Value};
use crate::config::error::suggest;
use crate::config::path::FieldPath;
use crate::config::{self, ConfigError, ConfigErrors, Scenario, ScenarioSource};
use crate::domains::metrics;
use crate::sim::rng::{fnv1a, run_seed};

/// A batch of replications of one scenario, or a sweep over a design.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `hedgehog batch`: one point.
    Batch,
    /// `hedgehog sweep`: a design of points.
    Sweep,
}

impl Kind {
    /// The word used in file names and manifests.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Batch => "batch",
            Kind::Sweep => "sweep",
        }
    }
}

/// One design point: the scenario with the factor levels applied.
#[derive(Debug, Clone)]
pub struct Point {
    /// The level of each factor, as RON text (what `--set` took).
    pub levels: Vec<String>,
    /// Each factor's value as a number where it has one (booleans 0/1,
    /// level indices for other values), for sensitivity plots.
    pub coded: Vec<f64>,
    /// The scenario with the levels applied.
    pub scenario: Arc<Scenario>,
}

/// One replication of one point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    /// Job number, point-major.
    pub index: u64,
    /// Design point.
    pub point: usize,
    /// Replication at that point.
    pub replication: u64,
    /// The run's seed.
    pub seed: u64,
}

/// Everything a batch or sweep will run.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Batch or sweep.
    pub kind: Kind,
    /// Name for directories and reports (the scenario's or the sweep file's).
    pub name: String,
    /// File-system-safe name.
    pub slug: String,
    /// Base seed of the replications.
    pub base_seed: u64,
    /// Replications per point.
    pub replications: u64,
    /// Factor paths (empty for a batch).
    pub factors: Vec<String>,
    /// Design points (one for a batch).
    pub points: Vec<Point>,
    /// The design's name, for reports.
    pub design: String,
    /// Metrics to plot and headline.
    pub key_metrics: Vec<String>,
    /// Every metric name a run of any point reports, sorted.
    pub metrics: Vec<String>,
    /// A short hash of everything above: what makes two runs the same work.
    pub id: String,
    /// The text of the scenario or sweep file, for the report's assumptions.
    pub source_text: String,
}

/// The metrics a batch headlines when none are named (those a scenario does
/// not report, such as breaches without a `deterrence` section, are left out).
pub const DEFAULT_KEY_METRICS: [&str; 10] = [
    "threats.launched",
    "threats.destroyed",
    "threats.leaked",
    "interceptors.cost_usd",
    "casualties.civilian",
    "casualties.military",
    "breaches.attempted",
    "breaches.succeeded",
    "ground.territory_km2",
    "deterrence.credibility",
];

/// Most design points a sweep may have.
pub const MAX_POINTS: usize = 100_000;

/// Most replications per point.
pub const MAX_REPLICATIONS: u64 = 10_000_000;

impl Plan {
    /// A batch of `replications` of `scenario` (already loaded with its
    /// overrides) from `base_seed`.
    pub fn batch(
        scenario: Scenario,
        source_text: String,
        replications: u64,
        base_seed: u64,
        key_metrics: Vec<String>,
    ) -> Result<Self, String> {
        if replications == 0 || replications > MAX_REPLICATIONS {
            return Err(format!("--runs {replications}: give from 1 to {MAX_REPLICATIONS} replications"));
        }
        let names: Vec<String> = metrics::metric_names(&scenario).into_keys().collect();
        let key_metrics = checked_key_metrics(key_metrics, &names).map_err(|e| e.message)?;
        let (name, slug) = (scenario.name.clone(), scenario.slug.clone());
        let point = Point { levels: vec![], coded: vec![], scenario: Arc::new(scenario) };
        let mut plan = Plan {
            kind: Kind::Batch,
            name,
            slug,
            base_seed,
            replications,
            factors: vec![],
            points: vec![point],
            design: "replications".into(),
            key_metrics,
            metrics: names,
            id: String::new(),
            source_text,
        };
        plan.id = plan.hash();
        Ok(plan)
    }

    /// Total jobs.
    pub fn jobs(&self) -> u64 {
        self.points.len() as u64 * self.replications
    }

    /// Job `index`.
    pub fn job(&self, index: u64) -> Job {
        let replication = index % self.replications;
        Job {
            index,
            point: (index / self.replications) as usize,
            replication,
            seed: run_seed(self.base_seed, replication),
        }
    }

    /// The directory this work writes under `out`.
    pub fn dir(&self, out: &Path) -> PathBuf {
        let leaf = match self.kind {
            Kind::Batch => format!("batch-{}-{}-r{}", self.base_seed, self.id, self.replications),
            Kind::Sweep => format!("sweep-{}", self.id),
        };
        out.join(&self.slug).join(leaf)
    }

    fn hash(&self) -> String {
        let mut text =
            format!("{}|{}|{}|{}\n", self.kind.key(), self.base_seed, self.replications, self.factors.join(","));
        for p in &self.points {
            text.push_str(&p.levels.join(","));
            text.push('\n');
            text.push_str(&p.scenario.resolved_ron());
        }
        format!("{:08x}", fnv1a(&text) as u32)
    }
}

fn checked_key_metrics(asked: Vec<String>, names: &[String]) -> Result<Vec<String>, ConfigError> {
    if asked.is_empty() {
        return Ok(DEFAULT_KEY_METRICS
            .iter()
            .filter(|m| names.iter().any(|n| n == *m))
            .map(|m| m.to_string())
            .collect());
    }
    for m in &asked {
        if !names.contains(m) {
            return Err(ConfigError::file(
                "--metric",
                format!("no metric is called {m:?}{}", suggest(m, names.iter().map(String::as_str))),
            ));
        }
    }
    Ok(asked)
}

/// A slice of the jobs for one machine of an array job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, from 0.
    pub k: u64,
    /// Number of shards.
    pub n: u64,
}

impl Shard {
    /// Parses `K/N`, e.g. `0/4`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("--shard {text:?}: expected K/N with 0 <= K < N, e.g. 0/4 for the first of four shards");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let (k, n): (u64, u64) = (k.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
        if n == 0 || k >= n {
            return Err(format!("--shard {k}/{n}: K must be less than N (shards are numbered from 0 to N-1)"));
        }
        Ok(Self { k, n })
    }

    /// The shard a cluster scheduler asks for, if any: Slurm job arrays
    /// (`SLURM_ARRAY_TASK_ID` from `SLURM_ARRAY_TASK_MIN`, `SLURM_ARRAY_TASK_COUNT`)
    /// or Kubernetes indexed jobs (`JOB_COMPLETION_INDEX`, with the count in
    /// `HEDGEHOG_SHARDS` since Kubernetes does not pass it).
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Result<Option<Self>, String> {
        let num = |name: &str| -> Result<Option<u64>, String> {
            get(name)
                .map(|v| v.trim().parse::<u64>().map_err(|_| format!("{name}={v:?} is not a whole number")))
                .transpose()
        };
        if let (Some(id), Some(count)) = (num("SLURM_ARRAY_TASK_ID")?, num("SLURM_ARRAY_TASK_COUNT")?) {
            let min = num("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let k = id
                .checked_sub(min)
                .ok_or_else(|| format!("SLURM_ARRAY_TASK_ID {id} is below SLURM_ARRAY_TASK_MIN {min}"))?;
            return Self::parse(&format!("{k}/{count}")).map(Some);
        }
        if let Some(index) = num("JOB_COMPLETION_INDEX")? {
            let count = num("HEDGEHOG_SHARDS")?.ok_or(
                "JOB_COMPLETION_INDEX is set but HEDGEHOG_SHARDS is not: set it to the job's completions".to_string(),
            )?;
            return Self::parse(&format!("{index}/{count}")).map(Some);
        }
        Ok(None)
    }

    /// The jobs of this shard out of `total`: a contiguous block.
    pub fn range(&self, total: u64) -> std::ops::Range<u64> {
        let at = |k: u64| ((u128::from(total) * u128::from(k)) / u128::from(self.n)) as u64;
        at(self.k)..at(self.k + 1)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

// ---------------------------------------------------------------------------
// Sweep files.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Sweep")]
struct SweepFile {
    #[serde(default)]
    #[allow(dead_code, reason = "checked by serde; one schema so far")]
    schema: Option<u32>,
    #[serde(default)]
    name: Option<String>,
    scenario: String,
    replications: u64,
    #[serde(default)]
    seed: Option<u64>,
    design: DesignFile,
    factors: Vec<FactorFile>,
    #[serde(default)]
    outputs: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
enum DesignFile {
    FullFactorial,
    LatinHypercube {
        points: usize,
        #[serde(default)]
        seed: u64,
    },
    Nolh,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FactorFile {
    path: String,
    #[serde(default)]
    range: Option<(f64, f64)>,
    #[serde(default)]
    steps: Option<usize>,
    #[serde(default)]
    integer: bool,
}

/// One factor as checked: discrete levels (RON texts) or a numeric range.
#[derive(Debug, Clone)]
enum Factor {
    Levels(Vec<(String, Node)>),
    Range { lo: f64, hi: f64, integer: bool, steps: Option<usize> },
}

impl Factor {
    fn text(&self, k: usize, u: f64) -> (String, f64) {
        match self {
            Factor::Levels(levels) => {
                // A design coordinate in [0, 1] picks one of k levels.
                let i = match u.is_nan() {
                    true => k,
                    false => ((u * levels.len() as f64).floor() as usize).min(levels.len() - 1),
                };
                let (text, node) = &levels[i];
                let coded = match &node.value {
                    Value::Int(v) => *v as f64,
                    Value::Float(v) => *v,
                    Value::Bool(b) => f64::from(u8::from(*b)),
                    _ => i as f64,
                };
                (text.clone(), coded)
            }
            Factor::Range { lo, hi, integer, .. } => {
                let x = lo + u * (hi - lo);
                if *integer {
                    let r = x.round();
                    (format!("{}", r as i64), r)
                } else {
                    (doc::format_float(x), x)
                }
            }
        }
    }
}

/// Reads and checks a sweep file and builds its plan: every design point is
/// a loaded, checked scenario. Errors point into the sweep file.
pub fn sweep_from_file(path: &Path, key_override: Vec<String>) -> Result<Plan, ConfigErrors> {
    let file_name: Arc<str> = Arc::from(path.display().to_string());
    let bytes =
        std::fs::read(path).map_err(|e| ConfigError::file(&file_name, format!("cannot read the sweep file: {e}")))?;
    let text = config::compose::decode(&file_name, bytes)?;
    let mut texts: BTreeMap<Arc<str>, String> = BTreeMap::new();
    texts.insert(Arc::clone(&file_name), text.clone());
    sweep_inner(path, &file_name, &text, key_override).map_err(|mut e| {
        e.attach_snippets(&texts);
        e.sorted()
    })
}

fn sweep_inner(path: &Path, file_name: &Arc<str>, text: &str, key_override: Vec<String>) -> Result<Plan, ConfigErrors> {
    let mut root = doc::parse(file_name, text)?;
    let at_root = root.origin.clone();
    // Levels are any RON values: take them out before reading the rest.
    let mut level_nodes: Vec<Option<Node>> = Vec::new();
    if let Some(factors) = root.fields_mut().and_then(|f| f.iter_mut().find(|f| f.name == "factors"))
        && let Value::List(items) = &mut factors.value.value
    {
        for item in items.iter_mut() {
            level_nodes.push(item.take_field("levels").map(|f| f.value));
        }
    }
    let located = doc::parse(file_name, text)?;
    let sweep: SweepFile = config::de::from_node(&root, &FieldPath::root())?;
    let mut errors = Vec::new();
    let here = |p: &FieldPath| crate::config::path::nearest_origin(&located, p);
    let fail = |errors: &mut Vec<ConfigError>, p: &FieldPath, msg: String| {
        errors.push(ConfigError::new(here(p), Some(p.to_string()), msg));
    };
    let root_path = FieldPath::root();

    // The scenario: relative to the sweep file, else a built-in name.
    let dir = path.parent().unwrap_or(Path::new("."));
    let beside = dir.join(&sweep.scenario);
    let source = if beside.is_file() {
        ScenarioSource::File(beside)
    } else {
        match ScenarioSource::resolve(&sweep.scenario) {
            Ok(s) => s,
            Err(mut e) => {
                e.origin = here(&root_path.key("scenario"));
                e.path = Some("scenario".into());
                return Err(e.into());
            }
        }
    };
    let base = config::load(&source, &[]).map_err(|e| {
        let first = e.0.first().map(|e| e.to_string()).unwrap_or_default();
        ConfigErrors(vec![ConfigError::new(
            here(&root_path.key("scenario")),
            Some("scenario".into()),
            format!("the scenario {:?} does not load:\n{first}", sweep.scenario),
        )])
    })?;

    if sweep.replications == 0 || sweep.replications > MAX_REPLICATIONS {
        fail(
            &mut errors,
            &root_path.key("replications"),
            format!("replications = {}: give from 1 to {MAX_REPLICATIONS}", sweep.replications),
        );
    }
    if sweep.factors.is_empty() {
        fail(&mut errors, &root_path.key("factors"), "factors is empty: a sweep varies at least one field".into());
    }

    // Factors: a path, and levels or a range.
    let mut factors = Vec::new();
    for (i, f) in sweep.factors.iter().enumerate() {
        let fp = root_path.key("factors").index(i);
        if let Err(m) = FieldPath::parse(&f.path) {
            fail(&mut errors, &fp.key("path"), format!("path = {:?} is not a field path: {m}", f.path));
            continue;
        }
        let factor = match (level_nodes.get(i).cloned().flatten(), f.range) {
            (Some(_), Some(_)) => {
                fail(&mut errors, &fp, "give either levels or range, not both".into());
                continue;
            }
            (None, None) => {
                fail(&mut errors, &fp, "give the factor's levels: [..] or its range: (low, high)".into());
                continue;
            }
            (Some(node), None) => match &node.value {
                Value::List(items) if !items.is_empty() => {
                    Factor::Levels(items.iter().map(|n| (n.to_ron(), n.clone())).collect())
                }
                _ => {
                    fail(
                        &mut errors,
                        &fp.key("levels"),
                        format!("levels must be a non-empty list `[a, b, ...]`, found {}", node.value.describe()),
                    );
                    continue;
                }
            },
            (None, Some((lo, hi))) => {
                if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                    fail(
                        &mut errors,
                        &fp.key("range"),
                        format!("range = ({lo}, {hi}): give two finite numbers, low < high"),
                    );
                    continue;
                }
                Factor::Range { lo, hi, integer: f.integer, steps: f.steps }
            }
        };
        // Every level (or both ends of a range) must apply to the scenario.
        let probes: Vec<(FieldPath, String)> = match &factor {
            Factor::Levels(levels) => {
                levels.iter().enumerate().map(|(j, (t, _))| (fp.key("levels").index(j), t.clone())).collect()
            }
            Factor::Range { .. } => {
                vec![(fp.key("range"), factor.text(0, 0.0).0), (fp.key("range"), factor.text(0, 1.0).0)]
            }
        };
        for (lp, value) in probes {
            if let Err(e) = config::load(&source, &[format!("{}={value}", f.path)]) {
                let inner = e.0.first().map(|e| e.message.clone()).unwrap_or_default();
                // A field or index that does not exist is the path's fault;
                // anything else (a wrong type, a value out of range) the value's.
                let path_fault =
                    ["unknown field", "out of range", "bad path", "no field"].iter().any(|w| inner.contains(w));
                let blame = if path_fault { fp.key("path") } else { lp };
                fail(&mut errors, &blame, format!("factor {:?} = {value}: {inner}", f.path));
                break;
            }
        }
        factors.push((f.path.clone(), factor));
    }
    if !errors.is_empty() {
        return Err(ConfigErrors(errors));
    }

    // The design: coordinates in [0, 1] per factor, or level indices.
    let design_path = root_path.key("design");
    let (design_name, rows): (String, Vec<Vec<f64>>) = match &sweep.design {
        DesignFile::FullFactorial => {
            let mut counts = Vec::new();
            for (i, (_, f)) in factors.iter().enumerate() {
                match f {
                    Factor::Levels(l) => counts.push(l.len()),
                    Factor::Range { steps: Some(s), .. } if *s >= 2 => counts.push(*s),
                    Factor::Range { .. } => {
                        fail(
                            &mut errors,
                            &root_path.key("factors").index(i).key("steps"),
                            "a full factorial needs `steps: N` (2 or more) for a range factor".into(),
                        );
                        counts.push(2);
                    }
                }
            }
            let total: f64 = counts.iter().map(|c| *c as f64).product();
            if total > MAX_POINTS as f64 {
                fail(
                    &mut errors,
                    &design_path,
                    format!("the full factorial has {total} points; at most {MAX_POINTS}: use LatinHypercube or Nolh"),
                );
                return Err(ConfigErrors(errors));
            }
            let rows = design::full_factorial(&counts)
                .into_iter()
                .map(|r| {
                    r.iter()
                        .zip(&counts)
                        .map(|(i, c)| if *c > 1 { (*i as f64 + 0.5) / *c as f64 } else { 0.5 })
                        .collect()
                })
                .collect();
            ("full factorial".into(), rows)
        }
        DesignFile::LatinHypercube { points, seed } => {
            if *points < 2 || *points > MAX_POINTS {
                fail(
                    &mut errors,
                    &design_path.key("points"),
                    format!("points = {points}: give from 2 to {MAX_POINTS}"),
                );
                return Err(ConfigErrors(errors));
            }
            (
                format!("Latin hypercube, {points} points (maximin, seed {seed})"),
                design::latin_hypercube(*points, factors.len(), *seed),
            )
        }
        DesignFile::Nolh => match design::nolh(factors.len()) {
            Ok(rows) => (format!("nearly orthogonal Latin hypercube, {} points", rows.len()), rows),
            Err(e) => {
                fail(&mut errors, &design_path, e.to_string());
                return Err(ConfigErrors(errors));
            }
        },
    };
    if !errors.is_empty() {
        return Err(ConfigErrors(errors));
    }

    let names_base: Vec<String> = metrics::metric_names(&base).into_keys().collect();
    let key_metrics = {
        let asked = if key_override.is_empty() { sweep.outputs.clone() } else { key_override };
        checked_key_metrics(asked, &names_base).map_err(|mut e| {
            e.origin = here(&root_path.key("outputs"));
            ConfigErrors(vec![e])
        })?
    };

    let mut points = Vec::with_capacity(rows.len());
    let mut all_metrics: std::collections::BTreeSet<String> = names_base.into_iter().collect();
    for (r, row) in rows.iter().enumerate() {
        let mut levels = Vec::new();
        let mut coded = Vec::new();
        let mut overrides = Vec::new();
        for ((path, f), u) in factors.iter().zip(row) {
            let (t, c) = f.text(r, *u);
            overrides.push(format!("{path}={t}"));
            levels.push(t);
            coded.push(c);
        }
        let scenario = config::load(&source, &overrides).map_err(|e| {
            let first = e.0.first().map(|e| e.to_string()).unwrap_or_default();
            ConfigErrors(vec![ConfigError::new(
                at_root.clone(),
                None,
                format!("design point {r} ({}) does not load: {first}", overrides.join(", ")),
            )])
        })?;
        all_metrics.extend(metrics::metric_names(&scenario).into_keys());
        points.push(Point { levels, coded, scenario: Arc::new(scenario) });
    }
    let name = sweep
        .name
        .clone()
        .unwrap_or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or("sweep".into()));
    let slug = crate::config::scenario::slug(&name);
    let mut plan = Plan {
        kind: Kind::Sweep,
        name,
        slug,
        base_seed: sweep.seed.unwrap_or(base.seed),
        replications: sweep.replications,
        factors: factors.iter().map(|(p, _)| p.clone()).collect(),
        points,
        design: design_name,
        key_metrics,
        metrics: all_metrics.into_iter().collect(),
        id: String::new(),
        source_text: text.to_string(),
    };
    plan.id = plan.hash();
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_every_job_once_in_order() {
        for total in [0u64, 1, 7, 100, 1001] {
            for n in 1..=9 {
                let mut next = 0;
                for k in 0..n {
                    let r = Shard { k, n }.range(total);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, total);
            }
        }
    }

    #[test]
    fn shard_arguments_and_scheduler_variables() {
        assert_eq!(Shard::parse("2/5"), Ok(Shard { k: 2, n: 5 }));
        assert!(Shard::parse("5/5").unwrap_err().contains("K must be less than N"));
        assert!(Shard::parse("x").is_err() && Shard::parse("1/0").is_err());
        fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        }
        assert_eq!(Shard::from_env(env(&[])), Ok(None));
        const SLURM: [(&str, &str); 3] =
            [("SLURM_ARRAY_TASK_ID", "4"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "8")];
        assert_eq!(Shard::from_env(env(&SLURM)), Ok(Some(Shard { k: 3, n: 8 })));
        assert_eq!(
            Shard::from_env(env(&[("JOB_COMPLETION_INDEX", "2"), ("HEDGEHOG_SHARDS", "3")])),
            Ok(Some(Shard { k: 2, n: 3 }))
        );
        assert!(Shard::from_env(env(&[("JOB_COMPLETION_INDEX", "2")])).unwrap_err().contains("HEDGEHOG_SHARDS"));
    }
}
