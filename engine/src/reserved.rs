//! Reservations: choosing the best allowed term and amortising its upfront fee.
//!
//! AWS rule (RDS User Guide, "Reserved DB instances for Amazon RDS"; the same model for
//! Aurora, ElastiCache reserved nodes and DynamoDB reserved capacity): a reservation is a
//! billing discount for a one- or three-year term, paid as an optional one-time upfront fee
//! plus an hourly rate charged for every hour of the term whether used or not (No Upfront:
//! hourly only; Partial Upfront: both; All Upfront: fee only).

use rust_decimal::Decimal;

use crate::prices::{MissingPrice, PriceBook, PriceKey, ReservedPart, Term};
use crate::scenario::{Commitment, UpfrontChoice};

/// A reservation's prices for one unit (instance, node, or 100 capacity units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReservedRate {
    /// Term.
    pub term: Term,
    /// Payment option.
    pub payment: UpfrontChoice,
    /// One-time fee per unit.
    pub upfront: Decimal,
    /// Hourly rate per unit.
    pub hourly: Decimal,
}

impl ReservedRate {
    /// The monthly cost of one unit with the upfront fee amortised over the term.
    pub fn amortised_monthly(&self, hours_per_month: Decimal) -> Decimal {
        amortised_monthly(self.upfront, self.term, self.hourly, hours_per_month)
    }
}

/// Monthly cost of a reservation with its upfront fee spread evenly over the term:
/// `upfront / term months + hourly × hours per month`.
///
/// AWS bills the upfront fee once at purchase and the hourly rate for every hour of the term
/// (RDS User Guide, "Reserved DB instances": "Partial Upfront ... the remainder of the
/// reserved DB instance is billed at a discounted hourly rate").
pub fn amortised_monthly(
    upfront: Decimal,
    term: Term,
    hourly: Decimal,
    hours_per_month: Decimal,
) -> Decimal {
    upfront / Decimal::from(term.months()) + hourly * hours_per_month
}

/// Terms the commitment preference allows.
pub fn allowed_terms(c: Commitment) -> &'static [Term] {
    match c {
        Commitment::OnDemandOnly => &[],
        Commitment::Allow1y => &[Term::OneYear],
        Commitment::Allow3y => &[Term::OneYear, Term::ThreeYears],
    }
}

/// The cheapest reservation (by amortised monthly cost per unit) among the allowed terms,
/// with the requested payment option. Terms whose prices the table lacks are skipped and
/// returned as missing, so the caller can warn and fall back to on-demand.
pub(crate) fn best_rate<'k>(
    prices: &dyn PriceBook,
    commitment: Commitment,
    payment: UpfrontChoice,
    key: impl Fn(Term, ReservedPart) -> PriceKey<'k>,
) -> (Option<ReservedRate>, Vec<MissingPrice>) {
    let hours = prices.hours_per_month();
    let mut best: Option<ReservedRate> = None;
    let mut missing = Vec::new();
    for &term in allowed_terms(commitment) {
        // All Upfront has no hourly rate and No Upfront no fee: a table may omit the zero.
        let upfront = match payment {
            UpfrontChoice::NoUpfront => Ok(Decimal::ZERO),
            _ => prices.price(&key(term, ReservedPart::Upfront)),
        };
        let hourly = match payment {
            UpfrontChoice::AllUpfront => Ok(Decimal::ZERO),
            _ => prices.price(&key(term, ReservedPart::Hourly)),
        };
        match (upfront, hourly) {
            (Ok(upfront), Ok(hourly)) => {
                let rate = ReservedRate {
                    term,
                    payment,
                    upfront,
                    hourly,
                };
                if best.is_none_or(|b| rate.amortised_monthly(hours) < b.amortised_monthly(hours)) {
                    best = Some(rate);
                }
            }
            (u, h) => {
                missing.extend(u.err());
                missing.extend(h.err());
            }
        }
    }
    (best, missing)
}

/// Add `count` instances (or nodes) running all month: reserved at the best allowed term when
/// that is cheaper than on-demand, else on-demand. Missing reserved prices become warnings
/// (on-demand is a valid fallback); a missing on-demand price makes the option not priced
/// unless a reservation priced it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn add_compute<'k>(
    ctx: &crate::Ctx<'_>,
    bill: &mut crate::estimate::Bill<'_>,
    head: &mut crate::estimate::OptionHead,
    label: &dyn std::fmt::Display,
    count: Decimal,
    unit: &'static str,
    on_demand: PriceKey<'k>,
    reserved: impl Fn(Term, ReservedPart) -> PriceKey<'k>,
) {
    if count <= Decimal::ZERO {
        return;
    }
    let hours = ctx.w.hours;
    let s = ctx.s;
    if s.horizon.commitment != Commitment::OnDemandOnly {
        let (rate, missing) = best_rate(
            ctx.prices,
            s.horizon.commitment,
            s.horizon.upfront,
            &reserved,
        );
        let od = ctx.prices.find(&on_demand);
        for m in missing {
            let w = format!("no reserved price for {m}; that term is not used");
            if !head.warnings.contains(&w) {
                head.warn(w);
            }
        }
        if let Some(rate) = rate
            && od.is_none_or(|od| rate.amortised_monthly(hours) < od * hours)
        {
            let payment = match rate.payment {
                UpfrontChoice::NoUpfront => "no upfront",
                UpfrontChoice::PartialUpfront => "partial upfront",
                UpfrontChoice::AllUpfront => "all upfront",
            };
            if rate.hourly > Decimal::ZERO {
                bill.add(
                    format_args!("{label}, reserved {} months {payment}", rate.term.months()),
                    crate::estimate::Category::Compute,
                    count * hours,
                    unit,
                    &reserved(rate.term, ReservedPart::Hourly),
                );
            }
            bill.add_upfront(
                label,
                count,
                "reservations",
                rate.upfront,
                &reserved(rate.term, ReservedPart::Upfront),
                rate.term,
            );
            head.reservation = Some(crate::estimate::Reservation {
                term_months: rate.term.months(),
                payment: rate.payment,
            });
            return;
        }
    }
    bill.add(
        label,
        crate::estimate::Category::Compute,
        count * hours,
        unit,
        &on_demand,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn aurora_no_upfront_billing_example() {
        // Aurora User Guide, "Reserved DB instance billing example": an Aurora MySQL
        // reserved Single-AZ db.r5.large in US East (N. Virginia), No Upfront, at $0.19 per
        // hour is $138.70 per month: 0.19 × 730 = 138.70 (no fee to amortise).
        assert_eq!(
            amortised_monthly(dec!(0), Term::OneYear, dec!(0.19), dec!(730)),
            dec!(138.70)
        );
    }

    #[test]
    fn upfront_is_spread_over_the_term() {
        // All Upfront pays the whole term at purchase and nothing hourly: a $1,200 fee for
        // a 1-year term is 1,200 / 12 = $100 a month; for 3 years, 1,200 / 36 = $33.33...
        assert_eq!(
            amortised_monthly(dec!(1200), Term::OneYear, dec!(0), dec!(730)),
            dec!(100)
        );
        // Partial Upfront: $600 over 12 months ($50) plus $0.10 × 730 h ($73) = $123.
        assert_eq!(
            amortised_monthly(dec!(600), Term::OneYear, dec!(0.10), dec!(730)),
            dec!(123)
        );
        assert_eq!(Term::ThreeYears.months(), 36);
    }

    #[test]
    fn commitment_limits_the_terms() {
        assert!(allowed_terms(Commitment::OnDemandOnly).is_empty());
        assert_eq!(allowed_terms(Commitment::Allow1y), &[Term::OneYear]);
        assert_eq!(
            allowed_terms(Commitment::Allow3y),
            &[Term::OneYear, Term::ThreeYears]
        );
    }
}
