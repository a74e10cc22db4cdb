//! End-to-end checks of the public API: whole estimates against the sample prices and the
//! bundled snapshots, missing prices, published DynamoDB figures, the recommendation, and
//! sweeps with break-even points.

use engine::fixtures::{MapPriceBook, sample_us_east_1};
use engine::prices::DynamoFreeTier;
use engine::scenario::{CacheMode, ShapePreset};
use engine::{
    Category, Estimate, OptionEstimate, PriceStatus, Scenario, SweepAxis, estimate,
    log_multipliers, sweep,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn option<'a>(e: &'a Estimate, id: &str) -> &'a OptionEstimate {
    e.options
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no option {id}"))
}

fn line(o: &OptionEstimate, dimension: &str) -> Decimal {
    o.line_items
        .iter()
        .find(|l| l.dimension == dimension)
        .unwrap_or_else(|| panic!("{} has no line {dimension}", o.id))
        .cost
}

fn key_value_scenario() -> Scenario {
    let mut s = Scenario::default();
    s.needs.acid_transactions = false;
    s.needs.joins = false;
    s.caching.mode = CacheMode::No;
    s
}

#[test]
fn default_scenario_prices_every_option_with_consistent_totals() {
    let e = estimate(&Scenario::default(), &sample_us_east_1()).unwrap();
    assert!(e.options.len() >= 25, "{} options", e.options.len());
    for id in [
        "rds-postgresql-multi-az",
        "rds-mysql-multi-az-cluster",
        "rds-oracle-single-az",
        "rds-sqlserver-multi-az",
        "aurora-postgresql-io-optimized",
        "aurora-serverless-v2",
        "aurora-provisioned-writer-serverless-readers",
        "dynamodb-on-demand",
        "dynamodb-provisioned-autoscaling",
        "dynamodb-dax",
        "elasticache-valkey-serverless",
        "elasticache-memcached-nodes",
    ] {
        let o = option(&e, id);
        assert_eq!(
            o.status,
            PriceStatus::Priced,
            "{id}: {:?}",
            o.missing_prices
        );
        let sum: Decimal = o.line_items.iter().map(|l| l.cost).sum();
        assert_eq!(o.monthly, Some(sum), "{id}");
        for l in &o.line_items {
            assert_eq!(l.cost, l.quantity * l.unit_price, "{id} {}", l.dimension);
        }
    }
    let rec = e.recommendation.as_ref().unwrap();
    let chosen = option(&e, &rec.option_id);
    assert!(chosen.meets_all_needs);
    // The default needs ACID and joins: the decision tree's relational branch.
    assert!(rec.option_id.starts_with("rds-") || rec.option_id.starts_with("aurora-"));
    assert!(rec.path[0].contains("relational"));
    assert!(e.caching_what_if.is_some());
}

#[test]
fn money_is_serialised_as_strings() {
    let e = estimate(&Scenario::default(), &sample_us_east_1()).unwrap();
    let v = serde_json::to_value(&e).unwrap();
    let monthly = &v["options"][0]["monthly"];
    assert!(monthly.is_string(), "{monthly}");
    assert!(v["options"][0]["line_items"][0]["unit_price"].is_string());
    let back: Estimate = serde_json::from_value(v).unwrap();
    assert_eq!(back, e);
}

#[test]
fn schemas_are_published_for_scenario_and_estimate() {
    let scenario = serde_json::to_string(&schemars::schema_for!(Scenario)).unwrap();
    assert!(scenario.contains("scenario_version"));
    assert!(scenario.contains("Average reads per second"));
    let estimate = serde_json::to_string(&schemars::schema_for!(Estimate)).unwrap();
    assert!(estimate.contains("missing_prices"));
}

#[test]
fn a_missing_family_leaves_only_its_options_unpriced() {
    let mut prices = sample_us_east_1();
    prices.remove_family("dynamodb");
    let e = estimate(&key_value_scenario(), &prices).unwrap();
    let od = option(&e, "dynamodb-on-demand");
    assert_eq!(od.status, PriceStatus::NotPriced);
    assert_eq!(od.monthly, None, "never a zero");
    assert!(od.missing_prices.iter().all(|m| m.family == "dynamodb"));
    assert!(
        od.missing_prices
            .iter()
            .any(|m| m.dimension == "on_demand_write_per_million" && m.key == "standard"),
        "{:?}",
        od.missing_prices
    );
    assert_eq!(
        option(&e, "rds-postgresql-multi-az").status,
        PriceStatus::Priced
    );
    // The recommendation falls back to a priced option outside the DynamoDB branch.
    let rec = e.recommendation.unwrap();
    assert!(!rec.option_id.starts_with("dynamodb"));
}

#[test]
fn one_missing_price_is_named() {
    let mut prices = sample_us_east_1();
    prices.remove(&engine::PriceKey::AuroraIoPerMillion {
        engine: engine::scenario::DbEngine::Postgresql,
    });
    let e = estimate(&Scenario::default(), &prices).unwrap();
    let std = option(&e, "aurora-postgresql-standard");
    assert_eq!(std.status, PriceStatus::NotPriced);
    assert_eq!(std.missing_prices.len(), 1);
    assert_eq!(
        std.missing_prices[0].to_string(),
        "aurora/io_per_million/postgresql"
    );
    // I/O-Optimized has no I/O charge, so it does not need that price.
    assert_eq!(
        option(&e, "aurora-postgresql-io-optimized").status,
        PriceStatus::Priced
    );
}

#[test]
fn dynamodb_on_demand_against_provisioned_at_published_prices() {
    // DynamoDB pricing (us-east-1, since November 2024): $0.625 per million write request
    // units, $0.00065 per WCU-hour. One 1 KB write per second all month (730 h):
    // on-demand 2,628,000 WRU = 2.628 million × 0.625 = $1.6425; provisioned 1 WCU × 730 h ×
    // 0.00065 = $0.4745. On-demand costs 1.6425 / 0.4745 = 3.46x a fully used unit, so
    // provisioned wins above 0.4745 / 1.6425 = 28.9 % utilisation (sizing facts).
    let mut s = key_value_scenario();
    s.traffic.reads_per_second = dec!(0);
    s.traffic.writes_per_second = dec!(1);
    s.traffic.shape = ShapePreset::Flat;
    s.data.item_size_kb = dec!(1);
    s.data.secondary_indexes = 0;
    let mut prices = sample_us_east_1();
    prices.free_tier = DynamoFreeTier::default();
    let e = estimate(&s, &prices).unwrap();
    assert_eq!(
        line(option(&e, "dynamodb-on-demand"), "Write request units"),
        dec!(1.6425)
    );
    assert_eq!(
        line(
            option(&e, "dynamodb-provisioned-peak"),
            "Provisioned write capacity"
        ),
        dec!(0.4745)
    );
}

#[test]
fn hot_key_warns_with_the_shards_needed() {
    // 10,000 writes/s of 1 KB items, flat, no index: 10,000 WCU; the hottest key takes
    // 25 % = 2,500 WCU, above one partition's 1,000 WCU: ceil(2,500 / 1,000) = 3 shards.
    let mut s = key_value_scenario();
    s.traffic.writes_per_second = dec!(10000);
    s.traffic.shape = ShapePreset::Flat;
    s.traffic.hottest_key_percent = dec!(25);
    s.data.secondary_indexes = 0;
    let e = estimate(&s, &sample_us_east_1()).unwrap();
    let o = option(&e, "dynamodb-on-demand");
    assert!(
        o.warnings
            .iter()
            .any(|w| w.contains("hot partition") && w.contains("3 keys")),
        "{:?}",
        o.warnings
    );
}

#[test]
fn key_value_workload_is_recommended_dynamodb() {
    let e = estimate(&key_value_scenario(), &sample_us_east_1()).unwrap();
    let rec = e.recommendation.unwrap();
    assert!(rec.option_id.starts_with("dynamodb-"), "{}", rec.option_id);
    assert!(rec.path[0].contains("DynamoDB"));
    // The cheapest DynamoDB option that meets every need.
    let cheapest = e
        .options
        .iter()
        .filter(|o| {
            o.id.starts_with("dynamodb-") && o.meets_all_needs && o.role == engine::Role::Database
        })
        .filter_map(|o| o.monthly)
        .min()
        .unwrap();
    assert_eq!(rec.monthly, cheapest);
}

#[test]
fn reservations_amortise_upfront_into_monthly_and_tco() {
    let mut s = Scenario::default();
    s.horizon.commitment = engine::scenario::Commitment::Allow3y;
    s.horizon.upfront = engine::scenario::UpfrontChoice::AllUpfront;
    let e = estimate(&s, &sample_us_east_1()).unwrap();
    let o = option(&e, "rds-postgresql-multi-az");
    let r = o.reservation.as_ref().unwrap();
    assert_eq!(r.term_months, 36);
    let fee = o.upfront.unwrap();
    assert!(fee > Decimal::ZERO);
    let amortised: Decimal = o
        .line_items
        .iter()
        .filter(|l| l.category == Category::AmortisedUpfront)
        .map(|l| l.cost)
        .sum();
    // The fee spread over 36 months, within the precision of a 28-digit decimal.
    assert!((amortised * dec!(36) - fee).abs() < dec!(0.000001));
    // TCO: recurring charges for the months plus the fee paid once in 12 and in 36 months.
    let recurring = o.monthly.unwrap() - amortised;
    assert_eq!(o.tco_12_months, Some(recurring * dec!(12) + fee));
    assert_eq!(o.tco_36_months, Some(recurring * dec!(36) + fee));
}

#[test]
fn bundled_snapshots_estimate_without_zero_prices() {
    for (name, json) in pricing_data::bundled() {
        let table = pricing_data::parse(json, time::macros::date!(2026 - 11 - 26))
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let e = estimate(&Scenario::default(), &table).unwrap();
        assert!(
            e.options.iter().any(|o| o.status == PriceStatus::Priced),
            "{name}: nothing priced"
        );
        for o in &e.options {
            match o.status {
                PriceStatus::Priced => assert!(o.missing_prices.is_empty()),
                PriceStatus::NotPriced => {
                    assert!(!o.missing_prices.is_empty(), "{name} {}", o.id);
                    assert_eq!(o.monthly, None);
                }
            }
        }
        assert_eq!(e.currency, table.currency.to_string());
    }
}

#[test]
fn sweep_finds_classic_break_evens() {
    // A spiky key-value workload: provisioned-at-peak is free under the free tier at low
    // traffic but pays for the peak all day, so on-demand wins above some traffic.
    let mut s = key_value_scenario();
    s.traffic.shape = ShapePreset::SpikyBatch;
    s.traffic.reads_per_second = dec!(20);
    s.traffic.writes_per_second = dec!(5);
    let m = log_multipliers(200);
    let prices = sample_us_east_1();
    let sw = sweep(&s, &prices, SweepAxis::Traffic, &m).unwrap();
    assert_eq!(sw.points.len(), 200);
    let be = sw
        .break_evens
        .iter()
        .find(|b| b.a == "dynamodb-on-demand" && b.b == "dynamodb-provisioned-peak")
        .expect("on-demand / provisioned break-even");
    assert_eq!(be.cheaper_above, "dynamodb-on-demand");
    assert!(be.multiplier > dec!(0.1) && be.multiplier < dec!(100));

    // Aurora with simple key lookups: I/O grows with traffic faster than the instances, so
    // I/O-Optimized wins at high traffic and Standard at low traffic.
    let mut s = Scenario::default();
    s.traffic.complex_query_percent = dec!(0);
    let sw = sweep(&s, &prices, SweepAxis::Traffic, &m).unwrap();
    let be = sw
        .break_evens
        .iter()
        .find(|b| b.a == "aurora-postgresql-standard" && b.b == "aurora-postgresql-io-optimized")
        .expect("Standard / I/O-Optimized break-even");
    assert_eq!(be.cheaper_above, "aurora-postgresql-io-optimized");
}

#[test]
fn invalid_scenarios_are_rejected_with_the_field() {
    let mut s = Scenario::default();
    s.caching.hit_rate_percent = dec!(101);
    let err = estimate(&s, &sample_us_east_1()).unwrap_err();
    assert_eq!(err.field(), "caching.hit_rate_percent");
    let err = sweep(&s, &MapPriceBook::new(), SweepAxis::Data, &[Decimal::ONE]).unwrap_err();
    assert_eq!(err.field(), "caching.hit_rate_percent");
}

#[test]
fn caching_reduces_database_reads_by_the_hit_rate() {
    // With a cache that serves 80 % of reads, the database sees 20 % of them: DynamoDB's
    // on-demand read request units fall to 0.2 × those without a cache.
    let mut s = key_value_scenario();
    let without = estimate(&s, &sample_us_east_1()).unwrap();
    s.caching.mode = CacheMode::Yes;
    s.caching.hit_rate_percent = dec!(80);
    let with = estimate(&s, &sample_us_east_1()).unwrap();
    let reads = |e: &Estimate| {
        option(e, "dynamodb-on-demand")
            .line_items
            .iter()
            .find(|l| l.dimension == "Read request units")
            .unwrap()
            .quantity
    };
    assert_eq!(reads(&with), reads(&without) * dec!(0.2));
    // The what-if shows, per database, the savings against the cheapest fitting cache.
    let what_if = with.caching_what_if.unwrap();
    assert!(!what_if.rows.is_empty());
    for row in &what_if.rows {
        assert!(row.with_cache <= row.without_cache, "{}", row.option_id);
        assert_eq!(row.database_savings, row.without_cache - row.with_cache);
        assert_eq!(row.net_savings, row.database_savings - row.cache_monthly);
        if row.option_id.starts_with("dynamodb-") {
            assert_eq!(row.cache_option_id, "dynamodb-dax");
        } else {
            assert!(row.cache_option_id.starts_with("elasticache-"));
        }
    }
}

#[test]
fn fit_notes_follow_published_recovery_figures() {
    // Seed reference and AWS docs: RDS Multi-AZ fails over in 60-120 s, a Multi-AZ DB
    // cluster in under 35 s, Aurora with a reader in under 30 s; Single-AZ restores from
    // backup. With an RTO of 60 s only the last two meet it.
    let mut s = Scenario::default();
    s.needs.rto_seconds = dec!(60);
    let e = estimate(&s, &sample_us_east_1()).unwrap();
    let meets = |id: &str, need: &str| {
        option(&e, id)
            .fit
            .iter()
            .find(|f| f.need == need)
            .unwrap_or_else(|| panic!("{id} has no {need} note"))
            .meets
    };
    assert!(!meets("rds-postgresql-single-az", "rto"));
    assert!(!meets("rds-postgresql-multi-az", "rto"));
    assert!(meets("rds-postgresql-multi-az", "rpo"));
    assert!(meets("rds-postgresql-multi-az-cluster", "rto"));
    assert!(meets("aurora-postgresql-standard", "rto"));
    let rec = e.recommendation.unwrap();
    assert!(
        rec.option_id.starts_with("aurora-") || rec.option_id.ends_with("multi-az-cluster"),
        "{}",
        rec.option_id
    );

    // Two regions with an RPO of 1 s: Aurora Global Database (under 1 s) and DynamoDB
    // global tables meet it; an RDS cross-region replica (under 1 minute) does not.
    let mut s = Scenario::default();
    s.needs.regions = 2;
    s.needs.rpo_seconds = dec!(1);
    let e = estimate(&s, &sample_us_east_1()).unwrap();
    let rpo = |id: &str| {
        option(&e, id)
            .fit
            .iter()
            .find(|f| f.need == "rpo")
            .unwrap()
            .meets
    };
    assert!(!rpo("rds-postgresql-multi-az"));
    assert!(rpo("aurora-postgresql-standard"));
    assert!(rpo("dynamodb-on-demand"));
    // Global Database bills replicated write I/Os; global tables bill replicated writes.
    let aurora = option(&e, "aurora-postgresql-standard");
    assert!(
        aurora
            .line_items
            .iter()
            .any(|l| l.category == Category::Replication)
    );
    let dynamo = option(&e, "dynamodb-on-demand");
    assert!(
        dynamo
            .line_items
            .iter()
            .any(|l| l.category == Category::Replication)
    );
}

#[test]
fn sweep_totals_match_the_estimate_on_the_bundled_snapshot() {
    // The snapshot lacks some prices (Oracle, SQL Server, Multi-AZ DB clusters): the lean
    // passes of a sweep must report exactly the estimate's totals, unpriced options included.
    let (_, json) = pricing_data::bundled()[0];
    let table = pricing_data::parse(json, time::macros::date!(2026 - 11 - 26)).unwrap();
    let mut s = Scenario::default();
    s.caching.mode = CacheMode::No;
    let e = estimate(&s, &table).unwrap();
    assert!(e.options.iter().any(|o| o.status == PriceStatus::NotPriced));
    let sw = sweep(&s, &table, SweepAxis::Data, &[Decimal::ONE]).unwrap();
    for (id, monthly) in sw.option_ids.iter().zip(&sw.points[0].monthly) {
        assert_eq!(*monthly, option(&e, id).monthly, "{id}");
    }
}
