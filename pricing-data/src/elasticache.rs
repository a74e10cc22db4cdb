//! Amazon ElastiCache prices per engine (Valkey, Redis OSS, Memcached): node-hours with the node
//! catalog, reserved nodes, serverless storage and ECPUs, backup storage.
//!
//! AWS bills node-based clusters per node-hour by node type; serverless caches per GB-hour of
//! data stored (with a per-engine minimum) and per million ElastiCache Processing Units; backups
//! per GB-month (<https://aws.amazon.com/elasticache/pricing/>).

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lookup::{Family, MissingPrice, found, missing_keyed};
use crate::price::{Price, Quantity};
use crate::table::{Payment, PriceTable, ReservedPrice, Term};

/// The `elasticache` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ElastiCache {
    /// Catalog of `cache.*` node types (shared by all engines).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-unique-by" = ["node_type"]))]
    pub node_types: Vec<CacheNodeType>,
    /// Prices per engine; each may be absent.
    pub engines: CacheEngines,
}

/// One cache node type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CacheNodeType {
    /// Node type, e.g. "cache.r7g.large".
    pub node_type: String,
    /// Virtual CPUs.
    pub vcpu: u32,
    /// Memory in GiB.
    pub memory_gib: Quantity,
    /// SSD for data tiering in GiB (r6gd nodes only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_tiering_ssd_gib: Option<Quantity>,
}

/// One optional price set per cache engine.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CacheEngines {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valkey: Option<CacheEnginePrices>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redis_oss: Option<CacheEnginePrices>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memcached: Option<CacheEnginePrices>,
}

/// ElastiCache engine.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CacheEngine {
    Valkey,
    RedisOss,
    Memcached,
}

impl CacheEngine {
    /// Every engine.
    pub const ALL: [CacheEngine; 3] = [Self::Valkey, Self::RedisOss, Self::Memcached];

    /// The JSON key.
    pub fn key(self) -> &'static str {
        match self {
            Self::Valkey => "valkey",
            Self::RedisOss => "redis_oss",
            Self::Memcached => "memcached",
        }
    }
}

impl CacheEngines {
    /// The prices for `engine`, if present.
    pub fn get(&self, engine: CacheEngine) -> Option<&CacheEnginePrices> {
        match engine {
            CacheEngine::Valkey => self.valkey.as_ref(),
            CacheEngine::RedisOss => self.redis_oss.as_ref(),
            CacheEngine::Memcached => self.memcached.as_ref(),
        }
    }
}

/// All prices of one cache engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CacheEnginePrices {
    /// On-demand price per node-hour.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-unique-by" = ["node_type"]))]
    pub nodes: Vec<CacheNodePrice>,
    /// Reserved nodes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-unique-by" = ["node_type", "term", "payment"]))]
    pub reserved: Vec<CacheReservedPrice>,
    /// ElastiCache Serverless.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serverless: Option<CacheServerless>,
    /// Backup storage per GB-month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_gb_month: Option<Price>,
}

/// On-demand price of one node type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CacheNodePrice {
    /// Node type, e.g. "cache.r7g.large".
    pub node_type: String,
    /// Per node-hour.
    pub hourly: Price,
}

/// One reserved-node offering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CacheReservedPrice {
    pub node_type: String,
    pub term: Term,
    pub payment: Payment,
    /// One-off fee at purchase.
    pub upfront: Price,
    /// Charge per hour of the term, used or not.
    pub hourly: Price,
}

/// ElastiCache Serverless prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CacheServerless {
    /// Data stored, per GB-hour.
    pub storage_gb_hour: Price,
    /// Per million ElastiCache Processing Units.
    pub ecpu_per_million: Price,
    /// Storage below this is billed as this many GB (0.1 for Valkey, 1 for Redis OSS and Memcached).
    pub minimum_storage_gb: Quantity,
}

/// ElastiCache lookups. Each returns the price or a [`MissingPrice`] naming what is absent.
impl PriceTable {
    fn cache_engine(
        &self,
        engine: CacheEngine,
        dimension: &str,
        key: &str,
    ) -> Result<&CacheEnginePrices, MissingPrice> {
        self.elasticache
            .as_ref()
            .and_then(|e| e.engines.get(engine))
            .ok_or_else(|| MissingPrice::new(Family::Elasticache, dimension, key))
    }

    fn cache_serverless(
        &self,
        engine: CacheEngine,
        dimension: &str,
    ) -> Result<&CacheServerless, MissingPrice> {
        self.cache_engine(engine, dimension, engine.key())?
            .serverless
            .as_ref()
            .ok_or_else(|| MissingPrice::new(Family::Elasticache, dimension, engine.key()))
    }

    /// vCPU, memory and data-tiering SSD of a node type.
    pub fn elasticache_node_type(&self, node_type: &str) -> Result<&CacheNodeType, MissingPrice> {
        self.elasticache
            .as_ref()
            .and_then(|e| e.node_types.iter().find(|n| n.node_type == node_type))
            .ok_or_else(|| MissingPrice::new(Family::Elasticache, "node_type", node_type))
    }

    /// On-demand price per node-hour.
    pub fn elasticache_node_hourly(
        &self,
        engine: CacheEngine,
        node_type: &str,
    ) -> Result<Decimal, MissingPrice> {
        self.find_elasticache_node_hourly(engine, node_type)
            .ok_or_else(|| {
                missing_keyed(
                    Family::Elasticache,
                    "node_hourly",
                    &[engine.key(), node_type],
                )
            })
    }

    /// [`PriceTable::elasticache_node_hourly`] without naming what is missing: `None` where
    /// that returns a [`MissingPrice`], and never allocating.
    pub fn find_elasticache_node_hourly(
        &self,
        engine: CacheEngine,
        node_type: &str,
    ) -> Option<Decimal> {
        self.elasticache
            .as_ref()
            .and_then(|e| e.engines.get(engine))
            .and_then(|p| p.nodes.iter().find(|n| n.node_type == node_type))
            .map(|n| n.hourly.get())
    }

    /// Reserved-node upfront fee and hourly charge.
    pub fn elasticache_reserved(
        &self,
        engine: CacheEngine,
        node_type: &str,
        term: Term,
        payment: Payment,
    ) -> Result<ReservedPrice, MissingPrice> {
        self.elasticache
            .as_ref()
            .and_then(|e| e.engines.get(engine))
            .and_then(|p| {
                p.reserved
                    .iter()
                    .find(|r| r.node_type == node_type && r.term == term && r.payment == payment)
            })
            .map(|r| ReservedPrice {
                upfront: r.upfront.get(),
                hourly: r.hourly.get(),
            })
            .ok_or_else(|| {
                missing_keyed(
                    Family::Elasticache,
                    "reserved",
                    &[engine.key(), node_type, term.key(), payment.key()],
                )
            })
    }

    /// Serverless data storage per GB-hour.
    pub fn elasticache_serverless_storage_gb_hour(
        &self,
        engine: CacheEngine,
    ) -> Result<Decimal, MissingPrice> {
        self.cache_serverless(engine, "serverless_storage_gb_hour")
            .map(|s| s.storage_gb_hour.get())
    }

    /// Serverless price per million ECPUs.
    pub fn elasticache_serverless_ecpu_per_million(
        &self,
        engine: CacheEngine,
    ) -> Result<Decimal, MissingPrice> {
        self.cache_serverless(engine, "serverless_ecpu_per_million")
            .map(|s| s.ecpu_per_million.get())
    }

    /// Serverless minimum metered storage in GB.
    pub fn elasticache_serverless_minimum_storage_gb(
        &self,
        engine: CacheEngine,
    ) -> Result<Decimal, MissingPrice> {
        self.cache_serverless(engine, "serverless_minimum_storage_gb")
            .map(|s| s.minimum_storage_gb.get())
    }

    /// Backup storage per GB-month.
    pub fn elasticache_backup_gb_month(
        &self,
        engine: CacheEngine,
    ) -> Result<Decimal, MissingPrice> {
        let key = engine.key();
        let prices = self.cache_engine(engine, "backup_gb_month", key)?;
        found(
            prices.backup_gb_month,
            Family::Elasticache,
            "backup_gb_month",
            key,
        )
    }
}
