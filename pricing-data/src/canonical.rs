//! Canonical JSON and the content hash of a price table.
//!
//! Two documents that hold the same prices must get the same hash however their keys are
//! ordered or their whitespace laid out, so that importing the same table twice is a no-op.
//! The canonical form is the parsed table serialized back, with every object's keys sorted,
//! without whitespace; optional fields left out when absent and defaults (`hours_per_month`)
//! written out. Decimal strings keep the digits they were written with (`"0.10"` stays
//! `"0.10"`), so an export shows exactly what was imported.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::table::PriceTable;

/// The canonical JSON text of `table`: sorted keys, no whitespace.
pub fn canonical_json(table: &PriceTable) -> String {
    // Serializing our own types cannot fail: every key is a string and every number finite.
    let value = serde_json::to_value(table).unwrap_or(Value::Null);
    sorted(value).to_string()
}

/// The hex-encoded SHA-256 of [`canonical_json`]: the identity of a table's content.
pub fn content_hash(table: &PriceTable) -> String {
    hex::encode(Sha256::digest(canonical_json(table).as_bytes()))
}

/// Rebuilds every object with its keys in sorted order. (With serde_json's `preserve_order`
/// feature enabled anywhere in the build, maps keep insertion order, so sort explicitly.)
/// `value` with every object's keys sorted, at every depth.
pub(crate) fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sorted(v)))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;
    use time::macros::date;

    use super::*;
    use crate::parse;

    const SMALL: &str = include_str!("testdata/small.json");

    fn hash_of(json: &str) -> String {
        content_hash(&parse(json, date!(2026 - 11 - 26)).unwrap())
    }

    /// Re-emits a JSON value with every object's keys in reverse order.
    fn reversed(value: &Value) -> String {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.reverse();
                let parts: Vec<String> = keys
                    .iter()
                    .map(|k| format!("{}:{}", Value::String((*k).clone()), reversed(&map[*k])))
                    .collect();
                format!("{{{}}}", parts.join(","))
            }
            Value::Array(items) => format!(
                "[{}]",
                items.iter().map(reversed).collect::<Vec<_>>().join(",")
            ),
            other => other.to_string(),
        }
    }

    #[test]
    fn hash_is_stable_under_key_order_and_whitespace() {
        let value: Value = serde_json::from_str(SMALL).unwrap();
        let compact = value.to_string();
        let pretty = serde_json::to_string_pretty(&value)
            .unwrap()
            .replace("  ", "\t\t   ");
        let reordered = reversed(&value);
        assert_ne!(compact, reordered);
        let h = hash_of(SMALL);
        assert_eq!(h.len(), 64);
        assert_eq!(hash_of(&compact), h);
        assert_eq!(hash_of(&pretty), h);
        assert_eq!(hash_of(&reordered), h);
    }

    #[test]
    fn hash_changes_with_any_price() {
        let changed = SMALL.replace("\"0.016\"", "\"0.017\"");
        assert_ne!(hash_of(&changed), hash_of(SMALL));
    }

    #[test]
    fn default_hours_are_written_out() {
        let table = parse(SMALL, date!(2026 - 11 - 26)).unwrap();
        let explicit = SMALL.replacen(
            "\"schema_version\": 1,",
            "\"schema_version\": 1, \"hours_per_month\": \"730\",",
            1,
        );
        assert!(canonical_json(&table).contains("\"hours_per_month\":\"730\""));
        assert_eq!(hash_of(&explicit), hash_of(SMALL));
    }

    #[test]
    fn canonical_json_is_a_fixed_point() {
        let today = date!(2026 - 11 - 26);
        let once = canonical_json(&parse(SMALL, today).unwrap());
        let twice = canonical_json(&parse(&once, today).unwrap());
        assert_eq!(once, twice);
        assert!(!once.contains(": ") && !once.contains(", "));
        assert!(!once.contains('\n'));
    }

    #[test]
    fn canonical_keys_are_sorted() {
        let text = canonical_json(&parse(SMALL, date!(2026 - 11 - 26)).unwrap());
        let top: Vec<&str> = [
            "\"aurora\"",
            "\"currency\"",
            "\"data_transfer\"",
            "\"name\"",
            "\"rds\"",
            "\"region\"",
        ]
        .into_iter()
        .collect();
        let positions: Vec<usize> = top.iter().map(|k| text.find(k).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    }
}
