//! Amazon DynamoDB and DAX prices: on-demand and provisioned throughput per table class,
//! reserved capacity, storage, global-table replication, backups, restores, streams, the free
//! tier, and DAX nodes.
//!
//! AWS bills on-demand tables per million write and read request units, provisioned tables per
//! WCU-hour and RCU-hour, storage per GB-month, and DAX per node-hour
//! (<https://aws.amazon.com/dynamodb/pricing/>). Free-tier allowances are data here, not
//! constants in code, so a table can state them per region.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lookup::{Family, MissingPrice, found, missing_keyed};
use crate::price::{Price, Quantity};
use crate::table::{PriceTable, ReservedPrice, Term};

/// The `dynamodb` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DynamoDb {
    /// Prices per table class; either may be absent.
    pub table_classes: TableClasses,
    /// Continuous backups (point-in-time recovery), per GB-month of table data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pitr_gb_month: Option<Price>,
    /// On-demand backups, per GB-month stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_gb_month: Option<Price>,
    /// Restoring a table from a backup, per GB restored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_per_gb: Option<Price>,
    /// DynamoDB Streams, per 100,000 read request units (the first 2.5 million a month are free).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streams_read_per_100k: Option<Price>,
    /// Free-tier allowances per account and region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_tier: Option<FreeTier>,
    /// DynamoDB Accelerator (DAX).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dax: Option<Dax>,
}

/// One optional price set per table class.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableClasses {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<TableClassPrices>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard_ia: Option<TableClassPrices>,
}

/// DynamoDB table class.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TableClass {
    /// DynamoDB Standard.
    Standard,
    /// DynamoDB Standard-Infrequent Access: cheaper storage, dearer throughput.
    StandardIa,
}

impl TableClass {
    /// Both table classes.
    pub const ALL: [TableClass; 2] = [Self::Standard, Self::StandardIa];

    /// The JSON key.
    pub fn key(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::StandardIa => "standard_ia",
        }
    }
}

impl TableClasses {
    /// The prices for `class`, if present.
    pub fn get(&self, class: TableClass) -> Option<&TableClassPrices> {
        match class {
            TableClass::Standard => self.standard.as_ref(),
            TableClass::StandardIa => self.standard_ia.as_ref(),
        }
    }
}

/// Prices of one table class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableClassPrices {
    /// On-demand, per million write request units (1 KB each).
    pub on_demand_write_per_million: Price,
    /// On-demand, per million read request units (4 KB strongly consistent each).
    pub on_demand_read_per_million: Price,
    /// Provisioned, per write capacity unit-hour.
    pub provisioned_wcu_hour: Price,
    /// Provisioned, per read capacity unit-hour.
    pub provisioned_rcu_hour: Price,
    /// Table storage per GB-month (beyond the free tier).
    pub storage_gb_month: Price,
    /// Global tables, on-demand: per million replicated write request units in each replica region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicated_write_per_million: Option<Price>,
    /// Global tables, provisioned: per replicated write capacity unit-hour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicated_wcu_hour: Option<Price>,
    /// Reserved capacity, per 100 units (Standard class only at AWS).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-unique-by" = ["capacity", "term"]))]
    pub reserved: Vec<DynamoReservedPrice>,
}

/// Read or write capacity.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    Read,
    Write,
}

impl Capacity {
    /// The JSON value.
    pub fn key(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
        }
    }
}

/// Reserved capacity for 100 RCU or 100 WCU.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DynamoReservedPrice {
    pub capacity: Capacity,
    pub term: Term,
    /// One-off fee per 100 units.
    pub upfront_per_100: Price,
    /// Charge per hour per 100 units for the whole term.
    pub hourly_per_100: Price,
}

/// Free-tier allowances per account and region (Standard table class).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FreeTier {
    /// Storage free each month, GB.
    pub storage_gb: Quantity,
    /// Provisioned read capacity units free.
    pub rcu: Quantity,
    /// Provisioned write capacity units free.
    pub wcu: Quantity,
}

/// DAX prices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dax {
    /// Node types with their memory and hourly price.
    #[schemars(extend("x-unique-by" = ["node_type"]))]
    pub nodes: Vec<DaxNode>,
}

/// One DAX node type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DaxNode {
    /// Node type, e.g. "dax.r5.large".
    pub node_type: String,
    /// Virtual CPUs.
    pub vcpu: u32,
    /// Memory in GiB.
    pub memory_gib: Quantity,
    /// Per node-hour.
    pub hourly: Price,
}

/// DynamoDB lookups. Each returns the price or a [`MissingPrice`] naming what is absent.
impl PriceTable {
    fn dynamodb_class(
        &self,
        class: TableClass,
        dimension: &str,
    ) -> Result<&TableClassPrices, MissingPrice> {
        self.dynamodb
            .as_ref()
            .and_then(|d| d.table_classes.get(class))
            .ok_or_else(|| MissingPrice::new(Family::Dynamodb, dimension, class.key()))
    }

    fn dynamodb_price(
        &self,
        class: TableClass,
        dimension: &str,
        pick: impl Fn(&TableClassPrices) -> Option<Price>,
    ) -> Result<Decimal, MissingPrice> {
        found(
            pick(self.dynamodb_class(class, dimension)?),
            Family::Dynamodb,
            dimension,
            class.key(),
        )
    }

    fn dynamodb_shared(
        &self,
        dimension: &str,
        pick: impl Fn(&DynamoDb) -> Option<Price>,
    ) -> Result<Decimal, MissingPrice> {
        found(
            self.dynamodb.as_ref().and_then(pick),
            Family::Dynamodb,
            dimension,
            "all",
        )
    }

    /// On-demand price per million write request units.
    pub fn dynamodb_on_demand_write_per_million(
        &self,
        class: TableClass,
    ) -> Result<Decimal, MissingPrice> {
        self.dynamodb_price(class, "on_demand_write_per_million", |p| {
            Some(p.on_demand_write_per_million)
        })
    }

    /// On-demand price per million read request units.
    pub fn dynamodb_on_demand_read_per_million(
        &self,
        class: TableClass,
    ) -> Result<Decimal, MissingPrice> {
        self.dynamodb_price(class, "on_demand_read_per_million", |p| {
            Some(p.on_demand_read_per_million)
        })
    }

    /// Provisioned price per WCU-hour.
    pub fn dynamodb_provisioned_wcu_hour(
        &self,
        class: TableClass,
    ) -> Result<Decimal, MissingPrice> {
        self.dynamodb_price(class, "provisioned_wcu_hour", |p| {
            Some(p.provisioned_wcu_hour)
        })
    }

    /// Provisioned price per RCU-hour.
    pub fn dynamodb_provisioned_rcu_hour(
        &self,
        class: TableClass,
    ) -> Result<Decimal, MissingPrice> {
        self.dynamodb_price(class, "provisioned_rcu_hour", |p| {
            Some(p.provisioned_rcu_hour)
        })
    }

    /// Storage per GB-month.
    pub fn dynamodb_storage_gb_month(&self, class: TableClass) -> Result<Decimal, MissingPrice> {
        self.dynamodb_price(class, "storage_gb_month", |p| Some(p.storage_gb_month))
    }

    /// Global tables (on-demand): per million replicated write request units.
    pub fn dynamodb_replicated_write_per_million(
        &self,
        class: TableClass,
    ) -> Result<Decimal, MissingPrice> {
        self.dynamodb_price(class, "replicated_write_per_million", |p| {
            p.replicated_write_per_million
        })
    }

    /// Global tables (provisioned): per replicated WCU-hour.
    pub fn dynamodb_replicated_wcu_hour(&self, class: TableClass) -> Result<Decimal, MissingPrice> {
        self.dynamodb_price(class, "replicated_wcu_hour", |p| p.replicated_wcu_hour)
    }

    /// Reserved capacity per 100 units: upfront fee and hourly charge.
    pub fn dynamodb_reserved_per_100(
        &self,
        class: TableClass,
        capacity: Capacity,
        term: Term,
    ) -> Result<ReservedPrice, MissingPrice> {
        self.dynamodb
            .as_ref()
            .and_then(|d| d.table_classes.get(class))
            .and_then(|p| {
                p.reserved
                    .iter()
                    .find(|r| r.capacity == capacity && r.term == term)
            })
            .map(|r| ReservedPrice {
                upfront: r.upfront_per_100.get(),
                hourly: r.hourly_per_100.get(),
            })
            .ok_or_else(|| {
                missing_keyed(
                    Family::Dynamodb,
                    "reserved_per_100",
                    &[class.key(), capacity.key(), term.key()],
                )
            })
    }

    /// Point-in-time recovery per GB-month.
    pub fn dynamodb_pitr_gb_month(&self) -> Result<Decimal, MissingPrice> {
        self.dynamodb_shared("pitr_gb_month", |d| d.pitr_gb_month)
    }

    /// On-demand backup storage per GB-month.
    pub fn dynamodb_backup_gb_month(&self) -> Result<Decimal, MissingPrice> {
        self.dynamodb_shared("backup_gb_month", |d| d.backup_gb_month)
    }

    /// Restore per GB.
    pub fn dynamodb_restore_per_gb(&self) -> Result<Decimal, MissingPrice> {
        self.dynamodb_shared("restore_per_gb", |d| d.restore_per_gb)
    }

    /// Streams per 100,000 read request units.
    pub fn dynamodb_streams_read_per_100k(&self) -> Result<Decimal, MissingPrice> {
        self.dynamodb_shared("streams_read_per_100k", |d| d.streams_read_per_100k)
    }

    /// The free-tier allowances.
    pub fn dynamodb_free_tier(&self) -> Result<&FreeTier, MissingPrice> {
        self.dynamodb
            .as_ref()
            .and_then(|d| d.free_tier.as_ref())
            .ok_or_else(|| MissingPrice::new(Family::Dynamodb, "free_tier", "all"))
    }

    /// A DAX node type: vCPU, memory and hourly price.
    pub fn dax_node(&self, node_type: &str) -> Result<&DaxNode, MissingPrice> {
        self.find_dax_node(node_type)
            .ok_or_else(|| MissingPrice::new(Family::Dynamodb, "dax_node_hourly", node_type))
    }

    /// [`PriceTable::dax_node`] without naming what is missing: `None` where that returns a
    /// [`MissingPrice`], and never allocating.
    pub fn find_dax_node(&self, node_type: &str) -> Option<&DaxNode> {
        self.dynamodb
            .as_ref()
            .and_then(|d| d.dax.as_ref())
            .and_then(|dax| dax.nodes.iter().find(|n| n.node_type == node_type))
    }

    /// DAX price per node-hour.
    pub fn dax_node_hourly(&self, node_type: &str) -> Result<Decimal, MissingPrice> {
        self.dax_node(node_type).map(|n| n.hourly.get())
    }
}
