//! The price-table snapshots shipped inside the crate.
//!
//! The server loads them into an empty database on first start, so dbcost works out of the
//! box. They are real AWS list prices as of their `effective_date` (sources in
//! `pricing-data/README.md`), and they age like any other table: the stale flag fires on them
//! once they are older than the configured threshold.

/// `(file name, JSON text)` of every bundled snapshot, in a stable order.
pub const BUNDLED: [(&str, &str); 2] = [
    (
        "aws-us-east-1.json",
        include_str!("../snapshots/aws-us-east-1.json"),
    ),
    (
        "aws-eu-west-1.json",
        include_str!("../snapshots/aws-eu-west-1.json"),
    ),
];

/// `(file name, JSON text)` of every bundled snapshot. Parse each with [`crate::parse`].
pub fn bundled() -> Vec<(&'static str, &'static str)> {
    BUNDLED.to_vec()
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;
    use time::macros::date;

    use super::*;
    use crate::{
        AuroraEdition, AuroraEngine, CacheEngine, RdsDeployment, RdsEngine, TableClass, VolumeType,
        canonical_json, content_hash, diff, parse,
    };

    const TODAY: time::Date = date!(2026 - 11 - 26);

    #[test]
    fn every_snapshot_parses_and_round_trips() {
        for (file, json) in bundled() {
            let table = parse(json, TODAY).unwrap_or_else(|errors| {
                panic!(
                    "{file}: {}",
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            });
            assert!(
                file.contains(table.region.as_str()),
                "{file} holds {}",
                table.region
            );
            let canonical = canonical_json(&table);
            let again = parse(&canonical, TODAY).unwrap();
            assert_eq!(
                again, table,
                "{file}: canonical JSON does not parse back to the same table"
            );
            assert_eq!(content_hash(&again), content_hash(&table));
            assert!(diff(&table, &again).is_empty());
        }
    }

    #[test]
    fn snapshots_differ_and_hash_differently() {
        let [(_, us), (_, eu)] = BUNDLED;
        let us = parse(us, TODAY).unwrap();
        let eu = parse(eu, TODAY).unwrap();
        assert_ne!(content_hash(&us), content_hash(&eu));
        assert!(!diff(&us, &eu).is_empty());
    }

    #[test]
    fn us_east_1_covers_every_family() {
        let t = parse(BUNDLED[0].1, TODAY).unwrap();
        // Figures quoted on AWS's pricing pages (see README for sources).
        assert_eq!(
            t.rds_instance_hourly(
                RdsEngine::Postgresql,
                "db.t4g.micro",
                RdsDeployment::SingleAz
            ),
            Ok(dec!(0.016))
        );
        assert_eq!(
            t.rds_instance_hourly(
                RdsEngine::Postgresql,
                "db.t4g.micro",
                RdsDeployment::MultiAz
            ),
            Ok(dec!(0.032))
        );
        assert_eq!(
            t.rds_storage_gb_month(
                RdsEngine::Postgresql,
                VolumeType::Gp3,
                RdsDeployment::SingleAz
            ),
            Ok(dec!(0.115))
        );
        assert_eq!(
            t.aurora_io_per_million(AuroraEngine::Postgresql),
            Ok(dec!(0.20))
        );
        assert_eq!(
            t.aurora_storage_gb_month(AuroraEngine::Mysql, AuroraEdition::IoOptimized),
            Ok(dec!(0.225))
        );
        assert_eq!(
            t.dynamodb_on_demand_write_per_million(TableClass::Standard),
            Ok(dec!(0.625))
        );
        assert_eq!(
            t.dynamodb_on_demand_read_per_million(TableClass::Standard),
            Ok(dec!(0.125))
        );
        assert_eq!(
            t.elasticache_serverless_ecpu_per_million(CacheEngine::Valkey),
            Ok(dec!(0.0023))
        );
        assert_eq!(
            t.elasticache_serverless_minimum_storage_gb(CacheEngine::RedisOss),
            Ok(dec!(1))
        );
        assert!(t.dax_node("dax.r5.large").is_ok());
        // Every RDS and Aurora class priced is in the catalog, so sizing can read its vCPU and memory.
        for engine in RdsEngine::ALL {
            let Some(prices) = t.rds.as_ref().and_then(|r| r.engines.get(engine)) else {
                continue;
            };
            for i in &prices.instances {
                assert!(
                    t.db_instance_class(&i.class).is_ok(),
                    "{} missing from catalog",
                    i.class
                );
            }
        }
        for engine in [
            CacheEngine::Valkey,
            CacheEngine::RedisOss,
            CacheEngine::Memcached,
        ] {
            let prices = t
                .elasticache
                .as_ref()
                .and_then(|e| e.engines.get(engine))
                .unwrap();
            for n in &prices.nodes {
                assert!(
                    t.elasticache_node_type(&n.node_type).is_ok(),
                    "{} missing from catalog",
                    n.node_type
                );
            }
        }
    }

    #[test]
    fn snapshots_are_dated_and_go_stale() {
        for (file, json) in bundled() {
            let t = parse(json, TODAY).unwrap();
            assert!(
                !t.is_stale(t.effective_date, crate::DEFAULT_STALE_AFTER_DAYS),
                "{file}"
            );
            assert!(
                t.is_stale(TODAY, crate::DEFAULT_STALE_AFTER_DAYS),
                "{file} is older than 90 days on {TODAY}"
            );
        }
    }
}
