//! Price tables for dbcost: the schema of a versioned set of AWS database list prices, its
//! validation, canonical form and content hash, diffs, staleness, and the bundled snapshots.
//!
//! This crate does no I/O, reads no clock ("today" is always a parameter) and compiles for
//! `wasm32-unknown-unknown`. Every price is a [`rust_decimal::Decimal`] parsed straight from a
//! decimal string, never through `f64`.
//!
//! # Public API
//!
//! **Reading a table**
//! - [`parse`]`(json, today) -> Result<PriceTable, Vec<FieldError>>`: every problem at once, each
//!   with its JSON path ([`FieldError::path`]), the offending value and what was expected.
//! - [`json_schema`]`()`: the JSON Schema of the format (committed as `price-table.schema.json`).
//! - [`bundled()`]: the snapshots shipped with the crate, as `(file name, JSON)` pairs.
//!
//! **Asking for a price** (methods on [`PriceTable`], each `Result<Decimal, MissingPrice>`; a
//! price the table lacks is a [`MissingPrice`] `{ family, dimension, key }`, never a zero)
//! - common: [`PriceTable::hours_per_month`], [`PriceTable::db_instance_class`] (catalog: vCPU,
//!   memory), [`PriceTable::data_transfer_internet_out_per_gb`],
//!   [`PriceTable::data_transfer_inter_region_out_per_gb`]
//! - RDS ([`RdsEngine`], [`RdsDeployment`], [`VolumeType`]): `rds_instance_hourly`,
//!   `rds_reserved` (-> [`ReservedPrice`]), `rds_storage_gb_month`, `rds_iops_month`,
//!   `rds_gp3_throughput_mibps_month`, `rds_gp3_baseline`, `rds_magnetic_io_per_million`,
//!   `rds_backup_gb_month`, `rds_extended_support_vcpu_hour`
//! - Aurora ([`AuroraEngine`], [`AuroraEdition`]): `aurora_instance_hourly`, `aurora_reserved`,
//!   `aurora_storage_gb_month`, `aurora_io_per_million`, `aurora_backup_gb_month`,
//!   `aurora_backtrack_per_million_change_records`, `aurora_global_write_io_per_million`,
//!   `aurora_serverless_v2_acu_hour`, `aurora_extended_support_vcpu_hour`
//! - DynamoDB ([`TableClass`], [`Capacity`]): `dynamodb_on_demand_write_per_million`,
//!   `dynamodb_on_demand_read_per_million`, `dynamodb_provisioned_wcu_hour`,
//!   `dynamodb_provisioned_rcu_hour`, `dynamodb_storage_gb_month`,
//!   `dynamodb_replicated_write_per_million`, `dynamodb_replicated_wcu_hour`,
//!   `dynamodb_reserved_per_100`, `dynamodb_pitr_gb_month`, `dynamodb_backup_gb_month`,
//!   `dynamodb_restore_per_gb`, `dynamodb_streams_read_per_100k`, `dynamodb_free_tier`,
//!   `dax_node`, `dax_node_hourly`
//! - ElastiCache ([`CacheEngine`]): `elasticache_node_type` (catalog), `elasticache_node_hourly`,
//!   `elasticache_reserved`, `elasticache_serverless_storage_gb_hour`,
//!   `elasticache_serverless_ecpu_per_million`, `elasticache_serverless_minimum_storage_gb`,
//!   `elasticache_backup_gb_month`
//!
//! **Importing AWS offer files** ([`aws_offer`])
//! - [`import_aws`]`(files: impl IntoIterator<Item = OfferInput<R: BufRead>>, ImportOptions { region, name, today },
//!   progress: &mut dyn FnMut(u64)) -> Result<(PriceTable, ImportReport), ImportError>`: AWS
//!   Price List Bulk API offer files (AmazonRDS, AmazonDynamoDB, AmazonDAX, AmazonElastiCache; JSON or
//!   CSV) streamed into a validated table, with a report of what was mapped, skipped,
//!   conflicting and still missing.
//!
//! **Versions and audit**
//! - [`canonical_json`]`(&table)` and [`content_hash`]`(&table)` (hex SHA-256 of the canonical
//!   JSON; stable under key order and whitespace).
//! - [`diff()`]`(&a, &b) -> Vec<PriceChange>`: every price added, removed or changed, with old,
//!   new and percentage; built on [`flatten`] (`path -> Decimal`).
//! - [`PriceTable::age_days`]`(today)` and [`PriceTable::is_stale`]`(today, stale_after_days)`,
//!   counted from `publication_date` when present, else `effective_date`.

pub mod aurora;
pub mod aws_offer;
pub mod bundled;
pub mod canonical;
pub mod codes;
pub mod diff;
pub mod dynamodb;
pub mod elasticache;
pub mod lookup;
pub mod price;
pub mod rds;
pub mod schema;
pub mod stale;
pub mod table;
pub mod validate;

pub use aurora::{Aurora, AuroraEdition, AuroraEngine};
pub use aws_offer::{ImportError, ImportOptions, ImportReport, OfferInput, import as import_aws};
pub use bundled::bundled;
pub use canonical::{canonical_json, content_hash};
pub use diff::{ChangeKind, PriceChange, diff, flatten};
pub use dynamodb::{Capacity, DynamoDb, TableClass};
pub use elasticache::{CacheEngine, ElastiCache};
pub use lookup::{Family, MissingPrice};
pub use price::{Price, Quantity};
pub use rds::{ExtendedSupportYear, Rds, RdsDeployment, RdsEngine, VolumeType};
pub use schema::json_schema;
pub use stale::DEFAULT_STALE_AFTER_DAYS;
pub use table::{
    Currency, DEFAULT_HOURS_PER_MONTH, DbInstanceClass, Payment, PriceTable, Region, ReservedPrice,
    SCHEMA_VERSION, Term,
};
pub use validate::{FieldError, FieldErrorKind, parse};
