//! The CSV offer-file reader, record by record with the `csv` crate (one reused record).
//!
//! ```text
//! "FormatVersion","v1.0"
//! "Disclaimer","This pricing list is for informational purposes only. ..."
//! "Publication Date","2026-11-20T17:45:42Z"
//! "Version","20261120174542"
//! "OfferCode","AmazonRDS"
//! "SKU","OfferTermCode","RateCode","TermType","PriceDescription","EffectiveDate",
//!   "StartingRange","EndingRange","Unit","PricePerUnit","Currency","RelatedTo",
//!   "LeaseContractLength","PurchaseOption","OfferingClass","Product Family","serviceCode",
//!   "Location","Location Type","Instance Type",...
//! one row per price dimension, the product's attributes repeated on each row
//! ```
//!
//! A product is classified on the first row of its SKU; the following rows of a skipped SKU
//! cost one string comparison. A row with another number of fields than the header (a truncated last line)
//! fails with its line number.

use std::io::BufRead;

use super::build::{Builder, Row, Seen};
use super::mapping::Attrs;
use super::{Counting, ImportError, OfferHeader};

/// Columns that describe the term and price rather than the product.
const TERM_COLUMNS: [&str; 15] = [
    "SKU",
    "OfferTermCode",
    "RateCode",
    "TermType",
    "PriceDescription",
    "EffectiveDate",
    "StartingRange",
    "EndingRange",
    "Unit",
    "PricePerUnit",
    "Currency",
    "RelatedTo",
    "LeaseContractLength",
    "PurchaseOption",
    "OfferingClass",
];

struct Columns {
    sku: usize,
    term_code: usize,
    term_type: usize,
    description: usize,
    begin: usize,
    end: usize,
    unit: usize,
    price: usize,
    currency: usize,
    lease: Option<usize>,
    purchase: Option<usize>,
    offering_class: Option<usize>,
    family: Option<usize>,
    /// (index, header name) of every product attribute column.
    attributes: Vec<(usize, String)>,
    len: usize,
}

/// Reads one CSV offer file into `builder`.
pub(crate) fn read<R: BufRead>(
    file: &str,
    reader: &mut Counting<'_, R>,
    builder: &mut Builder,
) -> Result<OfferHeader, ImportError> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&mut *reader);
    let mut record = csv::StringRecord::new();
    let mut header = OfferHeader::default();
    let fail = |line: u64, message: String| ImportError::Csv {
        file: file.to_owned(),
        line,
        message,
    };
    // A record over the size limit is an I/O error from `Counting`, without a position: it
    // starts on the line after the last record read. Any other I/O error is the reader's
    // (a request body over the server's limit, a dropped connection).
    let mut last_line = 0;
    let csv_error = |e: csv::Error, last_line: u64, offset: u64| match e.kind() {
        csv::ErrorKind::Io(io)
            if io
                .get_ref()
                .is_some_and(|inner| inner.is::<super::RecordTooLong>()) =>
        {
            fail(last_line + 1, io.to_string())
        }
        csv::ErrorKind::Io(io) => ImportError::Io {
            file: file.to_owned(),
            offset,
            message: io.to_string(),
        },
        _ => fail(e.position().map(|p| p.line()).unwrap_or(0), e.to_string()),
    };
    csv.get_mut().start_record();

    // The metadata lines, then the header row.
    let columns = loop {
        if !csv
            .read_record(&mut record)
            .map_err(|e| csv_error(e, last_line, csv.get_ref().pos()))?
        {
            return Err(ImportError::NotAnOffer {
                file: file.to_owned(),
                message: "no header row (\"SKU\",\"OfferTermCode\",...)".into(),
            });
        }
        csv.get_mut().start_record();
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        last_line = line;
        let value = record.get(1).unwrap_or("").to_owned();
        match record.get(0).unwrap_or("") {
            "SKU" => break columns(&record).map_err(|m| fail(line, m))?,
            "OfferCode" => header.offer_code = value,
            "Version" => header.version = value,
            "Publication Date" => header.publication_date = value,
            "FormatVersion" | "Disclaimer" => {}
            other if line > 5 => {
                return Err(fail(
                    line,
                    format!("expected the header row starting with \"SKU\", found {other:?}"),
                ));
            }
            _ => {}
        }
    };
    if !super::SUPPORTED_OFFERS.contains(&header.offer_code.as_str()) {
        return Err(ImportError::UnsupportedOffer {
            file: file.to_owned(),
            code: header.offer_code,
        });
    }

    let mut attrs = Attrs::default();
    while csv
        .read_record(&mut record)
        .map_err(|e| csv_error(e, last_line, csv.get_ref().pos()))?
    {
        csv.get_mut().start_record();
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        last_line = line;
        if record.len() != columns.len {
            return Err(fail(
                line,
                format!(
                    "{} fields where the header has {} (truncated file?)",
                    record.len(),
                    columns.len
                ),
            ));
        }
        let field = |i: usize| record.get(i).unwrap_or("");
        let opt = |i: Option<usize>| i.map(field).unwrap_or("");
        let sku = field(columns.sku);
        match builder.seen(sku) {
            Some(Seen::Skipped) => continue,
            Some(Seen::Kept) => {}
            None => {
                attrs.clear();
                for (i, name) in &columns.attributes {
                    attrs.push(name, field(*i));
                }
                builder.product(sku, opt(columns.family), &attrs, &header.offer_code);
                if !builder.is_kept(sku) {
                    continue;
                }
            }
        }
        let row = Row {
            term_type: field(columns.term_type),
            term_code: field(columns.term_code),
            lease: opt(columns.lease),
            purchase: opt(columns.purchase),
            offering_class: opt(columns.offering_class),
            begin: field(columns.begin),
            end: field(columns.end),
            unit: field(columns.unit),
            price: field(columns.price),
            currency: field(columns.currency),
            description: field(columns.description),
        };
        builder.row(sku, &row).map_err(|m| fail(line, m))?;
    }
    Ok(header)
}

fn columns(header: &csv::StringRecord) -> Result<Columns, String> {
    let find = |name: &str| header.iter().position(|h| h == name);
    let need = |name: &str| find(name).ok_or_else(|| format!("no {name:?} column"));
    Ok(Columns {
        sku: need("SKU")?,
        term_code: need("OfferTermCode")?,
        term_type: need("TermType")?,
        description: need("PriceDescription")?,
        begin: need("StartingRange")?,
        end: need("EndingRange")?,
        unit: need("Unit")?,
        price: need("PricePerUnit")?,
        currency: need("Currency")?,
        lease: find("LeaseContractLength"),
        purchase: find("PurchaseOption"),
        offering_class: find("OfferingClass"),
        family: find("Product Family"),
        attributes: header
            .iter()
            .enumerate()
            .filter(|(_, h)| !TERM_COLUMNS.contains(h) && *h != "Product Family")
            .map(|(i, h)| (i, h.to_owned()))
            .collect(),
        len: header.len(),
    })
}
