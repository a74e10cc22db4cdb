//! The scenario: a versioned description of a *workload* (not of instances) that the engine
//! sizes and prices.
//!
//! The wire form is JSON (or a query string) with serde defaults for every omitted field, so
//! `{}` is a valid scenario equal to [`Scenario::default()`]. Parse untrusted input with
//! [`Scenario::from_json`] or check a value built in code with [`Scenario::validate`]: both
//! return a [`ScenarioError`] that names the offending field by its dotted path
//! (`traffic.reads_per_second`).
//!
//! Units: sizes of data are GB (1 GB = 1,024 MB, as AWS bills storage in GiB-months and calls
//! them GB), item sizes are KB of 1,024 bytes (DynamoDB's "4 KB" read unit), rates are
//! requests per second, shares are percentages from 0 to 100.
//!
//! Ranges: the workload inputs listed in [`RangedField`] accept either a single value (a
//! number or a decimal string, as always) or a range object `{"low", "likely", "high",
//! "confidence"}`. The field itself holds the *likely* value, so everything that sizes and
//! prices reads it unchanged; the bounds are kept in [`Scenario::ranges`] and only
//! [`crate::uncertainty`] reads them. A single value serialises exactly as before; a range
//! serialises as the object. The read and write consistency shares
//! (`traffic.eventual_read_percent` and its siblings) stay single values: the three read
//! shares must add up to exactly 100, which independent draws could not keep.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ScenarioError;

/// The only scenario format version this engine reads.
pub const SCENARIO_VERSION: u32 = 1;

/// A workload to size and price. Every field has a documented default.
///
/// Serde goes through [`ScenarioPlain`] (the derived form) plus the range objects of
/// [`Scenario::ranges`], see the module documentation.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// Format version of this document; must be 1.
    pub scenario_version: u32,
    /// The data stored.
    pub data: Data,
    /// Request rates and their daily shape.
    pub traffic: Traffic,
    /// Functional and availability requirements.
    pub needs: Needs,
    /// Whether and how a cache in front of the database is considered.
    pub caching: Caching,
    /// Period for the total cost of ownership and the commitments allowed.
    pub horizon: Horizon,
    /// Sizing assumptions, each with a documented default.
    pub assumptions: Assumptions,
    /// Pinned choices that replace the engine's own sizing.
    pub overrides: Overrides,
    /// The inputs given as ranges: their low and high bounds and confidence (the field itself
    /// holds the likely value). Empty when every input is a single value.
    #[serde(skip)]
    pub ranges: BTreeMap<RangedField, Spread>,
}

impl Default for Scenario {
    /// A typical small production web application: 50 GB growing 3 % a month, 200 reads/s
    /// and 50 writes/s on a business-hours curve, ACID with joins, Multi-AZ, one region,
    /// 7 days of backups.
    fn default() -> Self {
        Scenario {
            scenario_version: SCENARIO_VERSION,
            data: Data::default(),
            traffic: Traffic::default(),
            needs: Needs::default(),
            caching: Caching::default(),
            horizon: Horizon::default(),
            assumptions: Assumptions::default(),
            overrides: Overrides::default(),
            ranges: BTreeMap::new(),
        }
    }
}

/// The derived serde form of [`Scenario`] without its ranges (serde's remote derive, so the
/// fields are listed once more here and checked against `Scenario` by the compiler).
#[derive(Serialize, Deserialize)]
#[serde(
    remote = "Scenario",
    default = "Scenario::default",
    deny_unknown_fields
)]
struct ScenarioPlain {
    scenario_version: u32,
    data: Data,
    traffic: Traffic,
    needs: Needs,
    caching: Caching,
    horizon: Horizon,
    assumptions: Assumptions,
    overrides: Overrides,
    #[serde(skip)]
    ranges: BTreeMap<RangedField, Spread>,
}

/// [`ScenarioPlain`]'s deserializer with the path of a bad field.
struct ScenarioPlainDe;

impl ScenarioPlainDe {
    fn deserialize_path(
        value: serde_json::Value,
    ) -> Result<Scenario, serde_path_to_error::Error<serde_json::Error>> {
        struct Wrap(Scenario);
        impl<'de> Deserialize<'de> for Wrap {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                ScenarioPlain::deserialize(d).map(Wrap)
            }
        }
        serde_path_to_error::deserialize::<_, Wrap>(value).map(|w| w.0)
    }
}

impl Serialize for Scenario {
    /// Single values exactly as the derived form; each ranged field as its range object.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.ranges.is_empty() {
            return ScenarioPlain::serialize(self, serializer);
        }
        struct Plain<'a>(&'a Scenario);
        impl Serialize for Plain<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                ScenarioPlain::serialize(self.0, serializer)
            }
        }
        let mut value = serde_json::to_value(Plain(self)).map_err(serde::ser::Error::custom)?;
        for (field, spread) in &self.ranges {
            let (section, name) = field.parts();
            if let Some(slot) = value.get_mut(section).and_then(|v| v.get_mut(name)) {
                *slot = serde_json::to_value(RangeInput {
                    low: spread.low,
                    likely: field.value(self),
                    high: spread.high,
                    confidence: spread.confidence,
                })
                .map_err(serde::ser::Error::custom)?;
            }
        }
        value.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Scenario {
    /// Accepts a range object in place of any [`RangedField`]; see [`Scenario::from_json`]
    /// for errors that name the field. Reads the document as a `serde_json::Value` first, so
    /// it needs a self-describing format (JSON: every caller).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut value = serde_json::Value::deserialize(deserializer)?;
        let ranges = take_ranges(&mut value).map_err(serde::de::Error::custom)?;
        let mut scenario = ScenarioPlain::deserialize(value).map_err(serde::de::Error::custom)?;
        scenario.ranges = ranges;
        Ok(scenario)
    }
}

/// Replaces every range object in `value` by its likely value and returns the ranges.
fn take_ranges(
    value: &mut serde_json::Value,
) -> Result<BTreeMap<RangedField, Spread>, ScenarioError> {
    let mut ranges = BTreeMap::new();
    for field in RangedField::ALL {
        let (section, name) = field.parts();
        let Some(slot) = value.get_mut(section).and_then(|v| v.get_mut(name)) else {
            continue;
        };
        if !slot.is_object() {
            continue;
        }
        let input: RangeInput = serde_path_to_error::deserialize(slot.take()).map_err(|e| {
            let inner = e.path().to_string();
            ScenarioError::Malformed {
                field: if inner == "." {
                    field.path().to_string()
                } else {
                    format!("{}.{inner}", field.path())
                },
                message: e.into_inner().to_string(),
            }
        })?;
        *slot = serde_json::to_value(input.likely).map_err(|e| ScenarioError::Malformed {
            field: field.path().to_string(),
            message: e.to_string(),
        })?;
        ranges.insert(
            field,
            Spread {
                low: input.low,
                high: input.high,
                confidence: input.confidence,
            },
        );
    }
    Ok(ranges)
}

/// A workload input that may be given as a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RangedField {
    /// `data.size_gb`
    DataSizeGb,
    /// `data.monthly_growth_percent`
    DataMonthlyGrowthPercent,
    /// `data.item_size_kb`
    DataItemSizeKb,
    /// `data.hot_percent`
    DataHotPercent,
    /// `traffic.reads_per_second`
    TrafficReadsPerSecond,
    /// `traffic.writes_per_second`
    TrafficWritesPerSecond,
    /// `traffic.hottest_key_percent`
    TrafficHottestKeyPercent,
    /// `traffic.complex_query_percent`
    TrafficComplexQueryPercent,
    /// `caching.hit_rate_percent`
    CachingHitRatePercent,
    /// `caching.item_size_kb`
    CachingItemSizeKb,
}

impl RangedField {
    /// Every field that accepts a range, in the order the sampler draws them.
    pub const ALL: [RangedField; 10] = [
        RangedField::DataSizeGb,
        RangedField::DataMonthlyGrowthPercent,
        RangedField::DataItemSizeKb,
        RangedField::DataHotPercent,
        RangedField::TrafficReadsPerSecond,
        RangedField::TrafficWritesPerSecond,
        RangedField::TrafficHottestKeyPercent,
        RangedField::TrafficComplexQueryPercent,
        RangedField::CachingHitRatePercent,
        RangedField::CachingItemSizeKb,
    ];

    /// The section and the field name in the JSON document.
    pub fn parts(self) -> (&'static str, &'static str) {
        match self {
            RangedField::DataSizeGb => ("data", "size_gb"),
            RangedField::DataMonthlyGrowthPercent => ("data", "monthly_growth_percent"),
            RangedField::DataItemSizeKb => ("data", "item_size_kb"),
            RangedField::DataHotPercent => ("data", "hot_percent"),
            RangedField::TrafficReadsPerSecond => ("traffic", "reads_per_second"),
            RangedField::TrafficWritesPerSecond => ("traffic", "writes_per_second"),
            RangedField::TrafficHottestKeyPercent => ("traffic", "hottest_key_percent"),
            RangedField::TrafficComplexQueryPercent => ("traffic", "complex_query_percent"),
            RangedField::CachingHitRatePercent => ("caching", "hit_rate_percent"),
            RangedField::CachingItemSizeKb => ("caching", "item_size_kb"),
        }
    }

    /// The dotted path, e.g. `traffic.reads_per_second`.
    pub fn path(self) -> &'static str {
        match self {
            RangedField::DataSizeGb => "data.size_gb",
            RangedField::DataMonthlyGrowthPercent => "data.monthly_growth_percent",
            RangedField::DataItemSizeKb => "data.item_size_kb",
            RangedField::DataHotPercent => "data.hot_percent",
            RangedField::TrafficReadsPerSecond => "traffic.reads_per_second",
            RangedField::TrafficWritesPerSecond => "traffic.writes_per_second",
            RangedField::TrafficHottestKeyPercent => "traffic.hottest_key_percent",
            RangedField::TrafficComplexQueryPercent => "traffic.complex_query_percent",
            RangedField::CachingHitRatePercent => "caching.hit_rate_percent",
            RangedField::CachingItemSizeKb => "caching.item_size_kb",
        }
    }

    /// The field's (likely) value in `s`.
    pub fn value(self, s: &Scenario) -> Decimal {
        match self {
            RangedField::DataSizeGb => s.data.size_gb,
            RangedField::DataMonthlyGrowthPercent => s.data.monthly_growth_percent,
            RangedField::DataItemSizeKb => s.data.item_size_kb,
            RangedField::DataHotPercent => s.data.hot_percent,
            RangedField::TrafficReadsPerSecond => s.traffic.reads_per_second,
            RangedField::TrafficWritesPerSecond => s.traffic.writes_per_second,
            RangedField::TrafficHottestKeyPercent => s.traffic.hottest_key_percent,
            RangedField::TrafficComplexQueryPercent => s.traffic.complex_query_percent,
            RangedField::CachingHitRatePercent => s.caching.hit_rate_percent,
            RangedField::CachingItemSizeKb => s.caching.item_size_kb,
        }
    }

    /// The field in `s`, to set.
    pub fn value_mut(self, s: &mut Scenario) -> &mut Decimal {
        match self {
            RangedField::DataSizeGb => &mut s.data.size_gb,
            RangedField::DataMonthlyGrowthPercent => &mut s.data.monthly_growth_percent,
            RangedField::DataItemSizeKb => &mut s.data.item_size_kb,
            RangedField::DataHotPercent => &mut s.data.hot_percent,
            RangedField::TrafficReadsPerSecond => &mut s.traffic.reads_per_second,
            RangedField::TrafficWritesPerSecond => &mut s.traffic.writes_per_second,
            RangedField::TrafficHottestKeyPercent => &mut s.traffic.hottest_key_percent,
            RangedField::TrafficComplexQueryPercent => &mut s.traffic.complex_query_percent,
            RangedField::CachingHitRatePercent => &mut s.caching.hit_rate_percent,
            RangedField::CachingItemSizeKb => &mut s.caching.item_size_kb,
        }
    }
}

/// The bounds of a ranged input; its likely value is the field itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spread {
    /// Lowest plausible value.
    pub low: Decimal,
    /// Highest plausible value.
    pub high: Decimal,
    /// How sure the likely value is: the PERT shape.
    pub confidence: Confidence,
}

/// How strongly the likely value dominates a range: the shape parameter λ of the PERT
/// distribution (Vose, "Risk Analysis", 3rd ed., the modified PERT: classic PERT is λ = 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// λ = 2: a flatter spread between low and high.
    Low,
    /// λ = 4: classic PERT.
    #[default]
    Medium,
    /// λ = 8: values concentrate near the likely one.
    High,
}

impl Confidence {
    /// The PERT shape parameter λ.
    pub fn lambda(self) -> u32 {
        match self {
            Confidence::Low => 2,
            Confidence::Medium => 4,
            Confidence::High => 8,
        }
    }
}

/// The wire form of a range: `{"low": "100", "likely": "200", "high": "800", "confidence":
/// "medium"}` (confidence optional, default `medium`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RangeInput {
    /// Lowest plausible value; at most `likely`.
    pub low: Decimal,
    /// Most likely value: what a single-valued estimate uses.
    pub likely: Decimal,
    /// Highest plausible value; at least `likely`.
    pub high: Decimal,
    /// `low`, `medium` (default, classic PERT) or `high`.
    #[serde(default)]
    pub confidence: Confidence,
}

/// Schema-only: a workload input is a single value (a number or a decimal string) or a
/// range object, exactly one of the two.
struct Quantity;

impl JsonSchema for Quantity {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "WorkloadQuantity".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let single = generator.subschema_for::<Decimal>();
        let range = generator.subschema_for::<RangeInput>();
        schemars::json_schema!({
            "description": "A single value (a number or a decimal string), or a range {low, likely, high, confidence}.",
            "oneOf": [single, range]
        })
    }
}

/// The data stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Data {
    /// Current size of the data, GB (excluding indexes and replicas). Default 50.
    #[schemars(with = "Quantity")]
    pub size_gb: Decimal,
    /// Growth of the data per month, percent (compounded). Default 3.
    #[schemars(with = "Quantity")]
    pub monthly_growth_percent: Decimal,
    /// Average size of one item or row, KB (1 KB = 1,024 bytes). Default 1.
    #[schemars(with = "Quantity")]
    pub item_size_kb: Decimal,
    /// Number of secondary indexes (DynamoDB global secondary indexes; for relational
    /// engines they add write work and storage). Default 1.
    pub secondary_indexes: u32,
    /// Share of the data that is hot (the working set that should stay in memory),
    /// percent. Default 20.
    #[schemars(with = "Quantity")]
    pub hot_percent: Decimal,
}

impl Default for Data {
    fn default() -> Self {
        Data {
            size_gb: Decimal::from(50),
            monthly_growth_percent: Decimal::from(3),
            item_size_kb: Decimal::ONE,
            secondary_indexes: 1,
            hot_percent: Decimal::from(20),
        }
    }
}

/// Request rates and their daily shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Traffic {
    /// Average reads per second over the whole day, requests/s. Default 200.
    #[schemars(with = "Quantity")]
    pub reads_per_second: Decimal,
    /// Average writes per second over the whole day, requests/s. Default 50.
    #[schemars(with = "Quantity")]
    pub writes_per_second: Decimal,
    /// Named 24-hour shape used when `hourly_shape` is empty. Default `business_hours`.
    pub shape: ShapePreset,
    /// Custom 24-hour shape: exactly 24 non-negative multipliers of the average rate, hour
    /// 0 to 23. Normalised so that their mean is 1 (the averages stay the averages). Empty
    /// means "use `shape`".
    pub hourly_shape: Vec<Decimal>,
    /// Share of reads that are eventually consistent, percent. The three read shares must
    /// add up to 100. Default 80.
    pub eventual_read_percent: Decimal,
    /// Share of reads that are strongly consistent, percent. Default 20.
    pub strong_read_percent: Decimal,
    /// Share of reads that are transactional, percent. Default 0.
    pub transactional_read_percent: Decimal,
    /// Share of writes that are transactional, percent. Default 0.
    pub transactional_write_percent: Decimal,
    /// Share of all traffic that goes to the single hottest partition key, percent
    /// (DynamoDB hot-partition check). Default 1.
    #[schemars(with = "Quantity")]
    pub hottest_key_percent: Decimal,
    /// Share of relational queries that are complex (joins, aggregations), percent; the
    /// rest are simple key lookups. Default 10.
    #[schemars(with = "Quantity")]
    pub complex_query_percent: Decimal,
}

impl Default for Traffic {
    fn default() -> Self {
        Traffic {
            reads_per_second: Decimal::from(200),
            writes_per_second: Decimal::from(50),
            shape: ShapePreset::BusinessHours,
            hourly_shape: Vec::new(),
            eventual_read_percent: Decimal::from(80),
            strong_read_percent: Decimal::from(20),
            transactional_read_percent: Decimal::ZERO,
            transactional_write_percent: Decimal::ZERO,
            hottest_key_percent: Decimal::ONE,
            complex_query_percent: Decimal::from(10),
        }
    }
}

/// Named 24-hour traffic shapes. Each is a list of 24 hourly multipliers normalised to a
/// mean of 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ShapePreset {
    /// The same load every hour.
    Flat,
    /// High from 08:00 to 18:00, low at night (about 6.6x between day and night).
    BusinessHours,
    /// Moderate by day, a peak from 18:00 to 23:00, quiet at night.
    EveningPeak,
    /// A steady trickle and a two-hour batch at 02:00-04:00 about 13x the trickle.
    SpikyBatch,
    /// Working hours 08:00-20:00 only; no traffic at all at night (idle hours).
    DevTestNightsOff,
}

impl ShapePreset {
    /// The preset's raw hourly weights (normalised by [`Traffic::hourly_multipliers`]; the
    /// calculator's form draws them).
    pub fn weights(self) -> [u8; 24] {
        match self {
            ShapePreset::Flat => [1; 24],
            ShapePreset::BusinessHours => [
                3, 3, 3, 3, 3, 3, 5, 10, 18, 20, 20, 20, 20, 20, 20, 20, 20, 18, 12, 8, 6, 5, 4, 3,
            ],
            ShapePreset::EveningPeak => [
                3, 2, 2, 2, 2, 3, 5, 8, 10, 10, 10, 10, 12, 12, 10, 10, 12, 15, 25, 30, 30, 25, 15,
                6,
            ],
            ShapePreset::SpikyBatch => [
                4, 4, 50, 50, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
            ],
            ShapePreset::DevTestNightsOff => [
                0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0,
            ],
        }
    }
}

impl Traffic {
    /// The 24 hourly multipliers of the average rate (mean 1, each rounded to 6 decimal
    /// places): the custom `hourly_shape` when given, else the preset. An all-zero custom
    /// shape is treated as flat.
    pub fn hourly_multipliers(&self) -> [Decimal; 24] {
        let mut raw = [Decimal::ZERO; 24];
        if self.hourly_shape.len() == 24 {
            for (slot, v) in raw.iter_mut().zip(&self.hourly_shape) {
                *slot = (*v).max(Decimal::ZERO);
            }
            multipliers_of(&raw)
        } else {
            // A preset's multipliers depend on nothing else: worked out once per program.
            static PRESETS: [std::sync::OnceLock<[Decimal; 24]>; 5] =
                [const { std::sync::OnceLock::new() }; 5];
            *PRESETS[self.shape as usize].get_or_init(|| {
                for (slot, w) in raw.iter_mut().zip(self.shape.weights()) {
                    *slot = Decimal::from(w);
                }
                multipliers_of(&raw)
            })
        }
    }
}

/// The 24 hourly multipliers of raw weights (see [`Traffic::hourly_multipliers`]).
fn multipliers_of(raw: &[Decimal; 24]) -> [Decimal; 24] {
    let sum: Decimal = raw.iter().sum();
    if sum.is_zero() {
        return [Decimal::ONE; 24];
    }
    // Each distinct weight is divided once (`per_hour`): a preset repeats a few.
    crate::workload::per_hour(raw, |r| (r * Decimal::from(24) / sum).round_dp(6))
}

/// Functional and availability requirements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Needs {
    /// Multi-statement ACID transactions are required. Default true.
    pub acid_transactions: bool,
    /// Joins and ad-hoc relational queries are required. Default true.
    pub joins: bool,
    /// Recovery point objective: the most data, in seconds of writes, that may be lost in a
    /// failure. Default 60.
    pub rpo_seconds: Decimal,
    /// Recovery time objective: the longest outage, seconds, after a failure. Default 300.
    pub rto_seconds: Decimal,
    /// The database must survive the loss of an Availability Zone. Default true.
    pub multi_az: bool,
    /// Number of AWS Regions the data must be in (1 = single region; more adds
    /// cross-region replicas, Aurora Global Database or DynamoDB global tables). Default 1.
    pub regions: u32,
    /// Days of automated backups (point-in-time recovery) to keep, 1 to 35. Default 7.
    pub backup_retention_days: u32,
}

impl Default for Needs {
    fn default() -> Self {
        Needs {
            acid_transactions: true,
            joins: true,
            rpo_seconds: Decimal::from(60),
            rto_seconds: Decimal::from(300),
            multi_az: true,
            regions: 1,
            backup_retention_days: 7,
        }
    }
}

/// Whether a cache is considered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CacheMode {
    /// No cache.
    No,
    /// A cache is part of the design: database reads fall by the hit rate.
    Yes,
    /// Price both, with and without the cache (the caching what-if).
    Compare,
}

/// Whether and how a cache in front of the database is considered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Caching {
    /// No cache, a cache, or compare both. Default `compare`.
    pub mode: CacheMode,
    /// Expected share of reads served by the cache, percent, 0 to 100. Default 80.
    #[schemars(with = "Quantity")]
    pub hit_rate_percent: Decimal,
    /// Average size of one cached value, KB. Default 1.
    #[schemars(with = "Quantity")]
    pub item_size_kb: Decimal,
    /// Share of the data held in the cache, percent. Default: the hot share (`data.hot_percent`)
    /// when omitted.
    pub cached_data_percent: Option<Decimal>,
}

impl Default for Caching {
    fn default() -> Self {
        Caching {
            mode: CacheMode::Compare,
            hit_rate_percent: Decimal::from(80),
            item_size_kb: Decimal::ONE,
            cached_data_percent: None,
        }
    }
}

/// Commitment preference for reservations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Commitment {
    /// On-demand prices only.
    OnDemandOnly,
    /// One-year reservations may be used.
    #[serde(rename = "allow_1y")]
    Allow1y,
    /// One- and three-year reservations may be used.
    #[serde(rename = "allow_3y")]
    Allow3y,
}

/// How a reservation is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UpfrontChoice {
    /// Nothing upfront, a lower hourly rate.
    NoUpfront,
    /// Part upfront, a lower hourly rate still.
    PartialUpfront,
    /// Everything upfront, no hourly rate.
    AllUpfront,
}

/// Period for the total cost of ownership, and the commitments allowed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Horizon {
    /// Months the estimate looks ahead (data growth and TCO), 1 to 60. Default 12.
    pub months: u32,
    /// Which reservations may be bought. Default `on_demand_only`.
    pub commitment: Commitment,
    /// How reservations are paid. Default `no_upfront`.
    pub upfront: UpfrontChoice,
}

impl Default for Horizon {
    fn default() -> Self {
        Horizon {
            months: 12,
            commitment: Commitment::OnDemandOnly,
            upfront: UpfrontChoice::NoUpfront,
        }
    }
}

/// Sizing assumptions. Each default is documented with its source; "heuristic" marks a
/// planning assumption rather than an AWS rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Assumptions {
    /// Simple (key lookup) queries one vCPU serves per second at 100 % CPU, queries/s.
    /// Default 1,000 (heuristic).
    pub simple_queries_per_vcpu: Decimal,
    /// Complex (join, aggregate) queries one vCPU serves per second, queries/s. Default 50
    /// (heuristic).
    pub complex_queries_per_vcpu: Decimal,
    /// CPU utilisation to size relational instances for at peak, percent. Default 70
    /// (heuristic, common practice).
    pub target_cpu_percent: Decimal,
    /// Memory above the working set an instance must have, percent of the working set.
    /// Default 25 (heuristic).
    pub memory_headroom_percent: Decimal,
    /// DynamoDB auto scaling target utilisation, percent, 20 to 90. Default 70 (AWS's
    /// recommended default, DynamoDB Developer Guide, "Managing throughput capacity
    /// automatically with DynamoDB auto scaling").
    pub dynamodb_target_utilization_percent: Decimal,
    /// ElastiCache `reserved-memory-percent`, percent of node memory not available to data.
    /// Default 25 (AWS default, ElastiCache User Guide, "Managing reserved memory").
    pub elasticache_reserved_memory_percent: Decimal,
    /// Extra memory per cached item for keys and engine overhead, bytes. Default 100
    /// (heuristic).
    pub elasticache_item_overhead_bytes: Decimal,
    /// Hours in a month. Default: the price table's `hours_per_month` (730, as AWS's
    /// pricing calculator uses) when omitted.
    pub hours_per_month: Option<Decimal>,
    /// Buffer-cache hit rate of relational reads, percent: reads that miss it cost a storage
    /// I/O (Aurora I/O requests, RDS IOPS). Default 80 (SCM heuristic).
    pub aurora_buffer_cache_hit_percent: Decimal,
    /// Share of the data that changes per day, for incremental backup size, percent.
    /// Default 2 (heuristic).
    pub daily_change_percent: Decimal,
    /// Disk to provision per GB of data, percent of data size. Default 120 (SCM heuristic:
    /// data x 1.2).
    pub disk_per_data_percent: Decimal,
    /// Size of a secondary index write relative to the item, percent (100 = projection
    /// ALL). Default 100.
    pub index_write_percent: Decimal,
    /// Samples drawn when some input is a range, 10 to 2,000. Default 300. Written only when
    /// not the default, so existing documents serialise unchanged.
    #[serde(skip_serializing_if = "is_default_samples")]
    pub range_samples: u32,
    /// Seed of the range sampler: the same seed gives the same numbers. Default 1. Written
    /// only when not the default.
    #[serde(skip_serializing_if = "is_default_seed")]
    pub range_seed: u64,
}

/// Default of [`Assumptions::range_samples`].
pub const DEFAULT_RANGE_SAMPLES: u32 = 300;
/// Default of [`Assumptions::range_seed`].
pub const DEFAULT_RANGE_SEED: u64 = 1;

fn is_default_samples(v: &u32) -> bool {
    *v == DEFAULT_RANGE_SAMPLES
}

fn is_default_seed(v: &u64) -> bool {
    *v == DEFAULT_RANGE_SEED
}

impl Default for Assumptions {
    fn default() -> Self {
        Assumptions {
            simple_queries_per_vcpu: Decimal::from(1000),
            complex_queries_per_vcpu: Decimal::from(50),
            target_cpu_percent: Decimal::from(70),
            memory_headroom_percent: Decimal::from(25),
            dynamodb_target_utilization_percent: Decimal::from(70),
            elasticache_reserved_memory_percent: Decimal::from(25),
            elasticache_item_overhead_bytes: Decimal::from(100),
            hours_per_month: None,
            aurora_buffer_cache_hit_percent: Decimal::from(80),
            daily_change_percent: Decimal::from(2),
            disk_per_data_percent: Decimal::from(120),
            index_write_percent: Decimal::from(100),
            range_samples: DEFAULT_RANGE_SAMPLES,
            range_seed: DEFAULT_RANGE_SEED,
        }
    }
}

/// A relational database engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DbEngine {
    /// PostgreSQL (RDS and Aurora).
    Postgresql,
    /// MySQL (RDS and Aurora).
    Mysql,
    /// MariaDB (RDS only).
    Mariadb,
    /// Oracle, license included (RDS only).
    Oracle,
    /// SQL Server Standard, license included (RDS only).
    Sqlserver,
}

impl DbEngine {
    /// All engines, in display order.
    pub const ALL: [DbEngine; 5] = [
        DbEngine::Postgresql,
        DbEngine::Mysql,
        DbEngine::Mariadb,
        DbEngine::Oracle,
        DbEngine::Sqlserver,
    ];

    /// The id fragment used in option ids (`rds-postgresql-multi-az`).
    pub fn id(self) -> &'static str {
        match self {
            DbEngine::Postgresql => "postgresql",
            DbEngine::Mysql => "mysql",
            DbEngine::Mariadb => "mariadb",
            DbEngine::Oracle => "oracle",
            DbEngine::Sqlserver => "sqlserver",
        }
    }

    /// Human name.
    pub fn name(self) -> &'static str {
        match self {
            DbEngine::Postgresql => "PostgreSQL",
            DbEngine::Mysql => "MySQL",
            DbEngine::Mariadb => "MariaDB",
            DbEngine::Oracle => "Oracle",
            DbEngine::Sqlserver => "SQL Server",
        }
    }

    /// Whether Aurora offers a compatible edition.
    pub fn has_aurora(self) -> bool {
        matches!(self, DbEngine::Postgresql | DbEngine::Mysql)
    }
}

/// RDS storage volume type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VolumeType {
    /// General Purpose SSD gp3 (baseline IOPS and throughput included).
    Gp3,
    /// General Purpose SSD gp2 (3 IOPS per GB).
    Gp2,
    /// Provisioned IOPS SSD io1.
    Io1,
    /// Provisioned IOPS SSD io2.
    Io2,
}

/// DynamoDB capacity mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CapacityMode {
    /// Pay per request.
    OnDemand,
    /// Provisioned read and write capacity units.
    Provisioned,
}

/// ElastiCache engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CacheEngine {
    /// Valkey.
    Valkey,
    /// Redis OSS.
    Redis,
    /// Memcached (no replicas, no persistence).
    Memcached,
}

impl CacheEngine {
    /// All cache engines.
    pub const ALL: [CacheEngine; 3] = [
        CacheEngine::Valkey,
        CacheEngine::Redis,
        CacheEngine::Memcached,
    ];

    /// Id fragment.
    pub fn id(self) -> &'static str {
        match self {
            CacheEngine::Valkey => "valkey",
            CacheEngine::Redis => "redis",
            CacheEngine::Memcached => "memcached",
        }
    }

    /// Human name.
    pub fn name(self) -> &'static str {
        match self {
            CacheEngine::Valkey => "Valkey",
            CacheEngine::Redis => "Redis OSS",
            CacheEngine::Memcached => "Memcached",
        }
    }
}

/// Pinned choices: each replaces the engine's own sizing, so an exact configuration can be
/// priced. Omitted (null) fields are sized by the engine.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Overrides {
    /// Only price this relational engine (RDS and, where compatible, Aurora).
    pub engine: Option<DbEngine>,
    /// RDS instance class, e.g. `db.r6g.xlarge`.
    pub rds_instance_class: Option<String>,
    /// Number of RDS read replicas in the primary region.
    pub rds_read_replicas: Option<u32>,
    /// RDS storage volume type.
    pub rds_storage_type: Option<VolumeType>,
    /// RDS provisioned storage, GB.
    pub rds_storage_gb: Option<Decimal>,
    /// RDS IOPS to provision (gp3 above the baseline, io1/io2 all), IOPS.
    pub rds_iops: Option<Decimal>,
    /// RDS gp3 throughput to provision, MiB/s.
    pub rds_throughput_mibps: Option<Decimal>,
    /// Aurora instance class for the writer and readers, e.g. `db.r6g.large`.
    pub aurora_instance_class: Option<String>,
    /// Number of Aurora reader instances.
    pub aurora_readers: Option<u32>,
    /// Aurora Serverless v2 minimum capacity, ACU (0 allows auto-pause).
    pub serverless_min_acu: Option<Decimal>,
    /// Aurora Serverless v2 maximum capacity, ACU (up to 256).
    pub serverless_max_acu: Option<Decimal>,
    /// Only price this DynamoDB capacity mode.
    pub dynamodb_capacity_mode: Option<CapacityMode>,
    /// DynamoDB provisioned read capacity units (replaces peak sizing).
    pub dynamodb_rcu: Option<Decimal>,
    /// DynamoDB provisioned write capacity units (replaces peak sizing).
    pub dynamodb_wcu: Option<Decimal>,
    /// Only price this ElastiCache engine.
    pub elasticache_engine: Option<CacheEngine>,
    /// ElastiCache node type, e.g. `cache.r7g.large`.
    pub elasticache_node_type: Option<String>,
    /// ElastiCache shards (node groups).
    pub elasticache_shards: Option<u32>,
    /// ElastiCache replicas per shard (ignored for Memcached).
    pub elasticache_replicas: Option<u32>,
}

impl Scenario {
    /// Parse a scenario from JSON and check every value. Errors name the field by its path.
    pub fn from_json(json: &str) -> Result<Scenario, ScenarioError> {
        let malformed = |field: String, message: String| ScenarioError::Malformed {
            field: if field == "." { String::new() } else { field },
            message,
        };
        let mut value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| malformed(String::new(), e.to_string()))?;
        objects_only(&value)?;
        let ranges = take_ranges(&mut value)?;
        let mut scenario: Scenario = ScenarioPlainDe::deserialize_path(value)
            .map_err(|e| malformed(e.path().to_string(), e.into_inner().to_string()))?;
        scenario.ranges = ranges;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Check every value; the first bad one is reported with its field path. A range must
    /// hold `low <= likely <= high`, and its bounds are checked like the single value
    /// (an error names the bound: `traffic.reads_per_second.high`).
    pub fn validate(&self) -> Result<(), ScenarioError> {
        for (field, spread) in &self.ranges {
            let likely = field.value(self);
            if spread.low > likely {
                return Err(invalid(
                    &format!("{}.low", field.path()),
                    format!("{} is above the likely value {likely}", spread.low),
                ));
            }
            if spread.high < likely {
                return Err(invalid(
                    &format!("{}.high", field.path()),
                    format!("{} is below the likely value {likely}", spread.high),
                ));
            }
        }
        self.validate_values()?;
        if self.ranges.is_empty() {
            return Ok(());
        }
        if !(10..=2000).contains(&self.assumptions.range_samples) {
            return Err(invalid(
                "assumptions.range_samples",
                format!(
                    "{} samples; expected 10 to 2000",
                    self.assumptions.range_samples
                ),
            ));
        }
        // The bounds: every ranged field at its low (then high) bound must be valid too.
        for (bound, pick) in [("low", true), ("high", false)] {
            let mut at = self.clone();
            at.ranges.clear();
            for (field, spread) in &self.ranges {
                *field.value_mut(&mut at) = if pick { spread.low } else { spread.high };
            }
            if let Err(e) = at.validate_values() {
                let field = e.field().to_string();
                let ranged = self.ranges.keys().any(|f| f.path() == field);
                let (ScenarioError::Invalid { message, .. }
                | ScenarioError::Malformed { message, .. }) = e;
                return Err(invalid(
                    &if ranged {
                        format!("{field}.{bound}")
                    } else {
                        field
                    },
                    message,
                ));
            }
        }
        Ok(())
    }

    /// Check every single value (for a range, its likely value).
    fn validate_values(&self) -> Result<(), ScenarioError> {
        if self.scenario_version != SCENARIO_VERSION {
            return Err(invalid(
                "scenario_version",
                format!("unsupported version {}; expected 1", self.scenario_version),
            ));
        }
        let d = &self.data;
        non_negative("data.size_gb", d.size_gb)?;
        range(
            "data.monthly_growth_percent",
            d.monthly_growth_percent,
            0,
            100,
        )?;
        positive("data.item_size_kb", d.item_size_kb)?;
        at_most("data.item_size_kb", d.item_size_kb, 400)?;
        range("data.hot_percent", d.hot_percent, 0, 100)?;
        if d.secondary_indexes > 20 {
            return Err(invalid(
                "data.secondary_indexes",
                "at most 20 (DynamoDB's default quota of global secondary indexes)".into(),
            ));
        }

        let t = &self.traffic;
        non_negative("traffic.reads_per_second", t.reads_per_second)?;
        non_negative("traffic.writes_per_second", t.writes_per_second)?;
        at_most("traffic.reads_per_second", t.reads_per_second, 100_000_000)?;
        at_most(
            "traffic.writes_per_second",
            t.writes_per_second,
            100_000_000,
        )?;
        if !t.hourly_shape.is_empty() {
            if t.hourly_shape.len() != 24 {
                return Err(invalid(
                    "traffic.hourly_shape",
                    format!(
                        "has {} hours; a daily shape has exactly 24 (or leave it empty to use `shape`)",
                        t.hourly_shape.len()
                    ),
                ));
            }
            for (i, v) in t.hourly_shape.iter().enumerate() {
                if v.is_sign_negative() && !v.is_zero() {
                    return Err(invalid(
                        &format!("traffic.hourly_shape[{i}]"),
                        format!("{v} is negative; multipliers are 0 or more"),
                    ));
                }
                at_most(&format!("traffic.hourly_shape[{i}]"), *v, 1000)?;
            }
        }
        range(
            "traffic.eventual_read_percent",
            t.eventual_read_percent,
            0,
            100,
        )?;
        range("traffic.strong_read_percent", t.strong_read_percent, 0, 100)?;
        range(
            "traffic.transactional_read_percent",
            t.transactional_read_percent,
            0,
            100,
        )?;
        let sum = t.eventual_read_percent + t.strong_read_percent + t.transactional_read_percent;
        if sum != Decimal::from(100) {
            return Err(invalid(
                "traffic.eventual_read_percent",
                format!(
                    "the eventual, strong and transactional read shares add up to {sum}; they must add up to 100"
                ),
            ));
        }
        range(
            "traffic.transactional_write_percent",
            t.transactional_write_percent,
            0,
            100,
        )?;
        range("traffic.hottest_key_percent", t.hottest_key_percent, 0, 100)?;
        range(
            "traffic.complex_query_percent",
            t.complex_query_percent,
            0,
            100,
        )?;

        let n = &self.needs;
        non_negative("needs.rpo_seconds", n.rpo_seconds)?;
        non_negative("needs.rto_seconds", n.rto_seconds)?;
        if n.regions == 0 || n.regions > 20 {
            return Err(invalid(
                "needs.regions",
                format!("{} regions; expected 1 to 20", n.regions),
            ));
        }
        if n.backup_retention_days == 0 || n.backup_retention_days > 35 {
            return Err(invalid(
                "needs.backup_retention_days",
                format!(
                    "{} days; automated backups keep 1 to 35 days",
                    n.backup_retention_days
                ),
            ));
        }

        let c = &self.caching;
        range("caching.hit_rate_percent", c.hit_rate_percent, 0, 100)?;
        positive("caching.item_size_kb", c.item_size_kb)?;
        at_most("caching.item_size_kb", c.item_size_kb, 512 * 1024)?;
        if let Some(p) = c.cached_data_percent {
            range("caching.cached_data_percent", p, 0, 100)?;
        }

        if self.horizon.months == 0 || self.horizon.months > 60 {
            return Err(invalid(
                "horizon.months",
                format!("{} months; expected 1 to 60", self.horizon.months),
            ));
        }

        let a = &self.assumptions;
        positive(
            "assumptions.simple_queries_per_vcpu",
            a.simple_queries_per_vcpu,
        )?;
        positive(
            "assumptions.complex_queries_per_vcpu",
            a.complex_queries_per_vcpu,
        )?;
        range(
            "assumptions.target_cpu_percent",
            a.target_cpu_percent,
            1,
            100,
        )?;
        range(
            "assumptions.memory_headroom_percent",
            a.memory_headroom_percent,
            0,
            1000,
        )?;
        range(
            "assumptions.dynamodb_target_utilization_percent",
            a.dynamodb_target_utilization_percent,
            20,
            90,
        )?;
        range(
            "assumptions.elasticache_reserved_memory_percent",
            a.elasticache_reserved_memory_percent,
            0,
            90,
        )?;
        range(
            "assumptions.elasticache_item_overhead_bytes",
            a.elasticache_item_overhead_bytes,
            0,
            100_000,
        )?;
        if let Some(h) = a.hours_per_month {
            range("assumptions.hours_per_month", h, 1, 744)?;
        }
        range(
            "assumptions.aurora_buffer_cache_hit_percent",
            a.aurora_buffer_cache_hit_percent,
            0,
            100,
        )?;
        range(
            "assumptions.daily_change_percent",
            a.daily_change_percent,
            0,
            100,
        )?;
        range(
            "assumptions.disk_per_data_percent",
            a.disk_per_data_percent,
            100,
            1000,
        )?;
        range(
            "assumptions.index_write_percent",
            a.index_write_percent,
            0,
            100,
        )?;

        let o = &self.overrides;
        if let Some(v) = o.rds_storage_gb {
            range("overrides.rds_storage_gb", v, 20, 65_536)?;
        }
        if let Some(v) = o.rds_iops {
            range("overrides.rds_iops", v, 0, 256_000)?;
        }
        if let Some(v) = o.rds_throughput_mibps {
            range("overrides.rds_throughput_mibps", v, 0, 4_000)?;
        }
        if let Some(v) = o.rds_read_replicas
            && v > 15
        {
            return Err(invalid(
                "overrides.rds_read_replicas",
                format!("{v}; RDS allows at most 15"),
            ));
        }
        if let Some(v) = o.aurora_readers
            && v > 15
        {
            return Err(invalid(
                "overrides.aurora_readers",
                format!("{v}; Aurora allows at most 15"),
            ));
        }
        for (field, v) in [
            ("overrides.serverless_min_acu", o.serverless_min_acu),
            ("overrides.serverless_max_acu", o.serverless_max_acu),
        ] {
            if let Some(v) = v {
                range(field, v, 0, 256)?;
                if !(v * Decimal::TWO).fract().is_zero() {
                    return Err(invalid(
                        field,
                        format!("{v} ACU; capacity moves in 0.5 ACU steps"),
                    ));
                }
            }
        }
        if let (Some(lo), Some(hi)) = (o.serverless_min_acu, o.serverless_max_acu)
            && lo > hi
        {
            return Err(invalid(
                "overrides.serverless_min_acu",
                format!("minimum {lo} ACU is above the maximum {hi} ACU"),
            ));
        }
        if let Some(v) = o.serverless_max_acu
            && v < Decimal::ONE
        {
            return Err(invalid(
                "overrides.serverless_max_acu",
                format!("{v} ACU; the maximum is at least 1"),
            ));
        }
        if let Some(v) = o.dynamodb_rcu {
            range("overrides.dynamodb_rcu", v, 1, 40_000_000)?;
        }
        if let Some(v) = o.dynamodb_wcu {
            range("overrides.dynamodb_wcu", v, 1, 40_000_000)?;
        }
        if let Some(v) = o.elasticache_shards
            && !(1..=500).contains(&v)
        {
            return Err(invalid(
                "overrides.elasticache_shards",
                format!("{v}; expected 1 to 500"),
            ));
        }
        if let Some(v) = o.elasticache_replicas
            && v > 5
        {
            return Err(invalid(
                "overrides.elasticache_replicas",
                format!("{v}; at most 5 replicas per shard"),
            ));
        }
        for (field, v) in [
            ("overrides.rds_instance_class", &o.rds_instance_class),
            ("overrides.aurora_instance_class", &o.aurora_instance_class),
            ("overrides.elasticache_node_type", &o.elasticache_node_type),
        ] {
            if let Some(v) = v
                && (v.is_empty() || v.len() > 64)
            {
                return Err(invalid(
                    field,
                    "an instance class name of 1 to 64 characters".into(),
                ));
            }
        }
        Ok(())
    }
}

fn invalid(field: &str, message: String) -> ScenarioError {
    ScenarioError::Invalid {
        field: field.to_string(),
        message,
    }
}

fn non_negative(field: &str, v: Decimal) -> Result<(), ScenarioError> {
    if v.is_sign_negative() && !v.is_zero() {
        return Err(invalid(
            field,
            format!("{v} is negative; expected 0 or more"),
        ));
    }
    Ok(())
}

fn positive(field: &str, v: Decimal) -> Result<(), ScenarioError> {
    if v <= Decimal::ZERO {
        return Err(invalid(field, format!("{v}; expected more than 0")));
    }
    Ok(())
}

fn at_most(field: &str, v: Decimal, max: i64) -> Result<(), ScenarioError> {
    if v > Decimal::from(max) {
        return Err(invalid(field, format!("{v} is above the limit of {max}")));
    }
    Ok(())
}

fn range(field: &str, v: Decimal, min: i64, max: i64) -> Result<(), ScenarioError> {
    if v < Decimal::from(min) || v > Decimal::from(max) {
        return Err(invalid(
            field,
            format!("{v} is out of range; expected {min} to {max}"),
        ));
    }
    Ok(())
}

/// Percent to a fraction: `v / 100`, exactly as `Decimal` divides (digits and scale). An
/// estimate takes about 80 percentages, and the division's remainder loop is most of their
/// cost, so the common case is worked out in integers first ([`pct_in_integers`]).
pub(crate) fn pct(v: Decimal) -> Decimal {
    pct_in_integers(v).unwrap_or_else(|| v / Decimal::ONE_HUNDRED)
}

/// `v / 100` as `rust_decimal`'s division computes it, for a mantissa below 2^64 and a scale
/// of at most 19 (else `None`): a zero is zero at scale 0; a mantissa `m` divisible by 100
/// gives `m / 100` at the same scale; any other leaves a remainder, and the division then
/// scales the quotient by 10^9 in one step (it fits in 96 bits and 28 places), which makes it
/// `m × 10^7` at scale + 9 and exact, and strips trailing zeros as its `unscale` does: by 10^8
/// while the low 32 bits are zero, then at most once each by 10^4, 10^2 and 10. A test checks
/// this against the division over random values.
fn pct_in_integers(v: Decimal) -> Option<Decimal> {
    let m = u64::try_from(v.mantissa().unsigned_abs()).ok()?;
    let negative = v.is_sign_negative();
    let scale = v.scale();
    if m == 0 {
        return Some(Decimal::ZERO);
    }
    let (q, scale) = if m % 100 == 0 {
        (u128::from(m / 100), scale)
    } else {
        if scale > 19 {
            return None;
        }
        let mut q = u128::from(m) * 10_000_000;
        let mut scale = scale + 9;
        while q as u32 == 0 && scale >= 8 && q % 100_000_000 == 0 {
            q /= 100_000_000;
            scale -= 8;
        }
        for (mask, step, power) in [(0xF, 4, 10_000), (0x3, 2, 100), (0x1, 1, 10)] {
            if q & mask == 0 && scale >= step && q % power == 0 {
                q /= power;
                scale -= step;
            }
        }
        (q, scale)
    };
    let q = i128::try_from(q).ok()?;
    Some(Decimal::from_i128_with_scale(
        if negative { -q } else { q },
        scale,
    ))
}

/// serde's derived structs also read a JSON array, field by field in declaration order
/// (`"overrides": [null, null]` would set the first two overrides); the scenario is objects
/// only, as its schema says. The scenario and its sections are the only structs in it.
fn objects_only(value: &serde_json::Value) -> Result<(), ScenarioError> {
    let array = |field: &str| ScenarioError::Malformed {
        field: field.to_owned(),
        message: "invalid type: sequence, expected an object".to_owned(),
    };
    match value {
        serde_json::Value::Array(_) => Err(array("")),
        serde_json::Value::Object(sections) => match sections.iter().find(|(_, v)| v.is_array()) {
            Some((key, _)) => Err(array(key)),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `pct` divides by 100 exactly as `Decimal` does, to the digit and scale: every scale,
    /// mantissas small and large (past 64 bits, where it divides), multiples of 100 and of
    /// large powers of two, zeros and negatives.
    #[test]
    fn pct_matches_the_division() {
        let mut next = crate::xorshift(0x2545_F491_4F6C_DD1D);
        let mut values = vec![
            Decimal::ZERO,
            -Decimal::ZERO,
            Decimal::new(0, 5),
            Decimal::MAX,
        ];
        for i in 0..200_000u32 {
            let r = next();
            let scale = (next() % 29) as u32;
            let mantissa: i128 = match i % 6 {
                0 => i128::from(r % 1000),
                1 => i128::from(r % 100_000) * 100,
                2 => i128::from(r >> (r % 64)),
                3 => i128::from(r % 4096) << (20 + r % 40),
                4 => i128::from(r) * i128::from(next() % 1_000_000_000),
                _ => i128::from(r % 100_000_000) * 10i128.pow((r % 12) as u32),
            };
            let mantissa = mantissa.min((1i128 << 96) - 1);
            let sign = if next().is_multiple_of(4) { -1 } else { 1 };
            values.push(Decimal::from_i128_with_scale(sign * mantissa, scale));
        }
        for v in values {
            assert_eq!(
                pct(v).serialize(),
                (v / Decimal::ONE_HUNDRED).serialize(),
                "{v}"
            );
        }
    }

    fn field_of(json: &str) -> String {
        match Scenario::from_json(json) {
            Err(ScenarioError::Invalid { field, .. })
            | Err(ScenarioError::Malformed { field, .. }) => field,
            Ok(_) => panic!("{json} was accepted"),
        }
    }

    #[test]
    fn sections_written_as_arrays_are_refused() {
        // serde would read these field by field; the format is objects only.
        for (json, field) in [
            (r#"{"overrides": [null, null]}"#, "overrides"),
            (r#"{"data": ["900"]}"#, "data"),
            (r#"[1, {}]"#, ""),
        ] {
            match Scenario::from_json(json) {
                Err(ScenarioError::Malformed { field: f, message }) => {
                    assert_eq!(f, field, "{json}");
                    assert!(message.contains("expected an object"), "{message}");
                }
                other => panic!("{json}: expected a malformed-field error, got {other:?}"),
            }
        }
        // Arrays where the format has them are still read.
        assert!(Scenario::from_json(r#"{"traffic": {"hourly_shape": []}}"#).is_ok());
    }

    #[test]
    fn empty_document_is_the_default_scenario() {
        assert_eq!(Scenario::from_json("{}").unwrap(), Scenario::default());
        Scenario::default().validate().unwrap();
    }

    #[test]
    fn default_round_trips_through_json() {
        let json = serde_json::to_string(&Scenario::default()).unwrap();
        assert_eq!(Scenario::from_json(&json).unwrap(), Scenario::default());
    }

    #[test]
    fn numbers_and_strings_both_parse_as_decimals() {
        let s =
            Scenario::from_json(r#"{"traffic":{"reads_per_second":"12.5","writes_per_second":3}}"#)
                .unwrap();
        assert_eq!(s.traffic.reads_per_second, Decimal::new(125, 1));
        assert_eq!(s.traffic.writes_per_second, Decimal::from(3));
    }

    #[test]
    fn bad_values_name_their_field() {
        let cases = [
            (
                r#"{"traffic":{"reads_per_second":-1}}"#,
                "traffic.reads_per_second",
            ),
            (
                r#"{"traffic":{"writes_per_second":"-0.5"}}"#,
                "traffic.writes_per_second",
            ),
            (
                r#"{"traffic":{"hourly_shape":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}}"#,
                "traffic.hourly_shape",
            ),
            (
                r#"{"caching":{"hit_rate_percent":101}}"#,
                "caching.hit_rate_percent",
            ),
            (r#"{"overrides":{"engine":"db2"}}"#, "overrides.engine"),
            (
                r#"{"overrides":{"elasticache_engine":"hazelcast"}}"#,
                "overrides.elasticache_engine",
            ),
            (r#"{"needs":{"regions":0}}"#, "needs.regions"),
            (
                r#"{"needs":{"backup_retention_days":36}}"#,
                "needs.backup_retention_days",
            ),
            (r#"{"scenario_version":2}"#, "scenario_version"),
            (r#"{"data":{"size_gb":"lots"}}"#, "data.size_gb"),
            (r#"{"data":{"sise_gb":1}}"#, "data.sise_gb"),
            (
                r#"{"traffic":{"eventual_read_percent":50,"strong_read_percent":20}}"#,
                "traffic.eventual_read_percent",
            ),
            (
                r#"{"overrides":{"serverless_min_acu":0.7}}"#,
                "overrides.serverless_min_acu",
            ),
            (
                r#"{"overrides":{"serverless_min_acu":8,"serverless_max_acu":4}}"#,
                "overrides.serverless_min_acu",
            ),
            (
                r#"{"assumptions":{"dynamodb_target_utilization_percent":95}}"#,
                "assumptions.dynamodb_target_utilization_percent",
            ),
        ];
        for (json, field) in cases {
            assert_eq!(field_of(json), field, "for {json}");
        }
    }

    #[test]
    fn a_negative_hour_in_the_shape_names_the_hour() {
        let mut hours = vec!["1"; 24];
        hours[5] = "-1";
        let json = format!(r#"{{"traffic":{{"hourly_shape":[{}]}}}}"#, hours.join(","));
        assert_eq!(field_of(&json), "traffic.hourly_shape[5]");
    }

    #[test]
    fn presets_have_24_hours_with_mean_one() {
        for shape in [
            ShapePreset::Flat,
            ShapePreset::BusinessHours,
            ShapePreset::EveningPeak,
            ShapePreset::SpikyBatch,
            ShapePreset::DevTestNightsOff,
        ] {
            let t = Traffic {
                shape,
                ..Traffic::default()
            };
            let m = t.hourly_multipliers();
            let mean: Decimal = m.iter().sum::<Decimal>() / Decimal::from(24);
            assert!(
                (mean - Decimal::ONE).abs() < Decimal::new(1, 6),
                "{shape:?}"
            );
        }
    }

    #[test]
    fn custom_shape_is_normalised_to_mean_one() {
        // 12 hours at 3 and 12 hours at 1: mean 2, so the multipliers become 1.5 and 0.5.
        let mut shape = vec![Decimal::from(3); 12];
        shape.extend(vec![Decimal::ONE; 12]);
        let t = Traffic {
            hourly_shape: shape,
            ..Traffic::default()
        };
        let m = t.hourly_multipliers();
        assert_eq!(m[0], Decimal::new(15, 1));
        assert_eq!(m[23], Decimal::new(5, 1));
    }
}
