//! Criterion benchmark of the placement budget (issue 8): greedy and swap
//! placing 40 batteries over at least 2,000 candidate sites and 5,000 demand
//! points in at most 2 s on 2 cores. The instance is the baseline's own air
//! defence on the 5 km map (built once, outside the measurement).

use criterion::{Criterion, criterion_group, criterion_main};
use hedgehog::bench::optimize as ob;

fn greedy_swap(c: &mut Criterion) {
    let inst = ob::instance();
    assert!(inst.sites() >= 2000 && inst.built.demand_points >= 5000, "the instance is below the issue's size");
    let mut group = c.benchmark_group("optimize_40_batteries");
    group.sample_size(10).measurement_time(std::time::Duration::from_secs(30));
    group.bench_function("greedy_swap", |b| b.iter(|| ob::greedy_swap(&inst.merged)));
    group.finish();
}

criterion_group!(benches, greedy_swap);
criterion_main!(benches);
