//! Ranges, not guesses (issue 9): inputs given as low/likely/high give cost bands, failure
//! rates and the least-regret recommendation; single values behave exactly as before.

use engine::fixtures::sample_us_east_1;
use engine::scenario::{CacheMode, Confidence, RangedField, ShapePreset, Spread};
use engine::{Estimate, Scenario, ScenarioError, SweepAxis, estimate, log_multipliers, sweep};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn band<'a>(e: &'a Estimate, id: &str) -> &'a engine::OptionBand {
    e.uncertainty
        .as_ref()
        .expect("uncertainty")
        .options
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no band for {id}"))
}

fn spread(low: Decimal, high: Decimal) -> Spread {
    Spread {
        low,
        high,
        confidence: Confidence::Medium,
    }
}

#[test]
fn single_values_have_no_uncertainty_and_serialise_as_before() {
    let e = estimate(&Scenario::default(), &sample_us_east_1()).unwrap();
    assert!(e.uncertainty.is_none());
    let json = serde_json::to_value(&e).unwrap();
    assert!(json.get("uncertainty").is_none());
    // The scenario itself: no range objects, no sampler settings.
    let s = serde_json::to_value(Scenario::default()).unwrap();
    assert!(s["assumptions"].get("range_samples").is_none());
    assert!(s["assumptions"].get("range_seed").is_none());
    assert_eq!(s["traffic"]["reads_per_second"], "200");
}

#[test]
fn a_zero_width_range_gives_the_single_value_figures() {
    // Every rangeable field as a range with low = likely = high: each band is zero-width and
    // equals the single-valued estimate's monthly and TCO figures, and the recommendation
    // does not change.
    let prices = sample_us_east_1();
    let single = Scenario::default();
    let mut ranged = single.clone();
    for f in RangedField::ALL {
        let v = f.value(&single);
        ranged.ranges.insert(f, spread(v, v));
    }
    ranged.assumptions.range_samples = 20;
    let a = estimate(&single, &prices).unwrap();
    let b = estimate(&ranged, &prices).unwrap();
    assert_eq!(a.options, b.options);
    let u = b.uncertainty.as_ref().unwrap();
    assert_eq!(u.ranged_fields.len(), 10);
    for o in &a.options {
        let band = band(&b, &o.id);
        match o.monthly {
            Some(m) => {
                let mb = band.monthly.unwrap();
                assert_eq!((mb.p5, mb.p50, mb.p95), (m, m, m), "{}", o.id);
                let t = band.tco_12.unwrap();
                assert_eq!(t.p5, o.tco_12_months.unwrap(), "{}", o.id);
                assert_eq!(t.p95, o.tco_12_months.unwrap(), "{}", o.id);
                let t = band.tco_36.unwrap();
                assert_eq!(t.p50, o.tco_36_months.unwrap(), "{}", o.id);
            }
            None => assert!(band.monthly.is_none() && !band.priced),
        }
    }
    let (ra, rb) = (a.recommendation.unwrap(), b.recommendation.unwrap());
    assert_eq!(ra.option_id, rb.option_id);
    assert_eq!(u.least_regret.as_ref().unwrap().option_id, ra.option_id);
    assert_eq!(rb.reasons.len(), 1);
    assert!(rb.reasons[0].contains("never under-provisioned"), "{rb:?}");
}

fn wide_scenario(seed: u64) -> Scenario {
    let json = format!(
        r#"{{
        "data": {{"size_gb": {{"low": 20, "likely": 50, "high": 400}}}},
        "traffic": {{
            "reads_per_second": {{"low": "100", "likely": "200", "high": "800"}},
            "writes_per_second": {{"low": 20, "likely": 50, "high": 300, "confidence": "low"}}
        }},
        "assumptions": {{"range_samples": 60, "range_seed": {seed}}}
    }}"#
    );
    Scenario::from_json(&json).unwrap()
}

#[test]
fn percentiles_are_ordered_and_the_same_seed_repeats() {
    let prices = sample_us_east_1();
    let a = estimate(&wide_scenario(1), &prices).unwrap();
    let again = estimate(&wide_scenario(1), &prices).unwrap();
    let other = estimate(&wide_scenario(2), &prices).unwrap();
    assert_eq!(a, again);
    assert_ne!(a.uncertainty, other.uncertainty);
    let u = a.uncertainty.as_ref().unwrap();
    assert_eq!(u.samples, 60);
    assert_eq!(u.seed, 1);
    for o in &u.options {
        for b in [o.monthly, o.tco_12, o.tco_36].into_iter().flatten() {
            assert!(b.p5 <= b.p50 && b.p50 <= b.p95, "{}: {b:?}", o.id);
        }
    }
    // Reads and data spread from 0.5x to 4x and 0.4x to 8x: DynamoDB on-demand, billed per
    // request and GB, has a band of real width.
    let od = band(&a, "dynamodb-on-demand").monthly.unwrap();
    assert!(od.p95 > od.p5 * dec!(1.5), "{od:?}");
}

#[test]
fn the_cheapest_option_at_likely_that_throttles_at_high_is_not_recommended() {
    // A key-value workload (no ACID, no joins: the decision tree looks at DynamoDB only) on
    // a flat day: provisioned-at-peak capacity is ceil(consumed), auto scaling at its 70 %
    // target is ceil(consumed / 0.7), about 1.43x; on-demand costs per request, several
    // times more at a steady 1,000 reads/s. So at `likely` the cheapest is provisioned at
    // peak, and the single-valued estimate recommends it.
    //
    // With reads from 800 to 3,000 (likely 1,000: the mode at 10 % of the range), most of
    // the PERT mass lies above 1,000 reads/s, where the capacity fixed at likely throttles.
    // In those samples it fails, so its regret there is at least 100 points, and its 95th
    // percentile regret is above 100 %; auto scaling follows the load, never fails and costs
    // at most about 43 % above the cheapest: it has less regret.
    let prices = sample_us_east_1();
    let mut s = Scenario::default();
    s.needs.acid_transactions = false;
    s.needs.joins = false;
    s.caching.mode = CacheMode::No;
    s.traffic.shape = ShapePreset::Flat;
    s.traffic.reads_per_second = dec!(1000);
    s.traffic.writes_per_second = dec!(100);
    s.assumptions.range_samples = 100;
    let single = estimate(&s, &prices).unwrap();
    let peak = "dynamodb-provisioned-peak";
    assert_eq!(single.recommendation.as_ref().unwrap().option_id, peak);

    s.ranges.insert(
        RangedField::TrafficReadsPerSecond,
        spread(dec!(800), dec!(3000)),
    );
    let ranged = estimate(&s, &prices).unwrap();
    let u = ranged.uncertainty.as_ref().unwrap();
    let chosen = &u.least_regret.as_ref().unwrap().option_id;
    assert_ne!(chosen, peak);
    assert_eq!(&ranged.recommendation.as_ref().unwrap().option_id, chosen);
    let p = band(&ranged, peak);
    assert!(p.fail_percent > dec!(50), "{p:?}");
    assert_eq!(
        p.failures[0].need,
        "provisioned RCU below peak reads (throttles)"
    );
    assert!(p.regret_p95_percent.unwrap() >= dec!(100));
    let c = band(&ranged, chosen);
    assert_eq!(c.fail_percent, Decimal::ZERO);
    assert!(
        u.least_regret
            .as_ref()
            .unwrap()
            .sentence
            .ends_with("never under-provisioned."),
        "{u:?}"
    );
}

#[test]
fn range_errors_name_the_bound() {
    let field_of = |json: &str| match Scenario::from_json(json) {
        Err(ScenarioError::Invalid { field, .. } | ScenarioError::Malformed { field, .. }) => field,
        Ok(_) => panic!("{json} was accepted"),
    };
    let cases = [
        (
            r#"{"traffic":{"reads_per_second":{"low":1,"likely":2,"high":1}}}"#,
            "traffic.reads_per_second.high",
        ),
        (
            r#"{"data":{"size_gb":{"low":9,"likely":2,"high":10}}}"#,
            "data.size_gb.low",
        ),
        (
            r#"{"caching":{"hit_rate_percent":{"low":50,"likely":80,"high":120}}}"#,
            "caching.hit_rate_percent.high",
        ),
        (
            r#"{"data":{"item_size_kb":{"low":0,"likely":2,"high":3}}}"#,
            "data.item_size_kb.low",
        ),
        (
            r#"{"traffic":{"writes_per_second":{"low":1,"likely":2}}}"#,
            "traffic.writes_per_second",
        ),
        (
            r#"{"traffic":{"writes_per_second":{"low":1,"likely":2,"high":3,"confidence":"total"}}}"#,
            "traffic.writes_per_second.confidence",
        ),
        (
            r#"{"traffic":{"reads_per_second":{"low":1,"likely":2,"high":3}},"assumptions":{"range_samples":5}}"#,
            "assumptions.range_samples",
        ),
    ];
    for (json, field) in cases {
        assert_eq!(field_of(json), field, "for {json}");
    }
}

#[test]
fn a_range_round_trips_as_its_object() {
    let s = wide_scenario(9);
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(
        json["traffic"]["reads_per_second"],
        serde_json::json!({"low": "100", "likely": "200", "high": "800", "confidence": "medium"})
    );
    assert_eq!(json["traffic"]["writes_per_second"]["confidence"], "low");
    assert_eq!(json["traffic"]["strong_read_percent"], "20");
    assert_eq!(json["assumptions"]["range_seed"], 9);
    let back: Scenario = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, s);
    assert_eq!(Scenario::from_json(&json.to_string()).unwrap(), s);
}

#[test]
fn the_example_with_ranges_is_valid_and_banded() {
    let json = include_str!("../../pricing-data/scenarios/uncertain-launch.json");
    let s = Scenario::from_json(json).unwrap();
    assert!(!s.ranges.is_empty());
    let e = estimate(&s, &sample_us_east_1()).unwrap();
    let u = e.uncertainty.as_ref().unwrap();
    let chosen = band(&e, &u.least_regret.as_ref().unwrap().option_id);
    // Under-provisioning outranks cost: the pick fails in at most 5 % of the samples, or no
    // other candidate (a priced database option meeting every need at likely) fails less.
    if chosen.fail_percent > dec!(5) {
        for o in u.options.iter().filter(|o| {
            o.regret_p95_percent.is_some()
                && !o
                    .failures
                    .iter()
                    .any(|f| f.need.starts_with("does not meet"))
        }) {
            assert!(chosen.fail_percent <= o.fail_percent, "{chosen:?} vs {o:?}");
        }
    }
}

#[test]
fn a_banded_sweep_has_ordered_bands_on_some_points() {
    let s = wide_scenario(3);
    let multipliers = log_multipliers(50);
    let sw = sweep(&s, &sample_us_east_1(), SweepAxis::Traffic, &multipliers).unwrap();
    let banded: Vec<_> = sw.points.iter().filter_map(|p| p.bands.as_ref()).collect();
    // 50 points: every 3rd from the first (17) and the last.
    assert_eq!(banded.len(), 18);
    assert!(banded.len() <= engine::uncertainty::SWEEP_BANDED_POINTS);
    assert!(sw.points.last().unwrap().bands.is_some());
    for b in banded {
        assert!(b.contains_key("dynamodb-on-demand"));
        for band in b.values() {
            assert!(band.p5 <= band.p50 && band.p50 <= band.p95);
        }
    }
    let plain = sweep(
        &Scenario::default(),
        &sample_us_east_1(),
        SweepAxis::Traffic,
        &multipliers,
    )
    .unwrap();
    assert!(plain.points.iter().all(|p| p.bands.is_none()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Widening a range around the same likely value (same shape, so the same draws) never
    /// narrows the band of an option billed per request; every band is ordered.
    #[test]
    fn bands_widen_as_ranges_widen(
        likely in 50u32..2000,
        below in 1u32..90,
        above in 1u32..300,
        k in 2u32..5,
    ) {
        let prices = sample_us_east_1();
        let mut s = Scenario::default();
        s.needs.acid_transactions = false;
        s.needs.joins = false;
        s.caching.mode = CacheMode::No;
        s.assumptions.range_samples = 30;
        let likely = Decimal::from(likely);
        s.traffic.reads_per_second = likely;
        let width = |s: &Scenario| {
            let e = estimate(s, &prices).unwrap();
            for o in &e.uncertainty.as_ref().unwrap().options {
                for b in [o.monthly, o.tco_12, o.tco_36].into_iter().flatten() {
                    assert!(b.p5 <= b.p50 && b.p50 <= b.p95, "{}: {b:?}", o.id);
                }
            }
            let b = band(&e, "dynamodb-on-demand").monthly.unwrap();
            b.p95 - b.p5
        };
        let narrow_below = likely * Decimal::from(below) / dec!(100) / Decimal::from(k);
        let narrow_above = likely * Decimal::from(above) / dec!(100) / Decimal::from(k);
        s.ranges.insert(
            RangedField::TrafficReadsPerSecond,
            spread(likely - narrow_below, likely + narrow_above),
        );
        let narrow = width(&s);
        s.ranges.insert(
            RangedField::TrafficReadsPerSecond,
            spread(likely - narrow_below * Decimal::from(k), likely + narrow_above * Decimal::from(k)),
        );
        let wide = width(&s);
        prop_assert!(wide >= narrow, "narrow {} wide {}", narrow, wide);
        prop_assert!(wide > Decimal::ZERO);
    }
}

#[test]
fn the_json_schema_allows_a_value_or_a_range() {
    let schema = serde_json::to_value(schemars::schema_for!(Scenario)).unwrap();
    let text = schema.to_string();
    // The ranged fields refer to the shared `WorkloadQuantity` definition (not `Quantity`: pricing-data has a schema of that name, and the OpenAPI document merges definitions by name): a value or a range object.
    let quantity = &schema["$defs"]["WorkloadQuantity"];
    let variants = quantity["oneOf"]
        .as_array()
        .unwrap_or_else(|| panic!("{quantity}"));
    assert_eq!(variants.len(), 2, "{quantity}");
    assert!(text.contains("RangeInput"), "{text}");
    let reads = &schema["$defs"]["Traffic"]["properties"]["reads_per_second"];
    assert!(reads.to_string().contains("WorkloadQuantity"), "{reads}");
    let strong = &schema["$defs"]["Traffic"]["properties"]["strong_read_percent"];
    assert!(!strong.to_string().contains("WorkloadQuantity"), "{strong}");
    assert!(schema["properties"].get("ranges").is_none());
}
