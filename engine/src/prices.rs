//! The engine's view of a price table: one lookup, [`PriceBook::price`], that returns either
//! a price or a named [`MissingPrice`], plus the instance catalogs sizing needs.
//!
//! The engine prices against this trait rather than against a concrete table so that the
//! formulas can be tested with AWS's published example prices ([`crate::fixtures`]) and so
//! that a table missing a family (a table without DynamoDB prices is valid) yields a named
//! missing price for the options that need it, never a zero.

use std::fmt;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::scenario::{CacheEngine, DbEngine, UpfrontChoice, VolumeType};

/// A price the table does not hold. The option that needed it is reported as not priced,
/// with every missing price named.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct MissingPrice {
    /// Service family: `rds`, `aurora`, `dynamodb`, `elasticache`, `data_transfer`.
    pub family: String,
    /// Price dimension, e.g. `instance_hour`, `storage_gb_month`.
    pub dimension: String,
    /// What the price was looked up for, e.g. `postgresql db.r6g.xlarge multi_az`.
    pub key: String,
}

impl fmt::Display for MissingPrice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.family, self.dimension, self.key)
    }
}

/// A database or cache instance class from the table's catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct InstanceSpec {
    /// Class or node type name, e.g. `db.r6g.xlarge`, `cache.r7g.large`.
    pub class: String,
    /// Virtual CPUs.
    pub vcpu: u32,
    /// Memory, GiB.
    pub memory_gib: Decimal,
}

impl InstanceSpec {
    /// Whether the class is burstable (`db.t*`, `cache.t*`): CPU credits, not for sustained load.
    pub fn is_burstable(&self) -> bool {
        self.class
            .split('.')
            .nth(1)
            .is_some_and(|family| family.starts_with('t'))
    }
}

/// RDS deployment option; each has its own instance and storage prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RdsDeployment {
    /// One instance in one Availability Zone.
    SingleAz,
    /// A primary and a synchronous standby in another AZ (not readable).
    MultiAz,
    /// A writer and two readable standbys in three AZs (MySQL and PostgreSQL).
    MultiAzCluster,
}

impl RdsDeployment {
    /// Key fragment.
    pub fn key(self) -> &'static str {
        match self {
            RdsDeployment::SingleAz => "single_az",
            RdsDeployment::MultiAz => "multi_az",
            RdsDeployment::MultiAzCluster => "multi_az_cluster",
        }
    }
}

/// A reservation term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    /// One year (12 months).
    OneYear,
    /// Three years (36 months).
    ThreeYears,
}

impl Term {
    /// Length of the term in months.
    pub fn months(self) -> u32 {
        match self {
            Term::OneYear => 12,
            Term::ThreeYears => 36,
        }
    }

    /// Key fragment.
    pub fn key(self) -> &'static str {
        match self {
            Term::OneYear => "1y",
            Term::ThreeYears => "3y",
        }
    }
}

/// Key fragment for a payment option.
pub(crate) fn payment_key(p: UpfrontChoice) -> &'static str {
    match p {
        UpfrontChoice::NoUpfront => "no_upfront",
        UpfrontChoice::PartialUpfront => "partial_upfront",
        UpfrontChoice::AllUpfront => "all_upfront",
    }
}

/// DynamoDB table class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TableClass {
    /// DynamoDB Standard.
    Standard,
    /// DynamoDB Standard-Infrequent Access: cheaper storage, dearer requests.
    StandardIa,
}

impl TableClass {
    /// Key fragment.
    pub fn key(self) -> &'static str {
        match self {
            TableClass::Standard => "standard",
            TableClass::StandardIa => "standard_ia",
        }
    }
}

/// Read or write capacity (DynamoDB reserved capacity is bought per kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CapacityKind {
    /// Read capacity units.
    Read,
    /// Write capacity units.
    Write,
}

/// Which part of a reservation's price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReservedPart {
    /// One-time fee paid at purchase.
    Upfront,
    /// Hourly rate for every hour of the term.
    Hourly,
}

impl ReservedPart {
    fn key(self) -> &'static str {
        match self {
            ReservedPart::Upfront => "upfront",
            ReservedPart::Hourly => "hourly",
        }
    }
}

/// Every price (and metered allowance) the engine asks a table for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PriceKey<'a> {
    /// RDS on-demand instance, per instance-hour.
    RdsInstanceHour {
        engine: DbEngine,
        class: &'a str,
        deployment: RdsDeployment,
    },
    /// RDS reserved instance: upfront fee per instance, or hourly rate per instance-hour.
    RdsReserved {
        engine: DbEngine,
        class: &'a str,
        deployment: RdsDeployment,
        term: Term,
        payment: UpfrontChoice,
        part: ReservedPart,
    },
    /// RDS storage, per GB-month.
    RdsStorageGbMonth {
        engine: DbEngine,
        volume: VolumeType,
        deployment: RdsDeployment,
    },
    /// gp3 IOPS above the included baseline, per IOPS-month.
    RdsGp3IopsMonth {
        engine: DbEngine,
        deployment: RdsDeployment,
    },
    /// gp3 throughput above the included baseline, per MiB/s-month.
    RdsGp3ThroughputMonth {
        engine: DbEngine,
        deployment: RdsDeployment,
    },
    /// io1/io2 provisioned IOPS, per IOPS-month.
    RdsProvisionedIopsMonth {
        engine: DbEngine,
        volume: VolumeType,
        deployment: RdsDeployment,
    },
    /// RDS backup storage beyond the free allowance, per GB-month.
    RdsBackupGbMonth { engine: DbEngine },
    /// Data transfer between regions, per GB.
    InterRegionTransferGb,
    /// Aurora instance, per instance-hour.
    AuroraInstanceHour {
        engine: DbEngine,
        class: &'a str,
        io_optimized: bool,
    },
    /// Aurora reserved instance.
    AuroraReserved {
        engine: DbEngine,
        class: &'a str,
        io_optimized: bool,
        term: Term,
        payment: UpfrontChoice,
        part: ReservedPart,
    },
    /// Aurora storage, per GB-month.
    AuroraStorageGbMonth {
        engine: DbEngine,
        io_optimized: bool,
    },
    /// Aurora I/O (Standard only), per million requests.
    AuroraIoPerMillion { engine: DbEngine },
    /// Aurora backup storage beyond the free allowance, per GB-month.
    AuroraBackupGbMonth { engine: DbEngine },
    /// Aurora Global Database replicated write I/O, per million.
    AuroraGlobalWriteIoPerMillion { engine: DbEngine },
    /// Aurora Serverless v2, per ACU-hour.
    AuroraAcuHour {
        engine: DbEngine,
        io_optimized: bool,
    },
    /// DynamoDB on-demand read request units, per million.
    DynamoReadPerMillion { class: TableClass },
    /// DynamoDB on-demand write request units, per million.
    DynamoWritePerMillion { class: TableClass },
    /// DynamoDB provisioned read capacity, per RCU-hour.
    DynamoRcuHour { class: TableClass },
    /// DynamoDB provisioned write capacity, per WCU-hour.
    DynamoWcuHour { class: TableClass },
    /// DynamoDB on-demand replicated write request units (global tables), per million.
    DynamoReplicatedWritePerMillion { class: TableClass },
    /// DynamoDB provisioned replicated write capacity (global tables), per rWCU-hour.
    DynamoReplicatedWcuHour { class: TableClass },
    /// DynamoDB reserved capacity per 100 units (Standard class).
    DynamoReserved {
        capacity: CapacityKind,
        term: Term,
        part: ReservedPart,
    },
    /// DynamoDB storage, per GB-month.
    DynamoStorageGbMonth { class: TableClass },
    /// DynamoDB point-in-time recovery, per GB-month.
    DynamoPitrGbMonth,
    /// DAX node, per node-hour.
    DaxNodeHour { node_type: &'a str },
    /// ElastiCache node, per node-hour.
    CacheNodeHour {
        engine: CacheEngine,
        node_type: &'a str,
    },
    /// ElastiCache reserved node.
    CacheReserved {
        engine: CacheEngine,
        node_type: &'a str,
        term: Term,
        payment: UpfrontChoice,
        part: ReservedPart,
    },
    /// ElastiCache Serverless data storage, per GB-hour.
    CacheServerlessStorageGbHour { engine: CacheEngine },
    /// ElastiCache Serverless ECPUs, per million.
    CacheServerlessEcpuPerMillion { engine: CacheEngine },
    /// ElastiCache Serverless minimum metered storage, GB (a quantity, not a price).
    CacheServerlessMinimumGb { engine: CacheEngine },
}

impl PriceKey<'_> {
    /// The missing-price record naming this key.
    pub fn missing(&self) -> MissingPrice {
        let (family, dimension, key) = self.parts();
        MissingPrice {
            family: family.to_string(),
            dimension: dimension.to_string(),
            key,
        }
    }

    /// (family, dimension, key) of this price.
    pub fn parts(&self) -> (&'static str, &'static str, String) {
        use PriceKey::*;
        match *self {
            RdsInstanceHour {
                engine,
                class,
                deployment,
            } => (
                "rds",
                "instance_hour",
                format!("{} {class} {}", engine.id(), deployment.key()),
            ),
            RdsReserved {
                engine,
                class,
                deployment,
                term,
                payment,
                part,
            } => (
                "rds",
                match part {
                    ReservedPart::Upfront => "reserved_upfront",
                    ReservedPart::Hourly => "reserved_hour",
                },
                format!(
                    "{} {class} {} {} {}",
                    engine.id(),
                    deployment.key(),
                    term.key(),
                    payment_key(payment)
                ),
            ),
            RdsStorageGbMonth {
                engine,
                volume,
                deployment,
            } => (
                "rds",
                "storage_gb_month",
                format!(
                    "{} {} {}",
                    engine.id(),
                    volume_key(volume),
                    deployment.key()
                ),
            ),
            RdsGp3IopsMonth { engine, deployment } => (
                "rds",
                "gp3_iops_month",
                format!("{} {}", engine.id(), deployment.key()),
            ),
            RdsGp3ThroughputMonth { engine, deployment } => (
                "rds",
                "gp3_throughput_mibps_month",
                format!("{} {}", engine.id(), deployment.key()),
            ),
            RdsProvisionedIopsMonth {
                engine,
                volume,
                deployment,
            } => (
                "rds",
                "provisioned_iops_month",
                format!(
                    "{} {} {}",
                    engine.id(),
                    volume_key(volume),
                    deployment.key()
                ),
            ),
            RdsBackupGbMonth { engine } => ("rds", "backup_gb_month", engine.id().to_string()),
            InterRegionTransferGb => (
                "data_transfer",
                "inter_region_out_per_gb",
                "any".to_string(),
            ),
            AuroraInstanceHour {
                engine,
                class,
                io_optimized,
            } => (
                "aurora",
                "instance_hour",
                format!("{} {class} {}", engine.id(), edition(io_optimized)),
            ),
            AuroraReserved {
                engine,
                class,
                io_optimized,
                term,
                payment,
                part,
            } => (
                "aurora",
                match part {
                    ReservedPart::Upfront => "reserved_upfront",
                    ReservedPart::Hourly => "reserved_hour",
                },
                format!(
                    "{} {class} {} {} {}",
                    engine.id(),
                    edition(io_optimized),
                    term.key(),
                    payment_key(payment)
                ),
            ),
            AuroraStorageGbMonth {
                engine,
                io_optimized,
            } => (
                "aurora",
                "storage_gb_month",
                format!("{} {}", engine.id(), edition(io_optimized)),
            ),
            AuroraIoPerMillion { engine } => ("aurora", "io_per_million", engine.id().to_string()),
            AuroraBackupGbMonth { engine } => {
                ("aurora", "backup_gb_month", engine.id().to_string())
            }
            AuroraGlobalWriteIoPerMillion { engine } => (
                "aurora",
                "global_replicated_write_io_per_million",
                engine.id().to_string(),
            ),
            AuroraAcuHour {
                engine,
                io_optimized,
            } => (
                "aurora",
                "serverless_v2_acu_hour",
                format!("{} {}", engine.id(), edition(io_optimized)),
            ),
            DynamoReadPerMillion { class } => (
                "dynamodb",
                "on_demand_read_per_million",
                class.key().to_string(),
            ),
            DynamoWritePerMillion { class } => (
                "dynamodb",
                "on_demand_write_per_million",
                class.key().to_string(),
            ),
            DynamoRcuHour { class } => ("dynamodb", "rcu_hour", class.key().to_string()),
            DynamoWcuHour { class } => ("dynamodb", "wcu_hour", class.key().to_string()),
            DynamoReplicatedWritePerMillion { class } => (
                "dynamodb",
                "replicated_write_per_million",
                class.key().to_string(),
            ),
            DynamoReplicatedWcuHour { class } => {
                ("dynamodb", "replicated_wcu_hour", class.key().to_string())
            }
            DynamoReserved {
                capacity,
                term,
                part,
            } => (
                "dynamodb",
                match part {
                    ReservedPart::Upfront => "reserved_upfront_per_100",
                    ReservedPart::Hourly => "reserved_hour_per_100",
                },
                format!(
                    "{} {}",
                    match capacity {
                        CapacityKind::Read => "read",
                        CapacityKind::Write => "write",
                    },
                    term.key()
                ),
            ),
            DynamoStorageGbMonth { class } => {
                ("dynamodb", "storage_gb_month", class.key().to_string())
            }
            DynamoPitrGbMonth => ("dynamodb", "pitr_gb_month", "standard".to_string()),
            DaxNodeHour { node_type } => ("dynamodb", "dax_node_hour", node_type.to_string()),
            CacheNodeHour { engine, node_type } => (
                "elasticache",
                "node_hour",
                format!("{} {node_type}", engine.id()),
            ),
            CacheReserved {
                engine,
                node_type,
                term,
                payment,
                part,
            } => (
                "elasticache",
                match part {
                    ReservedPart::Upfront => "reserved_upfront",
                    ReservedPart::Hourly => "reserved_hour",
                },
                format!(
                    "{} {node_type} {} {} {}",
                    engine.id(),
                    term.key(),
                    payment_key(payment),
                    part.key()
                ),
            ),
            CacheServerlessStorageGbHour { engine } => (
                "elasticache",
                "serverless_storage_gb_hour",
                engine.id().to_string(),
            ),
            CacheServerlessEcpuPerMillion { engine } => (
                "elasticache",
                "serverless_ecpu_per_million",
                engine.id().to_string(),
            ),
            CacheServerlessMinimumGb { engine } => (
                "elasticache",
                "serverless_minimum_storage_gb",
                engine.id().to_string(),
            ),
        }
    }
}

impl fmt::Display for PriceKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (family, dimension, key) = self.parts();
        write!(f, "{family}/{dimension}/{key}")
    }
}

fn edition(io_optimized: bool) -> &'static str {
    if io_optimized {
        "io_optimized"
    } else {
        "standard"
    }
}

pub(crate) fn volume_key(v: VolumeType) -> &'static str {
    match v {
        VolumeType::Gp3 => "gp3",
        VolumeType::Gp2 => "gp2",
        VolumeType::Io1 => "io1",
        VolumeType::Io2 => "io2",
    }
}

/// DynamoDB free-tier allowances, per region, as data from the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DynamoFreeTier {
    /// Free storage, GB-month (Standard class).
    pub storage_gb: Decimal,
    /// Free provisioned read capacity units.
    pub rcu: Decimal,
    /// Free provisioned write capacity units.
    pub wcu: Decimal,
}

/// A source of prices. Implemented for `pricing_data::PriceTable` and for the
/// [`crate::fixtures::MapPriceBook`] used in tests.
pub trait PriceBook {
    /// The price (or metered allowance) for `key`, or a [`MissingPrice`] naming it.
    fn price(&self, key: &PriceKey<'_>) -> Result<Decimal, MissingPrice>;
    /// Hours in a billing month (730 unless the table says otherwise).
    fn hours_per_month(&self) -> Decimal;
    /// ISO 4217 currency of every price.
    fn currency(&self) -> String;
    /// Catalog of `db.*` instance classes (RDS and Aurora).
    fn db_instance_classes(&self) -> Vec<InstanceSpec>;
    /// Catalog of ElastiCache node types.
    fn cache_node_types(&self) -> Vec<InstanceSpec>;
    /// Catalog of DAX node types.
    fn dax_node_types(&self) -> Vec<InstanceSpec>;
    /// DynamoDB free tier; zero allowances when the table has none.
    fn dynamodb_free_tier(&self) -> DynamoFreeTier;
}
