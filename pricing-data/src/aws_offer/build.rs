//! The format-independent half of the importer: products and price rows come in (from the JSON
//! or the CSV reader), slots of our schema fill up, and at the end the slots become the
//! table's sections (`assemble.rs`) and the [`ImportReport`].
//!
//! Memory is bounded by what we keep: one entry per *mapped* SKU (its slot and its few price
//! rows). Nothing of a skipped SKU stays; the CSV reader, which repeats a product on each of
//! its rows, remembers only the last skipped SKU (AWS writes a SKU's rows together; were they
//! not, a skipped SKU would be classified, and counted, once per run of rows).
//!
//! Rules that keep the table honest:
//! - Two SKUs that fill one slot with different prices are a [`Conflict`]: the slot stays empty
//!   and the report names both. A SKU that names its engine wins over an "Any engine" SKU
//!   without a conflict.
//! - Tiered prices: zero-priced free-tier ranges are left out (reported), and of the paid tiers
//!   the first one (lowest `beginRange`) is kept, because every tiered dimension of our schema
//!   ("after the free tier") is defined as that tier. Any further paid tier is reported.
//! - Reserved terms: the "Quantity" row is the upfront fee and the hourly row the recurring
//!   charge; a row that is absent counts as zero (AWS omits the upfront row of No Upfront and
//!   writes 0 hourly for All Upfront).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use rust_decimal::Decimal;

use crate::price::parse_non_negative;
use crate::table::{Payment, Region, Term};

use super::assemble::{Sections, assemble, missing};
use super::mapping::{Attrs, Mapped, Slot, location_skip, map_product};
use super::report::{Conflict, ImportReport, RowSkipReason, SkipReason, TierChoice};

/// One price dimension (a CSV row; a JSON `priceDimensions` entry with its term's fields).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Row<'a> {
    pub term_type: &'a str,
    pub term_code: &'a str,
    pub lease: &'a str,
    pub purchase: &'a str,
    pub offering_class: &'a str,
    pub begin: &'a str,
    pub end: &'a str,
    pub unit: &'a str,
    pub price: &'a str,
    pub currency: &'a str,
    pub description: &'a str,
}

/// What a slot holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Price(Decimal),
    Reserved { upfront: Decimal, hourly: Decimal },
    Catalog { vcpu: u32, memory_gib: Decimal },
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Price(p) => write!(f, "{p}"),
            Self::Reserved { upfront, hourly } => write!(f, "{upfront} upfront + {hourly}/h"),
            Self::Catalog { vcpu, memory_gib } => write!(f, "{vcpu} vCPU, {memory_gib} GiB"),
        }
    }
}

#[derive(Debug)]
struct Entry {
    value: Value,
    sku: String,
    priority: u8,
    /// Other SKUs that claimed the slot with a different value.
    others: Vec<(String, Value)>,
}

#[derive(Debug)]
struct Dim {
    begin: Decimal,
    end: Option<Decimal>,
    price: Decimal,
    says_free: bool,
}

#[derive(Debug)]
struct ReservedAcc {
    code: String,
    term: Term,
    payment: Payment,
    upfront: Option<Decimal>,
    hourly: Option<Decimal>,
    inconsistent: bool,
}

#[derive(Debug)]
struct SkuState {
    mapped: Mapped,
    on_demand: Vec<Dim>,
    reserved: Vec<ReservedAcc>,
}

/// Accumulates products and prices from any number of files for one region.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    region: Option<Region>,
    skus: HashMap<String, SkuState>,
    last_skipped: String,
    slots: BTreeMap<Slot, Entry>,
    pub report: ImportReport,
}

/// What became of a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    Kept,
    Skipped,
}

impl Builder {
    pub(crate) fn new(region: Option<Region>) -> Self {
        Self {
            region,
            ..Self::default()
        }
    }

    pub(crate) fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }

    /// The currency we read: AWS bills in USD, and in CNY in the China regions.
    pub(crate) fn currency(&self) -> &'static str {
        match &self.region {
            Some(r) if r.as_str().starts_with("cn-") => "CNY",
            _ => "USD",
        }
    }

    pub(crate) fn is_kept(&self, sku: &str) -> bool {
        self.skus.contains_key(sku)
    }

    /// Whether a product was already classified (the CSV repeats it on every row).
    pub(crate) fn seen(&self, sku: &str) -> Option<Seen> {
        if self.skus.contains_key(sku) {
            Some(Seen::Kept)
        } else if self.last_skipped == sku {
            Some(Seen::Skipped)
        } else {
            None
        }
    }

    /// Classifies one product: counted once, kept if it maps to our schema.
    pub(crate) fn product(&mut self, sku: &str, family: &str, attrs: &Attrs, offer_code: &str) {
        self.report.skus_read += 1;
        match self.classify(family, attrs, offer_code) {
            Ok(mapped) => {
                self.report.skus_mapped += 1;
                self.skus.insert(
                    sku.to_owned(),
                    SkuState {
                        mapped,
                        on_demand: Vec::new(),
                        reserved: Vec::new(),
                    },
                );
            }
            Err((reason, detail)) => {
                self.last_skipped.clear();
                self.last_skipped.push_str(sku);
                *self.report.skipped.entry(reason).or_default() += 1;
                if let Some(detail) = detail {
                    *self.report.not_in_schema.entry(detail).or_default() += 1;
                }
            }
        }
    }

    fn classify(
        &mut self,
        family: &str,
        attrs: &Attrs,
        offer_code: &str,
    ) -> Result<Mapped, (SkipReason, Option<String>)> {
        if let Some(reason) = location_skip(attrs) {
            return Err((reason, None));
        }
        if let Some(code) = attrs.get("regioncode") {
            match &self.region {
                Some(region) if region.as_str() != code => {
                    return Err((SkipReason::OtherRegion, None));
                }
                Some(_) => {}
                None => match Region::parse(code) {
                    Ok(region) => {
                        self.region = Some(region);
                        self.report.region_inferred = true;
                    }
                    Err(_) => return Err((SkipReason::OtherRegion, None)),
                },
            }
        }
        map_product(family, attrs, offer_code).map_err(|s| {
            let detail = (s.reason == SkipReason::NotInSchema).then_some(s.detail);
            (s.reason, detail)
        })
    }

    fn row_skip(&mut self, reason: RowSkipReason) {
        *self.report.rows_skipped.entry(reason).or_default() += 1;
    }

    /// One price row of `sku`. Rows of SKUs that were not kept are ignored. A malformed number
    /// is an error (the caller adds the line or byte offset).
    pub(crate) fn row(&mut self, sku: &str, row: &Row<'_>) -> Result<(), String> {
        let currency = self.currency();
        let Some(state) = self.skus.get_mut(sku) else {
            return Ok(());
        };
        let number = |what: &str, s: &str| {
            parse_non_negative(s.trim())
                .map_err(|e| format!("SKU {sku}: {what} {s:?} is not a price: {e}"))
        };
        let price = number("pricePerUnit", row.price)?;
        if row.currency != currency {
            self.row_skip(RowSkipReason::OtherCurrency);
            return Ok(());
        }
        let (units, factor) = state.mapped.slots[0].unit_rule();
        let unit_ok = units
            .iter()
            .any(|u| u.eq_ignore_ascii_case(row.unit.trim()));
        match row.term_type {
            "OnDemand" => {
                if !unit_ok {
                    self.row_skip(RowSkipReason::UnexpectedUnit);
                    return Ok(());
                }
                let begin = if row.begin.trim().is_empty() {
                    Decimal::ZERO
                } else {
                    number("beginRange", row.begin)?
                };
                let end = match row.end.trim() {
                    "" | "Inf" => None,
                    s => Some(number("endRange", s)?),
                };
                state.on_demand.push(Dim {
                    begin,
                    end,
                    price: price * factor,
                    says_free: row.description.to_ascii_lowercase().contains("free tier"),
                });
                Ok(())
            }
            "Reserved" => {
                if row.offering_class.eq_ignore_ascii_case("convertible") {
                    self.row_skip(RowSkipReason::ConvertibleReservation);
                    return Ok(());
                }
                let term = match row.lease.trim() {
                    "1yr" | "1 yr" => Some(Term::OneYear),
                    "3yr" | "3 yr" => Some(Term::ThreeYears),
                    _ => None,
                };
                let payment = match row.purchase.trim() {
                    "No Upfront" => Some(Payment::NoUpfront),
                    "Partial Upfront" => Some(Payment::PartialUpfront),
                    "All Upfront" => Some(Payment::AllUpfront),
                    // DynamoDB reserved capacity: one option, upfront plus hourly.
                    "Heavy Utilization" => Some(Payment::PartialUpfront),
                    _ => None,
                };
                let (Some(term), Some(payment)) = (term, payment) else {
                    self.row_skip(RowSkipReason::UnknownReservedTerm);
                    return Ok(());
                };
                if state.mapped.slots[0].reserved(term, payment).is_none() {
                    self.row_skip(RowSkipReason::UnknownReservedTerm);
                    return Ok(());
                }
                let upfront = row.unit.trim().eq_ignore_ascii_case("Quantity");
                if !upfront && !unit_ok {
                    self.row_skip(RowSkipReason::UnexpectedUnit);
                    return Ok(());
                }
                let idx = match state.reserved.iter().position(|r| r.code == row.term_code) {
                    Some(i) => i,
                    None => {
                        state.reserved.push(ReservedAcc {
                            code: row.term_code.to_owned(),
                            term,
                            payment,
                            upfront: None,
                            hourly: None,
                            inconsistent: false,
                        });
                        state.reserved.len() - 1
                    }
                };
                let acc = &mut state.reserved[idx];
                let part = if upfront {
                    &mut acc.upfront
                } else {
                    &mut acc.hourly
                };
                match part {
                    Some(old) if *old != price => acc.inconsistent = true,
                    _ => *part = Some(price),
                }
                Ok(())
            }
            _ => {
                self.row_skip(RowSkipReason::UnknownTermType);
                Ok(())
            }
        }
    }

    fn put(&mut self, slot: Slot, value: Value, sku: &str, priority: u8) {
        match self.slots.get_mut(&slot) {
            None => {
                self.slots.insert(
                    slot,
                    Entry {
                        value,
                        sku: sku.to_owned(),
                        priority,
                        others: Vec::new(),
                    },
                );
            }
            Some(entry) if priority > entry.priority => {
                *entry = Entry {
                    value,
                    sku: sku.to_owned(),
                    priority,
                    others: Vec::new(),
                };
            }
            Some(entry) if priority < entry.priority || entry.value == value => {}
            Some(entry) => entry.others.push((sku.to_owned(), value)),
        }
    }

    /// Turns every kept SKU's rows into slot values.
    fn resolve(&mut self) {
        let mut skus: Vec<(String, SkuState)> =
            std::mem::take(&mut self.skus).into_iter().collect();
        skus.sort_by(|a, b| a.0.cmp(&b.0));
        for (sku, mut state) in skus {
            let mut priced = false;
            if let Some((slot, cat_vcpu, cat_mem)) = state.mapped.catalog.take() {
                let value = Value::Catalog {
                    vcpu: cat_vcpu,
                    memory_gib: cat_mem.normalize(),
                };
                self.put(slot, value, &sku, 1);
            }
            if let Some(price) = self.on_demand_price(&sku, &mut state) {
                priced = true;
                for slot in &state.mapped.slots {
                    self.put(
                        slot.clone(),
                        Value::Price(price),
                        &sku,
                        state.mapped.priority,
                    );
                }
            }
            for acc in &state.reserved {
                if acc.inconsistent {
                    self.report.conflicts.push(Conflict {
                        slot: format!("reserved term {} of SKU {sku}", acc.code),
                        candidates: vec![],
                    });
                    continue;
                }
                let hundred = Decimal::from(100);
                for slot in &state.mapped.slots {
                    let Some(rslot) = slot.reserved(acc.term, acc.payment) else {
                        continue;
                    };
                    let mut upfront = acc.upfront.unwrap_or_default();
                    let mut hourly = acc.hourly.unwrap_or_default();
                    // The Bulk API prices one capacity unit; our schema holds 100 units, as
                    // the DynamoDB pricing page states reserved capacity.
                    if matches!(rslot, Slot::DynamoReserved(..)) {
                        upfront *= hundred;
                        hourly *= hundred;
                    }
                    let value = Value::Reserved {
                        upfront: upfront.normalize(),
                        hourly: hourly.normalize(),
                    };
                    priced = true;
                    self.put(rslot, value, &sku, state.mapped.priority);
                }
            }
            if !priced {
                self.report.skus_mapped_without_price += 1;
            }
        }
    }

    /// The on-demand price of one SKU: free-tier ranges out, first paid tier kept.
    fn on_demand_price(&mut self, sku: &str, state: &mut SkuState) -> Option<Decimal> {
        let dims = &mut state.on_demand;
        if dims.is_empty() {
            return None;
        }
        dims.sort_by(|a, b| a.begin.cmp(&b.begin).then(a.price.cmp(&b.price)));
        let any_paid = dims.iter().any(|d| !d.price.is_zero());
        let (free, paid): (Vec<&Dim>, Vec<&Dim>) = dims
            .iter()
            .partition(|d| d.price.is_zero() && (d.says_free || (any_paid && d.end.is_some())));
        let free_count = free.len() as u64;
        if free_count > 0 {
            *self
                .report
                .rows_skipped
                .entry(RowSkipReason::FreeTier)
                .or_default() += free_count;
        }
        let first = paid.first()?;
        let same_start: Vec<Decimal> = paid
            .iter()
            .filter(|d| d.begin == first.begin)
            .map(|d| d.price)
            .collect();
        if same_start.iter().any(|p| *p != first.price) {
            // Two prices for the same range of one SKU: report, keep neither.
            self.report.conflicts.push(Conflict {
                slot: state.mapped.slots[0].to_string(),
                candidates: same_start
                    .iter()
                    .map(|p| (sku.to_owned(), p.normalize().to_string()))
                    .collect(),
            });
            return None;
        }
        let starts: BTreeSet<Decimal> = paid.iter().map(|d| d.begin).collect();
        let dropped = starts.len() as u64 - 1;
        if dropped > 0 {
            *self
                .report
                .rows_skipped
                .entry(RowSkipReason::ExtraTier)
                .or_default() += dropped;
            self.report.tiers.push(TierChoice {
                sku: sku.to_owned(),
                slot: state.mapped.slots[0].to_string(),
                kept_from: first.begin.normalize().to_string(),
                dropped,
            });
        }
        Some(first.price.normalize())
    }

    /// Resolves every SKU and assembles the table sections, filling the report's conflicts,
    /// tiers and missing dimensions. `offers` are the offer codes of the imported files.
    pub(crate) fn finish(mut self, offers: &BTreeSet<String>) -> (Sections, ImportReport) {
        self.resolve();
        let mut good: BTreeMap<Slot, Value> = BTreeMap::new();
        for (slot, entry) in std::mem::take(&mut self.slots) {
            if entry.others.is_empty() {
                good.insert(slot, entry.value);
            } else {
                let mut candidates: Vec<(String, String)> =
                    std::iter::once((entry.sku, entry.value))
                        .chain(entry.others)
                        .map(|(s, v)| (s, v.to_string()))
                        .collect();
                candidates.sort();
                candidates.dedup();
                self.report.conflicts.push(Conflict {
                    slot: slot.to_string(),
                    candidates,
                });
            }
        }
        self.report.conflicts.sort_by(|a, b| a.slot.cmp(&b.slot));
        self.report
            .tiers
            .sort_by(|a, b| (&a.slot, &a.sku).cmp(&(&b.slot, &b.sku)));
        let sections = assemble(&good, &mut self.report.notes);
        self.report.missing = missing(&sections, offers);
        self.report.region = self
            .region
            .as_ref()
            .map(|r| r.to_string())
            .unwrap_or_default();
        (sections, self.report)
    }
}
