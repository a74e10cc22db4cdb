//! Profiling harness for issue 4's engine targets (BENCHMARKS.md, "Cost engine"): runs
//! `estimate()` or `sweep()` a fixed number of times on `Scenario::default()` against the
//! bundled us-east-1 snapshot, so that `perf stat -e task-clock`, `perf record` or
//! `valgrind --tool=callgrind` can measure it without criterion's timing loop. Usage: `profile_engine estimate|estimate-no-cache|banded|sweep|none [iterations]`
//! (`banded`: the criterion bench's banded scenario, 300 samples)
//! (`none` only parses the table: subtract it as start-up).

use std::hint::black_box;

use engine::{Scenario, SweepAxis, estimate, log_multipliers, sweep};

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "estimate".to_string());
    let n: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let (_, json) = pricing_data::bundled()[0];
    let table = pricing_data::parse(json, time::macros::date!(2026 - 11 - 26))
        .expect("bundled snapshot parses");
    let mut scenario = Scenario::default();
    if what == "estimate-no-cache" {
        scenario.caching.mode = engine::scenario::CacheMode::No;
    }
    if what == "banded" {
        // The same ranges as `estimate_banded_300_samples` in benches/estimate.rs.
        scenario = Scenario::from_json(
            r#"{
                "data": {"size_gb": {"low": 20, "likely": 50, "high": 400}},
                "traffic": {
                    "reads_per_second": {"low": 100, "likely": 200, "high": 800},
                    "writes_per_second": {"low": 20, "likely": 50, "high": 300}
                }
            }"#,
        )
        .expect("the banded scenario is valid");
    }
    let multipliers = log_multipliers(200);
    for _ in 0..n {
        match what.as_str() {
            "estimate" | "estimate-no-cache" | "banded" => {
                black_box(estimate(black_box(&scenario), &table).expect("valid"));
            }
            "sweep" => {
                black_box(sweep(
                    black_box(&scenario),
                    &table,
                    SweepAxis::Traffic,
                    &multipliers,
                ))
                .expect("valid");
            }
            _ => {}
        }
    }
}
