//! The JSON Schema of a price table, generated from the Rust types.
//!
//! The committed copy, `pricing-data/price-table.schema.json`, is what the server serves at
//! `GET /api/v1/schemas/price-table.json`; a test fails when it drifts from the types. The
//! validator in [`crate::validate`] walks this same schema, so the published contract and the
//! checks run on import cannot disagree.
//!
//! Beyond standard JSON Schema it uses two annotations: `"format": "decimal"` (a non-negative
//! decimal string), and `"x-unique-by": [fields]` on arrays whose entries must be unique by
//! those fields (e.g. one entry per instance class).

use serde_json::Value;

use crate::table::PriceTable;

/// The committed schema file, as shipped in the crate.
pub const COMMITTED_SCHEMA: &str = include_str!("../price-table.schema.json");

/// The JSON Schema (draft 2020-12) of [`PriceTable`].
pub fn json_schema() -> Value {
    schemars::schema_for!(PriceTable).to_value()
}

/// [`json_schema`] as pretty-printed text with a trailing newline, exactly as committed.
/// Keys are sorted explicitly, so the text is the same whether or not another crate in the
/// build turns on serde_json's `preserve_order`.
pub fn json_schema_string() -> String {
    let mut s =
        serde_json::to_string_pretty(&crate::canonical::sorted(json_schema())).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regenerate with `UPDATE_SCHEMA=1 cargo test -p pricing-data committed_schema`.
    #[test]
    fn committed_schema_matches_the_types() {
        let generated = json_schema_string();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/price-table.schema.json");
            std::fs::write(path, &generated).unwrap();
            return;
        }
        let committed: Value = serde_json::from_str(COMMITTED_SCHEMA).unwrap();
        assert!(
            COMMITTED_SCHEMA == generated && committed == json_schema(),
            "pricing-data/price-table.schema.json is out of date with the Rust types; \
             regenerate it with `UPDATE_SCHEMA=1 cargo test -p pricing-data committed_schema` \
             and commit the result"
        );
    }
}
