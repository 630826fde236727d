//! Criterion benchmarks of the simulation's budgets:
//! - one tick with 1k, 10k and 100k moving entities: at least 40 M simple
//!   entity-updates per second per core, i.e. at most 2.5 ms for 100k (issue 2);
//! - a quiet 30-day run of the baseline (no raids): under 10 ms (issue 2);
//! - the 30-day baseline run with its raids: at most 100 ms on one core
//!   (issue 5);
//! - a 1,000-drone raid in flight: at least 1,000 ticks per second over its
//!   first three hours, i.e. at most 180 ms for the 180 ticks (issue 5).
//!
//! `hedgehog bench` measures the same workloads (from `hedgehog::bench`) and
//! prints medians against these targets.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hedgehog::bench;
use hedgehog::sim::Theatre;

fn tick(c: &mut Criterion) {
    let scenario = Arc::new(bench::quiet_baseline());
    let theatre = Theatre::build(&scenario);
    let mut group = c.benchmark_group("tick_moving_entities");
    for n in bench::TICK_ENTITY_COUNTS {
        let mut app = bench::moving_world(&scenario, &theatre, n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| b.iter(|| app.step()));
    }
    group.finish();
}

fn runs(c: &mut Criterion) {
    let quiet = Arc::new(bench::quiet_baseline());
    let theatre = Theatre::build(&quiet);
    c.bench_function("quiet_30_day_baseline_run", |b| b.iter(|| bench::run_once(black_box(&quiet), &theatre)));
    let raids = Arc::new(bench::baseline());
    c.bench_function("baseline_30_day_run_with_raids", |b| b.iter(|| bench::run_once(black_box(&raids), &theatre)));
}

fn drone_raid(c: &mut Criterion) {
    let scenario = Arc::new(bench::baseline());
    let theatre = Theatre::build(&scenario);
    // A fresh raid per iteration: the drones fly on (and are shot down) as
    // ticks pass, so each measurement starts from the full raid.
    // One iteration flies a fresh raid for RAID_WINDOW_TICKS ticks; the
    // reported time divided by that many ticks is the time per tick.
    let mut group = c.benchmark_group("drone_raid_1000");
    group.sample_size(10).throughput(Throughput::Elements(bench::RAID_WINDOW_TICKS));
    group.bench_function("three_hour_window", |b| {
        b.iter_batched_ref(
            || bench::drone_raid_world(&scenario, &theatre, bench::RAID_DRONES),
            bench::drone_raid_window,
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, tick, runs, drone_raid);
criterion_main!(benches);
