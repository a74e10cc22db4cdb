//! Comparing two price tables price by price.
//!
//! Both tables are flattened into `path -> Decimal` maps ([`flatten`]), where list entries are
//! addressed by what they price rather than by position
//! (`rds.engines.postgresql.instances[db.r6g.large].hourly.multi_az`), so reordering a list is
//! not a change and a new instance class is one addition per price.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::price::parse_non_negative;
use crate::table::PriceTable;

/// Fields that identify a list entry, in the order they appear in its flattened key.
pub const KEY_FIELDS: [&str; 8] = [
    "class",
    "node_type",
    "capacity",
    "edition",
    "deployment",
    "term",
    "payment",
    "from_gib",
];

/// Top-level fields that describe the table rather than price anything.
const METADATA: [&str; 8] = [
    "schema_version",
    "name",
    "provider",
    "region",
    "currency",
    "effective_date",
    "publication_date",
    "source",
];

/// What happened to one price between two tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One price that differs between two tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PriceChange {
    /// Flattened path of the price (see [`flatten`]).
    pub path: String,
    pub kind: ChangeKind,
    /// Value in the first table; absent when added.
    pub old: Option<Decimal>,
    /// Value in the second table; absent when removed.
    pub new: Option<Decimal>,
    /// `(new - old) / old × 100`, rounded to two decimal places; absent unless changed from a
    /// non-zero price.
    pub percent: Option<Decimal>,
}

/// Every price added, removed or changed from `old` to `new`, sorted by path.
pub fn diff(old: &PriceTable, new: &PriceTable) -> Vec<PriceChange> {
    let a = flatten(old);
    let b = flatten(new);
    let paths: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    paths
        .into_iter()
        .filter_map(|path| {
            let (o, n) = (a.get(path).copied(), b.get(path).copied());
            let kind = match (o, n) {
                (None, Some(_)) => ChangeKind::Added,
                (Some(_), None) => ChangeKind::Removed,
                (Some(x), Some(y)) if x != y => ChangeKind::Changed,
                _ => return None,
            };
            let percent = match (o, n) {
                (Some(x), Some(y)) if !x.is_zero() => {
                    Some(((y - x) / x * Decimal::ONE_HUNDRED).round_dp(2).normalize())
                }
                _ => None,
            };
            Some(PriceChange {
                path: path.clone(),
                kind,
                old: o,
                new: n,
                percent,
            })
        })
        .collect()
}

/// Every number in `table` (prices and catalog quantities) by its path. Decimal values compare
/// by value, so `"0.10"` and `"0.1"` are the same price.
pub fn flatten(table: &PriceTable) -> BTreeMap<String, Decimal> {
    let mut out = BTreeMap::new();
    if let Ok(Value::Object(top)) = serde_json::to_value(table) {
        for (key, value) in &top {
            if !METADATA.contains(&key.as_str()) {
                walk(value, key.clone(), &mut out);
            }
        }
    }
    out
}

fn walk(value: &Value, path: String, out: &mut BTreeMap<String, Decimal>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                walk(child, format!("{path}.{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let Value::Object(entry) = item else {
                    walk(item, format!("{path}[{i}]"), out);
                    continue;
                };
                let key: Vec<String> = KEY_FIELDS
                    .iter()
                    .filter_map(|f| entry.get(*f))
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .collect();
                let item_path = if key.is_empty() {
                    format!("{path}[{i}]")
                } else {
                    format!("{path}[{}]", key.join("/"))
                };
                for (field, child) in entry {
                    if !KEY_FIELDS.contains(&field.as_str()) {
                        walk(child, format!("{item_path}.{field}"), out);
                    }
                }
            }
        }
        Value::String(s) => {
            if let Ok(d) = parse_non_negative(s) {
                out.insert(path, d);
            }
        }
        Value::Number(n) => {
            if let Ok(d) = parse_non_negative(&n.to_string()) {
                out.insert(path, d);
            }
        }
        Value::Bool(_) | Value::Null => {}
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;
    use serde_json::{Value, json};
    use time::macros::date;

    use super::*;
    use crate::parse;

    const SMALL: &str = include_str!("testdata/small.json");

    fn table(edit: impl FnOnce(&mut Value)) -> PriceTable {
        let mut doc: Value = serde_json::from_str(SMALL).unwrap();
        edit(&mut doc);
        parse(&doc.to_string(), date!(2026 - 11 - 26)).unwrap()
    }

    #[test]
    fn flattened_paths_name_what_they_price() {
        let flat = flatten(&table(|_| {}));
        assert_eq!(
            flat["rds.engines.postgresql.instances[db.r6g.large].hourly.multi_az"],
            dec!(0.45)
        );
        assert_eq!(
            flat["rds.engines.postgresql.reserved[db.r6g.large/single_az/1y/all_upfront].upfront"],
            dec!(1237)
        );
        assert_eq!(
            flat["rds.engines.postgresql.storage.gp3.baseline[400].iops"],
            dec!(12000)
        );
        assert_eq!(
            flat["db_instance_classes[db.r6g.large].memory_gib"],
            dec!(16)
        );
        assert_eq!(flat["hours_per_month"], dec!(730));
        assert!(
            !flat
                .keys()
                .any(|k| k.starts_with("name") || k.starts_with("effective_date"))
        );
    }

    #[test]
    fn identical_tables_have_no_diff() {
        assert_eq!(diff(&table(|_| {}), &table(|_| {})), []);
    }

    #[test]
    fn reordering_a_list_is_not_a_change() {
        let reordered = table(|d| {
            d["rds"]["engines"]["postgresql"]["instances"]
                .as_array_mut()
                .unwrap()
                .reverse();
        });
        assert_eq!(diff(&table(|_| {}), &reordered), []);
    }

    #[test]
    fn known_differences_are_all_listed() {
        let old = table(|_| {});
        let new = table(|d| {
            // Changed: 0.225 -> 0.25 is +11.11 %.
            d["rds"]["engines"]["postgresql"]["instances"][1]["hourly"]["single_az"] =
                json!("0.25");
            // Changed: 0.625 -> 0.3125 is -50 %.
            d["dynamodb"]["table_classes"]["standard"]["on_demand_write_per_million"] =
                json!("0.3125");
            // Removed.
            d["aurora"]["engines"]["postgresql"]
                .as_object_mut()
                .unwrap()
                .remove("global_write_io_per_million");
            // Added.
            d["elasticache"]["engines"]["valkey"]["nodes"]
                .as_array_mut()
                .unwrap()
                .push(json!({ "node_type": "cache.r7g.xlarge", "hourly": "0.3504" }));
            // Same value written differently: not a change.
            d["aurora"]["engines"]["postgresql"]["io_per_million"] = json!("0.2");
        });
        let changes = diff(&old, &new);
        let expected = vec![
            PriceChange {
                path: "aurora.engines.postgresql.global_write_io_per_million".into(),
                kind: ChangeKind::Removed,
                old: Some(dec!(0.20)),
                new: None,
                percent: None,
            },
            PriceChange {
                path: "dynamodb.table_classes.standard.on_demand_write_per_million".into(),
                kind: ChangeKind::Changed,
                old: Some(dec!(0.625)),
                new: Some(dec!(0.3125)),
                percent: Some(dec!(-50)),
            },
            PriceChange {
                path: "elasticache.engines.valkey.nodes[cache.r7g.xlarge].hourly".into(),
                kind: ChangeKind::Added,
                old: None,
                new: Some(dec!(0.3504)),
                percent: None,
            },
            PriceChange {
                path: "rds.engines.postgresql.instances[db.r6g.large].hourly.single_az".into(),
                kind: ChangeKind::Changed,
                old: Some(dec!(0.225)),
                new: Some(dec!(0.25)),
                percent: Some(dec!(11.11)),
            },
        ];
        assert_eq!(changes, expected);
    }

    #[test]
    fn change_from_zero_has_no_percentage() {
        let old = table(|_| {});
        let new =
            table(|d| d["rds"]["engines"]["postgresql"]["reserved"][0]["hourly"] = json!("0.01"));
        let changes = diff(&old, &new);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].kind, ChangeKind::Changed);
        assert_eq!(changes[0].percent, None);
    }

    #[test]
    fn diff_serializes_decimals_as_strings() {
        let old = table(|_| {});
        let new = table(|d| d["dynamodb"]["restore_per_gb"] = json!("0.30"));
        let json = serde_json::to_value(diff(&old, &new)).unwrap();
        assert_eq!(
            json,
            json!([{ "path": "dynamodb.restore_per_gb", "kind": "changed", "old": "0.15", "new": "0.30", "percent": "100" }])
        );
    }

    proptest::proptest! {
        /// Scaling any single price by `factor` is exactly one change of `(factor - 1) × 100` %.
        #[test]
        fn one_scaled_price_is_one_change(index in 0usize..1000, factor in 2u32..10) {
            let doc: Value = serde_json::from_str(SMALL).unwrap();
            let mut pointers = Vec::new();
            price_pointers(&doc, String::new(), &mut pointers);
            let pointer = &pointers[index % pointers.len()];
            let old = parse_non_negative(doc.pointer(pointer).unwrap().as_str().unwrap()).unwrap();
            proptest::prop_assume!(!old.is_zero());
            let new = old * Decimal::from(factor);
            let changed = table(|d| *d.pointer_mut(pointer).unwrap() = json!(new.to_string()));
            let changes = diff(&table(|_| {}), &changed);
            proptest::prop_assert_eq!(changes.len(), 1);
            proptest::prop_assert_eq!(changes[0].kind, ChangeKind::Changed);
            proptest::prop_assert_eq!(changes[0].old, Some(old));
            proptest::prop_assert_eq!(changes[0].new, Some(new));
            proptest::prop_assert_eq!(changes[0].percent, Some(Decimal::from((factor - 1) * 100)));
        }
    }

    fn price_pointers(value: &Value, pointer: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    price_pointers(v, format!("{pointer}/{k}"), out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    price_pointers(v, format!("{pointer}/{i}"), out);
                }
            }
            Value::String(s) if parse_non_negative(s).is_ok() => out.push(pointer),
            _ => {}
        }
    }
}
