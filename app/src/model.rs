//! The calculator's logic, as plain functions the pages call: the form's fields and groups,
//! reading and writing a field in the scenario's JSON, the example presets, money and number
//! formatting, the stale-price sentence and the CSV export. Tested on the host.

use engine::{Estimate, OptionEstimate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The price table an estimate used, as the API reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PriceTableRef {
    /// Version id, `pt-...`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// AWS region code.
    pub region: String,
    /// When the prices were true (YYYY-MM-DD).
    pub effective_date: String,
    /// Days since publication (or effective date).
    pub age_days: i64,
    /// Older than the server's limit.
    pub stale: bool,
}

/// `POST /api/v1/estimate`'s answer, split into the engine's estimate and the table used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Priced {
    /// The engine's estimate.
    pub estimate: Estimate,
    /// The price table used.
    pub price_table: PriceTableRef,
}

impl Priced {
    /// Splits the API's flattened body (`Estimate` fields + `price_table`).
    pub fn from_api(body: Value) -> Result<Self, String> {
        let price_table =
            serde_json::from_value(body.get("price_table").cloned().unwrap_or_default())
                .map_err(|e| format!("price_table: {e}"))?;
        let estimate = serde_json::from_value(body).map_err(|e| e.to_string())?;
        Ok(Self {
            estimate,
            price_table,
        })
    }

    /// The option with this id.
    pub fn option(&self, id: &str) -> Option<&OptionEstimate> {
        self.estimate.options.iter().find(|o| o.id == id)
    }
}

/// What kind of value a form field holds, and how its text becomes JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A decimal number, sent as a string (the engine parses decimals from strings).
    Decimal,
    /// A whole number.
    Integer,
    /// A checkbox.
    Bool,
    /// One of a fixed set of values: `(value, label)`.
    Choice(&'static [(&'static str, &'static str)]),
    /// A decimal that may be left empty (null: the engine decides).
    OptDecimal,
    /// A whole number that may be left empty.
    OptInteger,
    /// A choice that may be left empty.
    OptChoice(&'static [(&'static str, &'static str)]),
    /// Free text that may be left empty.
    OptText,
    /// A decimal workload input that may also be a range: `{"low", "likely", "high",
    /// "confidence"}` (issue #9; the engine samples it and reports cost bands).
    Range,
}

/// One input of the workload form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// Dotted path in the scenario, e.g. `traffic.reads_per_second`.
    pub path: &'static str,
    /// Label, with the unit.
    pub label: &'static str,
    /// Value kind.
    pub kind: Kind,
}

/// A titled group of fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group {
    /// Short id (for DOM ids).
    pub id: &'static str,
    /// Title.
    pub title: &'static str,
    /// Shown open by default.
    pub open: bool,
    /// The fields.
    pub fields: &'static [Field],
}

const fn f(path: &'static str, label: &'static str, kind: Kind) -> Field {
    Field { path, label, kind }
}

const CACHE_MODES: &[(&str, &str)] = &[
    ("compare", "Compare with and without"),
    ("yes", "Use a cache"),
    ("no", "No cache"),
];
const COMMITMENTS: &[(&str, &str)] = &[
    ("on_demand_only", "On-demand only"),
    ("allow_1y", "Allow 1-year reservations"),
    ("allow_3y", "Allow 1- and 3-year reservations"),
];
const UPFRONTS: &[(&str, &str)] = &[
    ("no_upfront", "No upfront"),
    ("partial_upfront", "Partial upfront"),
    ("all_upfront", "All upfront"),
];
const ENGINES: &[(&str, &str)] = &[
    ("postgresql", "PostgreSQL"),
    ("mysql", "MySQL"),
    ("mariadb", "MariaDB"),
    ("oracle", "Oracle"),
    ("sqlserver", "SQL Server"),
];
const VOLUMES: &[(&str, &str)] = &[
    ("gp3", "gp3"),
    ("gp2", "gp2"),
    ("io1", "io1"),
    ("io2", "io2"),
];
const CAPACITY: &[(&str, &str)] = &[("on_demand", "On-demand"), ("provisioned", "Provisioned")];
const CACHE_ENGINES: &[(&str, &str)] = &[
    ("valkey", "Valkey"),
    ("redis", "Redis OSS"),
    ("memcached", "Memcached"),
];

/// The 24-hour shape presets: `(value, label)`.
pub const SHAPES: &[(&str, &str)] = &[
    ("flat", "Flat"),
    ("business_hours", "Business hours"),
    ("evening_peak", "Evening peak"),
    ("spiky_batch", "Nightly batch spike"),
    ("dev_test_nights_off", "Dev/test, nights off"),
];

/// The form, group by group, in the order shown. The traffic shape has its own editor.
pub const GROUPS: &[Group] = &[
    Group {
        id: "data",
        title: "Data",
        open: true,
        fields: &[
            f("data.size_gb", "Data size (GB)", Kind::Range),
            f(
                "data.monthly_growth_percent",
                "Growth per month (%)",
                Kind::Range,
            ),
            f("data.item_size_kb", "Item size (KB)", Kind::Range),
            f("data.secondary_indexes", "Secondary indexes", Kind::Integer),
            f("data.hot_percent", "Hot data, working set (%)", Kind::Range),
        ],
    },
    Group {
        id: "traffic",
        title: "Traffic",
        open: true,
        fields: &[
            f(
                "traffic.reads_per_second",
                "Reads (per second, average)",
                Kind::Range,
            ),
            f(
                "traffic.writes_per_second",
                "Writes (per second, average)",
                Kind::Range,
            ),
            f(
                "traffic.eventual_read_percent",
                "Eventually consistent reads (%)",
                Kind::Decimal,
            ),
            f(
                "traffic.strong_read_percent",
                "Strongly consistent reads (%)",
                Kind::Decimal,
            ),
            f(
                "traffic.transactional_read_percent",
                "Transactional reads (%)",
                Kind::Decimal,
            ),
            f(
                "traffic.transactional_write_percent",
                "Transactional writes (%)",
                Kind::Decimal,
            ),
            f(
                "traffic.hottest_key_percent",
                "Traffic on the hottest key (%)",
                Kind::Range,
            ),
            f(
                "traffic.complex_query_percent",
                "Complex queries, joins (%)",
                Kind::Range,
            ),
        ],
    },
    Group {
        id: "needs",
        title: "Needs",
        open: true,
        fields: &[
            f("needs.acid_transactions", "ACID transactions", Kind::Bool),
            f("needs.joins", "Joins and ad-hoc queries", Kind::Bool),
            f(
                "needs.multi_az",
                "Survive an Availability Zone loss",
                Kind::Bool,
            ),
            f(
                "needs.rpo_seconds",
                "RPO, data loss at most (seconds)",
                Kind::Decimal,
            ),
            f(
                "needs.rto_seconds",
                "RTO, outage at most (seconds)",
                Kind::Decimal,
            ),
            f("needs.regions", "Regions", Kind::Integer),
            f(
                "needs.backup_retention_days",
                "Backup retention (days)",
                Kind::Integer,
            ),
        ],
    },
    Group {
        id: "caching",
        title: "Caching",
        open: false,
        fields: &[
            f("caching.mode", "Cache", Kind::Choice(CACHE_MODES)),
            f(
                "caching.hit_rate_percent",
                "Cache hit rate (%)",
                Kind::Range,
            ),
            f(
                "caching.item_size_kb",
                "Cached value size (KB)",
                Kind::Range,
            ),
            f(
                "caching.cached_data_percent",
                "Data held in the cache (%, empty: the hot share)",
                Kind::OptDecimal,
            ),
        ],
    },
    Group {
        id: "horizon",
        title: "Horizon",
        open: false,
        fields: &[
            f("horizon.months", "Horizon (months)", Kind::Integer),
            f(
                "horizon.commitment",
                "Commitment",
                Kind::Choice(COMMITMENTS),
            ),
            f(
                "horizon.upfront",
                "Reservation payment",
                Kind::Choice(UPFRONTS),
            ),
        ],
    },
    Group {
        id: "assumptions",
        title: "Assumptions",
        open: false,
        fields: &[
            f(
                "assumptions.simple_queries_per_vcpu",
                "Simple queries per vCPU (per second)",
                Kind::Decimal,
            ),
            f(
                "assumptions.complex_queries_per_vcpu",
                "Complex queries per vCPU (per second)",
                Kind::Decimal,
            ),
            f(
                "assumptions.target_cpu_percent",
                "Target CPU at peak (%)",
                Kind::Decimal,
            ),
            f(
                "assumptions.memory_headroom_percent",
                "Memory headroom (% of working set)",
                Kind::Decimal,
            ),
            f(
                "assumptions.dynamodb_target_utilization_percent",
                "DynamoDB auto scaling target (%)",
                Kind::Decimal,
            ),
            f(
                "assumptions.elasticache_reserved_memory_percent",
                "ElastiCache reserved memory (%)",
                Kind::Decimal,
            ),
            f(
                "assumptions.elasticache_item_overhead_bytes",
                "Cache overhead per item (bytes)",
                Kind::Decimal,
            ),
            f(
                "assumptions.hours_per_month",
                "Hours per month (empty: the price table's)",
                Kind::OptDecimal,
            ),
            f(
                "assumptions.aurora_buffer_cache_hit_percent",
                "Buffer cache hit rate (%)",
                Kind::Decimal,
            ),
            f(
                "assumptions.daily_change_percent",
                "Data changed per day (%)",
                Kind::Decimal,
            ),
            f(
                "assumptions.disk_per_data_percent",
                "Disk per data (%)",
                Kind::Decimal,
            ),
            f(
                "assumptions.index_write_percent",
                "Index write size (% of item)",
                Kind::Decimal,
            ),
        ],
    },
    Group {
        id: "overrides",
        title: "Overrides",
        open: false,
        fields: &[
            f(
                "overrides.engine",
                "Relational engine only",
                Kind::OptChoice(ENGINES),
            ),
            f(
                "overrides.rds_instance_class",
                "RDS instance class",
                Kind::OptText,
            ),
            f(
                "overrides.rds_read_replicas",
                "RDS read replicas",
                Kind::OptInteger,
            ),
            f(
                "overrides.rds_storage_type",
                "RDS storage type",
                Kind::OptChoice(VOLUMES),
            ),
            f(
                "overrides.rds_storage_gb",
                "RDS storage (GB)",
                Kind::OptDecimal,
            ),
            f("overrides.rds_iops", "RDS IOPS", Kind::OptDecimal),
            f(
                "overrides.rds_throughput_mibps",
                "RDS throughput (MiB/s)",
                Kind::OptDecimal,
            ),
            f(
                "overrides.aurora_instance_class",
                "Aurora instance class",
                Kind::OptText,
            ),
            f(
                "overrides.aurora_readers",
                "Aurora readers",
                Kind::OptInteger,
            ),
            f(
                "overrides.serverless_min_acu",
                "Serverless v2 minimum (ACU)",
                Kind::OptDecimal,
            ),
            f(
                "overrides.serverless_max_acu",
                "Serverless v2 maximum (ACU)",
                Kind::OptDecimal,
            ),
            f(
                "overrides.dynamodb_capacity_mode",
                "DynamoDB capacity mode only",
                Kind::OptChoice(CAPACITY),
            ),
            f(
                "overrides.dynamodb_rcu",
                "DynamoDB read capacity (RCU)",
                Kind::OptDecimal,
            ),
            f(
                "overrides.dynamodb_wcu",
                "DynamoDB write capacity (WCU)",
                Kind::OptDecimal,
            ),
            f(
                "overrides.elasticache_engine",
                "ElastiCache engine only",
                Kind::OptChoice(CACHE_ENGINES),
            ),
            f(
                "overrides.elasticache_node_type",
                "ElastiCache node type",
                Kind::OptText,
            ),
            f(
                "overrides.elasticache_shards",
                "ElastiCache shards",
                Kind::OptInteger,
            ),
            f(
                "overrides.elasticache_replicas",
                "ElastiCache replicas per shard",
                Kind::OptInteger,
            ),
        ],
    },
];

/// A DOM id for a field's input (`f-traffic-reads_per_second`).
pub fn input_id(path: &str) -> String {
    format!("f-{}", path.replace('.', "-"))
}

/// The default scenario as JSON (every field present): `engine::Scenario::default()`
/// written out, so the browser's bundle parses a text instead of carrying the engine's
/// defaults and their serialisation (a test checks the two are the same).
pub fn default_scenario() -> Value {
    serde_json::from_str(DEFAULT_SCENARIO_JSON).unwrap_or_default()
}

/// `engine::Scenario::default()` as JSON.
const DEFAULT_SCENARIO_JSON: &str = include_str!("default-scenario.json");

/// `x` with `decimals` digits after the point, rounded half away from zero ("12.3"), written
/// with integer formatting: the browser's bundle then needs no `f64` formatting code (about
/// 14 KB of WASM). For the figures the form and the upload show, never for money.
pub fn fixed(x: f64, decimals: u32) -> String {
    if !x.is_finite() {
        return "-".to_owned();
    }
    let scale = 10_i64.pow(decimals);
    let scaled = (x.abs() * scale as f64).round() as i64;
    let sign = if x < 0.0 && scaled != 0 { "-" } else { "" };
    if decimals == 0 {
        format!("{sign}{scaled}")
    } else {
        let (whole, frac) = (scaled / scale, scaled % scale);
        format!("{sign}{whole}.{frac:0width$}", width = decimals as usize)
    }
}

/// `x` to at most two decimals, without trailing zeros ("1.25", "1.5", "3").
pub fn short(x: f64) -> String {
    let text = fixed(x, 2);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// The inverse of [`crate::share::without_defaults`]: the full scenario from the sparse one.
pub use crate::share::merge;

/// The value at a dotted path.
pub fn get_path<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |v, key| v.get(key))
}

/// Writes `new` at a dotted path, creating objects on the way.
pub fn set_path(value: &mut Value, path: &str, new: Value) {
    let mut current = value;
    let mut keys = path.split('.').peekable();
    while let Some(key) = keys.next() {
        if !current.is_object() {
            *current = Value::Object(Map::new());
        }
        let Value::Object(object) = current else {
            return;
        };
        if keys.peek().is_none() {
            object.insert(key.to_owned(), new);
            return;
        }
        current = object
            .entry(key.to_owned())
            .or_insert(Value::Object(Map::new()));
    }
}

/// The text an input shows for a JSON value (a range shows its likely value).
pub fn display_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(range)) => display_text(range.get("likely")),
        Some(other) => other.to_string(),
    }
}

/// The parts of a range input, in the order the form shows them.
pub const RANGE_PARTS: [&str; 3] = ["low", "likely", "high"];

/// The confidence choices of a range: how tightly the values cluster around the likely one
/// (the engine's PERT shape).
pub const CONFIDENCES: &[(&str, &str)] = &[
    ("low", "Low confidence"),
    ("medium", "Medium confidence"),
    ("high", "High confidence"),
];

/// Whether a field's value is a range (`{"low", "likely", "high"}`) rather than one number.
pub fn is_range(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::Object(_)))
}

/// The text of one part of a range (`low`, `likely`, `high`, `confidence`); for a single
/// value, that value (and `medium` confidence).
pub fn range_part(value: Option<&Value>, part: &str) -> String {
    match value {
        Some(Value::Object(range)) => match range.get(part) {
            None if part == "confidence" => "medium".to_owned(),
            found => display_text(found),
        },
        _ if part == "confidence" => "medium".to_owned(),
        other => display_text(other),
    }
}

/// A single value turned into a range around it: half to twice the value, a starting point
/// the user then edits (text that is not a number is kept in every part, so the server names
/// the field).
pub fn to_range(value: Option<&Value>) -> Value {
    if is_range(value) {
        return value.cloned().unwrap_or_default();
    }
    let likely = display_text(value);
    let (low, high) = match likely.trim().parse::<Decimal>() {
        Ok(v) => (
            (v / Decimal::TWO).normalize().to_string(),
            (v * Decimal::TWO).normalize().to_string(),
        ),
        Err(_) => (likely.clone(), likely.clone()),
    };
    serde_json::json!({ "low": low, "likely": likely, "high": high })
}

/// A range turned back into its likely value.
pub fn to_single(value: Option<&Value>) -> Value {
    Value::String(range_part(value, "likely"))
}

/// `value` (a range, or a single value first turned into one) with `part` set to `text`.
/// Medium confidence, the default, is left out of the JSON.
pub fn set_range_part(value: Option<&Value>, part: &str, text: &str) -> Value {
    let mut range = to_range(value);
    if let Value::Object(map) = &mut range {
        if part == "confidence" && text == "medium" {
            map.remove("confidence");
        } else {
            map.insert(part.to_owned(), Value::String(text.trim().to_owned()));
        }
    }
    range
}

/// The JSON a field's typed text becomes. Text that does not parse is sent as typed, so the
/// server names the field and says what it expects.
pub fn field_value(kind: Kind, text: &str) -> Value {
    let text = text.trim();
    let optional = matches!(
        kind,
        Kind::OptDecimal | Kind::OptInteger | Kind::OptChoice(_) | Kind::OptText
    );
    if optional && text.is_empty() {
        return Value::Null;
    }
    match kind {
        Kind::Bool => Value::Bool(text == "true"),
        Kind::Integer | Kind::OptInteger => match text.parse::<u64>() {
            Ok(n) => Value::from(n),
            Err(_) => Value::String(text.to_owned()),
        },
        _ => Value::String(text.to_owned()),
    }
}

/// One of the seed's example scenarios, offered as a preset.
#[derive(Clone, Copy, Debug)]
pub struct Preset {
    /// Short id.
    pub id: &'static str,
    /// Button label.
    pub label: &'static str,
    /// The scenario file.
    pub json: &'static str,
}

/// The five seed cases, from `pricing-data/scenarios/`.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "ecommerce-catalog",
        label: "E-commerce catalog",
        json: include_str!("../../pricing-data/scenarios/ecommerce-catalog.json"),
    },
    Preset {
        id: "financial-app",
        label: "Financial app (RPO < 1 min)",
        json: include_str!("../../pricing-data/scenarios/financial-app.json"),
    },
    Preset {
        id: "dev-test",
        label: "Variable dev/test",
        json: include_str!("../../pricing-data/scenarios/dev-test.json"),
    },
    Preset {
        id: "key-value-hot-partition",
        label: "High-scale key-value",
        json: include_str!("../../pricing-data/scenarios/key-value-hot-partition.json"),
    },
    Preset {
        id: "global-app",
        label: "Global app",
        json: include_str!("../../pricing-data/scenarios/global-app.json"),
    },
];

impl Preset {
    /// The preset as a full scenario (defaults filled in).
    pub fn scenario(&self) -> Value {
        let sparse: Value = serde_json::from_str(self.json).unwrap_or_default();
        merge(&default_scenario(), &sparse)
    }
}

/// Money for people: `$1,234.56` (two decimals; `$0.0042` keeps four significant places
/// when below a cent).
pub fn money(amount: Decimal) -> String {
    let negative = amount.is_sign_negative() && !amount.is_zero();
    let abs = amount.abs();
    let text = if !abs.is_zero() && abs < Decimal::new(1, 2) {
        abs.round_sf(2).unwrap_or(abs).normalize().to_string()
    } else {
        let rounded = abs.round_dp(2);
        let whole = rounded.trunc().to_string();
        let cents = ((rounded - rounded.trunc()) * Decimal::from(100)).round();
        format!("{}.{:02}", group_thousands(&whole), cents)
    };
    format!("{}${text}", if negative { "-" } else { "" })
}

/// A unit price, with all its precision (AWS prices go to many decimals).
pub fn unit_price(amount: Decimal) -> String {
    format!("${}", amount.normalize())
}

/// A quantity, rounded to 2 decimals, thousands grouped.
pub fn quantity(amount: Decimal) -> String {
    let rounded = amount.round_dp(2).normalize();
    let text = rounded.abs().to_string();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{}", group_thousands(whole))
    } else {
        format!("{sign}{}.{frac}", group_thousands(whole))
    }
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The stale-price sentence, or `None` when the table is fresh.
pub fn stale_warning(table: &PriceTableRef) -> Option<String> {
    table.stale.then(|| {
        format!(
            "Prices are from {} ({} days old).",
            table.effective_date, table.age_days
        )
    })
}

/// The sum of an option's monthly line items (what its `monthly` total should equal).
pub fn line_item_sum(option: &OptionEstimate) -> Decimal {
    option.line_items.iter().map(|l| l.cost).sum()
}

/// Options in the order the table shows them: database options that meet every need by
/// monthly cost, then those that fail a need, then caches, then those that could not be
/// priced.
pub fn sorted_options(estimate: &Estimate) -> Vec<&OptionEstimate> {
    let mut options: Vec<&OptionEstimate> = estimate.options.iter().collect();
    options.sort_by(|a, b| {
        let rank = |o: &OptionEstimate| {
            (
                o.monthly.is_none(),
                o.role != engine::estimate::Role::Database,
                !o.meets_all_needs,
                o.monthly.unwrap_or_default(),
            )
        };
        rank(a).cmp(&rank(b))
    });
    options
}

/// An RFC 3339 time as people read it: `2026-11-26 17:58 UTC`.
pub fn short_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(date), Some(time)) if rfc3339.ends_with('Z') => format!("{date} {time} UTC"),
        _ => rfc3339.to_owned(),
    }
}

/// The need an option fails, for the table's fit column ("Meets every need" otherwise).
pub fn fit_summary(option: &OptionEstimate) -> String {
    let failed: Vec<&str> = option
        .fit
        .iter()
        .filter(|n| !n.meets)
        .map(|n| &*n.need)
        .collect();
    if failed.is_empty() {
        "Meets every need".to_owned()
    } else {
        format!("Fails: {}", failed.join(", "))
    }
}

/// The comparison as CSV: one row per line item, each with its option's totals and the
/// price table (so a stale table shows in the export too).
pub fn csv(priced: &Priced) -> String {
    let table = &priced.price_table;
    let mut out = String::from(
        "option_id,option,status,dimension,category,quantity,unit,unit_price,cost,option_monthly,option_upfront,tco_12_months,tco_36_months,price_table_id,price_table_effective_date,price_table_stale\n",
    );
    let opt = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    for option in sorted_options(&priced.estimate) {
        let status = if option.monthly.is_some() {
            "priced"
        } else {
            "not_priced"
        };
        let head = [
            csv_cell(&option.id),
            csv_cell(&option.label),
            status.to_owned(),
        ];
        let tail = [
            opt(option.monthly),
            opt(option.upfront),
            opt(option.tco_12_months),
            opt(option.tco_36_months),
            csv_cell(&table.id),
            table.effective_date.clone(),
            table.stale.to_string(),
        ];
        let items: Vec<&engine::estimate::LineItem> = option
            .line_items
            .iter()
            .chain(&option.upfront_items)
            .collect();
        if items.is_empty() {
            out.push_str(&format!("{},,,,,,,{}\n", head.join(","), tail.join(",")));
        }
        for item in items {
            let category = serde_json::to_value(item.category)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{}\n",
                head.join(","),
                csv_cell(&item.dimension),
                category,
                item.quantity,
                csv_cell(&item.unit),
                item.unit_price,
                item.cost,
                tail.join(",")
            ));
        }
    }
    out
}

/// One CSV cell, quoted when it holds a comma, quote or line break.
pub fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The 24 hourly ACUs of the Serverless v2 option, read from its "ACU-hours" sizing line
/// (`hourly ACUs 0.5 0.5 ... (paused 0 h) × 2 instance(s)`).
pub fn serverless_acus(option: &OptionEstimate) -> Option<Vec<f64>> {
    let sizing = option.sizing.iter().find(|s| s.item == "ACU-hours")?;
    let rest = sizing.reason.strip_prefix("hourly ACUs ")?;
    let list = rest.split(" (").next()?;
    let values: Vec<f64> = list
        .split_whitespace()
        .filter_map(|v| v.replace(',', "").parse().ok())
        .collect();
    (values.len() == 24).then_some(values)
}

/// DynamoDB's read and write units per request, read from its sizing line
/// (`0.6 RRU per read, 1.2 WRU per write`).
pub fn dynamodb_units(option: &OptionEstimate) -> Option<(f64, f64)> {
    let sizing = option
        .sizing
        .iter()
        .find(|s| s.item == "capacity units per request")?;
    let (read, write) = sizing.choice.split_once(", ")?;
    let number = |t: &str| {
        t.split_whitespace()
            .next()?
            .replace(',', "")
            .parse::<f64>()
            .ok()
    };
    Some((number(read)?, number(write)?))
}

/// A decimal as `f64` for charts (never for money arithmetic).
pub fn to_f64(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use serde_json::json;

    #[test]
    fn the_written_default_scenario_is_the_engines() {
        let engine = serde_json::to_value(engine::Scenario::default()).unwrap();
        assert_eq!(
            default_scenario(),
            engine,
            "app/src/default-scenario.json is out of date; write it again from \
             engine::Scenario::default():\n{}",
            serde_json::to_string_pretty(&engine).unwrap()
        );
    }

    #[test]
    fn fixed_and_short_write_what_format_would() {
        // Away from exact halves, the same text as `format!("{:.N}")`.
        for x in [
            0.0,
            0.04,
            1.0,
            1.26,
            12.34,
            99.99,
            1234.5678,
            0.1,
            2.675001,
            1e9 / 3.0,
        ] {
            assert_eq!(fixed(x, 0), format!("{x:.0}"), "{x}");
            assert_eq!(fixed(x, 1), format!("{x:.1}"), "{x}");
            assert_eq!(fixed(x, 2), format!("{x:.2}"), "{x}");
            assert_eq!(
                fixed(-x, 2),
                format!("{:.2}", -x).replace("-0.00", "0.00"),
                "{x}"
            );
        }
        assert_eq!(short(1.25), "1.25");
        assert_eq!(short(1.5), "1.5");
        assert_eq!(short(3.0), "3");
        assert_eq!(short(0.0), "0");
        assert_eq!(short(10.0), "10");
        assert_eq!(fixed(f64::NAN, 1), "-");
    }

    #[test]
    fn a_single_value_becomes_a_range_around_it_and_back() {
        let single = json!("200");
        assert!(!is_range(Some(&single)));
        let range = to_range(Some(&single));
        assert_eq!(range, json!({"low": "100", "likely": "200", "high": "400"}));
        assert!(is_range(Some(&range)));
        assert_eq!(display_text(Some(&range)), "200");
        assert_eq!(range_part(Some(&range), "high"), "400");
        assert_eq!(range_part(Some(&range), "confidence"), "medium");
        assert_eq!(to_single(Some(&range)), json!("200"));
        // Text that is not a number stays as typed, so the server can name the field.
        assert_eq!(
            to_range(Some(&json!("lots"))),
            json!({"low": "lots", "likely": "lots", "high": "lots"})
        );
    }

    #[test]
    fn editing_a_range_part_keeps_the_others() {
        let range = json!({"low": "100", "likely": "200", "high": "400"});
        assert_eq!(
            set_range_part(Some(&range), "high", " 900 "),
            json!({"low": "100", "likely": "200", "high": "900"})
        );
        let confident = set_range_part(Some(&range), "confidence", "high");
        assert_eq!(confident["confidence"], json!("high"));
        // Medium is the default and is left out.
        assert_eq!(
            set_range_part(Some(&confident), "confidence", "medium"),
            range
        );
    }

    #[test]
    fn the_form_offers_a_range_exactly_where_the_engine_accepts_one() {
        let ranged: Vec<&str> = GROUPS
            .iter()
            .flat_map(|g| g.fields)
            .filter(|f| f.kind == Kind::Range)
            .map(|f| f.path)
            .collect();
        let accepted: Vec<&str> = engine::scenario::RangedField::ALL
            .iter()
            .map(|f| f.path())
            .collect();
        assert_eq!(ranged, accepted);
    }

    #[test]
    fn money_rounds_once_and_groups_thousands() {
        for (amount, expected) in [
            (dec!(0), "$0.00"),
            (dec!(1234.567), "$1,234.57"),
            (dec!(1000000), "$1,000,000.00"),
            (dec!(0.004215), "$0.0042"),
            (dec!(-12.5), "-$12.50"),
        ] {
            assert_eq!(money(amount), expected, "{amount}");
        }
    }

    #[test]
    fn quantities_keep_two_decimals() {
        assert_eq!(quantity(dec!(1460)), "1,460");
        assert_eq!(quantity(dec!(12345.678)), "12,345.68");
        assert_eq!(quantity(dec!(0.5)), "0.5");
    }

    #[test]
    fn paths_read_and_write_nested_members() {
        let mut v = json!({"traffic": {"reads_per_second": "200"}});
        set_path(&mut v, "traffic.reads_per_second", json!("900"));
        set_path(&mut v, "needs.regions", json!(2));
        assert_eq!(
            get_path(&v, "traffic.reads_per_second"),
            Some(&json!("900"))
        );
        assert_eq!(get_path(&v, "needs.regions"), Some(&json!(2)));
        assert_eq!(get_path(&v, "needs.nope"), None);
    }

    #[test]
    fn field_text_becomes_json_the_engine_reads() {
        assert_eq!(field_value(Kind::Decimal, " 12.5 "), json!("12.5"));
        assert_eq!(field_value(Kind::Integer, "3"), json!(3));
        assert_eq!(field_value(Kind::Integer, "x"), json!("x"));
        assert_eq!(field_value(Kind::OptDecimal, ""), Value::Null);
        assert_eq!(field_value(Kind::Bool, "true"), json!(true));
    }

    #[test]
    fn every_form_field_exists_in_the_scenario_and_every_choice_parses() {
        let defaults = default_scenario();
        for group in GROUPS {
            for field in group.fields {
                assert!(get_path(&defaults, field.path).is_some(), "{}", field.path);
                if let Kind::Choice(choices) | Kind::OptChoice(choices) = field.kind {
                    for (value, _) in choices {
                        let mut s = defaults.clone();
                        set_path(&mut s, field.path, json!(value));
                        engine::Scenario::from_json(&s.to_string())
                            .unwrap_or_else(|e| panic!("{} = {value}: {e}", field.path));
                    }
                }
            }
        }
        for (shape, _) in SHAPES {
            let mut s = defaults.clone();
            set_path(&mut s, "traffic.shape", json!(shape));
            engine::Scenario::from_json(&s.to_string()).unwrap();
        }
    }

    #[test]
    fn every_preset_is_a_valid_scenario() {
        for preset in PRESETS {
            engine::Scenario::from_json(&preset.scenario().to_string())
                .unwrap_or_else(|e| panic!("{}: {e}", preset.id));
        }
    }

    #[test]
    fn times_read_naturally() {
        assert_eq!(
            short_time("2026-11-26T17:58:15.475427168Z"),
            "2026-11-26 17:58 UTC"
        );
        assert_eq!(short_time("yesterday"), "yesterday");
    }

    #[test]
    fn csv_cells_are_quoted_when_needed() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn stale_sentence_names_date_and_age() {
        let mut table = PriceTableRef {
            id: "pt-1".into(),
            name: "t".into(),
            region: "us-east-1".into(),
            effective_date: "2026-05-01".into(),
            age_days: 208,
            stale: true,
        };
        assert_eq!(
            stale_warning(&table).as_deref(),
            Some("Prices are from 2026-05-01 (208 days old).")
        );
        table.stale = false;
        assert_eq!(stale_warning(&table), None);
    }
}

/// The region's default table from a `GET /api/v1/price-tables` body, when it is not `table`
/// and is at least as new: `(id, name, effective date)`.
pub fn newer_default(
    list: &serde_json::Value,
    table: &PriceTableRef,
) -> Option<(String, String, String)> {
    let versions = list.get("price_tables")?.as_array()?;
    let default = versions
        .iter()
        .find(|v| v["region"] == table.region.as_str() && v["is_default"] == true)?;
    let id = default["id"].as_str()?;
    let effective = default["effective_date"].as_str()?;
    (id != table.id && effective >= table.effective_date.as_str()).then(|| {
        (
            id.to_owned(),
            default["name"].as_str().unwrap_or(id).to_owned(),
            effective.to_owned(),
        )
    })
}

/// `/?` with the given query pairs, `pt` set to `id` (values percent-encoded).
pub fn with_price_table(pairs: &[(String, String)], id: &str) -> String {
    let mut parts: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k != "pt")
        .map(|(k, v)| format!("{k}={}", encode_component(v)))
        .collect();
    parts.push(format!("pt={}", encode_component(id)));
    format!("/?{}", parts.join("&"))
}

fn encode_component(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod newer_table_tests {
    use serde_json::json;

    use super::*;

    fn pinned() -> PriceTableRef {
        PriceTableRef {
            id: "pt-old".into(),
            name: "old".into(),
            region: "us-east-1".into(),
            effective_date: "2025-06-01".into(),
            age_days: 500,
            stale: true,
        }
    }

    #[test]
    fn offers_the_regions_newer_default_only() {
        let list = json!({ "price_tables": [
            { "id": "pt-eu", "name": "eu", "region": "eu-west-1", "effective_date": "2026-11-01", "is_default": true },
            { "id": "pt-old", "name": "old", "region": "us-east-1", "effective_date": "2025-06-01", "is_default": false },
            { "id": "pt-new", "name": "new", "region": "us-east-1", "effective_date": "2026-11-01", "is_default": true },
        ]});
        assert_eq!(
            newer_default(&list, &pinned()),
            Some(("pt-new".into(), "new".into(), "2026-11-01".into()))
        );
        let same = json!({ "price_tables": [
            { "id": "pt-old", "name": "old", "region": "us-east-1", "effective_date": "2025-06-01", "is_default": true },
        ]});
        assert_eq!(newer_default(&same, &pinned()), None);
        let older = json!({ "price_tables": [
            { "id": "pt-older", "name": "older", "region": "us-east-1", "effective_date": "2024-01-01", "is_default": true },
        ]});
        assert_eq!(newer_default(&older, &pinned()), None);
    }

    #[test]
    fn the_link_keeps_the_scenario_and_swaps_the_table() {
        let pairs = vec![
            ("s".to_owned(), "1.abc-_".to_owned()),
            ("pt".to_owned(), "pt-old".to_owned()),
        ];
        assert_eq!(with_price_table(&pairs, "pt-new"), "/?s=1.abc-_&pt=pt-new");
        assert_eq!(with_price_table(&[], "pt-new"), "/?pt=pt-new");
    }
}
