//! The AWS offer-file importer (`pricing_data::import_aws`, what
//! `POST /api/v1/price-tables/import-aws` and `dbcost prices import-aws` run), JSON or CSV:
//! the input is one offer file. Beyond "no panic":
//! - the outcome does not depend on how the stream is cut: the file read through a 7-byte
//!   buffer gives exactly the table, report or error that an 8 KiB buffer gives;
//! - progress never goes backwards nor past the file's length;
//! - an imported table maps at least one SKU and is what parsing its canonical JSON gives (so
//!   its content hash is the version id storage will compute).

#![no_main]

use std::io::BufReader;

use libfuzzer_sys::fuzz_target;
use pricing_data::{ImportOptions, OfferInput, canonical_json, import_aws, parse};
use time::{Date, macros::date};

const TODAY: Date = date!(2026 - 11 - 26);

fuzz_target!(|data: &[u8]| {
    let large = import(data, 8 * 1024);
    let small = import(data, 7);
    match (&large, &small) {
        (Ok((table, report)), Ok((table_small, report_small))) => {
            assert_eq!(table, table_small, "the table depends on the buffer size");
            assert_eq!(
                report, report_small,
                "the report depends on the buffer size"
            );
            assert!(report.skus_mapped > 0);
            let again = parse(&canonical_json(table), TODAY)
                .unwrap_or_else(|e| panic!("an imported table does not parse: {e:?}"));
            assert_eq!(&again, table);
        }
        (Err(error), Err(error_small)) => {
            assert_eq!(
                error.to_string(),
                error_small.to_string(),
                "the error depends on the buffer size"
            );
        }
        _ => panic!(
            "the outcome depends on the buffer size: {:?} vs {:?}",
            large.as_ref().err(),
            small.as_ref().err()
        ),
    }
});

fn import(
    data: &[u8],
    capacity: usize,
) -> Result<(pricing_data::PriceTable, pricing_data::ImportReport), pricing_data::ImportError> {
    let mut last = 0u64;
    let mut progress = |bytes: u64| {
        assert!(bytes >= last, "progress went back from {last} to {bytes}");
        assert!(bytes <= data.len() as u64, "progress {bytes} past the end");
        last = bytes;
    };
    let file = OfferInput {
        name: "offer".to_owned(),
        reader: BufReader::with_capacity(capacity, data),
    };
    let options = ImportOptions {
        region: None,
        name: None,
        today: TODAY,
    };
    import_aws(vec![file], options, &mut progress)
}
