//! A user-supplied price table (`pricing_data::parse`, what `POST /api/v1/price-tables` and
//! `dbcost prices import` run). Beyond "no panic":
//! - a rejected document has at least one field error, each saying what was expected;
//! - an accepted table's canonical JSON parses back to the same table, whose canonical JSON
//!   and content hash are the same again (the version id is stable), and which differs from
//!   itself in no price.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pricing_data::{canonical_json, content_hash, diff, parse};
use time::{Date, macros::date};

/// A fixed "today", so every run judges dates (no future effective date) the same way.
const TODAY: Date = date!(2026 - 11 - 26);

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let table = match parse(json, TODAY) {
        Ok(table) => table,
        Err(errors) => {
            assert!(!errors.is_empty(), "rejected without a field error");
            for error in &errors {
                assert!(
                    !error.expected.is_empty(),
                    "{error:?} says nothing expected"
                );
            }
            return;
        }
    };
    let canonical = canonical_json(&table);
    let again = parse(&canonical, TODAY).unwrap_or_else(|e| {
        panic!("the canonical JSON of a parsed table is rejected: {e:?}\n{canonical}")
    });
    assert_eq!(again, table, "canonical JSON does not round-trip");
    assert_eq!(
        canonical_json(&again),
        canonical,
        "canonical JSON is not stable"
    );
    assert_eq!(content_hash(&again), content_hash(&table));
    assert!(
        diff(&table, &again).is_empty(),
        "a table differs from itself"
    );
});
