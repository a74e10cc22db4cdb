//! The JSON offer-file reader. A small framer walks the two outer levels of the document
//! (`products` → SKU, `terms` → term type → SKU) over the buffered stream, copies one entry at a
//! time (one product, or one SKU's terms: a few kilobytes) into a reused buffer, and hands it to
//! `serde_json::from_slice` with visitors (`DeserializeSeed`) that keep only what we map. Every
//! entry is parsed, so a malformed one fails wherever it is; nothing beyond the current entry
//! is held. (Parsing slices is several times faster than `serde_json::from_reader`, which pulls
//! one byte at a time through `io::Read`.)
//!
//! ```text
//! { "formatVersion", "disclaimer", "offerCode", "version", "publicationDate",
//!   "products": { sku: { "sku", "productFamily", "attributes": { name: value } } },
//!   "terms": { "OnDemand" | "Reserved": { sku: { termCode: {
//!       "offerTermCode", "sku", "effectiveDate",
//!       "priceDimensions": { rateCode: { "rateCode", "description", "beginRange", "endRange",
//!                                        "unit", "pricePerUnit": { "USD": "0.12" }, "appliesTo" } },
//!       "termAttributes": { "LeaseContractLength", "OfferingClass", "PurchaseOption" } } } } } }
//! ```
//!
//! AWS writes `products` before `terms`; the reader relies on it (a term is only kept when its
//! SKU was mapped) and fails on a file that has them the other way round.
//!
//! Offsets in errors are 1-based byte positions in the file: where the framer stopped, or the
//! entry's start plus serde_json's position inside the entry.

use std::collections::BTreeMap;
use std::fmt;
use std::io::BufRead;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use super::build::{Builder, Row};
use super::mapping::Attrs;
use super::{Counting, ImportError, MAX_ENTRY_BYTES, OfferHeader, SUPPORTED_OFFERS};

struct Ctx<'b> {
    builder: &'b mut Builder,
    header: OfferHeader,
    attrs: Attrs,
    family: String,
}

/// Reads one JSON offer file into `builder`.
pub(crate) fn read<R: BufRead>(
    file: &str,
    reader: &mut Counting<'_, R>,
    builder: &mut Builder,
) -> Result<OfferHeader, ImportError> {
    let mut ctx = Ctx {
        builder,
        header: OfferHeader::default(),
        attrs: Attrs::default(),
        family: String::new(),
    };
    let mut framer = Framer {
        file,
        r: reader,
        buf: Vec::new(),
        start: 0,
    };
    top(&mut framer, &mut ctx)?;
    Ok(ctx.header)
}

/// Walks the outer levels of the document and cuts it into entries.
struct Framer<'f, 'r, 'p, R> {
    file: &'f str,
    r: &'r mut Counting<'p, R>,
    /// The current entry.
    buf: Vec<u8>,
    /// 0-based offset of the entry's first byte.
    start: u64,
}

impl<R: BufRead> Framer<'_, '_, '_, R> {
    fn error(&self, offset: u64, message: impl Into<String>) -> ImportError {
        ImportError::Json {
            file: self.file.to_owned(),
            offset,
            message: message.into(),
        }
    }

    /// An error at the byte the framer is looking at.
    fn here(&self, message: impl Into<String>) -> ImportError {
        self.error(self.r.pos() + 1, message)
    }

    fn eof(&self) -> ImportError {
        self.error(self.r.pos(), "the file ends in the middle of the document")
    }

    fn io(&self, e: std::io::Error) -> ImportError {
        ImportError::Io {
            file: self.file.to_owned(),
            offset: self.r.pos(),
            message: e.to_string(),
        }
    }

    /// The next byte that is not whitespace, not consumed; `None` at the end of the file.
    fn peek(&mut self) -> Result<Option<u8>, ImportError> {
        loop {
            let chunk = match self.r.fill_buf() {
                Ok(c) => c,
                Err(e) => return Err(self.io(e)),
            };
            if chunk.is_empty() {
                return Ok(None);
            }
            let ws = chunk
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
                .count();
            if ws < chunk.len() {
                let b = chunk[ws];
                self.r.consume(ws);
                return Ok(Some(b));
            }
            let n = chunk.len();
            self.r.consume(n);
        }
    }

    fn expect(&mut self, want: u8, what: &str) -> Result<(), ImportError> {
        match self.peek()? {
            Some(b) if b == want => {
                self.r.consume(1);
                Ok(())
            }
            Some(_) => Err(self.here(format!("expected {what}"))),
            None => Err(self.eof()),
        }
    }

    /// Opens an object: `{`. Returns false if it is empty (`{}`, consumed).
    fn open(&mut self, what: &str) -> Result<bool, ImportError> {
        self.expect(b'{', what)?;
        if self.peek()? == Some(b'}') {
            self.r.consume(1);
            return Ok(false);
        }
        Ok(true)
    }

    /// After a member: `,` (more follow: true) or `}` (done: false).
    fn next_member(&mut self) -> Result<bool, ImportError> {
        match self.peek()? {
            Some(b',') => {
                self.r.consume(1);
                Ok(true)
            }
            Some(b'}') => {
                self.r.consume(1);
                Ok(false)
            }
            Some(_) => Err(self.here("expected `,` or `}`")),
            None => Err(self.eof()),
        }
    }

    /// A member name and its colon, decoded into `key`.
    fn key(&mut self, key: &mut String) -> Result<(), ImportError> {
        if self.peek()? != Some(b'"') {
            return match self.peek()? {
                None => Err(self.eof()),
                Some(_) => Err(self.here("expected a member name (a string)")),
            };
        }
        self.capture()?;
        let mut de = serde_json::Deserializer::from_slice(&self.buf);
        let result = IntoString(key).deserialize(&mut de);
        self.check(result)?;
        self.expect(b':', "`:`")
    }

    /// Copies the next value (object, array, string, number or literal) into `buf`; one longer
    /// than [`MAX_ENTRY_BYTES`] is an error, so memory stays bounded whatever the file holds.
    fn capture(&mut self) -> Result<(), ImportError> {
        self.buf.clear();
        let Some(first) = self.peek()? else {
            return Err(self.eof());
        };
        self.start = self.r.pos();
        let scalar = !matches!(first, b'{' | b'[' | b'"');
        let (mut depth, mut in_string, mut escaped) = (0u32, false, false);
        loop {
            let chunk = match self.r.fill_buf() {
                Ok(c) => c,
                Err(e) => return Err(self.io(e)),
            };
            if chunk.is_empty() {
                if scalar && !self.buf.is_empty() {
                    return Ok(());
                }
                return Err(self.eof());
            }
            let mut end = None;
            for (i, &b) in chunk.iter().enumerate() {
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_string = false;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                } else if scalar {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                        end = Some(i);
                        break;
                    }
                } else {
                    match b {
                        b'"' => in_string = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                end = Some(i + 1);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            let n = end.unwrap_or(chunk.len());
            self.buf.extend_from_slice(&chunk[..n]);
            self.r.consume(n);
            if end.is_some() {
                return Ok(());
            }
            if self.buf.len() > MAX_ENTRY_BYTES {
                return Err(self.error(
                    self.start + 1,
                    format!(
                        "an entry longer than {} MiB (AWS offer files have entries of a few kilobytes)",
                        MAX_ENTRY_BYTES >> 20
                    ),
                ));
            }
        }
    }

    /// Maps a serde_json error inside the current entry to a file offset. A data error (a bad
    /// price) has no position of its own and is reported at the entry's start.
    fn check<T>(&self, result: Result<T, serde_json::Error>) -> Result<T, ImportError> {
        result.map_err(|e| {
            let offset = if e.line() == 0 {
                self.start + 1
            } else {
                let line_start: usize = self
                    .buf
                    .split(|b| *b == b'\n')
                    .take(e.line() - 1)
                    .map(|l| l.len() + 1)
                    .sum();
                self.start + (line_start + e.column()) as u64
            };
            self.error(offset, strip_position(&e.to_string()))
        })
    }

    /// Parses the current entry with `seed`, to its end.
    fn parse<'de, S: DeserializeSeed<'de>>(&'de self, seed: S) -> Result<S::Value, ImportError> {
        let mut de = serde_json::Deserializer::from_slice(&self.buf);
        let value = seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
        self.check(value)
    }
}

fn top<R: BufRead>(f: &mut Framer<'_, '_, '_, R>, ctx: &mut Ctx<'_>) -> Result<(), ImportError> {
    let mut key = String::new();
    let mut products_seen = false;
    if f.open("an AWS offer file (a JSON object)")? {
        loop {
            f.key(&mut key)?;
            match key.as_str() {
                "offerCode" | "version" | "publicationDate" => {
                    f.capture()?;
                    let field = match key.as_str() {
                        "offerCode" => &mut ctx.header.offer_code,
                        "version" => &mut ctx.header.version,
                        _ => &mut ctx.header.publication_date,
                    };
                    f.parse(IntoString(field))?;
                    if key == "offerCode"
                        && !SUPPORTED_OFFERS.contains(&ctx.header.offer_code.as_str())
                    {
                        return Err(ImportError::UnsupportedOffer {
                            file: f.file.to_owned(),
                            code: ctx.header.offer_code.clone(),
                        });
                    }
                }
                "products" => {
                    products(f, ctx)?;
                    products_seen = true;
                }
                "terms" => {
                    if !products_seen {
                        return Err(f.here(
                            "\"terms\" before \"products\": AWS offer files list products first",
                        ));
                    }
                    terms(f, ctx)?;
                }
                _ => skim(f)?,
            }
            if !f.next_member()? {
                break;
            }
        }
    }
    match f.peek()? {
        None => Ok(()),
        Some(_) => Err(f.here("trailing characters after the document")),
    }
}

/// Validates a value we do not read. An object is taken member by member, so that a large
/// unknown section is never held whole.
fn skim<R: BufRead>(f: &mut Framer<'_, '_, '_, R>) -> Result<(), ImportError> {
    if f.peek()? != Some(b'{') {
        f.capture()?;
        return f.parse(PhantomIgnored).map(drop);
    }
    let mut key = String::new();
    if f.open("an object")? {
        loop {
            f.key(&mut key)?;
            f.capture()?;
            f.parse(PhantomIgnored)?;
            if !f.next_member()? {
                break;
            }
        }
    }
    Ok(())
}

fn products<R: BufRead>(
    f: &mut Framer<'_, '_, '_, R>,
    ctx: &mut Ctx<'_>,
) -> Result<(), ImportError> {
    let mut sku = String::new();
    if !f.open("a map of SKU to product")? {
        return Ok(());
    }
    loop {
        f.key(&mut sku)?;
        f.capture()?;
        ctx.attrs.clear();
        ctx.family.clear();
        f.parse(ProductSeed(&mut *ctx))?;
        let offer = ctx.header.offer_code.clone();
        ctx.builder.product(&sku, &ctx.family, &ctx.attrs, &offer);
        if !f.next_member()? {
            return Ok(());
        }
    }
}

fn terms<R: BufRead>(f: &mut Framer<'_, '_, '_, R>, ctx: &mut Ctx<'_>) -> Result<(), ImportError> {
    let mut term_type = String::new();
    let mut sku = String::new();
    if !f.open("a map of term type to terms")? {
        return Ok(());
    }
    loop {
        f.key(&mut term_type)?;
        if f.open("a map of SKU to terms")? {
            loop {
                f.key(&mut sku)?;
                f.capture()?;
                if ctx.builder.is_kept(&sku) {
                    let terms: BTreeMap<String, JsonTerm> = f.parse(PhantomTerms)?;
                    rows(ctx.builder, &sku, &term_type, &terms)
                        .map_err(|m| f.error(f.start + 1, m))?;
                } else {
                    f.parse(PhantomIgnored)?;
                }
                if !f.next_member()? {
                    break;
                }
            }
        }
        if !f.next_member()? {
            return Ok(());
        }
    }
}

fn rows(
    builder: &mut Builder,
    sku: &str,
    term_type: &str,
    terms: &BTreeMap<String, JsonTerm>,
) -> Result<(), String> {
    let currency = builder.currency();
    for (code, term) in terms {
        let attr = |k: &str| term.attributes.get(k).map(String::as_str).unwrap_or("");
        for dim in term.dimensions.values() {
            // The table's currency when listed, else the first (then left out as another
            // currency).
            let (cur, price) = dim
                .price
                .get_key_value(currency)
                .or_else(|| dim.price.iter().next())
                .map(|(c, p)| (c.as_str(), p.as_str()))
                .unwrap_or(("", ""));
            let row = Row {
                term_type,
                term_code: if term.code.is_empty() {
                    code
                } else {
                    &term.code
                },
                lease: attr("LeaseContractLength"),
                purchase: attr("PurchaseOption"),
                offering_class: attr("OfferingClass"),
                begin: &dim.begin,
                end: &dim.end,
                unit: &dim.unit,
                price,
                currency: cur,
                description: &dim.description,
            };
            builder.row(sku, &row)?;
        }
    }
    Ok(())
}

/// `IgnoredAny` as a seed: validates an entry we do not keep.
struct PhantomIgnored;

impl<'de> DeserializeSeed<'de> for PhantomIgnored {
    type Value = IgnoredAny;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<IgnoredAny, D::Error> {
        IgnoredAny::deserialize(d)
    }
}

/// The terms of one SKU, as a seed.
struct PhantomTerms;

impl<'de> DeserializeSeed<'de> for PhantomTerms {
    type Value = BTreeMap<String, JsonTerm>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        BTreeMap::deserialize(d)
    }
}

/// serde_json appends " at line L column C"; we report the byte offset instead.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// A string copied into a reused buffer.
struct IntoString<'s>(&'s mut String);

impl<'de> DeserializeSeed<'de> for IntoString<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for IntoString<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.0.clear();
        self.0.push_str(v);
        Ok(())
    }
}

struct ProductSeed<'c, 'b>(&'c mut Ctx<'b>);

impl<'de> DeserializeSeed<'de> for ProductSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

/// Keys of a product object, matched without allocating.
enum ProductKey {
    Family,
    Attributes,
    Other,
}

impl<'de> Deserialize<'de> for ProductKey {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ProductKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a product field")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ProductKey, E> {
                Ok(match v {
                    "productFamily" => ProductKey::Family,
                    "attributes" => ProductKey::Attributes,
                    _ => ProductKey::Other,
                })
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Visitor<'de> for ProductSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a product object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let ctx = self.0;
        while let Some(key) = map.next_key::<ProductKey>()? {
            match key {
                ProductKey::Family => map.next_value_seed(IntoString(&mut ctx.family))?,
                ProductKey::Attributes => map.next_value_seed(AttrsSeed(&mut ctx.attrs))?,
                ProductKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct AttrsSeed<'a>(&'a mut Attrs);

impl<'de> DeserializeSeed<'de> for AttrsSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AttrsSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of attribute name to string")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut key = String::new();
        let mut value = String::new();
        while map.next_key_seed(IntoString(&mut key))?.is_some() {
            map.next_value_seed(IntoString(&mut value))?;
            self.0.push(&key, &value);
        }
        Ok(())
    }
}

/// One term as AWS writes it. Only terms of mapped SKUs are deserialized into this.
#[derive(Deserialize)]
struct JsonTerm {
    #[serde(rename = "offerTermCode", default)]
    code: String,
    #[serde(rename = "priceDimensions", default)]
    dimensions: BTreeMap<String, JsonDimension>,
    #[serde(rename = "termAttributes", default)]
    attributes: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct JsonDimension {
    #[serde(default)]
    description: String,
    #[serde(rename = "beginRange", default)]
    begin: String,
    #[serde(rename = "endRange", default)]
    end: String,
    #[serde(default)]
    unit: String,
    #[serde(rename = "pricePerUnit", default)]
    price: BTreeMap<String, String>,
}
