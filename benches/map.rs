//! Criterion benchmarks of the map budgets (issue 3): the 5 km map builds in
//! under 200 ms, the 1 km map in under 2 s (all cores). `hedgehog bench`
//! measures the same workload.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hedgehog::bench;

fn map_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("map_build");
    group.sample_size(10);
    for (res, budget) in bench::MAP_BUDGETS {
        group.bench_function(budget.name, |b| b.iter(|| black_box(bench::build_map(black_box(res)))));
    }
    group.finish();
}

criterion_group!(benches, map_build);
criterion_main!(benches);
