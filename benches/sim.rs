//! Criterion benchmarks of the simulation core's budgets (issue 2):
//! - one tick with 1k, 10k and 100k moving entities: at least 40 M simple
//!   entity-updates per second per core, i.e. at most 2.5 ms for 100k;
//! - a quiet 30-day run of the baseline: under 10 ms.
//!
//! `hedgehog bench` measures the same workloads (from `hedgehog::bench`) and
//! prints medians against these targets.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hedgehog::bench;
use hedgehog::geo::map::Map;

fn tick(c: &mut Criterion) {
    let scenario = Arc::new(bench::baseline());
    let map = Arc::new(Map::build(&scenario.map));
    let mut group = c.benchmark_group("tick_moving_entities");
    for n in bench::TICK_ENTITY_COUNTS {
        let mut app = bench::moving_world(&scenario, &map, n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| b.iter(|| app.step()));
    }
    group.finish();
}

fn quiet_run(c: &mut Criterion) {
    let scenario = Arc::new(bench::baseline());
    let map = Arc::new(Map::build(&scenario.map));
    c.bench_function("quiet_30_day_baseline_run", |b| b.iter(|| bench::quiet_run(black_box(&scenario), &map)));
}

criterion_group!(benches, tick, quiet_run);
criterion_main!(benches);
