//! The engine's view of a price table: one lookup, [`PriceBook::price`], that returns either
//! a price or a named [`MissingPrice`], plus the instance catalogs sizing needs.
//!
//! The engine prices against this trait rather than against a concrete table so that the
//! formulas can be tested with AWS's published example prices ([`crate::fixtures`]) and so
//! that a table missing a family (a table without DynamoDB prices is valid) yields a named
//! missing price for the options that need it, never a zero.

use std::fmt;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::estimate::Txt;
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
    #[serde(serialize_with = "crate::decimal_text::serialize")]
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
        let (family, dimension) = self.family_dimension();
        let mut key = String::with_capacity(48);
        // Writing to a String cannot fail.
        let _ = self.write_key(&mut key);
        (family, dimension, key)
    }

    /// (family, dimension) of this price.
    fn family_dimension(&self) -> (&'static str, &'static str) {
        use PriceKey::*;
        let reserved = |part: ReservedPart| match part {
            ReservedPart::Upfront => "reserved_upfront",
            ReservedPart::Hourly => "reserved_hour",
        };
        match *self {
            RdsInstanceHour { .. } => ("rds", "instance_hour"),
            RdsReserved { part, .. } => ("rds", reserved(part)),
            RdsStorageGbMonth { .. } => ("rds", "storage_gb_month"),
            RdsGp3IopsMonth { .. } => ("rds", "gp3_iops_month"),
            RdsGp3ThroughputMonth { .. } => ("rds", "gp3_throughput_mibps_month"),
            RdsProvisionedIopsMonth { .. } => ("rds", "provisioned_iops_month"),
            RdsBackupGbMonth { .. } => ("rds", "backup_gb_month"),
            InterRegionTransferGb => ("data_transfer", "inter_region_out_per_gb"),
            AuroraInstanceHour { .. } => ("aurora", "instance_hour"),
            AuroraReserved { part, .. } => ("aurora", reserved(part)),
            AuroraStorageGbMonth { .. } => ("aurora", "storage_gb_month"),
            AuroraIoPerMillion { .. } => ("aurora", "io_per_million"),
            AuroraBackupGbMonth { .. } => ("aurora", "backup_gb_month"),
            AuroraGlobalWriteIoPerMillion { .. } => {
                ("aurora", "global_replicated_write_io_per_million")
            }
            AuroraAcuHour { .. } => ("aurora", "serverless_v2_acu_hour"),
            DynamoReadPerMillion { .. } => ("dynamodb", "on_demand_read_per_million"),
            DynamoWritePerMillion { .. } => ("dynamodb", "on_demand_write_per_million"),
            DynamoRcuHour { .. } => ("dynamodb", "rcu_hour"),
            DynamoWcuHour { .. } => ("dynamodb", "wcu_hour"),
            DynamoReplicatedWritePerMillion { .. } => ("dynamodb", "replicated_write_per_million"),
            DynamoReplicatedWcuHour { .. } => ("dynamodb", "replicated_wcu_hour"),
            DynamoReserved { part, .. } => (
                "dynamodb",
                match part {
                    ReservedPart::Upfront => "reserved_upfront_per_100",
                    ReservedPart::Hourly => "reserved_hour_per_100",
                },
            ),
            DynamoStorageGbMonth { .. } => ("dynamodb", "storage_gb_month"),
            DynamoPitrGbMonth => ("dynamodb", "pitr_gb_month"),
            DaxNodeHour { .. } => ("dynamodb", "dax_node_hour"),
            CacheNodeHour { .. } => ("elasticache", "node_hour"),
            CacheReserved { part, .. } => ("elasticache", reserved(part)),
            CacheServerlessStorageGbHour { .. } => ("elasticache", "serverless_storage_gb_hour"),
            CacheServerlessEcpuPerMillion { .. } => ("elasticache", "serverless_ecpu_per_million"),
            CacheServerlessMinimumGb { .. } => ("elasticache", "serverless_minimum_storage_gb"),
        }
    }

    /// Write the key part (engine, class, deployment…), space-separated, straight into `out`
    /// (the line items' `price_key` and [`MissingPrice::key`]).
    fn write_key(&self, out: &mut impl fmt::Write) -> fmt::Result {
        use PriceKey::*;
        // Space-separated fragments, written without `format!` machinery.
        let mut words = |parts: &[&str]| -> fmt::Result {
            for (i, p) in parts.iter().enumerate() {
                if i > 0 {
                    out.write_char(' ')?;
                }
                out.write_str(p)?;
            }
            Ok(())
        };
        match *self {
            RdsInstanceHour {
                engine,
                class,
                deployment,
            } => words(&[engine.id(), class, deployment.key()]),
            RdsReserved {
                engine,
                class,
                deployment,
                term,
                payment,
                ..
            } => words(&[
                engine.id(),
                class,
                deployment.key(),
                term.key(),
                payment_key(payment),
            ]),
            RdsStorageGbMonth {
                engine,
                volume,
                deployment,
            }
            | RdsProvisionedIopsMonth {
                engine,
                volume,
                deployment,
            } => words(&[engine.id(), volume_key(volume), deployment.key()]),
            RdsGp3IopsMonth { engine, deployment }
            | RdsGp3ThroughputMonth { engine, deployment } => {
                words(&[engine.id(), deployment.key()])
            }
            RdsBackupGbMonth { engine }
            | AuroraIoPerMillion { engine }
            | AuroraBackupGbMonth { engine }
            | AuroraGlobalWriteIoPerMillion { engine } => words(&[engine.id()]),
            InterRegionTransferGb => words(&["any"]),
            AuroraInstanceHour {
                engine,
                class,
                io_optimized,
            } => words(&[engine.id(), class, edition(io_optimized)]),
            AuroraReserved {
                engine,
                class,
                io_optimized,
                term,
                payment,
                ..
            } => words(&[
                engine.id(),
                class,
                edition(io_optimized),
                term.key(),
                payment_key(payment),
            ]),
            AuroraStorageGbMonth {
                engine,
                io_optimized,
            }
            | AuroraAcuHour {
                engine,
                io_optimized,
            } => words(&[engine.id(), edition(io_optimized)]),
            DynamoReadPerMillion { class }
            | DynamoWritePerMillion { class }
            | DynamoRcuHour { class }
            | DynamoWcuHour { class }
            | DynamoReplicatedWritePerMillion { class }
            | DynamoReplicatedWcuHour { class }
            | DynamoStorageGbMonth { class } => words(&[class.key()]),
            DynamoReserved { capacity, term, .. } => words(&[
                match capacity {
                    CapacityKind::Read => "read",
                    CapacityKind::Write => "write",
                },
                term.key(),
            ]),
            DynamoPitrGbMonth => words(&["standard"]),
            DaxNodeHour { node_type } => words(&[node_type]),
            CacheNodeHour { engine, node_type } => words(&[engine.id(), node_type]),
            CacheReserved {
                engine,
                node_type,
                term,
                payment,
                part,
            } => words(&[
                engine.id(),
                node_type,
                term.key(),
                payment_key(payment),
                part.key(),
            ]),
            CacheServerlessStorageGbHour { engine }
            | CacheServerlessEcpuPerMillion { engine }
            | CacheServerlessMinimumGb { engine } => words(&[engine.id()]),
        }
    }
}

impl PriceKey<'_> {
    /// The key as its `Display` writes it (`family/dimension/key`), written straight into a
    /// `String` of `capacity` bytes without the formatting machinery: every priced line
    /// carries one.
    pub(crate) fn text(&self, capacity: usize) -> String {
        let (family, dimension) = self.family_dimension();
        let mut out = String::with_capacity(capacity);
        out.push_str(family);
        out.push('/');
        out.push_str(dimension);
        out.push('/');
        // Writing to a String cannot fail.
        let _ = self.write_key(&mut out);
        out
    }
}

impl PriceKey<'_> {
    /// [`PriceKey::text`], borrowed from a table built once when the key names no class or
    /// node type (those keys depend only on the engine's own enums, not on the price table);
    /// written for the others.
    pub(crate) fn txt(&self, capacity: usize) -> Txt {
        match self.fixed_slot() {
            Some(slot) => Txt::Borrowed(fixed_texts()[slot].as_str()),
            None => Txt::Owned(self.text(capacity)),
        }
    }

    /// The key's place in [`fixed_texts`]: each variant without a class or node type has
    /// its own range, indexed by its fields (`None` for the others).
    fn fixed_slot(&self) -> Option<usize> {
        use PriceKey::*;
        let e = |e: DbEngine| e as usize; // 5
        let d = |d: RdsDeployment| d as usize; // 3
        let v = |v: VolumeType| v as usize; // 4
        let b = usize::from;
        let c = |c: TableClass| c as usize; // 2
        let ce = |c: CacheEngine| c as usize; // 3
        Some(match *self {
            RdsStorageGbMonth {
                engine,
                volume,
                deployment,
            } => (e(engine) * 4 + v(volume)) * 3 + d(deployment),
            RdsProvisionedIopsMonth {
                engine,
                volume,
                deployment,
            } => 60 + (e(engine) * 4 + v(volume)) * 3 + d(deployment),
            RdsGp3IopsMonth { engine, deployment } => 120 + e(engine) * 3 + d(deployment),
            RdsGp3ThroughputMonth { engine, deployment } => 135 + e(engine) * 3 + d(deployment),
            RdsBackupGbMonth { engine } => 150 + e(engine),
            InterRegionTransferGb => 155,
            AuroraStorageGbMonth {
                engine,
                io_optimized,
            } => 156 + e(engine) * 2 + b(io_optimized),
            AuroraAcuHour {
                engine,
                io_optimized,
            } => 166 + e(engine) * 2 + b(io_optimized),
            AuroraIoPerMillion { engine } => 176 + e(engine),
            AuroraBackupGbMonth { engine } => 181 + e(engine),
            AuroraGlobalWriteIoPerMillion { engine } => 186 + e(engine),
            DynamoReadPerMillion { class } => 191 + c(class),
            DynamoWritePerMillion { class } => 193 + c(class),
            DynamoRcuHour { class } => 195 + c(class),
            DynamoWcuHour { class } => 197 + c(class),
            DynamoReplicatedWritePerMillion { class } => 199 + c(class),
            DynamoReplicatedWcuHour { class } => 201 + c(class),
            DynamoStorageGbMonth { class } => 203 + c(class),
            DynamoReserved {
                capacity,
                term,
                part,
            } => 205 + ((capacity as usize) * 2 + term as usize) * 2 + part as usize,
            DynamoPitrGbMonth => 213,
            CacheServerlessStorageGbHour { engine } => 214 + ce(engine),
            CacheServerlessEcpuPerMillion { engine } => 217 + ce(engine),
            CacheServerlessMinimumGb { engine } => 220 + ce(engine),
            RdsInstanceHour { .. }
            | RdsReserved { .. }
            | AuroraInstanceHour { .. }
            | AuroraReserved { .. }
            | DaxNodeHour { .. }
            | CacheNodeHour { .. }
            | CacheReserved { .. } => return None,
        })
    }
}

/// Slots of [`PriceKey::fixed_slot`].
const FIXED_SLOTS: usize = 223;

/// Every key without a class or node type.
fn fixed_keys() -> Vec<PriceKey<'static>> {
    use PriceKey::*;
    let deployments = [
        RdsDeployment::SingleAz,
        RdsDeployment::MultiAz,
        RdsDeployment::MultiAzCluster,
    ];
    let volumes = [
        VolumeType::Gp3,
        VolumeType::Gp2,
        VolumeType::Io1,
        VolumeType::Io2,
    ];
    let classes = [TableClass::Standard, TableClass::StandardIa];
    let terms = [Term::OneYear, Term::ThreeYears];
    let parts = [ReservedPart::Upfront, ReservedPart::Hourly];
    let mut keys = vec![InterRegionTransferGb, DynamoPitrGbMonth];
    for engine in DbEngine::ALL {
        for deployment in deployments {
            for volume in volumes {
                keys.push(RdsStorageGbMonth {
                    engine,
                    volume,
                    deployment,
                });
                keys.push(RdsProvisionedIopsMonth {
                    engine,
                    volume,
                    deployment,
                });
            }
            keys.push(RdsGp3IopsMonth { engine, deployment });
            keys.push(RdsGp3ThroughputMonth { engine, deployment });
        }
        for io_optimized in [false, true] {
            keys.push(AuroraStorageGbMonth {
                engine,
                io_optimized,
            });
            keys.push(AuroraAcuHour {
                engine,
                io_optimized,
            });
        }
        keys.push(RdsBackupGbMonth { engine });
        keys.push(AuroraIoPerMillion { engine });
        keys.push(AuroraBackupGbMonth { engine });
        keys.push(AuroraGlobalWriteIoPerMillion { engine });
    }
    for class in classes {
        keys.extend([
            DynamoReadPerMillion { class },
            DynamoWritePerMillion { class },
            DynamoRcuHour { class },
            DynamoWcuHour { class },
            DynamoReplicatedWritePerMillion { class },
            DynamoReplicatedWcuHour { class },
            DynamoStorageGbMonth { class },
        ]);
    }
    for capacity in [CapacityKind::Read, CapacityKind::Write] {
        for term in terms {
            for part in parts {
                keys.push(DynamoReserved {
                    capacity,
                    term,
                    part,
                });
            }
        }
    }
    for engine in CacheEngine::ALL {
        keys.push(CacheServerlessStorageGbHour { engine });
        keys.push(CacheServerlessEcpuPerMillion { engine });
        keys.push(CacheServerlessMinimumGb { engine });
    }
    keys
}

/// The texts of [`fixed_keys`], by [`PriceKey::fixed_slot`], written on first use.
fn fixed_texts() -> &'static [String] {
    static TEXTS: OnceLock<Vec<String>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let mut texts = vec![String::new(); FIXED_SLOTS];
        for key in fixed_keys() {
            if let Some(slot) = key.fixed_slot() {
                texts[slot] = key.text(0);
            }
        }
        texts
    })
}

impl fmt::Display for PriceKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        let (family, dimension) = self.family_dimension();
        f.write_str(family)?;
        f.write_char('/')?;
        f.write_str(dimension)?;
        f.write_char('/')?;
        self.write_key(f)
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
    /// The price for `key` if the table holds it: `price(key).ok()`, for the callers that
    /// drop a miss (instance sizing tries every family). A book may answer without naming
    /// the missing price, i.e. without allocating.
    fn find(&self, key: &PriceKey<'_>) -> Option<Decimal> {
        self.price(key).ok()
    }
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
    /// The catalogs above, read and sorted for sizing: worked out on every call unless the
    /// book keeps them ([`crate::Indexed`] does).
    fn catalogs(&self) -> std::borrow::Cow<'_, crate::TableCatalogs> {
        std::borrow::Cow::Owned(crate::TableCatalogs::of(self))
    }
}

#[cfg(test)]
mod fixed_key_tests {
    use super::*;

    /// Every key without a class has its own slot, and the table's text is the one `text`
    /// writes; keys with a class are written.
    #[test]
    fn fixed_key_texts_are_the_written_ones() {
        let keys = fixed_keys();
        let mut slots: Vec<usize> = keys.iter().filter_map(PriceKey::fixed_slot).collect();
        assert_eq!(slots.len(), keys.len());
        slots.sort_unstable();
        slots.dedup();
        assert_eq!(slots.len(), FIXED_SLOTS);
        assert_eq!(slots.last(), Some(&(FIXED_SLOTS - 1)));
        for key in &keys {
            let txt = key.txt(0);
            assert!(matches!(txt, Txt::Borrowed(_)), "{key}");
            assert_eq!(txt, key.text(0));
            assert_eq!(txt, key.to_string());
        }
        let class = PriceKey::RdsInstanceHour {
            engine: DbEngine::Mysql,
            class: "db.r6g.large",
            deployment: RdsDeployment::MultiAz,
        };
        assert_eq!(class.fixed_slot(), None);
        assert_eq!(
            class.txt(0),
            "rds/instance_hour/mysql db.r6g.large multi_az"
        );
    }
}
