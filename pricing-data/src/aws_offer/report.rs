//! What an import did: SKUs read, mapped and skipped (by reason), price rows left out, conflicts,
//! tier choices, and the dimensions of our schema the imported files did not fill.
//!
//! Every count is `u64` (the report crosses the wire to wasm32). `Display` renders the
//! plain-text summary the CLI prints; the server can send the struct as JSON.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// Why a product (SKU) was not mapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// `locationType` "AWS Outposts": priced per rack, not per region.
    Outposts,
    /// `locationType` "AWS Local Zone": its own prices, not the region's.
    LocalZone,
    /// Any other non-region `locationType` (Wavelength Zones, ...).
    OtherLocationType,
    /// `regionCode` of another region than the one imported.
    OtherRegion,
    /// ElastiCache "SyncDurability" add-on SKUs: a surcharge, not a node price.
    SyncDurability,
    /// ElastiCache Extended Support add-on SKUs: a surcharge the schema does not hold.
    ExtendedSupportAddOn,
    /// A product our schema has no place for (see [`ImportReport::not_in_schema`]).
    NotInSchema,
}

impl SkipReason {
    /// The snake_case name used in the report.
    pub fn key(self) -> &'static str {
        match self {
            Self::Outposts => "outposts",
            Self::LocalZone => "local_zone",
            Self::OtherLocationType => "other_location_type",
            Self::OtherRegion => "other_region",
            Self::SyncDurability => "sync_durability",
            Self::ExtendedSupportAddOn => "extended_support_add_on",
            Self::NotInSchema => "not_in_schema",
        }
    }
}

/// Why one price row (a price dimension of a term) of a mapped SKU was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowSkipReason {
    /// A zero-priced free-tier range (e.g. DynamoDB's first 25 GB); the paid tier is kept.
    FreeTier,
    /// A paid tier beyond the one our schema holds (see [`ImportReport::tiers`]).
    ExtraTier,
    /// A convertible reserved offering (the schema holds standard reservations).
    ConvertibleReservation,
    /// A reserved term with a lease or purchase option we do not know.
    UnknownReservedTerm,
    /// A term type other than OnDemand and Reserved.
    UnknownTermType,
    /// A unit other than the one our slot is priced in.
    UnexpectedUnit,
    /// A price in another currency than the table's.
    OtherCurrency,
}

impl RowSkipReason {
    /// The snake_case name used in the report.
    pub fn key(self) -> &'static str {
        match self {
            Self::FreeTier => "free_tier",
            Self::ExtraTier => "extra_tier",
            Self::ConvertibleReservation => "convertible_reservation",
            Self::UnknownReservedTerm => "unknown_reserved_term",
            Self::UnknownTermType => "unknown_term_type",
            Self::UnexpectedUnit => "unexpected_unit",
            Self::OtherCurrency => "other_currency",
        }
    }
}

/// One imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileSummary {
    /// The name the caller gave (usually the file name).
    pub name: String,
    /// "json" or "csv".
    pub format: String,
    /// `offerCode`, e.g. "AmazonRDS".
    pub offer_code: String,
    /// Offer `version`, e.g. "20261120174542".
    pub version: String,
    /// `publicationDate` as written, e.g. "2026-11-20T17:45:42Z".
    pub publication_date: String,
    /// Bytes read.
    pub bytes: u64,
}

/// Two or more SKUs priced the same slot differently: the slot is left empty, never silently
/// overwritten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The slot, as a path in the price table.
    pub slot: String,
    /// Every `(sku, value)` that claimed it, sorted.
    pub candidates: Vec<(String, String)>,
}

/// A tiered price our schema holds as one number: which tier was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierChoice {
    pub sku: String,
    pub slot: String,
    /// Start of the kept tier (the first paid one), in AWS's unit.
    pub kept_from: String,
    /// Paid tiers left out.
    pub dropped: u64,
}

/// The summary of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub files: Vec<FileSummary>,
    /// Region of the table, and whether it was taken from the files rather than given.
    pub region: String,
    pub region_inferred: bool,
    /// Distinct SKUs (products) read.
    pub skus_read: u64,
    /// SKUs mapped to a slot of our schema.
    pub skus_mapped: u64,
    /// Mapped SKUs that yielded no usable price (all rows skipped, or a conflict within).
    pub skus_mapped_without_price: u64,
    /// SKUs skipped, by reason.
    pub skipped: BTreeMap<SkipReason, u64>,
    /// Price rows of mapped SKUs left out, by reason.
    pub rows_skipped: BTreeMap<RowSkipReason, u64>,
    /// Products with no place in our schema, by "productFamily: what ruled it out".
    pub not_in_schema: BTreeMap<String, u64>,
    pub conflicts: Vec<Conflict>,
    pub tiers: Vec<TierChoice>,
    /// Dimensions of our schema that the imported files left empty, as table paths.
    pub missing: Vec<String>,
    /// Values filled from AWS documentation rather than the files, and other remarks.
    pub notes: Vec<String>,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for file in &self.files {
            writeln!(
                f,
                "{} ({}, {} version {}, published {}, {} bytes)",
                file.name,
                file.format,
                file.offer_code,
                file.version,
                file.publication_date,
                file.bytes
            )?;
        }
        let inferred = if self.region_inferred {
            " (from the files)"
        } else {
            ""
        };
        writeln!(f, "region: {}{inferred}", self.region)?;
        writeln!(
            f,
            "SKUs read: {}, mapped: {} ({} without a usable price)",
            self.skus_read, self.skus_mapped, self.skus_mapped_without_price
        )?;
        for (reason, n) in &self.skipped {
            writeln!(f, "  skipped {}: {n}", reason.key())?;
        }
        for (what, n) in &self.not_in_schema {
            writeln!(f, "    not in schema: {what}: {n}")?;
        }
        for (reason, n) in &self.rows_skipped {
            writeln!(f, "  price rows left out, {}: {n}", reason.key())?;
        }
        for c in &self.conflicts {
            let list: Vec<String> = c
                .candidates
                .iter()
                .map(|(sku, v)| format!("{sku}={v}"))
                .collect();
            writeln!(
                f,
                "conflict (slot left empty): {}: {}",
                c.slot,
                list.join(", ")
            )?;
        }
        for t in &self.tiers {
            writeln!(
                f,
                "tiered: {} ({}): kept the tier from {}, {} more dropped",
                t.slot, t.sku, t.kept_from, t.dropped
            )?;
        }
        if !self.missing.is_empty() {
            writeln!(
                f,
                "missing from the imported files ({}):",
                self.missing.len()
            )?;
            for m in &self.missing {
                writeln!(f, "  {m}")?;
            }
        }
        for n in &self.notes {
            writeln!(f, "note: {n}")?;
        }
        Ok(())
    }
}
