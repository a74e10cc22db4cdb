//! Amazon Aurora prices (MySQL- and PostgreSQL-compatible): instance hours for the Standard and
//! I/O-Optimized cluster configurations, reserved instances, storage, I/O, backup, backtrack,
//! Global Database replicated writes and Serverless v2 capacity.
//!
//! AWS bills Aurora per instance-hour by class and cluster configuration; storage per GB-month;
//! on Aurora Standard every million read and write I/O requests (I/O-Optimized has no I/O
//! charge, higher instance and storage rates); Serverless v2 per ACU-hour
//! (<https://aws.amazon.com/rds/aurora/pricing/>).

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lookup::{Family, MissingPrice, found, missing_keyed};
use crate::price::Price;
use crate::rds::{ExtendedSupport, ExtendedSupportYear};
use crate::table::{Payment, PriceTable, ReservedPrice, Term};

/// The `aurora` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Aurora {
    /// Prices per compatible engine; either may be absent.
    pub engines: AuroraEngines,
}

/// One optional price set per Aurora engine.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuroraEngines {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mysql: Option<AuroraEnginePrices>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postgresql: Option<AuroraEnginePrices>,
}

/// Aurora MySQL- or PostgreSQL-compatible.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AuroraEngine {
    Mysql,
    Postgresql,
}

impl AuroraEngine {
    /// Both engines.
    pub const ALL: [AuroraEngine; 2] = [Self::Mysql, Self::Postgresql];

    /// The JSON key.
    pub fn key(self) -> &'static str {
        match self {
            Self::Mysql => "mysql",
            Self::Postgresql => "postgresql",
        }
    }
}

impl AuroraEngines {
    /// The prices for `engine`, if the table has them.
    pub fn get(&self, engine: AuroraEngine) -> Option<&AuroraEnginePrices> {
        match engine {
            AuroraEngine::Mysql => self.mysql.as_ref(),
            AuroraEngine::Postgresql => self.postgresql.as_ref(),
        }
    }
}

/// Aurora cluster storage configuration.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AuroraEdition {
    /// Aurora Standard: pay per I/O.
    Standard,
    /// Aurora I/O-Optimized: no I/O charge, higher instance and storage prices.
    IoOptimized,
}

impl AuroraEdition {
    /// Both configurations.
    pub const ALL: [AuroraEdition; 2] = [Self::Standard, Self::IoOptimized];

    /// The JSON key.
    pub fn key(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::IoOptimized => "io_optimized",
        }
    }
}

/// A price for each cluster configuration; either may be absent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditionPrices {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<Price>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub io_optimized: Option<Price>,
}

impl EditionPrices {
    /// The price for `edition`, if present.
    pub fn get(&self, edition: AuroraEdition) -> Option<Price> {
        match edition {
            AuroraEdition::Standard => self.standard,
            AuroraEdition::IoOptimized => self.io_optimized,
        }
    }
}

/// All prices for one Aurora engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuroraEnginePrices {
    /// On-demand price per instance-hour per class and configuration.
    #[schemars(extend("x-unique-by" = ["class"]))]
    pub instances: Vec<AuroraInstancePrice>,
    /// Reserved instances.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-unique-by" = ["class", "edition", "term", "payment"]))]
    pub reserved: Vec<AuroraReservedPrice>,
    /// Cluster storage per GB-month.
    #[serde(default)]
    pub storage_gb_month: EditionPrices,
    /// Read and write I/O per million requests (Aurora Standard only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub io_per_million: Option<Price>,
    /// Backup storage beyond the free allowance (100 % of cluster storage), per GB-month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_gb_month: Option<Price>,
    /// Backtrack, per million change records stored per hour (Aurora MySQL only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backtrack_per_million_change_records: Option<Price>,
    /// Aurora Global Database: replicated write I/O per million, in each secondary region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_write_io_per_million: Option<Price>,
    /// Aurora Serverless v2 per ACU-hour.
    #[serde(default)]
    pub serverless_v2_acu_hour: EditionPrices,
    /// Extended Support per vCPU-hour (per ACU-hour for Serverless v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_support: Option<ExtendedSupport>,
}

/// On-demand hourly prices of one instance class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuroraInstancePrice {
    /// Instance class, e.g. "db.r7g.large".
    pub class: String,
    /// Price per instance-hour per cluster configuration.
    pub hourly: EditionPrices,
}

/// One Aurora reserved-instance offering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuroraReservedPrice {
    pub class: String,
    pub edition: AuroraEdition,
    pub term: Term,
    pub payment: Payment,
    /// One-off fee at purchase.
    pub upfront: Price,
    /// Charge per hour of the term, used or not.
    pub hourly: Price,
}

/// Aurora lookups. Each returns the price or a [`MissingPrice`] naming what is absent; the
/// key of a missing price is written out only on a miss.
impl PriceTable {
    fn aurora_engine(&self, engine: AuroraEngine) -> Option<&AuroraEnginePrices> {
        self.aurora.as_ref().and_then(|a| a.engines.get(engine))
    }

    /// On-demand price per instance-hour of `class` in a cluster of `edition`.
    pub fn aurora_instance_hourly(
        &self,
        engine: AuroraEngine,
        class: &str,
        edition: AuroraEdition,
    ) -> Result<Decimal, MissingPrice> {
        self.find_aurora_instance_hourly(engine, class, edition)
            .ok_or_else(|| {
                missing_keyed(
                    Family::Aurora,
                    "instance_hourly",
                    &[engine.key(), class, edition.key()],
                )
            })
    }

    /// [`PriceTable::aurora_instance_hourly`] without naming what is missing: `None` where
    /// that returns a [`MissingPrice`], and never allocating.
    pub fn find_aurora_instance_hourly(
        &self,
        engine: AuroraEngine,
        class: &str,
        edition: AuroraEdition,
    ) -> Option<Decimal> {
        self.aurora_engine(engine)
            .and_then(|p| p.instances.iter().find(|i| i.class == class))
            .and_then(|i| i.hourly.get(edition))
            .map(Price::get)
    }

    /// Reserved-instance upfront fee and hourly charge.
    pub fn aurora_reserved(
        &self,
        engine: AuroraEngine,
        class: &str,
        edition: AuroraEdition,
        term: Term,
        payment: Payment,
    ) -> Result<ReservedPrice, MissingPrice> {
        self.aurora_engine(engine)
            .and_then(|p| {
                p.reserved.iter().find(|r| {
                    r.class == class
                        && r.edition == edition
                        && r.term == term
                        && r.payment == payment
                })
            })
            .map(|r| ReservedPrice {
                upfront: r.upfront.get(),
                hourly: r.hourly.get(),
            })
            .ok_or_else(|| {
                missing_keyed(
                    Family::Aurora,
                    "reserved",
                    &[
                        engine.key(),
                        class,
                        edition.key(),
                        term.key(),
                        payment.key(),
                    ],
                )
            })
    }

    /// Cluster storage per GB-month.
    pub fn aurora_storage_gb_month(
        &self,
        engine: AuroraEngine,
        edition: AuroraEdition,
    ) -> Result<Decimal, MissingPrice> {
        self.aurora_engine(engine)
            .and_then(|p| p.storage_gb_month.get(edition))
            .map(Price::get)
            .ok_or_else(|| {
                missing_keyed(
                    Family::Aurora,
                    "storage_gb_month",
                    &[engine.key(), edition.key()],
                )
            })
    }

    /// Price per million I/O requests on Aurora Standard. (I/O-Optimized has no I/O charge: that
    /// is a billing rule for the engine, not a price, so there is no edition parameter.)
    pub fn aurora_io_per_million(&self, engine: AuroraEngine) -> Result<Decimal, MissingPrice> {
        found(
            self.aurora_engine(engine).and_then(|p| p.io_per_million),
            Family::Aurora,
            "io_per_million",
            engine.key(),
        )
    }

    /// Backup storage per GB-month beyond the free allowance.
    pub fn aurora_backup_gb_month(&self, engine: AuroraEngine) -> Result<Decimal, MissingPrice> {
        found(
            self.aurora_engine(engine).and_then(|p| p.backup_gb_month),
            Family::Aurora,
            "backup_gb_month",
            engine.key(),
        )
    }

    /// Backtrack per million change records (per hour stored).
    pub fn aurora_backtrack_per_million_change_records(
        &self,
        engine: AuroraEngine,
    ) -> Result<Decimal, MissingPrice> {
        found(
            self.aurora_engine(engine)
                .and_then(|p| p.backtrack_per_million_change_records),
            Family::Aurora,
            "backtrack_per_million_change_records",
            engine.key(),
        )
    }

    /// Global Database replicated write I/O per million.
    pub fn aurora_global_write_io_per_million(
        &self,
        engine: AuroraEngine,
    ) -> Result<Decimal, MissingPrice> {
        found(
            self.aurora_engine(engine)
                .and_then(|p| p.global_write_io_per_million),
            Family::Aurora,
            "global_write_io_per_million",
            engine.key(),
        )
    }

    /// Serverless v2 per ACU-hour.
    pub fn aurora_serverless_v2_acu_hour(
        &self,
        engine: AuroraEngine,
        edition: AuroraEdition,
    ) -> Result<Decimal, MissingPrice> {
        self.aurora_engine(engine)
            .and_then(|p| p.serverless_v2_acu_hour.get(edition))
            .map(Price::get)
            .ok_or_else(|| {
                missing_keyed(
                    Family::Aurora,
                    "serverless_v2_acu_hour",
                    &[engine.key(), edition.key()],
                )
            })
    }

    /// Extended Support per vCPU-hour.
    pub fn aurora_extended_support_vcpu_hour(
        &self,
        engine: AuroraEngine,
        year: ExtendedSupportYear,
    ) -> Result<Decimal, MissingPrice> {
        self.aurora_engine(engine)
            .and_then(|p| p.extended_support.as_ref())
            .map(|e| e.vcpu_hour(year).get())
            .ok_or_else(|| {
                missing_keyed(
                    Family::Aurora,
                    "extended_support_vcpu_hour",
                    &[engine.key(), year.key()],
                )
            })
    }
}
