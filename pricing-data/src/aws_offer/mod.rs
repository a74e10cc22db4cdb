//! Import AWS Price List Bulk API offer files (AmazonRDS with Aurora and Serverless v2,
//! AmazonDynamoDB, AmazonDAX, AmazonElastiCache), JSON or CSV, for one region, into a
//! [`PriceTable`] and an [`ImportReport`].
//!
//! ```text
//! import(files: impl IntoIterator<Item = OfferInput<R: BufRead>>, options: ImportOptions, progress: &mut dyn FnMut(u64))
//!     -> Result<(PriceTable, ImportReport), ImportError>
//! ```
//!
//! - The crate does no I/O: callers pass readers (files, request bodies). Each file is
//!   recognised by its first byte (`{` JSON, otherwise CSV) and by its `offerCode`.
//! - Streaming: a file is read once, front to back, through a small buffer. Only products that
//!   map to our schema are kept, with their few price rows; terms of every other SKU are skipped
//!   unparsed. Peak memory depends on the number of *mapped* SKUs, not on the file size.
//! - `progress` is called with the total bytes read so far (across files) about every MiB and
//!   once at the end.
//! - A truncated or malformed file fails with the byte offset (JSON) or line (CSV), and nothing
//!   is returned.
//! - The result has been through [`crate::parse`]: it is exactly what storing and re-reading
//!   it would give, so [`crate::content_hash`] of it is the version's identity.
//!
//! How SKUs map to the schema is in `mapping.rs`; how prices are chosen (tiers, reserved,
//! conflicts) in `build.rs`; how slots become table sections in `assemble.rs`; the JSON and CSV
//! readers in `json.rs` and `csv.rs`.

mod assemble;
mod build;
mod csv;
mod json;
mod mapping;
pub mod report;

use std::collections::BTreeSet;
use std::io::{self, BufRead, Read};

use time::Date;

use crate::canonical::canonical_json;
use crate::price::Quantity;
use crate::table::{
    Currency, DEFAULT_HOURS_PER_MONTH, PriceTable, Provider, Region, SCHEMA_VERSION, parse_date,
};
use crate::validate::{FieldError, parse};

pub use report::{Conflict, FileSummary, ImportReport, RowSkipReason, SkipReason, TierChoice};

use build::Builder;

#[cfg(test)]
mod tests;

/// One offer file to import.
#[derive(Debug)]
pub struct OfferInput<R> {
    /// Shown in errors and in the table's `source`, e.g. "AmazonRDS-us-east-1.json".
    pub name: String,
    /// The file's bytes. Wrap a `File` in a `BufReader`.
    pub reader: R,
}

/// What the caller decides.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Region to import. `None`: the region of the first regional product read; products of
    /// other regions are then skipped (and counted).
    pub region: Option<Region>,
    /// Table name; default `"AWS <region> list prices, published <date>"`.
    pub name: Option<String>,
    /// Today, for the effective date and the "no future date" rule.
    pub today: Date,
}

/// Why an import failed. Nothing is returned on failure.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("no offer file given")]
    NoFiles,
    /// `offset`: 1-based position of the byte where parsing stopped (the file's length when
    /// it ends too early).
    #[error("{file}: malformed JSON at byte {offset}: {message}")]
    Json {
        file: String,
        offset: u64,
        message: String,
    },
    /// `line`: 1-based line where the offending record starts.
    #[error("{file}: malformed CSV at line {line}: {message}")]
    Csv {
        file: String,
        line: u64,
        message: String,
    },
    #[error("{file}: read failed after {offset} bytes: {message}")]
    Io {
        file: String,
        offset: u64,
        message: String,
    },
    #[error("{file}: not an AWS offer file: {message}")]
    NotAnOffer { file: String, message: String },
    #[error(
        "{file}: offer {code:?} is not one dbcost imports (AmazonRDS, AmazonDynamoDB, AmazonDAX, AmazonElastiCache)"
    )]
    UnsupportedOffer { file: String, code: String },
    #[error("no region given and no regional product found in the files")]
    NoRegion,
    #[error("nothing in the files maps to a dbcost price table")]
    NothingMapped,
    #[error("the imported table does not validate: {}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
}

/// The largest single entry the importer holds at once: one JSON value it parses (a product,
/// one SKU's terms, a header field, a member name) or one CSV record. AWS's entries are a few
/// kilobytes; without a limit, a file that is one giant string would be held whole, however
/// large the server lets it be.
pub const MAX_ENTRY_BYTES: usize = 8 * 1024 * 1024;

/// The error `Counting::read` stops a CSV record with once it passes [`MAX_ENTRY_BYTES`].
#[derive(Debug, thiserror::Error)]
#[error(
    "a record longer than {} MiB (AWS offer files have records of a few kilobytes)",
    MAX_ENTRY_BYTES >> 20
)]
pub(crate) struct RecordTooLong;

/// The offer codes the importer reads.
pub const SUPPORTED_OFFERS: [&str; 4] = [
    "AmazonRDS",
    "AmazonDynamoDB",
    "AmazonDAX",
    "AmazonElastiCache",
];

/// The header of an offer file (JSON top-level fields; CSV metadata lines).
#[derive(Debug, Default, Clone)]
pub(crate) struct OfferHeader {
    pub offer_code: String,
    pub version: String,
    pub publication_date: String,
}

/// Counts bytes for progress and error offsets. The JSON framer reads through it as a
/// `BufRead`, the csv crate as a `Read`.
pub(crate) struct Counting<'p, R> {
    inner: R,
    pos: u64,
    base: u64,
    next_report: u64,
    progress: &'p mut dyn FnMut(u64),
    /// Where the current CSV record started, once the CSV reader has called
    /// [`Counting::start_record`]: `read` fails once a record passes [`MAX_ENTRY_BYTES`].
    record_start: Option<u64>,
}

const REPORT_EVERY: u64 = 1 << 20;

impl<'p, R: BufRead> Counting<'p, R> {
    fn new(inner: R, base: u64, progress: &'p mut dyn FnMut(u64)) -> Self {
        Self {
            inner,
            pos: 0,
            base,
            next_report: REPORT_EVERY,
            progress,
            record_start: None,
        }
    }

    /// A CSV record starts at the next byte to be read (give or take the CSV reader's own
    /// buffer); `read` fails once it grows past [`MAX_ENTRY_BYTES`].
    pub(crate) fn start_record(&mut self) {
        self.record_start = Some(self.pos);
    }

    /// Bytes of this file read so far.
    pub(crate) fn pos(&self) -> u64 {
        self.pos
    }
}

impl<R: BufRead> Read for Counting<'_, R> {
    #[inline]
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(start) = self.record_start
            && self.pos - start > MAX_ENTRY_BYTES as u64
        {
            return Err(io::Error::new(io::ErrorKind::InvalidData, RecordTooLong));
        }
        let available = self.inner.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.inner.consume(n);
        self.pos += n as u64;
        if self.pos >= self.next_report {
            (self.progress)(self.base + self.pos);
            self.next_report = self.pos + REPORT_EVERY;
        }
        Ok(n)
    }
}

/// The JSON framer reads through `fill_buf`/`consume`; bytes are counted as consumed.
impl<R: BufRead> BufRead for Counting<'_, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.inner.consume(n);
        self.pos += n as u64;
        if self.pos >= self.next_report {
            (self.progress)(self.base + self.pos);
            self.next_report = self.pos + REPORT_EVERY;
        }
    }
}

/// Imports offer files for one region. See the module documentation.
///
/// Files are taken one at a time and each is read to its end before the next is asked for, so
/// `files` may produce them lazily (the server reads them one after another from one
/// multipart request body).
pub fn import<R: BufRead>(
    files: impl IntoIterator<Item = OfferInput<R>>,
    options: ImportOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<(PriceTable, ImportReport), ImportError> {
    let mut builder = Builder::new(options.region.clone());
    let mut summaries = Vec::new();
    let mut offers = BTreeSet::new();
    let mut total = 0u64;
    for OfferInput { name, mut reader } in files {
        let is_json = first_byte(&mut reader).map_err(|e| ImportError::Io {
            file: name.clone(),
            offset: 0,
            message: e.to_string(),
        })? == Some(b'{');
        let mut counting = Counting::new(reader, total, progress);
        let header = if is_json {
            json::read(&name, &mut counting, &mut builder)?
        } else {
            csv::read(&name, &mut counting, &mut builder)?
        };
        if header.offer_code.is_empty() {
            return Err(ImportError::NotAnOffer {
                file: name,
                message: "no offerCode".into(),
            });
        }
        if !SUPPORTED_OFFERS.contains(&header.offer_code.as_str()) {
            return Err(ImportError::UnsupportedOffer {
                file: name,
                code: header.offer_code,
            });
        }
        total += counting.pos();
        offers.insert(header.offer_code.clone());
        summaries.push(FileSummary {
            format: if is_json { "json" } else { "csv" }.into(),
            offer_code: header.offer_code,
            version: header.version,
            publication_date: header.publication_date,
            bytes: counting.pos(),
            name,
        });
    }
    if summaries.is_empty() {
        return Err(ImportError::NoFiles);
    }
    progress(total);

    let region = builder.region().cloned().ok_or(ImportError::NoRegion)?;
    let currency = builder.currency();
    let (sections, mut report) = builder.finish(&offers);
    report.files = summaries;
    if report.skus_mapped == 0 {
        return Err(ImportError::NothingMapped);
    }

    // Staleness counts from the oldest file's publication date: the table is only as fresh
    // as its stalest part.
    let publication_date = report
        .files
        .iter()
        .filter_map(|f| f.publication_date.get(..10).and_then(parse_date))
        .min();
    let effective_date = publication_date
        .filter(|d| *d <= options.today)
        .unwrap_or(options.today);
    let source = format!(
        "AWS Price List Bulk API offer files: {}",
        report
            .files
            .iter()
            .map(|f| format!("{} version {} ({})", f.offer_code, f.version, f.name))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let name = options
        .name
        .unwrap_or_else(|| format!("AWS {region} list prices, published {effective_date}"));
    let table = PriceTable {
        schema_version: SCHEMA_VERSION,
        name,
        provider: Provider::Aws,
        region,
        currency: Currency::parse(currency).map_err(|_| ImportError::NothingMapped)?,
        effective_date,
        publication_date: publication_date.filter(|d| *d <= options.today),
        source: Some(source),
        hours_per_month: Quantity::new(DEFAULT_HOURS_PER_MONTH.into()).unwrap_or_default(),
        data_transfer: None,
        db_instance_classes: sections.db_instance_classes,
        rds: sections.rds,
        aurora: sections.aurora,
        dynamodb: sections.dynamodb,
        elasticache: sections.elasticache,
    };
    let table = parse(&canonical_json(&table), options.today).map_err(ImportError::Invalid)?;
    Ok((table, report))
}

/// The first byte that is not whitespace or a UTF-8 byte-order mark, without consuming it.
fn first_byte<R: BufRead>(reader: &mut R) -> io::Result<Option<u8>> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        let skip = buf
            .iter()
            .take_while(|b| b.is_ascii_whitespace() || matches!(b, 0xEF | 0xBB | 0xBF))
            .count();
        if skip < buf.len() {
            let b = buf[skip];
            reader.consume(skip);
            return Ok(Some(b));
        }
        let n = buf.len();
        reader.consume(n);
    }
}
