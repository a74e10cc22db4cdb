//! The one way the engine asks a table for a price: a method returning
//! `Result<Decimal, MissingPrice>`.
//!
//! A price the table does not hold is never a zero: it is a [`MissingPrice`] naming the family,
//! the dimension (what is being priced) and the key (engine/class/deployment…), so an estimate can
//! report the option as "not priced" and say exactly which figure to add. Family-specific lookups
//! live beside their types (`rds.rs`, `aurora.rs`, `dynamodb.rs`, `elasticache.rs`); the shared
//! ones are here.

use std::fmt;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::price::Price;
use crate::table::{DbInstanceClass, PriceTable};

/// The section of a price table a price belongs to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    Rds,
    Aurora,
    Dynamodb,
    Elasticache,
    /// `data_transfer` and `db_instance_classes`, shared by all families.
    Common,
}

impl Family {
    /// The JSON key of the section.
    pub fn key(self) -> &'static str {
        match self {
            Self::Rds => "rds",
            Self::Aurora => "aurora",
            Self::Dynamodb => "dynamodb",
            Self::Elasticache => "elasticache",
            Self::Common => "common",
        }
    }
}

/// A price (or catalog entry) the table does not hold.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, thiserror::Error,
)]
pub struct MissingPrice {
    /// Section of the table, e.g. `rds`.
    pub family: Family,
    /// What is priced, e.g. `instance_hourly`.
    pub dimension: String,
    /// Which one, slash-separated, e.g. `postgresql/db.r6g.large/multi_az`.
    pub key: String,
}

impl MissingPrice {
    /// A missing price in `family` for `dimension` at `key`.
    pub fn new(family: Family, dimension: &str, key: &str) -> Self {
        Self {
            family,
            dimension: dimension.to_owned(),
            key: key.to_owned(),
        }
    }
}

impl fmt::Display for MissingPrice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the price table has no {} {} price for {}",
            self.family.key(),
            self.dimension,
            self.key
        )
    }
}

/// A missing price whose key, `parts` joined by `/`, is written out only now, on the miss:
/// lookups that find their price never build (or allocate) a key. Joined rather than
/// formatted: a default estimate meets a dozen missing prices.
pub(crate) fn missing_keyed(family: Family, dimension: &str, parts: &[&str]) -> MissingPrice {
    MissingPrice {
        family,
        dimension: dimension.to_owned(),
        key: parts.join("/"),
    }
}

/// Turns an optional price into the lookup result.
pub(crate) fn found(
    price: Option<Price>,
    family: Family,
    dimension: &str,
    key: &str,
) -> Result<Decimal, MissingPrice> {
    price
        .map(Price::get)
        .ok_or_else(|| MissingPrice::new(family, dimension, key))
}

/// Lookups shared by every family.
impl PriceTable {
    /// Hours in a billing month (730 unless the table says otherwise).
    pub fn hours_per_month(&self) -> Decimal {
        self.hours_per_month.get()
    }

    /// vCPU and memory of a `db.*` instance class (RDS and Aurora).
    pub fn db_instance_class(&self, class: &str) -> Result<&DbInstanceClass, MissingPrice> {
        self.db_instance_classes
            .iter()
            .find(|c| c.class == class)
            .ok_or_else(|| MissingPrice::new(Family::Common, "db_instance_class", class))
    }

    /// Data transfer out to the internet, per GB.
    pub fn data_transfer_internet_out_per_gb(&self) -> Result<Decimal, MissingPrice> {
        found(
            self.data_transfer.as_ref().map(|d| d.internet_out_per_gb),
            Family::Common,
            "data_transfer",
            "internet_out_per_gb",
        )
    }

    /// Data transfer out to another AWS region, per GB.
    pub fn data_transfer_inter_region_out_per_gb(&self) -> Result<Decimal, MissingPrice> {
        found(
            self.data_transfer
                .as_ref()
                .map(|d| d.inter_region_out_per_gb),
            Family::Common,
            "data_transfer",
            "inter_region_out_per_gb",
        )
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;
    use time::macros::date;

    use super::*;
    use crate::{
        AuroraEdition as Ed, AuroraEngine, CacheEngine, Capacity, ExtendedSupportYear, Payment,
        RdsDeployment as Dep, RdsEngine as Eng, TableClass, Term, VolumeType as Vol, parse,
    };

    const SMALL: &str = include_str!("testdata/small.json");

    fn small() -> PriceTable {
        parse(SMALL, date!(2026 - 11 - 26)).unwrap()
    }

    fn missing(family: Family, dimension: &str, key: &str) -> Result<Decimal, MissingPrice> {
        Err(MissingPrice::new(family, dimension, key))
    }

    #[test]
    fn rds_lookups() {
        let t = small();
        let pg = Eng::Postgresql;
        let cases: Vec<(Result<Decimal, MissingPrice>, Result<Decimal, MissingPrice>)> = vec![
            (
                t.rds_instance_hourly(pg, "db.r6g.large", Dep::MultiAz),
                Ok(dec!(0.45)),
            ),
            (
                t.rds_instance_hourly(pg, "db.t4g.micro", Dep::SingleAz),
                Ok(dec!(0.016)),
            ),
            (
                t.rds_instance_hourly(pg, "db.r6g.large", Dep::MultiAzCluster),
                missing(
                    Family::Rds,
                    "instance_hourly",
                    "postgresql/db.r6g.large/multi_az_cluster",
                ),
            ),
            (
                t.rds_instance_hourly(Eng::Mysql, "db.r6g.large", Dep::SingleAz),
                missing(
                    Family::Rds,
                    "instance_hourly",
                    "mysql/db.r6g.large/single_az",
                ),
            ),
            (
                t.rds_instance_hourly(pg, "db.x9.huge", Dep::SingleAz),
                missing(
                    Family::Rds,
                    "instance_hourly",
                    "postgresql/db.x9.huge/single_az",
                ),
            ),
            (
                t.rds_storage_gb_month(pg, Vol::Gp3, Dep::MultiAz),
                Ok(dec!(0.23)),
            ),
            (
                t.rds_storage_gb_month(pg, Vol::Io2, Dep::SingleAz),
                missing(Family::Rds, "storage_gb_month", "postgresql/io2/single_az"),
            ),
            (
                t.rds_iops_month(pg, Vol::Gp3, Dep::SingleAz),
                Ok(dec!(0.02)),
            ),
            (t.rds_iops_month(pg, Vol::Io1, Dep::MultiAz), Ok(dec!(0.20))),
            (
                t.rds_iops_month(pg, Vol::Gp2, Dep::SingleAz),
                missing(Family::Rds, "iops_month", "postgresql/gp2/single_az"),
            ),
            (
                t.rds_gp3_throughput_mibps_month(pg, Dep::MultiAz),
                Ok(dec!(0.16)),
            ),
            (t.rds_backup_gb_month(pg), Ok(dec!(0.095))),
            (
                t.rds_magnetic_io_per_million(pg),
                missing(Family::Rds, "magnetic_io_per_million", "postgresql"),
            ),
            (
                t.rds_extended_support_vcpu_hour(pg, ExtendedSupportYear::Year3),
                Ok(dec!(0.200)),
            ),
        ];
        for (i, (got, expected)) in cases.into_iter().enumerate() {
            assert_eq!(got, expected, "case {i}");
        }
        let reserved = t
            .rds_reserved(
                pg,
                "db.r6g.large",
                Dep::SingleAz,
                Term::OneYear,
                Payment::AllUpfront,
            )
            .unwrap();
        assert_eq!((reserved.upfront, reserved.hourly), (dec!(1237), dec!(0)));
        assert_eq!(
            t.rds_reserved(
                pg,
                "db.r6g.large",
                Dep::SingleAz,
                Term::ThreeYears,
                Payment::AllUpfront
            ),
            Err(MissingPrice::new(
                Family::Rds,
                "reserved",
                "postgresql/db.r6g.large/single_az/3y/all_upfront"
            ))
        );
    }

    #[test]
    fn gp3_baseline_by_size() {
        let t = small();
        assert_eq!(t.rds_gp3_baseline(Eng::Postgresql, 399).unwrap().iops, 3000);
        assert_eq!(t.rds_gp3_baseline(Eng::Postgresql, 400).unwrap().mibps, 500);
        assert_eq!(
            t.rds_gp3_baseline(Eng::Postgresql, 10),
            Err(MissingPrice::new(
                Family::Rds,
                "gp3_baseline",
                "postgresql/gp3/10GiB"
            ))
        );
    }

    #[test]
    fn aurora_lookups() {
        let t = small();
        let pg = AuroraEngine::Postgresql;
        assert_eq!(
            t.aurora_instance_hourly(pg, "db.r6g.large", Ed::IoOptimized),
            Ok(dec!(0.338))
        );
        assert_eq!(t.aurora_storage_gb_month(pg, Ed::Standard), Ok(dec!(0.10)));
        assert_eq!(t.aurora_io_per_million(pg), Ok(dec!(0.20)));
        assert_eq!(
            t.aurora_serverless_v2_acu_hour(pg, Ed::IoOptimized),
            Ok(dec!(0.16))
        );
        assert_eq!(t.aurora_backup_gb_month(pg), Ok(dec!(0.021)));
        assert_eq!(t.aurora_global_write_io_per_million(pg), Ok(dec!(0.20)));
        assert_eq!(
            t.aurora_backtrack_per_million_change_records(pg),
            missing(
                Family::Aurora,
                "backtrack_per_million_change_records",
                "postgresql"
            )
        );
        assert_eq!(
            t.aurora_io_per_million(AuroraEngine::Mysql),
            missing(Family::Aurora, "io_per_million", "mysql")
        );
    }

    #[test]
    fn dynamodb_lookups() {
        let t = small();
        let std = TableClass::Standard;
        assert_eq!(t.dynamodb_on_demand_write_per_million(std), Ok(dec!(0.625)));
        assert_eq!(t.dynamodb_on_demand_read_per_million(std), Ok(dec!(0.125)));
        assert_eq!(t.dynamodb_provisioned_wcu_hour(std), Ok(dec!(0.00065)));
        assert_eq!(t.dynamodb_provisioned_rcu_hour(std), Ok(dec!(0.00013)));
        assert_eq!(t.dynamodb_storage_gb_month(std), Ok(dec!(0.25)));
        assert_eq!(
            t.dynamodb_replicated_write_per_million(std),
            Ok(dec!(0.625))
        );
        assert_eq!(t.dynamodb_pitr_gb_month(), Ok(dec!(0.20)));
        assert_eq!(t.dynamodb_streams_read_per_100k(), Ok(dec!(0.02)));
        assert_eq!(
            t.dynamodb_on_demand_write_per_million(TableClass::StandardIa),
            missing(
                Family::Dynamodb,
                "on_demand_write_per_million",
                "standard_ia"
            )
        );
        let r = t
            .dynamodb_reserved_per_100(std, Capacity::Write, Term::OneYear)
            .unwrap();
        assert_eq!((r.upfront, r.hourly), (dec!(150), dec!(0.0128)));
        assert_eq!(
            t.dynamodb_reserved_per_100(std, Capacity::Read, Term::OneYear),
            Err(MissingPrice::new(
                Family::Dynamodb,
                "reserved_per_100",
                "standard/read/1y"
            ))
        );
        assert_eq!(t.dynamodb_free_tier().unwrap().storage_gb.get(), dec!(25));
        assert_eq!(t.dax_node_hourly("dax.r5.large"), Ok(dec!(0.269)));
        assert_eq!(
            t.dax_node("dax.r5.large").unwrap().memory_gib.get(),
            dec!(16)
        );
        assert_eq!(
            t.dax_node_hourly("dax.t3.small"),
            missing(Family::Dynamodb, "dax_node_hourly", "dax.t3.small")
        );
    }

    #[test]
    fn elasticache_lookups() {
        let t = small();
        let v = CacheEngine::Valkey;
        assert_eq!(
            t.elasticache_node_hourly(v, "cache.r7g.large"),
            Ok(dec!(0.1752))
        );
        assert_eq!(
            t.elasticache_node_type("cache.r7g.large")
                .unwrap()
                .memory_gib
                .get(),
            dec!(13.07)
        );
        assert_eq!(t.elasticache_serverless_storage_gb_hour(v), Ok(dec!(0.084)));
        assert_eq!(
            t.elasticache_serverless_ecpu_per_million(v),
            Ok(dec!(0.0023))
        );
        assert_eq!(
            t.elasticache_serverless_minimum_storage_gb(v),
            Ok(dec!(0.1))
        );
        assert_eq!(t.elasticache_backup_gb_month(v), Ok(dec!(0.085)));
        assert_eq!(
            t.elasticache_node_hourly(CacheEngine::RedisOss, "cache.r7g.large"),
            missing(
                Family::Elasticache,
                "node_hourly",
                "redis_oss/cache.r7g.large"
            )
        );
        assert_eq!(
            t.elasticache_reserved(v, "cache.r7g.large", Term::OneYear, Payment::NoUpfront),
            Err(MissingPrice::new(
                Family::Elasticache,
                "reserved",
                "valkey/cache.r7g.large/1y/no_upfront"
            ))
        );
    }

    #[test]
    fn common_lookups() {
        let t = small();
        assert_eq!(t.hours_per_month(), dec!(730));
        assert_eq!(t.db_instance_class("db.r6g.large").unwrap().vcpu, 2);
        assert_eq!(t.data_transfer_internet_out_per_gb(), Ok(dec!(0.09)));
        assert_eq!(t.data_transfer_inter_region_out_per_gb(), Ok(dec!(0.02)));
        assert_eq!(
            t.db_instance_class("db.r6g.9xl").map(|c| c.vcpu),
            Err(MissingPrice::new(
                Family::Common,
                "db_instance_class",
                "db.r6g.9xl"
            ))
        );
    }

    #[test]
    fn a_table_without_a_family_yields_missing_prices_not_zeros() {
        let mut t = small();
        t.dynamodb = None;
        t.elasticache = None;
        assert_eq!(
            t.dynamodb_on_demand_read_per_million(TableClass::Standard),
            missing(Family::Dynamodb, "on_demand_read_per_million", "standard")
        );
        assert_eq!(
            t.dynamodb_pitr_gb_month(),
            missing(Family::Dynamodb, "pitr_gb_month", "all")
        );
        assert_eq!(
            t.elasticache_serverless_ecpu_per_million(CacheEngine::Memcached),
            missing(
                Family::Elasticache,
                "serverless_ecpu_per_million",
                "memcached"
            )
        );
    }

    #[test]
    fn missing_price_displays_and_serializes() {
        let m = MissingPrice::new(
            Family::Rds,
            "instance_hourly",
            "postgresql/db.r6g.large/multi_az",
        );
        assert_eq!(
            m.to_string(),
            "the price table has no rds instance_hourly price for postgresql/db.r6g.large/multi_az"
        );
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            serde_json::json!({ "family": "rds", "dimension": "instance_hourly", "key": "postgresql/db.r6g.large/multi_az" })
        );
    }
}
