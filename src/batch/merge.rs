//! Combining the shards of a batch or sweep, run on a cluster's nodes, into
//! exactly what one machine would have written: the same tables, byte for
//! byte, and the summaries computed from them.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use super::finish;
use super::plan::Shard;
use super::store::{self, BatchError, Manifest, io};

/// Merges the complete shards in `shards` into `into` (default: the
/// directory that holds them). Checks everything before writing anything.
pub fn merge(shards: &[PathBuf], into: Option<&Path>) -> Result<PathBuf, BatchError> {
    let mismatch = |dir: &Path, what: String| BatchError::Mismatch { dir: dir.to_path_buf(), what };
    if shards.is_empty() {
        return Err(mismatch(Path::new("."), "no shard directories given".into()));
    }
    let mut found: Vec<(Shard, PathBuf, Manifest)> = Vec::new();
    for dir in shards {
        let m = Manifest::read(dir)?
            .ok_or_else(|| mismatch(dir, "holds no manifest.json: not a shard of a batch or sweep".into()))?;
        let shard = m
            .shard
            .as_deref()
            .ok_or_else(|| mismatch(dir, "is a whole batch, not a shard: nothing to merge".into()))
            .and_then(|s| Shard::parse(s).map_err(|e| mismatch(dir, e)))?;
        if !m.complete {
            return Err(mismatch(
                dir,
                format!("shard {shard} is not complete: run it again with the same command to finish it"),
            ));
        }
        if let Some((_, first_dir, first)) = found.first()
            && !first.same_batch(&m)
        {
            return Err(mismatch(
                dir,
                format!(
                    "is a shard of other work than {} ({} {:?} id {} vs {} {:?} id {}): shards of different batches or sweeps cannot be merged",
                    first_dir.display(),
                    first.name,
                    first.design,
                    first.id,
                    m.name,
                    m.design,
                    m.id
                ),
            ));
        }
        found.push((shard, dir.clone(), m));
    }
    found.sort_by_key(|(s, _, _)| s.k);
    let n = found[0].0.n;
    for (i, (s, dir, _)) in found.iter().enumerate() {
        if s.n != n {
            return Err(mismatch(
                dir,
                format!("is shard {s} but another is one of {n}: all shards must come from the same split"),
            ));
        }
        if s.k != i as u64 {
            let what =
                if s.k < i as u64 { format!("shard {s} is given twice") } else { format!("shard {i}/{n} is missing") };
            return Err(mismatch(dir, what));
        }
    }
    if found.len() as u64 != n {
        return Err(mismatch(
            &found[0].1,
            format!("only {} of {n} shards are given; shard {}/{n} is missing", found.len(), found.len()),
        ));
    }
    let dest = match into {
        Some(d) => d.to_path_buf(),
        None => {
            let parent = |p: &Path| p.parent().map(Path::to_path_buf).unwrap_or_default();
            let first = parent(&found[0].1);
            if found.iter().any(|(_, d, _)| parent(d) != first) {
                return Err(mismatch(
                    &found[0].1,
                    "the shards are in different directories: say where to merge with --into DIR".into(),
                ));
            }
            first
        }
    };
    let whole = Manifest { shard: None, complete: false, ..found[0].2.clone() };
    match Manifest::read(&dest)? {
        Some(m) if !m.same_work(&whole) => {
            return Err(mismatch(
                &dest,
                format!("already holds other work (id {}); merge --into another directory", m.id),
            ));
        }
        _ => {}
    }
    fs::create_dir_all(&dest).map_err(io(&dest))?;
    whole.write(&dest)?;
    for name in ["scenario.resolved.ron", "scenario.source.ron", "sweep.ron"] {
        let from = found[0].1.join(name);
        if from.exists() {
            let bytes = fs::read(&from).map_err(io(&from))?;
            let to = dest.join(name);
            crate::output::write_file(&to, &bytes)
                .map_err(|e| BatchError::Io { path: to.clone(), source: std::io::Error::other(e.to_string()) })?;
        }
    }
    let (runs, daily) = store::table_names(whole.kind());
    for table in [runs, daily] {
        concatenate(&found.iter().map(|(_, d, _)| d.join(table)).collect::<Vec<_>>(), &dest.join(table))?;
    }
    finish::finish(&dest)?;
    Manifest { complete: true, ..whole }.write(&dest)?;
    Ok(dest)
}

/// Writes `parts` (CSV files with the same header) as one file: the header
/// once, then every part's rows in order.
fn concatenate(parts: &[PathBuf], dest: &Path) -> Result<(), BatchError> {
    let tmp = dest.with_extension("csv.merging");
    let mut out = File::create(&tmp).map_err(io(&tmp))?;
    let mut header: Option<String> = None;
    for part in parts {
        let mut reader = BufReader::new(File::open(part).map_err(io(part))?);
        let mut line = String::new();
        reader.read_line(&mut line).map_err(io(part))?;
        match &header {
            None => {
                out.write_all(line.as_bytes()).map_err(io(&tmp))?;
                header = Some(line.clone());
            }
            Some(h) if *h != line => {
                return Err(BatchError::Corrupt {
                    path: part.clone(),
                    what: "its header differs from the first shard's".into(),
                });
            }
            Some(_) => {}
        }
        std::io::copy(&mut reader, &mut out).map_err(io(part))?;
    }
    out.sync_all().map_err(io(&tmp))?;
    fs::rename(&tmp, dest).map_err(io(dest))
}
