//! The estimate's answer (`POST /api/v1/estimate`) written field by field, byte for byte what
//! `serde_json::to_vec` writes, for the part of it that is most of its bytes: the options.
//!
//! An answer holds some 30 options with 100 line items, 90 sizing decisions and 150 fit notes:
//! about 2,800 keys. Through serde each key is a call into the serializer that works out
//! whether a comma goes first and writes the name between quotes; here the punctuation and
//! the names around each value are one constant run of bytes (`,"unit_price":`), and amounts,
//! whose text is only digits, a point and a sign, are not checked for characters to escape.
//! Everything else (the workload, the recommendation, the price table, reservations, missing
//! prices) is written by the same fast [`Writer`] through serde.
//!
//! The structs are taken apart field by field (`let LineItem { .. } = item`), so a field added
//! to one of them does not compile here until it is written; the tests compare the bytes
//! with serde_json's for answers that have every kind of value (reservations, missing
//! prices, warnings, uncertainty bands, texts to escape).

use engine::decimal_text::DecimalText;
use engine::{Estimate, FitNote, LineItem, OptionEstimate, Sizing};
use rust_decimal::Decimal;
use serde::Serialize;

use super::{GiveUp, Writer};
use crate::pricing::EstimateResponse;

/// `answer` as compact JSON, exactly as `serde_json::to_vec` would write it.
pub fn estimate_to_vec(answer: &EstimateResponse) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(super::ANSWER_CAPACITY);
    if answer_fields(answer, &mut Writer { out: &mut out }).is_ok() {
        return Ok(out);
    }
    super::to_vec(answer)
}

impl Writer<'_> {
    /// Bytes written as they are: the answer's punctuation and keys.
    #[inline]
    fn raw(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
    }

    /// `value` through serde, by this writer.
    fn serde<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), GiveUp> {
        value.serialize(&mut *self)
    }

    /// An amount as its text between quotes (what `engine::decimal_text::serialize`
    /// writes); the text is ASCII digits, a point and a sign, so nothing to escape.
    fn amount(&mut self, value: &Decimal) {
        self.quoted(DecimalText::new(value).as_str().as_bytes());
    }

    /// An optional amount: its text, or `null`.
    fn optional_amount(&mut self, value: &Option<Decimal>) {
        match value {
            Some(value) => self.amount(value),
            None => self.raw(b"null"),
        }
    }

    /// `[` the items, written by `item`, between commas `]`.
    fn list<T>(
        &mut self,
        items: &[T],
        mut item: impl FnMut(&mut Self, &T) -> Result<(), GiveUp>,
    ) -> Result<(), GiveUp> {
        self.raw(b"[");
        for (k, value) in items.iter().enumerate() {
            if k > 0 {
                self.raw(b",");
            }
            item(self, value)?;
        }
        self.raw(b"]");
        Ok(())
    }
}

/// The answer: the estimate's fields (flattened into the answer), then the price table.
fn answer_fields(answer: &EstimateResponse, w: &mut Writer<'_>) -> Result<(), GiveUp> {
    let EstimateResponse {
        estimate,
        price_table,
    } = answer;
    let Estimate {
        scenario_version,
        currency,
        hours_per_month,
        workload,
        options,
        recommendation,
        caching_what_if,
        warnings,
        uncertainty,
    } = estimate;
    w.raw(b"{\"scenario_version\":");
    w.serde(scenario_version)?;
    w.raw(b",\"currency\":");
    w.string(currency)?;
    w.raw(b",\"hours_per_month\":");
    w.amount(hours_per_month);
    w.raw(b",\"workload\":");
    w.serde(workload)?;
    w.raw(b",\"options\":");
    w.list(options, option)?;
    w.raw(b",\"recommendation\":");
    w.serde(recommendation)?;
    w.raw(b",\"caching_what_if\":");
    w.serde(caching_what_if)?;
    w.raw(b",\"warnings\":");
    w.serde(warnings)?;
    // `skip_serializing_if = "Option::is_none"`.
    if let Some(uncertainty) = uncertainty {
        w.raw(b",\"uncertainty\":");
        w.serde(uncertainty)?;
    }
    w.raw(b",\"price_table\":");
    w.serde(price_table)?;
    w.raw(b"}");
    Ok(())
}

fn option(w: &mut Writer<'_>, option: &OptionEstimate) -> Result<(), GiveUp> {
    let OptionEstimate {
        id,
        label,
        service,
        role,
        sizing,
        status,
        line_items,
        upfront_items,
        monthly,
        upfront,
        tco_12_months,
        tco_36_months,
        reservation,
        missing_prices,
        warnings,
        fit,
        meets_all_needs,
    } = option;
    w.raw(b"{\"id\":");
    w.string(id)?;
    w.raw(b",\"label\":");
    w.string(label)?;
    w.raw(b",\"service\":");
    w.serde(service)?;
    w.raw(b",\"role\":");
    w.serde(role)?;
    w.raw(b",\"sizing\":");
    w.list(sizing, sizing_decision)?;
    w.raw(b",\"status\":");
    w.serde(status)?;
    w.raw(b",\"line_items\":");
    w.list(line_items, line_item)?;
    w.raw(b",\"upfront_items\":");
    w.list(upfront_items, line_item)?;
    w.raw(b",\"monthly\":");
    w.optional_amount(monthly);
    w.raw(b",\"upfront\":");
    w.optional_amount(upfront);
    w.raw(b",\"tco_12_months\":");
    w.optional_amount(tco_12_months);
    w.raw(b",\"tco_36_months\":");
    w.optional_amount(tco_36_months);
    w.raw(b",\"reservation\":");
    w.serde(reservation)?;
    w.raw(b",\"missing_prices\":");
    w.serde(missing_prices)?;
    w.raw(b",\"warnings\":");
    w.list(warnings, |w, text| w.string(text))?;
    w.raw(b",\"fit\":");
    w.list(fit, fit_note)?;
    w.raw(b",\"meets_all_needs\":");
    w.serde(meets_all_needs)?;
    w.raw(b"}");
    Ok(())
}

fn sizing_decision(w: &mut Writer<'_>, sizing: &Sizing) -> Result<(), GiveUp> {
    let Sizing {
        item,
        choice,
        reason,
    } = sizing;
    w.raw(b"{\"item\":");
    w.string(item)?;
    w.raw(b",\"choice\":");
    w.string(choice)?;
    w.raw(b",\"reason\":");
    w.string(reason)?;
    w.raw(b"}");
    Ok(())
}

fn line_item(w: &mut Writer<'_>, item: &LineItem) -> Result<(), GiveUp> {
    let LineItem {
        dimension,
        category,
        quantity,
        unit,
        unit_price,
        cost,
        price_key,
        term_months,
    } = item;
    w.raw(b"{\"dimension\":");
    w.string(dimension)?;
    w.raw(b",\"category\":");
    w.serde(category)?;
    w.raw(b",\"quantity\":");
    w.amount(quantity);
    w.raw(b",\"unit\":");
    w.string(unit)?;
    w.raw(b",\"unit_price\":");
    w.amount(unit_price);
    w.raw(b",\"cost\":");
    w.amount(cost);
    w.raw(b",\"price_key\":");
    w.string(price_key)?;
    w.raw(b",\"term_months\":");
    w.serde(term_months)?;
    w.raw(b"}");
    Ok(())
}

fn fit_note(w: &mut Writer<'_>, note: &FitNote) -> Result<(), GiveUp> {
    let FitNote { need, meets, note } = note;
    w.raw(b"{\"need\":");
    w.string(need)?;
    w.raw(b",\"meets\":");
    w.serde(meets)?;
    w.raw(b",\"note\":");
    w.string(note)?;
    w.raw(b"}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Writer, answer_fields, estimate_to_vec};
    use crate::pricing::{EstimateResponse, PriceTableRef};

    /// The bytes serde_json writes, the bytes written here by hand (without falling back to
    /// serde for the whole answer), and what `estimate_to_vec` answers, all the same.
    fn same_as_serde_json(answer: &EstimateResponse) {
        let theirs = serde_json::to_vec(answer).unwrap();
        let mut ours = Vec::new();
        answer_fields(answer, &mut Writer { out: &mut ours }).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
        assert_eq!(estimate_to_vec(answer).unwrap(), theirs);
    }

    fn answers() -> Vec<EstimateResponse> {
        let table = pricing_data::bundled()
            .into_iter()
            .find_map(|(_, json)| {
                pricing_data::parse(json, time::macros::date!(2026 - 11 - 26)).ok()
            })
            .unwrap();
        [
            r#"{}"#,
            r#"{"traffic": {"reads_per_second": "1500", "writes_per_second": "300"}}"#,
            // Reservations: upfront items, amortised lines with a term, `reservation` set.
            r#"{"horizon": {"months": 36, "commitment": "allow_3y", "upfront": "partial_upfront"}}"#,
            r#"{"horizon": {"commitment": "allow_1y", "upfront": "all_upfront"}, "caching": {"mode": "yes"}}"#,
            // Ranges: the answer has `uncertainty`.
            r#"{"traffic": {"reads_per_second": {"low": "100", "likely": "1500", "high": "9000"}}}"#,
            // No traffic at all: warnings, options that cannot be sized.
            r#"{"traffic": {"reads_per_second": "0", "writes_per_second": "0"}, "caching": {"mode": "no"}}"#,
        ]
        .into_iter()
        .map(|scenario| {
            let scenario = engine::Scenario::from_json(scenario).unwrap();
            crate::pricing::estimate(&scenario, &table, PriceTableRef::of(&table, 30)).unwrap()
        })
        .collect()
    }

    #[test]
    fn an_answer_is_written_as_serde_json_writes_it() {
        let answers = answers();
        // Each kind of value the hand-written part writes is in some answer.
        let options = || answers.iter().flat_map(|a| &a.estimate.options);
        assert!(options().any(|o| o.reservation.is_some() && !o.upfront_items.is_empty()));
        assert!(options().any(|o| !o.missing_prices.is_empty() && o.monthly.is_none()));
        assert!(options().any(|o| !o.warnings.is_empty()));
        assert!(
            options()
                .flat_map(|o| &o.line_items)
                .any(|i| i.term_months.is_some())
        );
        assert!(answers.iter().any(|a| a.estimate.uncertainty.is_some()));
        for answer in &answers {
            same_as_serde_json(answer);
        }
    }

    #[test]
    fn texts_with_characters_to_escape_are_escaped() {
        let mut answer = answers().swap_remove(2);
        let tricky = "quote \" backslash \\ newline \n tab \t \u{1} \u{2014} \u{1f680}";
        let option = &mut answer.estimate.options[0];
        option.label = tricky.to_owned().into();
        option.warnings.push(tricky.to_owned());
        option.sizing[0].reason = tricky.to_owned().into();
        option.line_items[0].dimension = tricky.to_owned().into();
        option.line_items[0].price_key = tricky.to_owned().into();
        option.fit[0].note = tricky.to_owned().into();
        answer.estimate.currency = tricky.to_owned();
        answer.price_table.name = tricky.to_owned();
        same_as_serde_json(&answer);
    }
}
