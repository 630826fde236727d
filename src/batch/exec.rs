//! Running a plan's jobs: in parallel across replications (each run on one
//! thread, as the simulation requires), written in job order chunk by chunk,
//! resumed from what an earlier, interrupted attempt left, and finished with
//! the summaries when the whole batch (not a shard) is done.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::finish;
use super::plan::{Job, Plan, Shard};
use super::store::{self, BatchError, Manifest, Tables, io};
use crate::geo::map::Map;
use crate::sim::run::{RunOptions, Theatre, run_with};

/// How to run.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Worker threads (each runs whole replications).
    pub threads: usize,
    /// The slice of the jobs to run, if not all.
    pub shard: Option<Shard>,
    /// Start again even if the directory holds (other or finished) work.
    pub force: bool,
}

/// What running did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Jobs were run (some may have been done by an earlier attempt).
    Ran {
        /// The directory written.
        dir: PathBuf,
        /// Jobs in this batch or shard.
        jobs: u64,
        /// Jobs an earlier attempt had completed.
        resumed: u64,
    },
    /// The directory already held this work, complete; nothing was run.
    AlreadyComplete {
        /// The directory.
        dir: PathBuf,
    },
}

/// Jobs per chunk: each chunk is run in parallel, then its rows are written
/// and flushed. Large enough to keep both cores busy, small enough that an
/// interruption loses little and memory stays flat.
pub const CHUNK: u64 = 32;

/// The directory one shard of a batch writes: `shard-K-of-N` inside it.
pub fn shard_dir(batch_dir: &Path, shard: Shard) -> PathBuf {
    batch_dir.join(format!("shard-{}-of-{}", shard.k, shard.n))
}

/// Runs `plan` into `dir` (the batch directory, or a shard's), calling
/// `progress(done, total)` after each chunk.
pub fn execute(
    plan: &Plan,
    dir: &Path,
    options: Options,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Outcome, BatchError> {
    let want = Manifest::of(plan, options.shard);
    if options.force && dir.exists() {
        fs::remove_dir_all(dir).map_err(io(dir))?;
    }
    fs::create_dir_all(dir).map_err(io(dir))?;
    match Manifest::read(dir)? {
        Some(m) if !m.same_work(&want) => {
            return Err(BatchError::Mismatch {
                dir: dir.to_path_buf(),
                what: format!(
                    "holds other work ({} {} {:?}, id {}, seed {}, {} replications{}); \
                     use --force to replace it or --out to write elsewhere",
                    m.kind,
                    m.name,
                    m.design,
                    m.id,
                    m.base_seed,
                    m.replications,
                    m.shard.map(|s| format!(", shard {s}")).unwrap_or_default()
                ),
            });
        }
        Some(m) if m.complete => return Ok(Outcome::AlreadyComplete { dir: dir.to_path_buf() }),
        Some(_) => {}
        None => {
            if fs::read_dir(dir).map_err(io(dir))?.next().is_some() {
                return Err(BatchError::Mismatch {
                    dir: dir.to_path_buf(),
                    what: "is not empty and holds no batch; choose another --out".into(),
                });
            }
            want.write(dir)?;
            write_inputs(plan, dir)?;
        }
    }
    let range = options.shard.map_or(0..plan.jobs(), |s| s.range(plan.jobs()));
    let total = range.end - range.start;
    let mut tables = Tables::open(dir, plan, range.start)?;
    let resumed = tables.done.min(total);
    progress(resumed, total);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.max(1))
        .build()
        .map_err(|e| BatchError::Io { path: dir.to_path_buf(), source: std::io::Error::other(e.to_string()) })?;
    let mut theatres = Theatres::default();
    let mut next = range.start + resumed;
    while next < range.end {
        let end = (next + CHUNK).min(range.end);
        let jobs: Vec<Job> = (next..end).map(|j| plan.job(j)).collect();
        let rows = pool.install(|| {
            for job in &jobs {
                theatres.ensure(plan, job.point);
            }
            theatres.forget_before(jobs[0].point);
            jobs.par_iter()
                .map(|job| {
                    let point = &plan.points[job.point];
                    let theatre = theatres.get(job.point);
                    let run = run_with(
                        &point.scenario,
                        theatre,
                        RunOptions { seed: job.seed, replication: 0, shuffle_seed: None },
                    );
                    store::rows_of(plan, job, &run)
                })
                .collect::<Vec<_>>()
        });
        tables.append(&rows)?;
        next = end;
        progress(next - range.start, total);
    }
    drop(tables);
    if options.shard.is_none() {
        finish::finish(dir)?;
    }
    Manifest { complete: true, ..want }.write(dir)?;
    Ok(Outcome::Ran { dir: dir.to_path_buf(), jobs: total, resumed })
}

/// What ran: the scenario (resolved) or the sweep file, kept beside the
/// results so the report and a later merge have them.
fn write_inputs(plan: &Plan, dir: &Path) -> Result<(), BatchError> {
    let files: Vec<(&str, String)> = match plan.kind {
        super::plan::Kind::Batch => vec![
            ("scenario.resolved.ron", plan.points[0].scenario.resolved_ron()),
            ("scenario.source.ron", plan.source_text.clone()),
        ],
        super::plan::Kind::Sweep => vec![("sweep.ron", plan.source_text.clone())],
    };
    for (name, text) in files {
        let path = dir.join(name);
        crate::output::write_file(&path, text.as_bytes())
            .map_err(|e| BatchError::Io { path: path.clone(), source: std::io::Error::other(e.to_string()) })?;
    }
    Ok(())
}

/// The theatres of the points being run, sharing maps between points whose
/// map is the same (a sweep rarely changes the map, often the units).
#[derive(Default)]
struct Theatres {
    by_point: BTreeMap<usize, Theatre>,
    maps: Vec<(f64, u64, Arc<Map>)>,
}

impl Theatres {
    fn ensure(&mut self, plan: &Plan, point: usize) {
        if self.by_point.contains_key(&point) {
            return;
        }
        let s = &plan.points[point].scenario;
        let key = (s.map.resolution_km, s.map.terrain_seed);
        let map = match self.maps.iter().find(|(r, t, _)| (*r, *t) == key && s.map.dem.is_none()) {
            Some((_, _, m)) => Arc::clone(m),
            None => {
                let m = Arc::new(Map::build(&s.map));
                if s.map.dem.is_none() {
                    self.maps.push((key.0, key.1, Arc::clone(&m)));
                }
                m
            }
        };
        self.by_point.insert(point, Theatre::on(s, map));
    }

    fn forget_before(&mut self, point: usize) {
        self.by_point.retain(|p, _| *p >= point);
    }

    fn get(&self, point: usize) -> &Theatre {
        &self.by_point[&point]
    }
}
