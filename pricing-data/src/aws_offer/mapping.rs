//! Which slot of our schema an AWS offer-file SKU prices, decided from its `productFamily` and
//! attributes alone (never from its position in the file), and the unit each slot expects.
//!
//! Attribute names are compared *normalised*: lower case, letters and digits only, so the JSON
//! attribute `instanceType` and the CSV column `Instance Type` are the same key `instancetype`.
//!
//! The names below are those AWS uses in the Price List Bulk API offer files for AmazonRDS
//! (RDS, Aurora, Serverless v2), AmazonDynamoDB (tables), AmazonDAX and AmazonElastiCache. A
//! product that is none of them is skipped as [`SkipReason::NotInSchema`], with its family and
//! the attribute that ruled it out, so the report shows what the schema still lacks.

use std::fmt;

use rust_decimal::Decimal;

use crate::aurora::{AuroraEdition, AuroraEngine};
use crate::dynamodb::{Capacity, TableClass};
use crate::elasticache::CacheEngine;
use crate::rds::{RdsDeployment, RdsEngine, VolumeType};
use crate::table::{Payment, Term};

use super::report::SkipReason;

/// The attributes of one product, with normalised keys. Buffers are reused from product to
/// product so that streaming a file allocates only for the products we keep.
#[derive(Debug, Default)]
pub(crate) struct Attrs {
    entries: Vec<(String, String)>,
    len: usize,
}

impl Attrs {
    pub(crate) fn clear(&mut self) {
        self.len = 0;
    }

    /// Adds `key` (normalised here) with `value`.
    pub(crate) fn push(&mut self, key: &str, value: &str) {
        if self.len == self.entries.len() {
            self.entries.push((String::new(), String::new()));
        }
        let (k, v) = &mut self.entries[self.len];
        k.clear();
        k.extend(
            key.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase()),
        );
        v.clear();
        v.push_str(value);
        self.len += 1;
    }

    /// The value of the normalised key `key` (e.g. "instancetype"), if present and non-empty.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.entries[..self.len]
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }
}

/// Extended Support period, ordered (the crate's `ExtendedSupportYear` is not `Ord`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum SupportYear {
    Year1To2,
    Year3,
}

/// One price in our schema: where a SKU's price goes. Catalog slots (`DbClass`,
/// `CacheNodeType`, `DaxNodeType`) hold vCPU and memory instead of a price.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Slot {
    DbClass(String),
    RdsInstance(RdsEngine, String, RdsDeployment),
    RdsReserved(RdsEngine, String, RdsDeployment, Term, Payment),
    RdsStorageGb(RdsEngine, VolumeType, RdsDeployment),
    RdsIops(RdsEngine, VolumeType, RdsDeployment),
    RdsThroughput(RdsEngine, RdsDeployment),
    RdsMagneticIo(RdsEngine),
    RdsBackup(RdsEngine),
    RdsExtendedSupport(RdsEngine, SupportYear),
    AuroraInstance(AuroraEngine, String, AuroraEdition),
    AuroraReserved(AuroraEngine, String, AuroraEdition, Term, Payment),
    AuroraStorage(AuroraEngine, AuroraEdition),
    AuroraIo(AuroraEngine),
    AuroraBackup(AuroraEngine),
    AuroraBacktrack(AuroraEngine),
    AuroraGlobalWrite(AuroraEngine),
    AuroraServerless(AuroraEngine, AuroraEdition),
    AuroraExtendedSupport(AuroraEngine, SupportYear),
    DynamoOnDemand(TableClass, Capacity),
    DynamoProvisioned(TableClass, Capacity),
    DynamoStorage(TableClass),
    DynamoReplicatedWrite(TableClass),
    DynamoReplicatedWcu(TableClass),
    DynamoReserved(TableClass, Capacity, Term),
    DynamoPitr,
    DynamoBackup,
    DynamoRestore,
    DynamoStreams,
    DaxNodeType(String),
    DaxNode(String),
    CacheNodeType(String),
    CacheNode(CacheEngine, String),
    CacheReserved(CacheEngine, String, Term, Payment),
    CacheServerlessStorage(CacheEngine),
    CacheServerlessEcpu(CacheEngine),
    CacheBackup(CacheEngine),
}

impl Slot {
    /// The units AWS states for this price (compared case-insensitively) and the factor that
    /// turns AWS's per-unit price into our unit (e.g. per request → per million requests).
    pub(crate) fn unit_rule(&self) -> (&'static [&'static str], Decimal) {
        let million = Decimal::from(1_000_000);
        match self {
            Self::RdsInstance(..)
            | Self::AuroraInstance(..)
            | Self::DaxNode(..)
            | Self::CacheNode(..)
            | Self::RdsReserved(..)
            | Self::AuroraReserved(..)
            | Self::CacheReserved(..) => (&["Hrs", "Hours"], Decimal::ONE),
            Self::RdsStorageGb(..)
            | Self::RdsBackup(..)
            | Self::AuroraStorage(..)
            | Self::AuroraBackup(..)
            | Self::DynamoStorage(..)
            | Self::DynamoPitr
            | Self::DynamoBackup
            | Self::CacheBackup(..) => (&["GB-Mo", "GB-month"], Decimal::ONE),
            Self::RdsIops(..) => (&["IOPS-Mo"], Decimal::ONE),
            Self::RdsThroughput(..) => (&["MiBps-Mo", "MBps-Mo"], Decimal::ONE),
            Self::RdsMagneticIo(..) | Self::AuroraIo(..) | Self::AuroraGlobalWrite(..) => {
                (&["IOs", "IOs-Mo", "WriteIOs"], million)
            }
            Self::AuroraBacktrack(..) => (&["ChangeRecords", "Change Records"], million),
            Self::RdsExtendedSupport(..) | Self::AuroraExtendedSupport(..) => (
                &["vCPU-Hrs", "vCPU-Hours", "ACU-Hr", "ACU-Hrs"],
                Decimal::ONE,
            ),
            Self::AuroraServerless(..) => (&["ACU-Hr", "ACU-Hrs", "ACU-Hours"], Decimal::ONE),
            Self::DynamoOnDemand(_, Capacity::Write) | Self::DynamoReplicatedWrite(_) => (
                &["WriteRequestUnits", "ReplicatedWriteRequestUnits"],
                million,
            ),
            Self::DynamoOnDemand(_, Capacity::Read) => (&["ReadRequestUnits"], million),
            Self::DynamoProvisioned(_, Capacity::Write)
            | Self::DynamoReplicatedWcu(_)
            | Self::DynamoReserved(_, Capacity::Write, _) => (
                &[
                    "WriteCapacityUnit-Hrs",
                    "ReplicatedWriteCapacityUnit-Hrs",
                    "Hrs",
                ],
                Decimal::ONE,
            ),
            Self::DynamoProvisioned(_, Capacity::Read)
            | Self::DynamoReserved(_, Capacity::Read, _) => {
                (&["ReadCapacityUnit-Hrs", "Hrs"], Decimal::ONE)
            }
            Self::DynamoRestore => (&["GB"], Decimal::ONE),
            Self::DynamoStreams => (
                &["Requests", "StreamsReadRequestUnits"],
                Decimal::from(100_000),
            ),
            Self::CacheServerlessStorage(..) => (&["GB-Hours", "GB-Hrs"], Decimal::ONE),
            Self::CacheServerlessEcpu(..) => (&["ECPU", "ECPUs"], million),
            Self::DbClass(..) | Self::CacheNodeType(..) | Self::DaxNodeType(..) => {
                (&[], Decimal::ONE)
            }
        }
    }

    /// The reserved slot of an on-demand slot that AWS also sells reserved, for one term and
    /// payment option. DynamoDB reserved capacity has a single payment option ("Heavy
    /// Utilization": upfront plus hourly), so `payment` is ignored there.
    pub(crate) fn reserved(&self, term: Term, payment: Payment) -> Option<Slot> {
        match self {
            Self::RdsInstance(e, c, d) => Some(Self::RdsReserved(*e, c.clone(), *d, term, payment)),
            Self::AuroraInstance(e, c, ed) => {
                Some(Self::AuroraReserved(*e, c.clone(), *ed, term, payment))
            }
            Self::DynamoProvisioned(class, cap) => Some(Self::DynamoReserved(*class, *cap, term)),
            Self::CacheNode(e, n) => Some(Self::CacheReserved(*e, n.clone(), term, payment)),
            _ => None,
        }
    }
}

/// The JSON path of a slot in a price table, as the report shows it.
impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let year = |y: &SupportYear| match y {
            SupportYear::Year1To2 => "year_1_2_vcpu_hour",
            SupportYear::Year3 => "year_3_vcpu_hour",
        };
        match self {
            Self::DbClass(c) => write!(f, "db_instance_classes[{c}]"),
            Self::RdsInstance(e, c, d) => {
                write!(
                    f,
                    "rds.engines.{}.instances[{c}].hourly.{}",
                    e.key(),
                    d.key()
                )
            }
            Self::RdsReserved(e, c, d, t, p) => write!(
                f,
                "rds.engines.{}.reserved[{c}/{}/{}/{}]",
                e.key(),
                d.key(),
                t.key(),
                p.key()
            ),
            Self::RdsStorageGb(e, v, d) => write!(
                f,
                "rds.engines.{}.storage.{}.gb_month.{}",
                e.key(),
                v.key(),
                d.key()
            ),
            Self::RdsIops(e, v, d) => write!(
                f,
                "rds.engines.{}.storage.{}.iops_month.{}",
                e.key(),
                v.key(),
                d.key()
            ),
            Self::RdsThroughput(e, d) => {
                write!(
                    f,
                    "rds.engines.{}.storage.gp3.mibps_month.{}",
                    e.key(),
                    d.key()
                )
            }
            Self::RdsMagneticIo(e) => {
                write!(f, "rds.engines.{}.storage.magnetic.io_per_million", e.key())
            }
            Self::RdsBackup(e) => write!(f, "rds.engines.{}.backup_gb_month", e.key()),
            Self::RdsExtendedSupport(e, y) => {
                write!(f, "rds.engines.{}.extended_support.{}", e.key(), year(y))
            }
            Self::AuroraInstance(e, c, ed) => write!(
                f,
                "aurora.engines.{}.instances[{c}].hourly.{}",
                e.key(),
                ed.key()
            ),
            Self::AuroraReserved(e, c, ed, t, p) => write!(
                f,
                "aurora.engines.{}.reserved[{c}/{}/{}/{}]",
                e.key(),
                ed.key(),
                t.key(),
                p.key()
            ),
            Self::AuroraStorage(e, ed) => {
                write!(
                    f,
                    "aurora.engines.{}.storage_gb_month.{}",
                    e.key(),
                    ed.key()
                )
            }
            Self::AuroraIo(e) => write!(f, "aurora.engines.{}.io_per_million", e.key()),
            Self::AuroraBackup(e) => write!(f, "aurora.engines.{}.backup_gb_month", e.key()),
            Self::AuroraBacktrack(e) => write!(
                f,
                "aurora.engines.{}.backtrack_per_million_change_records",
                e.key()
            ),
            Self::AuroraGlobalWrite(e) => {
                write!(f, "aurora.engines.{}.global_write_io_per_million", e.key())
            }
            Self::AuroraServerless(e, ed) => write!(
                f,
                "aurora.engines.{}.serverless_v2_acu_hour.{}",
                e.key(),
                ed.key()
            ),
            Self::AuroraExtendedSupport(e, y) => {
                write!(f, "aurora.engines.{}.extended_support.{}", e.key(), year(y))
            }
            Self::DynamoOnDemand(c, cap) => write!(
                f,
                "dynamodb.table_classes.{}.on_demand_{}_per_million",
                c.key(),
                cap.key()
            ),
            Self::DynamoProvisioned(c, cap) => write!(
                f,
                "dynamodb.table_classes.{}.provisioned_{}_hour",
                c.key(),
                match cap {
                    Capacity::Read => "rcu",
                    Capacity::Write => "wcu",
                }
            ),
            Self::DynamoStorage(c) => {
                write!(f, "dynamodb.table_classes.{}.storage_gb_month", c.key())
            }
            Self::DynamoReplicatedWrite(c) => write!(
                f,
                "dynamodb.table_classes.{}.replicated_write_per_million",
                c.key()
            ),
            Self::DynamoReplicatedWcu(c) => {
                write!(f, "dynamodb.table_classes.{}.replicated_wcu_hour", c.key())
            }
            Self::DynamoReserved(c, cap, t) => write!(
                f,
                "dynamodb.table_classes.{}.reserved[{}/{}]",
                c.key(),
                cap.key(),
                t.key()
            ),
            Self::DynamoPitr => f.write_str("dynamodb.pitr_gb_month"),
            Self::DynamoBackup => f.write_str("dynamodb.backup_gb_month"),
            Self::DynamoRestore => f.write_str("dynamodb.restore_per_gb"),
            Self::DynamoStreams => f.write_str("dynamodb.streams_read_per_100k"),
            Self::DaxNodeType(n) => write!(f, "dynamodb.dax.nodes[{n}].vcpu/memory_gib"),
            Self::DaxNode(n) => write!(f, "dynamodb.dax.nodes[{n}].hourly"),
            Self::CacheNodeType(n) => write!(f, "elasticache.node_types[{n}]"),
            Self::CacheNode(e, n) => write!(f, "elasticache.engines.{}.nodes[{n}]", e.key()),
            Self::CacheReserved(e, n, t, p) => write!(
                f,
                "elasticache.engines.{}.reserved[{n}/{}/{}]",
                e.key(),
                t.key(),
                p.key()
            ),
            Self::CacheServerlessStorage(e) => write!(
                f,
                "elasticache.engines.{}.serverless.storage_gb_hour",
                e.key()
            ),
            Self::CacheServerlessEcpu(e) => write!(
                f,
                "elasticache.engines.{}.serverless.ecpu_per_million",
                e.key()
            ),
            Self::CacheBackup(e) => write!(f, "elasticache.engines.{}.backup_gb_month", e.key()),
        }
    }
}

/// What a kept product prices.
#[derive(Debug, Clone)]
pub(crate) struct Mapped {
    /// The slots its on-demand price fills (several when AWS lists one price for "Any" engine).
    pub slots: Vec<Slot>,
    /// 1 when the SKU names the engine itself, 0 when it covers several ("Any"): a specific
    /// price wins over a generic one without being a conflict.
    pub priority: u8,
    /// Catalog entry (vCPU, memory GiB) the product describes, if any.
    pub catalog: Option<(Slot, u32, Decimal)>,
}

impl Mapped {
    fn one(slot: Slot) -> Self {
        Self {
            slots: vec![slot],
            priority: 1,
            catalog: None,
        }
    }

    fn many(slots: Vec<Slot>, specific: bool) -> Self {
        Self {
            slots,
            priority: u8::from(specific),
            catalog: None,
        }
    }
}

/// Why a product was not kept: a reason, and for [`SkipReason::NotInSchema`] what ruled it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Skip {
    pub reason: SkipReason,
    pub detail: String,
}

fn not_in_schema(family: &str, why: impl fmt::Display) -> Skip {
    Skip {
        reason: SkipReason::NotInSchema,
        detail: format!("{family}: {why}"),
    }
}

fn skip(reason: SkipReason) -> Skip {
    Skip {
        reason,
        detail: String::new(),
    }
}

/// Decides where a product goes. `offer_code` is the file's, used when the product lacks a
/// `servicecode` attribute. Location and region are checked by the caller first
/// ([`location_skip`]).
pub(crate) fn map_product(family: &str, attrs: &Attrs, offer_code: &str) -> Result<Mapped, Skip> {
    let usage = attrs.get("usagetype").unwrap_or("");
    let operation = attrs.get("operation").unwrap_or("");
    // ElastiCache "SyncDurability" add-ons price a feature on top of a node; taking them for
    // the node price is exactly the bug other importers had.
    if usage.contains("SyncDurability") || operation.contains("SyncDurability") {
        return Err(skip(SkipReason::SyncDurability));
    }
    let service = attrs.get("servicecode").unwrap_or(offer_code);
    match service {
        "AmazonElastiCache" => map_elasticache(family, attrs, usage),
        "AmazonDynamoDB" => map_dynamodb(family, usage),
        "AmazonDAX" => map_dax(family, attrs, usage),
        "AmazonRDS" => map_rds(family, attrs, usage),
        other => Err(not_in_schema(family, format_args!("service {other}"))),
    }
}

/// Outposts, Local Zones and Wavelength Zones have their own prices: never mix them in.
pub(crate) fn location_skip(attrs: &Attrs) -> Option<SkipReason> {
    match attrs.get("locationtype") {
        None | Some("AWS Region") => None,
        Some("AWS Outposts") => Some(SkipReason::Outposts),
        Some("AWS Local Zone") => Some(SkipReason::LocalZone),
        Some(_) => Some(SkipReason::OtherLocationType),
    }
}

/// AWS writes usage types with a region prefix outside us-east-1 ("EUW1-TimedStorage-ByteHrs");
/// the prefix is upper-case letters and digits. "IA-" is part of the name, not a region.
fn strip_region_prefix(usage: &str) -> &str {
    match usage.split_once('-') {
        Some((prefix, rest))
            if prefix != "IA"
                && (2..=5).contains(&prefix.len())
                && prefix
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) =>
        {
            rest
        }
        _ => usage,
    }
}

/// "16 GiB" / "0.5 GiB" / "13.07 GiB" → GiB.
fn parse_memory(s: &str) -> Option<Decimal> {
    let number = s
        .trim()
        .trim_end_matches("GiB")
        .trim_end_matches("GB")
        .trim();
    Decimal::from_str_exact(&number.replace(',', "")).ok()
}

fn catalog(slot: Slot, attrs: &Attrs) -> Option<(Slot, u32, Decimal)> {
    let vcpu = attrs.get("vcpu")?.trim().parse().ok()?;
    let memory = parse_memory(attrs.get("memory")?)?;
    Some((slot, vcpu, memory))
}

// ---------------------------------------------------------------- ElastiCache

fn cache_engine_named(name: &str) -> Option<CacheEngine> {
    match name {
        "Valkey" => Some(CacheEngine::Valkey),
        "Redis" | "Redis OSS" => Some(CacheEngine::RedisOss),
        "Memcached" => Some(CacheEngine::Memcached),
        _ => None,
    }
}

/// The `cacheEngine` attribute, else the engine the usage type ends with: serverless usage
/// types name it ("USE1-CachedData:Valkey", "APN2-ElastiCacheProcessingUnits:Redis").
fn cache_engine(attrs: &Attrs, usage: &str) -> Option<CacheEngine> {
    match attrs.get("cacheengine") {
        Some(name) => cache_engine_named(name),
        None => usage
            .rsplit_once(':')
            .and_then(|(_, name)| cache_engine_named(name)),
    }
}

fn map_elasticache(family: &str, attrs: &Attrs, usage: &str) -> Result<Mapped, Skip> {
    if usage.contains("ExtendedSupport") || family.contains("Extended Support") {
        return Err(skip(SkipReason::ExtendedSupportAddOn));
    }
    let engine = cache_engine(attrs, usage);
    if usage.contains("CachedData") {
        let engine = engine.ok_or_else(|| not_in_schema(family, "cacheEngine"))?;
        return Ok(Mapped::one(Slot::CacheServerlessStorage(engine)));
    }
    if usage.contains("ElastiCacheProcessingUnits") {
        let engine = engine.ok_or_else(|| not_in_schema(family, "cacheEngine"))?;
        return Ok(Mapped::one(Slot::CacheServerlessEcpu(engine)));
    }
    match family {
        "Cache Instance" => {
            let engine = engine.ok_or_else(|| {
                not_in_schema(
                    family,
                    format_args!("cacheEngine {}", attrs.get("cacheengine").unwrap_or("?")),
                )
            })?;
            let node = attrs
                .get("instancetype")
                .filter(|n| n.starts_with("cache."))
                .ok_or_else(|| not_in_schema(family, "no cache.* instanceType"))?;
            let mut mapped = Mapped::one(Slot::CacheNode(engine, node.to_owned()));
            mapped.catalog = catalog(Slot::CacheNodeType(node.to_owned()), attrs);
            Ok(mapped)
        }
        "Storage Snapshot" if usage.contains("BackupUsage") => match engine {
            Some(engine) => Ok(Mapped::one(Slot::CacheBackup(engine))),
            None => Ok(Mapped::many(
                CacheEngine::ALL
                    .iter()
                    .map(|e| Slot::CacheBackup(*e))
                    .collect(),
                false,
            )),
        },
        _ => Err(not_in_schema(
            family,
            format_args!("usagetype {}", strip_region_prefix(usage)),
        )),
    }
}

// ---------------------------------------------------------------- DynamoDB and DAX

/// DAX nodes are priced in their own offer, AmazonDAX (productFamily "DAX"), not in
/// AmazonDynamoDB. Its `instanceType` lacks the "dax." prefix ("r5.large") that the usage type
/// and the DAX API use ("NodeUsage:dax.r5.large"), so the node type comes from the usage type.
fn map_dax(family: &str, attrs: &Attrs, usage: &str) -> Result<Mapped, Skip> {
    let from_usage = strip_region_prefix(usage)
        .split_once(':')
        .map(|(_, node)| node)
        .filter(|node| node.starts_with("dax."))
        .map(str::to_owned);
    let node = from_usage
        .or_else(|| {
            attrs
                .get("instancetype")
                .map(|t| match t.strip_prefix("dax.") {
                    Some(_) => t.to_owned(),
                    None => format!("dax.{t}"),
                })
        })
        .ok_or_else(|| not_in_schema(family, "no DAX node type"))?;
    let mut mapped = Mapped::one(Slot::DaxNode(node.clone()));
    mapped.catalog = catalog(Slot::DaxNodeType(node), attrs);
    Ok(mapped)
}

fn map_dynamodb(family: &str, usage: &str) -> Result<Mapped, Skip> {
    let usage = strip_region_prefix(usage);
    let (class, rest) = match usage.strip_prefix("IA-") {
        Some(rest) => (TableClass::StandardIa, rest),
        None => (TableClass::Standard, usage),
    };
    let slot = match rest {
        "WriteRequestUnits" => Slot::DynamoOnDemand(class, Capacity::Write),
        "ReadRequestUnits" => Slot::DynamoOnDemand(class, Capacity::Read),
        "WriteCapacityUnit-Hrs" => Slot::DynamoProvisioned(class, Capacity::Write),
        "ReadCapacityUnit-Hrs" => Slot::DynamoProvisioned(class, Capacity::Read),
        "TimedStorage-ByteHrs" => Slot::DynamoStorage(class),
        "ReplWriteRequestUnits" | "ReplicatedWriteRequestUnits" => {
            Slot::DynamoReplicatedWrite(class)
        }
        "ReplWriteCapacityUnit-Hrs" | "ReplicatedWriteCapacityUnit-Hrs" => {
            Slot::DynamoReplicatedWcu(class)
        }
        "TimedPITRStorage-ByteHrs" if class == TableClass::Standard => Slot::DynamoPitr,
        "TimedBackupStorage-ByteHrs" if class == TableClass::Standard => Slot::DynamoBackup,
        "RestoreDataSize-Bytes" if class == TableClass::Standard => Slot::DynamoRestore,
        "Streams-Requests" if class == TableClass::Standard => Slot::DynamoStreams,
        _ => return Err(not_in_schema(family, format_args!("usagetype {usage}"))),
    };
    Ok(Mapped::one(slot))
}

// ---------------------------------------------------------------- RDS and Aurora

/// Which of our engines an RDS product applies to, and whether it named one itself.
enum Engines {
    Rds(Vec<RdsEngine>, bool),
    Aurora(Vec<AuroraEngine>, bool),
}

fn rds_engines(family: &str, attrs: &Attrs) -> Result<Engines, Skip> {
    use RdsEngine as E;
    let engine = attrs.get("databaseengine").unwrap_or("Any");
    let edition = attrs.get("databaseedition").unwrap_or("");
    let licence = attrs.get("licensemodel").unwrap_or("");
    let li = licence == "License included";
    let byol = licence == "Bring your own license";
    let one = |e| Ok(Engines::Rds(vec![e], true));
    match engine {
        "PostgreSQL" => one(E::Postgresql),
        "MySQL" => one(E::Mysql),
        "MariaDB" => one(E::Mariadb),
        "Aurora MySQL" => Ok(Engines::Aurora(vec![AuroraEngine::Mysql], true)),
        "Aurora PostgreSQL" => Ok(Engines::Aurora(vec![AuroraEngine::Postgresql], true)),
        "Aurora" => Ok(Engines::Aurora(AuroraEngine::ALL.to_vec(), false)),
        "Any" | "All" => Ok(Engines::Rds(E::ALL.to_vec(), false)),
        "Oracle" => match (edition, li, byol) {
            ("Standard Two", true, _) => one(E::OracleSe2Li),
            ("Standard Two", _, true) => one(E::OracleSe2Byol),
            ("Enterprise", _, true) => one(E::OracleEeByol),
            ("" | "Any", _, _) => Ok(Engines::Rds(
                vec![E::OracleSe2Li, E::OracleSe2Byol, E::OracleEeByol],
                false,
            )),
            _ => Err(not_in_schema(
                family,
                format_args!("Oracle {edition} ({licence})"),
            )),
        },
        "SQL Server" => match (edition, li) {
            ("Express", true) => one(E::SqlserverExpress),
            ("Web", true) => one(E::SqlserverWeb),
            ("Standard", true) => one(E::SqlserverStandard),
            ("Enterprise", true) => one(E::SqlserverEnterprise),
            ("" | "Any", _) => Ok(Engines::Rds(
                vec![
                    E::SqlserverExpress,
                    E::SqlserverWeb,
                    E::SqlserverStandard,
                    E::SqlserverEnterprise,
                ],
                false,
            )),
            _ => Err(not_in_schema(
                family,
                format_args!("SQL Server {edition} ({licence})"),
            )),
        },
        other => Err(not_in_schema(
            family,
            format_args!("databaseEngine {other}"),
        )),
    }
}

fn deployment(family: &str, attrs: &Attrs) -> Result<RdsDeployment, Skip> {
    match attrs.get("deploymentoption").unwrap_or("Single-AZ") {
        "Single-AZ" => Ok(RdsDeployment::SingleAz),
        "Multi-AZ" => Ok(RdsDeployment::MultiAz),
        // A Multi-AZ DB cluster: one writer and two readable standbys.
        "Multi-AZ (readable standbys)" => Ok(RdsDeployment::MultiAzCluster),
        other => Err(not_in_schema(
            family,
            format_args!("deploymentOption {other}"),
        )),
    }
}

fn volume(family: &str, attrs: &Attrs) -> Result<VolumeType, Skip> {
    match attrs.get("volumetype").unwrap_or("") {
        "General Purpose" => Ok(VolumeType::Gp2),
        "General Purpose-GP3" => Ok(VolumeType::Gp3),
        "Provisioned IOPS" => Ok(VolumeType::Io1),
        "Provisioned IOPS-IO2" => Ok(VolumeType::Io2),
        "Magnetic" => Ok(VolumeType::Magnetic),
        other => Err(not_in_schema(family, format_args!("volumeType {other}"))),
    }
}

fn support_year(usage: &str) -> Option<SupportYear> {
    if usage.contains("Yr1-Yr2") {
        Some(SupportYear::Year1To2)
    } else if usage.contains("Yr3") {
        Some(SupportYear::Year3)
    } else {
        None
    }
}

fn map_rds(family: &str, attrs: &Attrs, usage: &str) -> Result<Mapped, Skip> {
    let usage = strip_region_prefix(usage);
    let engines = match rds_engines(family, attrs)? {
        // Aurora cluster-level SKUs (storage, I/O, backup) may name no engine: their usage
        // type still says Aurora, and they apply to both Aurora engines.
        Engines::Rds(_, false) if usage.starts_with("Aurora:") => {
            Engines::Aurora(AuroraEngine::ALL.to_vec(), false)
        }
        engines => engines,
    };
    let io_optimized = usage.contains("IOOptimized") || usage.contains("IO-Optimized");
    let edition = if io_optimized {
        AuroraEdition::IoOptimized
    } else {
        AuroraEdition::Standard
    };

    if usage.contains("ExtendedSupport") {
        let year = support_year(usage)
            .ok_or_else(|| not_in_schema(family, format_args!("usagetype {usage}")))?;
        return Ok(match engines {
            Engines::Rds(es, specific) => Mapped::many(
                es.into_iter()
                    .map(|e| Slot::RdsExtendedSupport(e, year))
                    .collect(),
                specific,
            ),
            Engines::Aurora(es, specific) => Mapped::many(
                es.into_iter()
                    .map(|e| Slot::AuroraExtendedSupport(e, year))
                    .collect(),
                specific,
            ),
        });
    }

    match engines {
        Engines::Aurora(es, specific) => {
            let per = |f: &dyn Fn(AuroraEngine) -> Slot| {
                Ok(Mapped::many(es.iter().map(|e| f(*e)).collect(), specific))
            };
            if family == "Database Instance" {
                let class = attrs
                    .get("instancetype")
                    .filter(|c| c.starts_with("db."))
                    .ok_or_else(|| not_in_schema(family, "no db.* instanceType"))?;
                let mut mapped = per(&|e| Slot::AuroraInstance(e, class.to_owned(), edition))?;
                mapped.catalog = catalog(Slot::DbClass(class.to_owned()), attrs);
                return Ok(mapped);
            }
            if usage.contains("Aurora:ServerlessV2") {
                return per(&|e| Slot::AuroraServerless(e, edition));
            }
            if usage.contains("Aurora:StorageIOUsage") {
                return per(&|e| Slot::AuroraIo(e));
            }
            if usage.contains("Aurora:ReplicatedWriteIO") || usage.contains("GlobalWriteIO") {
                return per(&|e| Slot::AuroraGlobalWrite(e));
            }
            if usage.contains("Aurora:BacktrackUsage") {
                return per(&|e| Slot::AuroraBacktrack(e));
            }
            if usage.contains("Aurora:BackupUsage") {
                return per(&|e| Slot::AuroraBackup(e));
            }
            if usage.contains("Aurora:StorageUsage")
                || usage.contains("Aurora:IO-OptimizedStorageUsage")
            {
                return per(&|e| Slot::AuroraStorage(e, edition));
            }
            Err(not_in_schema(family, format_args!("usagetype {usage}")))
        }
        Engines::Rds(es, specific) => {
            let per = |f: &dyn Fn(RdsEngine) -> Slot| {
                Ok(Mapped::many(es.iter().map(|e| f(*e)).collect(), specific))
            };
            match family {
                "Database Instance" => {
                    if !specific {
                        return Err(not_in_schema(family, "no databaseEngine"));
                    }
                    let class = attrs
                        .get("instancetype")
                        .filter(|c| c.starts_with("db."))
                        .ok_or_else(|| not_in_schema(family, "no db.* instanceType"))?;
                    let dep = deployment(family, attrs)?;
                    let mut mapped = per(&|e| Slot::RdsInstance(e, class.to_owned(), dep))?;
                    mapped.catalog = catalog(Slot::DbClass(class.to_owned()), attrs);
                    Ok(mapped)
                }
                "Database Storage" => {
                    let (v, dep) = (volume(family, attrs)?, deployment(family, attrs)?);
                    per(&|e| Slot::RdsStorageGb(e, v, dep))
                }
                "Provisioned IOPS" => {
                    let (v, dep) = (volume(family, attrs)?, deployment(family, attrs)?);
                    if !matches!(v, VolumeType::Gp3 | VolumeType::Io1 | VolumeType::Io2) {
                        return Err(not_in_schema(family, "IOPS on a volume without IOPS price"));
                    }
                    per(&|e| Slot::RdsIops(e, v, dep))
                }
                "Provisioned Throughput" => {
                    let dep = deployment(family, attrs)?;
                    per(&|e| Slot::RdsThroughput(e, dep))
                }
                "System Operation" if usage.contains("RDS:StorageIOUsage") => {
                    per(&|e| Slot::RdsMagneticIo(e))
                }
                "Storage Snapshot" if usage.contains("ChargedBackupUsage") => {
                    per(&|e| Slot::RdsBackup(e))
                }
                _ => Err(not_in_schema(family, format_args!("usagetype {usage}"))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(pairs: &[(&str, &str)]) -> Attrs {
        let mut a = Attrs::default();
        for (k, v) in pairs {
            a.push(k, v);
        }
        a
    }

    #[test]
    fn json_and_csv_attribute_names_normalise_alike() {
        let a = attrs(&[("Instance Type", "db.r6g.large"), ("usageType", "x")]);
        assert_eq!(a.get("instancetype"), Some("db.r6g.large"));
        assert_eq!(a.get("usagetype"), Some("x"));
    }

    #[test]
    fn strips_region_prefix_but_not_ia() {
        assert_eq!(
            strip_region_prefix("EUW1-TimedStorage-ByteHrs"),
            "TimedStorage-ByteHrs"
        );
        assert_eq!(
            strip_region_prefix("IA-TimedStorage-ByteHrs"),
            "IA-TimedStorage-ByteHrs"
        );
        assert_eq!(
            strip_region_prefix("USE2-IA-ReadRequestUnits"),
            "IA-ReadRequestUnits"
        );
        assert_eq!(
            strip_region_prefix("TimedStorage-ByteHrs"),
            "TimedStorage-ByteHrs"
        );
    }

    #[test]
    fn readable_standbys_is_the_multi_az_cluster() {
        let a = attrs(&[
            ("servicecode", "AmazonRDS"),
            ("databaseEngine", "PostgreSQL"),
            ("deploymentOption", "Multi-AZ (readable standbys)"),
            ("instanceType", "db.r6gd.large"),
            ("usagetype", "Multi-AZClusterUsage:db.r6gd.large"),
        ]);
        let m = map_product("Database Instance", &a, "AmazonRDS").unwrap();
        assert_eq!(
            m.slots,
            vec![Slot::RdsInstance(
                RdsEngine::Postgresql,
                "db.r6gd.large".into(),
                RdsDeployment::MultiAzCluster
            )]
        );
    }

    #[test]
    fn rds_storage_for_any_engine_applies_to_every_rds_engine_at_low_priority() {
        // Real RDS storage, IOPS and backup SKUs say databaseEngine "Any" (infracost's
        // filters for aws_db_instance storage match on exactly that).
        let a = attrs(&[
            ("servicecode", "AmazonRDS"),
            ("databaseEngine", "Any"),
            ("deploymentOption", "Multi-AZ"),
            ("volumeType", "General Purpose-GP3"),
            ("usagetype", "USE1-RDS:Multi-AZ-GP3-Storage"),
        ]);
        let m = map_product("Database Storage", &a, "AmazonRDS").unwrap();
        assert_eq!(m.priority, 0);
        assert_eq!(m.slots.len(), RdsEngine::ALL.len());
        assert!(m.slots.contains(&Slot::RdsStorageGb(
            RdsEngine::Mariadb,
            VolumeType::Gp3,
            RdsDeployment::MultiAz
        )));
    }

    #[test]
    fn dax_node_type_comes_from_the_usage_type() {
        let a = attrs(&[
            ("servicecode", "AmazonDAX"),
            ("instanceType", "t3.small"),
            ("vcpu", "2"),
            ("memory", "2 GiB"),
            ("usagetype", "EUW3-NodeUsage:dax.t3.small"),
        ]);
        let m = map_product("DAX", &a, "AmazonDAX").unwrap();
        assert_eq!(m.slots, vec![Slot::DaxNode("dax.t3.small".into())]);
        assert_eq!(
            m.catalog,
            Some((Slot::DaxNodeType("dax.t3.small".into()), 2, Decimal::TWO))
        );
        // Without a usable usage type, the instanceType gets the prefix the schema uses.
        let a = attrs(&[("servicecode", "AmazonDAX"), ("instanceType", "r5.large")]);
        let m = map_product("DAX", &a, "AmazonDAX").unwrap();
        assert_eq!(m.slots, vec![Slot::DaxNode("dax.r5.large".into())]);
    }

    #[test]
    fn serverless_engine_comes_from_the_usage_type_when_cache_engine_is_absent() {
        let a = attrs(&[
            ("servicecode", "AmazonElastiCache"),
            ("usagetype", "APN2-ElastiCacheProcessingUnits:Valkey"),
        ]);
        let m = map_product("ElastiCache Serverless", &a, "AmazonElastiCache").unwrap();
        assert_eq!(
            m.slots,
            vec![Slot::CacheServerlessEcpu(CacheEngine::Valkey)]
        );
        let a = attrs(&[
            ("servicecode", "AmazonElastiCache"),
            ("usagetype", "USE1-CachedData:Redis"),
        ]);
        let m = map_product("ElastiCache Serverless", &a, "AmazonElastiCache").unwrap();
        assert_eq!(
            m.slots,
            vec![Slot::CacheServerlessStorage(CacheEngine::RedisOss)]
        );
    }

    #[test]
    fn aurora_storage_without_an_engine_applies_to_both() {
        let a = attrs(&[
            ("servicecode", "AmazonRDS"),
            ("databaseEngine", "Any"),
            ("volumeType", "General Purpose-Aurora"),
            ("usagetype", "EUW1-Aurora:StorageUsage"),
        ]);
        let m = map_product("Database Storage", &a, "AmazonRDS").unwrap();
        assert_eq!(m.priority, 0);
        assert_eq!(
            m.slots,
            vec![
                Slot::AuroraStorage(AuroraEngine::Mysql, AuroraEdition::Standard),
                Slot::AuroraStorage(AuroraEngine::Postgresql, AuroraEdition::Standard),
            ]
        );
    }
}
