//! The share-link decoder (`share_link::decode`, what the calculator runs on `?s=`), with the
//! form's round trip. The input is the `s` parameter. Beyond "no panic" (and the 64 KiB
//! inflation bound, which `-rss_limit_mb` holds it to):
//! - a decoded payload is a JSON object, and encoding it again decodes to the same object;
//! - the calculator's round trip is exact: the full scenario (defaults merged with the
//!   payload) encodes to a link that decodes to the full scenario's difference from the
//!   defaults, merging that back gives the full scenario, and re-encoding gives the same link;
//! - parsing the full scenario as an engine scenario ends in a value or a field error.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::json;
use share_link::{MAX_ENCODED_BYTES, decode, encode, merge, without_defaults};

fuzz_target!(|data: &[u8]| {
    let Ok(payload) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(sparse) = decode(payload) else {
        return;
    };
    assert!(sparse.is_object());

    // Against no defaults, every member is kept.
    let link = encode(&sparse, &json!({}));
    if fits(&link) {
        assert_eq!(decode(&link), Ok(sparse.clone()), "decode(encode(x)) != x");
    }

    // The calculator: the form holds merge(defaults, sparse) and writes its link.
    let defaults = serde_json::to_value(engine::Scenario::default()).unwrap();
    let full = merge(&defaults, &sparse);
    let link = encode(&full, &defaults);
    if fits(&link) {
        let decoded = decode(&link).unwrap_or_else(|e| panic!("own link rejected: {e}"));
        let expected = without_defaults(&full, &defaults).unwrap_or_else(|| json!({}));
        assert_eq!(decoded, expected);
        let reopened = merge(&defaults, &decoded);
        assert_eq!(
            reopened, full,
            "opening the link again changes the scenario"
        );
        assert_eq!(
            encode(&reopened, &defaults),
            link,
            "links are not deterministic"
        );
    }

    let _ = engine::Scenario::from_json(&full.to_string());
});

/// Whether a link is within the decoder's length limit. A payload crafted with a better
/// compressor than ours can re-encode longer; the decoder then refuses it as too long,
/// which is an error, not a wrong scenario.
fn fits(link: &str) -> bool {
    link.len() <= MAX_ENCODED_BYTES
}
