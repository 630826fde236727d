//! Criterion benchmarks of the batch budgets (issue 7):
//! - 1,000 replications of the 30-day baseline in at most 60 s on 2 cores;
//! - at least 1.7x from one thread to two (200 replications at each).
//!
//! Peak memory (the same for 100 and 10,000 replications) is measured by
//! `hedgehog bench`, which reads the process's high-water mark; criterion
//! times only.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use hedgehog::bench;
use hedgehog::bench::batch as bb;

fn thousand(c: &mut Criterion) {
    let base = bench::baseline();
    let plan = bb::plan(&base, 1000);
    let tmp = std::env::temp_dir();
    let mut group = c.benchmark_group("batch_1000_baseline");
    group.sample_size(10).measurement_time(std::time::Duration::from_secs(120));
    group.bench_function("2_threads", |b| b.iter(|| bb::run(&plan, 2, &tmp)));
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let base = bench::baseline();
    let plan = bb::plan(&base, bb::SCALING_RUNS);
    let tmp = std::env::temp_dir();
    let mut group = c.benchmark_group("batch_scaling_200");
    group.sample_size(10).measurement_time(std::time::Duration::from_secs(40));
    for threads in [1usize, 2] {
        group.bench_with_input(BenchmarkId::from_parameter(threads), &threads, |b, &t| {
            b.iter(|| bb::run(&plan, t, &tmp))
        });
    }
    group.finish();
}

criterion_group!(benches, thousand, scaling);
criterion_main!(benches);
