//! The importer against the hand-written offer files in `testdata/aws-offers/` (us-east-1 list
//! prices as the AWS pricing pages state them, plus the trap SKUs): every mapped price, every
//! skip reason, JSON and CSV agreeing, and the failures on broken files.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use time::macros::date;

use super::*;
use crate::{
    AuroraEdition as Ed, AuroraEngine as Au, CacheEngine as Ce, Capacity, ExtendedSupportYear,
    Payment, RdsDeployment as Dep, RdsEngine as E, ReservedPrice, TableClass as Tc, Term,
    VolumeType as V,
};

const RDS_JSON: &[u8] = include_bytes!("../../testdata/aws-offers/AmazonRDS-us-east-1.json");
const DDB_JSON: &[u8] = include_bytes!("../../testdata/aws-offers/AmazonDynamoDB-us-east-1.json");
const DAX_JSON: &[u8] = include_bytes!("../../testdata/aws-offers/AmazonDAX-us-east-1.json");
const DAX_CSV: &[u8] = include_bytes!("../../testdata/aws-offers/AmazonDAX-us-east-1.csv");
const EC_JSON: &[u8] = include_bytes!("../../testdata/aws-offers/AmazonElastiCache-us-east-1.json");
const RDS_CSV: &[u8] = include_bytes!("../../testdata/aws-offers/AmazonRDS-us-east-1.csv");
const DDB_CSV: &[u8] = include_bytes!("../../testdata/aws-offers/AmazonDynamoDB-us-east-1.csv");
const EC_CSV: &[u8] = include_bytes!("../../testdata/aws-offers/AmazonElastiCache-us-east-1.csv");

const TODAY: Date = date!(2026 - 11 - 26);

fn options() -> ImportOptions {
    ImportOptions {
        region: None,
        name: None,
        today: TODAY,
    }
}

fn run(files: &[(&str, &[u8])]) -> Result<(PriceTable, ImportReport), ImportError> {
    let inputs: Vec<_> = files
        .iter()
        .map(|(name, bytes)| OfferInput {
            name: (*name).to_owned(),
            reader: *bytes,
        })
        .collect();
    import(inputs, options(), &mut |_| {})
}

fn json_all() -> (PriceTable, ImportReport) {
    run(&[
        ("AmazonRDS.json", RDS_JSON),
        ("AmazonDynamoDB.json", DDB_JSON),
        ("AmazonDAX.json", DAX_JSON),
        ("AmazonElastiCache.json", EC_JSON),
    ])
    .unwrap()
}

fn csv_all() -> (PriceTable, ImportReport) {
    run(&[
        ("AmazonRDS.csv", RDS_CSV),
        ("AmazonDynamoDB.csv", DDB_CSV),
        ("AmazonDAX.csv", DAX_CSV),
        ("AmazonElastiCache.csv", EC_CSV),
    ])
    .unwrap()
}

fn reserved(upfront: Decimal, hourly: Decimal) -> ReservedPrice {
    ReservedPrice { upfront, hourly }
}

/// Every price the fixtures state, read back through the engine's lookups.
fn check_prices(t: &PriceTable) {
    // RDS on-demand instances, per engine and deployment ("Multi-AZ (readable standbys)" is
    // the Multi-AZ DB cluster).
    let instance = [
        (E::Postgresql, "db.r6g.large", Dep::SingleAz, dec!(0.225)),
        (E::Postgresql, "db.r6g.large", Dep::MultiAz, dec!(0.45)),
        (E::Postgresql, "db.t4g.micro", Dep::SingleAz, dec!(0.016)),
        (E::Postgresql, "db.t4g.micro", Dep::MultiAz, dec!(0.032)),
        (E::Postgresql, "db.r6gd.large", Dep::SingleAz, dec!(0.261)),
        (
            E::Postgresql,
            "db.r6gd.large",
            Dep::MultiAzCluster,
            dec!(0.783),
        ),
        (E::Mysql, "db.r6g.large", Dep::SingleAz, dec!(0.215)),
        (E::Mysql, "db.r6g.large", Dep::MultiAz, dec!(0.43)),
        (E::Mariadb, "db.r6g.large", Dep::SingleAz, dec!(0.215)),
        (E::OracleSe2Li, "db.m5.large", Dep::SingleAz, dec!(0.544)),
        (E::OracleSe2Byol, "db.m5.large", Dep::SingleAz, dec!(0.178)),
        (E::OracleEeByol, "db.m5.large", Dep::SingleAz, dec!(0.178)),
        (
            E::SqlserverExpress,
            "db.t3.small",
            Dep::SingleAz,
            dec!(0.044),
        ),
        (E::SqlserverWeb, "db.m5.large", Dep::SingleAz, dec!(0.291)),
        (
            E::SqlserverStandard,
            "db.m5.large",
            Dep::MultiAz,
            dec!(1.954),
        ),
        (
            E::SqlserverEnterprise,
            "db.m5.xlarge",
            Dep::SingleAz,
            dec!(3.88),
        ),
    ];
    for (engine, class, dep, price) in instance {
        assert_eq!(
            t.rds_instance_hourly(engine, class, dep),
            Ok(price),
            "{engine:?} {class} {dep:?}"
        );
    }
    // The conflicting pair leaves the slot empty; the Outposts, Local Zone and Oregon SKUs
    // of the same class did not leak in.
    assert!(
        t.rds_instance_hourly(E::Postgresql, "db.m5.large", Dep::SingleAz)
            .is_err()
    );

    // Reserved: upfront + hourly, an absent upfront row is zero, convertible left out.
    let r = |class, dep, term, payment| t.rds_reserved(E::Postgresql, class, dep, term, payment);
    use Payment::*;
    use Term::*;
    assert_eq!(
        r("db.r6g.large", Dep::SingleAz, OneYear, NoUpfront),
        Ok(reserved(dec!(0), dec!(0.158)))
    );
    assert_eq!(
        r("db.r6g.large", Dep::SingleAz, OneYear, PartialUpfront),
        Ok(reserved(dec!(654), dec!(0.075)))
    );
    assert_eq!(
        r("db.r6g.large", Dep::SingleAz, OneYear, AllUpfront),
        Ok(reserved(dec!(1284), dec!(0)))
    );
    assert_eq!(
        r("db.r6g.large", Dep::SingleAz, ThreeYears, AllUpfront),
        Ok(reserved(dec!(2760), dec!(0)))
    );
    assert_eq!(
        r("db.r6g.large", Dep::MultiAz, OneYear, AllUpfront),
        Ok(reserved(dec!(2568), dec!(0)))
    );

    // RDS storage, IOPS, throughput, magnetic I/O (per request → per million), backup.
    let pg = E::Postgresql;
    assert_eq!(
        t.rds_storage_gb_month(pg, V::Gp2, Dep::SingleAz),
        Ok(dec!(0.115))
    );
    assert_eq!(
        t.rds_storage_gb_month(pg, V::Gp2, Dep::MultiAz),
        Ok(dec!(0.23))
    );
    assert_eq!(
        t.rds_storage_gb_month(pg, V::Gp3, Dep::SingleAz),
        Ok(dec!(0.115))
    );
    assert_eq!(
        t.rds_storage_gb_month(pg, V::Gp3, Dep::MultiAz),
        Ok(dec!(0.23))
    );
    assert_eq!(
        t.rds_storage_gb_month(E::Mysql, V::Gp3, Dep::MultiAz),
        Ok(dec!(0.23))
    );
    assert_eq!(
        t.rds_storage_gb_month(pg, V::Io1, Dep::SingleAz),
        Ok(dec!(0.125))
    );
    assert_eq!(
        t.rds_storage_gb_month(pg, V::Io2, Dep::SingleAz),
        Ok(dec!(0.125))
    );
    assert_eq!(
        t.rds_storage_gb_month(pg, V::Magnetic, Dep::SingleAz),
        Ok(dec!(0.1))
    );
    assert_eq!(t.rds_iops_month(pg, V::Gp3, Dep::SingleAz), Ok(dec!(0.02)));
    assert_eq!(t.rds_iops_month(pg, V::Io1, Dep::SingleAz), Ok(dec!(0.1)));
    assert_eq!(t.rds_iops_month(pg, V::Io2, Dep::SingleAz), Ok(dec!(0.1)));
    assert_eq!(
        t.rds_gp3_throughput_mibps_month(pg, Dep::SingleAz),
        Ok(dec!(0.08))
    );
    // $0.0000001 per I/O = $0.10 per million.
    assert_eq!(t.rds_magnetic_io_per_million(pg), Ok(dec!(0.1)));
    // Backup: "Any" engine for all, the Oracle SE2 LI SKU wins for its engine.
    assert_eq!(t.rds_backup_gb_month(pg), Ok(dec!(0.095)));
    assert_eq!(t.rds_backup_gb_month(E::SqlserverWeb), Ok(dec!(0.095)));
    assert_eq!(t.rds_backup_gb_month(E::OracleSe2Li), Ok(dec!(0.1)));
    assert_eq!(
        t.rds_extended_support_vcpu_hour(pg, ExtendedSupportYear::Year1To2),
        Ok(dec!(0.1))
    );
    assert_eq!(
        t.rds_extended_support_vcpu_hour(pg, ExtendedSupportYear::Year3),
        Ok(dec!(0.2))
    );
    let class = t.db_instance_class("db.r6g.large").unwrap();
    assert_eq!((class.vcpu, class.memory_gib.get()), (2, dec!(16)));

    // Aurora: Standard vs I/O-Optimized from the usage type.
    for engine in Au::ALL {
        assert_eq!(
            t.aurora_instance_hourly(engine, "db.r6g.large", Ed::Standard),
            Ok(dec!(0.26))
        );
        assert_eq!(
            t.aurora_instance_hourly(engine, "db.r6g.large", Ed::IoOptimized),
            Ok(dec!(0.338))
        );
        assert_eq!(
            t.aurora_storage_gb_month(engine, Ed::Standard),
            Ok(dec!(0.1))
        );
        assert_eq!(
            t.aurora_storage_gb_month(engine, Ed::IoOptimized),
            Ok(dec!(0.225))
        );
        // $0.0000002 per I/O = $0.20 per million.
        assert_eq!(t.aurora_io_per_million(engine), Ok(dec!(0.2)));
        assert_eq!(t.aurora_backup_gb_month(engine), Ok(dec!(0.021)));
        assert_eq!(t.aurora_global_write_io_per_million(engine), Ok(dec!(0.2)));
        assert_eq!(
            t.aurora_serverless_v2_acu_hour(engine, Ed::Standard),
            Ok(dec!(0.12))
        );
    }
    assert_eq!(
        t.aurora_serverless_v2_acu_hour(Au::Postgresql, Ed::IoOptimized),
        Ok(dec!(0.16))
    );
    // $0.000000012 per change record = $0.012 per million.
    assert_eq!(
        t.aurora_backtrack_per_million_change_records(Au::Mysql),
        Ok(dec!(0.012))
    );
    assert_eq!(
        t.aurora_reserved(
            Au::Postgresql,
            "db.r6g.large",
            Ed::Standard,
            OneYear,
            NoUpfront
        ),
        Ok(reserved(dec!(0), dec!(0.181)))
    );
    assert_eq!(
        t.aurora_reserved(
            Au::Postgresql,
            "db.r6g.large",
            Ed::Standard,
            ThreeYears,
            AllUpfront
        ),
        Ok(reserved(dec!(3405), dec!(0)))
    );
    assert_eq!(
        t.aurora_reserved(
            Au::Postgresql,
            "db.r6g.large",
            Ed::IoOptimized,
            OneYear,
            AllUpfront
        ),
        Ok(reserved(dec!(2052), dec!(0)))
    );
    assert_eq!(
        t.aurora_extended_support_vcpu_hour(Au::Postgresql, ExtendedSupportYear::Year3),
        Ok(dec!(0.2))
    );

    // DynamoDB: per request unit → per million; free tiers out, paid tier kept.
    assert_eq!(
        t.dynamodb_on_demand_write_per_million(Tc::Standard),
        Ok(dec!(0.625))
    );
    assert_eq!(
        t.dynamodb_on_demand_read_per_million(Tc::Standard),
        Ok(dec!(0.125))
    );
    assert_eq!(
        t.dynamodb_on_demand_write_per_million(Tc::StandardIa),
        Ok(dec!(0.78))
    );
    assert_eq!(
        t.dynamodb_on_demand_read_per_million(Tc::StandardIa),
        Ok(dec!(0.155))
    );
    assert_eq!(
        t.dynamodb_provisioned_wcu_hour(Tc::Standard),
        Ok(dec!(0.00065))
    );
    assert_eq!(
        t.dynamodb_provisioned_rcu_hour(Tc::Standard),
        Ok(dec!(0.00013))
    );
    assert_eq!(
        t.dynamodb_provisioned_wcu_hour(Tc::StandardIa),
        Ok(dec!(0.00081))
    );
    assert_eq!(
        t.dynamodb_provisioned_rcu_hour(Tc::StandardIa),
        Ok(dec!(0.00016))
    );
    assert_eq!(t.dynamodb_storage_gb_month(Tc::Standard), Ok(dec!(0.25)));
    assert_eq!(t.dynamodb_storage_gb_month(Tc::StandardIa), Ok(dec!(0.1)));
    assert_eq!(
        t.dynamodb_replicated_write_per_million(Tc::Standard),
        Ok(dec!(0.625))
    );
    assert_eq!(
        t.dynamodb_replicated_wcu_hour(Tc::Standard),
        Ok(dec!(0.00065))
    );
    assert_eq!(t.dynamodb_pitr_gb_month(), Ok(dec!(0.2)));
    assert_eq!(t.dynamodb_backup_gb_month(), Ok(dec!(0.1)));
    assert_eq!(t.dynamodb_restore_per_gb(), Ok(dec!(0.15)));
    // $0.0000002 per request after the free 2.5 million = $0.02 per 100,000.
    assert_eq!(t.dynamodb_streams_read_per_100k(), Ok(dec!(0.02)));
    // Reserved capacity: the offer prices one unit, the schema 100 ($150 + $0.0128/h per
    // 100 WCU for one year, as the DynamoDB pricing page states it).
    assert_eq!(
        t.dynamodb_reserved_per_100(Tc::Standard, Capacity::Write, OneYear),
        Ok(reserved(dec!(150), dec!(0.0128)))
    );
    assert_eq!(
        t.dynamodb_reserved_per_100(Tc::Standard, Capacity::Write, ThreeYears),
        Ok(reserved(dec!(180), dec!(0.0081)))
    );
    assert_eq!(
        t.dynamodb_reserved_per_100(Tc::Standard, Capacity::Read, OneYear),
        Ok(reserved(dec!(30), dec!(0.0025)))
    );
    assert_eq!(t.dax_node_hourly("dax.r5.large"), Ok(dec!(0.269)));
    assert_eq!(t.dax_node_hourly("dax.t3.small"), Ok(dec!(0.04)));
    let dax = t.dax_node("dax.r5.large").unwrap();
    assert_eq!((dax.vcpu, dax.memory_gib.get()), (2, dec!(16)));

    // ElastiCache: the SyncDurability and Extended Support SKUs of cache.r7g.large did not
    // touch the node price.
    let node = [
        (Ce::Valkey, "cache.r7g.large", dec!(0.1752)),
        (Ce::RedisOss, "cache.r7g.large", dec!(0.219)),
        (Ce::Memcached, "cache.r7g.large", dec!(0.219)),
        (Ce::Valkey, "cache.t4g.micro", dec!(0.0128)),
        (Ce::RedisOss, "cache.t4g.micro", dec!(0.016)),
        (Ce::Memcached, "cache.t4g.micro", dec!(0.016)),
        (Ce::RedisOss, "cache.r6gd.xlarge", dec!(0.781)),
    ];
    for (engine, node_type, price) in node {
        assert_eq!(
            t.elasticache_node_hourly(engine, node_type),
            Ok(price),
            "{engine:?} {node_type}"
        );
    }
    let nt = t.elasticache_node_type("cache.r7g.large").unwrap();
    assert_eq!((nt.vcpu, nt.memory_gib.get()), (2, dec!(13.07)));
    assert_eq!(
        t.elasticache_reserved(Ce::RedisOss, "cache.r7g.large", OneYear, PartialUpfront),
        Ok(reserved(dec!(630), dec!(0.072)))
    );
    assert_eq!(
        t.elasticache_reserved(Ce::RedisOss, "cache.r7g.large", OneYear, NoUpfront),
        Ok(reserved(dec!(0), dec!(0.147)))
    );
    assert_eq!(
        t.elasticache_reserved(Ce::RedisOss, "cache.r7g.large", ThreeYears, AllUpfront),
        Ok(reserved(dec!(2877), dec!(0)))
    );
    assert_eq!(
        t.elasticache_reserved(Ce::Valkey, "cache.r7g.large", OneYear, AllUpfront),
        Ok(reserved(dec!(1150), dec!(0)))
    );
    // $0.0000000023 per ECPU = $0.0023 per million.
    assert_eq!(
        t.elasticache_serverless_ecpu_per_million(Ce::Valkey),
        Ok(dec!(0.0023))
    );
    assert_eq!(
        t.elasticache_serverless_ecpu_per_million(Ce::RedisOss),
        Ok(dec!(0.0034))
    );
    assert_eq!(
        t.elasticache_serverless_storage_gb_hour(Ce::Valkey),
        Ok(dec!(0.084))
    );
    assert_eq!(
        t.elasticache_serverless_storage_gb_hour(Ce::Memcached),
        Ok(dec!(0.125))
    );
    assert_eq!(
        t.elasticache_serverless_minimum_storage_gb(Ce::Valkey),
        Ok(dec!(0.1))
    );
    assert_eq!(
        t.elasticache_serverless_minimum_storage_gb(Ce::RedisOss),
        Ok(dec!(1))
    );
    for engine in Ce::ALL {
        assert_eq!(t.elasticache_backup_gb_month(engine), Ok(dec!(0.085)));
    }
}

#[test]
fn json_fixtures_give_every_published_price() {
    let (table, report) = json_all();
    check_prices(&table);
    assert_eq!(table.region.as_str(), "us-east-1");
    assert_eq!(table.currency.as_str(), "USD");
    // The oldest of the four publication dates.
    assert_eq!(table.publication_date, Some(date!(2026 - 11 - 18)));
    assert_eq!(table.effective_date, date!(2026 - 11 - 18));
    assert_eq!(
        table.source.as_deref(),
        Some(
            "AWS Price List Bulk API offer files: AmazonRDS version 20261120174542 \
             (AmazonRDS.json), AmazonDynamoDB version 20261118101500 (AmazonDynamoDB.json), \
             AmazonDAX version 20261119080000 (AmazonDAX.json), \
             AmazonElastiCache version 20261119093000 (AmazonElastiCache.json)"
        )
    );
    assert_eq!(
        table.name,
        "AWS us-east-1 list prices, published 2026-11-18"
    );
    assert!(report.region_inferred);
}

#[test]
fn csv_fixtures_give_the_same_table_as_json() {
    let (mut from_json, json_report) = json_all();
    let (mut from_csv, csv_report) = csv_all();
    check_prices(&from_csv);
    // The source names the files, which differ; everything else must be identical.
    from_json.source = None;
    from_csv.source = None;
    assert_eq!(canonical_json(&from_json), canonical_json(&from_csv));
    let counts = |r: &ImportReport| {
        (
            r.skus_read,
            r.skus_mapped,
            r.skipped.clone(),
            r.rows_skipped.clone(),
            r.not_in_schema.clone(),
            r.conflicts.clone(),
            r.missing.clone(),
        )
    };
    assert_eq!(counts(&json_report), counts(&csv_report));
}

#[test]
fn report_counts_every_skip_reason() {
    let (_, report) = json_all();
    // 60 RDS + 20 DynamoDB + 2 DAX + 23 ElastiCache SKUs in the fixtures.
    assert_eq!(report.skus_read, 105);
    assert_eq!(report.skus_mapped, 88);
    assert_eq!(report.skus_mapped_without_price, 0);
    let skipped: BTreeMap<SkipReason, u64> = [
        (SkipReason::Outposts, 2),             // RDSOUTPOSTS00023, ECOUTPOSTS000013
        (SkipReason::LocalZone, 3), // RDSLOCALZONE0024, DDBLOCALZONE0021, ECLOCALZONE00014
        (SkipReason::OtherRegion, 3), // the three us-west-2 SKUs
        (SkipReason::SyncDurability, 1), // ECSYNCDURAB00011
        (SkipReason::ExtendedSupportAddOn, 1), // ECEXTSUPPORT0012
        (SkipReason::NotInSchema, 7),
    ]
    .into();
    assert_eq!(report.skipped, skipped);
    let not_in_schema: Vec<&str> = report.not_in_schema.keys().map(String::as_str).collect();
    assert_eq!(
        not_in_schema,
        [
            "Amazon DynamoDB Export Data Size: usagetype ExportDataSize-Bytes",
            "Amazon DynamoDB Kinesis Data Streams: usagetype ChangeDataCaptureUnits-Kinesis",
            "Database Instance: Oracle Enterprise (License included)",
            "Database Instance: databaseEngine Db2",
            "Database Instance: deploymentOption Multi-AZ (SQL Server Mirror)",
            "Limitless: usagetype Aurora:LimitlessUsage",
            "Performance Insights: usagetype PI_LTR:FreeTier-Retention",
        ]
    );
    let rows: BTreeMap<RowSkipReason, u64> = [
        // DynamoDB WCU, RCU, storage and Streams free tiers.
        (RowSkipReason::FreeTier, 4),
        // Two rows (upfront + hourly) of the one convertible offering.
        (RowSkipReason::ConvertibleReservation, 2),
    ]
    .into();
    assert_eq!(report.rows_skipped, rows);
    assert_eq!(
        report.conflicts,
        [Conflict {
            slot: "rds.engines.postgresql.instances[db.m5.large].hourly.single_az".into(),
            candidates: vec![
                ("RDSPG0M5LGSAZ008".into(), "0.178".into()),
                ("RDSPG0M5LGSAZ009".into(), "0.171".into()),
            ],
        }]
    );
    assert!(report.tiers.is_empty());
    for missing in [
        "data_transfer (in the AWSDataTransfer offer, not imported)",
        "rds.engines.mysql.reserved",
        "rds.engines.mariadb.storage.gp2",
        "aurora.engines.mysql.serverless_v2_acu_hour.io_optimized",
        "dynamodb.free_tier (allowances, not prices: add them by hand)",
        "elasticache.engines.memcached.reserved",
    ] {
        assert!(report.missing.iter().any(|m| m == missing), "{missing}");
    }
    for present in ["rds.engines.postgresql.reserved", "dynamodb.dax"] {
        assert!(
            !report.missing.iter().any(|m| m.starts_with(present)),
            "{present}"
        );
    }
    let text = report.to_string();
    assert!(text.contains("SKUs read: 105, mapped: 88"), "{text}");
    assert!(text.contains("skipped sync_durability: 1"), "{text}");
}

#[test]
fn dynamodb_without_the_dax_offer_says_where_dax_prices_are() {
    let (table, report) = run(&[("AmazonDynamoDB.json", DDB_JSON)]).unwrap();
    assert!(table.dynamodb.as_ref().is_some_and(|d| d.dax.is_none()));
    assert!(
        report
            .missing
            .iter()
            .any(|m| m == "dynamodb.dax (in the AmazonDAX offer, not imported)"),
        "{:?}",
        report.missing
    );
}

#[test]
fn the_table_is_stored_as_is() {
    let (table, _) = json_all();
    let reparsed = crate::parse(&canonical_json(&table), TODAY).unwrap();
    assert_eq!(content_hash_of(&reparsed), content_hash_of(&table));
}

fn content_hash_of(t: &PriceTable) -> String {
    crate::content_hash(t)
}

#[test]
fn progress_reports_every_byte() {
    let mut seen = Vec::new();
    let inputs = vec![
        OfferInput {
            name: "rds".into(),
            reader: RDS_JSON,
        },
        OfferInput {
            name: "ddb".into(),
            reader: DDB_CSV,
        },
    ];
    let (_, report) = import(inputs, options(), &mut |b| seen.push(b)).unwrap();
    let total = (RDS_JSON.len() + DDB_CSV.len()) as u64;
    assert_eq!(seen.last(), Some(&total));
    assert!(seen.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(
        report.files.iter().map(|f| f.bytes).sum::<u64>(),
        total,
        "{:?}",
        report.files
    );
}

#[test]
fn a_region_given_keeps_only_that_region() {
    let inputs = vec![OfferInput {
        name: "rds".into(),
        reader: RDS_JSON,
    }];
    let opts = ImportOptions {
        region: Some(Region::parse("us-west-2").unwrap()),
        ..options()
    };
    let (table, report) = import(inputs, opts, &mut |_| {}).unwrap();
    assert!(!report.region_inferred);
    assert_eq!(
        table.rds_instance_hourly(E::Postgresql, "db.r6g.large", Dep::SingleAz),
        Ok(dec!(0.225))
    );
    assert!(
        table
            .rds_instance_hourly(E::Mysql, "db.r6g.large", Dep::SingleAz)
            .is_err()
    );
}

#[test]
fn truncated_json_fails_at_its_end() {
    let cut = RDS_JSON.len() * 2 / 3;
    let err = run(&[("cut.json", &RDS_JSON[..cut])]).unwrap_err();
    match err {
        ImportError::Json { file, offset, .. } => {
            assert_eq!(file, "cut.json");
            assert_eq!(offset, cut as u64);
        }
        other => panic!("expected a JSON error, got {other}"),
    }
}

#[test]
fn malformed_json_fails_at_the_offending_byte() {
    let text = std::str::from_utf8(RDS_JSON).unwrap();
    // Break the first `"productFamily": ...,` by dropping its comma.
    let at = text
        .find("\"productFamily\": \"Database Instance\",")
        .unwrap()
        + "\"productFamily\": \"Database Instance\"".len();
    let broken = format!("{}{}", &text[..at], &text[at + 1..]);
    let err = run(&[("bad.json", broken.as_bytes())]).unwrap_err();
    let ImportError::Json {
        offset, message, ..
    } = err
    else {
        panic!("expected a JSON error, got {err}");
    };
    // serde_json stops on the first byte after the missing comma that cannot follow a value:
    // the quote opening "attributes" on the next line.
    let next_quote = broken[at..].find('"').unwrap() + at;
    assert_eq!(offset, next_quote as u64 + 1, "{message}");
    assert!(message.contains("expected"), "{message}");
}

#[test]
fn a_bad_price_fails_with_its_location() {
    let text = std::str::from_utf8(RDS_CSV).unwrap();
    let broken = text.replacen("\"0.2250000000\"", "\"0.22.5\"", 1);
    let line = text[..text.find("\"0.2250000000\"").unwrap()]
        .lines()
        .count() as u64;
    let err = run(&[("bad.csv", broken.as_bytes())]).unwrap_err();
    let ImportError::Csv {
        line: at, message, ..
    } = err
    else {
        panic!("expected a CSV error, got {err}");
    };
    assert_eq!(at, line);
    assert!(message.contains("RDSPG0R6GLSAZ001"), "{message}");

    let json = std::str::from_utf8(RDS_JSON)
        .unwrap()
        .replacen("\"0.2250000000\"", "\"-0.225\"", 1);
    let err = run(&[("bad.json", json.as_bytes())]).unwrap_err();
    assert!(
        matches!(&err, ImportError::Json { message, .. } if message.contains("negative")),
        "{err}"
    );
}

#[test]
fn truncated_csv_fails_with_the_line() {
    let text = std::str::from_utf8(RDS_CSV).unwrap();
    let cut = text.len() - 100;
    let lines = text[..cut].lines().count() as u64;
    let err = run(&[("cut.csv", &RDS_CSV[..cut])]).unwrap_err();
    let ImportError::Csv { line, message, .. } = err else {
        panic!("expected a CSV error, got {err}");
    };
    assert_eq!(line, lines, "{message}");
    assert!(message.contains("truncated"), "{message}");
}

#[test]
fn other_offers_and_other_files_are_refused() {
    let ec2 = br#"{"formatVersion":"v1.0","offerCode":"AmazonEC2","version":"1","products":{}}"#;
    assert!(matches!(
        run(&[("ec2.json", ec2)]),
        Err(ImportError::UnsupportedOffer { code, .. }) if code == "AmazonEC2"
    ));
    let csv = b"\"FormatVersion\",\"v1.0\"\n\"Disclaimer\",\"x\"\n\"Publication Date\",\"2026-11-20T00:00:00Z\"\n\"Version\",\"1\"\n\"OfferCode\",\"AmazonS3\"\n\"SKU\",\"OfferTermCode\",\"RateCode\",\"TermType\",\"PriceDescription\",\"EffectiveDate\",\"StartingRange\",\"EndingRange\",\"Unit\",\"PricePerUnit\",\"Currency\"\n";
    assert!(matches!(
        run(&[("s3.csv", csv)]),
        Err(ImportError::UnsupportedOffer { code, .. }) if code == "AmazonS3"
    ));
    assert!(matches!(run(&[]), Err(ImportError::NoFiles)));
    let terms_first = br#"{"offerCode":"AmazonRDS","terms":{},"products":{}}"#;
    assert!(matches!(
        run(&[("x.json", terms_first)]),
        Err(ImportError::Json { message, .. }) if message.contains("before")
    ));
}

/// A minimal AmazonDynamoDB offer with one SKU and the given on-demand price dimensions.
fn dynamo_offer(dimensions: &str) -> String {
    format!(
        r#"{{"formatVersion":"v1.0","offerCode":"AmazonDynamoDB","version":"1",
        "publicationDate":"2026-11-01T00:00:00Z",
        "products":{{"S1":{{"sku":"S1","productFamily":"Database Storage","attributes":{{
            "servicecode":"AmazonDynamoDB","locationType":"AWS Region","regionCode":"us-east-1",
            "usagetype":"TimedStorage-ByteHrs"}}}}}},
        "terms":{{"OnDemand":{{"S1":{{"S1.JRTCKXETXF":{{"offerTermCode":"JRTCKXETXF","sku":"S1",
            "priceDimensions":{{{dimensions}}},"termAttributes":{{}}}}}}}}}}}}"#
    )
}

fn dim(rate: &str, begin: &str, end: &str, price: &str) -> String {
    format!(
        r#""{rate}":{{"rateCode":"{rate}","description":"","beginRange":"{begin}","endRange":"{end}","unit":"GB-Mo","pricePerUnit":{{"USD":"{price}"}}}}"#
    )
}

#[test]
fn tiers_keep_the_first_paid_tier_and_report_the_rest() {
    // Listed in reverse order: the choice must not depend on the order of the rows.
    let dims = [
        dim("c", "1000", "Inf", "0.20"),
        dim("b", "25", "1000", "0.25"),
        dim("a", "0", "25", "0"),
    ]
    .join(",");
    let offer = dynamo_offer(&dims);
    let (_, report) = run(&[("t.json", offer.as_bytes())]).unwrap();
    assert_eq!(
        report.tiers,
        [TierChoice {
            sku: "S1".into(),
            slot: "dynamodb.table_classes.standard.storage_gb_month".into(),
            kept_from: "25".into(),
            dropped: 1,
        }]
    );
    assert_eq!(report.rows_skipped.get(&RowSkipReason::FreeTier), Some(&1));
    assert_eq!(report.rows_skipped.get(&RowSkipReason::ExtraTier), Some(&1));
    // The class is incomplete (storage alone), so it is left out and noted.
    assert!(report.notes.iter().any(|n| n.contains("standard left out")));
}

#[test]
fn two_prices_for_one_range_of_one_sku_are_a_conflict() {
    let dims = [dim("a", "0", "Inf", "0.25"), dim("b", "0", "Inf", "0.30")].join(",");
    let offer = dynamo_offer(&dims);
    let (_, report) = run(&[("t.json", offer.as_bytes())]).unwrap();
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(report.skus_mapped_without_price, 1);
}

#[test]
fn a_unit_we_do_not_expect_is_left_out() {
    let dims = dim("a", "0", "Inf", "0.25").replace("GB-Mo", "TB-Mo");
    let offer = dynamo_offer(&dims);
    let (_, report) = run(&[("t.json", offer.as_bytes())]).unwrap();
    assert_eq!(
        report.rows_skipped.get(&RowSkipReason::UnexpectedUnit),
        Some(&1)
    );
}

#[test]
fn the_report_serializes_for_the_api() {
    let (_, report) = json_all();
    let value = serde_json::to_value(&report).unwrap();
    assert_eq!(value["skipped"]["outposts"], 2);
    assert_eq!(value["rows_skipped"]["free_tier"], 4);
    assert_eq!(value["skus_read"], 105);
}

#[test]
fn unknown_sections_are_read_member_by_member_and_checked() {
    let ok = dynamo_offer(&dim("a", "0", "Inf", "0.25")).replacen(
        '{',
        r#"{"attributesList":{"a":{"b":[1,2]},"c":"d"},"#,
        1,
    );
    assert!(run(&[("x.json", ok.as_bytes())]).is_ok());
    let bad = dynamo_offer(&dim("a", "0", "Inf", "0.25")).replacen(
        '{',
        r#"{"attributesList":{"a":{"b" [1,2]}},"#,
        1,
    );
    let err = run(&[("x.json", bad.as_bytes())]).unwrap_err();
    let ImportError::Json { offset, .. } = err else {
        panic!("expected a JSON error, got {err}");
    };
    // The `[` where a `:` was due (1-based).
    assert_eq!(offset, bad.find("[1").unwrap() as u64 + 1);
}

/// An offer file that never ends inside one value: `prefix` then `a` forever.
fn endless(
    prefix: &'static [u8],
) -> OfferInput<io::BufReader<io::Chain<&'static [u8], io::Repeat>>> {
    OfferInput {
        name: "endless".to_owned(),
        reader: io::BufReader::new(prefix.chain(io::repeat(b'a'))),
    }
}

#[test]
fn one_endless_json_value_fails_at_the_entry_limit() {
    // Without the limit the importer would buffer the string until memory runs out.
    let mut read = 0;
    let err = import(
        vec![endless(br#"{"disclaimer": ""#)],
        options(),
        &mut |bytes| read = bytes,
    )
    .unwrap_err();
    let ImportError::Json {
        offset, message, ..
    } = err
    else {
        panic!("expected a JSON error, got {err}");
    };
    // The string opens at byte 16 (1-based).
    assert_eq!(offset, 16, "{message}");
    assert!(message.contains("longer than 8 MiB"), "{message}");
    assert!(read <= 2 * MAX_ENTRY_BYTES as u64, "read {read} bytes");
}

#[test]
fn one_endless_csv_record_fails_at_the_entry_limit() {
    let mut read = 0;
    let err = import(
        vec![endless(b"\"FormatVersion\",\"v1.0\"\n\"Disclaimer\",\"")],
        options(),
        &mut |bytes| read = bytes,
    )
    .unwrap_err();
    let ImportError::Csv { line, message, .. } = err else {
        panic!("expected a CSV error, got {err}");
    };
    assert_eq!(line, 2, "{message}");
    assert!(message.contains("longer than 8 MiB"), "{message}");
    assert!(read <= 2 * MAX_ENTRY_BYTES as u64, "read {read} bytes");
}

/// A reader that gives `data`, then fails as a request body over the server's limit does.
struct FailsAfter(&'static [u8]);

impl Read for FailsAfter {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.0.is_empty() {
            return Err(io::Error::other("length limit exceeded"));
        }
        let n = self.0.len().min(buf.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn a_read_failure_is_an_io_error_in_csv_as_in_json() {
    // The server answers 413 on exactly this error, whichever the format.
    for (name, data) in [
        ("cut.csv", &RDS_CSV[..2000]),
        ("cut.json", &RDS_JSON[..2000]),
    ] {
        let input = OfferInput {
            name: name.to_owned(),
            reader: io::BufReader::new(FailsAfter(data)),
        };
        match import(vec![input], options(), &mut |_| {}).unwrap_err() {
            ImportError::Io {
                file,
                offset,
                message,
            } => {
                assert_eq!(file, name);
                assert!(message.contains("length limit"), "{message}");
                assert!(offset <= 2000, "{offset}");
            }
            other => panic!("{name}: expected an I/O error, got {other}"),
        }
    }
}
