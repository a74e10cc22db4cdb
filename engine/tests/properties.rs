//! Properties that hold for every valid scenario (issue 4): no panic; every line's cost is
//! quantity × unit price and totals are sums of lines; I/O-Optimized never has an I/O line;
//! Multi-AZ never costs less than Single-AZ; more traffic or more data never lowers a cost.

use engine::fixtures::{MapPriceBook, sample_us_east_1};
use engine::scenario::{CacheMode, Commitment, ShapePreset, UpfrontChoice};
use engine::{Category, Estimate, PriceStatus, Scenario, SweepAxis, estimate, sweep};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::sync::OnceLock;

fn prices() -> &'static MapPriceBook {
    static P: OnceLock<MapPriceBook> = OnceLock::new();
    P.get_or_init(sample_us_east_1)
}

fn dec(v: u32, scale: u32) -> Decimal {
    Decimal::new(i64::from(v), scale)
}

prop_compose! {
    fn scenarios()(
        reads in 0u32..2_000_000,
        writes in 0u32..500_000,
        size in 0u32..5_000_000,
        growth in 0u32..100,
        item in 1u32..4000,
        indexes in 0u32..5,
        hot in 0u32..=100,
        shape in prop::sample::select(vec![
            ShapePreset::Flat,
            ShapePreset::BusinessHours,
            ShapePreset::EveningPeak,
            ShapePreset::SpikyBatch,
            ShapePreset::DevTestNightsOff,
        ]),
        eventual in 0u32..=100,
        strong_part in 0u32..=100,
        tx_writes in 0u32..=100,
        hottest in 0u32..=100,
        complex in 0u32..=100,
        acid in any::<bool>(),
        joins in any::<bool>(),
        multi_az in any::<bool>(),
        regions in 1u32..=3,
        retention in 1u32..=35,
        cache in prop::sample::select(vec![CacheMode::No, CacheMode::Yes, CacheMode::Compare]),
        hit in 0u32..=100,
        months in prop::sample::select(vec![12u32, 36]),
        commitment in prop::sample::select(vec![
            Commitment::OnDemandOnly,
            Commitment::Allow1y,
            Commitment::Allow3y,
        ]),
        upfront in prop::sample::select(vec![
            UpfrontChoice::NoUpfront,
            UpfrontChoice::PartialUpfront,
            UpfrontChoice::AllUpfront,
        ]),
    ) -> Scenario {
        let mut s = Scenario::default();
        s.traffic.reads_per_second = dec(reads, 2);
        s.traffic.writes_per_second = dec(writes, 2);
        s.data.size_gb = dec(size, 2);
        s.data.monthly_growth_percent = dec(growth, 1);
        s.data.item_size_kb = dec(item, 1);
        s.data.secondary_indexes = indexes;
        s.data.hot_percent = Decimal::from(hot);
        s.traffic.shape = shape;
        let strong = strong_part * (100 - eventual) / 100;
        s.traffic.eventual_read_percent = Decimal::from(eventual);
        s.traffic.strong_read_percent = Decimal::from(strong);
        s.traffic.transactional_read_percent = Decimal::from(100 - eventual - strong);
        s.traffic.transactional_write_percent = Decimal::from(tx_writes);
        s.traffic.hottest_key_percent = Decimal::from(hottest);
        s.traffic.complex_query_percent = Decimal::from(complex);
        s.needs.acid_transactions = acid;
        s.needs.joins = joins;
        s.needs.multi_az = multi_az;
        s.needs.regions = regions;
        s.needs.backup_retention_days = retention;
        s.caching.mode = cache;
        s.caching.hit_rate_percent = Decimal::from(hit);
        s.horizon.months = months;
        s.horizon.commitment = commitment;
        s.horizon.upfront = upfront;
        s
    }
}

fn monthly(e: &Estimate, id: &str) -> Option<Decimal> {
    e.options
        .iter()
        .find(|o| o.id == id)
        .and_then(|o| o.monthly)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn lines_and_totals_add_up(s in scenarios()) {
        let e = estimate(&s, prices()).expect("a valid scenario estimates");
        for o in &e.options {
            for l in o.line_items.iter().chain(&o.upfront_items) {
                prop_assert_eq!(l.cost, l.quantity * l.unit_price, "{} {}", o.id, l.dimension);
                prop_assert!(l.quantity > Decimal::ZERO);
            }
            match o.status {
                PriceStatus::Priced => {
                    let sum: Decimal = o.line_items.iter().map(|l| l.cost).sum();
                    let up: Decimal = o.upfront_items.iter().map(|l| l.cost).sum();
                    prop_assert_eq!(o.monthly, Some(sum), "{}", o.id);
                    prop_assert_eq!(o.upfront, Some(up), "{}", o.id);
                    prop_assert!(o.missing_prices.is_empty());
                }
                PriceStatus::NotPriced => {
                    prop_assert_eq!(o.monthly, None);
                    prop_assert!(!o.missing_prices.is_empty());
                }
            }
            if o.id.ends_with("io-optimized") {
                prop_assert!(o.line_items.iter().all(|l| l.category != Category::Io), "{}", o.id);
            }
        }
    }

    #[test]
    fn pinned_choices_never_panic(
        s in scenarios(),
        class in prop::option::of(prop::sample::select(vec!["db.r6g.large", "db.t4g.medium", "db.x9.unknown"])),
        node in prop::option::of(prop::sample::select(vec!["cache.r7g.large", "cache.unknown"])),
        replicas in prop::option::of(0u32..=15),
        shards in prop::option::of(1u32..=500),
        acu in prop::option::of((0u32..=64, 2u32..=512)),
        rcu in prop::option::of(1u32..1_000_000),
        iops in prop::option::of(0u32..256_000),
    ) {
        let mut s = s;
        let o = &mut s.overrides;
        o.rds_instance_class = class.map(str::to_string);
        o.aurora_instance_class = class.map(str::to_string);
        o.elasticache_node_type = node.map(str::to_string);
        o.rds_read_replicas = replicas;
        o.aurora_readers = replicas;
        o.elasticache_shards = shards;
        o.elasticache_replicas = replicas.map(|r| r.min(5));
        if let Some((min, max)) = acu {
            let (min, max) = (Decimal::from(min), Decimal::from(max) / Decimal::TWO);
            o.serverless_min_acu = Some(min.min(max));
            o.serverless_max_acu = Some(max.max(Decimal::ONE));
        }
        o.dynamodb_rcu = rcu.map(Decimal::from);
        o.dynamodb_wcu = rcu.map(Decimal::from);
        o.rds_iops = iops.map(Decimal::from);
        s.validate().expect("generated overrides are valid");
        let e = estimate(&s, prices()).unwrap();
        prop_assert!(!e.options.is_empty());
    }

    #[test]
    fn sweep_totals_match_the_estimate(s in scenarios()) {
        // Sweeps price in a lean pass (no labels); at 1x its totals equal the estimate's.
        let mut s = s;
        s.caching.mode = CacheMode::No;
        let e = estimate(&s, prices()).unwrap();
        let sw = sweep(&s, prices(), SweepAxis::Traffic, &[Decimal::ONE]).unwrap();
        prop_assert_eq!(sw.option_ids.len(), e.options.len());
        for (id, m) in sw.option_ids.iter().zip(&sw.points[0].monthly) {
            prop_assert_eq!(*m, monthly(&e, id), "{}", id);
        }
    }

    #[test]
    fn multi_az_never_costs_less_than_single_az(s in scenarios()) {
        let e = estimate(&s, prices()).unwrap();
        for engine in ["postgresql", "mysql", "mariadb", "oracle", "sqlserver"] {
            let single = monthly(&e, &format!("rds-{engine}-single-az"));
            let multi = monthly(&e, &format!("rds-{engine}-multi-az"));
            if let (Some(single), Some(multi)) = (single, multi) {
                prop_assert!(multi >= single, "{engine}: {multi} < {single}");
            }
        }
    }

    #[test]
    fn more_traffic_never_lowers_a_cost(s in scenarios(), k in 100u32..1000) {
        let factor = dec(k, 2);
        let mut more = s.clone();
        more.traffic.reads_per_second *= factor;
        more.traffic.writes_per_second *= factor;
        let (a, b) = (estimate(&s, prices()).unwrap(), estimate(&more, prices()).unwrap());
        for o in &a.options {
            if let (Some(x), Some(y)) = (o.monthly, monthly(&b, &o.id)) {
                prop_assert!(y >= x, "{}: {} -> {} at ×{}", o.id, x, y, factor);
            }
        }
    }

    #[test]
    fn more_data_never_lowers_a_cost(s in scenarios(), k in 100u32..1000) {
        let factor = dec(k, 2);
        let mut more = s.clone();
        more.data.size_gb *= factor;
        let (a, b) = (estimate(&s, prices()).unwrap(), estimate(&more, prices()).unwrap());
        for o in &a.options {
            if let (Some(x), Some(y)) = (o.monthly, monthly(&b, &o.id)) {
                prop_assert!(y >= x, "{}: {} -> {} at ×{}", o.id, x, y, factor);
            }
        }
    }
}
