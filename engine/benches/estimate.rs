//! Benchmarks (issue 4): one full estimate of every option for one scenario, and a 200-point
//! traffic sweep, against the bundled us-east-1 snapshot. Targets: ≤ 100 µs and ≤ 20 ms.
//! Issue 9: the same estimate with reads, writes and data size as ranges at the default 300
//! samples (target ≤ 50 ms), and the banded 200-point sweep (target about 200 ms).
//! `estimate_all_options_indexed` prices the same estimate from the table as the server holds
//! it (`Indexed`: the class catalogs worked out once, not on every estimate); the budget's
//! figure stays the plain table's, comparable with every earlier row.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use engine::{Scenario, SweepAxis, estimate, log_multipliers, sweep};

fn table() -> pricing_data::PriceTable {
    let (_, json) = pricing_data::bundled()[0];
    pricing_data::parse(json, time::macros::date!(2026 - 11 - 26)).expect("bundled snapshot parses")
}

/// The default scenario with reads 100-200-800/s, writes 20-50-300/s and data 20-50-400 GB.
fn banded_scenario() -> Scenario {
    Scenario::from_json(
        r#"{
            "data": {"size_gb": {"low": 20, "likely": 50, "high": 400}},
            "traffic": {
                "reads_per_second": {"low": 100, "likely": 200, "high": 800},
                "writes_per_second": {"low": 20, "likely": 50, "high": 300}
            }
        }"#,
    )
    .expect("the banded scenario is valid")
}

fn benches(c: &mut Criterion) {
    let table = table();
    let scenario = Scenario::default();
    c.bench_function("estimate_all_options", |b| {
        b.iter(|| estimate(black_box(&scenario), black_box(&table)))
    });
    let indexed = engine::Indexed::new(table.clone());
    c.bench_function("estimate_all_options_indexed", |b| {
        b.iter(|| estimate(black_box(&scenario), black_box(&indexed)))
    });
    let mut no_what_if = Scenario::default();
    no_what_if.caching.mode = engine::scenario::CacheMode::No;
    c.bench_function("estimate_all_options_without_caching_what_if", |b| {
        b.iter(|| estimate(black_box(&no_what_if), black_box(&table)))
    });
    let banded = banded_scenario();
    c.bench_function("estimate_banded_300_samples", |b| {
        b.iter(|| estimate(black_box(&banded), black_box(&table)))
    });
    let multipliers = log_multipliers(200);
    c.bench_function("sweep_200_points_banded", |b| {
        b.iter(|| sweep(black_box(&banded), &table, SweepAxis::Traffic, &multipliers))
    });
    c.bench_function("sweep_200_points", |b| {
        b.iter(|| {
            sweep(
                black_box(&scenario),
                &table,
                SweepAxis::Traffic,
                &multipliers,
            )
        })
    });
}

criterion_group! {
    name = group;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = benches
}
criterion_main!(group);
