//! Stateless share links for dbcost: the whole scenario in the URL's query string.
//!
//! `?s=1.<payload>&pt=<price table id>`, where the payload is the scenario's JSON with every
//! field that equals the default left out (so links stay short and survive new fields with
//! defaults), with keys sorted, raw-DEFLATE compressed and base64url-encoded without padding.
//! The leading `1.` is the codec's version. Decoding is bounded: a payload may not inflate to
//! more than [`MAX_DECODED_BYTES`], so a crafted link cannot exhaust memory.
//!
//! The codec works on `serde_json::Value`: parsing the result into a scenario, with its field
//! errors, is the caller's job.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::{Map, Value};

/// The codec version written before the payload.
pub const VERSION: &str = "1";
/// The largest JSON a share payload may inflate to.
pub const MAX_DECODED_BYTES: usize = 64 * 1024;
/// The largest payload (base64 text) accepted.
pub const MAX_ENCODED_BYTES: usize = 16 * 1024;

/// Why a share payload could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// The payload does not start with a version this codec reads.
    #[error("the link's scenario is in an unknown format (expected it to start with `1.`)")]
    UnknownVersion,
    /// The payload is longer than any scenario needs.
    #[error("the link's scenario is too long ({0} characters)")]
    TooLong(usize),
    /// Not base64url.
    #[error("the link's scenario is damaged (not base64url): {0}")]
    NotBase64(String),
    /// Not DEFLATE data, or it inflates past the limit.
    #[error("the link's scenario is damaged (cannot be decompressed): {0}")]
    NotDeflate(String),
    /// Not a JSON object.
    #[error("the link's scenario is damaged (not a JSON object): {0}")]
    NotJson(String),
}

/// Encodes `scenario` (a JSON object) against `defaults` (the default scenario's JSON) as a
/// share payload `1.<base64url>`.
pub fn encode(scenario: &Value, defaults: &Value) -> String {
    let sparse = without_defaults(scenario, defaults).unwrap_or_else(|| Value::Object(Map::new()));
    // Keys are sorted explicitly (serde_json's map keeps insertion order when another crate
    // turns on `preserve_order`), so equal scenarios encode to equal links.
    let json = serde_json::to_vec(&sorted(sparse)).unwrap_or_default();
    let compressed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{VERSION}.{}", URL_SAFE_NO_PAD.encode(compressed))
}

/// Decodes a share payload to the sparse scenario JSON (fields equal to the default are
/// absent; a scenario type with `#[serde(default)]` fills them back).
pub fn decode(payload: &str) -> Result<Value, ShareError> {
    if payload.len() > MAX_ENCODED_BYTES {
        return Err(ShareError::TooLong(payload.len()));
    }
    let Some(body) = payload.strip_prefix("1.") else {
        return Err(ShareError::UnknownVersion);
    };
    let compressed = URL_SAFE_NO_PAD
        .decode(body.trim_end_matches('='))
        .map_err(|e| ShareError::NotBase64(e.to_string()))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_DECODED_BYTES)
        .map_err(|e| ShareError::NotDeflate(format!("{:?}", e.status)))?;
    let value: Value =
        serde_json::from_slice(&json).map_err(|e| ShareError::NotJson(e.to_string()))?;
    if !value.is_object() {
        return Err(ShareError::NotJson("expected an object".into()));
    }
    Ok(value)
}

/// `value` with every object's keys in sorted order.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// `value` with every member equal to its counterpart in `defaults` removed; `None` when
/// nothing differs.
pub fn without_defaults(value: &Value, defaults: &Value) -> Option<Value> {
    match (value, defaults) {
        (Value::Object(object), Value::Object(default_object)) => {
            let mut out = Map::new();
            for (key, member) in object {
                match default_object.get(key) {
                    Some(default_member) => {
                        if let Some(diff) = without_defaults(member, default_member) {
                            out.insert(key.clone(), diff);
                        }
                    }
                    None => {
                        out.insert(key.clone(), member.clone());
                    }
                }
            }
            (!out.is_empty()).then_some(Value::Object(out))
        }
        _ if value == defaults => None,
        _ => Some(value.clone()),
    }
}

/// `base` with `overlay`'s members written over it, recursively (objects merge; any other
/// value replaces): the inverse of [`without_defaults`], so
/// `merge(d, &without_defaults(v, d).unwrap_or_default())` is `v` for an object `v`.
pub fn merge(base: &Value, overlay: &Value) -> Value {
    match (base, overlay) {
        (Value::Object(b), Value::Object(o)) => {
            let mut out = b.clone();
            for (key, value) in o {
                let merged = match b.get(key) {
                    Some(existing) => merge(existing, value),
                    None => value.clone(),
                };
                out.insert(key.clone(), merged);
            }
            Value::Object(out)
        }
        (_, overlay) => overlay.clone(),
    }
}

/// The query string for a scenario and a price table: `s=...&pt=...`.
pub fn query(scenario: &Value, defaults: &Value, price_table_id: Option<&str>) -> String {
    let mut query = format!("s={}", encode(scenario, defaults));
    if let Some(id) = price_table_id {
        query.push_str("&pt=");
        query.push_str(&percent_encode(id));
    }
    query
}

/// Percent-encodes everything but unreserved characters (price-table ids are `pt-` and hex,
/// but a user-supplied id must not break the query).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn defaults() -> Value {
        json!({"scenario_version": 1, "data": {"size_gb": "50", "hot_percent": "20"},
               "traffic": {"reads_per_second": "200", "shape": "business_hours"}})
    }

    #[test]
    fn round_trip_keeps_only_what_differs() {
        let scenario = json!({"scenario_version": 1, "data": {"size_gb": "900", "hot_percent": "20"},
                              "traffic": {"reads_per_second": "200", "shape": "flat"}});
        let payload = encode(&scenario, &defaults());
        assert!(payload.starts_with("1."));
        assert_eq!(
            decode(&payload).unwrap(),
            json!({"data": {"size_gb": "900"}, "traffic": {"shape": "flat"}})
        );
    }

    #[test]
    fn the_default_scenario_encodes_to_an_empty_object() {
        assert_eq!(
            decode(&encode(&defaults(), &defaults())).unwrap(),
            json!({})
        );
    }

    #[test]
    fn equal_scenarios_give_equal_links() {
        let a = json!({"data": {"size_gb": "1", "hot_percent": "5"}});
        let b = json!({"data": {"hot_percent": "5", "size_gb": "1"}});
        assert_eq!(encode(&a, &defaults()), encode(&b, &defaults()));
    }

    #[test]
    fn damaged_links_are_errors_not_panics() {
        assert_eq!(decode("2.abc"), Err(ShareError::UnknownVersion));
        assert!(matches!(decode("1.@@@"), Err(ShareError::NotBase64(_))));
        assert!(matches!(decode("1.AAAA"), Err(ShareError::NotDeflate(_))));
        let not_object = format!(
            "1.{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"[1,2]", 6))
        );
        assert!(matches!(decode(&not_object), Err(ShareError::NotJson(_))));
        assert!(matches!(
            decode(&"1.".repeat(10_000)),
            Err(ShareError::TooLong(_))
        ));
    }

    #[test]
    fn a_deflate_bomb_stops_at_the_limit() {
        // 10 MB of spaces compresses to about 10 KB; inflating it must stop at 64 KiB.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 10_000_000], 10);
        let payload = format!("1.{}", URL_SAFE_NO_PAD.encode(bomb));
        assert!(payload.len() < MAX_ENCODED_BYTES, "{}", payload.len());
        assert!(matches!(decode(&payload), Err(ShareError::NotDeflate(_))));
    }

    #[test]
    fn merge_overlays_nested_objects() {
        let merged = merge(&json!({"a": {"b": 1, "c": 2}}), &json!({"a": {"c": 3}}));
        assert_eq!(merged, json!({"a": {"b": 1, "c": 3}}));
    }

    #[test]
    fn price_table_ids_are_escaped() {
        assert!(query(&json!({}), &json!({}), Some("pt-ab&x=1")).ends_with("&pt=pt-ab%26x%3D1"));
    }
}
