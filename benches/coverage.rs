//! Criterion benchmarks of the coverage budgets (issue 4): 200 sensors, one
//! band, terrain on, at most 0.5 s on the 1 km grid (aim 0.1 s) and 20 ms on
//! the 5 km grid; moving one sensor updates the layers in at most 5 ms at
//! 1 km. `hedgehog bench` measures the same workloads and peak memory.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use hedgehog::bench::{self, coverage};

fn coverage_200(c: &mut Criterion) {
    let mut group = c.benchmark_group("coverage");
    group.sample_size(10);
    for (res, name) in [(5.0, "200 sensors, 5 km"), (1.0, "200 sensors, 1 km")] {
        let map = bench::build_map(res);
        let sources = coverage::sensors(&map, 200);
        group.bench_function(name, |b| b.iter(|| black_box(coverage::layers(&map, &sources))));
    }
    let map = bench::build_map(1.0);
    let sources = coverage::sensors(&map, 200);
    let mut layers = coverage::layers(&map, &sources);
    let (a, b) = (sources[0].observer, sources[1].observer);
    let mut flip = false;
    group.bench_function("move one sensor, 1 km", |bn| {
        bn.iter(|| {
            flip = !flip;
            let o = if flip { b } else { a };
            layers.move_source(&map.elevation, 0, o.col, o.row, o.z_m);
        })
    });
    group.finish();
}

criterion_group!(benches, coverage_200);
criterion_main!(benches);
