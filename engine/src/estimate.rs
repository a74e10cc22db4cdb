//! The estimate (output): per option, the sizing decisions with their reasons, auditable line
//! items, totals, warnings and fit notes; and for the whole scenario a recommendation and
//! the caching what-if.
//!
//! Every line item's `cost` is exactly `quantity × unit_price` at full precision; every total
//! is exactly the sum of its lines. Nothing is rounded here: round once, for display, with
//! [`round_for_display`].

use std::borrow::Cow;
use std::fmt::Display;
use std::sync::Arc;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::prices::{MissingPrice, PriceBook, PriceKey, Term};
use crate::scenario::UpfrontChoice;

/// One of the estimate's texts: a fixed text borrowed for the program's lifetime, one
/// written for this estimate, or one written once and shared by several options of the
/// estimate (copying it copies a pointer). Serialises exactly as a `String` (and has its JSON
/// Schema); deserialises owned. Reads as a `&str` (`Deref`, `Display`, comparisons).
#[derive(Clone)]
pub enum Txt {
    /// A fixed text.
    Borrowed(&'static str),
    /// A text written for one option.
    Owned(String),
    /// A text written once and shared.
    Shared(Arc<str>),
}

impl Txt {
    /// The text as a `&str`.
    pub fn as_str(&self) -> &str {
        match self {
            Txt::Borrowed(s) => s,
            Txt::Owned(s) => s,
            Txt::Shared(s) => s,
        }
    }

    /// The text as an owned `String`.
    pub fn into_owned(self) -> String {
        match self {
            Txt::Owned(s) => s,
            other => other.as_str().to_owned(),
        }
    }

    /// The same text, shared: copies of the result cost no allocation. A fixed or already
    /// shared text is returned as it is.
    pub fn shared(self) -> Txt {
        match self {
            Txt::Owned(s) => Txt::Shared(Arc::from(s)),
            other => other,
        }
    }
}

impl Default for Txt {
    fn default() -> Self {
        Txt::Borrowed("")
    }
}

impl std::ops::Deref for Txt {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Txt {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Txt {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Txt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Display for Txt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for Txt {
    fn eq(&self, other: &Txt) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Txt {}

impl std::hash::Hash for Txt {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for Txt {
    fn partial_cmp(&self, other: &Txt) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Txt {
    fn cmp(&self, other: &Txt) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialEq<str> for Txt {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Txt {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Txt {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Txt> for str {
    fn eq(&self, other: &Txt) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Txt> for &str {
    fn eq(&self, other: &Txt) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Txt> for String {
    fn eq(&self, other: &Txt) -> bool {
        self.as_str() == other.as_str()
    }
}

impl From<&'static str> for Txt {
    fn from(s: &'static str) -> Txt {
        Txt::Borrowed(s)
    }
}

impl From<String> for Txt {
    fn from(s: String) -> Txt {
        Txt::Owned(s)
    }
}

impl From<Txt> for String {
    fn from(t: Txt) -> String {
        t.into_owned()
    }
}

impl Serialize for Txt {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Txt {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Txt, D::Error> {
        String::deserialize(deserializer).map(Txt::Owned)
    }
}

impl JsonSchema for Txt {
    fn inline_schema() -> bool {
        String::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        String::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        String::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

/// The result of [`crate::estimate()`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Estimate {
    /// Version of the scenario format that was estimated.
    pub scenario_version: u32,
    /// ISO 4217 currency of every amount.
    pub currency: String,
    /// Hours in a month used for every hourly price.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub hours_per_month: Decimal,
    /// The workload as the engine understood it.
    pub workload: WorkloadSummary,
    /// Every applicable option, priced or not.
    pub options: Vec<OptionEstimate>,
    /// The recommended option, following the decision tree; absent when no option is priced.
    pub recommendation: Option<Recommendation>,
    /// Cache cost against database savings; present when caching is `compare` or `yes`.
    pub caching_what_if: Option<CachingWhatIf>,
    /// Warnings about the scenario as a whole.
    pub warnings: Vec<String>,
    /// Cost bands, failure rates and the least-regret option, when some input is a range;
    /// absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<crate::uncertainty::Uncertainty>,
}

/// Derived workload figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WorkloadSummary {
    /// Average reads per second reaching the database (after the cache, if one is used).
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub average_reads_per_second: Decimal,
    /// Average writes per second.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub average_writes_per_second: Decimal,
    /// Reads per second in the busiest hour.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub peak_reads_per_second: Decimal,
    /// Writes per second in the busiest hour.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub peak_writes_per_second: Decimal,
    /// The 24 hourly multipliers used (mean 1).
    #[serde(serialize_with = "crate::decimal_text::serialize_slice")]
    pub hourly_multipliers: Vec<Decimal>,
    /// Hours of the day without any traffic.
    pub idle_hours: u32,
    /// Data size now, GB.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub current_data_gb: Decimal,
    /// Data size averaged over the horizon, GB.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub average_data_gb: Decimal,
    /// Data size at the end of the horizon, GB.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub final_data_gb: Decimal,
    /// Working set at the end of the horizon, GB.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub working_set_gb: Decimal,
}

/// Which AWS service an option uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// Amazon RDS.
    Rds,
    /// Amazon Aurora, provisioned instances.
    Aurora,
    /// Amazon Aurora Serverless v2.
    AuroraServerlessV2,
    /// Amazon DynamoDB.
    Dynamodb,
    /// DynamoDB Accelerator.
    Dax,
    /// Amazon ElastiCache.
    Elasticache,
}

/// What an option is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The system of record.
    Database,
    /// A cache in front of a database.
    Cache,
}

/// Kind of charge, so that a user can group the bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Instances, nodes, ACUs.
    Compute,
    /// Provisioned DynamoDB capacity units.
    Capacity,
    /// On-demand requests (DynamoDB request units, ElastiCache ECPUs).
    Requests,
    /// Data storage.
    Storage,
    /// Provisioned IOPS and throughput.
    Iops,
    /// Aurora I/O requests (Standard configuration only).
    Io,
    /// Backup storage.
    Backup,
    /// Cross-region replication (replicated writes, Global Database replicated write I/O).
    Replication,
    /// Data transfer.
    Transfer,
    /// A reservation's upfront fee spread over its term.
    AmortisedUpfront,
    /// A one-time upfront fee.
    Upfront,
}

/// One auditable charge: `cost = quantity × unit_price`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LineItem {
    /// What is charged, e.g. "db.r6g.xlarge Multi-AZ instance".
    pub dimension: Txt,
    /// Kind of charge.
    pub category: Category,
    /// How much, in `unit`.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub quantity: Decimal,
    /// Unit of the quantity, e.g. "instance-hours", "GB-months".
    pub unit: Txt,
    /// Price per unit, in the table's currency.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub unit_price: Decimal,
    /// `quantity × unit_price`.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub cost: Decimal,
    /// The price-table entry used, `family/dimension/key`.
    pub price_key: Txt,
    /// Term of the reservation, months, for upfront and amortised lines.
    pub term_months: Option<u32>,
}

/// A sizing decision and the reason for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Sizing {
    /// What was sized, e.g. "instance class".
    pub item: Txt,
    /// The choice, e.g. "db.r6g.xlarge".
    pub choice: Txt,
    /// Why, e.g. "needs 3.1 vCPU at 70 % target and 24 GiB working set".
    pub reason: Txt,
}

/// Whether an option meets one need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FitNote {
    /// The need, e.g. "rpo", "rto", "acid", "joins", "multi_az", "read_replicas", "storage".
    pub need: Txt,
    /// Whether the option meets it.
    pub meets: bool,
    /// Explanation with the figures.
    pub note: Txt,
}

/// The reservation an option's price uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Reservation {
    /// Term, months.
    pub term_months: u32,
    /// Payment option.
    pub payment: UpfrontChoice,
}

/// Whether an option could be priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriceStatus {
    /// Every price was found.
    Priced,
    /// At least one price is missing; see `missing_prices`. Totals are absent, never zero.
    NotPriced,
}

/// One sized and priced option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OptionEstimate {
    /// Stable id, e.g. `rds-postgresql-multi-az`, `dynamodb-on-demand`.
    pub id: Txt,
    /// Human label.
    pub label: Txt,
    /// AWS service.
    pub service: Service,
    /// Database or cache.
    pub role: Role,
    /// Sizing decisions with reasons.
    pub sizing: Vec<Sizing>,
    /// Whether every price was found.
    pub status: PriceStatus,
    /// Monthly charges (recurring, and upfront fees amortised over their term).
    pub line_items: Vec<LineItem>,
    /// One-time upfront fees.
    pub upfront_items: Vec<LineItem>,
    /// Sum of `line_items`, per month; absent when not priced.
    #[serde(serialize_with = "crate::decimal_text::serialize_option")]
    pub monthly: Option<Decimal>,
    /// Sum of `upfront_items`; absent when not priced.
    #[serde(serialize_with = "crate::decimal_text::serialize_option")]
    pub upfront: Option<Decimal>,
    /// Cost over 12 months: recurring charges × 12 plus every upfront fee paid in that time.
    #[serde(serialize_with = "crate::decimal_text::serialize_option")]
    pub tco_12_months: Option<Decimal>,
    /// Cost over 36 months, likewise.
    #[serde(serialize_with = "crate::decimal_text::serialize_option")]
    pub tco_36_months: Option<Decimal>,
    /// The reservation used, if any.
    pub reservation: Option<Reservation>,
    /// Prices the table lacks for this option.
    pub missing_prices: Vec<MissingPrice>,
    /// Warnings for this option.
    pub warnings: Vec<String>,
    /// Whether the option meets each need.
    pub fit: Vec<FitNote>,
    /// Whether every fit note is met.
    pub meets_all_needs: bool,
}

/// The recommended option and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Recommendation {
    /// Id of the recommended database option.
    pub option_id: String,
    /// Its monthly cost.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub monthly: Decimal,
    /// The decision-tree steps taken, in order.
    pub path: Vec<String>,
    /// Why this option.
    pub reasons: Vec<String>,
    /// The next-cheapest option that meets every need, if any.
    pub runner_up: Option<String>,
    /// The cache recommended alongside, when caching is wanted.
    pub cache_option_id: Option<String>,
}

/// Cache cost against the database savings it brings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CachingWhatIf {
    /// Share of reads served by the cache, percent.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub hit_rate_percent: Decimal,
    /// One row per priced database option.
    pub rows: Vec<CachingRow>,
}

/// One database option with and without a cache.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CachingRow {
    /// Database option id.
    pub option_id: String,
    /// Monthly database cost without a cache.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub without_cache: Decimal,
    /// Monthly database cost with reads reduced by the hit rate.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub with_cache: Decimal,
    /// `without_cache - with_cache`.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub database_savings: Decimal,
    /// The cheapest priced cache for this database (DAX for DynamoDB, else ElastiCache).
    pub cache_option_id: String,
    /// Its monthly cost.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub cache_monthly: Decimal,
    /// `database_savings - cache_monthly`: positive means the cache pays for itself.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub net_savings: Decimal,
}

/// Round an amount of money for display: to the cent, half away from zero.
pub fn round_for_display(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// `d` written out into a `String` of `capacity` bytes, sized for the text it usually holds so
/// that it is written without regrowing (a plain `to_string` starts empty and doubles).
pub(crate) fn text(d: impl Display, capacity: usize) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(capacity);
    // Writing to a String cannot fail.
    let _ = write!(s, "{d}");
    s
}

/// [`text`] of a `format_args!`, written straight into the `String` (not through `Display`
/// for `Arguments`, one layer of formatting fewer).
pub(crate) fn args_text(args: std::fmt::Arguments<'_>, capacity: usize) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(capacity);
    // Writing to a String cannot fail.
    let _ = s.write_fmt(args);
    s
}

/// Something that becomes one of the estimate's texts: a `&str` or `String` as it is, a
/// `format_args!` or other `Display` value written into a `String` of `capacity` bytes.
pub(crate) trait Text {
    fn into_text(self, capacity: usize) -> Txt;
}

impl Text for &'static str {
    fn into_text(self, _: usize) -> Txt {
        Txt::Borrowed(self)
    }
}

impl Text for &String {
    fn into_text(self, _: usize) -> Txt {
        Txt::Owned(self.clone())
    }
}

impl Text for String {
    fn into_text(self, _: usize) -> Txt {
        Txt::Owned(self)
    }
}

impl Text for Txt {
    fn into_text(self, _: usize) -> Txt {
        self
    }
}

impl Text for std::fmt::Arguments<'_> {
    fn into_text(self, capacity: usize) -> Txt {
        match self.as_str() {
            Some(s) => Txt::Borrowed(s),
            None => Txt::Owned(args_text(self, capacity)),
        }
    }
}

impl Text for &dyn Display {
    fn into_text(self, capacity: usize) -> Txt {
        Txt::Owned(text(self, capacity))
    }
}

impl Text for u32 {
    fn into_text(self, _: usize) -> Txt {
        // Small counts (readers, replicas, nodes) are fixed texts.
        const SMALL: [&str; 16] = [
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15",
        ];
        match SMALL.get(self as usize) {
            Some(s) => Txt::Borrowed(s),
            None => Txt::Owned(self.to_string()),
        }
    }
}

/// Collects the line items of one option, looking each price up once and recording every
/// missing price instead of inventing a zero.
pub(crate) struct Bill<'p> {
    prices: &'p dyn PriceBook,
    /// Totals only: no labels on the lines (sweeps and the caching what-if).
    lean: bool,
    pub lines: Vec<LineItem>,
    pub upfront: Vec<LineItem>,
    pub missing: Vec<MissingPrice>,
}

impl<'p> Bill<'p> {
    pub fn new(prices: &'p dyn PriceBook, lean: bool) -> Self {
        Bill {
            prices,
            lean,
            lines: Vec::new(),
            upfront: Vec::new(),
            missing: Vec::new(),
        }
    }

    /// Look a price up, recording it as missing when absent.
    pub fn lookup(&mut self, key: &PriceKey<'_>) -> Option<Decimal> {
        match self.prices.price(key) {
            Ok(p) => Some(p),
            Err(m) => {
                if !self.missing.contains(&m) {
                    self.missing.push(m);
                }
                None
            }
        }
    }

    /// Add a monthly line `quantity × price(key)`. Zero quantities add nothing (and need no
    /// price).
    pub fn add(
        &mut self,
        dimension: impl Text,
        category: Category,
        quantity: Decimal,
        unit: &'static str,
        key: &PriceKey<'_>,
    ) {
        // `quantity <= 0`, without `Decimal`'s comparison (a zero of either sign, or a
        // negative amount).
        if quantity.is_zero() || quantity.is_sign_negative() {
            return;
        }
        if let Some(unit_price) = self.lookup(key) {
            let (dimension, unit, price_key) = if self.lean {
                (Txt::Borrowed(""), Txt::Borrowed(""), Txt::Borrowed(""))
            } else {
                (dimension.into_text(64), Txt::Borrowed(unit), key.txt(64))
            };
            self.lines.push(LineItem {
                dimension,
                category,
                quantity,
                unit,
                unit_price,
                cost: quantity * unit_price,
                price_key,
                term_months: None,
            });
        }
    }

    /// Add a reservation's upfront fee: the one-time line, and the same fee spread over the
    /// term as a monthly line (`count × fee / term months`). AWS bills the fee once at
    /// purchase ("Reserved DB instances", RDS User Guide); amortising it is how the monthly
    /// figure stays comparable with on-demand.
    pub fn add_upfront(
        &mut self,
        dimension: &dyn Display,
        count: Decimal,
        unit: &'static str,
        fee: Decimal,
        key: &PriceKey<'_>,
        term: Term,
    ) {
        if count <= Decimal::ZERO || fee <= Decimal::ZERO {
            return;
        }
        let months = Decimal::from(term.months());
        // Totals only: no labels (as `add`).
        let lean = self.lean;
        let label = |d: std::fmt::Arguments<'_>| {
            if lean {
                String::new()
            } else {
                args_text(d, 80)
            }
        };
        let unit_text = |d: std::fmt::Arguments<'_>| -> Txt {
            if lean {
                Txt::Borrowed("")
            } else {
                d.into_text(80)
            }
        };
        let price_key = if lean { Txt::Borrowed("") } else { key.txt(64) };
        self.upfront.push(LineItem {
            dimension: label(format_args!(
                "{dimension} upfront fee ({}-month term)",
                term.months()
            ))
            .into(),
            category: Category::Upfront,
            quantity: count,
            unit: if lean {
                Txt::Borrowed("")
            } else {
                Txt::Borrowed(unit)
            },
            unit_price: fee,
            cost: count * fee,
            price_key: price_key.clone(),
            term_months: Some(term.months()),
        });
        let per_month = fee / months;
        self.lines.push(LineItem {
            dimension: label(format_args!(
                "{dimension} upfront fee, amortised over {} months",
                term.months()
            ))
            .into(),
            category: Category::AmortisedUpfront,
            quantity: count,
            unit: unit_text(format_args!("{unit} × 1/{} of the fee", term.months())),
            unit_price: per_month,
            cost: count * per_month,
            price_key,
            term_months: Some(term.months()),
        });
    }

    /// Finish the option: totals when every price was found, else a not-priced option.
    pub fn finish(self, option: OptionHead) -> OptionEstimate {
        let priced = self.missing.is_empty();
        let monthly: Decimal = self.lines.iter().map(|l| l.cost).sum();
        let upfront: Decimal = self.upfront.iter().map(|l| l.cost).sum();
        // Amortised lines come only with an upfront fee (`add_upfront`): without one the
        // recurring lines are all the lines, added in the same order.
        let recurring: Decimal = if self.upfront.is_empty() {
            debug_assert!(
                self.lines
                    .iter()
                    .all(|l| l.category != Category::AmortisedUpfront)
            );
            monthly
        } else {
            self.lines
                .iter()
                .filter(|l| l.category != Category::AmortisedUpfront)
                .map(|l| l.cost)
                .sum()
        };
        let tco = |months: u32| {
            let recurring_total = recurring * Decimal::from(months);
            if self.upfront.is_empty() {
                // No fees: adding their empty sum (zero at scale 0) returns the recurring
                // total itself, or that zero when the total is zero (`Decimal`'s addition
                // returns the other operand when one is zero).
                return if recurring_total.is_zero() {
                    Decimal::ZERO
                } else {
                    recurring_total
                };
            }
            let fees: Decimal = self
                .upfront
                .iter()
                .map(|l| {
                    let term = l.term_months.unwrap_or(months).max(1);
                    l.cost * Decimal::from(months.div_ceil(term))
                })
                .sum();
            recurring_total + fees
        };
        debug_assert!(option.lean || option.unmet == option.fit.iter().any(|f| !f.meets));
        let meets_all_needs = !option.unmet;
        OptionEstimate {
            id: option.id,
            label: option.label,
            service: option.service,
            role: option.role,
            sizing: option.sizing,
            status: if priced {
                PriceStatus::Priced
            } else {
                PriceStatus::NotPriced
            },
            monthly: priced.then_some(monthly),
            upfront: priced.then_some(upfront),
            tco_12_months: priced.then(|| tco(12)),
            tco_36_months: priced.then(|| tco(36)),
            line_items: self.lines,
            upfront_items: self.upfront,
            reservation: option.reservation,
            missing_prices: self.missing,
            warnings: option.warnings,
            fit: option.fit,
            meets_all_needs,
        }
    }
}

/// Everything about an option except its bill.
#[derive(Clone)]
pub(crate) struct OptionHead {
    /// Totals only: sizing reasons, fit-note texts and warnings are not written.
    pub lean: bool,
    pub id: Txt,
    pub label: Txt,
    pub service: Service,
    pub role: Role,
    pub sizing: Vec<Sizing>,
    pub reservation: Option<Reservation>,
    pub warnings: Vec<String>,
    /// The fit notes (none in a lean pass).
    pub fit: Vec<FitNote>,
    /// Whether some need is not met: every fit note's `meets`, kept in lean passes too
    /// (which write no notes), for `meets_all_needs`.
    pub unmet: bool,
}

impl OptionHead {
    pub fn new(lean: bool, id: impl Text, label: impl Text, service: Service, role: Role) -> Self {
        OptionHead {
            lean,
            id: id.into_text(48),
            label: if lean {
                Txt::Borrowed("")
            } else {
                label.into_text(80)
            },
            service,
            role,
            sizing: Vec::new(),
            reservation: None,
            warnings: Vec::new(),
            // Up to six needs are judged for a database (ACID, joins, Multi-AZ, regions, RPO,
            // RTO), a limit or none for a cache; lean passes keep no notes.
            fit: if lean || role == Role::Cache {
                Vec::new()
            } else {
                Vec::with_capacity(6)
            },
            unmet: false,
        }
    }

    pub fn size(&mut self, item: &'static str, choice: impl Text, reason: impl Text) {
        if self.lean {
            return;
        }
        self.sizing.push(Sizing {
            item: Txt::Borrowed(item),
            choice: choice.into_text(48),
            reason: reason.into_text(176),
        });
    }

    pub fn fit(&mut self, need: &'static str, meets: bool, note: impl Text) {
        self.unmet |= !meets;
        if self.lean {
            return;
        }
        self.fit.push(FitNote {
            need: Txt::Borrowed(need),
            meets,
            note: note.into_text(136),
        });
    }

    pub fn warn(&mut self, warning: impl Text) {
        if self.lean {
            return;
        }
        let warning = warning.into_text(192).into_owned();
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::MapPriceBook;
    use crate::prices::RdsDeployment;
    use crate::scenario::{DbEngine, VolumeType};
    use rust_decimal_macros::dec;

    /// `finish` takes the monthly total as the recurring one when there is no upfront fee:
    /// the totals must be those of adding the recurring lines one by one.
    #[test]
    fn totals_without_upfront_fee_add_every_line() {
        let mut prices = MapPriceBook::new();
        let storage = |deployment| PriceKey::RdsStorageGbMonth {
            engine: DbEngine::Postgresql,
            volume: VolumeType::Gp3,
            deployment,
        };
        prices.set(&storage(RdsDeployment::SingleAz), dec!(0.115));
        prices.set(&storage(RdsDeployment::MultiAz), dec!(0.2300000001));
        for lean in [false, true] {
            let mut bill = Bill::new(&prices, lean);
            let quantities = [dec!(33.3333), dec!(0.07), dec!(1234567.891)];
            let mut recurring = Decimal::ZERO;
            for (k, q) in quantities.into_iter().enumerate() {
                let key = storage(if k % 2 == 0 {
                    RdsDeployment::SingleAz
                } else {
                    RdsDeployment::MultiAz
                });
                bill.add("storage", Category::Storage, q, "GB-months", &key);
                recurring += bill.lines[k].cost;
            }
            let head = OptionHead::new(lean, "t", "t", Service::Rds, Role::Database);
            let o = bill.finish(head);
            assert_eq!(o.monthly, Some(recurring));
            assert_eq!(o.upfront, Some(Decimal::ZERO));
            assert_eq!(o.tco_12_months, Some(recurring * dec!(12) + Decimal::ZERO));
            assert_eq!(o.tco_36_months, Some(recurring * dec!(36) + Decimal::ZERO));
            assert_eq!(
                o.tco_36_months.map(|d| d.to_string()),
                Some((recurring * dec!(36)).to_string())
            );
        }
    }

    /// A zero recurring total (a free line, e.g. a zero price at scale 3) gives the TCO that
    /// adding the empty fees gives: zero at scale 0, not the total's "0.000".
    #[test]
    fn zero_totals_without_upfront_fee_are_what_the_addition_gives() {
        let mut prices = MapPriceBook::new();
        let key = PriceKey::RdsStorageGbMonth {
            engine: DbEngine::Postgresql,
            volume: VolumeType::Gp3,
            deployment: RdsDeployment::SingleAz,
        };
        prices.set(&key, dec!(0.000));
        let mut bill = Bill::new(&prices, false);
        bill.add("storage", Category::Storage, dec!(20), "GB-months", &key);
        let head = OptionHead::new(false, "t", "t", Service::Rds, Role::Database);
        let o = bill.finish(head);
        let recurring = o.monthly.unwrap_or(Decimal::ONE);
        for (months, tco) in [(12, o.tco_12_months), (36, o.tco_36_months)] {
            let expected = recurring * Decimal::from(months) + Decimal::ZERO;
            assert_eq!(tco.map(|d| d.serialize()), Some(expected.serialize()));
        }
    }

    /// Counts become their decimal text, borrowed when small.
    #[test]
    fn counts_are_their_decimal_text() {
        for n in (0u32..40).chain([99, 1000, u32::MAX]) {
            let t = n.into_text(0);
            assert_eq!(t, n.to_string());
            assert_eq!(matches!(t, Txt::Borrowed(_)), n < 16);
        }
    }
}
