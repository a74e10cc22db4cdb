//! The top of a price table: identity, region, currency, dates, and one optional section per
//! service family.
//!
//! Deserialize a table with [`crate::parse`], not with serde directly: `parse` reports every
//! problem with its JSON path and enforces the rules serde cannot see (known region and currency,
//! unique instance classes, no future dates, a supported `schema_version`).

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};
use time::Date;

use crate::aurora::Aurora;
use crate::codes::{AWS_REGIONS, ISO_4217_CURRENCIES, is_aws_region, is_currency};
use crate::dynamodb::DynamoDb;
use crate::elasticache::ElastiCache;
use crate::price::{Price, Quantity};
use crate::rds::Rds;

/// The only `schema_version` this crate reads.
pub const SCHEMA_VERSION: u32 = 1;

/// Hours in a billing month when a table does not say otherwise: 365 × 24 / 12, the figure the
/// AWS Pricing Calculator uses.
pub const DEFAULT_HOURS_PER_MONTH: u32 = 730;

/// One versioned, self-describing set of AWS list prices for one region and currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "dbcost price table", extend("$id" = "https://dbcost.dev/schemas/price-table.json"))]
pub struct PriceTable {
    /// Version of this format; must be `1`.
    #[schemars(extend("const" = 1))]
    pub schema_version: u32,
    /// Human name of the table, e.g. "AWS us-east-1 list prices, November 2026".
    pub name: String,
    /// Cloud provider; only "aws".
    pub provider: Provider,
    /// AWS region code the prices apply to, e.g. "us-east-1".
    pub region: Region,
    /// ISO 4217 code of the currency every price is in, e.g. "USD".
    pub currency: Currency,
    /// The date on which these prices were the list prices (YYYY-MM-DD). Must not be in the future.
    #[serde(with = "iso_date")]
    #[schemars(schema_with = "date_schema")]
    pub effective_date: Date,
    /// When the prices were collected or published (YYYY-MM-DD); staleness counts from this date
    /// when present, else from `effective_date`.
    #[serde(
        default,
        with = "iso_date::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(schema_with = "date_schema")]
    pub publication_date: Option<Date>,
    /// Where the figures come from (URL or free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Hours in a billing month, used to turn hourly prices into monthly ones (default "730").
    #[serde(default = "default_hours_per_month")]
    pub hours_per_month: Quantity,
    /// Data transfer prices shared by every family.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_transfer: Option<DataTransfer>,
    /// Catalog of `db.*` instance classes (vCPU, memory), shared by RDS and Aurora.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("x-unique-by" = ["class"]))]
    pub db_instance_classes: Vec<DbInstanceClass>,
    /// Amazon RDS prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rds: Option<Rds>,
    /// Amazon Aurora prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aurora: Option<Aurora>,
    /// Amazon DynamoDB (and DAX) prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamodb: Option<DynamoDb>,
    /// Amazon ElastiCache prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elasticache: Option<ElastiCache>,
}

fn default_hours_per_month() -> Quantity {
    Quantity::new(DEFAULT_HOURS_PER_MONTH.into()).unwrap_or_default()
}

/// The cloud provider a table prices. Only AWS for now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Aws,
}

/// Data transfer out of a region, per GB. AWS bills it the same way for RDS, Aurora, DynamoDB
/// and ElastiCache ("Data Transfer" section of each pricing page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataTransfer {
    /// Out to the internet, per GB, first paid tier (up to 10 TB/month, after the free 100 GB).
    pub internet_out_per_gb: Price,
    /// Out to another AWS region (cross-region replicas, global tables), per GB.
    pub inter_region_out_per_gb: Price,
}

/// One `db.*` instance class: what sizing needs to know about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DbInstanceClass {
    /// Instance class, e.g. "db.r6g.large".
    pub class: String,
    /// Virtual CPUs.
    pub vcpu: u32,
    /// Memory in GiB.
    pub memory_gib: Quantity,
}

/// Reserved-instance term length.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum Term {
    /// One year.
    #[serde(rename = "1y")]
    OneYear,
    /// Three years.
    #[serde(rename = "3y")]
    ThreeYears,
}

/// Reserved-instance payment option.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Payment {
    NoUpfront,
    PartialUpfront,
    AllUpfront,
}

impl Term {
    /// Both terms.
    pub const ALL: [Term; 2] = [Self::OneYear, Self::ThreeYears];

    /// The JSON value, "1y" or "3y".
    pub fn key(self) -> &'static str {
        match self {
            Self::OneYear => "1y",
            Self::ThreeYears => "3y",
        }
    }

    /// Hours in the term (365 days a year, as AWS bills reservations).
    pub fn hours(self) -> u32 {
        match self {
            Self::OneYear => 8_760,
            Self::ThreeYears => 26_280,
        }
    }
}

impl Payment {
    /// Every payment option.
    pub const ALL: [Payment; 3] = [Self::NoUpfront, Self::PartialUpfront, Self::AllUpfront];

    /// The JSON value, e.g. "all_upfront".
    pub fn key(self) -> &'static str {
        match self {
            Self::NoUpfront => "no_upfront",
            Self::PartialUpfront => "partial_upfront",
            Self::AllUpfront => "all_upfront",
        }
    }
}

/// A reserved price: a one-off fee at purchase plus an hourly charge for every hour of the term,
/// used or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReservedPrice {
    /// Paid once at purchase.
    pub upfront: rust_decimal::Decimal,
    /// Paid for every hour of the term.
    pub hourly: rust_decimal::Decimal,
}

macro_rules! checked_code {
    ($(#[$meta:meta])* $name:ident, $check:path, $list:path, $format:literal, $expected:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Accepts only a code from the known list.
            pub fn parse(code: &str) -> Result<Self, String> {
                if $check(code) {
                    Ok(Self(code.to_owned()))
                } else {
                    Err(format!(concat!("expected ", $expected, ", found {:?}"), code))
                }
            }

            /// The code as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = String::deserialize(deserializer)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "format": $format,
                    "enum": $list,
                })
            }
        }
    };
}

checked_code!(
    /// An AWS region code from [`AWS_REGIONS`].
    Region,
    is_aws_region,
    AWS_REGIONS,
    "aws-region",
    "an AWS region code such as \"us-east-1\""
);

checked_code!(
    /// An ISO 4217 currency code from [`ISO_4217_CURRENCIES`].
    Currency,
    is_currency,
    ISO_4217_CURRENCIES,
    "iso-4217",
    "an ISO 4217 currency code such as \"USD\""
);

fn date_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "format": "date" })
}

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// Parses a `YYYY-MM-DD` date as written in a price table.
pub fn parse_date(s: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &format).ok()
}
